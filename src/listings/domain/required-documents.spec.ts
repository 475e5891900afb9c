import { getCategory } from '../../catalog/domain/category-registry';
import { requiredDocumentKinds } from './required-documents';

describe('requiredDocumentKinds', () => {
  it.each([
    ['LAND_CONTRACT', 'PERSON', 'LEASE', ['OWNERSHIP_CERTIFICATE']],
    ['LAND_CONTRACT', 'PERSON', 'TRANSFER', ['OWNERSHIP_CERTIFICATE', 'CONSENT']],
    ['LAND_CONTRACT', 'COLLECTIVE', 'LEASE', ['OWNERSHIP_CERTIFICATE', 'RESOLUTION']],
    ['FOUR_WASTES', 'COLLECTIVE', 'LEASE', ['OWNERSHIP_CERTIFICATE', 'RESOLUTION']],
    ['FOREST', 'PERSON', 'TRANSFER', ['OWNERSHIP_CERTIFICATE']],
    ['AGRI_PROJECT', 'COLLECTIVE', 'PROCUREMENT', ['RESOLUTION']],
    ['PRODUCTION_FACILITY', 'ORGANIZATION', 'SALE', ['OWNERSHIP_CERTIFICATE']],
    ['RURAL_HOUSING', 'PERSON', 'LEASE', ['OWNERSHIP_CERTIFICATE']],
  ] as const)('%s by a %s (%s) needs %j', (code, lister, mode, kinds) => {
    expect(requiredDocumentKinds(getCategory(code), lister, mode)).toEqual(kinds);
  });

  it('adds the households’ mandates when a collective lists their land on their behalf (委托流转)', () => {
    expect(requiredDocumentKinds(getCategory('LAND_CONTRACT'), 'COLLECTIVE', 'LEASE', true)).toEqual([
      'OWNERSHIP_CERTIFICATE',
      'RESOLUTION',
      'MANDATE',
    ]);
  });
});
