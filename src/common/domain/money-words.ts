/**
 * Money as a contract writes it, from integer fen (no floats anywhere):
 * - in figures: `formatYuan(1234567)` → `12,345.67` (thousands grouped, always two decimals);
 * - in words, the capital numerals of Chinese bills and contracts (大写金额): `amountInWords(1234567)` →
 *   `壹万贰仟叁佰肆拾伍元陆角柒分`.
 *
 * The words follow the People's Bank of China rules for writing amounts (《支付结算办法》附件一「正确填写票据和结算
 * 凭证的基本规定」): `壹拾` is written out (never a bare `拾`); a run of zeros inside the number is one `零`
 * (`100005.00` → `壹拾万零伍元整`, `1000500.00` → `壹佰万零伍佰元整`); no `零` is written where a zero section or
 * digit is followed by a thousands digit (`107000.00` → `壹拾万柒仟元整`) or where the 元 digit is zero before a
 * non-zero 角 (`1680.32` → `壹仟陆佰捌拾元叁角贰分`); a zero 角 before a non-zero 分 is written (`1.05` →
 * `壹元零伍分`); amounts ending at 元 or 角 end with `整` (`0.50` → `伍角整`); amounts under one 元 start with their
 * 角 or 分 (`0.05` → `伍分`); zero is `零元整`.
 */
import { toBigFen } from './money';

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const PLACES = ['', '拾', '佰', '仟'] as const;

/** 1 ≤ n ≤ 9999, no leading 零 (the caller decides about a zero before it). */
function fourDigits(n: bigint): string {
  let out = '';
  let pendingZero = false;
  for (let place = 3; place >= 0; place -= 1) {
    const digit = Number((n / 10n ** BigInt(place)) % 10n);
    if (digit === 0) {
      if (out !== '') pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += DIGITS[digit] + PLACES[place];
  }
  return out;
}

/** 1 ≤ n < 10^8, with 万. */
function eightDigits(n: bigint): string {
  const high = n / 10_000n;
  const low = n % 10_000n;
  if (high === 0n) return fourDigits(low);
  if (low === 0n) return `${fourDigits(high)}万`;
  return `${fourDigits(high)}万${low < 1000n ? '零' : ''}${fourDigits(low)}`;
}

/** n ≥ 1, with 万 and 亿 (`1_0000_0000_0000` → 壹万亿, `1_0001_0000_0000` → 壹万零壹亿). */
function integerWords(n: bigint): string {
  const high = n / 100_000_000n;
  const low = n % 100_000_000n;
  if (high === 0n) return eightDigits(low);
  if (low === 0n) return `${integerWords(high)}亿`;
  return `${integerWords(high)}亿${low < 10_000_000n ? '零' : ''}${eightDigits(low)}`;
}

/**
 * The amount `fen` (a non-negative safe integer) in capital Chinese numerals, without the `人民币` prefix.
 * Throws a `RangeError` for a negative, fractional or unsafe amount.
 */
export function amountInWords(fen: number): string {
  const big = toBigFen(fen);
  if (big < 0n) throw new RangeError(`amountInWords needs a non-negative amount: ${fen}`);
  const yuan = big / 100n;
  const jiao = Number((big / 10n) % 10n);
  const fenDigit = Number(big % 10n);

  if (big === 0n) return '零元整';
  let out = yuan > 0n ? `${integerWords(yuan)}元` : '';
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (fenDigit > 0 && yuan > 0n) out += '零';
  if (fenDigit > 0) out += `${DIGITS[fenDigit]}分`;
  else out += '整';
  return out;
}

/**
 * The amount `fen` (a safe integer) in 元 with two decimals and thousands grouped by commas:
 * `1234567` → `12,345.67`, `5` → `0.05`, `-120000` → `-1,200.00`. Throws a `RangeError` for an unsafe amount.
 */
export function formatYuan(fen: number): string {
  const big = toBigFen(fen);
  const sign = big < 0n ? '-' : '';
  const abs = big < 0n ? -big : big;
  const grouped = String(abs / 100n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}.${String(abs % 100n).padStart(2, '0')}`;
}

/** An amount as a contract clause states it: `人民币12,345.67元（大写：壹万贰仟叁佰肆拾伍元陆角柒分）`. */
export function moneyClause(fen: number): string {
  return `人民币${formatYuan(fen)}元（大写：${amountInWords(fen)}）`;
}
