import { getCategory } from '../catalog/domain/category-registry';
import type { AttributeSpec, AttributeValue, Boundaries, CategoryCode } from '../catalog/domain/category.types';
import { formatYuan } from '../common/domain/money-words';

/** One line of a listing's particulars as a page shows it: the registry's Chinese label and the value as text. */
export interface Fact {
  label: string;
  value: string;
}

export const UNIT_ZH: Readonly<Record<string, string>> = {
  m2: '平方米',
  m3: '立方米',
  mu: '亩',
  year: '年',
  month: '个月',
  day: '天',
  share: '股',
  percent: '%',
};

const SIDE_ZH: Readonly<Record<keyof Boundaries, string>> = { east: '东', south: '南', west: '西', north: '北' };

/** An enum's registry label lists its values' names in order: `地类（水浇地/旱地/水田/其他）`. */
const ENUM_NAMES = /（([^（）]+)）$/;

function labelOf(spec: AttributeSpec): string {
  return spec.type === 'enum' ? spec.labelZh.replace(ENUM_NAMES, '') : spec.labelZh;
}

function enumName(spec: AttributeSpec, value: string): string {
  const names = ENUM_NAMES.exec(spec.labelZh)?.[1].split('/');
  const index = spec.enum?.indexOf(value) ?? -1;
  return names && spec.enum && names.length === spec.enum.length && index >= 0 ? names[index] : value;
}

function valueOf(spec: AttributeSpec, value: AttributeValue): string {
  switch (spec.type) {
    case 'enum':
      return enumName(spec, String(value));
    case 'string[]':
      return Array.isArray(value) ? value.join('、') : String(value);
    case 'boundaries': {
      const sides = value as Boundaries;
      return (Object.keys(SIDE_ZH) as (keyof Boundaries)[]).map((s) => `${SIDE_ZH[s]}至${sides[s]}`).join('；');
    }
    case 'integer':
    case 'number': {
      if (spec.unit === 'fen' && typeof value === 'number') return `${formatYuan(value)} 元`;
      if (spec.unit === 'percent') return `${String(value)}%`;
      return spec.unit && UNIT_ZH[spec.unit] ? `${String(value)} ${UNIT_ZH[spec.unit]}` : String(value);
    }
    default:
      return String(value);
  }
}

/** A listing's category attributes with their Chinese labels, in the registry's order (absent ones left out). */
export function attributeFacts(code: CategoryCode, attributes: Record<string, unknown> | null | undefined): Fact[] {
  const values = attributes ?? {};
  return getCategory(code)
    .attributes.filter((spec) => values[spec.key] !== undefined && values[spec.key] !== null && values[spec.key] !== '')
    .map((spec) => ({ label: labelOf(spec), value: valueOf(spec, values[spec.key] as AttributeValue) }));
}

/** The kinds of a listing's documents, in Chinese. */
export const DOCUMENT_KIND_LABELS: Readonly<Record<string, string>> = {
  OWNERSHIP_CERTIFICATE: '权属证明',
  RESOLUTION: '集体经济组织决议',
  CONSENT: '发包方（权利人）同意书',
  MANDATE: '委托书',
  AUTHORIZATION: '授权委托书',
  ID_COPY: '身份证明',
  OTHER: '其他材料',
};
