import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ListingsModule } from '../listings/listings.module';
import { AuctionEventsService } from './auction-events.service';
import { AuctionLifecycleService } from './auction-lifecycle.service';
import { AuctionsController } from './auctions.controller';
import { AuctionsService } from './auctions.service';

@Module({
  imports: [ListingsModule, LedgerModule, DealsModule],
  controllers: [AuctionsController],
  providers: [AuctionsService, AuctionEventsService, AuctionLifecycleService],
  exports: [AuctionLifecycleService, AuctionsService, AuctionEventsService],
})
export class AuctionsModule {}
