import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { ListingsModule } from '../listings/listings.module';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';

@Module({
  imports: [ListingsModule, DealsModule],
  controllers: [PublicController],
  providers: [PublicService],
  exports: [PublicService],
})
export class PublicModule {}
