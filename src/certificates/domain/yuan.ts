/**
 * Amounts of money as printed on a certificate (交易鉴证书), from integer fen (分; 1 元 = 100 fen).
 * Integer and string arithmetic only, never floats. Malformed amounts (negative, fractional, unsafe) are
 * programmer errors and throw a `RangeError`.
 */

const DIGITS_ZH = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
/** Units inside a group of four digits, from the lowest: 个, 拾, 佰, 仟. */
const PLACES_ZH = ['', '拾', '佰', '仟'];
/** Units of the groups of four digits, from the lowest (2^53 fen ≈ 90 万亿 元 needs four groups). */
const GROUPS_ZH = ['', '万', '亿', '万亿'];

function requireNonNegativeFen(fen: number): bigint {
  if (!Number.isSafeInteger(fen) || fen < 0) {
    throw new RangeError(`fen must be a non-negative safe integer: ${String(fen)}`);
  }
  return BigInt(fen);
}

/**
 * Fen as 元 with thousands separators and two decimals, without symbol or unit:
 * 0 → '0.00', 5 → '0.05', 1234567 → '12,345.67', 100000000 → '1,000,000.00'.
 */
export function formatYuan(fen: number): string {
  const big = requireNonNegativeFen(fen);
  const whole = String(big / 100n).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${whole}.${String(big % 100n).padStart(2, '0')}`;
}

/** The whole 元 of an amount in capital numerals (大写), e.g. 10010000 → '壹仟零壹万'; '' for 0. */
function wholeYuanInCapitals(yuan: bigint): string {
  const digits = String(yuan);
  let out = '';
  let zeroPending = false;
  for (let i = 0; i < digits.length; i++) {
    const position = digits.length - 1 - i; // 0 = 个位 of the 元
    const digit = Number(digits[i]);
    if (digit === 0) {
      zeroPending = out !== '';
    } else {
      if (zeroPending) out += DIGITS_ZH[0];
      out += DIGITS_ZH[digit] + PLACES_ZH[position % 4];
      zeroPending = false;
    }
    if (position % 4 === 0 && position > 0) {
      const group = digits.slice(Math.max(0, i - 3), i + 1);
      if (/[1-9]/.test(group)) out += GROUPS_ZH[position / 4];
    }
  }
  return out;
}

/**
 * An amount in the capital numerals of Chinese financial documents (人民币大写), following the rules for filling
 * in bills (正确填写票据和结算凭证的基本规定): '整' after 元 when there are no 角 and 分; one '零' for a run of
 * zeros inside the amount and before 分 when 角 is zero; no '整' after 分.
 * 0 → '零元整', 5 → '伍分', 1640902 → '壹万陆仟肆佰零玖元零贰分', 100000000 → '壹佰万元整'.
 */
export function yuanInCapitals(fen: number): string {
  const big = requireNonNegativeFen(fen);
  const whole = wholeYuanInCapitals(big / 100n);
  const jiao = Number((big % 100n) / 10n);
  const fenDigit = Number(big % 10n);
  if (jiao === 0 && fenDigit === 0) return `${whole || DIGITS_ZH[0]}元整`;
  let out = whole ? `${whole}元` : '';
  if (jiao !== 0) out += `${DIGITS_ZH[jiao]}角`;
  else if (whole) out += DIGITS_ZH[0];
  if (fenDigit !== 0) out += `${DIGITS_ZH[fenDigit]}分`;
  return out;
}
