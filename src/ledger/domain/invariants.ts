import { DEAL_ACCOUNT_KINDS, NON_NEGATIVE_ACCOUNT_KINDS, parseAccount, REGISTRATION_ACCOUNT_KINDS } from './accounts';
import { DEPOSIT_RESOLUTION_KINDS, isLedgerEntryKind, LedgerEntryKind } from './entries';

/**
 * The ledger's invariants (DOMAIN.md §3), checked over plain rows so that `GET /ledger/verify` and the tests can run
 * them on whatever the database holds:
 * - `ENTRY_WELL_FORMED`: a known kind, the registration/deal ids its kind needs, postings on well-formed account
 *   codes that belong to the entry's own registration or deal;
 * - `ENTRY_BALANCED`: at least two postings, none of 0 fen, summing to exactly 0;
 * - `NO_NEGATIVE_BALANCE`: no DEPOSITS_HELD, REFUNDS_PAYABLE, BUYER_FUNDS or SELLER_PAYABLE account ever has a
 *   natural balance below zero, after any entry in `seq` order (reported once per account, at the first entry);
 * - `DEPOSIT_RECORDED_ONCE`: a registration's deposit is recorded at most once;
 * - `DEPOSIT_RESOLVED_ONCE`: a deposit is released, applied or forfeited at most once, never without having been
 *   recorded, and exactly once when the registration's listing is finished;
 * - `DEPOSIT_RESOLVED_IN_FULL`: once resolved, the registration's DEPOSITS_HELD account is back to zero;
 * - `DEAL_SETTLED_ONCE`: a deal has at most one SETTLEMENT entry per instalment of its contract, and a settled deal
 *   at least one;
 * - `SETTLED_DEAL_CLEARED`: a deal whose contract is completed (every instalment settled, any retention released)
 *   has nothing left in its BUYER_FUNDS, SELLER_PAYABLE and RETENTION_HELD accounts (all was paid out).
 */

export interface InvariantPosting {
  account: string;
  amountFen: number;
}

/** An entry as read from `ledger_entries`, with its postings from `ledger_postings`. */
export interface InvariantEntry {
  id: string;
  /** Posting order; entries are checked in ascending `seq` whatever order they come in. */
  seq: number;
  kind: string;
  registrationId: string | null;
  dealId: string | null;
  postings: readonly InvariantPosting[];
}

export interface LedgerFacts {
  entries: readonly InvariantEntry[];
  /**
   * Registrations whose listing is finished (no further money move can come for their deposit), so their deposit,
   * if recorded, must have been resolved. Registrations without ledger entries may be included or not.
   */
  finishedRegistrationIds: readonly string[];
  /** Deals in status SETTLED, with the number of instalments of their contract. */
  settledDeals: readonly { dealId: string; instalments: number }[];
  /** Deals whose contract is COMPLETED. */
  completedDealIds: readonly string[];
}

export const INVARIANTS = [
  'ENTRY_WELL_FORMED',
  'ENTRY_BALANCED',
  'NO_NEGATIVE_BALANCE',
  'DEPOSIT_RECORDED_ONCE',
  'DEPOSIT_RESOLVED_ONCE',
  'DEPOSIT_RESOLVED_IN_FULL',
  'DEAL_SETTLED_ONCE',
  'SETTLED_DEAL_CLEARED',
] as const;

export type InvariantName = (typeof INVARIANTS)[number];

export interface Violation {
  invariant: InvariantName;
  detail: string;
}

/** Which ids each kind of entry carries. */
const SUBJECTS: Record<LedgerEntryKind, { registration: boolean; deal: boolean }> = {
  DEPOSIT_RECORDED: { registration: true, deal: false },
  DEPOSIT_RELEASED: { registration: true, deal: false },
  REFUND_PAID: { registration: true, deal: false },
  DEPOSIT_APPLIED: { registration: true, deal: true },
  PAYMENT_RECEIVED: { registration: false, deal: true },
  SETTLEMENT: { registration: false, deal: true },
  PAYOUT: { registration: false, deal: true },
  DEPOSIT_FORFEITED: { registration: true, deal: true },
  PAYMENT_RETURNED: { registration: false, deal: true },
  RETENTION_RELEASED: { registration: false, deal: true },
};

