/**
 * The listing state machine, as data (DOMAIN.md §2, API.md "Listings").
 *
 * DRAFT → SUBMITTED → APPROVED → ANNOUNCED → BIDDING → SOLD | FAILED, with RETURNED (back to the seller for
 * changes), REJECTED and WITHDRAWN on the side. ANNOUNCED goes straight to SOLD (single bidder, negotiated deal)
 * or FAILED (too few bidders); SOLD falls back to FAILED when its deal is cancelled or defaulted, so it can be
 * relisted (a relisting is a new listing). A listing can be withdrawn until bidding starts.
 * A clerk may suspend (中止) an ANNOUNCED or BIDDING listing and resume it to the state it left, or terminate (终结)
 * it: TERMINATED is final, every deposit released.
 */

export const LISTING_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'APPROVED',
  'RETURNED',
  'REJECTED',
  'ANNOUNCED',
  'BIDDING',
  'SOLD',
  'FAILED',
  'WITHDRAWN',
  'SUSPENDED',
  'TERMINATED',
] as const;

export type ListingStatus = (typeof LISTING_STATUSES)[number];

export const LISTING_TRANSITIONS: Readonly<Record<ListingStatus, readonly ListingStatus[]>> = Object.freeze({
  DRAFT: ['SUBMITTED', 'WITHDRAWN'],
  SUBMITTED: ['APPROVED', 'RETURNED', 'REJECTED', 'WITHDRAWN'],
  RETURNED: ['SUBMITTED', 'WITHDRAWN'],
  APPROVED: ['ANNOUNCED', 'WITHDRAWN'],
  ANNOUNCED: ['BIDDING', 'SOLD', 'FAILED', 'WITHDRAWN', 'SUSPENDED', 'TERMINATED'],
  BIDDING: ['SOLD', 'FAILED', 'SUSPENDED', 'TERMINATED'],
  SUSPENDED: ['ANNOUNCED', 'BIDDING', 'TERMINATED'],
  SOLD: ['FAILED'],
  REJECTED: [],
  FAILED: [],
  WITHDRAWN: [],
  TERMINATED: [],
});

/** Statuses in which the owner may edit the listing (else `409 LISTING_NOT_EDITABLE`). */
export const EDITABLE_STATUSES: readonly ListingStatus[] = Object.freeze(['DRAFT', 'RETURNED']);

/** Statuses anonymous callers may see. */
export const PUBLIC_STATUSES: readonly ListingStatus[] = Object.freeze([
  'ANNOUNCED',
  'BIDDING',
  'SOLD',
  'FAILED',
  'SUSPENDED',
  'TERMINATED',
]);

/** Statuses a clerk may suspend from (中止). */
export const SUSPENDABLE_STATUSES: readonly ListingStatus[] = Object.freeze(['ANNOUNCED', 'BIDDING']);

/** Statuses the owner may withdraw from (before bidding starts). */
export const WITHDRAWABLE_STATUSES: readonly ListingStatus[] = Object.freeze(
  LISTING_STATUSES.filter((s) => LISTING_TRANSITIONS[s].includes('WITHDRAWN')),
);

export function isListingStatus(value: unknown): value is ListingStatus {
  return typeof value === 'string' && (LISTING_STATUSES as readonly string[]).includes(value);
}

/** May a listing go from `from` to `to`? Unknown statuses → `false`. */
export function canTransition(from: ListingStatus, to: ListingStatus): boolean {
  return isListingStatus(from) && isListingStatus(to) && LISTING_TRANSITIONS[from].includes(to);
}

/** A status with no way out (REJECTED, FAILED, WITHDRAWN). */
export function isTerminalStatus(status: ListingStatus): boolean {
  return isListingStatus(status) && LISTING_TRANSITIONS[status].length === 0;
}

export function isEditableStatus(status: ListingStatus): boolean {
  return EDITABLE_STATUSES.includes(status);
}

export function isPublicStatus(status: ListingStatus): boolean {
  return PUBLIC_STATUSES.includes(status);
}
