import { FieldError } from '../../common/errors/domain-error';
import {
  attributeBoundaries,
  attributeNumber,
  attributeString,
  attributeStringArray,
  attributeValue,
  isDecimal2,
  validateAttributes,
} from './attribute-validation';
import { CATEGORIES, getCategory } from './category-registry';
import { AttributeRecord, CategoryCode } from './category.types';
import { sampleAttributes } from './category-samples';

type Mutation = (attrs: Record<string, unknown>) => void;

/** Runs `mutate` on a fresh sample of `code` and returns the errors. */
function errorsAfter(code: CategoryCode, mutate: Mutation): FieldError[] {
  const attrs: Record<string, unknown> = sampleAttributes(code);
  mutate(attrs);
  return validateAttributes(getCategory(code), attrs);
}

const fields = (errors: FieldError[]): string[] => errors.map((e) => e.field);

/** Only the required attributes of a sample (optional ones dropped). */
function requiredOnly(code: CategoryCode): AttributeRecord {
  const sample = sampleAttributes(code);
  const out: AttributeRecord = {};
  for (const spec of getCategory(code).attributes) if (spec.required) out[spec.key] = sample[spec.key];
  return out;
}

describe('validateAttributes', () => {
  describe.each(CATEGORIES.map((c) => c.code))('%s', (code) => {
    const category = getCategory(code);

    it('accepts the sample', () => {
      expect(validateAttributes(category, sampleAttributes(code))).toEqual([]);
    });

    it('accepts only the required attributes, and null optional ones', () => {
      expect(validateAttributes(category, requiredOnly(code))).toEqual([]);
      const withNulls: Record<string, unknown> = requiredOnly(code);
      for (const spec of category.attributes) if (!spec.required) withNulls[spec.key] = null;
      expect(validateAttributes(category, withNulls)).toEqual([]);
    });

    it.each(category.attributes.filter((a) => a.required).map((a) => a.key))('refuses a missing %s', (key) => {
      expect(errorsAfter(code, (a) => delete a[key])).toEqual([{ field: `attributes.${key}`, message: 'is required' }]);
      expect(errorsAfter(code, (a) => (a[key] = null))).toEqual([
        { field: `attributes.${key}`, message: 'is required' },
      ]);
    });

    it.each(category.attributes.map((a) => a.key))('refuses a wrongly typed %s', (key) => {
      const spec = category.attributes.find((a) => a.key === key)!;
      const wrong: unknown = spec.type === 'string' || spec.type === 'enum' || spec.type === 'date' ? 42 : 'x';
      expect(fields(errorsAfter(code, (a) => (a[key] = wrong)))).toEqual([`attributes.${key}`]);
    });

    it('refuses an unknown key and areaMu inside attributes', () => {
      expect(errorsAfter(code, (a) => (a.colour = 'red'))).toEqual([
        { field: 'attributes.colour', message: 'unknown attribute' },
      ]);
      expect(fields(errorsAfter(code, (a) => (a.areaMu = 12)))).toEqual(['attributes.areaMu']);
    });

    it('refuses non-objects', () => {
      for (const bad of [null, undefined, 'x', 3, [], [sampleAttributes(code)]]) {
        expect(validateAttributes(category, bad)).toEqual([{ field: 'attributes', message: 'must be an object' }]);
      }
    });
  });

  // One category-specific refusal per category.
  it.each<[CategoryCode, Mutation, FieldError[]]>([
    ['LAND_CONTRACT', (a) => (a.parcelCodes = []), [{ field: 'attributes.parcelCodes', message: 'must not be empty' }]],
    [
      'FOREST',
      (a) => (a.forestType = 'ORCHARD'),
      [{ field: 'attributes.forestType', message: 'must be one of COMMERCIAL, PUBLIC_WELFARE' }],
    ],
    [
      'FOUR_WASTES',
      (a) => (a.currentCondition = '   '),
      [{ field: 'attributes.currentCondition', message: 'must not be empty' }],
    ],
    [
      'COLLECTIVE_EQUITY',
      (a) => (a.shareCount = 2.5),
      [{ field: 'attributes.shareCount', message: 'must be an integer' }],
    ],
    ['PRODUCTION_FACILITY', (a) => (a.quantity = -1), [{ field: 'attributes.quantity', message: 'must be >= 0' }]],
    [
      'COLLECTIVE_OPERATING_ASSET',
      (a) => (a.appraisedValueFen = 100.5),
      [{ field: 'attributes.appraisedValueFen', message: 'must be an integer' }],
    ],
    [
      'WATER_FACILITY',
      (a) => (a.irrigatedAreaMu = 10.123),
      [{ field: 'attributes.irrigatedAreaMu', message: 'must have at most 2 decimals' }],
    ],
    [
      'AGRI_IP',
      (a) => (a.validUntil = '2060/12/31'),
      [{ field: 'attributes.validUntil', message: 'must be a date YYYY-MM-DD' }],
    ],
    [
      'COLLECTIVE_CONSTRUCTION_LAND',
      (a) => (a.plotRatio = Number.POSITIVE_INFINITY),
      [{ field: 'attributes.plotRatio', message: 'must be a number' }],
    ],
    [
      'RURAL_HOUSING',
      (a) => (a.floorAreaM2 = '120'),
      [{ field: 'attributes.floorAreaM2', message: 'must be a number' }],
    ],
    [
      'AQUACULTURE_WATER',
      (a) => (a.boundaries = { east: '河', south: '路', west: '田' }),
      [{ field: 'attributes.boundaries.north', message: 'is required' }],
    ],
    [
      'AGRI_PROJECT',
      (a) => (a.budgetFen = Number.MAX_SAFE_INTEGER + 1),
      [{ field: 'attributes.budgetFen', message: 'is too large' }],
    ],
  ])('%s refuses a bad value', (code, mutate, expected) => {
    expect(errorsAfter(code, mutate)).toEqual(expected);
  });

  describe('dates', () => {
    it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '0000-01-01'])(
      'refuses %s',
      (date) => {
        expect(errorsAfter('LAND_CONTRACT', (a) => (a.rightEndsOn = date))).toEqual([
          { field: 'attributes.rightEndsOn', message: 'is not a valid calendar date' },
        ]);
      },
    );

    it.each(['2026-2-3', '20260203', '2026-02-03T00:00:00Z', '', ' 2026-02-03'])('refuses the format %p', (date) => {
      expect(errorsAfter('FOREST', (a) => (a.rightEndsOn = date))).toEqual([
        { field: 'attributes.rightEndsOn', message: 'must be a date YYYY-MM-DD' },
      ]);
    });

    it.each(['2024-02-29', '2000-02-29', '2060-12-31', '2026-04-30'])('accepts %s', (date) => {
      expect(errorsAfter('AQUACULTURE_WATER', (a) => (a.rightEndsOn = date))).toEqual([]);
    });

    it.each(['1899-12-31', '9999-01-01', '9999-12-31', '0001-01-01'])(
      'refuses %s, outside the accepted range',
      (date) => {
        expect(errorsAfter('FOREST', (a) => (a.rightEndsOn = date))).toEqual([
          { field: 'attributes.rightEndsOn', message: 'must lie between 1900-01-01 and 9998-12-31' },
        ]);
      },
    );
  });

  describe('enums', () => {
    it('refuses a value outside the enum, including lower case', () => {
      for (const bad of ['WETLAND', 'irrigated', '']) {
        expect(errorsAfter('LAND_CONTRACT', (a) => (a.landClass = bad))).toEqual([
          { field: 'attributes.landClass', message: 'must be one of IRRIGATED, DRY, PADDY, OTHER' },
        ]);
      }
    });
  });

  describe('boundaries', () => {
    it('names each missing or empty side', () => {
      expect(errorsAfter('LAND_CONTRACT', (a) => (a.boundaries = { east: '路', south: '', west: 3 }))).toEqual([
        { field: 'attributes.boundaries.south', message: 'must be a non-empty string' },
        { field: 'attributes.boundaries.west', message: 'must be a non-empty string' },
        { field: 'attributes.boundaries.north', message: 'is required' },
      ]);
    });

    it('refuses unknown sides and non-objects', () => {
      const full = { east: '路', south: '渠', west: '田', north: '山' };
      expect(fields(errorsAfter('FOREST', (a) => (a.boundaries = { ...full, up: 'sky' })))).toEqual([
        'attributes.boundaries.up',
      ]);
      expect(fields(errorsAfter('FOREST', (a) => (a.boundaries = ['路', '渠', '田', '山'])))).toEqual([
        'attributes.boundaries',
      ]);
    });

    it('is optional for AQUACULTURE_WATER but still checked when given', () => {
      expect(errorsAfter('AQUACULTURE_WATER', (a) => delete a.boundaries)).toEqual([]);
      expect(fields(errorsAfter('AQUACULTURE_WATER', (a) => (a.boundaries = {})))).toEqual([
        'attributes.boundaries.east',
        'attributes.boundaries.south',
        'attributes.boundaries.west',
        'attributes.boundaries.north',
      ]);
    });
  });

  describe('string arrays', () => {
    it('names the element that is not a string', () => {
      expect(errorsAfter('LAND_CONTRACT', (a) => (a.parcelCodes = ['A-1', 2, '', 'B-2']))).toEqual([
        { field: 'attributes.parcelCodes[1]', message: 'must be a non-empty string' },
        { field: 'attributes.parcelCodes[2]', message: 'must be a non-empty string' },
      ]);
    });

    it('refuses an empty required array and a non-array', () => {
      expect(errorsAfter('FOREST', (a) => (a.treeSpecies = []))).toEqual([
        { field: 'attributes.treeSpecies', message: 'must not be empty' },
      ]);
      expect(errorsAfter('FOREST', (a) => (a.treeSpecies = '油松'))).toEqual([
        { field: 'attributes.treeSpecies', message: 'must be an array of strings' },
      ]);
    });
  });

  describe('numbers', () => {
    it.each([0, 1, 0.1, 0.29, 12.34, 1e9])('accepts %p', (n) => {
      expect(errorsAfter('RURAL_HOUSING', (a) => (a.floorAreaM2 = n))).toEqual([]);
      expect(isDecimal2(n)).toBe(true);
    });

    it.each([-0.01, 1.005, Number.NaN])('refuses %p', (n) => {
      expect(fields(errorsAfter('RURAL_HOUSING', (a) => (a.floorAreaM2 = n)))).toEqual(['attributes.floorAreaM2']);
    });

    it('refuses integers given as strings or negative', () => {
      expect(fields(errorsAfter('AGRI_PROJECT', (a) => (a.deliveryDays = '90')))).toEqual(['attributes.deliveryDays']);
      expect(fields(errorsAfter('AGRI_PROJECT', (a) => (a.deliveryDays = -5)))).toEqual(['attributes.deliveryDays']);
    });
  });

  describe('strings', () => {
    it('allows an empty optional string but not an empty required one', () => {
      expect(errorsAfter('LAND_CONTRACT', (a) => (a.grade = ''))).toEqual([]);
      expect(errorsAfter('LAND_CONTRACT', (a) => (a.certificateNo = ''))).toEqual([
        { field: 'attributes.certificateNo', message: 'must not be empty' },
      ]);
    });

    it('refuses very long strings', () => {
      expect(fields(errorsAfter('AGRI_PROJECT', (a) => (a.scope = 'x'.repeat(2001))))).toEqual(['attributes.scope']);
    });
  });

  it('reports several errors at once, specs first then unknown keys', () => {
    expect(
      fields(
        validateAttributes(getCategory('COLLECTIVE_EQUITY'), {
          zzz: 1,
          organizationName: '',
          shareCount: '10',
          shareType: 'PREFERRED',
        }),
      ),
    ).toEqual([
      'attributes.organizationName',
      'attributes.certificateNo',
      'attributes.shareCount',
      'attributes.shareType',
      'attributes.zzz',
    ]);
  });

  it('uses a custom field prefix', () => {
    expect(validateAttributes(getCategory('AGRI_IP'), {}, 'body.attributes').map((e) => e.field)).toEqual([
      'body.attributes.ipType',
      'body.attributes.registrationNo',
      'body.attributes.validUntil',
    ]);
  });
});

describe('attribute accessors', () => {
  const land = sampleAttributes('LAND_CONTRACT');

  it('read typed values', () => {
    expect(attributeString(land, 'rightEndsOn')).toBe('2060-12-31');
    expect(attributeString(land, 'parcelCodes')).toBeUndefined();
    expect(attributeStringArray(land, 'parcelCodes')).toEqual(land.parcelCodes);
    expect(attributeBoundaries(land)).toEqual(land.boundaries);
    expect(attributeNumber(sampleAttributes('COLLECTIVE_EQUITY'), 'shareCount')).toBe(10);
    expect(attributeValue<string>(land, 'landClass')).toBe('IRRIGATED');
  });

  it('answer undefined for absent, null or non-object input', () => {
    expect(attributeValue(land, 'nope')).toBeUndefined();
    expect(attributeValue({ grade: null }, 'grade')).toBeUndefined();
    expect(attributeNumber(null, 'x')).toBeUndefined();
    expect(attributeBoundaries({ boundaries: { east: 'a' } })).toBeUndefined();
  });
});
