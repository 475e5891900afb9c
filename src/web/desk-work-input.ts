/**
 * What the desks' forms type, read exactly: `<input type="datetime-local">` values as China time (UTC+8, the
 * platform's only time zone) and amounts in 元 with at most two decimals as integer fen (from the text, never a float).
 */

const CHINA_OFFSET_MS = 8 * 3600_000;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** An instant as a `datetime-local` value in China time (`2027-03-05T17:00`), to the minute (seconds dropped). */
export function chinaLocalOf(at: Date | null | undefined): string {
  if (!at || Number.isNaN(at.getTime())) return '';
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16);
}

/**
 * A `datetime-local` value typed in China time → an ISO instant with its offset (`2027-03-05T17:00:00+08:00`), as
 * the API takes it; `undefined` for an empty field; the text itself (which the API's validation then refuses with
 * the field named) when it is not a real date and time.
 */
export function instantOfChinaLocal(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const m = LOCAL_DATE_TIME.exec(value.trim());
  if (!m) return value.trim();
  const [, y, mo, d, h, mi, s] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}+08:00`;
  const parsed = new Date(iso);
  // 2027-02-30 rolls over in Date: refuse what does not come back the same
  if (Number.isNaN(parsed.getTime()) || chinaLocalOf(parsed) !== `${y}-${mo}-${d}T${h}:${mi}`) return value.trim();
  return iso;
}

/** Rounds `at` up to the next whole minute (a `datetime-local` value has no seconds). */
export function ceilToMinute(at: Date): Date {
  return new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
}

const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

/** Beside a money field that is not an amount in 元 (a sign, three decimals, letters): the same words on every form. */
export const MONEY_FIELD_ERROR = '请按“元”填写金额，最多两位小数，如 1200 或 1200.50';

/**
 * 元 as typed (`1200`, `1,200.5`, `１２００.５０`, `1200元`) → integer fen, exactly (string arithmetic, never floats);
 * `null` when it is not an amount of at most two decimals (a sign, an exponent, three decimals), or too large. The
 * one reader of money typed on any page (the clerk's work forms, the listing wizard).
 */
export function yuanToFen(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const plain = text
    .normalize('NFKC')
    .replace(/[\s,，]/g, '')
    .replace(/元$/, '');
  const match = /^(\d{1,16})(?:\.(\d{0,2}))?$/.exec(plain);
  if (!match) return null;
  const fen = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  return fen <= MAX_FEN ? Number(fen) : null;
}

/** Integer fen → the 元 an input is prefilled with (`120050` → `1200.50`); '' for none. */
export function fenToYuanText(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isSafeInteger(fen) || fen < 0) return '';
  const s = String(fen).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** A China calendar date (`YYYY-MM-DD`) `days` after the China date of `at`. */
export function chinaDateAfter(at: Date, days: number): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS + days * 86_400_000).toISOString().slice(0, 10);
}
