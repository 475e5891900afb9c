/**
 * Ledger accounts (资金监管账户), named by code (DOMAIN.md §3): `BANK` and `FEE_INCOME` are single accounts; the
 * others are one per registration or per deal, their code carrying its id (`DEPOSITS_HELD:<registrationId>`).
 *
 * Malformed arguments (an empty id, an unknown code) are programmer errors and throw a `RangeError`.
 */

export const ACCOUNT_KINDS = [
  'BANK',
  'DEPOSITS_HELD',
  'REFUNDS_PAYABLE',
  'BUYER_FUNDS',
  'SELLER_PAYABLE',
  'RETENTION_HELD',
  'FEE_INCOME',
] as const;

/** What an account is: the part of its code before the `:`. */
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** Kinds whose accounts belong to one registration (`<KIND>:<registrationId>`). */
export const REGISTRATION_ACCOUNT_KINDS: readonly AccountKind[] = ['DEPOSITS_HELD', 'REFUNDS_PAYABLE'];
/** Kinds whose accounts belong to one deal (`<KIND>:<dealId>`). */
export const DEAL_ACCOUNT_KINDS: readonly AccountKind[] = ['BUYER_FUNDS', 'SELLER_PAYABLE', 'RETENTION_HELD'];
/** Kinds that hold money owed to someone: their natural balance may never go below zero. */
export const NON_NEGATIVE_ACCOUNT_KINDS: readonly AccountKind[] = [
  'DEPOSITS_HELD',
  'REFUNDS_PAYABLE',
  'BUYER_FUNDS',
  'SELLER_PAYABLE',
  'RETENTION_HELD',
];

/** Longest code: `REFUNDS_PAYABLE:` + a 36-character UUID = 52, well within the `varchar(80)` column. */
export const MAX_ACCOUNT_CODE_LENGTH = 80;

const ID_PATTERN = /^[A-Za-z0-9-]{1,60}$/;

function owned(kind: AccountKind, id: string): string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new RangeError(`${kind}: the id must be 1-60 letters, digits or dashes: ${String(id)}`);
  }
  return `${kind}:${id}`;
}

/** The centre's escrow bank account (监管账户). */
export function bank(): 'BANK' {
  return 'BANK';
}

/** A registration's deposit held in escrow (保证金). */
export function depositsHeld(registrationId: string): string {
  return owned('DEPOSITS_HELD', registrationId);
}

/** A registration's released deposit, owed back to the bidder until the refund is paid (待退保证金). */
export function refundsPayable(registrationId: string): string {
  return owned('REFUNDS_PAYABLE', registrationId);
}

/** What the paying party of a deal has put into escrow towards the price and its fee (受让方价款). */
export function buyerFunds(dealId: string): string {
  return owned('BUYER_FUNDS', dealId);
}

/** What the centre owes the paid party of a deal (应付出让方). */
export function sellerPayable(dealId: string): string {
  return owned('SELLER_PAYABLE', dealId);
}

/** A procurement's retention (质保金), withheld from the supplier until the warranty ends. */
export function retentionHeld(dealId: string): string {
  return owned('RETENTION_HELD', dealId);
}

/** The centre's service-fee income (交易服务费收入). */
export function feeIncome(): 'FEE_INCOME' {
  return 'FEE_INCOME';
}

export interface ParsedAccount {
  kind: AccountKind;
  /** The registration or deal id for per-registration and per-deal accounts; null for BANK and FEE_INCOME. */
  ownerId: string | null;
}

/** Splits a code into its kind and owner id, or returns null when it is not a well-formed account code. */
export function parseAccount(code: string): ParsedAccount | null {
  if (typeof code !== 'string' || code.length > MAX_ACCOUNT_CODE_LENGTH) return null;
  if (code === 'BANK' || code === 'FEE_INCOME') return { kind: code, ownerId: null };
  const colon = code.indexOf(':');
  if (colon < 0) return null;
  const kind = code.slice(0, colon) as AccountKind;
  const ownerId = code.slice(colon + 1);
  if (![...REGISTRATION_ACCOUNT_KINDS, ...DEAL_ACCOUNT_KINDS].includes(kind) || !ID_PATTERN.test(ownerId)) return null;
  return { kind, ownerId };
}

/** Is `code` a well-formed account code? */
export function isAccountCode(code: string): boolean {
  return parseAccount(code) !== null;
}

/** The kind of an account code (`DEPOSITS_HELD:…` → `DEPOSITS_HELD`); throws a `RangeError` for a malformed code. */
export function accountKind(code: string): AccountKind {
  const parsed = parseAccount(code);
  if (!parsed) throw new RangeError(`not a ledger account code: ${String(code)}`);
  return parsed.kind;
}

/**
 * The balance as the API shows it (API.md "Oversight"): debits − credits for `BANK` (an asset), credits − debits
 * for every other account (what the centre owes or has earned), so money held shows positive.
 * `debitsMinusCredits` is the plain sum of the account's postings (debits positive, credits negative).
 */
export function naturalBalance(kind: AccountKind, debitsMinusCredits: number): number {
  if (!Number.isSafeInteger(debitsMinusCredits)) {
    throw new RangeError(`a balance must be a safe integer of fen: ${debitsMinusCredits}`);
  }
  if (!ACCOUNT_KINDS.includes(kind)) throw new RangeError(`not an account kind: ${String(kind)}`);
  if (debitsMinusCredits === 0) return 0; // never -0
  return kind === 'BANK' ? debitsMinusCredits : -debitsMinusCredits;
}
