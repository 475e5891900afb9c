import {
  canDealTransition,
  DEAL_STATUSES,
  DealStatus,
  dealStatusesBefore,
  isDealStatus,
  isFinalDealStatus,
} from './deal-status';

describe('the deal state machine', () => {
  const allowed: [DealStatus, DealStatus][] = [
    ['PUBLICITY', 'CONFIRMED'],
    ['PUBLICITY', 'CANCELLED'],
    ['CONFIRMED', 'CONTRACTED'],
    ['CONFIRMED', 'DEFAULTED'],
    ['CONTRACTED', 'SETTLED'],
    ['CONTRACTED', 'DEFAULTED'],
  ];

  it('allows exactly the moves of the process', () => {
    for (const from of DEAL_STATUSES) {
      for (const to of DEAL_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect([from, to, canDealTransition(from, to)]).toEqual([from, to, expected]);
      }
    }
  });

  it('has no way out of SETTLED, DEFAULTED and CANCELLED', () => {
    expect(DEAL_STATUSES.filter(isFinalDealStatus)).toEqual(['SETTLED', 'DEFAULTED', 'CANCELLED']);
  });

  it('knows where a move can start', () => {
    expect(dealStatusesBefore('DEFAULTED')).toEqual(['CONFIRMED', 'CONTRACTED']);
    expect(dealStatusesBefore('CONFIRMED')).toEqual(['PUBLICITY']);
    expect(dealStatusesBefore('PUBLICITY')).toEqual([]);
  });

  it('rejects unknown statuses', () => {
    expect(isDealStatus('SOLD')).toBe(false);
    expect(canDealTransition('SOLD' as DealStatus, 'CONFIRMED')).toBe(false);
    expect(isFinalDealStatus('NOPE' as DealStatus)).toBe(false);
  });
});
