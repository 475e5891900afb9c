/**
 * Calendar dates (`YYYY-MM-DD`, no time, no zone) and China time (Asia/Shanghai = UTC+8, no DST since 1991).
 *
 * Everything here is computed with UTC arithmetic on explicit offsets: the process time zone (`TZ`) never matters.
 * Malformed arguments (not a real `YYYY-MM-DD` date, an invalid `Date`) are programmer errors and throw a
 * `RangeError`; the `parse`/`isValid` functions are the non-throwing way to judge input.
 */

/** A calendar date written `YYYY-MM-DD` (ISO 8601 extended, 4-digit year). */
export type IsoDate = string;

export interface CalendarDate {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
}

/** China Standard Time offset from UTC, in milliseconds (UTC+8). */
export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcMidnightMs(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years 0-99 literal, unlike Date.UTC
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatUtcMs(ms: number): IsoDate {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Is `year` a Gregorian leap year? */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Is (year, month, day) a real Gregorian date with a year in 1..9999? */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Parses a strict `YYYY-MM-DD` real calendar date; `null` for anything else (e.g. `2026-02-30`, `2026-2-3`). */
export function parseIsoDate(value: string): CalendarDate | null {
  if (typeof value !== 'string') return null;
  const m = ISO_DATE_RE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

/** Is `value` a strict `YYYY-MM-DD` real calendar date? */
export function isValidIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/**
 * The dates the API accepts anywhere (API.md): a real date no earlier than this and no later than
 * LATEST_ACCEPTED_DATE, so that any date arithmetic on input (a day after, a term of years) stays within 1..9999.
 */
export const EARLIEST_ACCEPTED_DATE: IsoDate = '1900-01-01';
export const LATEST_ACCEPTED_DATE: IsoDate = '9998-12-31';

/** Is `value` a real `YYYY-MM-DD` date within the accepted range? (ISO dates compare as strings.) */
export function isAcceptedIsoDate(value: unknown): value is IsoDate {
  return (
    typeof value === 'string' &&
    isValidIsoDate(value) &&
    value >= EARLIEST_ACCEPTED_DATE &&
    value <= LATEST_ACCEPTED_DATE
  );
}

/** Is `instant` within the accepted range (its UTC date between the accepted dates)? */
export function isAcceptedInstant(instant: Date): boolean {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) return false;
  return (
    ms >= Date.parse(`${EARLIEST_ACCEPTED_DATE}T00:00:00Z`) &&
    ms < Date.parse(`${LATEST_ACCEPTED_DATE}T00:00:00Z`) + DAY_MS
  );
}

function requireIsoDate(value: IsoDate): CalendarDate {
  const parsed = parseIsoDate(value);
  if (!parsed) throw new RangeError(`not a YYYY-MM-DD calendar date: ${String(value)}`);
  return parsed;
}

function requireValidInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return ms;
}

/** The calendar date, in China time (UTC+8), of an instant. */
export function chinaDateOf(instant: Date): IsoDate {
  return formatUtcMs(requireValidInstant(instant) + CHINA_UTC_OFFSET_MS);
}

/** The instant 00:00 China time (UTC+8) of a calendar date, e.g. `2026-10-01` → `2026-09-30T16:00:00.000Z`. */
export function startOfChinaDay(date: IsoDate): Date {
  const { year, month, day } = requireIsoDate(date);
  return new Date(utcMidnightMs(year, month, day) - CHINA_UTC_OFFSET_MS);
}

/** `date` plus `days` calendar days (negative allowed). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = requireIsoDate(date);
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  return formatUtcMs(utcMidnightMs(year, month, day) + days * DAY_MS);
}

/**
 * `date` plus `years` calendar years (negative allowed). 29 February in a year that lands on a common year
 * becomes 28 February (the term never grows past the anniversary).
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const { year, month, day } = requireIsoDate(date);
  if (!Number.isSafeInteger(years)) throw new RangeError(`years must be an integer: ${years}`);
  const y = year + years;
  if (y < 1 || y > 9999) throw new RangeError(`year out of range: ${y}`);
  return `${pad(y, 4)}-${pad(month, 2)}-${pad(Math.min(day, daysInMonth(y, month)), 2)}`;
}

/**
 * `date` plus `months` calendar months; a day the target month lacks becomes its last day (31 January + 1 month =
 * 28 or 29 February).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = requireIsoDate(date);
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  if (y < 1 || y > 9999) throw new RangeError(`year out of range: ${y}`);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(Math.min(day, daysInMonth(y, m)), 2)}`;
}

/** Calendar days from `a` to `b` (`b` − `a`; negative when `b` is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const x = requireIsoDate(a);
  const y = requireIsoDate(b);
  return Math.round((utcMidnightMs(y.year, y.month, y.day) - utcMidnightMs(x.year, x.month, x.day)) / DAY_MS);
}

/** Day of the week of a calendar date: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  const { year, month, day } = requireIsoDate(date);
  return new Date(utcMidnightMs(year, month, day)).getUTCDay();
}

/** Negative, zero or positive as `a` is before, equal to or after `b` (both `YYYY-MM-DD`). */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  requireIsoDate(a);
  requireIsoDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
