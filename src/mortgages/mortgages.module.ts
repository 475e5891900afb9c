import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { MortgagesController } from './mortgages.controller';
import { MortgagesService } from './mortgages.service';

/** Mortgage registration of traded rights (抵押登记); `encumbrance.ts` answers what rests on a certified right. */
@Module({
  imports: [DocumentsModule],
  controllers: [MortgagesController],
  providers: [MortgagesService],
  exports: [MortgagesService],
})
export class MortgagesModule {}
