import { estimatedTotal, worthWalking } from './search-total';

describe('estimatedTotal', () => {
  it.each([
    // hits, percent, cap, estimate
    [300, 2, 1000, 15_000], // 300 / 2 % = 15,000
    [613, 2, 1000, 31_000], // 30,650 → two significant digits
    [1234, 20, 1000, 6200], // 6,170
    [7, 0.3, 1000, 2000], // 2,333 from only 7 hits: one significant digit
    [7, 2, 1000, 1001], // 350 scaled: never below what the exact count saw (more than the cap)
    [0, 2, 1000, 1001], // the sample missed every match
    [25, 2, 10, 1300], // 1,250 → 1,300
    [24, 2, 10, 1000], // 1,200 from 24 hits → 1,000
    [6, 100, 3, 6], // the whole table: the count itself
    [2, 100, 3, 4], // the whole table changed since the exact count: still more than the cap
    [5, 0, 3, 4], // no sample at all
  ])('%i hits in %f %% with cap %i → %i', (hits, percent, cap, expected) => {
    expect(estimatedTotal(hits, percent, cap)).toBe(expected);
  });
});

describe('worthWalking', () => {
  it.each([
    // plain, hits, needed, walk rows, walk?
    [900, 100, 20, 4000, true], // 1 in 9 match: 20 matches within ~180 rows
    [900, 100, 60, 4000, true], // page 3: ~540 rows
    [3000, 20, 20, 4000, false], // 1 in 150: ~3,000 rows, more than half the walk
    [3000, 0, 20, 4000, false], // the sample saw no match
    [2000, 2000, 100, 4000, true], // no text: every row matches
  ])('%i plain, %i hits, %i needed within %i rows → %s', (plain, hits, needed, rows, expected) => {
    expect(worthWalking({ plain, hits, percent: 3 }, needed, rows)).toBe(expected);
  });
});
