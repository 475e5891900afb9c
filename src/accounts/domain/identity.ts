/**
 * Identity numbers and contact data of parties: PRC resident identity numbers (居民身份证号码, GB 11643-1999),
 * unified social credit codes (统一社会信用代码, GB 32100-2015) and mainland mobile numbers, with the masking the
 * API applies to them (API.md "Personal data").
 *
 * The validators return booleans and never throw. The check-character helpers throw a `RangeError` on malformed
 * input (they build numbers for tests and seeds).
 */
import { chinaDateOf, isRealDate } from '../../common/domain/calendar-date';

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const RESIDENT_ID_CHECK_CHARS = '10X98765432';

/**
 * First two digits of a resident ID: the province-level division of first registration (GB/T 2260):
 * 11-15 North, 21-23 North-East, 31-37 East, 41-46 Central-South, 50-54 South-West, 61-65 North-West,
 * 71 Taiwan, 81 Hong Kong, 82 Macao.
 */
// prettier-ignore
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** GB 32100-2015 code characters; their index is their value (0-30). No I, O, S, V, Z. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character (`0`-`9` or `X`) of a resident ID from its first 17 digits (ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * RESIDENT_ID_WEIGHTS[i];
  return RESIDENT_ID_CHECK_CHARS[sum % 11];
}

/**
 * Is `id` a well-formed 18-digit resident identity number? 17 digits then a check character (`0`-`9` or uppercase
 * `X`; lowercase `x` is rejected) that matches; digits 1-2 a province code (`PROVINCE_CODES`); digits 7-14 the
 * birth date YYYYMMDD, a real date from 1900-01-01 up to today (China time, as of `now`).
 */
export function isValidResidentId(id: string, now: Date = new Date()): boolean {
  if (typeof id !== 'string' || !/^\d{17}[\dX]$/.test(id)) return false;
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || !isRealDate(year, month, day)) return false;
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (Number.isNaN(now.getTime()) || birthDate > chinaDateOf(now)) return false;
  return residentIdCheckChar(id.slice(0, 17)) === id[17];
}

/** The check character of a unified social credit code from its first 17 characters (GB 32100-2015, MOD 31). */
export function creditCodeCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || first17.length !== 17) {
    throw new RangeError('creditCodeCheckChar needs exactly 17 characters');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) throw new RangeError(`not a credit-code character: ${first17[i]}`);
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Is `code` a well-formed 18-character unified social credit code? Every character from `CREDIT_CODE_CHARSET`
 * (uppercase only; I, O, S, V, Z never occur), characters 3-8 the 6-digit administrative division code, and the
 * last character the matching check character.
 */
export function isValidCreditCode(code: string): boolean {
  if (typeof code !== 'string' || code.length !== 18) return false;
  for (const ch of code) if (!CREDIT_CODE_CHARSET.includes(ch)) return false;
  if (!/^\d{6}$/.test(code.slice(2, 8))) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** Is `phone` a mainland China mobile number (11 digits, `1[3-9]…`, no prefix or separators)? */
export function isValidMobile(phone: string): boolean {
  return typeof phone === 'string' && /^1[3-9]\d{9}$/.test(phone);
}

/**
 * Masks an ID number or credit code: the first 6 and last 4 characters stay, the rest become `*`
 * (`130728199001011234` → `130728********1234`). A value of 10 characters or fewer, which no valid number is, is
 * masked entirely so that nothing leaks.
 */
export function maskIdNumber(v: string): string {
  if (v.length <= 10) return '*'.repeat(v.length);
  return `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`;
}

/**
 * Masks a phone number: the first 3 and last 4 characters stay with exactly four `*` between them
 * (`13900000001` → `139****0001`). A value shorter than 8 characters is masked entirely.
 */
/**
 * A person's name as the result publicity shows it (成交公示): the first and the last character with `*` between
 * (`张*华`; a two-character name `张*`); an organization's or collective's name is shown in full.
 */
export function publicPartyName(name: string, partyType: 'PERSON' | 'COLLECTIVE' | 'ORGANIZATION'): string {
  if (partyType !== 'PERSON') return name;
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars[chars.length - 1]}`;
}

export function maskPhone(p: string): string {
  if (p.length < 8) return '*'.repeat(p.length);
  return `${p.slice(0, 3)}****${p.slice(-4)}`;
}
