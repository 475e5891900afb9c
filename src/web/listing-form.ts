/**
 * The listing wizard's form (issue 13, `/desk/listings/new`, `/desk/assisted/new`, `/desk/listings/:id/edit`): the
 * category registry's fields as form fields, what a browser posts back as the API's listing body (money typed in 元
 * and parsed to integer fen exactly, never through floats), the API's field errors as the form's fields in Chinese,
 * and the total reserve value with the allowed deposit range computed on the server. Pure: no framework.
 */
import { findCategory, resolutionRequiredFor } from '../catalog/domain/category-registry';
import type {
  AttributeSpec,
  CategoryCode,
  CategoryDefinition,
  PartyType,
  PriceUnit,
} from '../catalog/domain/category.types';
import { BOUNDARY_SIDES } from '../catalog/domain/category.types';
import type { FieldError } from '../common/errors/domain-error';
import { computeTotalValue } from '../listings/domain/total-value';
import { fenToYuanText, MONEY_FIELD_ERROR, yuanToFen } from './desk-work-input';
import { UNIT_ZH } from './listing-facts';
import { DEPOSIT_MAX_BP, DEPOSIT_MIN_BP } from '../listings/domain/listing-rules';

/** Step 1: each category in one line of plain Chinese (what is put on the market, by whom). */
export const CATEGORY_HINTS: Readonly<Record<CategoryCode, string>> = {
  LAND_CONTRACT: '把自家承包的耕地出租、转包、入股或转让给别人种。',
  FOREST: '把林地、林木的经营权出租或转让。',
  FOUR_WASTES: '村集体把荒山、荒沟、荒丘、荒滩的使用权承包出去。',
  COLLECTIVE_EQUITY: '转让持有的村集体经济组织股份。',
  PRODUCTION_FACILITY: '出租或出售大棚、圈舍、冷库、农机等生产设施设备。',
  COLLECTIVE_OPERATING_ASSET: '村集体出租或出售厂房、门市等经营性资产。',
  WATER_FACILITY: '出租机井、塘坝、渠道、泵站等小型水利设施。',
  AGRI_IP: '转让或许可使用植物新品种、专利、商标等。',
  COLLECTIVE_CONSTRUCTION_LAND: '村集体出让或出租经营性建设用地。',
  RURAL_HOUSING: '把闲置的农村房屋出租给别人使用。',
  AQUACULTURE_WATER: '把池塘、水库等养殖水面的经营权出租或转让。',
  AGRI_PROJECT: '村集体为涉农工程、货物或服务公开招标采购。',
};

/** The form's base fields in Chinese (labels, and the words of the error messages). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  title: '项目名称',
  villageCode: '所在村',
  transferMode: '流转方式',
  areaMu: '面积（亩）',
  priceUnit: '价格单位',
  reservePrice: '挂牌底价',
  increment: '加价幅度',
  deposit: '保证金',
  termYears: '流转期限（年）',
  tradingMethod: '交易方式',
  collectiveResolution: '集体经济组织决议',
  'res.meetingDate': '会议日期',
  'res.eligibleVoters': '有表决权的成员（代表）总数',
  'res.attendees': '到会人数',
  'res.votesFor': '赞成票数',
  description: '项目说明',
  phone: '手机号',
  file: '文件',
  kind: '材料类型',
  reason: '撤回原因',
  documents: '材料',
};

const SIDE_ZH: Readonly<Record<string, string>> = { east: '东至', south: '南至', west: '西至', north: '北至' };
const ENUM_NAMES = /（([^（）]+)）$/;

/** An attribute's label without its enum names: `地类`. */
export function attributeLabel(spec: AttributeSpec): string {
  return spec.type === 'enum' ? spec.labelZh.replace(ENUM_NAMES, '') : spec.labelZh;
}

