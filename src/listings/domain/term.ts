/**
 * The term (期限) of a transfer: whole years from a start date. A term starting on `startDate` ends on the same
 * calendar day `termYears` years later (`2026-03-01` + 10 → `2036-03-01`; 29 February → 28 February in a common
 * year). A term ending on or before the end of the seller's right (`rightEndsOn`, or an IP's `validUntil`) is fine.
 */
import { addYears, type IsoDate, isValidIsoDate } from '../../common/domain/calendar-date';

function isPositiveInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
}

/**
 * The end date of a term of `termYears` (a positive integer) starting on `startDate` (`YYYY-MM-DD`).
 * Throws a `RangeError` for a malformed date or term.
 */
export function termEndDate(startDate: IsoDate, termYears: number): IsoDate {
  if (!isPositiveInteger(termYears)) throw new RangeError(`termYears must be a positive integer: ${termYears}`);
  return addYears(startDate, termYears);
}

/**
 * Does the term run past the end of the right (`422 TERM_EXCEEDS_RIGHT`)? True iff
 * `termEndDate(startDate, termYears) > rightEndsOn`. Malformed arguments (not `YYYY-MM-DD`, a term that is not a
 * positive integer) answer `true`, the rejecting answer.
 */
export function termExceedsRight(startDate: IsoDate, termYears: number, rightEndsOn: IsoDate): boolean {
  if (!isValidIsoDate(startDate) || !isValidIsoDate(rightEndsOn) || !isPositiveInteger(termYears)) return true;
  const end = addYears(startDate, termYears);
  return end > rightEndsOn;
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