function label(e: InvariantEntry): string {
  return `entry ${e.id} (${e.kind}, seq ${e.seq})`;
}

/**
 * What is wrong with an entry's shape (kind, ids, account codes), as readable phrases; empty when nothing is.
 * `LedgerService.post` refuses an entry with problems; `checkInvariants` reports them as `ENTRY_WELL_FORMED`.
 */
export function entryShapeProblems(
  e: Pick<InvariantEntry, 'kind' | 'registrationId' | 'dealId' | 'postings'>,
): string[] {
  const problems: string[] = [];
  if (!isLedgerEntryKind(e.kind)) {
    problems.push(`unknown kind ${JSON.stringify(e.kind)}`);
  } else {
    const needs = SUBJECTS[e.kind];
    if (needs.registration && !e.registrationId) problems.push('no registrationId');
    if (needs.deal && !e.dealId) problems.push('no dealId');
  }
  for (const p of e.postings) {
    const parsed = parseAccount(p.account);
    if (!parsed) {
      problems.push(`malformed account ${JSON.stringify(p.account)}`);
    } else if (REGISTRATION_ACCOUNT_KINDS.includes(parsed.kind) && parsed.ownerId !== e.registrationId) {
      problems.push(`account ${p.account} is not of the entry's registration ${e.registrationId ?? '(none)'}`);
    } else if (DEAL_ACCOUNT_KINDS.includes(parsed.kind) && parsed.ownerId !== e.dealId) {
      problems.push(`account ${p.account} is not of the entry's deal ${e.dealId ?? '(none)'}`);
    }
  }
  return problems;
}

function balanceProblems(e: InvariantEntry): string[] {
  const problems: string[] = [];
  if (e.postings.length < 2) problems.push(`has ${e.postings.length} posting(s), at least 2 needed`);
  let sum = 0n;
  for (const p of e.postings) {
    if (!Number.isSafeInteger(p.amountFen)) {
      problems.push(`posting on ${p.account} is not a safe integer of fen: ${String(p.amountFen)}`);
      continue;
    }
    if (p.amountFen === 0) problems.push(`posting of 0 fen on ${p.account}`);
    sum += BigInt(p.amountFen);
  }
  if (sum !== 0n) problems.push(`postings sum to ${sum} fen, not 0`);
  return problems;
}

/** Natural balance (credits − debits for every kind checked here) of a debits − credits sum, 0 for none. */
function owed(balances: Map<string, bigint>, account: string): bigint {
  return -(balances.get(account) ?? 0n);
}

function count<K>(map: Map<K, string[]>, key: K, entryId: string): void {
  const list = map.get(key);
  if (list) list.push(entryId);
  else map.set(key, [entryId]);
}

/**
 * Every violation of the ledger's invariants in `facts`; an empty list means the ledger is sound. Never throws on
 * bad data: whatever the rows hold is reported as a violation. (Account codes are rebuilt here with plain
 * templates, not the throwing builders, for the same reason.)
 */
