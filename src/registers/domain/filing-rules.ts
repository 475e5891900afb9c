/**
 * Filing (备案) and the transfer register (流转台账), DOMAIN.md §2 step 12. Pure rules: which contracts are filed,
 * which also need a registration application, the two small state machines, and the register as CSV.
 *
 * - A `LAND_CONTRACT` contract is filed with the issuing collective (发包方) and the township station (乡镇农经站)
 *   when it comes into force; a clerk acknowledges the filing (FILED → ACKNOWLEDGED).
 * - A 土地经营权 transferred for 5 years or more, whatever the mode, also gets an application for registration
 *   (土地经营权登记, Land Contracting Law art. 41): APPLIED at filing, then REGISTERED or REFUSED as the clerk records.
 */
import { addDays, addYears, compareIsoDates, type IsoDate, isValidIsoDate } from '../../common/domain/calendar-date';
import { fenToYuanString } from '../../common/domain/money';
import {
  type CategoryCode,
  PRICE_UNIT_LABELS,
  type PriceUnit,
  TRANSFER_MODE_LABELS,
  type TransferMode,
} from '../../catalog/domain/category.types';

/** The categories whose contracts are filed: land under household contracting (土地承包经营权流转). */
export const FILED_CATEGORIES: readonly CategoryCode[] = Object.freeze(['LAND_CONTRACT']);

/** A transfer of at least this many years needs a registration application (art. 41). */
export const REGISTRATION_MIN_YEARS = 5;

