/**
 * Small, exact formatters for contract text: dates in Chinese, article and item numbers, areas and attribute values.
 */
import { type IsoDate, parseIsoDate } from '../../common/domain/calendar-date';
import { toHundredths } from '../../common/domain/decimal';
import {
  type AttributeSpec,
  type AttributeValue,
  BOUNDARY_SIDES,
  type Boundaries,
} from '../../catalog/domain/category.types';
import { formatYuan } from '../../common/domain/money-words';

/** `2026-03-01` → `2026年3月1日`. Throws a `RangeError` for anything but a real `YYYY-MM-DD` date. */
export function formatDateZh(date: IsoDate): string {
  const parsed = parseIsoDate(date);
  if (!parsed) throw new RangeError(`not a YYYY-MM-DD calendar date: ${String(date)}`);
  return `${parsed.year}年${parsed.month}月${parsed.day}日`;
}

const SMALL = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** 1-99 in ordinary Chinese numerals, as article numbers are written: 1 → 一, 10 → 十, 12 → 十二, 40 → 四十. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumber supports 1-99: ${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensPart = tens === 0 ? '' : tens === 1 ? '十' : `${SMALL[tens]}十`;
  return tensPart + (ones === 0 ? '' : SMALL[ones]);
}

/** `第一条` … `第十二条`. */
export function articleNumber(n: number): string {
  return `第${chineseNumber(n)}条`;
}

/** `（一）` … `（十二）`. */
export function itemNumber(n: number): string {
  return `（${chineseNumber(n)}）`;
}

/**
 * A quantity with at most two decimals, exactly, without trailing zeros: 25.5 → `25.5`, `'120.00'` → `120`,
 * 0.29 → `0.29`. Throws a `RangeError` for a negative number or one with more decimals.
 */
export function formatDecimal(value: number | string): string {
  const hundredths = toHundredths(value);
  if (hundredths === null) throw new RangeError(`not a non-negative number with at most 2 decimals: ${value}`);
  const whole = hundredths / 100n;
  const fraction = String(hundredths % 100n)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/** `{ east: '村道', ... }` → `东至村道，南至…，西至…，北至…`. */
export function formatBoundaries(b: Boundaries): string {
  const sideZh: Record<(typeof BOUNDARY_SIDES)[number], string> = { east: '东', south: '南', west: '西', north: '北' };
  return BOUNDARY_SIDES.map((side) => `${sideZh[side]}至${b[side]}`).join('，');
}

const UNIT_SUFFIX: Readonly<Record<string, string>> = {
  m2: '平方米',
  m3: '立方米',
  mu: '亩',
  share: '股',
  day: '日',
  month: '个月',
  year: '年',
  percent: '%',
};

function isBoundaries(value: unknown): value is Boundaries {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * An attribute value in Chinese, by its catalog spec: money (`unit: 'fen'`) in 元 with two decimals, numbers with
 * their unit (平方米, 立方米, 亩, 股, 日, 个月, 年, %), dates as `2060年12月31日`, enums through `enumLabels` (the raw value
 * when a label is missing), lists joined by `、`, boundaries as `东至…，南至…`. Values of the wrong shape are
 * written as plain text rather than rejected: the listing was validated when it was made.
 */
export function formatAttributeValue(
  spec: AttributeSpec,
  value: AttributeValue,
  enumLabels: Readonly<Record<string, string>> = {},
): string {
  switch (spec.type) {
    case 'integer':
      if (typeof value === 'number' && spec.unit === 'fen') return `人民币${formatYuan(value)}元`;
      return typeof value === 'number' ? `${value}${UNIT_SUFFIX[spec.unit ?? ''] ?? ''}` : String(value);
    case 'number':
      if (typeof value !== 'number' || toHundredths(value) === null) return String(value);
      return `${formatDecimal(value)}${UNIT_SUFFIX[spec.unit ?? ''] ?? ''}`;
    case 'date':
      return typeof value === 'string' && parseIsoDate(value) ? formatDateZh(value) : String(value);
    case 'enum':
      return typeof value === 'string' ? (enumLabels[value] ?? value) : String(value);
    case 'string[]':
      return Array.isArray(value) ? value.join('、') : String(value);
    case 'boundaries':
      return isBoundaries(value) ? formatBoundaries(value) : String(value);
    case 'string':
    default:
      return String(value);
  }
}
