/**
 * The term (期限) of a transfer: whole years from a start date (the handover). A term starting on `startDate` ends on
 * the day before its `termYears`-th anniversary (`2027-01-01` + 10 years → `2036-12-31`; a start on 29 February ends
 * on 27 February, or 28 February in a leap year), so ten years are ten years, not a day more. A term ending on or
 * before the end of the seller's right (`rightEndsOn`, or an IP's `validUntil`) is fine.
 */
import { addDays, addYears, type IsoDate, isValidIsoDate } from '../../common/domain/calendar-date';

function isPositiveInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
}

/**
 * The end date of a term of `termYears` (a positive integer) starting on `startDate` (`YYYY-MM-DD`).
 * Throws a `RangeError` for a malformed date or term.
 */
export function termEndDate(startDate: IsoDate, termYears: number): IsoDate {
  if (!isPositiveInteger(termYears)) throw new RangeError(`termYears must be a positive integer: ${termYears}`);
  return addDays(addYears(startDate, termYears), -1);
}

/**
 * Does the term run past the end of the right (`422 TERM_EXCEEDS_RIGHT`)? True iff
 * `termEndDate(startDate, termYears) > rightEndsOn`. Malformed arguments (not `YYYY-MM-DD`, a term that is not a
 * positive integer) answer `true`, the rejecting answer.
 */
export function termExceedsRight(startDate: IsoDate, termYears: number, rightEndsOn: IsoDate): boolean {
  if (!isValidIsoDate(startDate) || !isValidIsoDate(rightEndsOn) || !isPositiveInteger(termYears)) return true;
  return termEndDate(startDate, termYears) > rightEndsOn;
}

/**
 * Is the term longer than the category's maximum (`422 TERM_EXCEEDS_LIMIT`)? `maxTermYears` absent → no limit.
 * A term that is not a positive integer answers `true`, the rejecting answer.
 */
export function termExceedsLimit(termYears: number, maxTermYears?: number | null): boolean {
  if (!isPositiveInteger(termYears)) return true;
  if (maxTermYears === undefined || maxTermYears === null) return false;
  return termYears > maxTermYears;
}
