import { Module } from '@nestjs/common';
import { AppConfig } from '../config/runtime';
import { ContractsModule } from '../contracts/contracts.module';
import { ListingsModule } from '../listings/listings.module';
import { DocumentStorage, LocalDocumentStorage } from './document-storage';
import { ContractDocumentsController, DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

@Module({
  imports: [ListingsModule, ContractsModule],
  controllers: [DocumentsController, ContractDocumentsController],
  exports: [DocumentsService],
  providers: [
    DocumentsService,
    {
      provide: DocumentStorage,
      inject: [AppConfig],
      useFactory: (c: AppConfig) => new LocalDocumentStorage(c.DATA_DIR),
    },
  ],
})
export class DocumentsModule {}
