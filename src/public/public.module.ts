import { Module } from '@nestjs/common';
import { ListingsModule } from '../listings/listings.module';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';

@Module({ imports: [ListingsModule], controllers: [PublicController], providers: [PublicService] })
export class PublicModule {}
