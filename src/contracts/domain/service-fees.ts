import { applyBasisPoints, isNonNegativeFen } from '../../common/domain/money';
import type { PartyType } from '../../catalog/domain/category.types';

/**
 * Service fees (交易服务费, DOMAIN.md §2): charged on the deal's total value to each side, at the rate of the band the
 * whole total falls in (not progressive; lower bound included, upper excluded), rounded half up to the fen, with a
 * minimum. PERSON and COLLECTIVE sellers (the paid party) are exempt. The centre may waive fees altogether.
 *
 * A fee never exceeds the total it is charged on (a deal below the minimum fee pays its whole value, not more):
 * otherwise the seller would owe the centre money out of a sale.
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
  /** The minimum fee per side, in fen. */
  minimumFen: number;
}

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

/** The band rate (basis points) for a total: that of the last band whose lower bound the total reaches. */
export function feeRateBp(totalFen: number, schedule: FeeSchedule = DEFAULT_FEE_SCHEDULE): number {
  if (!isNonNegativeFen(totalFen)) throw new RangeError(`totalFen must be a non-negative safe integer: ${totalFen}`);
  let rate = schedule.bands[0].rateBp;
  for (const band of schedule.bands) {
    if (totalFen >= band.fromFen) rate = band.rateBp;
  }
  return rate;
}

/** One side's fee on `totalFen` before exemptions: band rate, half up, at least the minimum, at most the total. */
export function serviceFeeFen(totalFen: number, schedule: FeeSchedule = DEFAULT_FEE_SCHEDULE): number {
  const byRate = applyBasisPoints(totalFen, feeRateBp(totalFen, schedule));
  return Math.min(Math.max(byRate, schedule.minimumFen), totalFen);
}

/** Is the paid party (出让方; the supplier of an AGRI_PROJECT) exempt from the seller's fee? */
export function isSellerExempt(sellerPartyType: PartyType): boolean {
  return sellerPartyType === 'PERSON' || sellerPartyType === 'COLLECTIVE';
}

export interface DealFees {
  buyerFeeFen: number;
  sellerFeeFen: number;
}

/** Both sides' fees on a deal: the paying side always pays; the paid side is exempt when a PERSON or COLLECTIVE. */
export function dealFees(
  totalFen: number,
  sellerPartyType: PartyType,
  options: { schedule?: FeeSchedule; waived?: boolean } = {},
): DealFees {
  if (options.waived) return { buyerFeeFen: 0, sellerFeeFen: 0 };
  const fee = serviceFeeFen(totalFen, options.schedule ?? DEFAULT_FEE_SCHEDULE);
  return { buyerFeeFen: fee, sellerFeeFen: isSellerExempt(sellerPartyType) ? 0 : fee };
}
