/**
 * Price units and the total value of a listing or deal (DOMAIN.md "Total value"):
 * TOTAL → price; PER_YEAR → price × termYears; PER_MU_PER_YEAR → price × areaMu × termYears, rounded half up to
 * the fen. All arithmetic is exact: `areaMu` is read as an integer number of hundredths of a mu and multiplied in
 * `bigint`; the result is a safe-integer number of fen.
 */
import { toHundredths } from '../../common/domain/decimal';
import { assertSafeFen, isNonNegativeFen, roundHalfUp } from '../../common/domain/money';
import { PRICE_UNITS, PriceUnit } from '../../catalog/domain/category.types';

export type { PriceUnit };

export function isPriceUnit(value: unknown): value is PriceUnit {
  return typeof value === 'string' && (PRICE_UNITS as readonly string[]).includes(value);
}

export interface TotalValueInput {
  priceUnit: PriceUnit;
  /** The price in the listing's unit, in fen: a non-negative safe integer. */
  priceFen: number;
  /** Whole years; required for PER_YEAR and PER_MU_PER_YEAR, ignored for TOTAL. */
  termYears?: number | null;
  /** Area in mu, at most 2 decimals (a number or a decimal string); required for PER_MU_PER_YEAR only. */
  areaMu?: number | string | null;
}

export type TotalValueError =
  | 'UNKNOWN_PRICE_UNIT'
  | 'INVALID_PRICE'
  | 'TERM_REQUIRED'
  | 'INVALID_TERM'
  | 'AREA_REQUIRED'
  | 'INVALID_AREA'
  | 'TOTAL_TOO_LARGE';

export type TotalValueResult =
  | { ok: true; totalFen: number }
  | { ok: false; error: TotalValueError; field: 'priceUnit' | 'priceFen' | 'termYears' | 'areaMu' };

/** Is `areaMu` a positive area with at most two decimals? */
export function isValidAreaMu(areaMu: number | string): boolean {
  const hundredths = toHundredths(areaMu);
  return hundredths !== null && hundredths > 0n;
}

function isPositiveInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
}

/**
 * The total value in fen, or why it cannot be computed (with the offending field). Never throws.
 * `termYears` must be a positive integer and `areaMu` a positive number with at most 2 decimals where needed.
 */
export function computeTotalValue(input: TotalValueInput): TotalValueResult {
  const { priceUnit, priceFen, termYears, areaMu } = input;
  if (!isPriceUnit(priceUnit)) return { ok: false, error: 'UNKNOWN_PRICE_UNIT', field: 'priceUnit' };
  if (!isNonNegativeFen(priceFen)) return { ok: false, error: 'INVALID_PRICE', field: 'priceFen' };
  if (priceUnit === 'TOTAL') return { ok: true, totalFen: priceFen };

  if (termYears === undefined || termYears === null) return { ok: false, error: 'TERM_REQUIRED', field: 'termYears' };
  if (!isPositiveInteger(termYears)) return { ok: false, error: 'INVALID_TERM', field: 'termYears' };

  let total: bigint;
  if (priceUnit === 'PER_YEAR') {
    total = BigInt(priceFen) * BigInt(termYears);
  } else {
    if (areaMu === undefined || areaMu === null) return { ok: false, error: 'AREA_REQUIRED', field: 'areaMu' };
    const hundredths = toHundredths(areaMu);
    if (hundredths === null || hundredths <= 0n) return { ok: false, error: 'INVALID_AREA', field: 'areaMu' };
    total = roundHalfUp(BigInt(priceFen) * hundredths * BigInt(termYears), 100n);
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: 'TOTAL_TOO_LARGE', field: 'priceFen' };
  return { ok: true, totalFen: assertSafeFen(total) };
}

/**
 * The total value in fen (see `computeTotalValue`). For input already validated: throws a `RangeError` naming the
 * problem (e.g. `TERM_REQUIRED: termYears`) when the value cannot be computed.
 */
export function totalValueFen(input: TotalValueInput): number {
  const result = computeTotalValue(input);
  if (!result.ok) throw new RangeError(`${result.error}: ${result.field}`);
  return result.totalFen;
}
