import {
  ceilToMinute,
  chinaDateAfter,
  chinaLocalOf,
  fenToYuanText,
  instantOfChinaLocal,
  yuanToFen,
} from './desk-work-input';

describe('the clerk forms’ input (China time, 元 → fen)', () => {
  it('reads amounts in 元 from the text, exactly, into fen', () => {
    expect(yuanToFen('1234.5')).toBe(123450);
    expect(yuanToFen('1,234.56')).toBe(123456);
    expect(yuanToFen(' 12000 ')).toBe(1200000);
    expect(yuanToFen('0.29')).toBe(29); // a float would give 28.999…
    expect(yuanToFen('19.99元')).toBe(1999);
    expect(yuanToFen('90071992547409.92')).toBeNull(); // beyond a safe integer of fen
    for (const bad of ['', '1.234', '-5', '1e3', 'abc', '.5', '1..2']) expect(yuanToFen(bad)).toBeNull();
    expect(yuanToFen(12 as unknown)).toBeNull();
    expect(fenToYuanText(123450)).toBe('1234.50');
    expect(fenToYuanText(5)).toBe('0.05');
    expect(fenToYuanText(null)).toBe('');
  });

  it('reads datetime-local values as China time and writes instants back', () => {
    expect(instantOfChinaLocal('2027-03-05T17:00')).toBe('2027-03-05T17:00:00+08:00');
    expect(instantOfChinaLocal('2027-03-05T17:00:30')).toBe('2027-03-05T17:00:30+08:00');
    expect(instantOfChinaLocal('')).toBeUndefined();
    expect(instantOfChinaLocal(undefined)).toBeUndefined();
    expect(instantOfChinaLocal('2027-02-30T10:00')).toBe('2027-02-30T10:00'); // left for the API's 400
    expect(instantOfChinaLocal('tomorrow')).toBe('tomorrow');
    expect(chinaLocalOf(new Date('2027-03-05T09:00:00Z'))).toBe('2027-03-05T17:00');
    expect(chinaLocalOf(new Date('2027-03-04T16:00:00Z'))).toBe('2027-03-05T00:00');
    expect(chinaLocalOf(null)).toBe('');
    expect(ceilToMinute(new Date('2027-03-05T09:00:00.001Z')).toISOString()).toBe('2027-03-05T09:01:00.000Z');
    expect(chinaDateAfter(new Date('2027-03-05T17:00:00Z'), 1)).toBe('2027-03-07'); // 01:00 on the 6th in China
  });
});
