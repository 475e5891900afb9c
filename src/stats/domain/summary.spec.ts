import { addFigures, EMPTY_FIGURES, ratio4, summarize } from './summary';

describe('stats summary figures', () => {
  it.each([
    [1, 8, 0.125],
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    [-1, 8, -0.125],
    [-2, 3, -0.6667],
    [1, 20_000, 0.0001], // exactly half of the last place rounds away from zero
    [1, 20_001, 0],
    [0, 5, 0],
    [5, 0, 0],
  ])('ratio4(%i, %i) = %d', (n, d, r) => {
    expect(ratio4(n, d)).toBe(r);
  });

  it('computes premium and failure rates from the sums', () => {
    // two deals: 6,300,000 + 5,040,000 on reserves 6,000,000 + 4,800,000; one failure
    const f = summarize({
      dealCount: 2,
      turnoverFen: 11_340_000,
      areaCentiMu: 3_050,
      reserveFen: 10_800_000,
      failedCount: 1,
    });
    expect(f).toEqual({
      dealCount: 2,
      turnoverFen: 11_340_000,
      areaMu: 30.5,
      reserveFen: 10_800_000,
      premiumFen: 540_000,
      premiumRate: 0.05,
      failedCount: 1,
      failureRate: 0.3333,
    });
  });

  it('is all zeros for nothing', () => {
    expect(summarize(EMPTY_FIGURES)).toMatchObject({ premiumRate: 0, failureRate: 0, areaMu: 0 });
  });

  it('adds raw figures', () => {
    const one = { dealCount: 1, turnoverFen: 10, areaCentiMu: 5, reserveFen: 8, failedCount: 2 };
    expect(addFigures(one, one)).toEqual({
      dealCount: 2,
      turnoverFen: 20,
      areaCentiMu: 10,
      reserveFen: 16,
      failedCount: 4,
    });
  });
});
