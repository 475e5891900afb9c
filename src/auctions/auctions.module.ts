import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ListingsModule } from '../listings/listings.module';
import { AuctionEventsModule } from './auction-events.module';
import { AuctionLifecycleService } from './auction-lifecycle.service';
import { AuctionsController } from './auctions.controller';
import { AuctionsService } from './auctions.service';

@Module({
  imports: [ListingsModule, LedgerModule, DealsModule, AuctionEventsModule],
  controllers: [AuctionsController],
  providers: [AuctionsService, AuctionLifecycleService],
  exports: [AuctionLifecycleService, AuctionsService, AuctionEventsModule],
})
export class AuctionsModule {}
