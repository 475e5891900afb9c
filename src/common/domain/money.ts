/**
 * Money in integer fen (分; 1 元 = 100 fen). Never floats.
 *
 * Amounts cross module boundaries as JavaScript `number`s that must be safe integers (|n| ≤ 2^53 − 1 ≈ 90 trillion
 * 元, far beyond any deal). Every product of two amounts, of an amount and a rate, or of an amount and an area
 * can exceed 2^53, so such arithmetic is done in `bigint` and converted back with `assertSafeFen`, which throws when
 * the result does not fit. Rates are basis points (bp, 1/10000): 1.3% = 130 bp, 20% = 2000 bp.
 *
 * Malformed arguments (a non-integer amount, a negative value where only non-negative ones make sense) are
 * programmer errors and throw a `RangeError`; the `is...` guards are the non-throwing way to judge input.
 */

/** Denominator of a rate in basis points. */
export const BP_PER_UNIT = 10_000;

const BIG_BP_PER_UNIT = 10_000n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Is `n` an amount of fen a `number` can carry exactly (a safe integer, any sign)? */
export function isSafeFen(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/** Is `n` a safe, non-negative integer amount of fen? */
export function isNonNegativeFen(n: unknown): n is number {
  return isSafeFen(n) && n >= 0;
}

/**
 * Returns `n` as a `number` if it is a safe integer (a `bigint` within ±(2^53 − 1), or an integer `number` within
 * it); throws a `RangeError` otherwise. Use it on every bigint result before handing it out as fen.
 */
export function assertSafeFen(n: number | bigint): number {
  if (typeof n === 'bigint') {
    if (n > MAX_SAFE || n < -MAX_SAFE) throw new RangeError(`amount of fen exceeds the safe integer range: ${n}`);
    return Number(n);
  }
  if (!isSafeFen(n)) throw new RangeError(`amount of fen is not a safe integer: ${String(n)}`);
  return n;
}

/** `n` (a safe integer number of fen) as a `bigint`; throws a `RangeError` for anything else. */
export function toBigFen(n: number): bigint {
  return BigInt(assertSafeFen(n));
}

/**
 * `numerator / denominator` rounded half up (0.5 → 1) to an integer, for `numerator ≥ 0` and `denominator > 0`.
 * Throws a `RangeError` otherwise.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n) throw new RangeError('roundHalfUp: numerator must be non-negative');
  if (denominator <= 0n) throw new RangeError('roundHalfUp: denominator must be positive');
  return (2n * numerator + denominator) / (2n * denominator);
}

function requireBp(bp: number, name = 'bp'): bigint {
  if (!Number.isSafeInteger(bp) || bp < 0) throw new RangeError(`${name} must be a non-negative integer: ${bp}`);
  return BigInt(bp);
}

/**
 * `amountFen × bp / 10000`, rounded half up to the fen (e.g. a fee: `applyBasisPoints(50_000_000, 130)` = 650000).
 * `amountFen` must be a non-negative safe integer, `bp` a non-negative integer; throws a `RangeError` otherwise or
 * if the result is not safe.
 */
export function applyBasisPoints(amountFen: number, bp: number): number {
  if (!isNonNegativeFen(amountFen)) throw new RangeError(`amountFen must be a non-negative safe integer: ${amountFen}`);
  return assertSafeFen(roundHalfUp(BigInt(amountFen) * requireBp(bp), BIG_BP_PER_UNIT));
}

/**
 * Is `partFen ≥ wholeFen × bp / 10000`, exactly (`partFen × 10000 ≥ wholeFen × bp` in bigint)?
 * Inputs must be safe integers (throws a `RangeError` otherwise).
 */
export function isAtLeastBasisPointsOf(partFen: number, wholeFen: number, bp: number): boolean {
  return toBigFen(partFen) * BIG_BP_PER_UNIT >= toBigFen(wholeFen) * requireBp(bp);
}

/**
 * Is `partFen ≤ wholeFen × bp / 10000`, exactly (`partFen × 10000 ≤ wholeFen × bp` in bigint)?
 * Inputs must be safe integers (throws a `RangeError` otherwise).
 */
export function isAtMostBasisPointsOf(partFen: number, wholeFen: number, bp: number): boolean {
  return toBigFen(partFen) * BIG_BP_PER_UNIT <= toBigFen(wholeFen) * requireBp(bp);
}

/** Fen as a plain 元 string with two decimals: 8000000 → '80000.00', -5 → '-0.05'. No grouping, no symbol. */
export function fenToYuanString(fen: number | bigint): string {
  const big = typeof fen === 'bigint' ? fen : toBigFen(fen);
  const sign = big < 0n ? '-' : '';
  const abs = big < 0n ? -big : big;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
