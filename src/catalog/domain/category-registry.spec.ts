import {
  CATEGORIES,
  allowedTransferModes,
  consentRequiredFor,
  findAttributeSpec,
  findCategory,
  getCategory,
  isCategoryCode,
  resolutionRequiredFor,
  rightEndDate,
} from './category-registry';
import { ATTRIBUTE_TYPES, CATEGORY_CODES, CategoryCode, PriceUnit, TRANSFER_MODES } from './category.types';
import { sampleAttributes } from './category-samples';

const ORDER: CategoryCode[] = [
  'LAND_CONTRACT',
  'FOREST',
  'FOUR_WASTES',
  'COLLECTIVE_EQUITY',
  'PRODUCTION_FACILITY',
  'COLLECTIVE_OPERATING_ASSET',
  'WATER_FACILITY',
  'AGRI_IP',
  'COLLECTIVE_CONSTRUCTION_LAND',
  'RURAL_HOUSING',
  'AQUACULTURE_WATER',
  'AGRI_PROJECT',
];

const PRICE_UNITS: Record<CategoryCode, PriceUnit[]> = {
  LAND_CONTRACT: ['TOTAL', 'PER_YEAR', 'PER_MU_PER_YEAR'],
  FOREST: ['TOTAL', 'PER_YEAR', 'PER_MU_PER_YEAR'],
  FOUR_WASTES: ['TOTAL', 'PER_YEAR', 'PER_MU_PER_YEAR'],
  COLLECTIVE_EQUITY: ['TOTAL'],
  PRODUCTION_FACILITY: ['TOTAL', 'PER_YEAR'],
  COLLECTIVE_OPERATING_ASSET: ['TOTAL', 'PER_YEAR'],
  WATER_FACILITY: ['TOTAL', 'PER_YEAR'],
  AGRI_IP: ['TOTAL', 'PER_YEAR'],
  COLLECTIVE_CONSTRUCTION_LAND: ['TOTAL', 'PER_YEAR'],
  RURAL_HOUSING: ['TOTAL', 'PER_YEAR'],
  AQUACULTURE_WATER: ['TOTAL', 'PER_YEAR', 'PER_MU_PER_YEAR'],
  AGRI_PROJECT: ['TOTAL'],
};

const WITH_AREA: CategoryCode[] = [
  'LAND_CONTRACT',
  'FOREST',
  'FOUR_WASTES',
  'COLLECTIVE_CONSTRUCTION_LAND',
  'AQUACULTURE_WATER',
];

const LISTER_TYPES: Record<CategoryCode, string[]> = {
  LAND_CONTRACT: ['PERSON', 'COLLECTIVE'],
  FOREST: ['PERSON', 'COLLECTIVE'],
  FOUR_WASTES: ['COLLECTIVE'],
  COLLECTIVE_EQUITY: ['PERSON', 'COLLECTIVE'],
  PRODUCTION_FACILITY: ['PERSON', 'COLLECTIVE', 'ORGANIZATION'],
  COLLECTIVE_OPERATING_ASSET: ['COLLECTIVE'],
  WATER_FACILITY: ['COLLECTIVE', 'ORGANIZATION'],
  AGRI_IP: ['PERSON', 'ORGANIZATION', 'COLLECTIVE'],
  COLLECTIVE_CONSTRUCTION_LAND: ['COLLECTIVE'],
  RURAL_HOUSING: ['PERSON'],
  AQUACULTURE_WATER: ['PERSON', 'COLLECTIVE'],
  AGRI_PROJECT: ['COLLECTIVE'],
};

const TRANSFER_MODES_BY_CATEGORY: Record<CategoryCode, string[]> = {
  LAND_CONTRACT: ['LEASE', 'SUBCONTRACT', 'SHARE', 'TRANSFER'],
  FOREST: ['LEASE', 'SUBCONTRACT', 'SHARE', 'TRANSFER'],
  FOUR_WASTES: ['LEASE', 'SUBCONTRACT', 'SHARE', 'TRANSFER'],
  COLLECTIVE_EQUITY: ['TRANSFER'],
  PRODUCTION_FACILITY: ['LEASE', 'SALE', 'SHARE'],
  COLLECTIVE_OPERATING_ASSET: ['LEASE', 'SHARE', 'TRANSFER'],
  WATER_FACILITY: ['LEASE', 'SUBCONTRACT', 'SHARE'],
  AGRI_IP: ['TRANSFER', 'LEASE', 'SHARE'],
  COLLECTIVE_CONSTRUCTION_LAND: ['LEASE', 'TRANSFER', 'SHARE'],
  RURAL_HOUSING: ['LEASE'],
  AQUACULTURE_WATER: ['LEASE', 'SUBCONTRACT', 'SHARE', 'TRANSFER'],
  AGRI_PROJECT: ['PROCUREMENT'],
};

