import type { DealPapers, DealView } from './deals.service';
import type { Objection } from './entities/objection.entity';
import type { Deal } from './entities/deal.entity';

/**
 * A deal as the API shows it (API.md "Deals"): the public sees the bidder number, the prices and the winner as the
 * publicity names them (`张*华`, an organization in full); the parties and staff also the parties' ids, the
 * contract, the certificate number and its verification code.
 */
export function toDealDto(deal: Deal, view: DealView, papers?: DealPapers) {
  const inside = view !== 'public';
  return {
    id: deal.id,
    listingId: deal.listingId,
    method: deal.method,
    priceFen: deal.priceFen,
    totalPriceFen: deal.totalPriceFen,
    buyerBidderNo: deal.buyerBidderNo,
    winnerName: papers?.winnerName ?? null,
    status: deal.status,
    publicityEndsAt: deal.publicityEndsAt,
    calendarProvisional: deal.calendarProvisional,
    confirmedAt: deal.confirmedAt,
    closedAt: deal.closedAt,
    createdAt: deal.createdAt,
    contractId: inside ? (papers?.contractId ?? null) : undefined,
    certificateNo: papers?.certificateNo ?? null,
    verificationCode: inside ? (papers?.verificationCode ?? null) : undefined,
    closeReason: inside ? deal.closeReason : undefined,
    buyerId: inside ? deal.buyerId : undefined,
    sellerId: inside ? deal.sellerId : undefined,
    registrationId: inside ? deal.registrationId : undefined,
  };
}

/** An objection: its reason and outcome (the objector's identity is for staff only). */
export function toObjectionDto(objection: Objection, staffView: boolean) {
  return {
    id: objection.id,
    dealId: objection.dealId ?? undefined,
    listingId: objection.listingId ?? undefined,
    reason: objection.reason,
    status: objection.status,
    raisedAt: objection.createdAt,
    raisedBy: staffView ? objection.raisedBy : undefined,
    resolvedAt: objection.resolvedAt,
    comment: objection.resolutionComment,
    upheld: objection.status === 'OPEN' ? null : objection.status === 'UPHELD',
  };
}
