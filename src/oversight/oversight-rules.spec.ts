import { lowPriceAnomaly, percentOfReserve } from './oversight-rules';

describe('the 70 % of reserve rule', () => {
  it('flags a sale or lease priced below 70 % of its reserve, not at or above', () => {
    expect(lowPriceAnomaly('ASCENDING', 699_999, 1_000_000)).toBe('LOW_PRICE');
    expect(lowPriceAnomaly('ASCENDING', 700_000, 1_000_000)).toBeNull();
    expect(lowPriceAnomaly('ASCENDING', 1_000_000, 1_000_000)).toBeNull();
    expect(lowPriceAnomaly('ASCENDING', 1, 3)).toBe('LOW_PRICE'); // 10 < 21, exact in integers
    expect(lowPriceAnomaly('ASCENDING', 7, 10)).toBeNull();
  });

  it('names a procurement won below 70 % of its ceiling an abnormally low tender', () => {
    expect(lowPriceAnomaly('DESCENDING', 600_000, 1_000_000)).toBe('LOW_TENDER');
    expect(lowPriceAnomaly('DESCENDING', 700_000, 1_000_000)).toBeNull();
  });

  it('ignores a listing without a reserve', () => {
    expect(lowPriceAnomaly('ASCENDING', 0, 0)).toBeNull();
  });

  it('gives the price as a percentage of the reserve, one decimal', () => {
    expect(percentOfReserve(600_000, 1_000_000)).toBe(60);
    expect(percentOfReserve(1, 3)).toBe(33.3);
    expect(percentOfReserve(5, 0)).toBe(0);
  });
});
