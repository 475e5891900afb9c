import { addDays, addYears, compareIsoDates, daysBetween, type IsoDate } from '../../common/domain/calendar-date';
import { applyBasisPoints, assertSafeFen, isNonNegativeFen, roundHalfUp } from '../../common/domain/money';
import type { PriceUnit } from '../../catalog/domain/category.types';
import { feeShareFen } from './service-fees';

/**
 * The payment schedule of a contract (DOMAIN.md §2 step 9, API.md `GET /contracts/:id/instalments`), as pure rules:
 * - a price per year (`PER_YEAR`, `PER_MU_PER_YEAR`) over more than one year is paid year by year, in advance: each
 *   year's rent is the total ÷ `termYears` rounded half up (the last takes the remainder), instalment k due on the
 *   (k−1)-th anniversary of the start (租金监管);
 * - a procurement (AGRI_PROJECT) pays an advance (`advancePercent` of the total, half up; when > 0) due at the start,
 *   and the balance once the works are accepted, less a retention (`retentionBp` of the total) held until the
 *   warranty ends;
 * - anything else is one instalment due at the start.
 * Each instalment carries its share of both fees (fee × amount ÷ total, half up; the last takes the remainder).
 *
 * Money in, oldest first: the winner's deposit (applied to the first instalment) and the payments fill the oldest
 * open instalment: its amount, then its buyer fee, then its late fee. A late fee runs from the day after `dueOn`
 * until the amount is paid: the unpaid amount (without fees) × `lateFeeBpPerDay` ÷ 10,000 for each day, rounded half
 * up once.
 */

export type InstalmentKind = 'PRICE' | 'RENT' | 'ADVANCE' | 'BALANCE';
export type InstalmentStatus = 'PENDING' | 'DUE' | 'OVERDUE' | 'PAID' | 'SETTLED';

export interface PlannedInstalment {
  no: number;
  kind: InstalmentKind;
  /** Null for a procurement's balance until the works are accepted. */
  dueOn: IsoDate | null;
  amountFen: number;
  buyerFeeFen: number;
  sellerFeeFen: number;
  /** Withheld from the payee at this instalment's settlement until the warranty ends (a procurement's balance). */
  retentionFen: number;
}

export interface PlanInput {
  totalFen: number;
  priceUnit: PriceUnit;
  termYears: number | null;
  startsOn: IsoDate;
  buyerFeeFen: number;
  sellerFeeFen: number;
  /** A procurement (AGRI_PROJECT): its advance (0-100 %) and the retention (basis points of the total). */
  procurement?: { advancePercent: number; retentionBp: number };
}

/** The instalments of a contract (see above). Throws a `RangeError` for a total that cannot be split. */
export function planInstalments(input: PlanInput): PlannedInstalment[] {
  const { totalFen, startsOn } = input;
  if (!isNonNegativeFen(totalFen) || totalFen === 0) throw new RangeError(`totalFen must be positive: ${totalFen}`);
  let parts: { kind: InstalmentKind; dueOn: IsoDate | null; amountFen: number; retentionFen: number }[];
  if (input.procurement) {
    const { advancePercent, retentionBp } = input.procurement;
    const advance = assertSafeFen(roundHalfUp(BigInt(totalFen) * BigInt(advancePercent), 100n));
    const retention = Math.min(applyBasisPoints(totalFen, retentionBp), totalFen - advance);
    parts = [
      ...(advance > 0 && advance < totalFen
        ? [{ kind: 'ADVANCE' as const, dueOn: startsOn, amountFen: advance, retentionFen: 0 }]
        : []),
      {
        kind: 'BALANCE',
        dueOn: null,
        amountFen: advance > 0 && advance < totalFen ? totalFen - advance : totalFen,
        retentionFen: retention,
      },
    ];
  } else if (input.priceUnit !== 'TOTAL' && input.termYears !== null && input.termYears > 1) {
    const years = input.termYears;
    const each = assertSafeFen(roundHalfUp(BigInt(totalFen), BigInt(years)));
    const last = totalFen - each * (years - 1);
    if (each <= 0 || last <= 0) throw new RangeError(`a total of ${totalFen} fen cannot be paid over ${years} years`);
    parts = Array.from({ length: years }, (_, k) => ({
      kind: 'RENT' as const,
      dueOn: addYears(startsOn, k),
      amountFen: k === years - 1 ? last : each,
      retentionFen: 0,
    }));
  } else {
    parts = [{ kind: 'PRICE', dueOn: startsOn, amountFen: totalFen, retentionFen: 0 }];
  }
  let buyerShares = 0;
  let sellerShares = 0;
  return parts.map((part, i) => {
    const last = i === parts.length - 1;
    const buyerFeeFen = feeShareFen(input.buyerFeeFen, part.amountFen, totalFen, last, buyerShares);
    const sellerFeeFen = feeShareFen(input.sellerFeeFen, part.amountFen, totalFen, last, sellerShares);
    buyerShares += buyerFeeFen;
    sellerShares += sellerFeeFen;
    return { no: i + 1, ...part, buyerFeeFen, sellerFeeFen };
  });
}

