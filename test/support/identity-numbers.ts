import { randomInt } from 'node:crypto';
import { creditCodeCheckChar, residentIdCheckChar } from '../../src/accounts/domain/identity';

let phoneCounter = 0;

/** A mainland mobile number unique within the test run. */
export function uniquePhone(): string {
  phoneCounter += 1;
  return `15${String(process.pid % 1000).padStart(3, '0')}${String(phoneCounter).padStart(6, '0')}`;
}

// A platform registers a resident ID or credit code once: numbers are drawn from a sequence (from a random start),
// so they never repeat within a test run.
let idCounter = randomInt(1_000_000);

/** A valid resident ID from Huai'an (130728), unique within the test run (birth date and sequence from a counter). */
export function validResidentId(): string {
  const n = idCounter++;
  const sequence = n % 1000;
  const days = Math.floor(n / 1000) % (50 * 12 * 28);
  const year = 1950 + Math.floor(days / (12 * 28));
  const month = String(1 + (Math.floor(days / 28) % 12)).padStart(2, '0');
  const day = String(1 + (days % 28)).padStart(2, '0');
  const first17 = `130728${year}${month}${day}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid unified social credit code (91 = enterprise) registered in Huai'an, unique within the test run. */
export function validCreditCode(prefix = '91'): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let n = idCounter++;
  let org = '';
  for (let i = 0; i < 9; i++) {
    org = charset[n % charset.length] + org;
    n = Math.floor(n / charset.length);
  }
  const first17 = `${prefix}130728${org}`;
  return first17 + creditCodeCheckChar(first17);
}

/** Replaces the last character with another valid one of the same charset: the checksum is then wrong. */
export function withWrongCheckChar(code: string, charset = '0123456789X'): string {
  const last = code.at(-1) as string;
  const other = charset.split('').find((c) => c !== last) as string;
  return code.slice(0, -1) + other;
}