export function checkInvariants(facts: LedgerFacts): Violation[] {
  const violations: Violation[] = [];
  const entries = [...facts.entries].sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  /** Debits − credits per account, as bigint (sums of safe integers may not be safe). */
  const balances = new Map<string, bigint>();
  const wentNegative = new Set<string>();
  const recorded = new Map<string, string[]>();
  const resolved = new Map<string, string[]>();
  const settlements = new Map<string, string[]>();

  for (const e of entries) {
    const malformed = entryShapeProblems(e);
    if (malformed.length)
      violations.push({ invariant: 'ENTRY_WELL_FORMED', detail: `${label(e)}: ${malformed.join('; ')}` });
    const unbalanced = balanceProblems(e);
    if (unbalanced.length)
      violations.push({ invariant: 'ENTRY_BALANCED', detail: `${label(e)}: ${unbalanced.join('; ')}` });

    const touched = new Set<string>();
    for (const p of e.postings) {
      if (!Number.isSafeInteger(p.amountFen)) continue;
      balances.set(p.account, (balances.get(p.account) ?? 0n) + BigInt(p.amountFen));
      touched.add(p.account);
    }
    for (const account of touched) {
      const parsed = parseAccount(account);
      if (!parsed || !NON_NEGATIVE_ACCOUNT_KINDS.includes(parsed.kind) || wentNegative.has(account)) continue;
      const balance = owed(balances, account);
      if (balance < 0n) {
        wentNegative.add(account);
        violations.push({
          invariant: 'NO_NEGATIVE_BALANCE',
          detail: `account ${account} went to ${balance} fen at ${label(e)}`,
        });
      }
    }

    if (e.registrationId && e.kind === 'DEPOSIT_RECORDED') count(recorded, e.registrationId, e.id);
    if (e.registrationId && (DEPOSIT_RESOLUTION_KINDS as readonly string[]).includes(e.kind)) {
      count(resolved, e.registrationId, e.id);
    }
    if (e.dealId && e.kind === 'SETTLEMENT') count(settlements, e.dealId, e.id);
  }

  for (const [registrationId, ids] of recorded) {
    if (ids.length > 1) {
      violations.push({
        invariant: 'DEPOSIT_RECORDED_ONCE',
        detail: `registration ${registrationId}: deposit recorded ${ids.length} times (entries ${ids.join(', ')})`,
      });
    }
  }
  for (const [registrationId, ids] of resolved) {
    if (!recorded.has(registrationId)) {
      violations.push({
        invariant: 'DEPOSIT_RESOLVED_ONCE',
        detail: `registration ${registrationId}: deposit resolved but never recorded (entries ${ids.join(', ')})`,
      });
    } else if (ids.length > 1) {
      violations.push({
        invariant: 'DEPOSIT_RESOLVED_ONCE',
        detail: `registration ${registrationId}: deposit resolved ${ids.length} times (entries ${ids.join(', ')})`,
      });
    } else {
      const held = owed(balances, `DEPOSITS_HELD:${registrationId}`);
      if (held !== 0n) {
        violations.push({
          invariant: 'DEPOSIT_RESOLVED_IN_FULL',
          detail: `registration ${registrationId}: ${held} fen still held after the deposit was resolved (entry ${ids[0]})`,
        });
      }
    }
  }
  for (const registrationId of new Set(facts.finishedRegistrationIds)) {
    if (recorded.has(registrationId) && !resolved.has(registrationId)) {
      violations.push({
        invariant: 'DEPOSIT_RESOLVED_ONCE',
        detail: `registration ${registrationId}: the listing is finished but the deposit was never released, applied or forfeited`,
      });
    }
  }

  const instalmentsOf = new Map(facts.settledDeals.map((d) => [d.dealId, d.instalments]));
  for (const [dealId, ids] of settlements) {
    const allowed = instalmentsOf.get(dealId) ?? 1;
    if (ids.length > allowed) {
      violations.push({
        invariant: 'DEAL_SETTLED_ONCE',
        detail: `deal ${dealId}: ${ids.length} settlement entries for ${allowed} instalment(s) (${ids.join(', ')})`,
      });
    }
  }
  for (const { dealId } of facts.settledDeals) {
    if (!settlements.has(dealId)) {
      violations.push({
        invariant: 'DEAL_SETTLED_ONCE',
        detail: `deal ${dealId} is settled but has no settlement entry`,
      });
    }
  }
  for (const dealId of new Set(facts.completedDealIds)) {
    for (const account of [`BUYER_FUNDS:${dealId}`, `SELLER_PAYABLE:${dealId}`, `RETENTION_HELD:${dealId}`]) {
      const balance = owed(balances, account);
      if (balance !== 0n) {
        violations.push({
          invariant: 'SETTLED_DEAL_CLEARED',
          detail: `deal ${dealId}'s contract is completed but ${account} holds ${balance} fen`,
        });
      }
    }
  }
  return violations;
}
