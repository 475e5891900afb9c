import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuctionsModule } from '../auctions/auctions.module';
import { HousekeepingService } from './housekeeping.service';

@Module({
  imports: [AccountsModule, AuctionsModule],
  providers: [HousekeepingService],
  exports: [HousekeepingService],
})
export class HousekeepingModule {}
