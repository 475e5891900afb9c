import { isDeepStrictEqual } from 'node:util';
import type { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { Actor } from './given';

/**
 * Tools for the ledger property test (test/ledger-properties.e2e-spec.ts): a seeded PRNG, the money rules of
 * DOMAIN.md §2-3 written again from the text (service fees, total value, the journal entries), a small model of the
 * escrow ledger, a concurrency pool, and an HTTP helper whose failures name the trade and its last requests.
 *
 * Nothing here imports the production money code (src/contracts/domain/service-fees, src/ledger/domain): the test
 * must be able to disagree with it.
 */

// ---------------------------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a tiny, fast 32-bit PRNG; good enough to draw test cases, fully determined by its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly raw: () => number;

  constructor(readonly seed: number) {
    this.raw = mulberry32(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.raw();
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** One of the choices, with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [value, weight] of choices) {
      x -= weight;
      if (x < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** An integer spread evenly on a log scale over [lo, hi]. */
  logInt(lo: number, hi: number): number {
    const x = Math.exp(Math.log(lo) + this.next() * (Math.log(hi) - Math.log(lo)));
    return Math.min(hi, Math.max(lo, Math.round(x)));
  }

  /** A new generator seeded from this one (one per trade, so concurrency never changes what a trade draws). */
  fork(): Rng {
    return new Rng(Math.floor(this.next() * 4294967296));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Money rules, from DOMAIN.md (not from src/)

const YUAN = 100;

/**
 * §2 "Service fees": [lower bound in fen (included), rate in basis points]. Progressive (差额定率累进): each part of
 * the total pays its own band's rate, like income-tax brackets.
 */
const FEE_BANDS: readonly (readonly [number, number])[] = [
  [0, 130],
  [500_000 * YUAN, 120],
  [1_000_000 * YUAN, 100],
  [5_000_000 * YUAN, 80],
  [10_000_000 * YUAN, 50],
  [20_000_000 * YUAN, 30],
];
export const MIN_FEE_FEN = 200 * YUAN;

/** a / b rounded half up, for non-negative integers. */
function divHalfUp(a: bigint, b: bigint): bigint {
  return (a * 2n + b) / (b * 2n);
}

/**
 * One side's service fee on a deal's total: Σ (the part of the total in each band) × its rate, half up to the fen
 * once; at least 200 元, but that minimum never more than 5 % of the total (half up).
 */
export function expectedFeeFen(totalFen: number): number {
  let fenTimesBp = 0n;
  FEE_BANDS.forEach(([fromFen, bp], k) => {
    const toFen = k + 1 < FEE_BANDS.length ? FEE_BANDS[k + 1][0] : Infinity;
    const part = Math.min(totalFen, toFen) - fromFen;
    if (part > 0) fenTimesBp += BigInt(part) * BigInt(bp);
  });
  const progressive = Number(divHalfUp(fenTimesBp, 10_000n));
  const minimum = Math.min(MIN_FEE_FEN, Number(divHalfUp(BigInt(totalFen) * 500n, 10_000n)));
  return Math.max(progressive, minimum);
}

/** An instalment: its amount and its shares of both fees. */
export interface ExpectedInstalment {
  amountFen: number;
  buyerFeeFen: number;
  sellerFeeFen: number;
  /** The part of a procurement's balance held back until the warranty ends. */
  retentionFen: number;
}

/**
 * §2 step 9: a price per year over more than one year is paid year by year (total ÷ years half up, the last takes
 * the rest); a procurement pays its advance (advancePercent of the total, half up) and then the balance, less the
 * retention (retentionBp of the total); anything else is one payment. Each instalment carries fee × amount ÷ total
 * of each fee (half up; the last takes the rest).
 */
export function expectedInstalments(
  unit: Unit,
  termYears: number,
  totalFen: number,
  fees: { buyerFeeFen: number; sellerFeeFen: number },
  procurement?: { advancePercent: number; retentionBp: number },
): ExpectedInstalment[] {
  let parts: { amountFen: number; retentionFen: number }[];
  if (procurement) {
    const advance = Number(divHalfUp(BigInt(totalFen) * BigInt(procurement.advancePercent), 100n));
    const retention = Number(divHalfUp(BigInt(totalFen) * BigInt(procurement.retentionBp), 10_000n));
    parts =
      advance > 0 && advance < totalFen
        ? [
            { amountFen: advance, retentionFen: 0 },
            { amountFen: totalFen - advance, retentionFen: Math.min(retention, totalFen - advance) },
          ]
        : [{ amountFen: totalFen, retentionFen: Math.min(retention, totalFen) }];
  } else if (unit !== 'TOTAL' && termYears > 1) {
    const each = Number(divHalfUp(BigInt(totalFen), BigInt(termYears)));
    parts = Array.from({ length: termYears }, (_, k) => ({
      amountFen: k === termYears - 1 ? totalFen - each * (termYears - 1) : each,
      retentionFen: 0,
    }));
  } else {
    parts = [{ amountFen: totalFen, retentionFen: 0 }];
  }
  const share = (fee: number, amount: number) => Number(divHalfUp(BigInt(fee) * BigInt(amount), BigInt(totalFen)));
  let buyerSoFar = 0;
  let sellerSoFar = 0;
  return parts.map((part, k) => {
    const last = k === parts.length - 1;
    const buyerFeeFen = last ? fees.buyerFeeFen - buyerSoFar : share(fees.buyerFeeFen, part.amountFen);
    const sellerFeeFen = last ? fees.sellerFeeFen - sellerSoFar : share(fees.sellerFeeFen, part.amountFen);
    buyerSoFar += buyerFeeFen;
    sellerSoFar += sellerFeeFen;
    return { ...part, buyerFeeFen, sellerFeeFen };
  });
}

export type Unit = 'TOTAL' | 'PER_YEAR' | 'PER_MU_PER_YEAR';

/** §2 "Total value": price; price × years; price × area × years half up to the fen (area in hundredths of a mu). */
export function expectedTotalFen(
  unit: Unit,
  priceFen: number,
  termYears: number,
  areaHundredths: number | null,
): number {
  if (unit === 'TOTAL') return priceFen;
  if (unit === 'PER_YEAR') return priceFen * termYears;
  if (areaHundredths === null) throw new Error('PER_MU_PER_YEAR without an area');
  return Number(divHalfUp(BigInt(priceFen) * BigInt(areaHundredths) * BigInt(termYears), 100n));
}

/** PERSON and COLLECTIVE payees pay no seller's fee. */
export function sellerExempt(partyType: string): boolean {
  return partyType === 'PERSON' || partyType === 'COLLECTIVE';
}

/** A COLLECTIVE purchasing through a procurement (AGRI_PROJECT) pays no buyer's fee. */
export function buyerExempt(partyType: string, procurement: boolean): boolean {
  return procurement && partyType === 'COLLECTIVE';
}

/** What a listing's deposit is bounded by (10-30 %): its total, or for a price per year one year's value. */
export function depositBaseFen(unit: Unit, priceFen: number, termYears: number, areaHundredths: number | null): number {
  return expectedTotalFen(unit, priceFen, unit === 'TOTAL' ? termYears : 1, areaHundredths);
}

/** `amount` split into `parts` positive integers (random cut points) that sum to it. */
export function split(rng: Rng, amount: number, parts: number): number[] {
  const n = Math.max(1, Math.min(parts, amount));
  const cuts = new Set<number>();
  while (cuts.size < n - 1) cuts.add(rng.int(1, amount - 1));
  const points = [0, ...[...cuts].sort((a, b) => a - b), amount];
  return points.slice(1).map((p, i) => p - points[i]);
}

// ---------------------------------------------------------------------------------------------------------------
// The ledger model (DOMAIN.md §3)

export type EntryKind =
  | 'DEPOSIT_RECORDED'
  | 'DEPOSIT_RELEASED'
  | 'REFUND_PAID'
  | 'DEPOSIT_APPLIED'
  | 'PAYMENT_RECEIVED'
  | 'SETTLEMENT'
  | 'PAYOUT'
  | 'DEPOSIT_FORFEITED'
  | 'PAYMENT_RETURNED'
  | 'RETENTION_RELEASED';

export interface Posting {
  account: string;
  amountFen: number;
}

/** An entry as GET /ledger/entries shows it (debits positive). */
export interface EntryView {
  id?: string;
  kind: string;
  registrationId?: string;
  dealId?: string;
  postings: Posting[];
}

export const held = (r: string) => `DEPOSITS_HELD:${r}`;
export const refunds = (r: string) => `REFUNDS_PAYABLE:${r}`;
export const buyerFunds = (d: string) => `BUYER_FUNDS:${d}`;
export const sellerPayable = (d: string) => `SELLER_PAYABLE:${d}`;
export const retentionHeld = (d: string) => `RETENTION_HELD:${d}`;

/** The journal one trade is expected to have written, and what it moved through BANK and FEE_INCOME. */
export class TradeJournal {
  readonly entries: EntryView[] = [];
  bankDeltaFen = 0;
  feeDeltaFen = 0;
}

/**
 * What the escrow ledger should hold: every expected entry (per trade) and the natural balance of every account
 * (BANK: debits − credits; the others: credits − debits), built from the entry list of DOMAIN.md §3.
 */
export class LedgerModel {
  readonly balances = new Map<string, number>();

  balance(account: string): number {
    return this.balances.get(account) ?? 0;
  }

  private post(
    journal: TradeJournal,
    kind: EntryKind,
    ids: { registrationId?: string; dealId?: string },
    lines: [string, number][],
  ) {
    const postings = lines.filter(([, a]) => a !== 0).map(([account, amountFen]) => ({ account, amountFen }));
    if (postings.reduce((s, p) => s + p.amountFen, 0) !== 0) throw new Error(`model entry ${kind} does not balance`);
    for (const p of postings) {
      const natural = p.account === 'BANK' ? p.amountFen : -p.amountFen;
      this.balances.set(p.account, this.balance(p.account) + natural);
      if (p.account === 'BANK') journal.bankDeltaFen += p.amountFen;
      if (p.account === 'FEE_INCOME') journal.feeDeltaFen -= p.amountFen;
    }
    journal.entries.push({ kind, ...ids, postings });
  }

  depositRecorded(j: TradeJournal, r: string, a: number) {
    this.post(j, 'DEPOSIT_RECORDED', { registrationId: r }, [
      ['BANK', a],
      [held(r), -a],
    ]);
  }

  depositReleased(j: TradeJournal, r: string, a: number) {
    this.post(j, 'DEPOSIT_RELEASED', { registrationId: r }, [
      [held(r), a],
      [refunds(r), -a],
    ]);
  }

  refundPaid(j: TradeJournal, r: string, a: number) {
    this.post(j, 'REFUND_PAID', { registrationId: r }, [
      [refunds(r), a],
      ['BANK', -a],
    ]);
  }

  depositApplied(j: TradeJournal, r: string, d: string, a: number) {
    this.post(j, 'DEPOSIT_APPLIED', { registrationId: r, dealId: d }, [
      [held(r), a],
      [buyerFunds(d), -a],
    ]);
  }

  paymentReceived(j: TradeJournal, d: string, a: number) {
    this.post(j, 'PAYMENT_RECEIVED', { dealId: d }, [
      ['BANK', a],
      [buyerFunds(d), -a],
    ]);
  }

  /** One instalment's settlement: its amount, fees and late fee; a procurement's balance holds its retention back. */
  settlement(
    j: TradeJournal,
    d: string,
    i: { amountFen: number; buyerFeeFen: number; sellerFeeFen: number; retentionFen?: number; lateFeeFen?: number },
  ) {
    const late = i.lateFeeFen ?? 0;
    const retention = i.retentionFen ?? 0;
    this.post(j, 'SETTLEMENT', { dealId: d }, [
      [buyerFunds(d), i.amountFen + i.buyerFeeFen + late],
      ['FEE_INCOME', -(i.buyerFeeFen + i.sellerFeeFen)],
      [retentionHeld(d), -retention],
      [sellerPayable(d), -(i.amountFen - i.sellerFeeFen - retention + late)],
    ]);
  }

  retentionReleased(j: TradeJournal, d: string, a: number) {
    this.post(j, 'RETENTION_RELEASED', { dealId: d }, [
      [retentionHeld(d), a],
      [sellerPayable(d), -a],
    ]);
  }

  payout(j: TradeJournal, d: string, a: number) {
    this.post(j, 'PAYOUT', { dealId: d }, [
      [sellerPayable(d), a],
      ['BANK', -a],
    ]);
  }

  depositForfeited(j: TradeJournal, r: string, d: string, a: number) {
    this.post(j, 'DEPOSIT_FORFEITED', { registrationId: r, dealId: d }, [
      [held(r), a],
      [sellerPayable(d), -a],
    ]);
  }

  paymentReturned(j: TradeJournal, d: string, a: number) {
    this.post(j, 'PAYMENT_RETURNED', { dealId: d }, [
      [buyerFunds(d), a],
      ['BANK', -a],
    ]);
  }
}

/** An entry as one comparable line: kind, ids and its postings sorted by account. */
export function entryLine(e: EntryView): string {
  const postings = [...e.postings]
    .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0))
    .map((p) => `${p.account} ${p.amountFen > 0 ? '+' : ''}${p.amountFen}`)
    .join(', ');
  return `${e.kind} r=${e.registrationId ?? '-'} d=${e.dealId ?? '-'} [${postings}]`;
}

/** Natural balances of the accounts `entries` post to (BANK debits − credits, the others credits − debits). */
export function balancesOf(entries: readonly EntryView[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of entries) {
    for (const p of e.postings) {
      out.set(p.account, (out.get(p.account) ?? 0) + (p.account === 'BANK' ? p.amountFen : -p.amountFen));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Running many things at once

/**
 * Runs `fn` over `items` with at most `limit` at a time. On the first failure no new item is started; the ones
 * running are awaited (so nothing keeps talking to the app after the test fails) and the first error is thrown.
 */
export async function runPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

// ---------------------------------------------------------------------------------------------------------------
// HTTP with a trail

/** A failure inside one trade: the message names the seed, the trade and its last requests. */
export class TradeFailure extends Error {}

/** Counts requests and their time, to size the announcement and bidding windows to this machine's speed. */
export class Meter {
  requests = 0;
  /** Time spent per kind of request (method and path with ids replaced), for PROPERTY_PROFILE. */
  readonly byRoute = new Map<string, { n: number; ms: number }>();

  record(method: string, path: string, ms: number): void {
    const route = `${method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\?.*$/, '')}`;
    const r = this.byRoute.get(route) ?? { n: 0, ms: 0 };
    r.n++;
    r.ms += ms;
    this.byRoute.set(route, r);
  }

  profile(): string {
    return [...this.byRoute.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([route, r]) => `${route}: ${r.n} × ${(r.ms / r.n).toFixed(1)} ms = ${(r.ms / 1000).toFixed(1)} s`)
      .join('\n  ');
  }
}

export interface Expected {
  status: number;
  code?: string;
}

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  actor?: Actor;
  body?: object;
  key?: string;
}

/** The log of one trade: every request it made, for the failure message. */
export class TradeLog {
  private readonly lines: string[] = [];

  constructor(
    readonly header: string,
    private readonly http: TestAgent,
    private readonly meter: Meter,
  ) {}

  note(line: string): void {
    this.lines.push(`${new Date().toISOString()} ${line}`);
  }

  fail(message: string): never {
    throw new TradeFailure(
      `${this.header}\n${message}\n(wall clock ${new Date().toISOString()})\n` +
        `-- the trade's last steps --\n${this.lines.slice(-30).join('\n')}`,
    );
  }

  check(ok: boolean, message: string): void {
    if (!ok) this.fail(message);
  }

  equal(what: string, actual: unknown, expected: unknown): void {
    if (!isDeepStrictEqual(actual, expected)) {
      this.fail(`${what}:\n  expected ${JSON.stringify(expected)}\n  actual   ${JSON.stringify(actual)}`);
    }
  }

  /** Sends the request and fails the trade unless the answer is one of `expected` (status and, if given, code). */
  async send(call: Call, ...expected: Expected[]): Promise<Response> {
    const url = `/api/v1${call.path}`;
    let req = call.method === 'GET' ? this.http.get(url) : this.http.post(url);
    if (call.actor) req = req.set('Authorization', call.actor.auth);
    if (call.key) req = req.set('Idempotency-Key', call.key);
    this.meter.requests++;
    const started = Date.now();
    const res = call.method === 'POST' ? await req.send(call.body ?? {}) : await req;
    this.meter.record(call.method, call.path, Date.now() - started);
    const code = (res.body as { code?: string } | undefined)?.code;
    const body = call.body ? ` ${JSON.stringify(call.body)}` : '';
    this.note(
      `${call.method} ${url}${call.key ? ` [Idempotency-Key ${call.key}]` : ''}${body} → ${res.status}${code ? ` ${code}` : ''}`,
    );
    if (!expected.some((e) => e.status === res.status && (e.code === undefined || e.code === code))) {
      this.fail(
        `request:  ${call.method} ${url}${call.key ? ` (Idempotency-Key: ${call.key})` : ''}${body}\n` +
          `expected: ${expected.map((e) => `${e.status}${e.code ? ` ${e.code}` : ''}`).join(' or ')}\n` +
          `response: ${res.status} ${JSON.stringify(res.body).slice(0, 3000)}`,
      );
    }
    return res;
  }
}
