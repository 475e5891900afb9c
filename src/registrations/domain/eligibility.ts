import { getCategory } from '../../catalog/domain/category-registry';
import type { CategoryCode, PartyType, TransferMode } from '../../catalog/domain/category.types';

/** What eligibility to buy depends on: the listing's category, mode, village and price. */
export interface ListingForBuyers {
  categoryCode: CategoryCode;
  transferMode: TransferMode;
  villageCode: string;
  reservePriceFen: number;
}

export interface Buyer {
  partyType: PartyType;
  villageCode: string | null;
}

/**
 * Why this buyer may not register for the listing, or null. A `TRANSFER` of `LAND_CONTRACT` (转让 of the
 * contracting right itself, Land Contracting Law art. 34) passes the right to another household of the same
 * collective: only a PERSON (a household) of the listing's village may buy (`NOT_ELIGIBLE`).
 */
export function eligibilityRefusal(listing: ListingForBuyers, buyer: Buyer): 'NOT_ELIGIBLE' | null {
  if (listing.categoryCode === 'LAND_CONTRACT' && listing.transferMode === 'TRANSFER') {
    return buyer.partyType === 'PERSON' && buyer.villageCode === listing.villageCode ? null : 'NOT_ELIGIBLE';
  }
  return null;
}

/**
 * Why an offer (意向报价) is refused, or null: at least the reserve in an ascending trade (`OFFER_TOO_LOW`), at most
 * the ceiling in a procurement's reverse one (`OFFER_TOO_HIGH`).
 */
export function offerRefusal(listing: ListingForBuyers, offerFen: number): 'OFFER_TOO_LOW' | 'OFFER_TOO_HIGH' | null {
  if (getCategory(listing.categoryCode).direction === 'DESCENDING') {
    return offerFen > listing.reservePriceFen ? 'OFFER_TOO_HIGH' : null;
  }
  return offerFen < listing.reservePriceFen ? 'OFFER_TOO_LOW' : null;
}
