import {
  BuiltEntry,
  depositApplied,
  depositForfeited,
  depositRecorded,
  depositReleased,
  payout,
  paymentReceived,
  refundPaid,
  retentionReleased,
  settlement,
} from './entries';
import { checkInvariants, InvariantEntry, InvariantName, LedgerFacts } from './invariants';

const W = '00000000-0000-4000-8000-00000000000a'; // the winner's registration
const L = '00000000-0000-4000-8000-00000000000b'; // a loser's registration
const D = '00000000-0000-4000-8000-0000000000d1'; // the deal

const DEPOSIT = 1_800_000;
const TOTAL = 9_000_000;
const FEE = 117_000;
const FEES = { totalFen: TOTAL, buyerFeeFen: FEE, sellerFeeFen: FEE };
const BALANCE_DUE = TOTAL - DEPOSIT + FEE; // 7,317,000
const SELLER_GETS = TOTAL - FEE; // 8,883,000

type Row = BuiltEntry | Omit<InvariantEntry, 'id' | 'seq'>;

/** Entries numbered e1, e2, ... in the order given. */
function rows(...entries: Row[]): InvariantEntry[] {
  return entries.map((e, i) => ({
    id: `e${i + 1}`,
    seq: i + 1,
    kind: e.kind,
    registrationId: e.registrationId ?? null,
    dealId: e.dealId ?? null,
    postings: e.postings,
  }));
}

/** `settled`: deals settled in one instalment (their contract completed). */
function facts(entries: InvariantEntry[], finished: string[] = [], settled: string[] = []): LedgerFacts {
  return {
    entries,
    finishedRegistrationIds: finished,
    settledDeals: settled.map((dealId) => ({ dealId, instalments: 1 })),
    completedDealIds: settled,
  };
}

const auctionSettled = rows(
  depositRecorded(W, DEPOSIT),
  depositRecorded(L, DEPOSIT),
  depositReleased(L, DEPOSIT),
  refundPaid(L, DEPOSIT),
  depositApplied(W, D, DEPOSIT),
  paymentReceived(D, BALANCE_DUE),
  settlement(D, FEES),
  payout(D, SELLER_GETS),
);

describe('checkInvariants: a sound ledger', () => {
  it.each<[string, LedgerFacts]>([
    ['an empty ledger', facts([])],
    ['an empty ledger with finished registrations and settled deals', facts([], [W, L], [])],
    ['an auction settled, the loser refunded', facts(auctionSettled, [W, L], [D])],
    ['the same, entries given out of order', facts([...auctionSettled].reverse(), [W, L], [D])],
    [
      'payment in two instalments, fees waived',
      facts(
        rows(
          depositRecorded(W, DEPOSIT),
          depositApplied(W, D, DEPOSIT),
          paymentReceived(D, 5_000_000),
          paymentReceived(D, TOTAL - DEPOSIT - 5_000_000),
          settlement(D, { totalFen: TOTAL, buyerFeeFen: 0, sellerFeeFen: 0 }),
          payout(D, TOTAL),
        ),
        [W],
        [D],
      ),
    ],
    [
      'a default: the deposit forfeited and paid out to the seller',
      facts(rows(depositRecorded(W, DEPOSIT), depositForfeited(W, D, DEPOSIT), payout(D, DEPOSIT)), [W]),
    ],
    [
      'a default not yet paid out (the deal is not settled)',
      facts(rows(depositRecorded(W, DEPOSIT), depositForfeited(W, D, DEPOSIT)), [W]),
    ],
    [
      'a withdrawal: released, refund not yet paid',
      facts(rows(depositRecorded(W, DEPOSIT), depositReleased(W, DEPOSIT)), [W]),
    ],
    ['a deposit held while the listing runs', facts(rows(depositRecorded(W, DEPOSIT)), [])],
    [
      'a deal in progress, partly paid',
      facts(rows(depositRecorded(W, DEPOSIT), depositApplied(W, D, DEPOSIT), paymentReceived(D, 1_000)), []),
    ],
  ])('%s', (_label, input) => {
    expect(checkInvariants(input)).toEqual([]);
  });
});

