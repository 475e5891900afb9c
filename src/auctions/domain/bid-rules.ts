/**
 * The online auction's bid rules (DOMAIN.md §2.6), for both directions: ASCENDING (highest wins) and DESCENDING
 * (AGRI_PROJECT procurement: offers go down from the ceiling, lowest wins). Pure: the service passes the locked
 * auction row, the bidder and the database clock.
 */
export type AuctionDirection = 'ASCENDING' | 'DESCENDING';

export interface AuctionState {
  direction: AuctionDirection;
  startPriceFen: number;
  incrementFen: number;
  /** null before the first bid. */
  currentPriceFen: number | null;
  leadingRegistrationId: string | null;
  leaderHasPriority: boolean;
  endsAt: Date;
  extensionSeconds: number;
}

export interface Bidder {
  registrationId: string;
  /** The statutory priority right of a collective member (优先权), marked by the clerk. */
  priorityRight: boolean;
}

export type BidRefusal = 'ALREADY_LEADING' | 'BID_TOO_LOW' | 'BID_TOO_HIGH' | 'BID_NOT_ON_INCREMENT';

export type BidCheck =
  { ok: true; endsAt: Date; extended: boolean; leaderHasPriority: boolean } | { ok: false; refusal: BidRefusal };

/** Offers must move this way: +1 when ascending, −1 when descending. */
const sign = (direction: AuctionDirection): 1 | -1 => (direction === 'ASCENDING' ? 1 : -1);

/**
 * The best acceptable next amount for `bidder`: the start price before the first bid; otherwise one increment
 * better than the current price, or the current price itself for a priority holder when the leader has none.
 */
export function nextMinimumBid(state: AuctionState, bidder: Bidder): number {
  if (state.currentPriceFen === null) return state.startPriceFen;
  const mayMatch = bidder.priorityRight && !state.leaderHasPriority;
  return mayMatch ? state.currentPriceFen : state.currentPriceFen + sign(state.direction) * state.incrementFen;
}

/** Whether a bid placed at `at` (the database clock) can be taken: the auction is OPEN and `startsAt ≤ at < endsAt`. */
export function isOpenAt(auction: { status: string; startsAt: Date; endsAt: Date }, at: Date): boolean {
  return auction.status === 'OPEN' && at >= auction.startsAt && at < auction.endsAt;
}

/** Checks a bid placed at `placedAt` (the database clock) and gives the auction's end after it. */
export function checkBid(state: AuctionState, bidder: Bidder, amountFen: number, placedAt: Date): BidCheck {
  if (state.leadingRegistrationId === bidder.registrationId) return { ok: false, refusal: 'ALREADY_LEADING' };
  const s = sign(state.direction);
  const tooFar = state.direction === 'ASCENDING' ? 'BID_TOO_LOW' : 'BID_TOO_HIGH';
  // distance from the start price in the bidding direction: must be ≥ 0 and a whole number of increments
  const fromStart = (amountFen - state.startPriceFen) * s;
  if (fromStart < 0) return { ok: false, refusal: tooFar };
  if (fromStart % state.incrementFen !== 0) return { ok: false, refusal: 'BID_NOT_ON_INCREMENT' };
  if ((amountFen - nextMinimumBid(state, bidder)) * s < 0) return { ok: false, refusal: tooFar };
  const extensionMs = state.extensionSeconds * 1000;
  const extended = extensionMs > 0 && placedAt.getTime() + extensionMs > state.endsAt.getTime();
  return {
    ok: true,
    endsAt: extended ? new Date(placedAt.getTime() + extensionMs) : state.endsAt,
    extended,
    // a priority holder now leads: everyone else (priority holders too) must beat the price
    leaderHasPriority: bidder.priorityRight,
  };
}

/** The auction row as bids see it: the rules' state, plus what the open check and the bid numbering need. */
export interface LotState extends AuctionState {
  status: 'SCHEDULED' | 'OPEN' | 'SUSPENDED' | 'CLOSED';
  startsAt: Date;
  leadingBidderNo: string | null;
  bidCount: number;
}

export interface SequencedBid {
  bidder: Bidder;
  bidderNo: string;
  amountFen: number;
}

export type BidDecision =
  | { ok: true; seq: number; endsAt: Date; extended: boolean; after: LotState }
  | { ok: false; refusal: BidRefusal | 'AUCTION_NOT_OPEN' | 'LISTING_SUSPENDED' };

/**
 * Decides bids one after another at one instant `placedAt` (the database clock), each on the state that the bids
 * accepted before it leave: the outcome of their arriving one at a time in this order. A lot's bids that arrive
 * together are decided this way and written in one statement.
 */
export function decideInOrder(
  state: LotState,
  placedAt: Date,
  bids: SequencedBid[],
): { decisions: BidDecision[]; after: LotState } {
  let current = state;
  const decisions = bids.map((bid): BidDecision => {
    if (current.status === 'SUSPENDED') return { ok: false, refusal: 'LISTING_SUSPENDED' };
    if (!isOpenAt(current, placedAt)) return { ok: false, refusal: 'AUCTION_NOT_OPEN' };
    const check = checkBid(current, bid.bidder, bid.amountFen, placedAt);
    if (!check.ok) return check;
    current = {
      ...current,
      currentPriceFen: bid.amountFen,
      leadingRegistrationId: bid.bidder.registrationId,
      leadingBidderNo: bid.bidderNo,
      leaderHasPriority: check.leaderHasPriority,
      bidCount: current.bidCount + 1,
      endsAt: check.endsAt,
    };
    return { ok: true, seq: current.bidCount, endsAt: check.endsAt, extended: check.extended, after: current };
  });
  return { decisions, after: current };
}

export type AnnouncementOutcome = 'AUCTION' | 'SINGLE_BIDDER' | 'FAILED';

/** What the end of the announcement decides (DOMAIN.md §2.5), from the number of bidders with deposit paid. */
export function outcomeAfterAnnouncement(paidBidders: number, minBiddersForAuction: number): AnnouncementOutcome {
  if (paidBidders >= minBiddersForAuction) return 'AUCTION';
  if (paidBidders === 1) return 'SINGLE_BIDDER';
  return 'FAILED';
}

/**
 * The price of a sole bidder's deal (协议转让, DOMAIN.md §2.5): the better of the reserve and the bidder's offer for
 * the lister: the higher in an ascending trade, the lower in a procurement (the reserve being its ceiling).
 */
export function soleBidderPriceFen(direction: AuctionDirection, reserveFen: number, offerFen: number | null): number {
  if (offerFen === null) return reserveFen;
  return direction === 'ASCENDING' ? Math.max(reserveFen, offerFen) : Math.min(reserveFen, offerFen);
}
