import { sampleAreaMu, sampleAttributes } from '../../catalog/domain/category-samples';
import { CATEGORY_CODES, CategoryCode } from '../../catalog/domain/category.types';
import { getCategory } from '../../catalog/domain/category-registry';
import { DomainError } from '../../common/errors/domain-error';
import { checkListing, householdErrors, Lister, ListingTerms } from './listing-validation';

const TODAY = '2026-11-26';
const RESOLUTION = { meetingDate: '2026-10-20', eligibleVoters: 30, attendees: 25, votesFor: 21 };
const PERSON: Lister = { partyType: 'PERSON', villageCode: null };
const COLLECTIVE: Lister = { partyType: 'COLLECTIVE', villageCode: '130728100213' };

function listerFor(code: CategoryCode): Lister {
  return getCategory(code).listerTypes.includes('PERSON') ? PERSON : COLLECTIVE;
}

function terms(code: CategoryCode, patch: Partial<ListingTerms> = {}): ListingTerms {
  const category = getCategory(code);
  const perYear = category.priceUnits.includes('PER_YEAR');
  const attributes: Record<string, unknown> = { ...sampleAttributes(code) };
  if (code === 'COLLECTIVE_OPERATING_ASSET') attributes.appraisedValueFen = 5_000_000;
  return {
    categoryCode: code,
    villageCode: '130728100213',
    transferMode: category.transferModes[0],
    attributes,
    areaMu: sampleAreaMu(code),
    priceUnit: perYear ? 'PER_YEAR' : 'TOTAL',
    reservePriceFen: perYear ? 1_000_000 : 5_000_000,
    incrementFen: 10_000,
    // 20 % of one year's value for a price per year, of the total otherwise
    depositFen: perYear ? 200_000 : 1_000_000,
    termYears: 5,
    tradingMethod: 'AUCTION',
    collectiveResolution: listerFor(code) === COLLECTIVE || category.rules.resolutionRequired ? RESOLUTION : null,
    ...patch,
  };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'OK';
}

