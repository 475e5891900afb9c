/**
 * Working days (工作日) of the official Chinese calendar, in China time (Asia/Shanghai, UTC+8).
 *
 * A day is a working day when it is a make-up workday (调休上班), or a Monday-Friday that is not a public holiday.
 * Where the holiday arrangement of a year comes from (`CalendarSource`):
 * - `OFFICIAL`: the State Council's notice for the year, entered by the centre's admin (`PUT /admin/calendar/:year`,
 *   kept in `calendar_years`); it overrides the package for that year;
 * - `PACKAGE`: the data the `chinese-days` package ships (`dist/chinese-days.json`; 2004-2026 in 1.5.7);
 * - `WEEKENDS_ONLY`: neither knows the year: only weekends are off, and a period counted into such a year is
 *   provisional (`calendarProvisional: true` on the listing or deal).
 * The package data are read directly instead of through its `isWorkday()`, because that function reads dates with
 * the process's local time zone and answers wrongly west of UTC (e.g. with `TZ=America/New_York` it calls Saturday
 * 2026-10-10, a make-up workday, a holiday); here the process `TZ` never matters.
 *
 * Deadlines: `addWorkingDays(from, n)` is the earliest instant at least n FULL working days after `from`: the days
 * are counted after `from`'s China-time date (that day itself never counts, however early `from` is) and the
 * deadline is the end of the n-th of them, i.e. 00:00 UTC+8 of the following calendar day.
 * `workingDaysBetween(from, to)` counts the full working days that lie between `from` and `to`, so that for all
 * n ≥ 1: `to >= addWorkingDays(from, n)` ⇔ `workingDaysBetween(from, to) >= n`.
 *
 * Malformed arguments (an invalid Date, a non-`YYYY-MM-DD` string, a negative or fractional count) throw a
 * `RangeError`: validate input before calling.
 */
import calendarData from 'chinese-days/dist/chinese-days.json';
import { CHINA_UTC_OFFSET_MS, chinaDateOf, type IsoDate, parseIsoDate, startOfChinaDay } from './calendar-date';

export type CalendarSource = 'OFFICIAL' | 'PACKAGE' | 'WEEKENDS_ONLY';

/** One year's holiday arrangement: the days off (besides weekends) and the make-up workdays (weekend days on). */
export interface YearArrangement {
  holidays: readonly IsoDate[];
  workdays: readonly IsoDate[];
}

export interface YearCalendar extends YearArrangement {
  year: number;
  source: CalendarSource;
}

const PACKAGE_HOLIDAYS: Readonly<Record<string, string>> = calendarData.holidays;
const PACKAGE_WORKDAYS: Readonly<Record<string, string>> = calendarData.workdays;

