import { applyBasisPoints, assertSafeFen, isNonNegativeFen, roundHalfUp } from '../../common/domain/money';
import type { PartyType } from '../../catalog/domain/category.types';

/**
 * Service fees (交易服务费, DOMAIN.md §2): charged on the deal's total value to each side, progressive by band
 * (差额定率累进: each part of the total pays its band's rate, like income-tax brackets; lower bound included, upper
 * excluded), rounded half up to the fen once, at least the minimum (200 元) but the minimum never more than 5 % of
 * the total. The fee therefore never falls when the total rises. PERSON and COLLECTIVE sellers (the paid party) are
 * exempt, and so is a COLLECTIVE purchasing through a procurement (AGRI_PROJECT). The centre may waive fees.
 */

export interface FeeBand {
  /** Lower bound of the band, in fen, included. The first band starts at 0. */
  fromFen: number;
  /** Rate in basis points (1 bp = 0.01%). */
  rateBp: number;
}

export interface FeeSchedule {
  /** Bands in ascending `fromFen`, the first from 0. */
  bands: readonly FeeBand[];
  /** The minimum fee per side, in fen (but at most MINIMUM_FEE_CAP_BP of the total). */
  minimumFen: number;
}

/** The minimum fee is never more than this share of the total (5 %): a 150 元 deal does not pay a 200 元 fee. */
export const MINIMUM_FEE_CAP_BP = 500;

const YUAN = 100;

/** The default schedule: <500k 元 1.3%; 500k-1M 1.2%; 1-5M 1.0%; 5-10M 0.8%; 10-20M 0.5%; ≥20M 0.3%; min 200 元. */
export const DEFAULT_FEE_SCHEDULE: FeeSchedule = Object.freeze({
  bands: Object.freeze([
    { fromFen: 0, rateBp: 130 },
    { fromFen: 500_000 * YUAN, rateBp: 120 },
    { fromFen: 1_000_000 * YUAN, rateBp: 100 },
    { fromFen: 5_000_000 * YUAN, rateBp: 80 },
    { fromFen: 10_000_000 * YUAN, rateBp: 50 },
    { fromFen: 20_000_000 * YUAN, rateBp: 30 },
  ]),
  minimumFen: 200 * YUAN,
});

/** Why a schedule is unusable, or null when it is fine. */
export function feeScheduleProblem(schedule: FeeSchedule): string | null {
  const { bands, minimumFen } = schedule;
  if (!isNonNegativeFen(minimumFen)) return 'the minimum must be a non-negative integer of fen';
  if (bands.length === 0) return 'at least one band is needed';
  if (bands[0].fromFen !== 0) return 'the first band must start at 0';
  for (let i = 0; i < bands.length; i += 1) {
    const b = bands[i];
    if (!isNonNegativeFen(b.fromFen)) return `band ${i + 1}: the lower bound must be a non-negative integer of fen`;
    if (!Number.isSafeInteger(b.rateBp) || b.rateBp < 0 || b.rateBp > 10_000) {
      return `band ${i + 1}: the rate must be 0-10000 basis points`;
    }
    if (i > 0 && b.fromFen <= bands[i - 1].fromFen) return `band ${i + 1}: lower bounds must ascend`;
  }
  return null;
}

/**
 * Parses `SERVICE_FEE_BANDS`: comma-separated `fromFen:rateBp` pairs, e.g. `0:130,50000000:120`. Returns null when
 * the text is malformed (the schedule's own rules are checked by `feeScheduleProblem`).
 */
export function parseFeeBands(text: string): FeeBand[] | null {
  const parts = text.split(',').map((p) => p.trim());
  const bands: FeeBand[] = [];
  for (const part of parts) {
    const m = /^(\d{1,16}):(\d{1,5})$/.exec(part);
    if (!m) return null;
    bands.push({ fromFen: Number(m[1]), rateBp: Number(m[2]) });
  }
  return bands;
}

