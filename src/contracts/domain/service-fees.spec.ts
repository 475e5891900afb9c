import {
  DEFAULT_FEE_SCHEDULE,
  dealFees,
  feeRateBp,
  feeScheduleProblem,
  parseFeeBands,
  serviceFeeFen,
} from './service-fees';

const YUAN = 100;

describe('service fees (交易服务费)', () => {
  describe('the band of the whole total, lower bound included, upper excluded', () => {
    it.each([
      [0, 130],
      [1, 130],
      [500_000 * YUAN - 1, 130],
      [500_000 * YUAN, 120],
      [1_000_000 * YUAN - 1, 120],
      [1_000_000 * YUAN, 100],
      [5_000_000 * YUAN - 1, 100],
      [5_000_000 * YUAN, 80],
      [10_000_000 * YUAN - 1, 80],
      [10_000_000 * YUAN, 50],
      [20_000_000 * YUAN - 1, 50],
      [20_000_000 * YUAN, 30],
      [Number.MAX_SAFE_INTEGER, 30],
    ])('total %i fen → %i bp', (total, bp) => {
      expect(feeRateBp(total)).toBe(bp);
    });
  });

  describe('the fee at every band edge (rate of the band, half up, minimum 200 元)', () => {
    it.each([
      // just below 500,000 元: 1.3% of 49,999,999 fen = 649,999.987 → 650,000
      [500_000 * YUAN - 1, 650_000],
      // 500,000 元 at 1.2% = 6,000 元 (not progressive: less than the band below's top fee)
      [500_000 * YUAN, 600_000],
      [1_000_000 * YUAN - 1, 1_200_000], // 1,199,999.988 → 1,200,000
      [1_000_000 * YUAN, 1_000_000],
      [5_000_000 * YUAN - 1, 5_000_000], // 4,999,999.99 → 5,000,000
      [5_000_000 * YUAN, 4_000_000],
      [10_000_000 * YUAN - 1, 8_000_000], // 7,999,999.992 → 8,000,000
      [10_000_000 * YUAN, 5_000_000],
      [20_000_000 * YUAN - 1, 10_000_000], // 9,999,999.995 → 10,000,000 (half up)
      [20_000_000 * YUAN, 6_000_000],
      [100_000_000 * YUAN, 30_000_000],
    ])('total %i fen → fee %i fen', (total, fee) => {
      expect(serviceFeeFen(total)).toBe(fee);
    });

    it('rounds half up to the fen', () => {
      // 1.3% of 50 fen = 0.65 fen; with the minimum out of the way:
      const noMinimum = { ...DEFAULT_FEE_SCHEDULE, minimumFen: 0 };
      expect(serviceFeeFen(50, noMinimum)).toBe(1); // 0.65 → 1
      expect(serviceFeeFen(38, noMinimum)).toBe(0); // 0.494 → 0
      expect(serviceFeeFen(1_000_050, noMinimum)).toBe(13_001); // 13,000.65 → 13,001
      expect(serviceFeeFen(1_000_000 + 3_846, noMinimum)).toBe(13_050); // 13,049.998 → 13,050
      expect(serviceFeeFen(1_150, noMinimum)).toBe(15); // 14.95 → 15 (exactly half rounds up)
    });

    it('is at least 200 元', () => {
      // 200 元 / 1.3% = 15,384.62 元: below that the minimum applies
      expect(serviceFeeFen(1_538_461)).toBe(20_000); // 19,999.99 → 20,000 (rate and minimum meet)
      expect(serviceFeeFen(1_538_500)).toBe(20_001); // 20,000.5 → 20,001
      expect(serviceFeeFen(1_000_000)).toBe(20_000);
      expect(serviceFeeFen(20_000)).toBe(20_000);
    });

    it('never exceeds the total it is charged on', () => {
      expect(serviceFeeFen(19_999)).toBe(19_999);
      expect(serviceFeeFen(1)).toBe(1);
      expect(serviceFeeFen(0)).toBe(0);
    });

    it('refuses a negative or unsafe total', () => {
      expect(() => serviceFeeFen(-1)).toThrow(RangeError);
      expect(() => serviceFeeFen(0.5)).toThrow(RangeError);
      expect(() => feeRateBp(Number.NaN)).toThrow(RangeError);
    });
  });

  describe('who pays', () => {
    const total = 8_000_000 * YUAN; // 0.8% = 64,000 元
    it.each([
      ['PERSON', 6_400_000, 0],
      ['COLLECTIVE', 6_400_000, 0],
      ['ORGANIZATION', 6_400_000, 6_400_000],
    ] as const)('a %s seller: buyer pays %i, seller pays %i', (sellerType, buyerFee, sellerFee) => {
      expect(dealFees(total, sellerType)).toEqual({ buyerFeeFen: buyerFee, sellerFeeFen: sellerFee });
    });

    it('nobody pays when the centre waives the fees', () => {
      expect(dealFees(total, 'ORGANIZATION', { waived: true })).toEqual({ buyerFeeFen: 0, sellerFeeFen: 0 });
    });
  });

  describe('a configured schedule', () => {
    it('parses fromFen:rateBp pairs', () => {
      expect(parseFeeBands('0:100, 100000:50')).toEqual([
        { fromFen: 0, rateBp: 100 },
        { fromFen: 100_000, rateBp: 50 },
      ]);
      expect(parseFeeBands('0:1.5')).toBeNull();
      expect(parseFeeBands('')).toBeNull();
      expect(parseFeeBands('0:100,')).toBeNull();
    });

    it.each([
      [{ bands: [], minimumFen: 0 }, 'at least one band is needed'],
      [{ bands: [{ fromFen: 5, rateBp: 1 }], minimumFen: 0 }, 'the first band must start at 0'],
      [
        {
          bands: [
            { fromFen: 0, rateBp: 1 },
            { fromFen: 0, rateBp: 2 },
          ],
          minimumFen: 0,
        },
        'band 2: lower bounds must ascend',
      ],
      [{ bands: [{ fromFen: 0, rateBp: 10_001 }], minimumFen: 0 }, 'band 1: the rate must be 0-10000 basis points'],
      [{ bands: [{ fromFen: 0, rateBp: 1 }], minimumFen: -1 }, 'the minimum must be a non-negative integer of fen'],
    ])('refuses %j: %s', (schedule, problem) => {
      expect(feeScheduleProblem(schedule)).toBe(problem);
    });

    it('accepts the default and applies a custom one', () => {
      expect(feeScheduleProblem(DEFAULT_FEE_SCHEDULE)).toBeNull();
      const flat = { bands: [{ fromFen: 0, rateBp: 100 }], minimumFen: 0 };
      expect(serviceFeeFen(123_456_789, flat)).toBe(1_234_568);
    });
  });
});