function packageYearRange(): { first: number; last: number } {
  const years = [...Object.keys(PACKAGE_HOLIDAYS), ...Object.keys(PACKAGE_WORKDAYS)].map((d) => Number(d.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
}

/** The years the package knows (2004-2026 in `chinese-days` 1.5.7). */
export const PACKAGE_CALENDAR_YEARS: Readonly<{ first: number; last: number }> = Object.freeze(packageYearRange());

/** Years a calendar may be entered for (the dates the API accepts lie within them). */
export const CALENDAR_YEAR_RANGE = Object.freeze({ first: 1900, last: 9998 });

function toIsoDate(date: Date | IsoDate): IsoDate {
  if (date instanceof Date) return chinaDateOf(date);
  if (parseIsoDate(date) === null) throw new RangeError(`not a YYYY-MM-DD calendar date: ${String(date)}`);
  return date;
}

function requireCount(n: number, name: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer: ${n}`);
}

function requireInstant(d: Date, name: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid Date`);
  return ms;
}

// Internally days are counted as epoch day numbers (days since 1970-01-01), which keeps the loops cheap.
const DAY_MS = 24 * 60 * 60 * 1000;

function dayNumberOf(date: IsoDate): number {
  return Math.round((startOfChinaDay(date).getTime() + CHINA_UTC_OFFSET_MS) / DAY_MS);
}

function isoOfDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(dayNumber: number): boolean {
  const weekday = (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday === 0 || weekday === 6;
}

const yearOf = (iso: IsoDate): number => Number(iso.slice(0, 4));

/**
 * Why a year's arrangement cannot be right, or null: every date must be a date of that year, no date may be both
 * a holiday and a make-up workday (nor listed twice), and a make-up workday must fall on a weekend. Holidays may
 * include weekend days (a notice gives whole periods, e.g. 2月15日至23日放假调休).
 */
export function arrangementProblem(
  year: number,
  arrangement: YearArrangement,
): { field: 'holidays' | 'workdays'; message: string } | null {
  for (const field of ['holidays', 'workdays'] as const) {
    for (const d of arrangement[field]) {
      if (parseIsoDate(d) === null) return { field, message: `${d} is not a YYYY-MM-DD date` };
      if (yearOf(d) !== year) return { field, message: `${d} is not in ${year}` };
    }
    if (new Set(arrangement[field]).size !== arrangement[field].length) {
      return { field, message: 'a date is listed twice' };
    }
  }
  const both = arrangement.workdays.find((d) => arrangement.holidays.includes(d));
  if (both) return { field: 'workdays', message: `${both} is listed as both a holiday and a make-up workday` };
  const weekday = arrangement.workdays.find((d) => !isWeekend(dayNumberOf(d)));
  if (weekday) return { field: 'workdays', message: `make-up workday ${weekday} is not a weekend day` };
  return null;
}

interface YearDays {
  source: CalendarSource;
  holidays: ReadonlySet<IsoDate>;
  workdays: ReadonlySet<IsoDate>;
}

const NO_DAYS: ReadonlySet<IsoDate> = new Set();

/**
 * The working-day calendar: the package's years, overridden year by year by the centre's official entries.
 * Immutable; the `CalendarService` builds one from the database (cached briefly) and everything that counts
 * working days asks it for the current one.
 */
export class WorkingCalendar {
  private readonly years = new Map<number, YearDays>();

  constructor(official: ReadonlyMap<number, YearArrangement> = new Map()) {
    for (const [year, arrangement] of official) {
      this.years.set(year, {
        source: 'OFFICIAL',
        holidays: new Set(arrangement.holidays),
        workdays: new Set(arrangement.workdays),
      });
    }
  }

  private yearDays(year: number): YearDays {
    let days = this.years.get(year);
    if (!days) {
      const known = year >= PACKAGE_CALENDAR_YEARS.first && year <= PACKAGE_CALENDAR_YEARS.last;
      const prefix = `${year}-`;
      days = known
        ? {
            source: 'PACKAGE',
            holidays: new Set(Object.keys(PACKAGE_HOLIDAYS).filter((d) => d.startsWith(prefix))),
            workdays: new Set(Object.keys(PACKAGE_WORKDAYS).filter((d) => d.startsWith(prefix))),
          }
        : { source: 'WEEKENDS_ONLY', holidays: NO_DAYS, workdays: NO_DAYS };
      this.years.set(year, days);
    }
    return days;
  }

  sourceOf(year: number): CalendarSource {
    return this.yearDays(year).source;
  }

  /** The year's arrangement as `GET /calendar/:year` shows it (dates sorted). */
  yearCalendar(year: number): YearCalendar {
    const days = this.yearDays(year);
    return { year, source: days.source, holidays: [...days.holidays].sort(), workdays: [...days.workdays].sort() };
  }

  /**
   * The last day of the last year, in the unbroken run of years from `now`'s (China time), whose arrangement is
   * known (`OFFICIAL` or `PACKAGE`); null when not even this year's is.
   */
  knownThrough(now: Date): IsoDate | null {
    let year = yearOf(chinaDateOf(now));
    if (this.sourceOf(year) === 'WEEKENDS_ONLY') return null;
    while (year < CALENDAR_YEAR_RANGE.last && this.sourceOf(year + 1) !== 'WEEKENDS_ONLY') year += 1;
    return `${year}-12-31`;
  }

  private isWorkingDayNumber(dayNumber: number): boolean {
    const iso = isoOfDayNumber(dayNumber);
    const days = this.yearDays(yearOf(iso));
    if (days.workdays.has(iso)) return true;
    if (days.holidays.has(iso)) return false;
    return !isWeekend(dayNumber);
  }

  private nthWorkingDayNumberAfter(dayNumber: number, n: number): number {
    let day = dayNumber;
    for (let counted = 0; counted < n;) {
      day += 1;
      if (this.isWorkingDayNumber(day)) counted += 1;
    }
    return day;
  }

  /** Is this a working day? A `Date` is taken at its calendar date in China time, a string is a calendar date. */
  isWorkingDay(date: Date | IsoDate): boolean {
    return this.isWorkingDayNumber(dayNumberOf(toIsoDate(date)));
  }

  /** The n-th working day strictly after the calendar date `date` (n ≥ 1). */
  nthWorkingDayAfter(date: IsoDate, n: number): IsoDate {
    requireCount(n, 'n');
    if (n === 0) throw new RangeError('n must be at least 1');
    return isoOfDayNumber(this.nthWorkingDayNumberAfter(dayNumberOf(toIsoDate(date)), n));
  }

  /**
   * The earliest instant at least `n` full working days after `from`: 00:00 UTC+8 of the day after the n-th
   * working day that follows `from`'s China-time date. `n = 0` gives `from` (as a new Date of the same instant).
   *
   * E.g. from Wed 2026-09-30 10:00 (UTC+8), n = 1 → the next working day is Thu 2026-10-08 (1-7 October are the
   * National Day holiday) → Fri 2026-10-09 00:00 UTC+8.
   */
  addWorkingDays(from: Date, n: number): Date {
    const ms = requireInstant(from, 'from');
    requireCount(n, 'n');
    if (n === 0) return new Date(ms);
    const lastDay = this.nthWorkingDayNumberAfter(dayNumberOf(chinaDateOf(from)), n);
    return new Date((lastDay + 1) * DAY_MS - CHINA_UTC_OFFSET_MS);
  }

  /**
   * Is counting `n` working days from `from` provisional: does the count reach into a year whose arrangement is
   * unknown (`WEEKENDS_ONLY`)? Counting 0 days counts nothing and is never provisional.
   */
  isProvisional(from: Date, n: number): boolean {
    requireInstant(from, 'from');
    requireCount(n, 'n');
    if (n === 0) return false;
    const firstYear = yearOf(isoOfDayNumber(dayNumberOf(chinaDateOf(from)) + 1));
    const lastYear = yearOf(chinaDateOf(new Date(this.addWorkingDays(from, n).getTime() - 1)));
    for (let year = firstYear; year <= lastYear; year += 1) {
      if (this.sourceOf(year) === 'WEEKENDS_ONLY') return true;
    }
    return false;
  }

  /**
   * The number of full working days between `from` and `to`: the working days D with from's China date < D and
   * D's end (00:00 UTC+8 of the next day) ≤ `to`; equivalently D strictly after from's date and strictly before
   * to's date (China time). 0 when `to` is not after `from`.
   */
  workingDaysBetween(from: Date, to: Date): number {
    requireInstant(from, 'from');
    requireInstant(to, 'to');
    const last = dayNumberOf(chinaDateOf(to));
    let count = 0;
    for (let day = dayNumberOf(chinaDateOf(from)) + 1; day < last; day += 1) {
      if (this.isWorkingDayNumber(day)) count += 1;
    }
    return count;
  }

  /**
   * Does an announcement published at `now` and ending at `endsAt` last at least `minDays` full working days?
   * ⇔ `endsAt >= addWorkingDays(now, minDays)`; with `minDays = 0` it only needs `endsAt >= now` (not in the past).
   */
  announcementLongEnough(now: Date, endsAt: Date, minDays: number): boolean {
    const end = requireInstant(endsAt, 'endsAt');
    return end >= this.addWorkingDays(now, minDays).getTime();
  }
}

/** The package's calendar alone (no official entries): for code that runs without the database. */
export const PACKAGE_CALENDAR = new WorkingCalendar();