/** An enum attribute's options with their Chinese names (from the label: `地类（水浇地/旱地/水田/其他）`). */
export function enumOptions(spec: AttributeSpec): { value: string; label: string }[] {
  const names = ENUM_NAMES.exec(spec.labelZh)?.[1].split('/');
  const values = spec.enum ?? [];
  return values.map((value, i) => ({ value, label: names && names.length === values.length ? names[i] : value }));
}

/** The unit shown after an attribute's input (`元` for money typed in 元). */
export function attributeUnit(spec: AttributeSpec): string {
  if (spec.unit === 'fen') return '元';
  return spec.unit ? (UNIT_ZH[spec.unit] ?? '') : '';
}

/** A hint under an attribute's input, where its type needs one. */
export function attributeHelp(spec: AttributeSpec): string {
  switch (spec.type) {
    case 'date':
      return '日期，如 2035-12-31';
    case 'string[]':
      return '可填多个，用逗号、顿号或换行分隔';
    case 'integer':
      return spec.unit === 'fen' ? '单位：元，最多两位小数' : '整数';
    case 'number':
      return '数字，最多两位小数';
    default:
      return '';
  }
}

/** One field of a category's attributes on the form. */
export interface AttributeField {
  spec: AttributeSpec;
  name: string;
  label: string;
  unit: string;
  help: string;
  options: { value: string; label: string }[];
}

export function attributeFields(category: CategoryDefinition): AttributeField[] {
  return category.attributes.map((spec) => ({
    spec,
    name: `attr.${spec.key}`,
    label: attributeLabel(spec),
    unit: attributeUnit(spec),
    help: attributeHelp(spec),
    options: spec.type === 'enum' ? enumOptions(spec) : [],
  }));
}

/** The price units' Chinese labels on the form: what the reserve is per. */
export const PRICE_UNIT_FORM_LABELS: Readonly<Record<PriceUnit, string>> = {
  TOTAL: '总价（元）',
  PER_YEAR: '每年租金（元/年）',
  PER_MU_PER_YEAR: '每亩每年（元/亩/年）',
};

/** A decimal of at most 2 places as typed, or `null`. */
function decimalOf(text: string): number | null {
  const plain = text.normalize('NFKC').replace(/[\s,，]/g, '');
  return /^\d{1,9}(\.\d{1,2})?$/.test(plain) ? Number(plain) : null;
}

function integerOf(text: string): number | null {
  const plain = text.normalize('NFKC').replace(/[\s,，]/g, '');
  return /^\d{1,15}$/.test(plain) ? Number(plain) : null;
}

/** What the browser posted: every value a string (absent ones ''). */
export type FormValues = Record<string, string>;

/** The posted fields the form knows, as strings (anything else dropped). */
export function formValuesOf(body: Record<string, unknown>, category: CategoryDefinition): FormValues {
  const names = [
    'title',
    'villageCode',
    'transferMode',
    'areaMu',
    'priceUnit',
    'reservePrice',
    'increment',
    'deposit',
    'termYears',
    'tradingMethod',
    'description',
    'res.meetingDate',
    'res.eligibleVoters',
    'res.attendees',
    'res.votesFor',
    'res.allowOutsiders',
  ];
  for (const spec of category.attributes) {
    if (spec.type === 'boundaries') names.push(...BOUNDARY_SIDES.map((s) => `attr.${spec.key}.${s}`));
    else names.push(`attr.${spec.key}`);
  }
  const values: FormValues = {};
  for (const name of names) {
    const value = body[name];
    values[name] = typeof value === 'string' ? value.slice(0, 5000) : '';
  }
  return values;
}

