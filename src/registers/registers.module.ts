import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { DivisionsModule } from '../divisions/divisions.module';
import { FilingsController } from './filings.controller';
import { FilingsService } from './filings.service';

/** Filing (备案) of land contracts in force and the villages' transfer registers (流转台账), DOMAIN.md §2 step 12. */
@Module({
  imports: [AccountsModule, DivisionsModule],
  controllers: [FilingsController],
  providers: [FilingsService],
  exports: [FilingsService],
})
export class RegistersModule {}
