import {
  AuctionDirection,
  AuctionState,
  Bidder,
  checkBid,
  decideInOrder,
  isOpenAt,
  LotState,
  nextMinimumBid,
  outcomeAfterAnnouncement,
  soleBidderPriceFen,
} from './bid-rules';

const END = new Date('2026-12-01T10:00:00Z');
const at = (secondsBeforeEnd: number): Date => new Date(END.getTime() - secondsBeforeEnd * 1000);

function state(patch: Partial<AuctionState> = {}): AuctionState {
  return {
    direction: 'ASCENDING',
    startPriceFen: 100_000,
    incrementFen: 1_000,
    currentPriceFen: null,
    leadingRegistrationId: null,
    leaderHasPriority: false,
    endsAt: END,
    extensionSeconds: 300,
    ...patch,
  };
}
const A: Bidder = { registrationId: 'a', priorityRight: false };
const P: Bidder = { registrationId: 'p', priorityRight: true };
const Q: Bidder = { registrationId: 'q', priorityRight: true };

describe('checkBid, ascending', () => {
  it.each<[string, Partial<AuctionState>, Bidder, number, string]>([
    ['first bid at the start price', {}, A, 100_000, 'OK'],
    ['first bid k increments above start', {}, A, 105_000, 'OK'],
    ['first bid below start', {}, A, 99_000, 'BID_TOO_LOW'],
    ['first bid off the grid', {}, A, 100_500, 'BID_NOT_ON_INCREMENT'],
    ['a later bid one increment up', { currentPriceFen: 110_000, leadingRegistrationId: 'b' }, A, 111_000, 'OK'],
    [
      'a later bid equal to the current price',
      { currentPriceFen: 110_000, leadingRegistrationId: 'b' },
      A,
      110_000,
      'BID_TOO_LOW',
    ],
    [
      'a later bid below the current price',
      { currentPriceFen: 110_000, leadingRegistrationId: 'b' },
      A,
      105_000,
      'BID_TOO_LOW',
    ],
    [
      'a later bid off the grid',
      { currentPriceFen: 110_000, leadingRegistrationId: 'b' },
      A,
      111_500,
      'BID_NOT_ON_INCREMENT',
    ],
    [
      'the leader outbidding itself',
      { currentPriceFen: 110_000, leadingRegistrationId: 'a' },
      A,
      120_000,
      'ALREADY_LEADING',
    ],
    [
      'a priority holder matching the current price',
      { currentPriceFen: 110_000, leadingRegistrationId: 'b' },
      P,
      110_000,
      'OK',
    ],
    [
      'a priority holder below the current price',
      { currentPriceFen: 110_000, leadingRegistrationId: 'b' },
      P,
      109_000,
      'BID_TOO_LOW',
    ],
    [
      'anyone matching a priority leader',
      { currentPriceFen: 110_000, leadingRegistrationId: 'p', leaderHasPriority: true },
      A,
      110_000,
      'BID_TOO_LOW',
    ],
    [
      'another priority holder matching a priority leader',
      { currentPriceFen: 110_000, leadingRegistrationId: 'p', leaderHasPriority: true },
      Q,
      110_000,
      'BID_TOO_LOW',
    ],
    [
      'beating a priority leader by the increment',
      { currentPriceFen: 110_000, leadingRegistrationId: 'p', leaderHasPriority: true },
      A,
      111_000,
      'OK',
    ],
  ])('%s → %s', (_, patch, bidder, amount, expected) => {
    const result = checkBid(state(patch), bidder, amount, at(3600));
    expect(result.ok ? 'OK' : result.refusal).toBe(expected);
  });

  it('a priority holder who takes the lead leads with priority; others do not', () => {
    const s = state({ currentPriceFen: 110_000, leadingRegistrationId: 'b' });
    expect(checkBid(s, P, 110_000, at(3600))).toMatchObject({ ok: true, leaderHasPriority: true });
    expect(checkBid(s, A, 111_000, at(3600))).toMatchObject({ ok: true, leaderHasPriority: false });
  });
});

