/**
 * The transaction certificate (交易鉴证书, DOMAIN.md §2 step 10): what it states, and the rows of its table in
 * Chinese. Pure: no framework imports. The PDF layout is in `certificate-pdf.ts`.
 */
import type { CategoryCode, PartyType, PriceUnit, TransferMode } from '../../catalog/domain/category.types';
import { PRICE_UNIT_LABELS, TRANSFER_MODE_LABELS } from '../../catalog/domain/category.types';
import { chinaDateOf, parseIsoDate, type IsoDate } from '../../common/domain/calendar-date';
import { toHundredths } from '../../common/domain/decimal';
import { amountInWords, formatYuan } from '../../common/domain/money-words';

/** How the deal was reached (a deal's `method`). */
export type TradingMethod = 'AUCTION' | 'SINGLE_BIDDER' | 'NEGOTIATED';

export const TRADING_METHOD_LABELS_ZH: Readonly<Record<TradingMethod, string>> = {
  AUCTION: '网络竞价',
  SINGLE_BIDDER: '协议转让（单一意向受让方）',
  NEGOTIATED: '协议转让',
};

/** Party types as a certificate names them (a buyer need not be a farmer household). */
export const PARTY_TYPE_LABELS_ZH: Readonly<Record<PartyType, string>> = {
  PERSON: '自然人',
  COLLECTIVE: '农村集体经济组织',
  ORGANIZATION: '法人或其他组织',
};

/** One party of the deal as printed. */
export interface CertificateParty {
  /** Full name, or the organization's name. */
  name: string;
  partyType: PartyType;
  /** Resident ID number (PERSON) or unified social credit code, already masked (`130728********123X`). */
  maskedIdNo: string;
}

export interface CertificateTerm {
  startDate: IsoDate;
  endDate: IsoDate;
  years: number;
}

/** Everything a certificate states. Plain data; the service assembles it from the deal, listing and contract. */
export interface CertificateDocument {
  /** 证书编号, printable ASCII (it goes into the PDF's info dictionary as a literal string). */
  certificateNo: string;
  /** 核验码, printable ASCII. */
  verificationCode: string;
  issuedAt: Date;
  /** The issuing centre, e.g. 怀安县农村产权交易中心. */
  centreName: string;
  /** The lister: 出让方; for AGRI_PROJECT the purchaser (采购方). */
  seller: CertificateParty;
  /** The winner: 受让方; for AGRI_PROJECT the supplier (供应方). */
  buyer: CertificateParty;
  categoryCode: CategoryCode;
  /** e.g. 农村承包土地经营权 */
  categoryNameZh: string;
  listingNo: string;
  title: string;
  /** The village the asset lies in, e.g. 柴沟堡镇西沙洼村. */
  villageName: string;
  transferMode: TransferMode;
  tradingMethod: TradingMethod;
  priceUnit: PriceUnit;
  /** The deal price in the listing's price unit, in fen. */
  unitPriceFen: number;
  totalPriceFen: number;
  /** Area in 亩, at most two decimals, where the category has one. */
  areaMu?: number | null;
  contractNo: string;
  term?: CertificateTerm | null;
  /** The day the deal was reached (成交日期). */
  dealDate: IsoDate;
  /** Overrides the labels of the two parties (default: by category, see `roleLabelsFor`). */
  roleLabels?: RoleLabels;
}

export interface RoleLabels {
  seller: string;
  buyer: string;
}

/** 出让方/受让方, or 采购方/供应方 for AGRI_PROJECT (the lister buys). */
export function roleLabelsFor(categoryCode: CategoryCode): RoleLabels {
  return categoryCode === 'AGRI_PROJECT'
    ? { seller: '采购方', buyer: '供应方' }
    : { seller: '出让方', buyer: '受让方' };
}

/** `2025-03-01` → `2025年3月1日`; throws a `RangeError` for anything but a real `YYYY-MM-DD` date. */
export function formatChineseDate(date: IsoDate): string {
  const parsed = parseIsoDate(date);
  if (!parsed) throw new RangeError(`not a YYYY-MM-DD calendar date: ${String(date)}`);
  return `${parsed.year}年${parsed.month}月${parsed.day}日`;
}

/** The calendar day of `instant` in China time, written `2025年3月1日`. */
export function formatChineseDateOf(instant: Date): string {
  return formatChineseDate(chinaDateOf(instant));
}

