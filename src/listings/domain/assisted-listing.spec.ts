import { actingAs, assistedClientProblem, mayReview, onBehalfOf } from './assisted-listing';
import { requiredDocumentKinds } from './required-documents';
import { getCategory } from '../../catalog/domain/category-registry';

describe('assisted listing (代办挂牌)', () => {
  describe('assistedClientProblem', () => {
    it.each([
      [{ partyType: 'PERSON', roles: ['seller'] }, null],
      [{ partyType: 'COLLECTIVE', roles: ['seller', 'buyer'] }, null],
      [{ partyType: 'ORGANIZATION', roles: ['seller'] }, 'PARTY_TYPE'],
      [{ partyType: 'PERSON', roles: ['buyer'] }, 'NOT_A_SELLER'],
      [{ partyType: 'PERSON', roles: ['clerk'] }, 'STAFF_ACCOUNT'],
      [{ partyType: 'PERSON', roles: ['seller', 'supervisor'] }, 'STAFF_ACCOUNT'],
      [{ partyType: 'ORGANIZATION', roles: ['lender'] }, 'STAFF_ACCOUNT'],
      [{ partyType: 'PERSON', roles: ['seller'], disabledAt: new Date() }, 'DISABLED'],
    ] as const)('%j → %s', (client, problem) => {
      expect(assistedClientProblem(client)).toBe(problem);
    });
  });

  describe('actingAs', () => {
    const clerk = { id: 'c1', roles: ['clerk'] };
    const assisted = { ownerId: 'f1', assistedBy: 'c1' };
    it('the owner acts as owner whatever the status', () => {
      expect(actingAs({ ...assisted, status: 'APPROVED' }, { id: 'f1', roles: ['seller'] })).toBe('owner');
    });
    it.each(['DRAFT', 'RETURNED'] as const)('the assisting clerk acts while %s', (status) => {
      expect(actingAs({ ...assisted, status }, clerk)).toBe('assistant');
    });
    it.each(['SUBMITTED', 'APPROVED', 'ANNOUNCED', 'WITHDRAWN'] as const)('but not once %s', (status) => {
      expect(actingAs({ ...assisted, status }, clerk)).toBeNull();
    });
    it('another clerk, or a former clerk, does not', () => {
      expect(actingAs({ ...assisted, status: 'DRAFT' }, { id: 'c2', roles: ['clerk'] })).toBeNull();
      expect(actingAs({ ...assisted, status: 'DRAFT' }, { id: 'c1', roles: ['supervisor'] })).toBeNull();
      expect(actingAs({ ownerId: 'f1', assistedBy: null, status: 'DRAFT' }, clerk)).toBeNull();
    });
  });

  it('the assisting clerk may not review the listing; another clerk may', () => {
    expect(mayReview({ ownerId: 'f1', assistedBy: 'c1' }, 'c1')).toBe(false);
    expect(mayReview({ ownerId: 'f1', assistedBy: 'c1' }, 'c2')).toBe(true);
    expect(mayReview({ ownerId: 'c2', assistedBy: null }, 'c2')).toBe(false);
  });

  it('audits the clerk’s actions as done on the owner’s behalf', () => {
    expect(onBehalfOf({ ownerId: 'f1' }, 'c1')).toEqual({ onBehalfOf: 'f1' });
    expect(onBehalfOf({ ownerId: 'f1' }, 'f1')).toEqual({});
  });

  it('an assisted listing needs the farmer’s signed authorization (AUTHORIZATION) before submit', () => {
    expect(requiredDocumentKinds(getCategory('LAND_CONTRACT'), 'PERSON', 'LEASE', false, true)).toEqual([
      'OWNERSHIP_CERTIFICATE',
      'AUTHORIZATION',
    ]);
    expect(requiredDocumentKinds(getCategory('AGRI_PROJECT'), 'COLLECTIVE', 'PROCUREMENT', false, true)).toEqual([
      'RESOLUTION',
      'AUTHORIZATION',
    ]);
  });
});