/**
 * The progressive fee on `totalFen` before the minimum: Σ over the bands of (the part of the total within the band) ×
 * its rate, rounded half up to the fen once.
 */
export function progressiveFeeFen(totalFen: number, schedule: FeeSchedule = DEFAULT_FEE_SCHEDULE): number {
  if (!isNonNegativeFen(totalFen)) throw new RangeError(`totalFen must be a non-negative safe integer: ${totalFen}`);
  const total = BigInt(totalFen);
  let fenTimesBp = 0n;
  schedule.bands.forEach((band, i) => {
    const from = BigInt(band.fromFen);
    const next = schedule.bands[i + 1];
    const to = next ? BigInt(next.fromFen) : total;
    const upper = total < to ? total : to;
    if (upper > from) fenTimesBp += (upper - from) * BigInt(band.rateBp);
  });
  return assertSafeFen(roundHalfUp(fenTimesBp, 10_000n));
}

/**
 * One side's fee on `totalFen` before exemptions: the progressive fee, at least the minimum, but the minimum at most
 * 5 % of the total (half up). Non-decreasing in the total: fee(total + 1) ≥ fee(total).
 */
export function serviceFeeFen(totalFen: number, schedule: FeeSchedule = DEFAULT_FEE_SCHEDULE): number {
  const progressive = progressiveFeeFen(totalFen, schedule);
  const floor = Math.min(schedule.minimumFen, applyBasisPoints(totalFen, MINIMUM_FEE_CAP_BP));
  return Math.max(progressive, floor);
}

/**
 * An instalment's share of a fee: `feeFen × amountFen ÷ totalFen`, half up; the last instalment takes what the
 * earlier ones left (so the shares add up to the fee exactly). `paidSharesFen` is what the earlier instalments took.
 */
export function feeShareFen(
  feeFen: number,
  amountFen: number,
  totalFen: number,
  last: boolean,
  paidSharesFen: number,
): number {
  for (const [name, v] of Object.entries({ feeFen, amountFen, totalFen, paidSharesFen })) {
    if (!isNonNegativeFen(v)) throw new RangeError(`${name} must be a non-negative safe integer: ${v}`);
  }
  if (last) return feeFen - paidSharesFen;
  if (totalFen === 0) return 0;
  return assertSafeFen(roundHalfUp(BigInt(feeFen) * BigInt(amountFen), BigInt(totalFen)));
}

/** Is the paid party (出让方; the supplier of an AGRI_PROJECT) exempt from the seller's fee? */
export function isSellerExempt(sellerPartyType: PartyType): boolean {
  return sellerPartyType === 'PERSON' || sellerPartyType === 'COLLECTIVE';
}

export interface DealFees {
  buyerFeeFen: number;
  sellerFeeFen: number;
}

/** Is the paying party exempt? A COLLECTIVE purchasing its own project through a procurement. */
export function isBuyerExempt(buyerPartyType: PartyType, procurement: boolean): boolean {
  return procurement && buyerPartyType === 'COLLECTIVE';
}

/**
 * Both sides' fees on a deal: the paid side is exempt when a PERSON or COLLECTIVE; the paying side pays, unless it
 * is a COLLECTIVE purchasing through a procurement.
 */
export function dealFees(
  totalFen: number,
  parties: { sellerPartyType: PartyType; buyerPartyType: PartyType; procurement: boolean },
  options: { schedule?: FeeSchedule; waived?: boolean } = {},
): DealFees {
  if (options.waived) return { buyerFeeFen: 0, sellerFeeFen: 0 };
  const fee = serviceFeeFen(totalFen, options.schedule ?? DEFAULT_FEE_SCHEDULE);
  return {
    buyerFeeFen: isBuyerExempt(parties.buyerPartyType, parties.procurement) ? 0 : fee,
    sellerFeeFen: isSellerExempt(parties.sellerPartyType) ? 0 : fee,
  };
}
