/**
 * Exact decimal quantities with at most two decimals (e.g. `areaMu`, 亩), held as an integer count of hundredths
 * in a `bigint` so that they multiply with money without floating-point error.
 */

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;

/**
 * The exact number of hundredths in a non-negative decimal with at most two significant decimals:
 * `12.35` → `1235n`, `'7.5'` → `750n`, `'3.100'` → `310n` (trailing zeros ignored), `40` → `4000n`.
 * Returns `null` for anything else: negative, NaN/Infinity, more than two decimals (`0.1 + 0.2`, `1.005`),
 * exponent notation that is not an integer, non-numeric strings, unsafe integers.
 *
 * A `number` is read through its shortest round-trip decimal form (`String(n)`), which is exactly what a JSON
 * client sent for values such as `12.35`, so no binary rounding creeps in.
 */
export function toHundredths(value: number | string): bigint | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    if (Number.isInteger(value)) return Number.isSafeInteger(value) ? BigInt(value) * 100n : null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return null;
  }
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 2) return null;
  return BigInt(m[1]) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** Is `value` a non-negative decimal with at most two decimals (see `toHundredths`)? */
export function hasAtMostTwoDecimals(value: number | string): boolean {
  return toHundredths(value) !== null;
}
