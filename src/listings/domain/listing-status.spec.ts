import {
  EDITABLE_STATUSES,
  LISTING_STATUSES,
  LISTING_TRANSITIONS,
  type ListingStatus,
  PUBLIC_STATUSES,
  WITHDRAWABLE_STATUSES,
  canTransition,
  isEditableStatus,
  isListingStatus,
  isPublicStatus,
  isTerminalStatus,
} from './listing-status';

const ALLOWED: [ListingStatus, ListingStatus][] = [
  ['DRAFT', 'SUBMITTED'],
  ['DRAFT', 'WITHDRAWN'],
  ['SUBMITTED', 'APPROVED'],
  ['SUBMITTED', 'RETURNED'],
  ['SUBMITTED', 'REJECTED'],
  ['SUBMITTED', 'WITHDRAWN'],
  ['RETURNED', 'SUBMITTED'],
  ['RETURNED', 'WITHDRAWN'],
  ['APPROVED', 'ANNOUNCED'],
  ['APPROVED', 'WITHDRAWN'],
  ['ANNOUNCED', 'BIDDING'],
  ['ANNOUNCED', 'SOLD'],
  ['ANNOUNCED', 'FAILED'],
  ['ANNOUNCED', 'WITHDRAWN'],
  ['ANNOUNCED', 'SUSPENDED'],
  ['ANNOUNCED', 'TERMINATED'],
  ['BIDDING', 'SOLD'],
  ['BIDDING', 'FAILED'],
  ['BIDDING', 'SUSPENDED'],
  ['BIDDING', 'TERMINATED'],
  ['SUSPENDED', 'ANNOUNCED'],
  ['SUSPENDED', 'BIDDING'],
  ['SUSPENDED', 'TERMINATED'],
  ['SOLD', 'FAILED'],
];

describe('listing status machine', () => {
  it.each(ALLOWED)('%s → %s is allowed', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  const forbidden = LISTING_STATUSES.flatMap((from) =>
    LISTING_STATUSES.filter((to) => !ALLOWED.some(([f, t]) => f === from && t === to)).map(
      (to): [ListingStatus, ListingStatus] => [from, to],
    ),
  );

  it('has exactly the allowed transitions', () => {
    expect(forbidden).toHaveLength(LISTING_STATUSES.length ** 2 - ALLOWED.length);
    const all = LISTING_STATUSES.flatMap((from) => LISTING_TRANSITIONS[from].map((to) => [from, to]));
    expect(all).toHaveLength(ALLOWED.length);
  });

  it.each(forbidden)('%s → %s is forbidden', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it.each<[string, string]>([
    ['DRAFT', 'SOLD_OUT'],
    ['draft', 'submitted'],
    ['', 'DRAFT'],
  ])('unknown statuses %j → %j are forbidden', (from, to) => {
    expect(canTransition(from as ListingStatus, to as ListingStatus)).toBe(false);
  });

  it.each<[ListingStatus, boolean, boolean, boolean]>([
    // status, terminal, editable, public
    ['DRAFT', false, true, false],
    ['SUBMITTED', false, false, false],
    ['APPROVED', false, false, false],
    ['RETURNED', false, true, false],
    ['REJECTED', true, false, false],
    ['ANNOUNCED', false, false, true],
    ['BIDDING', false, false, true],
    ['SOLD', false, false, true],
    ['FAILED', true, false, true],
    ['WITHDRAWN', true, false, false],
    ['SUSPENDED', false, false, true],
    ['TERMINATED', true, false, true],
  ])('%s: terminal %p, editable %p, public %p', (status, terminal, editable, isPublic) => {
    expect(isTerminalStatus(status)).toBe(terminal);
    expect(isEditableStatus(status)).toBe(editable);
    expect(isPublicStatus(status)).toBe(isPublic);
  });

  it('lists the editable, public and withdrawable statuses', () => {
    expect(EDITABLE_STATUSES).toEqual(['DRAFT', 'RETURNED']);
    expect(PUBLIC_STATUSES).toEqual(['ANNOUNCED', 'BIDDING', 'SOLD', 'FAILED', 'SUSPENDED', 'TERMINATED']);
    expect(WITHDRAWABLE_STATUSES).toEqual(['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED', 'ANNOUNCED']);
  });

  it('isListingStatus', () => {
    expect(isListingStatus('BIDDING')).toBe(true);
    expect(isListingStatus('bidding')).toBe(false);
    expect(isListingStatus(3)).toBe(false);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(LISTING_TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(EDITABLE_STATUSES)).toBe(true);
  });
});
