import {
  DEFAULT_FEE_SCHEDULE,
  dealFees,
  feeScheduleProblem,
  feeShareFen,
  parseFeeBands,
  progressiveFeeFen,
  serviceFeeFen,
} from './service-fees';

const YUAN = 100;
const PARTIES = { sellerPartyType: 'ORGANIZATION', buyerPartyType: 'PERSON', procurement: false } as const;

describe('service fees (交易服务费), progressive by band (差额定率累进)', () => {
  describe('each part of the total pays its band’s rate: both sides of every band edge', () => {
    // hand-computed: 500,000 × 1.3% = 6,500; + 500,000 × 1.2% = 12,500; + 4,000,000 × 1.0% = 52,500;
    // + 5,000,000 × 0.8% = 92,500; + 10,000,000 × 0.5% = 142,500; + 80,000,000 × 0.3% = 382,500 (元)
    it.each([
      [500_000 * YUAN - 1, 650_000], // 49,999,999 × 130 / 10,000 = 649,999.987 → 650,000
      [500_000 * YUAN, 650_000],
      [500_000 * YUAN + 1, 650_000], // 650,000 + 0.012
      [1_000_000 * YUAN - 1, 1_250_000], // 650,000 + 49,999,999 × 120 / 10,000 = 1,249,999.988 → 1,250,000
      [1_000_000 * YUAN, 1_250_000],
      [1_000_000 * YUAN + 1, 1_250_000], // + 0.01
      [5_000_000 * YUAN - 1, 5_250_000], // 5,249,999.99 → 5,250,000
      [5_000_000 * YUAN, 5_250_000],
      [5_000_000 * YUAN + 1, 5_250_000], // + 0.008
      [10_000_000 * YUAN - 1, 9_250_000], // 9,249,999.992 → 9,250,000
      [10_000_000 * YUAN, 9_250_000],
      [10_000_000 * YUAN + 1, 9_250_000], // + 0.005
      [20_000_000 * YUAN - 1, 14_250_000], // 14,249,999.995 → 14,250,000
      [20_000_000 * YUAN, 14_250_000],
      [20_000_000 * YUAN + 1, 14_250_000], // + 0.003
      [100_000_000 * YUAN, 38_250_000],
    ])('total %i fen → fee %i fen', (total, fee) => {
      expect(serviceFeeFen(total)).toBe(fee);
    });

    it('no cliff at 1,000,000 元: 999,999.99 元 pays 12,500.00 元 and so does 1,000,000 元 (flat bands: 12,000 / 10,000)', () => {
      expect(serviceFeeFen(99_999_999)).toBe(1_250_000);
      expect(serviceFeeFen(100_000_000)).toBe(1_250_000);
    });

    it('rounds half up to the fen, once', () => {
      const noMinimum = { ...DEFAULT_FEE_SCHEDULE, minimumFen: 0 };
      expect(serviceFeeFen(50, noMinimum)).toBe(1); // 0.65 → 1
      expect(serviceFeeFen(38, noMinimum)).toBe(0); // 0.494 → 0
      expect(serviceFeeFen(1_150, noMinimum)).toBe(15); // 14.95 → 15 (exactly half rounds up)
      // 50,000,050 fen: 650,000 + 50 × 120 / 10,000 = 650,000.6 → 650,001 (rounded once, not per band)
      expect(progressiveFeeFen(50_000_050)).toBe(650_001);
    });
  });

  describe('the minimum: 200 元, but never more than 5 % of the total', () => {
    it.each([
      [15_000, 750], // a 150 元 deal: 1.3% is 1.95 元, the minimum capped at 5% = 7.50 元 (not 150 元)
      [399_989, 19_999], // 5% = 19,999.45 → 19,999
      [399_990, 20_000], // 5% = 19,999.5 → 20,000
      [400_000, 20_000], // 5% = 20,000: from here the full minimum
      [1_000_000, 20_000], // 10,000 元: 1.3% = 130 元 < 200 元
      [1_538_461, 20_000], // 1.3% = 19,999.99 → 20,000: rate and minimum meet
      [1_538_500, 20_001], // 1.3% = 20,000.5 → 20,001
      [1, 0], // 5% of 1 fen = 0.05 → 0
      [10, 1], // 5% of 10 fen = 0.5 → 1
      [0, 0],
    ])('total %i fen → fee %i fen', (total, fee) => {
      expect(serviceFeeFen(total)).toBe(fee);
    });

    it('refuses a negative or unsafe total', () => {
      expect(() => serviceFeeFen(-1)).toThrow(RangeError);
      expect(() => serviceFeeFen(0.5)).toThrow(RangeError);
      expect(() => progressiveFeeFen(Number.NaN)).toThrow(RangeError);
    });
  });

  describe('never falls when the total rises: fee(total + 1 fen) ≥ fee(total)', () => {
    const edges = DEFAULT_FEE_SCHEDULE.bands.map((b) => b.fromFen).concat([400_000, 1_538_461]);
    it('around every band edge and the minimum’s crossings', () => {
      for (const edge of edges) {
        for (let total = Math.max(0, edge - 500); total < edge + 500; total++) {
          expect(serviceFeeFen(total + 1)).toBeGreaterThanOrEqual(serviceFeeFen(total));
        }
      }
    });

    it('for 20,000 random totals up to 500 million 元 (a fixed seed)', () => {
      let seed = 20261206;
      const random = (): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed / 2_147_483_648;
      };
      for (let i = 0; i < 20_000; i++) {
        const total = Math.floor(random() ** 3 * 50_000_000_000);
        expect(serviceFeeFen(total + 1)).toBeGreaterThanOrEqual(serviceFeeFen(total));
      }
    });
  });

  describe('who pays', () => {
    const total = 8_000_000 * YUAN; // 5,250,000 + 3,000,000 × 0.8% = 7,650,000 fen
    it.each([
      ['PERSON', 7_650_000, 0],
      ['COLLECTIVE', 7_650_000, 0],
      ['ORGANIZATION', 7_650_000, 7_650_000],
    ] as const)('a %s seller: buyer pays %i, seller pays %i', (sellerType, buyerFee, sellerFee) => {
      expect(dealFees(total, { ...PARTIES, sellerPartyType: sellerType })).toEqual({
        buyerFeeFen: buyerFee,
        sellerFeeFen: sellerFee,
      });
    });

    it('a collective purchasing its own procurement pays none; the supplier company does', () => {
      expect(
        dealFees(total, { sellerPartyType: 'ORGANIZATION', buyerPartyType: 'COLLECTIVE', procurement: true }),
      ).toEqual({ buyerFeeFen: 0, sellerFeeFen: 7_650_000 });
      // outside a procurement a collective buyer pays like anyone
      expect(dealFees(total, { ...PARTIES, buyerPartyType: 'COLLECTIVE' }).buyerFeeFen).toBe(7_650_000);
    });

    it('nobody pays when the centre waives the fees', () => {
      expect(dealFees(total, PARTIES, { waived: true })).toEqual({ buyerFeeFen: 0, sellerFeeFen: 0 });
    });
  });

  describe("an instalment's share of the fee", () => {
    it('is fee × amount ÷ total, half up; the last takes the remainder, so the shares add up', () => {
      // a fee of 1,000 fen on 3 equal instalments of a 30,000 fen total: 333.33 → 333, 333, then 334
      expect(feeShareFen(1_000, 10_000, 30_000, false, 0)).toBe(333);
      expect(feeShareFen(1_000, 10_000, 30_000, false, 333)).toBe(333);
      expect(feeShareFen(1_000, 10_000, 30_000, true, 666)).toBe(334);
      expect(feeShareFen(1_001, 15_000, 30_000, false, 0)).toBe(501); // 500.5 → 501 (half up)
      expect(feeShareFen(0, 10_000, 30_000, false, 0)).toBe(0);
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
