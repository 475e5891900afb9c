import {
  bank,
  buyerFunds,
  depositsHeld,
  feeIncome,
  isAccountCode,
  refundsPayable,
  retentionHeld,
  sellerPayable,
} from './accounts';

/**
 * The journal entries of the escrow ledger (DOMAIN.md §3), built as data: each builder returns the entry's kind, the
 * registration and/or deal it concerns, and its postings, debits positive and credits negative, summing to zero.
 * Services post them with `LedgerService.post` inside their own transaction.
 *
 * Amounts are integer fen. A builder throws a `RangeError` for an amount that is not a positive safe integer (a
 * programmer error: the use case validates input first). Postings of 0 fen (e.g. a waived fee) are left out.
 */

export const LEDGER_ENTRY_KINDS = [
  'DEPOSIT_RECORDED',
  'DEPOSIT_RELEASED',
  'REFUND_PAID',
  'DEPOSIT_APPLIED',
  'PAYMENT_RECEIVED',
  'SETTLEMENT',
  'PAYOUT',
  'DEPOSIT_FORFEITED',
  'PAYMENT_RETURNED',
  'RETENTION_RELEASED',
] as const;

export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/** Entry kinds that end a deposit's life in `DEPOSITS_HELD` (每笔保证金恰好一次：退还、转价款或没收). */
export const DEPOSIT_RESOLUTION_KINDS: readonly LedgerEntryKind[] = [
  'DEPOSIT_RELEASED',
  'DEPOSIT_APPLIED',
  'DEPOSIT_FORFEITED',
];

export function isLedgerEntryKind(kind: unknown): kind is LedgerEntryKind {
  return typeof kind === 'string' && (LEDGER_ENTRY_KINDS as readonly string[]).includes(kind);
}

/** One line of an entry: `amountFen` > 0 debits the account, < 0 credits it. */
export interface Posting {
  account: string;
  amountFen: number;
}

/** A journal entry ready to be posted. */
export interface BuiltEntry {
  kind: LedgerEntryKind;
  registrationId?: string;
  dealId?: string;
  postings: Posting[];
}

export interface SettlementAmounts {
  /** What is settled of the price: the deal's total value, or one instalment of it (成交价款). */
  totalFen: number;
  /** The paying party's service fee on it (0 when exempt or waived). */
  buyerFeeFen: number;
  /** The paid party's service fee, taken from the price (0 when exempt or waived); at most `totalFen`. */
  sellerFeeFen: number;
  /** A late fee (滞纳金) the payer paid with it; it goes to the payee. */
  lateFeeFen?: number;
  /** A procurement's retention (质保金) withheld from the payee until the warranty ends. */
  retentionFen?: number;
}

function requirePositive(name: string, amountFen: number): number {
  if (typeof amountFen !== 'number' || !Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw new RangeError(`${name} must be a positive safe integer of fen: ${String(amountFen)}`);
  }
  return amountFen;
}

