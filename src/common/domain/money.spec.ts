import {
  applyBasisPoints,
  assertSafeFen,
  fenToYuanString,
  isAtLeastBasisPointsOf,
  isAtMostBasisPointsOf,
  isNonNegativeFen,
  isSafeFen,
  roundHalfUp,
  toBigFen,
} from './money';

describe('money', () => {
  describe('roundHalfUp', () => {
    it.each<[bigint, bigint, bigint]>([
      [0n, 7n, 0n],
      [10n, 5n, 2n],
      [5n, 10n, 1n], // 0.5 → 1
      [4n, 10n, 0n], // 0.4 → 0
      [15n, 10n, 2n], // 1.5 → 2
      [25n, 10n, 3n], // 2.5 → 3 (half up, not half even)
      [249n, 100n, 2n],
      [250n, 100n, 3n],
      [1n, 3n, 0n],
      [2n, 3n, 1n],
      [9_007_199_254_740_993n * 3n, 3n, 9_007_199_254_740_993n], // beyond 2^53
    ])('%p / %p → %p', (n, d, expected) => {
      expect(roundHalfUp(n, d)).toBe(expected);
    });

    it.each<[bigint, bigint]>([
      [-1n, 2n],
      [1n, 0n],
      [1n, -2n],
    ])('rejects %p / %p', (n, d) => {
      expect(() => roundHalfUp(n, d)).toThrow(RangeError);
    });
  });

  describe('assertSafeFen', () => {
    it.each<[number | bigint, number]>([
      [0, 0],
      [123, 123],
      [-45, -45],
      [9_007_199_254_740_991n, Number.MAX_SAFE_INTEGER],
      [-9_007_199_254_740_991n, -Number.MAX_SAFE_INTEGER],
    ])('%p → %p', (n, expected) => {
      expect(assertSafeFen(n)).toBe(expected);
    });

    it.each<number | bigint>([1.5, NaN, Infinity, 2 ** 53, 9_007_199_254_740_992n, -9_007_199_254_740_992n])(
      'rejects %p',
      (n) => {
        expect(() => assertSafeFen(n)).toThrow(RangeError);
      },
    );
  });

  it.each<[unknown, boolean, boolean]>([
    [0, true, true],
    [100, true, true],
    [-1, true, false],
    [0.5, false, false],
    ['100', false, false],
    [2 ** 53, false, false],
    [null, false, false],
  ])('isSafeFen(%p) = %p, isNonNegativeFen = %p', (n, safe, nonNegative) => {
    expect(isSafeFen(n)).toBe(safe);
    expect(isNonNegativeFen(n)).toBe(nonNegative);
  });

  it('toBigFen', () => {
    expect(toBigFen(42)).toBe(42n);
    expect(() => toBigFen(0.1)).toThrow(RangeError);
  });

  describe('applyBasisPoints', () => {
    it.each([
      [50_000_000, 130, 650_000], // 500,000 元 × 1.3%
      [1, 5000, 1], // 0.5 fen → 1
      [1, 4999, 0],
      [3, 5000, 2], // 1.5 → 2
      [0, 130, 0],
      [12_345, 10_000, 12_345],
      [9_000_000_000_000_000, 30, 27_000_000_000_000], // product beyond 2^53
    ])('%i fen × %i bp = %i', (amount, bp, expected) => {
      expect(applyBasisPoints(amount, bp)).toBe(expected);
    });

    it('rejects bad input and unsafe results', () => {
      expect(() => applyBasisPoints(-1, 100)).toThrow(RangeError);
      expect(() => applyBasisPoints(100, 1.5)).toThrow(RangeError);
      expect(() => applyBasisPoints(Number.MAX_SAFE_INTEGER, 20_000)).toThrow(RangeError);
    });
  });

  it.each([
    // part, whole, bp, atLeast, atMost
    [1000, 10_000, 1000, true, true],
    [999, 10_000, 1000, false, true],
    [1001, 10_000, 1000, true, false],
    [1, 3, 3333, true, false], // 1/3 ≥ 33.33%
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 10_000, true, true],
  ])('%i vs %i at %i bp: atLeast %p, atMost %p', (part, whole, bp, atLeast, atMost) => {
    expect(isAtLeastBasisPointsOf(part, whole, bp)).toBe(atLeast);
    expect(isAtMostBasisPointsOf(part, whole, bp)).toBe(atMost);
  });

  it.each<[number | bigint, string]>([
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [8_000_000, '80000.00'],
    [123_456_789, '1234567.89'],
    [-5, '-0.05'],
    [-12_345, '-123.45'],
    [9_007_199_254_740_993n, '90071992547409.93'],
  ])('fenToYuanString(%p) = %s', (fen, expected) => {
    expect(fenToYuanString(fen)).toBe(expected);
  });
});