export const FILING_STATUSES = ['FILED', 'ACKNOWLEDGED'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

export const REGISTRATION_STATUSES = ['APPLIED', 'REGISTERED', 'REFUSED'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** The outcomes a clerk may record for an application. */
export const REGISTRATION_OUTCOMES = ['REGISTERED', 'REFUSED'] as const;
export type RegistrationOutcome = (typeof REGISTRATION_OUTCOMES)[number];

export const FILING_TRANSITIONS: Readonly<Record<FilingStatus, readonly FilingStatus[]>> = Object.freeze({
  FILED: ['ACKNOWLEDGED'],
  ACKNOWLEDGED: [],
});

export const REGISTRATION_TRANSITIONS: Readonly<Record<RegistrationStatus, readonly RegistrationStatus[]>> =
  Object.freeze({
    APPLIED: ['REGISTERED', 'REFUSED'],
    REGISTERED: [],
    REFUSED: [],
  });

/** May a filing go from `from` to `to`? Unknown statuses → false. */
export function canMoveFiling(from: string, to: string): boolean {
  return isOneOf(FILING_STATUSES, from) && isOneOf(FILING_STATUSES, to) && FILING_TRANSITIONS[from].includes(to);
}

/** May a registration application go from `from` (null: there is none) to `to`? */
export function canMoveRegistration(from: string | null, to: string): boolean {
  return (
    from !== null &&
    isOneOf(REGISTRATION_STATUSES, from) &&
    isOneOf(REGISTRATION_STATUSES, to) &&
    REGISTRATION_TRANSITIONS[from].includes(to)
  );
}

/** Is a contract of this category filed when it comes into force? */
export function isFiledCategory(code: string): boolean {
  return (FILED_CATEGORIES as readonly string[]).includes(code);
}

/** A contract's term as the filing sees it: the listing's `termYears` and the contract's first and last days. */
export interface FilingTerm {
  termYears: number | null;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

/**
 * The term in whole years: the listing's `termYears` when it has one, else the whole years from `startsOn` to the
 * day after `endsOn` (a term ending the day before its 5th anniversary is 5 years), else null (no end date).
 */
export function termYearsOf(term: FilingTerm): number | null {
  if (typeof term.termYears === 'number' && Number.isSafeInteger(term.termYears) && term.termYears > 0) {
    return term.termYears;
  }
  if (!term.endsOn || !isValidIsoDate(term.startsOn) || !isValidIsoDate(term.endsOn)) return null;
  if (compareIsoDates(term.endsOn, term.startsOn) < 0) return null;
  const dayAfterEnd = addDays(term.endsOn, 1);
  let years = 0;
  while (compareIsoDates(addYears(term.startsOn, years + 1), dayAfterEnd) <= 0) years += 1;
  return years;
}

/** Does this transfer need a registration application (土地经营权登记)? A term of 5 years or more does. */
export function needsRegistration(term: FilingTerm): boolean {
  const years = termYearsOf(term);
  return years !== null && years >= REGISTRATION_MIN_YEARS;
}

/** One row of a village's transfer register (流转台账), as the register lists it. */
export interface TransferRow {
  contractNo: string;
  listingNo: string;
  villageCode: string;
  villageName: string;
  townshipCode: string;
  issuingCollective: string;
  transferMode: TransferMode;
  areaMu: number | null;
  sellerName: string;
  buyerName: string;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  termYears: number | null;
  priceFen: number;
  priceUnit: PriceUnit;
  totalPriceFen: number;
  /** The day filed, China time. */
  filedOn: IsoDate;
  status: FilingStatus;
  registrationStatus: RegistrationStatus | null;
}

const FILING_STATUS_ZH: Readonly<Record<FilingStatus, string>> = { FILED: '已备案', ACKNOWLEDGED: '已确认备案' };
const REGISTRATION_STATUS_ZH: Readonly<Record<RegistrationStatus, string>> = {
  APPLIED: '已申请登记',
  REGISTERED: '已登记',
  REFUSED: '不予登记',
};

/** The register's columns: the Chinese header and how each row fills it. */
const COLUMNS: readonly { header: string; value: (row: TransferRow) => string }[] = [
  { header: '合同编号', value: (r) => r.contractNo },
  { header: '挂牌编号', value: (r) => r.listingNo },
  { header: '村代码', value: (r) => r.villageCode },
  { header: '村名称', value: (r) => r.villageName },
  { header: '乡镇代码', value: (r) => r.townshipCode },
  { header: '发包方', value: (r) => r.issuingCollective },
  { header: '流转方式', value: (r) => TRANSFER_MODE_LABELS[r.transferMode]?.zh ?? r.transferMode },
  { header: '面积（亩）', value: (r) => (r.areaMu === null ? '' : r.areaMu.toFixed(2)) },
  { header: '出让方', value: (r) => r.sellerName },
  { header: '受让方', value: (r) => r.buyerName },
  { header: '起始日期', value: (r) => r.startsOn },
  { header: '终止日期', value: (r) => r.endsOn ?? '' },
  { header: '期限（年）', value: (r) => (r.termYears === null ? '' : String(r.termYears)) },
  { header: '成交价格（元）', value: (r) => fenToYuanString(r.priceFen) },
  { header: '计价方式', value: (r) => PRICE_UNIT_LABELS[r.priceUnit]?.zh ?? r.priceUnit },
  { header: '成交总价（元）', value: (r) => fenToYuanString(r.totalPriceFen) },
  { header: '备案日期', value: (r) => r.filedOn },
  { header: '备案状态', value: (r) => FILING_STATUS_ZH[r.status] ?? r.status },
  {
    header: '登记状态',
    value: (r) => (r.registrationStatus ? (REGISTRATION_STATUS_ZH[r.registrationStatus] ?? r.registrationStatus) : ''),
  },
];

/** The byte order mark that makes Excel read the file as UTF-8 (and show the Chinese). */
export const UTF8_BOM = '\uFEFF';

/** Characters that make a spreadsheet read a cell as a formula (or that some spreadsheets strip before one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): a value a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return) gets a leading apostrophe (CSV injection); a field holding a comma, a double quote or a
 * line break is quoted, its quotes doubled.
 */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record: the fields joined by commas, ended by CRLF (RFC 4180). */
export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * The transfer register as CSV: a UTF-8 BOM, a Chinese header row, one record per filing, CRLF line ends,
 * amounts in 元 with two decimals, areas in 亩 with two decimals, dates `YYYY-MM-DD`.
 */
export function transfersCsv(rows: readonly TransferRow[]): string {
  const lines = [
    csvRecord(COLUMNS.map((c) => c.header)),
    ...rows.map((r) => csvRecord(COLUMNS.map((c) => c.value(r)))),
  ];
  return UTF8_BOM + lines.join('');
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
