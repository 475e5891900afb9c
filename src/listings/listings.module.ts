import { Module } from '@nestjs/common';
import { AuctionEventsModule } from '../auctions/auction-events.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ListingsController } from './listings.controller';
import { ListingsService } from './listings.service';

@Module({
  imports: [LedgerModule, AuctionEventsModule],
  controllers: [ListingsController],
  providers: [ListingsService],
  exports: [ListingsService],
})
export class ListingsModule {}