/** `120` → `120`, `12.5` → `12.5`, `0.05` → `0.05`: the exact decimal, no float artefacts. */
export function formatAreaMu(areaMu: number): string {
  const hundredths = toHundredths(areaMu);
  if (hundredths === null) throw new RangeError(`areaMu must be non-negative with at most two decimals: ${areaMu}`);
  const fraction = String(hundredths % 100n)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction ? `${hundredths / 100n}.${fraction}` : String(hundredths / 100n);
}

/** A paragraph of a cell: printed on at most `maxLines` lines, cut with an ellipsis beyond. */
export interface CellParagraph {
  text: string;
  maxLines: number;
  bold?: boolean;
}

/** A row of the certificate's table: a Chinese label and its value. */
export interface CertificateRow {
  label: string;
  value: CellParagraph[];
}

const PRINTABLE_ASCII = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

function requirePrintableAscii(name: string, value: string): void {
  // Parentheses and backslashes would be escaped in the PDF's literal strings and so not appear as written.
  if (typeof value !== 'string' || !PRINTABLE_ASCII.test(value) || /[()\\]/.test(value)) {
    throw new RangeError(`${name} must be printable ASCII without ( ) \\: ${String(value)}`);
  }
}

/** Throws a `RangeError` for a document no certificate can be printed from (programmer errors). */
export function assertPrintable(cert: CertificateDocument): void {
  requirePrintableAscii('certificateNo', cert.certificateNo);
  requirePrintableAscii('verificationCode', cert.verificationCode);
  if (!(cert.issuedAt instanceof Date) || Number.isNaN(cert.issuedAt.getTime())) {
    throw new RangeError('issuedAt must be a valid Date');
  }
}

function partyValue(party: CertificateParty): CellParagraph[] {
  const idLabel = party.partyType === 'PERSON' ? '身份证号' : '统一社会信用代码';
  return [
    { text: party.name, maxLines: 2, bold: true },
    { text: `${PARTY_TYPE_LABELS_ZH[party.partyType]}\u3000${idLabel}：${party.maskedIdNo}`, maxLines: 1 },
  ];
}

function unitPriceText(cert: CertificateDocument): string {
  const amount = `¥${formatYuan(cert.unitPriceFen)}`;
  return cert.priceUnit === 'TOTAL' ? `${amount} 元（总价）` : `${amount} ${PRICE_UNIT_LABELS[cert.priceUnit].zh}`;
}

function termText(term: CertificateTerm): string {
  return `${formatChineseDate(term.startDate)} 至 ${formatChineseDate(term.endDate)}（共 ${term.years} 年）`;
}

/**
 * The rows of the certificate's table, in order. Optional rows (area, term) appear only when given.
 * Throws a `RangeError` on malformed amounts, dates or areas.
 */
export function certificateRows(cert: CertificateDocument): CertificateRow[] {
  const roles = cert.roleLabels ?? roleLabelsFor(cert.categoryCode);
  const one = (text: string): CellParagraph[] => [{ text, maxLines: 1 }];
  const rows: CertificateRow[] = [
    { label: '项目编号', value: one(cert.listingNo) },
    { label: '项目名称', value: [{ text: cert.title, maxLines: 3 }] },
    { label: '交易品种', value: one(cert.categoryNameZh) },
    { label: '坐落位置', value: [{ text: cert.villageName, maxLines: 2 }] },
    { label: roles.seller, value: partyValue(cert.seller) },
    { label: roles.buyer, value: partyValue(cert.buyer) },
    {
      label: cert.categoryCode === 'AGRI_PROJECT' ? '交易类型' : '流转方式',
      value: one(TRANSFER_MODE_LABELS[cert.transferMode].zh),
    },
    { label: '交易方式', value: one(TRADING_METHOD_LABELS_ZH[cert.tradingMethod]) },
    { label: '成交单价', value: one(unitPriceText(cert)) },
    {
      label: '成交总价',
      value: [
        { text: `¥${formatYuan(cert.totalPriceFen)} 元`, maxLines: 1, bold: true },
        { text: `人民币（大写）${amountInWords(cert.totalPriceFen)}`, maxLines: 2 },
      ],
    },
  ];
  if (cert.areaMu != null) rows.push({ label: '面积', value: one(`${formatAreaMu(cert.areaMu)} 亩`) });
  rows.push({ label: '合同编号', value: one(cert.contractNo) });
  if (cert.term) rows.push({ label: '期限', value: one(termText(cert.term)) });
  rows.push({ label: '成交日期', value: one(formatChineseDate(cert.dealDate)) });
  return rows;
}
