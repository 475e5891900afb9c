import { Module } from '@nestjs/common';
import { OversightService } from './oversight.service';

/** 监管: what the supervisor desk reads beyond the statistics (anomalies). */
@Module({ providers: [OversightService], exports: [OversightService] })
export class OversightModule {}