describe('checkBid, descending (procurement: lowest wins)', () => {
  const d = (patch: Partial<AuctionState> = {}) => state({ direction: 'DESCENDING', ...patch });
  it.each<[string, Partial<AuctionState>, Bidder, number, string]>([
    ['first offer at the ceiling', {}, A, 100_000, 'OK'],
    ['first offer k increments below', {}, A, 90_000, 'OK'],
    ['first offer above the ceiling', {}, A, 101_000, 'BID_TOO_HIGH'],
    ['first offer off the grid', {}, A, 99_500, 'BID_NOT_ON_INCREMENT'],
    ['a later offer one increment lower', { currentPriceFen: 90_000, leadingRegistrationId: 'b' }, A, 89_000, 'OK'],
    ['a later offer equal', { currentPriceFen: 90_000, leadingRegistrationId: 'b' }, A, 90_000, 'BID_TOO_HIGH'],
    ['a later offer higher', { currentPriceFen: 90_000, leadingRegistrationId: 'b' }, A, 95_000, 'BID_TOO_HIGH'],
    ['a priority match', { currentPriceFen: 90_000, leadingRegistrationId: 'b' }, P, 90_000, 'OK'],
  ])('%s → %s', (_, patch, bidder, amount, expected) => {
    const result = checkBid(d(patch), bidder, amount, at(3600));
    expect(result.ok ? 'OK' : result.refusal).toBe(expected);
  });
});

describe('anti-sniping extension', () => {
  it.each([
    ['an hour before the end: no extension', 3600, false, END],
    ['exactly 300 s before the end: no extension', 300, false, END],
    ['299 s before the end: extended to placedAt + 300 s', 299, true, new Date(END.getTime() + 1000)],
    ['1 s before the end', 1, true, new Date(END.getTime() + 299_000)],
  ])('%s', (_, secondsBefore, extended, endsAt) => {
    const result = checkBid(state(), A, 100_000, at(secondsBefore as number));
    expect(result).toMatchObject({ ok: true, extended, endsAt });
  });

  it('no extension when extensionSeconds is 0', () => {
    expect(checkBid(state({ extensionSeconds: 0 }), A, 100_000, at(1))).toMatchObject({ ok: true, extended: false });
  });
});

describe('nextMinimumBid', () => {
  it('is the start price first, then one increment past the current price (or the price itself for priority)', () => {
    expect(nextMinimumBid(state(), A)).toBe(100_000);
    expect(nextMinimumBid(state({ currentPriceFen: 110_000, leadingRegistrationId: 'b' }), A)).toBe(111_000);
    expect(nextMinimumBid(state({ currentPriceFen: 110_000, leadingRegistrationId: 'b' }), P)).toBe(110_000);
    expect(nextMinimumBid(state({ direction: 'DESCENDING', currentPriceFen: 90_000 }), A)).toBe(89_000);
  });
});

describe('isOpenAt', () => {
  const START = new Date(END.getTime() - 3600_000);
  it.each<[string, LotState['status'], Date, boolean]>([
    ['open, an hour before the end', 'OPEN', at(3600), true],
    ['open, at the start', 'OPEN', START, true],
    ['open, before the start', 'OPEN', new Date(START.getTime() - 1), false],
    ['open, 1 ms before the end', 'OPEN', new Date(END.getTime() - 1), true],
    ['open, at the end', 'OPEN', END, false],
    ['scheduled', 'SCHEDULED', at(60), false],
    ['closed', 'CLOSED', at(60), false],
  ])('%s → %s', (_, status, when, open) => {
    expect(isOpenAt({ status, startsAt: START, endsAt: END }, when)).toBe(open);
  });
});