/** The form's values of a saved listing (the edit form, prefilled). */
export function formValuesOfListing(listing: {
  categoryCode: string;
  title: string;
  villageCode: string;
  transferMode: string;
  attributes: Record<string, unknown>;
  areaMu: number | null;
  priceUnit: string;
  reservePriceFen: number;
  incrementFen: number;
  depositFen: number;
  termYears: number | null;
  tradingMethod: string;
  description: string | null;
  collectiveResolution: {
    meetingDate: string;
    eligibleVoters: number;
    attendees: number;
    votesFor: number;
    allowOutsiders?: boolean;
  } | null;
}): FormValues {
  const values: FormValues = {
    title: listing.title,
    villageCode: listing.villageCode,
    transferMode: listing.transferMode,
    areaMu: listing.areaMu === null ? '' : String(listing.areaMu),
    priceUnit: listing.priceUnit,
    reservePrice: fenToYuanText(listing.reservePriceFen),
    increment: fenToYuanText(listing.incrementFen),
    deposit: fenToYuanText(listing.depositFen),
    termYears: listing.termYears === null ? '' : String(listing.termYears),
    tradingMethod: listing.tradingMethod,
    description: listing.description ?? '',
  };
  const r = listing.collectiveResolution;
  if (r) {
    values['res.meetingDate'] = r.meetingDate;
    values['res.eligibleVoters'] = String(r.eligibleVoters);
    values['res.attendees'] = String(r.attendees);
    values['res.votesFor'] = String(r.votesFor);
    if (r.allowOutsiders) values['res.allowOutsiders'] = '1';
  }
  const category = findCategory(listing.categoryCode);
  for (const [key, value] of Object.entries(listing.attributes ?? {})) {
    const spec = category?.attributes.find((a) => a.key === key);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [side, text] of Object.entries(value)) values[`attr.${key}.${side}`] = String(text);
    } else if (Array.isArray(value)) {
      values[`attr.${key}`] = value.join('，');
    } else if (spec?.unit === 'fen' && typeof value === 'number') {
      values[`attr.${key}`] = fenToYuanText(value);
    } else {
      values[`attr.${key}`] = value === null || value === undefined ? '' : String(value);
    }
  }
  return values;
}

/** The API's listing body from the form, and the fields the form itself could not read (in Chinese). */
export interface ParsedListingForm {
  body: Record<string, unknown>;
  errors: Record<string, string>;
}

/**
 * The form's values as the API's listing body (`CreateListingDto`): money in 元 → fen, numbers parsed, empty optional
 * fields left out (with `forUpdate`, cleared: `null`). A value it cannot read is left out of the body and named in
 * `errors` (the API then names the missing required ones too).
 */
