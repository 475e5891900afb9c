import { LotState } from './bid-rules';

/** An auction as everyone may see it (GET /listings/:id/auction, and each SSE event's `auction`). */
export interface PublicAuctionState {
  status: LotState['status'];
  direction: LotState['direction'];
  startsAt: Date;
  endsAt: Date;
  startPriceFen: number;
  incrementFen: number;
  currentPriceFen: number | null;
  leadingBidderNo: string | null;
  bidCount: number;
  extensionSeconds: number;
  serverTime: Date;
}

/** What the public sees of an auction: bidder numbers only, never a name or an account. */
export function publicState(auction: LotState, serverTime: Date): PublicAuctionState {
  return {
    status: auction.status,
    direction: auction.direction,
    startsAt: auction.startsAt,
    endsAt: auction.endsAt,
    startPriceFen: auction.startPriceFen,
    incrementFen: auction.incrementFen,
    currentPriceFen: auction.currentPriceFen,
    leadingBidderNo: auction.leadingBidderNo,
    bidCount: auction.bidCount,
    extensionSeconds: auction.extensionSeconds,
    serverTime,
  };
}