function requireNonNegative(name: string, amountFen: number): number {
  if (typeof amountFen !== 'number' || !Number.isSafeInteger(amountFen) || amountFen < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer of fen: ${String(amountFen)}`);
  }
  return amountFen;
}

function safeSum(name: string, a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError(`${name} exceeds the safe integer range: ${a} + ${b}`);
  return sum;
}

/**
 * Throws a `RangeError` unless the postings form a valid entry: at least two, each on a well-formed account with a
 * non-zero safe integer amount, summing to exactly zero.
 */
export function assertBalanced(postings: readonly Posting[]): void {
  if (!Array.isArray(postings) || postings.length < 2) {
    throw new RangeError(`an entry needs at least 2 postings, got ${Array.isArray(postings) ? postings.length : 0}`);
  }
  let sum = 0n;
  for (const p of postings) {
    if (!isAccountCode(p.account)) throw new RangeError(`not a ledger account code: ${String(p.account)}`);
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen === 0) {
      throw new RangeError(`a posting amount must be a non-zero safe integer of fen: ${String(p.amountFen)}`);
    }
    sum += BigInt(p.amountFen);
  }
  if (sum !== 0n) throw new RangeError(`an entry's postings must sum to 0, got ${sum}`);
}

function entry(
  kind: LedgerEntryKind,
  ids: { registrationId?: string; dealId?: string },
  lines: [string, number][],
): BuiltEntry {
  const postings = lines
    .filter(([, amountFen]) => amountFen !== 0)
    .map(([account, amountFen]) => ({ account, amountFen }));
  assertBalanced(postings);
  return { kind, ...ids, postings };
}

/** Deposit received on the bank statement (保证金到账): Dr BANK, Cr DEPOSITS_HELD:r. */
export function depositRecorded(registrationId: string, amountFen: number): BuiltEntry {
  const a = requirePositive('amountFen', amountFen);
  return entry('DEPOSIT_RECORDED', { registrationId }, [
    [bank(), a],
    [depositsHeld(registrationId), -a],
  ]);
}

/** Deposit released for refund (auction lost, withdrawal, cancellation, disqualification): Dr DEPOSITS_HELD:r, Cr REFUNDS_PAYABLE:r. */
export function depositReleased(registrationId: string, amountFen: number): BuiltEntry {
  const a = requirePositive('amountFen', amountFen);
  return entry('DEPOSIT_RELEASED', { registrationId }, [
    [depositsHeld(registrationId), a],
    [refundsPayable(registrationId), -a],
  ]);
}

/** Refund transferred back to the bidder (退还保证金): Dr REFUNDS_PAYABLE:r, Cr BANK. */
export function refundPaid(registrationId: string, amountFen: number): BuiltEntry {
  const a = requirePositive('amountFen', amountFen);
  return entry('REFUND_PAID', { registrationId }, [
    [refundsPayable(registrationId), a],
    [bank(), -a],
  ]);
}

/** The winner's deposit applied to the price (保证金转价款): Dr DEPOSITS_HELD:r, Cr BUYER_FUNDS:d. */
export function depositApplied(registrationId: string, dealId: string, amountFen: number): BuiltEntry {
  const a = requirePositive('amountFen', amountFen);
  return entry('DEPOSIT_APPLIED', { registrationId, dealId }, [
    [depositsHeld(registrationId), a],
    [buyerFunds(dealId), -a],
  ]);
}

/** A payment of the paying party received (价款到账): Dr BANK, Cr BUYER_FUNDS:d. */
export function paymentReceived(dealId: string, amountFen: number): BuiltEntry {
  const a = requirePositive('amountFen', amountFen);
  return entry('PAYMENT_RECEIVED', { dealId }, [
    [bank(), a],
    [buyerFunds(dealId), -a],
  ]);
}

/**
 * Settlement (价款结算) of the price or of one instalment: Dr BUYER_FUNDS:d (amount + buyer fee + late fee), Cr
 * FEE_INCOME (both fees), Cr SELLER_PAYABLE:d (amount − seller fee + late fee − retention), Cr RETENTION_HELD:d (the
 * retention). Throws a `RangeError` for a non-positive amount, a negative fee, or deductions above the amount.
 */
export function settlement(dealId: string, amounts: SettlementAmounts): BuiltEntry {
  const total = requirePositive('totalFen', amounts.totalFen);
  const buyerFee = requireNonNegative('buyerFeeFen', amounts.buyerFeeFen);
  const sellerFee = requireNonNegative('sellerFeeFen', amounts.sellerFeeFen);
  const lateFee = requireNonNegative('lateFeeFen', amounts.lateFeeFen ?? 0);
  const retention = requireNonNegative('retentionFen', amounts.retentionFen ?? 0);
  if (sellerFee + retention > total) {
    throw new RangeError(`sellerFeeFen ${sellerFee} + retentionFen ${retention} exceed totalFen ${total}`);
  }
  return entry('SETTLEMENT', { dealId }, [
    [
      buyerFunds(dealId),
      safeSum('totalFen + buyerFeeFen + lateFeeFen', safeSum('totalFen + buyerFeeFen', total, buyerFee), lateFee),
    ],
    [feeIncome(), -safeSum('buyerFeeFen + sellerFeeFen', buyerFee, sellerFee)],
    [sellerPayable(dealId), -(total - sellerFee - retention + lateFee)],
    [retentionHeld(dealId), -retention],
  ]);
}

/** A procurement's retention released once the warranty ended (质保金释放): Dr RETENTION_HELD:d, Cr SELLER_PAYABLE:d. */
export function retentionReleased(dealId: string, amountFen: number): BuiltEntry {
  const a = requirePositive('amountFen', amountFen);
  return entry('RETENTION_RELEASED', { dealId }, [
    [retentionHeld(dealId), a],
    [sellerPayable(dealId), -a],
  ]);
}

/** Payout to the paid party (支付出让方): Dr SELLER_PAYABLE:d, Cr BANK. */
export function payout(dealId: string, amountFen: number): BuiltEntry {
  const a = requirePositive('amountFen', amountFen);
  return entry('PAYOUT', { dealId }, [
    [sellerPayable(dealId), a],
    [bank(), -a],
  ]);
}

/** The defaulting winner's deposit forfeited to the seller (保证金没收): Dr DEPOSITS_HELD:r, Cr SELLER_PAYABLE:d. */
export function depositForfeited(registrationId: string, dealId: string, amountFen: number): BuiltEntry {
  const a = requirePositive('amountFen', amountFen);
  return entry('DEPOSIT_FORFEITED', { registrationId, dealId }, [
    [depositsHeld(registrationId), a],
    [sellerPayable(dealId), -a],
  ]);
}

/** Payments of a defaulting winner returned (退还已付价款; the deposit is forfeited, the rest goes back): Dr BUYER_FUNDS:d, Cr BANK. */
export function paymentReturned(dealId: string, amountFen: number): BuiltEntry {
  const a = requirePositive('amountFen', amountFen);
  return entry('PAYMENT_RETURNED', { dealId }, [
    [buyerFunds(dealId), a],
    [bank(), -a],
  ]);
}
