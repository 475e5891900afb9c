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
    /** 代办挂牌: the clerk who drafted the listing for its owner (owner and staff views only). */
    assistedBy:
      inside && listing.assistedBy
        ? { id: listing.assistedBy, name: names.owners.get(listing.assistedBy) ?? null }
        : undefined,
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
    calendarProvisional: listing.calendarProvisional,
    /** The clerk's warning when the announcement was counted into a year the calendar does not know. */
    calendarWarning:
      inside && listing.calendarProvisional
        ? '公告期跨入尚未录入国务院节假日安排的年份，仅按周末计算工作日（暂定），请录入该年日历后核对'
        : undefined,
    suspension: listing.suspendedAt
      ? { from: listing.suspendedFrom, at: listing.suspendedAt, reason: listing.suspensionReason }
      : null,
    terminationReason: listing.terminationReason,
    onBehalfOfHouseholds: listing.onBehalfOfHouseholds,
    householdCount: listing.households?.length ?? 0,
    households: inside ? (listing.households ?? []) : undefined,
    previousListingId: listing.previousListingId,
    sourceCertificateNo: listing.sourceCertificateNo,
    createdAt: listing.createdAt,
    updatedAt: listing.updatedAt,
  };
}

export type ListingDto = ReturnType<typeof toListingDto>;
