import { eligibilityRefusal, offerRefusal } from './eligibility';

describe('who may register for a listing', () => {
  const transfer = {
    categoryCode: 'LAND_CONTRACT' as const,
    transferMode: 'TRANSFER' as const,
    villageCode: '130728100213',
    reservePriceFen: 100_000,
  };

  it('admits to a land contracting-right transfer only households of the same village', () => {
    expect(eligibilityRefusal(transfer, { partyType: 'PERSON', villageCode: '130728100213' })).toBeNull();
    expect(eligibilityRefusal(transfer, { partyType: 'PERSON', villageCode: '130728100214' })).toBe('NOT_ELIGIBLE');
    expect(eligibilityRefusal(transfer, { partyType: 'PERSON', villageCode: null })).toBe('NOT_ELIGIBLE');
    expect(eligibilityRefusal(transfer, { partyType: 'ORGANIZATION', villageCode: '130728100213' })).toBe(
      'NOT_ELIGIBLE',
    );
    expect(eligibilityRefusal(transfer, { partyType: 'COLLECTIVE', villageCode: '130728100213' })).toBe('NOT_ELIGIBLE');
  });

  it('admits anyone to a lease of the same land', () => {
    const lease = { ...transfer, transferMode: 'LEASE' as const };
    expect(eligibilityRefusal(lease, { partyType: 'ORGANIZATION', villageCode: null })).toBeNull();
    expect(eligibilityRefusal(lease, { partyType: 'PERSON', villageCode: '130728100214' })).toBeNull();
  });

  it('checks an offer against the reserve, or the ceiling of a procurement', () => {
    expect(offerRefusal(transfer, 99_999)).toBe('OFFER_TOO_LOW');
    expect(offerRefusal(transfer, 100_000)).toBeNull();
    const procurement = { ...transfer, categoryCode: 'AGRI_PROJECT' as const, transferMode: 'PROCUREMENT' as const };
    expect(offerRefusal(procurement, 100_001)).toBe('OFFER_TOO_HIGH');
    expect(offerRefusal(procurement, 90_000)).toBeNull();
  });
});
