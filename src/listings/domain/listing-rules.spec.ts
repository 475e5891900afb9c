import {
  DEFAULT_LARGE_DEAL_THRESHOLDS,
  depositInRange,
  isLargeDeal,
  relistCutAllowed,
  reserveMeetsAppraisal,
  termExceedsRight,
  totalValueFen,
  validateResolution,
} from './listing-rules';

describe('listing rules', () => {
  it('re-exports the total value, term and resolution rules', () => {
    expect(totalValueFen({ priceUnit: 'TOTAL', priceFen: 1 })).toBe(1);
    expect(termExceedsRight('2026-01-01', 1, '2027-01-01')).toBe(false);
    expect(validateResolution({ meetingDate: '2026-01-01', eligibleVoters: 3, attendees: 3, votesFor: 2 })).toBe('OK');
  });

  describe('depositInRange (10%-30% of the total, inclusive)', () => {
    it.each<[number, number, boolean]>([
      [1_000_000, 10_000_000, true], // exactly 10%
      [999_999, 10_000_000, false],
      [3_000_000, 10_000_000, true], // exactly 30%
      [3_000_001, 10_000_000, false],
      [2_000_000, 10_000_000, true],
      [1, 10, true], // 10% of 10 fen
      [0, 10, false],
      [4, 13, false], // 30.8%
      [3, 13, true], // 23.1%
      [2, 13, true], // 15.4%
      [1, 13, false], // 7.7%
      [0, 0, true], // degenerate total 0: 0 ≤ 0 ≤ 0
      // 10% of 2^53 − 1 is 900,719,925,474,099.1: products beyond 2^53, compared exactly
      [900_719_925_474_100, Number.MAX_SAFE_INTEGER, true],
      [900_719_925_474_099, Number.MAX_SAFE_INTEGER, false],
    ])('deposit %i of total %i → %p', (deposit, total, expected) => {
      expect(depositInRange(deposit, total)).toBe(expected);
    });

    it.each<[number, number, number, number, boolean]>([
      [500, 10_000, 500, 1000, true],
      [499, 10_000, 500, 1000, false],
      [1000, 10_000, 500, 1000, true],
      [1001, 10_000, 500, 1000, false],
    ])('configured bounds: %i of %i in [%i, %i] bp → %p', (deposit, total, minBp, maxBp, expected) => {
      expect(depositInRange(deposit, total, minBp, maxBp)).toBe(expected);
    });

    it.each<[number, number, number, number]>([
      [-1, 10, 1000, 3000],
      [1.5, 10, 1000, 3000],
      [1, -10, 1000, 3000],
      [Number.NaN, 10, 1000, 3000],
      [2 ** 53, 2 ** 53, 1000, 3000],
      [1, 10, -1, 3000],
      [1, 10, 1000, 10_001],
    ])('malformed (%p, %p, %p, %p) → false', (deposit, total, minBp, maxBp) => {
      expect(depositInRange(deposit, total, minBp, maxBp)).toBe(false);
    });
  });

  describe('isLargeDeal (≥ 1,000,000 元 or ≥ 500 mu)', () => {
    it.each<[number, number | string | null | undefined, boolean]>([
      [100_000_000, undefined, true], // exactly 1,000,000 元
      [99_999_999, undefined, false],
      [99_999_999, null, false],
      [99_999_999, 499.99, false],
      [99_999_999, 500, true],
      [1, 500, true],
      [1, '500.00', true],
      [1, 500.01, true],
      [1, 499.99, false],
      [250_000_000, 10, true],
      [-1, undefined, true], // malformed → the stricter review
      [1, 1.005, true],
    ])('total %p fen, %p mu → %p', (total, area, expected) => {
      expect(isLargeDeal(total, area)).toBe(expected);
    });

    it('takes configured thresholds, partial ones merged with the defaults', () => {
      expect(isLargeDeal(50_000_000, 100, { totalFen: 50_000_000, areaMu: 1000 })).toBe(true);
      expect(isLargeDeal(49_999_999, 100, { totalFen: 50_000_000, areaMu: 100.5 })).toBe(false);
      expect(isLargeDeal(1, 200, { areaMu: 200 })).toBe(true);
      expect(isLargeDeal(99_999_999, 1, { areaMu: 200 })).toBe(false);
      expect(DEFAULT_LARGE_DEAL_THRESHOLDS).toEqual({ totalFen: 100_000_000, areaMu: 500 });
    });
  });

  describe('reserveMeetsAppraisal (≥ 90% of the appraised value)', () => {
    it.each<[number, number | null | undefined, number | undefined, boolean]>([
      [9_000_000, 10_000_000, undefined, true], // exactly 90%
      [8_999_999, 10_000_000, undefined, false],
      [12_000_000, 10_000_000, undefined, true],
      [9, 10, undefined, true],
      [8, 9, undefined, false], // 88.9%
      [1, null, undefined, true], // no appraisal
      [1, undefined, undefined, true],
      [8_000_000, 10_000_000, 8000, true], // configured 80%
      [7_999_999, 10_000_000, 8000, false],
      [-1, 10, undefined, false],
      [1.5, 10, undefined, false],
      [-1, undefined, undefined, false],
    ])('reserve %p, appraised %p, min %p bp → %p', (reserve, appraised, minBp, expected) => {
      expect(reserveMeetsAppraisal(reserve, appraised, minBp)).toBe(expected);
    });
  });

  describe('relistCutAllowed (at most 20% below the old reserve)', () => {
    it.each<[number, number, number | undefined, boolean]>([
      [10_000_000, 8_000_000, undefined, true], // exactly −20%
      [10_000_000, 7_999_999, undefined, false],
      [10_000_000, 10_000_000, undefined, true],
      [10_000_000, 12_000_000, undefined, true], // raising is fine
      [10_000_001, 8_000_000, undefined, false], // 8,000,000.8 needed
      [10_000_001, 8_000_001, undefined, true],
      [5, 4, undefined, true],
      [6, 4, undefined, false], // 4.8 needed
      [10_000_000, 9_000_000, 1000, true], // configured 10%
      [10_000_000, 8_999_999, 1000, false],
      [10_000_000, 0, 10_000, true], // any cut allowed
      [Number.MAX_SAFE_INTEGER, 7_205_759_403_792_793, undefined, true], // ⌈0.8 × (2^53 − 1)⌉, beyond 2^53 products
      [Number.MAX_SAFE_INTEGER, 7_205_759_403_792_792, undefined, false],
      [10_000_000, -1, undefined, false],
      [10_000_000, 8_500_000.5, undefined, false],
      [10_000_000, 9_000_000, 10_001, false],
    ])('old %p, new %p, max cut %p bp → %p', (oldReserve, newReserve, maxCutBp, expected) => {
      expect(relistCutAllowed(oldReserve, newReserve, maxCutBp)).toBe(expected);
    });
  });
});
