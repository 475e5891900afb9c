import { Global, Module } from '@nestjs/common';
import { SchedulerService } from './scheduler.service';

/** Background work in one place: every module registers its periodic tasks with SchedulerService. */
@Global()
@Module({ providers: [SchedulerService], exports: [SchedulerService] })
export class SchedulerModule {}
