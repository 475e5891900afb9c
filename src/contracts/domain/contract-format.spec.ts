import type { AttributeSpec } from '../../catalog/domain/category.types';
import {
  articleNumber,
  chineseNumber,
  formatAttributeValue,
  formatBoundaries,
  formatDateZh,
  formatDecimal,
  itemNumber,
} from './contract-format';

describe('contract formatters', () => {
  it.each<[string, string]>([
    ['2026-03-01', '2026年3月1日'],
    ['2060-12-31', '2060年12月31日'],
    ['2028-02-29', '2028年2月29日'],
  ])('formatDateZh(%s) = %s', (date, zh) => {
    expect(formatDateZh(date)).toBe(zh);
  });

  it.each(['2026-02-30', '2026-3-1', '', 'x'])('formatDateZh rejects %p', (date) => {
    expect(() => formatDateZh(date)).toThrow(RangeError);
  });

  it.each<[number, string]>([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [24, '二十四'],
    [99, '九十九'],
  ])('chineseNumber(%d) = %s', (n, zh) => {
    expect(chineseNumber(n)).toBe(zh);
  });

  it.each([0, 100, 1.5, -1])('chineseNumber rejects %p', (n) => {
    expect(() => chineseNumber(n)).toThrow(RangeError);
  });

  it('numbers articles and items', () => {
    expect(articleNumber(12)).toBe('第十二条');
    expect(itemNumber(3)).toBe('（三）');
  });

  it.each<[number | string, string]>([
    [25.5, '25.5'],
    [120, '120'],
    ['120.00', '120'],
    [0.29, '0.29'],
    [1.15, '1.15'],
    ['35.750', '35.75'],
  ])('formatDecimal(%p) = %s', (value, text) => {
    expect(formatDecimal(value)).toBe(text);
  });

  it.each([-1, 1.005, 'abc'])('formatDecimal rejects %p', (value) => {
    expect(() => formatDecimal(value)).toThrow(RangeError);
  });

  it('writes boundaries east, south, west, north', () => {
    expect(formatBoundaries({ north: '北山', east: '村道', west: '河', south: '林地' })).toBe(
      '东至村道，南至林地，西至河，北至北山',
    );
  });

  const spec = (over: Partial<AttributeSpec>): AttributeSpec => ({
    key: 'k',
    type: 'string',
    required: true,
    labelZh: 'k',
    labelEn: 'k',
    ...over,
  });

  it.each<[string, AttributeSpec, Parameters<typeof formatAttributeValue>[1], string]>([
    ['string', spec({}), '种植玉米', '种植玉米'],
    ['money', spec({ type: 'integer', unit: 'fen' }), 80_000_000, '人民币800,000.00元'],
    ['shares', spec({ type: 'integer', unit: 'share' }), 10, '10股'],
    ['days', spec({ type: 'integer', unit: 'day' }), 90, '90日'],
    ['year', spec({ type: 'integer', unit: 'year' }), 2018, '2018年'],
    ['plain integer', spec({ type: 'integer' }), 3, '3'],
    ['square metres', spec({ type: 'number', unit: 'm2' }), 240.5, '240.5平方米'],
    ['cubic metres', spec({ type: 'number', unit: 'm3' }), 350.5, '350.5立方米'],
    ['mu', spec({ type: 'number', unit: 'mu' }), 300, '300亩'],
    ['plain number', spec({ type: 'number' }), 1.2, '1.2'],
    ['date', spec({ type: 'date' }), '2060-12-31', '2060年12月31日'],
    ['list', spec({ type: 'string[]' }), ['油松', '杨树'], '油松、杨树'],
    [
      'boundaries',
      spec({ type: 'boundaries' }),
      { east: 'a', south: 'b', west: 'c', north: 'd' },
      '东至a，南至b，西至c，北至d',
    ],
  ])('formatAttributeValue: %s', (_label, s, value, text) => {
    expect(formatAttributeValue(s, value)).toBe(text);
  });

  it('labels enum values, falling back to the raw value', () => {
    const s = spec({ type: 'enum', enum: ['IRRIGATED', 'DRY'] });
    expect(formatAttributeValue(s, 'IRRIGATED', { IRRIGATED: '水浇地' })).toBe('水浇地');
    expect(formatAttributeValue(s, 'DRY', { IRRIGATED: '水浇地' })).toBe('DRY');
  });
});
