import { Global, Module } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyService } from './idempotency.service';

/**
 * Idempotency-Key support. Global so that `@Idempotent()` (which applies IdempotencyInterceptor to a handler) works
 * in any module without importing this one: the interceptor is instantiated in the controller's module and finds
 * IdempotencyService here.
 */
@Global()
@Module({
  providers: [IdempotencyService, IdempotencyInterceptor],
  exports: [IdempotencyService, IdempotencyInterceptor],
})
export class IdempotencyModule {}