/** Money received towards the contract: the deposit applied or a payment, on a China-time calendar date. */
export interface Credit {
  on: IsoDate;
  amountFen: number;
}

export interface ScheduleFacts {
  /** What came in, oldest first (the deposit applied first). */
  credits: readonly Credit[];
  /** Today on the platform clock (China time). */
  today: IsoDate;
  lateFeeBpPerDay: number;
  /** When both parties had signed (the first instalment is payable from then); null before. */
  signedOn: IsoDate | null;
  /** A procurement's acceptance (its balance is due and payable from then); null before. */
  acceptedOn: IsoDate | null;
  /** The settled instalments and the late fee each was settled with. */
  settled: ReadonlyMap<number, { lateFeeFen: number }>;
}

export interface InstalmentState extends PlannedInstalment {
  /** From when money may be paid towards it (null: not yet known). */
  payableFrom: IsoDate | null;
  /** The late fee so far (fixed once the amount is paid, or at settlement). */
  lateFeeFen: number;
  /** Paid towards it so far (amount, buyer fee, late fee), the deposit applied included. */
  paidFen: number;
  status: InstalmentStatus;
}

export interface ScheduleState {
  instalments: InstalmentState[];
  /** Σ amount + buyer fee + late fee of the instalments payable by `today` (or already paid). */
  payableFen: number;
  /** Credits beyond what the instalments can take (never, when payments are checked against `payableFen`). */
  unallocatedFen: number;
}

/** The first day money may be paid towards an instalment (see `payableFrom`). */
export const PAYABLE_DAYS_BEFORE_DUE = 30;

function payableFromOf(inst: PlannedInstalment, facts: ScheduleFacts): IsoDate | null {
  if (inst.kind === 'BALANCE') return facts.acceptedOn;
  if (inst.no === 1) return facts.signedOn;
  return inst.dueOn ? addDays(inst.dueOn, -PAYABLE_DAYS_BEFORE_DUE) : null;
}

interface Tally {
  principalPaid: number;
  feePaid: number;
  lateFeePaid: number;
  /** Payments of the amount, in order: the late fee accrues on what is left unpaid each day. */
  principalPayments: Credit[];
}

/**
 * The late fee of an instalment through the end of `through` (inclusive): for each day d after `dueOn`, the amount
 * still unpaid at the start of d (payments made on d count from the next day), × bp ÷ 10,000, summed, then rounded
 * half up once. It stops the day the amount is paid in full.
 */
export function lateFeeFen(
  amountFen: number,
  dueOn: IsoDate | null,
  principalPayments: readonly Credit[],
  through: IsoDate,
  bpPerDay: number,
): number {
  if (dueOn === null || compareIsoDates(through, dueOn) <= 0 || bpPerDay === 0) return 0;
  let unpaid = amountFen;
  let from = addDays(dueOn, 1); // the first day not yet counted
  let fenDays = 0n;
  for (const payment of principalPayments) {
    if (unpaid <= 0 || compareIsoDates(from, through) > 0) break;
    if (compareIsoDates(payment.on, from) >= 0) {
      const until = compareIsoDates(payment.on, through) < 0 ? payment.on : through;
      fenDays += BigInt(unpaid) * BigInt(daysBetween(from, until) + 1);
      from = addDays(until, 1);
    }
    unpaid -= payment.amountFen;
  }
  if (unpaid > 0 && compareIsoDates(from, through) <= 0) {
    fenDays += BigInt(unpaid) * BigInt(daysBetween(from, through) + 1);
  }
  return assertSafeFen(roundHalfUp(fenDays * BigInt(bpPerDay), 10_000n));
}

