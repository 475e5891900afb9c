import { Module } from '@nestjs/common';
import { AuctionsModule } from '../auctions/auctions.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ListingsModule } from '../listings/listings.module';
import { InterventionsController } from './interventions.controller';
import { InterventionsService } from './interventions.service';

/** Suspension, resumption and termination of a running trade, and objections to a listing's announcement. */
@Module({
  imports: [ListingsModule, LedgerModule, AuctionsModule],
  controllers: [InterventionsController],
  providers: [InterventionsService],
  exports: [InterventionsService],
})
export class InterventionsModule {}