describe('checkListing', () => {
  it.each(CATEGORY_CODES)('%s: the sample listing passes with a total of 50,000.00 元', (code) => {
    const checked = checkListing(terms(code), listerFor(code), { today: TODAY });
    expect(checked.totalReservePriceFen).toBe(5_000_000);
    expect(checked.largeDeal).toBe(false);
  });

  it.each<[string, CategoryCode, Partial<ListingTerms>, Lister | null, string]>([
    ['unknown category', 'LAND_CONTRACT', { categoryCode: 'GOLD_MINE' }, null, 'VALIDATION_FAILED'],
    ['missing area', 'LAND_CONTRACT', { areaMu: undefined }, null, 'VALIDATION_FAILED'],
    ['area on a category without one', 'RURAL_HOUSING', { areaMu: 3 }, null, 'VALIDATION_FAILED'],
    ['a lease without a term', 'LAND_CONTRACT', { termYears: undefined }, null, 'VALIDATION_FAILED'],
    ['a person listing four wastes', 'FOUR_WASTES', {}, PERSON, 'LISTER_TYPE_NOT_ALLOWED'],
    [
      'an organization listing a farmhouse',
      'RURAL_HOUSING',
      {},
      { partyType: 'ORGANIZATION', villageCode: null },
      'LISTER_TYPE_NOT_ALLOWED',
    ],
    ['a farmhouse sold', 'RURAL_HOUSING', { transferMode: 'TRANSFER' }, null, 'TRANSFER_MODE_NOT_ALLOWED'],
    [
      'public-welfare forest transferred',
      'FOREST',
      { transferMode: 'TRANSFER', attributes: { ...sampleAttributes('FOREST'), forestType: 'PUBLIC_WELFARE' } },
      null,
      'TRANSFER_MODE_NOT_ALLOWED',
    ],
    ['equity priced per year', 'COLLECTIVE_EQUITY', { priceUnit: 'PER_YEAR' }, null, 'PRICE_UNIT_NOT_ALLOWED'],
    ['a farmhouse priced per mu', 'RURAL_HOUSING', { priceUnit: 'PER_MU_PER_YEAR' }, null, 'PRICE_UNIT_NOT_ALLOWED'],
    ['a collective listing elsewhere', 'FOUR_WASTES', { villageCode: '130728100214' }, null, 'VILLAGE_NOT_OWN'],
    [
      'a term beyond the right',
      'LAND_CONTRACT',
      { attributes: { ...sampleAttributes('LAND_CONTRACT'), rightEndsOn: '2030-12-31' } },
      null,
      'TERM_EXCEEDS_RIGHT',
    ],
    ['a farmhouse for 21 years', 'RURAL_HOUSING', { termYears: 21 }, null, 'TERM_EXCEEDS_LIMIT'],
    ['four wastes for 51 years', 'FOUR_WASTES', { termYears: 51 }, null, 'TERM_EXCEEDS_LIMIT'],
    [
      'a collective without resolution',
      'FOUR_WASTES',
      { collectiveResolution: null },
      null,
      'COLLECTIVE_RESOLUTION_REQUIRED',
    ],
    [
      '⅔ of attendees but not of those entitled',
      'FOUR_WASTES',
      { collectiveResolution: { meetingDate: '2026-10-20', eligibleVoters: 30, attendees: 15, votesFor: 12 } },
      null,
      'COLLECTIVE_RESOLUTION_INVALID',
    ],
    [
      'reserve below 90% of appraisal',
      'COLLECTIVE_OPERATING_ASSET',
      { attributes: { ...sampleAttributes('COLLECTIVE_OPERATING_ASSET'), appraisedValueFen: 5_555_556 } },
      null,
      'RESERVE_BELOW_APPRAISAL',
    ],
    // a price per year: 10-30 % of one year's value (10,000.00 元), not of the 5 years' total
    ['deposit below 10% of a year', 'LAND_CONTRACT', { depositFen: 99_999 }, null, 'DEPOSIT_OUT_OF_RANGE'],
    ['deposit above 30% of a year', 'LAND_CONTRACT', { depositFen: 300_001 }, null, 'DEPOSIT_OUT_OF_RANGE'],
    ['deposit exactly 10% of a year', 'LAND_CONTRACT', { depositFen: 100_000 }, null, 'OK'],
    ['deposit exactly 30% of a year', 'LAND_CONTRACT', { depositFen: 300_000 }, null, 'OK'],
    ['30% of the 5 years’ total is too much', 'LAND_CONTRACT', { depositFen: 1_500_000 }, null, 'DEPOSIT_OUT_OF_RANGE'],
    [
      'per mu per year: of one year of price × area',
      'LAND_CONTRACT',
      { priceUnit: 'PER_MU_PER_YEAR', reservePriceFen: 80_000, areaMu: 25.5, termYears: 30, depositFen: 612_000 },
      null,
      'OK', // 800.00 元 × 25.5 亩 = 20,400.00 元 a year; 30% = 6,120.00 元 (not 3 years' rent)
    ],
    [
      'per mu per year: a fen above 30% of a year',
      'LAND_CONTRACT',
      { priceUnit: 'PER_MU_PER_YEAR', reservePriceFen: 80_000, areaMu: 25.5, termYears: 30, depositFen: 612_001 },
      null,
      'DEPOSIT_OUT_OF_RANGE',
    ],
    [
      'a total price: of the total',
      'PRODUCTION_FACILITY',
      { priceUnit: 'TOTAL', reservePriceFen: 5_000_000, depositFen: 1_500_000 },
      null,
      'OK',
    ],
    [
      'an advance above 30 %',
      'AGRI_PROJECT',
      { attributes: { ...sampleAttributes('AGRI_PROJECT'), advancePercent: 31 } },
      null,
      'VALIDATION_FAILED',
    ],
    [
      'reserve exactly 90% of appraisal',
      'COLLECTIVE_OPERATING_ASSET',
      { attributes: { ...sampleAttributes('COLLECTIVE_OPERATING_ASSET'), appraisedValueFen: 5_555_555 } },
      null,
      'OK',
    ],
  ])('%s → %s', (_, code, patch, lister, expected) => {
    expect(codeOf(() => checkListing(terms(code, patch), lister ?? listerFor(code), { today: TODAY }))).toBe(expected);
  });

  it('PER_MU_PER_YEAR: price × area × years, rounded half up to the fen', () => {
    const checked = checkListing(
      terms('LAND_CONTRACT', {
        priceUnit: 'PER_MU_PER_YEAR',
        reservePriceFen: 333,
        areaMu: 1.5,
        termYears: 1,
        depositFen: 100, // 20 % of the year's 500 fen
      }),
      PERSON,
      { today: TODAY },
    );
    expect(checked.totalReservePriceFen).toBe(500); // 499.5 → 500
  });

  it('a deal of 1,000,000 元 or 500 mu is large (four-eyes)', () => {
    const big = checkListing(
      terms('LAND_CONTRACT', { priceUnit: 'TOTAL', reservePriceFen: 100_000_000, depositFen: 20_000_000 }),
      PERSON,
      { today: TODAY },
    );
    expect(big.largeDeal).toBe(true);
    expect(checkListing(terms('LAND_CONTRACT', { areaMu: 500 }), PERSON, { today: TODAY }).largeDeal).toBe(true);
    expect(checkListing(terms('LAND_CONTRACT', { areaMu: 499.99 }), PERSON, { today: TODAY }).largeDeal).toBe(false);
  });
});

describe('householdErrors (委托流转)', () => {
  const land = getCategory('LAND_CONTRACT');
  const households = [
    { name: '王建国', areaMu: 12.34 },
    { name: '李秀英', areaMu: 0.01 },
  ];

  it('accepts households whose areas add up to the listing’s, to the hundredth of a mu', () => {
    expect(householdErrors(land, { onBehalfOfHouseholds: true, households, areaMu: 12.35 })).toEqual([]);
    expect(householdErrors(land, { onBehalfOfHouseholds: false, households: [], areaMu: 10 })).toEqual([]);
    expect(householdErrors(land, { areaMu: 10 })).toEqual([]);
  });

  it.each<[string, Parameters<typeof householdErrors>[1], string]>([
    ['a sum short by 0.01 mu', { onBehalfOfHouseholds: true, households, areaMu: 12.36 }, 'households'],
    ['no households', { onBehalfOfHouseholds: true, households: [], areaMu: 10 }, 'households'],
    ['households without the flag', { households, areaMu: 12.35 }, 'households'],
  ])('refuses %s', (_, terms, field) => {
    expect(householdErrors(land, terms).map((e) => e.field)).toEqual([field]);
  });

  it('is for LAND_CONTRACT only', () => {
    const errors = householdErrors(getCategory('FOREST'), { onBehalfOfHouseholds: true, households, areaMu: 12.35 });
    expect(errors.map((e) => e.field)).toEqual(['onBehalfOfHouseholds']);
  });
});
