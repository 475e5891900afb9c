import { Module } from '@nestjs/common';
import { AuctionEventsService } from './auction-events.service';

/**
 * The auctions' live events on their own, so that a module the auctions depend on (listings: a withdrawal calls a
 * scheduled auction off) can send one without a cycle. One instance of the service per application.
 */
@Module({
  providers: [AuctionEventsService],
  exports: [AuctionEventsService],
})
export class AuctionEventsModule {}
