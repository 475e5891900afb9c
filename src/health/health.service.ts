import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { HOUSEKEEPING_JOB } from '../housekeeping/housekeeping.service';
import { SchedulerService } from '../scheduler/scheduler.service';

export interface Health {
  status: 'ok' | 'error';
  database: 'up' | 'down';
  /** The last day the working-day calendar knows in an unbroken run from this year (null: not even this year). */
  calendar: { knownThrough: string | null };
  housekeeping: { lastRunAt: Date | null };
}

/** How often each instance probes its database. */
export const PROBE_INTERVAL_MS = 1000;
/** A probe older than this (it hangs, or the timer stalls) counts as the database being down. */
const PROBE_STALE_MS = 3000;
/** A probe that takes longer than this counts as the database being down. */
const PROBE_TIMEOUT_MS = 3000;

interface Probe {
  at: number;
  up: boolean;
  housekeepingLastRunAt: Date | null;
  /** By the platform clock and the centre's calendar, as of the probe. */
  calendarKnownThrough: string | null;
}

/**
 * The instance's health, kept by a probe of the database every second (one small query, which also reads the last
 * housekeeping run). `GET /health` answers from the latest probe without a round trip of its own, so it stays fast
 * when the server is busy (e.g. refusing hostile bodies) and monitoring cannot add load to the database; the state
 * it shows is at most PROBE_STALE_MS old.
 */
@Injectable()
export class HealthService implements OnModuleInit {
  private latest?: Probe;
  private probing?: Promise<Probe>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerService,
    private readonly calendar: CalendarService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'health-probe',
      everyMs: PROBE_INTERVAL_MS,
      scope: 'instance',
      run: async () => void (await this.probe()),
    });
  }

  async health(now = Date.now()): Promise<Health> {
    // before the first probe (or when probes stopped coming), wait for one
    const probe = this.latest && now - this.latest.at < PROBE_STALE_MS ? this.latest : await this.probe();
    const calendar = { knownThrough: probe.calendarKnownThrough };
    return probe.up
      ? { status: 'ok', database: 'up', calendar, housekeeping: { lastRunAt: probe.housekeepingLastRunAt } }
      : { status: 'error', database: 'down', calendar, housekeeping: { lastRunAt: null } };
  }

  /** One probe at a time; its result becomes the latest. */
  private probe(): Promise<Probe> {
    this.probing ??= this.query()
      .then((probe) => (this.latest = probe))
      .finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async query(): Promise<Probe> {
    const at = Date.now();
    try {
      const rows = (await withTimeout(
        this.dataSource.query(
          `SELECT platform_now() AS now, (SELECT last_finished_at FROM scheduled_jobs WHERE name = $1) AS last_finished_at`,
          [HOUSEKEEPING_JOB],
        ),
        PROBE_TIMEOUT_MS,
      )) as { now: Date; last_finished_at: Date | null }[];
      // the calendar is cached by the service: at most one more small query every few seconds
      const calendar = await withTimeout(this.calendar.current(), PROBE_TIMEOUT_MS);
      return {
        at,
        up: true,
        housekeepingLastRunAt: rows[0]?.last_finished_at ?? null,
        calendarKnownThrough: calendar.knownThrough(new Date(rows[0].now)),
      };
    } catch {
      return { at, up: false, housekeepingLastRunAt: null, calendarKnownThrough: null };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
