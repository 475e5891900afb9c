import { Listing } from './entities/listing.entity';

export type ListingView = 'public' | 'owner' | 'staff';

export interface ListingNames {
  divisions: Map<string, string>;
  owners: Map<string, string>;
}

/** A person's name is shown on public notices as the surname only (王**); organizations by their full name. */
function listerName(listing: Listing, names: ListingNames, view: ListingView): string | null {
  const name = names.owners.get(listing.ownerId) ?? null;
  if (!name || view !== 'public' || listing.listerPartyType !== 'PERSON') return name;
  return name.slice(0, 1) + '*'.repeat(Math.max(1, name.length - 1));
}

/**
 * A listing as the API shows it. Public callers do not see the owner's account id, the review trail or the
 * resolution document id; nothing here ever carries an ID number or a phone.
 */
export function toListingDto(listing: Listing, view: ListingView, names: ListingNames) {
  const inside = view !== 'public';
  return {
    id: listing.id,
    listingNo: listing.listingNo,
    categoryCode: listing.categoryCode,
    title: listing.title,
    description: listing.description,
    villageCode: listing.villageCode,
    villageName: names.divisions.get(listing.villageCode) ?? null,
    townshipCode: listing.townshipCode,
    townshipName: names.divisions.get(listing.townshipCode) ?? null,
    lister: { partyType: listing.listerPartyType, name: listerName(listing, names, view) },
    ownerId: inside ? listing.ownerId : undefined,
    transferMode: listing.transferMode,
    attributes: listing.attributes,
    areaMu: listing.areaMu,
    priceUnit: listing.priceUnit,
    reservePriceFen: listing.reservePriceFen,
    incrementFen: listing.incrementFen,
    depositFen: listing.depositFen,
    termYears: listing.termYears,
    totalReservePriceFen: listing.totalReservePriceFen,
    tradingMethod: listing.tradingMethod,
    collectiveResolution: listing.collectiveResolution,
    status: listing.status,
    largeDeal: listing.largeDeal,
    approvals: inside ? listing.approvedBy.length : undefined,
    reviewComment: inside ? listing.reviewComment : undefined,
    submittedAt: listing.submittedAt,
    publishedAt: listing.publishedAt,
    announcementEndsAt: listing.announcementEndsAt,
    biddingStartsAt: listing.biddingStartsAt,
    biddingEndsAt: listing.biddingEndsAt,
    withdrawReason: listing.withdrawReason,
    previousListingId: listing.previousListingId,
    createdAt: listing.createdAt,
    updatedAt: listing.updatedAt,
  };
}

export type ListingDto = ReturnType<typeof toListingDto>;
