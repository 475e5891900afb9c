import { DynamicModule, Module } from '@nestjs/common';
import { ClockController } from './clock.controller';
import { ClockService } from './clock.service';

/** The test clock: its endpoints exist only with TEST_CLOCK=true (refused at start with NODE_ENV=production). */
@Module({})
export class ClockModule {
  static register(testClock: boolean): DynamicModule {
    return { module: ClockModule, controllers: testClock ? [ClockController] : [], providers: [ClockService] };
  }
}