describe('checkInvariants: violations', () => {
  it.each<[string, LedgerFacts, InvariantName[]]>([
    [
      'an unbalanced entry',
      facts(
        rows({
          kind: 'DEPOSIT_RECORDED',
          registrationId: W,
          postings: [
            { account: 'BANK', amountFen: 100 },
            { account: `DEPOSITS_HELD:${W}`, amountFen: -99 },
          ],
        }),
      ),
      ['ENTRY_BALANCED'],
    ],
    [
      'an entry with one posting',
      facts(rows({ kind: 'PAYMENT_RECEIVED', dealId: D, postings: [{ account: 'BANK', amountFen: 100 }] })),
      ['ENTRY_BALANCED'],
    ],
    [
      'an entry with no posting',
      facts(rows({ kind: 'PAYMENT_RECEIVED', dealId: D, postings: [] })),
      ['ENTRY_BALANCED'],
    ],
    [
      'a posting of 0 fen',
      facts(
        rows({
          kind: 'SETTLEMENT',
          dealId: D,
          postings: [
            { account: `BUYER_FUNDS:${D}`, amountFen: 0 },
            { account: 'FEE_INCOME', amountFen: 0 },
          ],
        }),
      ),
      ['ENTRY_BALANCED'],
    ],
    ['an unknown kind', facts(rows({ ...paymentReceived(D, 5), kind: 'REVERSAL' as never })), ['ENTRY_WELL_FORMED']],
    [
      'a deposit entry without its registration id',
      facts(rows({ ...depositRecorded(W, 5), registrationId: undefined })),
      ['ENTRY_WELL_FORMED'],
    ],
    [
      'a deal entry without its deal id',
      facts(rows({ ...paymentReceived(D, 5), dealId: undefined })),
      ['ENTRY_WELL_FORMED'],
    ],
    [
      "a posting on another registration's account",
      facts(rows({ ...depositRecorded(W, 5), registrationId: L })),
      ['ENTRY_WELL_FORMED'],
    ],
    [
      "a posting on another deal's account",
      facts(rows({ ...paymentReceived(D, 5), dealId: '00000000-0000-4000-8000-0000000000d2' })),
      ['ENTRY_WELL_FORMED'],
    ],
    [
      'a malformed account code',
      facts(
        rows({
          kind: 'PAYMENT_RECEIVED',
          dealId: D,
          postings: [
            { account: 'CASH', amountFen: 5 },
            { account: `BUYER_FUNDS:${D}`, amountFen: -5 },
          ],
        }),
      ),
      ['ENTRY_WELL_FORMED'],
    ],
    [
      'a refund paid before the release',
      facts(rows(depositRecorded(W, DEPOSIT), refundPaid(W, DEPOSIT), depositReleased(W, DEPOSIT))),
      ['NO_NEGATIVE_BALANCE'],
    ],
    [
      'a refund paid twice',
      facts(
        rows(depositRecorded(W, DEPOSIT), depositReleased(W, DEPOSIT), refundPaid(W, DEPOSIT), refundPaid(W, DEPOSIT)),
        [W],
      ),
      ['NO_NEGATIVE_BALANCE'],
    ],
    [
      'a payout beyond what is owed, twice (reported once per account)',
      facts(rows(depositRecorded(W, DEPOSIT), depositForfeited(W, D, DEPOSIT), payout(D, DEPOSIT + 1), payout(D, 5))),
      ['NO_NEGATIVE_BALANCE'],
    ],
    [
      'a settlement booked before the money arrived',
      facts(
        rows(
          depositRecorded(W, DEPOSIT),
          depositApplied(W, D, DEPOSIT),
          settlement(D, FEES),
          paymentReceived(D, BALANCE_DUE),
          payout(D, SELLER_GETS),
        ),
        [W],
        [D],
      ),
      ['NO_NEGATIVE_BALANCE'],
    ],
    [
      'a deposit recorded twice',
      facts(rows(depositRecorded(W, DEPOSIT), depositRecorded(W, DEPOSIT))),
      ['DEPOSIT_RECORDED_ONCE'],
    ],
    [
      'a deposit released twice',
      facts(rows(depositRecorded(W, DEPOSIT), depositReleased(W, DEPOSIT), depositReleased(W, DEPOSIT)), [W]),
      ['NO_NEGATIVE_BALANCE', 'DEPOSIT_RESOLVED_ONCE'],
    ],
    [
      'a deposit released and applied',
      facts(rows(depositRecorded(W, DEPOSIT), depositReleased(W, DEPOSIT), depositApplied(W, D, DEPOSIT))),
      ['NO_NEGATIVE_BALANCE', 'DEPOSIT_RESOLVED_ONCE'],
    ],
    [
      'a deposit released that was never recorded',
      facts(rows(depositReleased(W, DEPOSIT))),
      ['NO_NEGATIVE_BALANCE', 'DEPOSIT_RESOLVED_ONCE'],
    ],
    [
      'a finished listing with a deposit never resolved',
      facts(rows(depositRecorded(W, DEPOSIT), depositRecorded(L, DEPOSIT), depositReleased(L, DEPOSIT)), [W, L]),
      ['DEPOSIT_RESOLVED_ONCE'],
    ],
    [
      'a deposit released in part',
      facts(rows(depositRecorded(W, DEPOSIT), depositReleased(W, DEPOSIT - 1))),
      ['DEPOSIT_RESOLVED_IN_FULL'],
    ],
    [
      'a settled deal whose seller was not paid out',
      facts(auctionSettled.slice(0, -1), [W, L], [D]),
      ['SETTLED_DEAL_CLEARED'],
    ],
    [
      'a settled deal with buyer money left over',
      facts(rows(...auctionSettled, paymentReceived(D, 1)), [W, L], [D]),
      ['SETTLED_DEAL_CLEARED'],
    ],
    [
      'a settled deal without a settlement entry',
      facts(rows(depositRecorded(W, DEPOSIT), depositApplied(W, D, DEPOSIT)), [W], [D]),
      ['DEAL_SETTLED_ONCE', 'SETTLED_DEAL_CLEARED'],
    ],
    [
      'a deal settled twice',
      facts(rows(...auctionSettled, settlement(D, FEES)), [W, L], [D]),
      // BUYER_FUNDS goes below zero and stays there; SELLER_PAYABLE is owed the second payout
      ['NO_NEGATIVE_BALANCE', 'DEAL_SETTLED_ONCE', 'SETTLED_DEAL_CLEARED', 'SETTLED_DEAL_CLEARED'],
    ],
  ])('%s', (_label, input, expected) => {
    expect(checkInvariants(input).map((v) => v.invariant)).toEqual(expected);
  });

  it('a lease paid year by year: one settlement per instalment, money paid ahead may wait until the contract completes', () => {
    const year = { totalFen: 800_000, buyerFeeFen: 10_400, sellerFeeFen: 0 };
    const twoYears = rows(
      depositRecorded(W, 240_000),
      depositApplied(W, D, 240_000),
      paymentReceived(D, 570_400),
      settlement(D, year),
      payout(D, 800_000),
      paymentReceived(D, 814_400), // year 2 with a 40.00 元 late fee
      settlement(D, { ...year, lateFeeFen: 4_000 }),
      payout(D, 804_000),
      paymentReceived(D, 100_000), // towards year 3, ahead of time
    );
    const inForce = { entries: twoYears, finishedRegistrationIds: [W], completedDealIds: [] };
    expect(checkInvariants({ ...inForce, settledDeals: [{ dealId: D, instalments: 3 }] })).toEqual([]);
    // but not more settlements than instalments, and nothing left once the contract is completed
    expect(
      checkInvariants({ ...inForce, settledDeals: [{ dealId: D, instalments: 1 }], completedDealIds: [D] }).map(
        (v) => v.invariant,
      ),
    ).toEqual(['DEAL_SETTLED_ONCE', 'SETTLED_DEAL_CLEARED']);
  });

  it('a procurement’s retention is held until released; a completed contract holds none', () => {
    const balance = { totalFen: 1_000_000, buyerFeeFen: 0, sellerFeeFen: 0, retentionFen: 30_000 };
    const settledWithRetention = rows(paymentReceived(D, 1_000_000), settlement(D, balance), payout(D, 970_000));
    const base = { finishedRegistrationIds: [], settledDeals: [{ dealId: D, instalments: 1 }] };
    expect(checkInvariants({ ...base, entries: settledWithRetention, completedDealIds: [] })).toEqual([]);
    expect(
      checkInvariants({ ...base, entries: settledWithRetention, completedDealIds: [D] }).map((v) => v.detail),
    ).toEqual([`deal ${D}'s contract is completed but RETENTION_HELD:${D} holds 30000 fen`]);
    const released = rows(
      paymentReceived(D, 1_000_000),
      settlement(D, balance),
      payout(D, 970_000),
      retentionReleased(D, 30_000),
      payout(D, 30_000),
    );
    expect(checkInvariants({ ...base, entries: released, completedDealIds: [D] })).toEqual([]);
  });

  it('a balance that dips below zero and recovers is still reported, naming the account and the entry', () => {
    const violations = checkInvariants(
      facts(rows(depositRecorded(W, DEPOSIT), refundPaid(W, DEPOSIT), depositReleased(W, DEPOSIT))),
    );
    expect(violations).toEqual([
      {
        invariant: 'NO_NEGATIVE_BALANCE',
        detail: `account REFUNDS_PAYABLE:${W} went to -${DEPOSIT} fen at entry e2 (REFUND_PAID, seq 2)`,
      },
    ]);
  });

  it('BANK and FEE_INCOME may go below zero (only held and payable accounts are checked)', () => {
    const reversedFee = rows({
      kind: 'PAYOUT',
      dealId: D,
      postings: [
        { account: 'FEE_INCOME', amountFen: 10 },
        { account: 'BANK', amountFen: -10 },
      ],
    });
    expect(checkInvariants(facts(reversedFee))).toEqual([]);
  });

  it('never throws on junk rows', () => {
    const junk = rows({
      kind: 42 as never,
      registrationId: 'not:an id',
      postings: [
        { account: null as never, amountFen: Number.NaN },
        { account: 'DEPOSITS_HELD:x y', amountFen: 2 ** 60 },
      ],
    });
    expect(() => checkInvariants(facts(junk, ['not:an id'], ['also junk']))).not.toThrow();
    expect(checkInvariants(facts(junk)).map((v) => v.invariant)).toEqual(['ENTRY_WELL_FORMED', 'ENTRY_BALANCED']);
  });
});
