import {
  assertBalanced,
  BuiltEntry,
  depositApplied,
  depositForfeited,
  depositRecorded,
  depositReleased,
  isLedgerEntryKind,
  LEDGER_ENTRY_KINDS,
  payout,
  paymentReceived,
  paymentReturned,
  Posting,
  refundPaid,
  retentionReleased,
  settlement,
  SettlementAmounts,
} from './entries';

const R = '6f1c2a3e-0000-4000-8000-000000000001';
const D = '6f1c2a3e-0000-4000-8000-0000000000d1';

function sum(postings: Posting[]): number {
  return postings.reduce((s, p) => s + p.amountFen, 0);
}

describe('entry builders', () => {
  it.each<[string, BuiltEntry, BuiltEntry]>([
    [
      'deposit recorded: Dr BANK, Cr DEPOSITS_HELD:r',
      depositRecorded(R, 1_800_000),
      {
        kind: 'DEPOSIT_RECORDED',
        registrationId: R,
        postings: [
          { account: 'BANK', amountFen: 1_800_000 },
          { account: `DEPOSITS_HELD:${R}`, amountFen: -1_800_000 },
        ],
      },
    ],
    [
      'deposit released: Dr DEPOSITS_HELD:r, Cr REFUNDS_PAYABLE:r',
      depositReleased(R, 1_800_000),
      {
        kind: 'DEPOSIT_RELEASED',
        registrationId: R,
        postings: [
          { account: `DEPOSITS_HELD:${R}`, amountFen: 1_800_000 },
          { account: `REFUNDS_PAYABLE:${R}`, amountFen: -1_800_000 },
        ],
      },
    ],
    [
      'refund paid: Dr REFUNDS_PAYABLE:r, Cr BANK',
      refundPaid(R, 1_800_000),
      {
        kind: 'REFUND_PAID',
        registrationId: R,
        postings: [
          { account: `REFUNDS_PAYABLE:${R}`, amountFen: 1_800_000 },
          { account: 'BANK', amountFen: -1_800_000 },
        ],
      },
    ],
    [
      'deposit applied: Dr DEPOSITS_HELD:r, Cr BUYER_FUNDS:d',
      depositApplied(R, D, 1_800_000),
      {
        kind: 'DEPOSIT_APPLIED',
        registrationId: R,
        dealId: D,
        postings: [
          { account: `DEPOSITS_HELD:${R}`, amountFen: 1_800_000 },
          { account: `BUYER_FUNDS:${D}`, amountFen: -1_800_000 },
        ],
      },
    ],
    [
      'payment received: Dr BANK, Cr BUYER_FUNDS:d',
      paymentReceived(D, 7_434_000),
      {
        kind: 'PAYMENT_RECEIVED',
        dealId: D,
        postings: [
          { account: 'BANK', amountFen: 7_434_000 },
          { account: `BUYER_FUNDS:${D}`, amountFen: -7_434_000 },
        ],
      },
    ],
    [
      'payout: Dr SELLER_PAYABLE:d, Cr BANK',
      payout(D, 8_883_000),
      {
        kind: 'PAYOUT',
        dealId: D,
        postings: [
          { account: `SELLER_PAYABLE:${D}`, amountFen: 8_883_000 },
          { account: 'BANK', amountFen: -8_883_000 },
        ],
      },
    ],
    [
      'deposit forfeited: Dr DEPOSITS_HELD:r, Cr SELLER_PAYABLE:d',
      depositForfeited(R, D, 1_800_000),
      {
        kind: 'DEPOSIT_FORFEITED',
        registrationId: R,
        dealId: D,
        postings: [
          { account: `DEPOSITS_HELD:${R}`, amountFen: 1_800_000 },
          { account: `SELLER_PAYABLE:${D}`, amountFen: -1_800_000 },
        ],
      },
    ],
    [
      'payments returned to a defaulting winner: Dr BUYER_FUNDS:d, Cr BANK',
      paymentReturned(D, 2_500_000),
      {
        kind: 'PAYMENT_RETURNED',
        dealId: D,
        postings: [
          { account: `BUYER_FUNDS:${D}`, amountFen: 2_500_000 },
          { account: 'BANK', amountFen: -2_500_000 },
        ],
      },
    ],
    [
      'a single fen',
      paymentReceived(D, 1),
      {
        kind: 'PAYMENT_RECEIVED',
        dealId: D,
        postings: [
          { account: 'BANK', amountFen: 1 },
          { account: `BUYER_FUNDS:${D}`, amountFen: -1 },
        ],
      },
    ],
    [
      'the largest safe amount',
      depositRecorded(R, Number.MAX_SAFE_INTEGER),
      {
        kind: 'DEPOSIT_RECORDED',
        registrationId: R,
        postings: [
          { account: 'BANK', amountFen: Number.MAX_SAFE_INTEGER },
          { account: `DEPOSITS_HELD:${R}`, amountFen: -Number.MAX_SAFE_INTEGER },
        ],
      },
    ],
  ])('%s', (_label, built, expected) => {
    expect(built).toEqual(expected);
    expect(sum(built.postings)).toBe(0);
    expect(() => assertBalanced(built.postings)).not.toThrow();
  });

  const builders: [string, (amountFen: number) => BuiltEntry][] = [
    ['depositRecorded', (a) => depositRecorded(R, a)],
    ['depositReleased', (a) => depositReleased(R, a)],
    ['refundPaid', (a) => refundPaid(R, a)],
    ['depositApplied', (a) => depositApplied(R, D, a)],
    ['paymentReceived', (a) => paymentReceived(D, a)],
    ['payout', (a) => payout(D, a)],
    ['depositForfeited', (a) => depositForfeited(R, D, a)],
    ['settlement (total)', (a) => settlement(D, { totalFen: a, buyerFeeFen: 0, sellerFeeFen: 0 })],
    ['retentionReleased', (a) => retentionReleased(D, a)],
  ];
  const badAmounts: [string, number][] = [
    ['zero', 0],
    ['negative', -100],
    ['a fraction', 10.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['unsafe', 2 ** 53],
    ['a string', '100' as unknown as number],
  ];
  describe.each(builders)('%s refuses', (_name, build) => {
    it.each(badAmounts)('%s', (_label, amount) => {
      expect(() => build(amount)).toThrow(RangeError);
    });
  });

  it.each<[string, () => BuiltEntry]>([
    ['a malformed registration id', () => depositRecorded('not an id', 100)],
    ['a malformed deal id', () => payout('', 100)],
  ])('refuses %s', (_label, build) => {
    expect(build).toThrow(RangeError);
  });
});

describe('settlement', () => {
  // a 90,000 元 deal: buyer fee 1,170 元, seller fee 1,170 元 (1.3%)
  it.each<[string, SettlementAmounts, Posting[]]>([
    [
      'both fees',
      { totalFen: 9_000_000, buyerFeeFen: 117_000, sellerFeeFen: 117_000 },
      [
        { account: `BUYER_FUNDS:${D}`, amountFen: 9_117_000 },
        { account: 'FEE_INCOME', amountFen: -234_000 },
        { account: `SELLER_PAYABLE:${D}`, amountFen: -8_883_000 },
      ],
    ],
    [
      'seller exempt (PERSON or COLLECTIVE)',
      { totalFen: 9_000_000, buyerFeeFen: 117_000, sellerFeeFen: 0 },
      [
        { account: `BUYER_FUNDS:${D}`, amountFen: 9_117_000 },
        { account: 'FEE_INCOME', amountFen: -117_000 },
        { account: `SELLER_PAYABLE:${D}`, amountFen: -9_000_000 },
      ],
    ],
    [
      'buyer fee waived',
      { totalFen: 9_000_000, buyerFeeFen: 0, sellerFeeFen: 117_000 },
      [
        { account: `BUYER_FUNDS:${D}`, amountFen: 9_000_000 },
        { account: 'FEE_INCOME', amountFen: -117_000 },
        { account: `SELLER_PAYABLE:${D}`, amountFen: -8_883_000 },
      ],
    ],
    [
      'both fees waived: no FEE_INCOME posting',
      { totalFen: 9_000_000, buyerFeeFen: 0, sellerFeeFen: 0 },
      [
        { account: `BUYER_FUNDS:${D}`, amountFen: 9_000_000 },
        { account: `SELLER_PAYABLE:${D}`, amountFen: -9_000_000 },
      ],
    ],
    [
      'seller fee equal to the total: no SELLER_PAYABLE posting',
      { totalFen: 20_000, buyerFeeFen: 20_000, sellerFeeFen: 20_000 },
      [
        { account: `BUYER_FUNDS:${D}`, amountFen: 40_000 },
        { account: 'FEE_INCOME', amountFen: -40_000 },
      ],
    ],
    [
      'a year of rent paid late: the late fee comes from the payer and goes to the payee',
      { totalFen: 800_000, buyerFeeFen: 10_400, sellerFeeFen: 0, lateFeeFen: 4_000 },
      [
        { account: `BUYER_FUNDS:${D}`, amountFen: 814_400 },
        { account: 'FEE_INCOME', amountFen: -10_400 },
        { account: `SELLER_PAYABLE:${D}`, amountFen: -804_000 },
      ],
    ],
    [
      'a procurement’s balance: the retention is held, not paid out',
      { totalFen: 34_440_000, buyerFeeFen: 0, sellerFeeFen: 447_720, retentionFen: 1_476_000 },
      [
        { account: `BUYER_FUNDS:${D}`, amountFen: 34_440_000 },
        { account: 'FEE_INCOME', amountFen: -447_720 },
        { account: `SELLER_PAYABLE:${D}`, amountFen: -32_516_280 },
        { account: `RETENTION_HELD:${D}`, amountFen: -1_476_000 },
      ],
    ],
  ])('%s', (_label, amounts, postings) => {
    const built = settlement(D, amounts);
    expect(built).toEqual({ kind: 'SETTLEMENT', dealId: D, postings });
    expect(sum(built.postings)).toBe(0);
    expect(built.postings.every((p) => !Object.is(p.amountFen, -0) && p.amountFen !== 0)).toBe(true);
  });

  it.each<[string, SettlementAmounts]>([
    ['a zero total', { totalFen: 0, buyerFeeFen: 0, sellerFeeFen: 0 }],
    ['a negative buyer fee', { totalFen: 100, buyerFeeFen: -1, sellerFeeFen: 0 }],
    ['a negative seller fee', { totalFen: 100, buyerFeeFen: 0, sellerFeeFen: -1 }],
    ['a fractional fee', { totalFen: 100, buyerFeeFen: 0.5, sellerFeeFen: 0 }],
    ['a seller fee above the total', { totalFen: 100, buyerFeeFen: 0, sellerFeeFen: 101 }],
    ['total + buyer fee beyond 2^53', { totalFen: Number.MAX_SAFE_INTEGER, buyerFeeFen: 1, sellerFeeFen: 0 }],
    ['an unsafe buyer fee', { totalFen: 100, buyerFeeFen: 2 ** 53, sellerFeeFen: 0 }],
    ['a negative late fee', { totalFen: 100, buyerFeeFen: 0, sellerFeeFen: 0, lateFeeFen: -1 }],
    [
      'a seller fee and retention above the total',
      { totalFen: 100, buyerFeeFen: 0, sellerFeeFen: 60, retentionFen: 41 },
    ],
  ])('refuses %s', (_label, amounts) => {
    expect(() => settlement(D, amounts)).toThrow(RangeError);
  });
});

describe('assertBalanced', () => {
  it.each<[string, Posting[]]>([
    [
      'two postings',
      [
        { account: 'BANK', amountFen: 5 },
        { account: `BUYER_FUNDS:${D}`, amountFen: -5 },
      ],
    ],
    [
      'three postings',
      [
        { account: `BUYER_FUNDS:${D}`, amountFen: 10 },
        { account: 'FEE_INCOME', amountFen: -3 },
        { account: `SELLER_PAYABLE:${D}`, amountFen: -7 },
      ],
    ],
    [
      'sums beyond 2^53 on the way, exactly 0 at the end',
      [
        { account: 'BANK', amountFen: Number.MAX_SAFE_INTEGER },
        { account: 'FEE_INCOME', amountFen: Number.MAX_SAFE_INTEGER },
        { account: `BUYER_FUNDS:${D}`, amountFen: -Number.MAX_SAFE_INTEGER },
        { account: `SELLER_PAYABLE:${D}`, amountFen: -Number.MAX_SAFE_INTEGER },
      ],
    ],
  ])('accepts %s', (_label, postings) => {
    expect(() => assertBalanced(postings)).not.toThrow();
  });

  it.each<[string, Posting[]]>([
    ['no postings', []],
    ['one posting of 0', [{ account: 'BANK', amountFen: 0 }]],
    [
      'a sum of 1',
      [
        { account: 'BANK', amountFen: 6 },
        { account: `BUYER_FUNDS:${D}`, amountFen: -5 },
      ],
    ],
    [
      'a zero posting',
      [
        { account: 'BANK', amountFen: 5 },
        { account: 'FEE_INCOME', amountFen: 0 },
        { account: `BUYER_FUNDS:${D}`, amountFen: -5 },
      ],
    ],
    [
      'a fractional amount',
      [
        { account: 'BANK', amountFen: 0.5 },
        { account: `BUYER_FUNDS:${D}`, amountFen: -0.5 },
      ],
    ],
    [
      'an unsafe amount',
      [
        { account: 'BANK', amountFen: 2 ** 53 },
        { account: `BUYER_FUNDS:${D}`, amountFen: -(2 ** 53) },
      ],
    ],
    [
      'a malformed account',
      [
        { account: 'CASH', amountFen: 5 },
        { account: `BUYER_FUNDS:${D}`, amountFen: -5 },
      ],
    ],
  ])('refuses %s', (_label, postings) => {
    expect(() => assertBalanced(postings)).toThrow(RangeError);
  });
});

describe('entry kinds', () => {
  it.each(LEDGER_ENTRY_KINDS.map((k) => [k]))('%s is a kind', (kind) => {
    expect(isLedgerEntryKind(kind)).toBe(true);
  });
  it.each([['REVERSAL'], ['deposit_recorded'], [''], [null]])('%s is not', (kind) => {
    expect(isLedgerEntryKind(kind)).toBe(false);
  });
});