const ATTRIBUTE_KEYS: Record<CategoryCode, string[]> = {
  LAND_CONTRACT: ['certificateNo', 'parcelCodes', 'boundaries', 'landClass', 'grade?', 'rightEndsOn', 'permittedUse'],
  FOREST: [
    'certificateNo',
    'subCompartment?',
    'boundaries',
    'treeSpecies',
    'ageClass?',
    'standVolumeM3?',
    'forestType',
    'rightEndsOn',
  ],
  FOUR_WASTES: ['wasteType', 'boundaries', 'currentCondition', 'conservationDuty?'],
  COLLECTIVE_EQUITY: ['organizationName', 'certificateNo', 'shareCount', 'shareType'],
  PRODUCTION_FACILITY: ['facilityType', 'model?', 'quantity', 'builtYear?', 'condition', 'floorAreaM2?'],
  COLLECTIVE_OPERATING_ASSET: ['assetName', 'floorAreaM2?', 'structure?', 'appraisedValueFen?'],
  WATER_FACILITY: ['facilityType', 'capacity?', 'irrigatedAreaMu?'],
  AGRI_IP: ['ipType', 'registrationNo', 'validUntil'],
  COLLECTIVE_CONSTRUCTION_LAND: ['parcelCode', 'boundaries', 'plannedUse', 'plotRatio?'],
  RURAL_HOUSING: ['floorAreaM2', 'structure', 'homesteadCertificateNo?'],
  AQUACULTURE_WATER: ['waterType', 'boundaries?', 'rightEndsOn'],
  AGRI_PROJECT: ['projectType', 'scope', 'budgetFen', 'deliveryDays', 'advancePercent?', 'warrantyMonths?'],
};

const TYPES_BY_KEY: Record<string, string> = {
  grade: 'string',
  ageClass: 'string',
  capacity: 'string',
  structure: 'string',
  model: 'string',
  condition: 'string',
  currentCondition: 'string',
  conservationDuty: 'string',
  permittedUse: 'string',
  plannedUse: 'string',
  scope: 'string',
  organizationName: 'string',
  assetName: 'string',
  shareCount: 'integer',
  quantity: 'integer',
  builtYear: 'integer',
  deliveryDays: 'integer',
  appraisedValueFen: 'integer',
  budgetFen: 'integer',
  standVolumeM3: 'number',
  floorAreaM2: 'number',
  plotRatio: 'number',
  irrigatedAreaMu: 'number',
  treeSpecies: 'string[]',
  parcelCodes: 'string[]',
  boundaries: 'boundaries',
  rightEndsOn: 'date',
  validUntil: 'date',
};

