import { CATEGORIES } from '../catalog/domain/category-registry';
import { PRICE_UNIT_LABELS, TRANSFER_MODE_LABELS } from '../catalog/domain/category.types';
import type { CategoryCode, PriceUnit, TransferMode } from '../catalog/domain/category.types';
import { amountInWords, formatYuan } from '../common/domain/money-words';
import { TRADING_METHOD_LABELS_ZH, type TradingMethod } from '../certificates/domain/certificate-document';

/** Status badges as the pages show them (API.md "Web pages"). */
export const STATUS_BADGES: Readonly<Record<string, string>> = {
  DRAFT: '草稿',
  SUBMITTED: '待审核',
  APPROVED: '待发布',
  RETURNED: '退回修改',
  REJECTED: '不予受理',
  ANNOUNCED: '报名中',
  BIDDING: '竞价中',
  SOLD: '已成交',
  FAILED: '流拍',
  WITHDRAWN: '已撤回',
  SUSPENDED: '中止',
  TERMINATED: '终结',
};

const UNIT_SUFFIX: Readonly<Record<PriceUnit, string>> = {
  TOTAL: '元',
  PER_YEAR: '元/年',
  PER_MU_PER_YEAR: '元/亩/年',
};

const CHINA_MS = 8 * 3600_000;

function chinaParts(at: Date | string | null | undefined): string | null {
  if (!at) return null;
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return null;
  return new Date(d.getTime() + CHINA_MS).toISOString();
}

/** Formatting shared by every template (`it.h`). */
export const helpers = {
  /** `5000000` → `50,000.00 元`. */
  yuan: (fen: number | null | undefined): string => (fen === null || fen === undefined ? '—' : `${formatYuan(fen)} 元`),
  /** A price with its unit: `1,200.00 元/亩/年`. */
  price: (fen: number, unit: PriceUnit): string => `${formatYuan(fen)} ${UNIT_SUFFIX[unit] ?? '元'}`,
  /** 大写: `伍万元整`. */
  words: (fen: number): string => amountInWords(fen),
  unitLabel: (unit: PriceUnit): string => UNIT_SUFFIX[unit] ?? '元',
  /** China time `2026-12-18 17:00`. */
  time: (at: Date | string | null | undefined): string => chinaParts(at)?.slice(0, 16).replace('T', ' ') ?? '—',
  date: (at: Date | string | null | undefined): string => chinaParts(at)?.slice(0, 10) ?? '—',
  /** China time to the second `2026-12-18 17:00:05` (the bidding room). */
  clock: (at: Date | string | null | undefined): string => chinaParts(at)?.slice(0, 19).replace('T', ' ') ?? '—',
  iso: (at: Date | string | null | undefined): string => (at ? new Date(at).toISOString() : ''),
  badge: (status: string): string => STATUS_BADGES[status] ?? status,
  category: (code: CategoryCode): string => CATEGORIES.find((c) => c.code === code)?.nameZh ?? code,
  mode: (mode: TransferMode): string => TRANSFER_MODE_LABELS[mode]?.zh ?? mode,
  /** 交易方式: `网络竞价`, `协议转让`. */
  method: (method: TradingMethod): string => TRADING_METHOD_LABELS_ZH[method] ?? method,
  unitName: (unit: PriceUnit): string => PRICE_UNIT_LABELS[unit]?.zh ?? unit,
  area: (mu: number | null | undefined): string => (mu === null || mu === undefined ? '—' : `${mu} 亩`),
  /** A query string from the non-empty values (for pagination links). */
  query: (params: Record<string, unknown>): string => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : '';
  },
};

export type Helpers = typeof helpers;