export function parseListingForm(
  values: FormValues,
  category: CategoryDefinition,
  listerType: PartyType,
  forUpdate = false,
): ParsedListingForm {
  const errors: Record<string, string> = {};
  const body: Record<string, unknown> = { categoryCode: category.code };
  const empty = forUpdate ? null : undefined;
  const text = (name: string) => (values[name] ?? '').trim();

  body.title = text('title');
  if (text('villageCode')) body.villageCode = text('villageCode');
  if (text('transferMode')) body.transferMode = text('transferMode');
  if (text('priceUnit')) body.priceUnit = text('priceUnit');
  if (text('tradingMethod')) body.tradingMethod = text('tradingMethod');
  body.description = text('description') || empty;

  for (const [name, key] of [
    ['reservePrice', 'reservePriceFen'],
    ['increment', 'incrementFen'],
    ['deposit', 'depositFen'],
  ] as const) {
    if (!text(name)) continue;
    const fen = yuanToFen(text(name));
    if (fen === null) errors[name] = MONEY_FIELD_ERROR;
    else body[key] = fen;
  }
  if (text('termYears')) {
    const years = integerOf(text('termYears'));
    if (years === null) errors.termYears = '流转期限请填写整数年数，如 5';
    else body.termYears = years;
  } else body.termYears = empty;
  if (category.hasArea) {
    if (text('areaMu')) {
      const area = decimalOf(text('areaMu'));
      if (area === null) errors.areaMu = '面积请填写数字（亩），最多两位小数';
      else body.areaMu = area;
    } else body.areaMu = empty;
  }

  const attributes: Record<string, unknown> = {};
  for (const spec of category.attributes) {
    const name = `attr.${spec.key}`;
    if (spec.type === 'boundaries') {
      const sides = Object.fromEntries(BOUNDARY_SIDES.map((s) => [s, text(`${name}.${s}`)]));
      if (Object.values(sides).some((v) => v !== '')) attributes[spec.key] = sides;
      continue;
    }
    const raw = text(name);
    if (raw === '') continue;
    switch (spec.type) {
      case 'string[]':
        attributes[spec.key] = raw
          .split(/[\n,，、;；]+/)
          .map((s) => s.trim())
          .filter((s) => s !== '');
        break;
      case 'integer': {
        const n = spec.unit === 'fen' ? yuanToFen(raw) : integerOf(raw);
        if (n === null) errors[name] = spec.unit === 'fen' ? MONEY_FIELD_ERROR : `${attributeLabel(spec)}请填写整数`;
        else attributes[spec.key] = n;
        break;
      }
      case 'number': {
        const n = decimalOf(raw);
        if (n === null) errors[name] = `${attributeLabel(spec)}请填写数字，最多两位小数`;
        else attributes[spec.key] = n;
        break;
      }
      default:
        attributes[spec.key] = raw;
    }
  }
  body.attributes = attributes;

  if (resolutionRequiredFor(category, listerType)) {
    const fields = ['res.meetingDate', 'res.eligibleVoters', 'res.attendees', 'res.votesFor'];
    if (fields.some((f) => text(f) !== '')) {
      const resolution: Record<string, unknown> = { meetingDate: text('res.meetingDate') };
      for (const [field, key] of [
        ['res.eligibleVoters', 'eligibleVoters'],
        ['res.attendees', 'attendees'],
        ['res.votesFor', 'votesFor'],
      ] as const) {
        const n = integerOf(text(field));
        if (n === null) errors[field] = `${FIELD_LABELS[field]}请填写整数`;
        resolution[key] = n ?? 0;
      }
      if (text('res.allowOutsiders')) resolution.allowOutsiders = true;
      body.collectiveResolution = resolution;
    } else {
      body.collectiveResolution = empty;
    }
  }
  return { body, errors };
}

