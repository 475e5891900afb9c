/**
 * 代办挂牌 (assisted listing, issue 13): a clerk at a township station drafts and submits a listing for a farmer who
 * came in person. The listing is the farmer's (its owner; every listing rule is checked against the farmer); the
 * clerk is its `assistedBy`. Pure rules, no framework.
 */
import type { PartyType } from '../../catalog/domain/category.types';
import { EDITABLE_STATUSES, ListingStatus } from './listing-status';

/** The account a clerk may list for: what matters of it. */
export interface AssistedClient {
  partyType: PartyType;
  roles: readonly string[];
  disabledAt?: Date | null;
}

export type AssistedClientProblem = 'NOT_A_SELLER' | 'PARTY_TYPE' | 'STAFF_ACCOUNT' | 'DISABLED';

/** The lister types a clerk lists for: a farmer household or a village collective (not a company). */
export const ASSISTED_PARTY_TYPES: readonly PartyType[] = ['PERSON', 'COLLECTIVE'];

const STAFF_ROLES = ['clerk', 'supervisor', 'admin', 'lender'];

/**
 * Why a clerk may not list for this account, or `null` when they may: it must be an enabled seller account of a
 * PERSON or a COLLECTIVE, and not a staff account (no clerk lists "for" a colleague, or for themselves).
 */
export function assistedClientProblem(client: AssistedClient): AssistedClientProblem | null {
  if (client.disabledAt) return 'DISABLED';
  if (client.roles.some((r) => STAFF_ROLES.includes(r))) return 'STAFF_ACCOUNT';
  if (!client.roles.includes('seller')) return 'NOT_A_SELLER';
  if (!ASSISTED_PARTY_TYPES.includes(client.partyType)) return 'PARTY_TYPE';
  return null;
}

/** What of a listing decides who acts on it. */
export interface ActedListing {
  ownerId: string;
  assistedBy: string | null;
  status: ListingStatus;
}

/**
 * How the caller acts on the listing's seller-side use cases (edit, documents, submit): as its `owner`, as the
 * `assistant` (the clerk who drafted it, while it is DRAFT or RETURNED and they are still a clerk), or not at all.
 */
export function actingAs(
  listing: ActedListing,
  caller: { id: string; roles: readonly string[] },
): 'owner' | 'assistant' | null {
  if (listing.ownerId === caller.id) return 'owner';
  if (
    listing.assistedBy !== null &&
    listing.assistedBy === caller.id &&
    caller.roles.includes('clerk') &&
    EDITABLE_STATUSES.includes(listing.status)
  ) {
    return 'assistant';
  }
  return null;
}

/** A clerk never reviews a listing of their own, nor one they drafted for a farmer (四眼原则). */
export function mayReview(listing: Pick<ActedListing, 'ownerId' | 'assistedBy'>, clerkId: string): boolean {
  return listing.ownerId !== clerkId && listing.assistedBy !== clerkId;
}

/** The audit details of an action the assisting clerk did on the farmer's behalf (`{}` for the owner's own). */
export function onBehalfOf(listing: Pick<ActedListing, 'ownerId'>, actorId: string): { onBehalfOf?: string } {
  return listing.ownerId === actorId ? {} : { onBehalfOf: listing.ownerId };
}
