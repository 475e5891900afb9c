import { termEndDate, termExceedsLimit, termExceedsRight } from './term';

describe('term', () => {
  it.each<[string, number, string]>([
    ['2027-01-01', 10, '2036-12-31'],
    ['2026-03-01', 10, '2036-02-29'],
    ['2026-10-15', 1, '2027-10-14'],
    ['2024-02-29', 1, '2025-02-27'],
    ['2024-02-29', 4, '2028-02-28'],
    ['2026-12-31', 50, '2076-12-30'],
  ])('termEndDate(%s, %i) = %s', (start, years, expected) => {
    expect(termEndDate(start, years)).toBe(expected);
  });

  it.each<[string, number]>([
    ['2026-02-30', 1],
    ['2026/03/01', 1],
    ['2026-03-01', 0],
    ['2026-03-01', -1],
    ['2026-03-01', 1.5],
  ])('termEndDate(%j, %p) throws', (start, years) => {
    expect(() => termEndDate(start, years)).toThrow(RangeError);
  });

  it.each<[string, string, number, string, boolean]>([
    ['ends the day the right ends', '2026-03-01', 2, '2028-02-29', false],
    ['ends a day after the right', '2026-03-01', 2, '2028-02-28', true],
    ['ends well before', '2026-03-01', 4, '2030-12-31', false],
    ['a year too long', '2026-03-01', 5, '2030-12-31', true],
    ['second round of contracts (2028-2058)', '2026-03-01', 32, '2058-02-27', true],
    ['29 Feb start, right to 27 Feb', '2024-02-29', 1, '2025-02-27', false],
    ['right already ended', '2026-03-01', 1, '2026-01-01', true],
    ['malformed start', '2026-3-1', 1, '2030-01-01', true],
    ['malformed right end', '2026-03-01', 1, '', true],
    ['zero term', '2026-03-01', 0, '2030-01-01', true],
  ])('termExceedsRight: %s', (_label, start, years, rightEndsOn, expected) => {
    expect(termExceedsRight(start, years, rightEndsOn)).toBe(expected);
  });

  it.each<[number, number | null | undefined, boolean]>([
    [20, 20, false],
    [21, 20, true],
    [50, 50, false],
    [51, 50, true],
    [70, undefined, false],
    [70, null, false],
    [0, 20, true],
    [2.5, 20, true],
    [Number.NaN, undefined, true],
  ])('termExceedsLimit(%p, %p) = %p', (years, max, expected) => {
    expect(termExceedsLimit(years, max)).toBe(expected);
  });
});
