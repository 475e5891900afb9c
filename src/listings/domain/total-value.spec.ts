import { computeTotalValue, isPriceUnit, isValidAreaMu, type TotalValueInput, totalValueFen } from './total-value';

describe('total value', () => {
  it.each<[string, TotalValueInput, number]>([
    ['TOTAL: the price', { priceUnit: 'TOTAL', priceFen: 8_000_000 }, 8_000_000],
    ['TOTAL ignores term and area', { priceUnit: 'TOTAL', priceFen: 500, termYears: 10, areaMu: 3.5 }, 500],
    ['TOTAL of 0', { priceUnit: 'TOTAL', priceFen: 0 }, 0],
    ['PER_YEAR: price × years', { priceUnit: 'PER_YEAR', priceFen: 1_200_000, termYears: 15 }, 18_000_000],
    ['PER_YEAR ignores area', { priceUnit: 'PER_YEAR', priceFen: 100, termYears: 3, areaMu: 'bad' }, 300],
    // 800 元/亩/年 × 120 亩 × 10 年 = 960,000 元
    [
      'PER_MU_PER_YEAR, whole mu',
      { priceUnit: 'PER_MU_PER_YEAR', priceFen: 80_000, areaMu: 120, termYears: 10 },
      96_000_000,
    ],
    // 650.00 元 × 35.75 亩 × 5 年 = 116,187.50 元
    [
      'PER_MU_PER_YEAR, 2 decimals',
      { priceUnit: 'PER_MU_PER_YEAR', priceFen: 65_000, areaMu: 35.75, termYears: 5 },
      11_618_750,
    ],
    // 0.29 mu trips 0.29 * 100 in floating point: 1001 × 29 × 1 / 100 = 290.29 → 290
    ['exact hundredths (0.29)', { priceUnit: 'PER_MU_PER_YEAR', priceFen: 1001, areaMu: 0.29, termYears: 1 }, 290],
    // 1.15 mu: 1000 × 115 / 100 = 1150 exactly (1.15 * 100 = 114.99999999999999 in floating point)
    ['exact hundredths (1.15)', { priceUnit: 'PER_MU_PER_YEAR', priceFen: 1000, areaMu: 1.15, termYears: 1 }, 1150],
    // 333 fen × 0.15 mu × 1 year = 49.95 fen → 50 (half up)
    ['rounds .95 up', { priceUnit: 'PER_MU_PER_YEAR', priceFen: 333, areaMu: 0.15, termYears: 1 }, 50],
    // 101 fen × 0.5 mu = 50.5 fen → 51 (half up, not half even)
    ['rounds .5 up', { priceUnit: 'PER_MU_PER_YEAR', priceFen: 101, areaMu: 0.5, termYears: 1 }, 51],
    // 105 fen × 0.5 mu = 52.5 → 53 (half even would give 52)
    ['rounds .5 up again', { priceUnit: 'PER_MU_PER_YEAR', priceFen: 105, areaMu: 0.5, termYears: 1 }, 53],
    // 1 fen × 0.01 mu × 49 years = 0.49 fen → 0
    ['rounds .49 down', { priceUnit: 'PER_MU_PER_YEAR', priceFen: 1, areaMu: 0.01, termYears: 49 }, 0],
    [
      'area as a decimal string',
      { priceUnit: 'PER_MU_PER_YEAR', priceFen: 65_000, areaMu: '35.750', termYears: 5 },
      11_618_750,
    ],
    // a product beyond 2^53 before the division: 9e13 fen × 99.99 mu × 1 year
    [
      'bigint intermediate',
      { priceUnit: 'PER_MU_PER_YEAR', priceFen: 90_000_000_000_000, areaMu: 99.99, termYears: 1 },
      8_999_100_000_000_000,
    ],
  ])('%s', (_label, input, expected) => {
    expect(computeTotalValue(input)).toEqual({ ok: true, totalFen: expected });
    expect(totalValueFen(input)).toBe(expected);
  });

  it.each<[string, TotalValueInput, string, string]>([
    ['unknown unit', { priceUnit: 'PER_MONTH' as never, priceFen: 1 }, 'UNKNOWN_PRICE_UNIT', 'priceUnit'],
    ['fractional price', { priceUnit: 'TOTAL', priceFen: 10.5 }, 'INVALID_PRICE', 'priceFen'],
    ['negative price', { priceUnit: 'TOTAL', priceFen: -1 }, 'INVALID_PRICE', 'priceFen'],
    ['unsafe price', { priceUnit: 'TOTAL', priceFen: 2 ** 53 }, 'INVALID_PRICE', 'priceFen'],
    ['PER_YEAR without term', { priceUnit: 'PER_YEAR', priceFen: 100 }, 'TERM_REQUIRED', 'termYears'],
    ['PER_YEAR term null', { priceUnit: 'PER_YEAR', priceFen: 100, termYears: null }, 'TERM_REQUIRED', 'termYears'],
    ['PER_YEAR term 0', { priceUnit: 'PER_YEAR', priceFen: 100, termYears: 0 }, 'INVALID_TERM', 'termYears'],
    ['PER_YEAR term 2.5', { priceUnit: 'PER_YEAR', priceFen: 100, termYears: 2.5 }, 'INVALID_TERM', 'termYears'],
    [
      'PER_MU_PER_YEAR without term',
      { priceUnit: 'PER_MU_PER_YEAR', priceFen: 100, areaMu: 3 },
      'TERM_REQUIRED',
      'termYears',
    ],
    [
      'PER_MU_PER_YEAR without area',
      { priceUnit: 'PER_MU_PER_YEAR', priceFen: 100, termYears: 3 },
      'AREA_REQUIRED',
      'areaMu',
    ],
    [
      '3 decimals',
      { priceUnit: 'PER_MU_PER_YEAR', priceFen: 100, termYears: 3, areaMu: 1.005 },
      'INVALID_AREA',
      'areaMu',
    ],
    ['area 0', { priceUnit: 'PER_MU_PER_YEAR', priceFen: 100, termYears: 3, areaMu: 0 }, 'INVALID_AREA', 'areaMu'],
    [
      'negative area',
      { priceUnit: 'PER_MU_PER_YEAR', priceFen: 100, termYears: 3, areaMu: -2 },
      'INVALID_AREA',
      'areaMu',
    ],
    ['PER_YEAR overflow', { priceUnit: 'PER_YEAR', priceFen: 2 ** 52, termYears: 3 }, 'TOTAL_TOO_LARGE', 'priceFen'],
    [
      'PER_MU_PER_YEAR overflow',
      { priceUnit: 'PER_MU_PER_YEAR', priceFen: 2 ** 50, termYears: 70, areaMu: 500 },
      'TOTAL_TOO_LARGE',
      'priceFen',
    ],
  ])('%s → %s', (_label, input, error, field) => {
    expect(computeTotalValue(input)).toEqual({ ok: false, error, field });
    expect(() => totalValueFen(input)).toThrow(new RangeError(`${error}: ${field}`));
  });

  it.each<[number | string, boolean]>([
    [1, true],
    [0.01, true],
    ['12.50', true],
    [0, false],
    [-1, false],
    [1.234, false],
    ['x', false],
  ])('isValidAreaMu(%p) = %p', (area, expected) => {
    expect(isValidAreaMu(area)).toBe(expected);
  });

  it('isPriceUnit', () => {
    expect(isPriceUnit('PER_MU_PER_YEAR')).toBe(true);
    expect(isPriceUnit('per_year')).toBe(false);
    expect(isPriceUnit(undefined)).toBe(false);
  });
});
