import { AuctionState, Bidder, checkBid, nextMinimumBid, outcomeAfterAnnouncement } from './bid-rules';

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