/**
 * Where the money stands on `facts.today`: the credits filled into the instalments oldest first (amount, buyer fee,
 * late fee), each instalment's late fee, what it has been paid and its status, and what is payable in all.
 */
export function scheduleState(plan: readonly PlannedInstalment[], facts: ScheduleFacts): ScheduleState {
  const tallies: Tally[] = plan.map(() => ({ principalPaid: 0, feePaid: 0, lateFeePaid: 0, principalPayments: [] }));
  const lateFeeAsOf = (i: number, on: IsoDate): number => {
    const settled = facts.settled.get(plan[i].no);
    if (settled) return settled.lateFeeFen;
    const t = tallies[i];
    return lateFeeFen(plan[i].amountFen, plan[i].dueOn, t.principalPayments, on, facts.lateFeeBpPerDay);
  };
  let unallocatedFen = 0;
  for (const credit of facts.credits) {
    let left = credit.amountFen;
    for (let i = 0; i < plan.length && left > 0; i++) {
      const inst = plan[i];
      const t = tallies[i];
      const toPrincipal = Math.min(left, inst.amountFen - t.principalPaid);
      if (toPrincipal > 0) {
        t.principalPaid += toPrincipal;
        t.principalPayments.push({ on: credit.on, amountFen: toPrincipal });
        left -= toPrincipal;
      }
      const toFee = Math.min(left, inst.buyerFeeFen - t.feePaid);
      if (toFee > 0) {
        t.feePaid += toFee;
        left -= toFee;
      }
      const toLateFee = Math.min(left, lateFeeAsOf(i, credit.on) - t.lateFeePaid);
      if (toLateFee > 0) {
        t.lateFeePaid += toLateFee;
        left -= toLateFee;
      }
    }
    unallocatedFen += left;
  }
  let payableFen = 0;
  const instalments = plan.map((inst, i): InstalmentState => {
    const t = tallies[i];
    const late = lateFeeAsOf(i, facts.today);
    const paidFen = t.principalPaid + t.feePaid + t.lateFeePaid;
    const dueFen = inst.amountFen + inst.buyerFeeFen + late;
    const payableFrom = payableFromOf(inst, facts);
    const paidInFull = paidFen >= dueFen;
    if (paidInFull || (payableFrom !== null && compareIsoDates(payableFrom, facts.today) <= 0)) payableFen += dueFen;
    let status: InstalmentStatus;
    if (facts.settled.has(inst.no)) status = 'SETTLED';
    else if (paidInFull) status = 'PAID';
    else if (inst.dueOn === null || compareIsoDates(facts.today, inst.dueOn) < 0) status = 'PENDING';
    else status = compareIsoDates(facts.today, inst.dueOn) === 0 ? 'DUE' : 'OVERDUE';
    return { ...inst, payableFrom, lateFeeFen: late, paidFen, status };
  });
  return { instalments, payableFen, unallocatedFen };
}

/** Which reminder an unpaid instalment is due for (DOMAIN.md §2.9: 30, 7 and 1 days before, on the day, after). */
export type ReminderStage = 'D30' | 'D7' | 'D1' | 'DUE' | 'OVERDUE';

/**
 * The latest reminder stage an unpaid instalment due on `dueOn` has reached by `today` (null: more than 30 days
 * ahead). A sender that fell behind (or a clock moved forward) sends only the latest stage, once.
 */
export function reminderStage(dueOn: IsoDate, today: IsoDate): ReminderStage | null {
  const days = daysBetween(today, dueOn);
  if (days < 0) return 'OVERDUE';
  if (days === 0) return 'DUE';
  if (days <= 1) return 'D1';
  if (days <= 7) return 'D7';
  if (days <= 30) return 'D30';
  return null;
}
