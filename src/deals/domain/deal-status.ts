/**
 * The deal state machine, as data (DOMAIN.md §2 steps 7-9, API.md "Deals, contracts and settlement").
 *
 * PUBLICITY (成交公示) → CONFIRMED (clerk, after the period with no objection open) → CONTRACTED (both parties
 * signed) → SETTLED (paid in full, fees booked, seller paid, certificate issued). An upheld objection CANCELS a deal
 * in publicity; a winner who fails to sign or pay DEFAULTS a confirmed or contracted deal.
 */

export const DEAL_STATUSES = ['PUBLICITY', 'CONFIRMED', 'CONTRACTED', 'SETTLED', 'DEFAULTED', 'CANCELLED'] as const;

export type DealStatus = (typeof DEAL_STATUSES)[number];

export const DEAL_TRANSITIONS: Readonly<Record<DealStatus, readonly DealStatus[]>> = Object.freeze({
  PUBLICITY: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['CONTRACTED', 'DEFAULTED'],
  CONTRACTED: ['SETTLED', 'DEFAULTED'],
  SETTLED: [],
  DEFAULTED: [],
  CANCELLED: [],
});

/** Deals that are (or are on their way to being) a completed trade: shown on the public results board. */
export const LIVE_DEAL_STATUSES: readonly DealStatus[] = Object.freeze([
  'PUBLICITY',
  'CONFIRMED',
  'CONTRACTED',
  'SETTLED',
]);

export function isDealStatus(value: unknown): value is DealStatus {
  return typeof value === 'string' && (DEAL_STATUSES as readonly string[]).includes(value);
}

/** May a deal go from `from` to `to`? Unknown statuses → `false`. */
export function canDealTransition(from: DealStatus, to: DealStatus): boolean {
  return isDealStatus(from) && isDealStatus(to) && DEAL_TRANSITIONS[from].includes(to);
}

/** Statuses from which `to` can be reached in one move. */
export function dealStatusesBefore(to: DealStatus): DealStatus[] {
  return DEAL_STATUSES.filter((from) => DEAL_TRANSITIONS[from].includes(to));
}

/** A status with no way out (SETTLED, DEFAULTED, CANCELLED). */
export function isFinalDealStatus(status: DealStatus): boolean {
  return isDealStatus(status) && DEAL_TRANSITIONS[status].length === 0;
}
