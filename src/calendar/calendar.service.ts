import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth/auth.decorators';
import { platformNow } from '../common/database/platform-clock';
import { validationFailed } from '../common/errors/validation';
import {
  arrangementProblem,
  WorkingCalendar,
  type YearArrangement,
  type YearCalendar,
} from '../common/domain/working-days';

/** How long an instance keeps the calendar it read: an admin's change reaches every instance within this. */
const CACHE_MS = 5000;

interface CalendarRow {
  year: number;
  holidays: string[];
  workdays: string[];
}

/**
 * The working-day calendar the platform counts by: the `chinese-days` package's years, overridden by the State
 * Council notices the centre's admin entered (`calendar_years`). Everything that counts working days (the
 * announcement, the publicity, the signing period) asks `current()` for it.
 */
@Injectable()
export class CalendarService {
  private cached?: { at: number; calendar: WorkingCalendar };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The calendar as the database holds it (read at most every few seconds). */
  async current(em: EntityManager = this.dataSource.manager): Promise<WorkingCalendar> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.calendar;
    const rows = (await em.query(
      `SELECT year, holidays::text[] AS holidays, workdays::text[] AS workdays FROM calendar_years`,
    )) as CalendarRow[];
    const calendar = new WorkingCalendar(
      new Map(rows.map((r) => [Number(r.year), { holidays: r.holidays, workdays: r.workdays }])),
    );
    this.cached = { at: now, calendar };
    return calendar;
  }

  async year(year: number): Promise<YearCalendar> {
    return (await this.current()).yearCalendar(year);
  }

  /** Replaces the year's arrangement with the admin's entry of the State Council notice (audited). */
  async enter(caller: AuthUser, year: number, arrangement: YearArrangement): Promise<YearCalendar> {
    const problem = arrangementProblem(year, arrangement);
    const holidays = [...arrangement.holidays].sort();
    const workdays = [...arrangement.workdays].sort();
    if (problem) throw validationFailed([problem]);
    await this.dataSource.transaction(async (em) => {
      const before = (await em.query(
        `SELECT holidays::text[] AS holidays, workdays::text[] AS workdays FROM calendar_years WHERE year = $1 FOR UPDATE`,
        [year],
      )) as CalendarRow[];
      await em.query(
        `INSERT INTO calendar_years (year, holidays, workdays, updated_by, updated_at)
         VALUES ($1, $2::date[], $3::date[], $4, $5)
         ON CONFLICT (year) DO UPDATE SET holidays = EXCLUDED.holidays, workdays = EXCLUDED.workdays,
           updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [year, holidays, workdays, caller.id, await platformNow(em)],
      );
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'calendar.entered',
        entityType: 'calendar_year',
        entityId: String(year),
        details: { holidays, workdays, replaced: before[0] ?? null },
      });
    });
    this.cached = undefined;
    return this.year(year);
  }
}
