import { Global, Module } from '@nestjs/common';
import { RateLimitsService } from './rate-limits.service';

/** Per-client limits shared by every instance (failed logins, registrations). Global: any module may count. */
@Global()
@Module({ providers: [RateLimitsService], exports: [RateLimitsService] })
export class RateLimitsModule {}
