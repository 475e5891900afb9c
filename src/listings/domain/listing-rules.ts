/**
 * Business rules of a listing (DOMAIN.md §1-2), as pure predicates over integer fen and exact decimals.
 * Every default is the centre's default configuration; callers pass configured values.
 *
 * The predicates never throw: malformed arguments (non-integer or negative amounts, bad rates) give the
 * rejecting answer, documented per function. The total value, the term and the collective resolution live in
 * their own files and are re-exported here.
 */
import { toHundredths } from '../../common/domain/decimal';
import { isNonNegativeFen } from '../../common/domain/money';

export * from './total-value';
export * from './term';
export * from './collective-resolution';

const BP = 10_000n;

function isBp(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= 10_000;
}

/**
 * Does the deposit lie within [minBp, maxBp] of the total reserve value, bounds included
 * (`deposit × 10000 ≥ total × minBp` and `deposit × 10000 ≤ total × maxBp`, exact)? Default 10%-30%
 * (`422 DEPOSIT_OUT_OF_RANGE`). Malformed arguments → `false`.
 */
/** The deposit's bounds (DOMAIN.md): 10 %-30 % of the total, in basis points. */
export const DEPOSIT_MIN_BP = 1000;
export const DEPOSIT_MAX_BP = 3000;

export function depositInRange(
  depositFen: number,
  totalFen: number,
  minBp = DEPOSIT_MIN_BP,
  maxBp = DEPOSIT_MAX_BP,
): boolean {
  if (!isNonNegativeFen(depositFen) || !isNonNegativeFen(totalFen) || !isBp(minBp) || !isBp(maxBp)) return false;
  const deposit = BigInt(depositFen) * BP;
  const total = BigInt(totalFen);
  return deposit >= total * BigInt(minBp) && deposit <= total * BigInt(maxBp);
}

export interface LargeDealThresholds {
  /** Total reserve value in fen from which a deal is large (inclusive). */
  totalFen: number;
  /** Area in mu from which a deal is large (inclusive), at most 2 decimals. */
  areaMu: number;
}

/** 1,000,000 元 or 500 mu. */
export const DEFAULT_LARGE_DEAL_THRESHOLDS: Readonly<LargeDealThresholds> = Object.freeze({
  totalFen: 100_000_000,
  areaMu: 500,
});

/**
 * Is this a large deal that needs two approvals by two different clerks: total reserve value ≥ the threshold
 * (default 1,000,000 元 = 100,000,000 fen) or area ≥ the threshold (default 500 mu), compared exactly?
 * `areaMu` absent → only the value counts. Malformed values (and thresholds) → `true`: the stricter review.
 */
export function isLargeDeal(
  totalFen: number,
  areaMu?: number | string | null,
  thresholds: Partial<LargeDealThresholds> = DEFAULT_LARGE_DEAL_THRESHOLDS,
): boolean {
  const limits = { ...DEFAULT_LARGE_DEAL_THRESHOLDS, ...thresholds };
  const areaLimit = toHundredths(limits.areaMu);
  if (!isNonNegativeFen(totalFen) || !isNonNegativeFen(limits.totalFen) || areaLimit === null) return true;
  if (totalFen >= limits.totalFen) return true;
  if (areaMu === undefined || areaMu === null) return false;
  const area = toHundredths(areaMu);
  return area === null || area >= areaLimit;
}

/**
 * Is the total reserve value at least `minBp` of the appraised value (default 90%;
 * `reserve × 10000 ≥ appraised × minBp`, exact)? No appraisal given → `true` (`422 RESERVE_BELOW_APPRAISAL`
 * otherwise). Malformed arguments → `false`.
 */
export function reserveMeetsAppraisal(
  reserveTotalFen: number,
  appraisedValueFen: number | null | undefined,
  minBp = 9000,
): boolean {
  if (appraisedValueFen === undefined || appraisedValueFen === null) return isNonNegativeFen(reserveTotalFen);
  if (!isNonNegativeFen(reserveTotalFen) || !isNonNegativeFen(appraisedValueFen) || !isBp(minBp)) return false;
  return BigInt(reserveTotalFen) * BP >= BigInt(appraisedValueFen) * BigInt(minBp);
}

/**
 * May a failed listing be relisted at `newReserveFen`: at most `maxCutBp` (default 20%) below the old reserve,
 * i.e. `new × 10000 ≥ old × (10000 − maxCutBp)`, exact (raising the reserve is always allowed)?
 * Otherwise `422 PRICE_CUT_TOO_LARGE`. Malformed arguments → `false`.
 */
export function relistCutAllowed(oldReserveFen: number, newReserveFen: number, maxCutBp = 2000): boolean {
  if (!isNonNegativeFen(oldReserveFen) || !isNonNegativeFen(newReserveFen) || !isBp(maxCutBp)) return false;
  return BigInt(newReserveFen) * BP >= BigInt(oldReserveFen) * (BP - BigInt(maxCutBp));
}
