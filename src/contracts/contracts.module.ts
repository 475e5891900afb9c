import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module';
import { DealsModule } from '../deals/deals.module';
import { LedgerModule } from '../ledger/ledger.module';
import { RegistersModule } from '../registers/registers.module';
import { ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';

@Module({
  imports: [DealsModule, LedgerModule, CertificatesModule, RegistersModule],
  controllers: [ContractsController],
  providers: [ContractsService],
  exports: [ContractsService],
})
export class ContractsModule {}
