import {
  addDays,
  addMonths,
  addYears,
  chinaDateOf,
  compareIsoDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  isAcceptedInstant,
  isAcceptedIsoDate,
  isValidIsoDate,
  parseIsoDate,
  startOfChinaDay,
} from './calendar-date';

describe('calendar-date', () => {
  describe('parseIsoDate / isValidIsoDate', () => {
    it.each([
      ['2026-10-01', { year: 2026, month: 10, day: 1 }],
      ['2024-02-29', { year: 2024, month: 2, day: 29 }],
      ['2000-02-29', { year: 2000, month: 2, day: 29 }],
      ['0001-01-01', { year: 1, month: 1, day: 1 }],
    ])('%s is a real date', (value, expected) => {
      expect(parseIsoDate(value)).toEqual(expected);
      expect(isValidIsoDate(value)).toBe(true);
    });

    it.each([
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-5',
      '20261005',
      '2026-10-01T00:00:00Z',
      ' 2026-10-01',
      '0000-01-01',
      '',
    ])('%j is rejected', (value) => {
      expect(parseIsoDate(value)).toBeNull();
      expect(isValidIsoDate(value)).toBe(false);
    });
  });

  it.each([
    [2024, 2, 29],
    [2026, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2026, 4, 30],
    [2026, 12, 31],
  ])('daysInMonth(%i, %i) = %i', (y, m, expected) => {
    expect(daysInMonth(y, m)).toBe(expected);
  });

  describe('China time', () => {
    it.each([
      ['2026-09-30T15:59:59.999Z', '2026-09-30'],
      ['2026-09-30T16:00:00.000Z', '2026-10-01'],
      ['2026-10-01T00:00:00+08:00', '2026-10-01'],
      ['2026-12-31T23:00:00-05:00', '2027-01-01'],
    ])('chinaDateOf(%s) = %s', (instant, expected) => {
      expect(chinaDateOf(new Date(instant))).toBe(expected);
    });

    it('startOfChinaDay is 00:00 UTC+8', () => {
      expect(startOfChinaDay('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
      expect(chinaDateOf(startOfChinaDay('2026-10-01'))).toBe('2026-10-01');
    });

    it('rejects an invalid Date', () => {
      expect(() => chinaDateOf(new Date('nonsense'))).toThrow(RangeError);
    });
  });

  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-10-01', 0, '2026-10-01'],
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    ['2026-03-01', 10, '2036-03-01'],
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2026-10-01', 0, '2026-10-01'],
    ['2026-10-01', -5, '2021-10-01'],
  ])('addYears(%s, %i) = %s', (date, n, expected) => {
    expect(addYears(date, n)).toBe(expected);
  });

  it.each([
    ['2026-10-01', 4],
    ['2026-10-10', 6],
    ['2026-02-15', 0],
    ['1949-10-01', 6],
  ])('dayOfWeek(%s) = %i', (date, expected) => {
    expect(dayOfWeek(date)).toBe(expected);
  });

  it('compareIsoDates', () => {
    expect(compareIsoDates('2026-01-01', '2026-01-02')).toBeLessThan(0);
    expect(compareIsoDates('2026-01-02', '2026-01-02')).toBe(0);
    expect(compareIsoDates('2027-01-01', '2026-12-31')).toBeGreaterThan(0);
  });

  it('throws RangeError on malformed arguments', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addYears('2026-01-01', 1.5)).toThrow(RangeError);
    expect(() => dayOfWeek('x')).toThrow(RangeError);
  });

  it.each<[unknown, boolean]>([
    ['1900-01-01', true],
    ['9998-12-31', true],
    ['2026-12-06', true],
    ['1899-12-31', false],
    ['9999-01-01', false],
    ['9999-12-31', false],
    ['2026-02-30', false],
    [20261206, false],
  ])('isAcceptedIsoDate(%p) = %p', (value, expected) => {
    expect(isAcceptedIsoDate(value)).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['1900-01-01T00:00:00Z', true],
    ['9998-12-31T23:59:59.999Z', true],
    ['1899-12-31T23:59:59Z', false],
    ['9999-01-01T00:00:00Z', false],
  ])('isAcceptedInstant(%s) = %p', (value, expected) => {
    expect(isAcceptedInstant(new Date(value))).toBe(expected);
  });

  it.each([
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2027-06-15', 12, '2028-06-15'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2027-03-31', -1, '2027-02-28'],
  ])('addMonths(%s, %i) = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2027-01-01', '2027-01-01', 0],
    ['2027-01-01', '2027-01-31', 30],
    ['2027-12-31', '2028-03-01', 61],
    ['2028-03-01', '2027-12-31', -61],
  ])('daysBetween(%s, %s) = %i', (a, b, expected) => {
    expect(daysBetween(a, b)).toBe(expected);
  });
});