/** An API field (`attributes.boundaries.east`, `depositFen`, `collectiveResolution.votesFor`) as the form's field. */
export function formFieldOf(apiField: string): string {
  const attr = /^attributes\.([A-Za-z0-9]+)(?:\.(east|south|west|north))?/.exec(apiField);
  if (attr) return attr[2] ? `attr.${attr[1]}.${attr[2]}` : `attr.${attr[1]}`;
  const res = /^collectiveResolution\.(meetingDate|eligibleVoters|attendees|votesFor)/.exec(apiField);
  if (res) return `res.${res[1]}`;
  switch (apiField.split(/[.[]/)[0]) {
    case 'reservePriceFen':
      return 'reservePrice';
    case 'incrementFen':
      return 'increment';
    case 'depositFen':
      return 'deposit';
    case 'attributes':
      return 'attributes';
    default:
      return apiField.split(/[.[]/)[0];
  }
}

/** A form field's Chinese name (an attribute's from the registry). */
export function fieldLabel(field: string, category?: CategoryDefinition): string {
  const attr = /^attr\.([A-Za-z0-9]+)(?:\.(\w+))?$/.exec(field);
  if (attr && category) {
    const spec = category.attributes.find((a) => a.key === attr[1]);
    const label = spec ? attributeLabel(spec) : attr[1];
    return attr[2] ? `${label}（${SIDE_ZH[attr[2]] ?? attr[2]}）` : label;
  }
  return FIELD_LABELS[field] ?? field;
}

/** A VALIDATION_FAILED message (the API's, in English) about a form field, in Chinese. */
export function chineseFieldMessage(field: string, message: string, category?: CategoryDefinition): string {
  const label = fieldLabel(field, category);
  const m = message.toLowerCase();
  if (field === 'villageCode') return m.includes('unknown') ? '请选择所在村（该村不在本中心的区划内）' : '请选择所在村';
  if (field === 'areaMu' && m.includes('has no area')) return '该品种不填写面积';
  if (m.includes('required') || m.includes('must not be empty') || m.includes('should not be empty')) {
    return `请填写${label}`;
  }
  if (m.includes('yyyy-mm-dd') || m.includes('calendar date') || m.includes('must lie between')) {
    return `${label}：请按 YYYY-MM-DD 填写有效日期`;
  }
  if (m.includes('must be one of')) return `请选择${label}`;
  if (m.includes('longer than') || m.includes('shorter than') || m.includes('at most')) {
    return `${label}长度或数量超出限制`;
  }
  if (m.includes('rounds to 0')) return '按此单价计算的总价不足 0.01 元，请提高底价';
  if (m.includes('too_large') || m.includes('too large')) return `${label}过大`;
  if (m.includes('not be less than') || m.includes('greater than') || m.includes('>=')) {
    return `${label}须大于 0`;
  }
  if (m.includes('integer') || m.includes('number') || m.includes('decimal')) return `${label}请填写有效的数字`;
  if (m.includes('unknown')) return `${label}不适用于该品种`;
  return `${label}填写有误`;
}

/** The total reserve value and the deposit range (10%-30%) for what the form says, where it can be computed. */
export interface ReserveSummary {
  totalFen: number;
  /** What the deposit range is a share of: the total, or one year's value for a price per year. */
  baseFen: number;
  perYearBase: boolean;
  depositMinFen: number;
  depositMaxFen: number;
}

/**
 * The total reserve value (price × years × mu as the unit says) and the deposit's allowed range: 10%-30% of the
 * total, or of one year's value for a price per year (the rule of listing-validation), rounded inward to whole fen.
 */
export function reserveSummary(
  body: Record<string, unknown>,
  minBp = DEPOSIT_MIN_BP,
  maxBp = DEPOSIT_MAX_BP,
): ReserveSummary | null {
  const priceUnit = body.priceUnit as PriceUnit;
  const priceFen = body.reservePriceFen;
  if (typeof priceFen !== 'number') return null;
  const input = {
    priceUnit,
    priceFen,
    termYears: typeof body.termYears === 'number' ? body.termYears : undefined,
    areaMu: typeof body.areaMu === 'number' ? body.areaMu : undefined,
  };
  const total = computeTotalValue(input);
  if (!total.ok) return null;
  const perYearBase = priceUnit !== 'TOTAL';
  const base = perYearBase ? computeTotalValue({ ...input, termYears: 1 }) : total;
  if (!base.ok) return null;
  const b = BigInt(base.totalFen);
  const min = (b * BigInt(minBp) + 9999n) / 10000n;
  const max = (b * BigInt(maxBp)) / 10000n;
  return {
    totalFen: total.totalFen,
    baseFen: base.totalFen,
    perYearBase,
    depositMinFen: Number(min),
    depositMaxFen: Number(max),
  };
}

/** The API's field errors as the form's fields, each once, in Chinese. */
export function formFieldErrors(
  details: FieldError[] | Record<string, string>,
  category?: CategoryDefinition,
  values: FormValues = {},
): Record<string, string> {
  const list = Array.isArray(details)
    ? details
    : Object.entries(details).map(([field, message]) => ({ field, message }));
  const fields: Record<string, string> = {};
  for (const { field, message } of list) {
    const name = formFieldOf(field);
    const left = values[name] !== undefined && values[name].trim() === '' && name !== 'villageCode';
    fields[name] ??= left ? `请填写${fieldLabel(name, category)}` : chineseFieldMessage(name, message, category);
  }
  return fields;
}