describe('decideInOrder', () => {
  const lot = (patch: Partial<LotState> = {}): LotState => ({
    ...state(),
    status: 'OPEN',
    startsAt: new Date(END.getTime() - 3600_000),
    leadingBidderNo: null,
    bidCount: 0,
    ...patch,
  });
  const B: Bidder = { registrationId: 'b', priorityRight: false };
  const bid = (bidder: Bidder, amountFen: number) => ({ bidder, bidderNo: `no-${bidder.registrationId}`, amountFen });
  const summary = (d: ReturnType<typeof decideInOrder>['decisions'][number]) => (d.ok ? `#${d.seq}` : d.refusal);

  it('decides each bid on the state the accepted ones before it leave, numbering them on', () => {
    const { decisions, after } = decideInOrder(
      lot({ bidCount: 4, currentPriceFen: 100_000, leadingRegistrationId: 'q' }),
      at(3600),
      [
        bid(A, 101_000),
        bid(B, 101_000), // equal to the new price
        bid(A, 105_000), // the leader again
        bid(B, 102_000),
        bid(P, 102_000), // a priority match of the new price
        bid(A, 103_000),
      ],
    );
    expect(decisions.map(summary)).toEqual(['#5', 'BID_TOO_LOW', 'ALREADY_LEADING', '#6', '#7', '#8']);
    expect(after).toMatchObject({
      bidCount: 8,
      currentPriceFen: 103_000,
      leadingRegistrationId: 'a',
      leadingBidderNo: 'no-a',
      leaderHasPriority: false,
      endsAt: END,
    });
    const third = decisions[4];
    expect(third.ok && third.after).toMatchObject({ bidCount: 7, leadingRegistrationId: 'p', leaderHasPriority: true });
  });

  it('is the same as deciding the bids one at a time', () => {
    const bids = [bid(A, 100_000), bid(B, 100_000), bid(B, 101_000), bid(P, 101_000), bid(A, 101_000), bid(A, 102_000)];
    const together = decideInOrder(lot(), at(100), bids);
    let one = lot();
    const alone = bids.map((b) => {
      const { decisions, after } = decideInOrder(one, at(100), [b]);
      one = after;
      return decisions[0];
    });
    expect(together.decisions).toEqual(alone);
    expect(together.after).toEqual(one);
  });

  it('moves the end within the window once: a later bid of the same instant finds it moved already', () => {
    const { decisions, after } = decideInOrder(lot(), at(10), [bid(A, 100_000), bid(B, 101_000)]);
    const moved = new Date(at(10).getTime() + 300_000);
    expect(decisions).toMatchObject([
      { ok: true, extended: true, endsAt: moved },
      { ok: true, extended: false, endsAt: moved },
    ]);
    expect(after.endsAt).toEqual(moved);
  });

  it('refuses every bid when the auction is not open at that instant, and changes nothing', () => {
    for (const [patch, when] of [
      [{ status: 'CLOSED' as const }, at(60)],
      [{ status: 'SCHEDULED' as const }, at(60)],
      [{}, END],
    ] as const) {
      const before = lot(patch);
      const { decisions, after } = decideInOrder(before, when, [bid(A, 100_000), bid(B, 101_000)]);
      expect(decisions.map(summary)).toEqual(['AUCTION_NOT_OPEN', 'AUCTION_NOT_OPEN']);
      expect(after).toEqual(before);
    }
  });
});

describe('outcomeAfterAnnouncement', () => {
  it.each([
    [0, 2, 'FAILED'],
    [1, 2, 'SINGLE_BIDDER'],
    [2, 2, 'AUCTION'],
    [5, 2, 'AUCTION'],
    [2, 3, 'FAILED'],
    [1, 3, 'SINGLE_BIDDER'],
    [1, 1, 'AUCTION'],
  ])('%d paid bidders, minimum %d → %s', (paid, min, outcome) => {
    expect(outcomeAfterAnnouncement(paid, min)).toBe(outcome);
  });
});

describe('soleBidderPriceFen', () => {
  it.each<[AuctionDirection, number, number | null, number]>([
    ['ASCENDING', 100_000, null, 100_000],
    ['ASCENDING', 100_000, 120_000, 120_000],
    ['ASCENDING', 100_000, 100_000, 100_000],
    ['DESCENDING', 5_000_000, null, 5_000_000],
    ['DESCENDING', 5_000_000, 4_800_000, 4_800_000],
  ])('%s reserve %i, offer %p → %i', (direction, reserve, offer, price) => {
    expect(soleBidderPriceFen(direction, reserve, offer)).toBe(price);
  });
});
