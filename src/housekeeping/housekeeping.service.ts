import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuthService } from '../accounts/auth.service';
import { AuctionsService } from '../auctions/auctions.service';
import { RateLimitsService } from '../common/rate-limit/rate-limits.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { JobRun, SchedulerService } from '../scheduler/scheduler.service';

export const HOUSEKEEPING_JOB = 'housekeeping';
/** How often the purges run (once across all instances). */
export const HOUSEKEEPING_INTERVAL_MS = 10 * 60 * 1000;
/** Rate events are kept this long: longer than the longest limit window (registrations: one hour). */
const RATE_EVENTS_KEPT_SECONDS = 24 * 3600;

/**
 * Housekeeping (once per period across instances): deletes what no rule needs any more, each by the module that owns
 * it: idempotency keys past their 7 days, expired refresh tokens, old rate events (failed logins, registrations) and
 * bid-attempt counters. Its last run shows in `/health`.
 */
@Injectable()
export class HousekeepingService implements OnModuleInit {
  constructor(
    private readonly scheduler: SchedulerService,
    private readonly idempotency: IdempotencyService,
    private readonly auth: AuthService,
    private readonly rateLimits: RateLimitsService,
    private readonly auctions: AuctionsService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: HOUSEKEEPING_JOB,
      everyMs: HOUSEKEEPING_INTERVAL_MS,
      scope: 'cluster',
      run: () => this.purge(),
    });
  }

  async purge(): Promise<Record<string, number>> {
    return {
      idempotencyKeys: await this.idempotency.purgeExpired(),
      refreshTokens: await this.auth.purgeExpiredTokens(),
      rateEvents: await this.rateLimits.purge(RATE_EVENTS_KEPT_SECONDS),
      bidRateCounters: await this.auctions.purgeRateCounters(),
    };
  }

  lastRun(): Promise<JobRun | null> {
    return this.scheduler.lastRun(HOUSEKEEPING_JOB);
  }
}
