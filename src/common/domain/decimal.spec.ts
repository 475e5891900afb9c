import { hasAtMostTwoDecimals, toHundredths } from './decimal';

describe('toHundredths', () => {
  it.each<[number | string, bigint]>([
    [0, 0n],
    [40, 4000n],
    [12.35, 1235n],
    [7.5, 750n],
    [0.01, 1n],
    [0.29, 29n], // 0.29 * 100 = 28.999999999999996 in floating point
    [1.15, 115n], // 1.15 * 100 = 114.99999999999999
    [500, 50_000n],
    [499.99, 49_999n],
    ['12.35', 1235n],
    ['3.100', 310n],
    ['0012.5', 1250n],
  ])('%p → %p', (value, expected) => {
    expect(toHundredths(value)).toBe(expected);
    expect(hasAtMostTwoDecimals(value)).toBe(true);
  });

  it.each<number | string>([
    -1,
    -0.01,
    NaN,
    Infinity,
    0.1 + 0.2,
    1.005,
    12.345,
    1e-7,
    2 ** 60,
    '12.345',
    '-3',
    '+3',
    '1e3',
    '.5',
    '3.',
    '',
    ' 1',
    'abc',
  ])('%p → null', (value) => {
    expect(toHundredths(value)).toBeNull();
    expect(hasAtMostTwoDecimals(value)).toBe(false);
  });
});
