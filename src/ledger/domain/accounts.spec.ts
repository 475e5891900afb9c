import {
  ACCOUNT_KINDS,
  accountKind,
  AccountKind,
  bank,
  buyerFunds,
  depositsHeld,
  feeIncome,
  isAccountCode,
  naturalBalance,
  parseAccount,
  refundsPayable,
  retentionHeld,
  sellerPayable,
} from './accounts';

const R = '6f1c2a3e-0000-4000-8000-000000000001';
const D = '6f1c2a3e-0000-4000-8000-0000000000d1';

describe('account codes', () => {
  it.each<[string, string, string, AccountKind]>([
    ['bank', bank(), 'BANK', 'BANK'],
    ['deposits held', depositsHeld(R), `DEPOSITS_HELD:${R}`, 'DEPOSITS_HELD'],
    ['refunds payable', refundsPayable(R), `REFUNDS_PAYABLE:${R}`, 'REFUNDS_PAYABLE'],
    ['buyer funds', buyerFunds(D), `BUYER_FUNDS:${D}`, 'BUYER_FUNDS'],
    ['seller payable', sellerPayable(D), `SELLER_PAYABLE:${D}`, 'SELLER_PAYABLE'],
    ['fee income', feeIncome(), 'FEE_INCOME', 'FEE_INCOME'],
  ])('%s', (_label, code, expected, kind) => {
    expect(code).toBe(expected);
    expect(accountKind(code)).toBe(kind);
    expect(isAccountCode(code)).toBe(true);
    expect(code.length).toBeLessThanOrEqual(80);
  });

  it('every kind has a builder', () => {
    const built = [
      bank(),
      depositsHeld(R),
      refundsPayable(R),
      buyerFunds(D),
      sellerPayable(D),
      retentionHeld(D),
      feeIncome(),
    ];
    expect(built.map(accountKind).sort()).toEqual([...ACCOUNT_KINDS].sort());
  });

  it.each<[string, () => string]>([
    ['an empty registration id', () => depositsHeld('')],
    ['an id with a colon', () => refundsPayable('a:b')],
    ['an id with a space', () => buyerFunds('a b')],
    ['an id too long', () => sellerPayable('x'.repeat(61))],
    ['a non-string id', () => depositsHeld(42 as never)],
  ])('refuses %s', (_label, build) => {
    expect(build).toThrow(RangeError);
  });
});

describe('parseAccount and accountKind', () => {
  it.each<[string, { kind: AccountKind; ownerId: string | null }]>([
    ['BANK', { kind: 'BANK', ownerId: null }],
    ['FEE_INCOME', { kind: 'FEE_INCOME', ownerId: null }],
    [`DEPOSITS_HELD:${R}`, { kind: 'DEPOSITS_HELD', ownerId: R }],
    [`REFUNDS_PAYABLE:${R}`, { kind: 'REFUNDS_PAYABLE', ownerId: R }],
    [`BUYER_FUNDS:${D}`, { kind: 'BUYER_FUNDS', ownerId: D }],
    [`SELLER_PAYABLE:${D}`, { kind: 'SELLER_PAYABLE', ownerId: D }],
  ])('%s', (code, parsed) => {
    expect(parseAccount(code)).toEqual(parsed);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['lower case', 'bank'],
    ['BANK with an id', `BANK:${R}`],
    ['FEE_INCOME with an id', `FEE_INCOME:${R}`],
    ['per-registration kind without id', 'DEPOSITS_HELD'],
    ['per-registration kind with empty id', 'DEPOSITS_HELD:'],
    ['unknown kind', `ESCROW:${R}`],
    ['two colons', `BUYER_FUNDS:${D}:x`],
    ['leading space', ` BANK`],
    ['too long', `SELLER_PAYABLE:${'a'.repeat(80)}`],
  ])('refuses %s', (_label, code) => {
    expect(parseAccount(code)).toBeNull();
    expect(isAccountCode(code)).toBe(false);
    expect(() => accountKind(code)).toThrow(RangeError);
  });
});

describe('naturalBalance', () => {
  it.each<[AccountKind, number, number]>([
    // BANK is an asset: debits − credits
    ['BANK', 500_000, 500_000],
    ['BANK', -1, -1],
    ['BANK', 0, 0],
    // every other account: credits − debits, so money held or owed shows positive
    ['DEPOSITS_HELD', -500_000, 500_000],
    ['DEPOSITS_HELD', 0, 0],
    ['DEPOSITS_HELD', 7, -7],
    ['REFUNDS_PAYABLE', -300, 300],
    ['BUYER_FUNDS', -9_000_000, 9_000_000],
    ['SELLER_PAYABLE', -8_883_000, 8_883_000],
    ['FEE_INCOME', -234_000, 234_000],
    ['FEE_INCOME', Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
  ])('%s with debits − credits = %d → %d', (kind, dmc, expected) => {
    expect(naturalBalance(kind, dmc)).toBe(expected);
  });

  it('never answers -0', () => {
    expect(Object.is(naturalBalance('DEPOSITS_HELD', 0), 0)).toBe(true);
    expect(Object.is(naturalBalance('BANK', -0), 0)).toBe(true);
  });

  it.each<[string, AccountKind, number]>([
    ['a fraction', 'BANK', 1.5],
    ['NaN', 'FEE_INCOME', Number.NaN],
    ['an unsafe integer', 'DEPOSITS_HELD', 2 ** 53],
    ['an unknown kind', 'ESCROW' as AccountKind, 1],
  ])('refuses %s', (_label, kind, dmc) => {
    expect(() => naturalBalance(kind, dmc)).toThrow(RangeError);
  });
});