describe('category registry', () => {
  it('holds exactly the 12 codes in DOMAIN.md order', () => {
    expect(CATEGORIES.map((c) => c.code)).toEqual(ORDER);
    expect([...CATEGORY_CODES]).toEqual(ORDER);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(CATEGORIES)).toBe(true);
    expect(Object.isFrozen(CATEGORIES[0].attributes[0])).toBe(true);
  });

  it('finds categories by code and recognises codes', () => {
    for (const code of ORDER) {
      expect(isCategoryCode(code)).toBe(true);
      expect(findCategory(code)?.code).toBe(code);
      expect(getCategory(code).code).toBe(code);
    }
    for (const bad of ['', 'land_contract', 'HOUSING', 'toString', '__proto__']) {
      expect(isCategoryCode(bad)).toBe(false);
      expect(findCategory(bad)).toBeUndefined();
    }
  });

  describe.each(ORDER)('%s', (code) => {
    const category = getCategory(code);

    it('has names', () => {
      expect(category.nameZh).toMatch(/\S/);
      expect(category.nameEn).toMatch(/\S/);
      expect(category.rules.descriptionZh).toMatch(/\S/);
      expect(category.rules.descriptionEn).toMatch(/\S/);
    });

    it('has the DOMAIN.md price units, TOTAL always', () => {
      expect(category.priceUnits).toContain('TOTAL');
      expect(category.priceUnits).toEqual(PRICE_UNITS[code]);
    });

    it('has the DOMAIN.md direction', () => {
      expect(category.direction).toBe(code === 'AGRI_PROJECT' ? 'DESCENDING' : 'ASCENDING');
    });

    it('has an area exactly when DOMAIN.md names areaMu', () => {
      expect(category.hasArea).toBe(WITH_AREA.includes(code));
    });

    it('has the DOMAIN.md lister types and the chosen transfer modes', () => {
      expect(category.listerTypes).toEqual(LISTER_TYPES[code]);
      expect(category.transferModes).toEqual(TRANSFER_MODES_BY_CATEGORY[code]);
      for (const m of category.transferModes) expect(TRANSFER_MODES).toContain(m);
    });

    it('has the DOMAIN.md attribute keys (areaMu never an attribute), well-formed', () => {
      const keys = category.attributes.map((a) => (a.required ? a.key : `${a.key}?`));
      expect(keys).toEqual(ATTRIBUTE_KEYS[code]);
      expect(keys).not.toContain('areaMu');
      expect(keys).not.toContain('areaMu?');
      for (const spec of category.attributes) {
        expect(ATTRIBUTE_TYPES).toContain(spec.type);
        expect(spec.labelZh).toMatch(/\S/);
        expect(spec.labelEn).toMatch(/\S/);
        if (spec.type === 'enum') expect(spec.enum?.length).toBeGreaterThan(0);
        else expect(spec.enum).toBeUndefined();
        if (spec.key.endsWith('Fen')) {
          expect(spec.type).toBe('integer');
          expect(spec.unit).toBe('fen');
        }
        if (TYPES_BY_KEY[spec.key]) expect(spec.type).toBe(TYPES_BY_KEY[spec.key]);
      }
    });

    it('has a rightEndAttribute that is a required date attribute', () => {
      const key = category.rules.rightEndAttribute;
      if (key) expect(findAttributeSpec(category, key)).toMatchObject({ type: 'date', required: true });
    });

    it('restricts modes only on enum attributes with allowed values', () => {
      for (const r of category.rules.restrictedModes ?? []) {
        expect(findAttributeSpec(category, r.attribute)?.enum).toContain(r.equals);
        for (const m of r.allowedModes) expect(category.transferModes).toContain(m);
      }
    });
  });

  it.each([
    ['LAND_CONTRACT', { enums: ['IRRIGATED', 'DRY', 'PADDY', 'OTHER'], key: 'landClass' }],
    ['FOREST', { enums: ['COMMERCIAL', 'PUBLIC_WELFARE'], key: 'forestType' }],
    ['FOUR_WASTES', { enums: ['HILL', 'GULLY', 'MOUND', 'FLAT'], key: 'wasteType' }],
    ['COLLECTIVE_EQUITY', { enums: ['MEMBER', 'COLLECTIVE', 'OTHER'], key: 'shareType' }],
    [
      'PRODUCTION_FACILITY',
      { enums: ['GREENHOUSE', 'LIVESTOCK_SHED', 'COLD_STORAGE', 'MACHINERY', 'OTHER'], key: 'facilityType' },
    ],
    ['WATER_FACILITY', { enums: ['WELL', 'POND', 'CHANNEL', 'PUMP_STATION', 'OTHER'], key: 'facilityType' }],
    ['AGRI_IP', { enums: ['PLANT_VARIETY', 'PATENT', 'TRADEMARK', 'OTHER'], key: 'ipType' }],
    ['AQUACULTURE_WATER', { enums: ['POND', 'RESERVOIR', 'RIVER', 'OTHER'], key: 'waterType' }],
    ['AGRI_PROJECT', { enums: ['WORKS', 'GOODS', 'SERVICES'], key: 'projectType' }],
  ] as [CategoryCode, { enums: string[]; key: string }][])('%s enum values are those of DOMAIN.md', (code, e) => {
    expect(findAttributeSpec(getCategory(code), e.key)?.enum).toEqual(e.enums);
  });

  describe('rules', () => {
    const rulesOf = (code: CategoryCode) => getCategory(code).rules;

    it.each(ORDER)('%s announcement period and priority right', (code) => {
      const long = ['COLLECTIVE_OPERATING_ASSET', 'COLLECTIVE_CONSTRUCTION_LAND', 'COLLECTIVE_EQUITY'];
      expect(rulesOf(code).announcementMinWorkingDays).toBe(long.includes(code) ? 20 : 10);
      expect(rulesOf(code).priorityRight).toBe(['LAND_CONTRACT', 'FOUR_WASTES', 'COLLECTIVE_EQUITY'].includes(code));
    });

    it('encodes term limits', () => {
      expect(
        ORDER.filter((c) => rulesOf(c).maxTermYears !== undefined).map((c) => [c, rulesOf(c).maxTermYears]),
      ).toEqual([
        ['FOUR_WASTES', 50],
        ['COLLECTIVE_CONSTRUCTION_LAND', 50],
        ['RURAL_HOUSING', 20],
      ]);
      expect(ORDER.filter((c) => rulesOf(c).rightEndAttribute).map((c) => [c, rulesOf(c).rightEndAttribute])).toEqual([
        ['LAND_CONTRACT', 'rightEndsOn'],
        ['FOREST', 'rightEndsOn'],
        ['AGRI_IP', 'validUntil'],
        ['AQUACULTURE_WATER', 'rightEndsOn'],
      ]);
    });

    it('encodes the per-category flags', () => {
      expect(rulesOf('COLLECTIVE_OPERATING_ASSET').minReserveOfAppraisalBp).toBe(9000);
      expect(rulesOf('LAND_CONTRACT').consentRequiredForTransfer).toBe(true);
      expect(rulesOf('LAND_CONTRACT').agriculturalUseOnly).toBe(true);
      expect(rulesOf('COLLECTIVE_EQUITY').buyersLimitedToMembers).toBe(true);
      expect(rulesOf('WATER_FACILITY').fixedPermittedUse).toBe('IRRIGATION');
      expect(rulesOf('AGRI_IP').largeDealFlag).toBe(true);
      expect(ORDER.filter((c) => rulesOf(c).resolutionRequired)).toEqual([
        'FOUR_WASTES',
        'COLLECTIVE_OPERATING_ASSET',
        'COLLECTIVE_CONSTRUCTION_LAND',
        'AGRI_PROJECT',
      ]);
    });
  });

  describe('rule helpers', () => {
    it('narrows PUBLIC_WELFARE forest to LEASE', () => {
      const forest = getCategory('FOREST');
      const attrs = { ...sampleAttributes('FOREST'), forestType: 'PUBLIC_WELFARE' };
      expect(allowedTransferModes(forest, attrs)).toEqual(['LEASE']);
      expect(allowedTransferModes(forest, sampleAttributes('FOREST'))).toEqual(forest.transferModes);
      expect(allowedTransferModes(forest, null)).toEqual(forest.transferModes);
    });

    it('requires a resolution for collectives always, others per rules', () => {
      expect(resolutionRequiredFor(getCategory('LAND_CONTRACT'), 'COLLECTIVE')).toBe(true);
      expect(resolutionRequiredFor(getCategory('LAND_CONTRACT'), 'PERSON')).toBe(false);
      expect(resolutionRequiredFor(getCategory('COLLECTIVE_OPERATING_ASSET'), 'PERSON')).toBe(true);
    });

    it('requires consent only for a LAND_CONTRACT transfer', () => {
      expect(consentRequiredFor(getCategory('LAND_CONTRACT'), 'TRANSFER')).toBe(true);
      expect(consentRequiredFor(getCategory('LAND_CONTRACT'), 'LEASE')).toBe(false);
      expect(consentRequiredFor(getCategory('FOREST'), 'TRANSFER')).toBe(false);
    });

    it('reads the right end date', () => {
      expect(rightEndDate(getCategory('LAND_CONTRACT'), sampleAttributes('LAND_CONTRACT'))).toBe('2060-12-31');
      expect(rightEndDate(getCategory('AGRI_IP'), sampleAttributes('AGRI_IP'))).toBe('2060-12-31');
      expect(rightEndDate(getCategory('RURAL_HOUSING'), sampleAttributes('RURAL_HOUSING'))).toBeUndefined();
      expect(rightEndDate(getCategory('FOREST'), {})).toBeUndefined();
    });
  });
});
