/**
 * Working days (工作日) of the official Chinese calendar, in China time (Asia/Shanghai, UTC+8).
 *
 * A day is a working day when it is a make-up workday (调休上班), or a Monday-Friday that is not a public holiday.
 * The holiday and make-up data are those the `chinese-days` package ships (`dist/chinese-days.json`, the State
 * Council's yearly notices; see `OFFICIAL_CALENDAR_YEARS` for the years covered). Years outside it fall back to
 * plain Monday-Friday. The data are read directly instead of through the package's `isWorkday()`, because that
 * function reads dates with the process's local time zone and answers wrongly west of UTC (e.g. with
 * `TZ=America/New_York` it calls Saturday 2026-10-10, a make-up workday, a holiday); here the process `TZ` never
 * matters.
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

const HOLIDAYS: Readonly<Record<string, string>> = calendarData.holidays;
const MAKE_UP_WORKDAYS: Readonly<Record<string, string>> = calendarData.workdays;

function yearRange(): { first: number; last: number } {
  const years = [...Object.keys(HOLIDAYS), ...Object.keys(MAKE_UP_WORKDAYS)].map((d) => Number(d.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
}

/** The years for which the official holiday arrangement is known (from `chinese-days`; 2004-2026 in 1.5.7). */
export const OFFICIAL_CALENDAR_YEARS: Readonly<{ first: number; last: number }> = Object.freeze(yearRange());

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

/** Is the official holiday arrangement of this date's year known (else only weekends are off)? */
export function isOfficialCalendarKnown(date: Date | IsoDate): boolean {
  const year = Number(toIsoDate(date).slice(0, 4));
  return year >= OFFICIAL_CALENDAR_YEARS.first && year <= OFFICIAL_CALENDAR_YEARS.last;
}

// Internally days are counted as epoch day numbers (days since 1970-01-01), which keeps the loops cheap.
const DAY_MS = 24 * 60 * 60 * 1000;

function dayNumberOf(date: IsoDate): number {
  return Math.round((startOfChinaDay(date).getTime() + CHINA_UTC_OFFSET_MS) / DAY_MS);
}

function isoOfDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

function isWorkingDayNumber(dayNumber: number): boolean {
  const iso = isoOfDayNumber(dayNumber);
  if (MAKE_UP_WORKDAYS[iso] !== undefined) return true;
  if (HOLIDAYS[iso] !== undefined) return false;
  const weekday = (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday !== 0 && weekday !== 6;
}

function nthWorkingDayNumberAfter(dayNumber: number, n: number): number {
  let day = dayNumber;
  for (let counted = 0; counted < n;) {
    day += 1;
    if (isWorkingDayNumber(day)) counted += 1;
  }
  return day;
}

/**
 * Is this a working day? A `Date` is taken at its calendar date in China time (UTC+8), a string is a calendar date.
 */
export function isWorkingDay(date: Date | IsoDate): boolean {
  return isWorkingDayNumber(dayNumberOf(toIsoDate(date)));
}

/** The n-th working day strictly after the calendar date `date` (n ≥ 1). */
export function nthWorkingDayAfter(date: IsoDate, n: number): IsoDate {
  requireCount(n, 'n');
  if (n === 0) throw new RangeError('n must be at least 1');
  return isoOfDayNumber(nthWorkingDayNumberAfter(dayNumberOf(toIsoDate(date)), n));
}

/**
 * The earliest instant at least `n` full working days after `from`: 00:00 UTC+8 of the day after the n-th working
 * day that follows `from`'s China-time date. `n = 0` gives `from` (as a new Date of the same instant).
 *
 * E.g. from Wed 2026-09-30 10:00 (UTC+8), n = 1 → the next working day is Thu 2026-10-08 (1-7 October are the
 * National Day holiday) → Fri 2026-10-09 00:00 UTC+8.
 */
export function addWorkingDays(from: Date, n: number): Date {
  const ms = requireInstant(from, 'from');
  requireCount(n, 'n');
  if (n === 0) return new Date(ms);
  const lastDay = nthWorkingDayNumberAfter(dayNumberOf(chinaDateOf(from)), n);
  return new Date((lastDay + 1) * DAY_MS - CHINA_UTC_OFFSET_MS);
}

/**
 * The number of full working days between `from` and `to`: the working days D with from's China date < D and
 * D's end (00:00 UTC+8 of the next day) ≤ `to`; equivalently D strictly after from's date and strictly before
 * to's date (China time). 0 when `to` is not after `from`.
 */
export function workingDaysBetween(from: Date, to: Date): number {
  requireInstant(from, 'from');
  requireInstant(to, 'to');
  const last = dayNumberOf(chinaDateOf(to));
  let count = 0;
  for (let day = dayNumberOf(chinaDateOf(from)) + 1; day < last; day += 1) {
    if (isWorkingDayNumber(day)) count += 1;
  }
  return count;
}

/**
 * Does an announcement published at `now` and ending at `endsAt` last at least `minDays` full working days?
 * ⇔ `endsAt >= addWorkingDays(now, minDays)`; with `minDays = 0` it only needs `endsAt >= now` (not in the past).
 */
export function announcementLongEnough(now: Date, endsAt: Date, minDays: number): boolean {
  const end = requireInstant(endsAt, 'endsAt');
  return end >= addWorkingDays(now, minDays).getTime();
}
