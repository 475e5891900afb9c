/**
 * Listing validation (API.md "Listings", DOMAIN.md §1-2): every rule is checked at create, at every edit and again
 * at submit. Each test asserts the status, the contract's code, the named fields where the contract names them,
 * and what the database holds afterwards (a refused create leaves no row, a refused edit leaves the row as it was).
 */
import type { Response } from 'supertest';
import { sampleAttributes } from '../src/catalog/domain/category-samples';
import { CategoryCode } from '../src/catalog/domain/category.types';
import { Actor } from './support/given';
import { ListingFactory, listingBody, listerTypeFor, VALID_RESOLUTION } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

type Body = Record<string, unknown>;
type Attributes = Record<string, unknown>;

const OWN_VILLAGE = '130728100213'; // 西沙洼村: the village of the collective `collective` below
const OTHER_VILLAGE = '130728100214'; // 东沙洼村
const UNKNOWN_VILLAGE = '130728100999'; // 12 digits, no such village in Huai'an

/** The categories whose listings carry a top-level area (DOMAIN.md §1: those whose attributes name `areaMu`). */
const AREA_CATEGORIES: CategoryCode[] = [
  'LAND_CONTRACT',
  'FOREST',
  'FOUR_WASTES',
  'COLLECTIVE_CONSTRUCTION_LAND',
  'AQUACULTURE_WATER',
];

/** Every category a COLLECTIVE may list in (all but RURAL_HOUSING, DOMAIN.md §1). */
const COLLECTIVE_CATEGORIES: CategoryCode[] = [
  'LAND_CONTRACT',
  'FOREST',
  'FOUR_WASTES',
  'COLLECTIVE_EQUITY',
  'PRODUCTION_FACILITY',
  'COLLECTIVE_OPERATING_ASSET',
  'WATER_FACILITY',
  'AGRI_IP',
  'COLLECTIVE_CONSTRUCTION_LAND',
  'AQUACULTURE_WATER',
  'AGRI_PROJECT',
];

const CJK = /[\u4e00-\u9fff]/;

/** A China-time calendar date (`YYYY-MM-DD`) `years` years and `days` days from today. */
function chinaDate(years = 0, days = 0): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear() + years, now.getUTCMonth(), now.getUTCDate() + days));
  return d.toISOString().slice(0, 10);
}

/** The total value the contract defines (DOMAIN.md "Total value"), computed exactly and rounded half up. */
function expectedTotal(body: Body): number {
  const price = BigInt(body.reservePriceFen as number);
  const term = BigInt((body.termYears as number | undefined) ?? 0);
  switch (body.priceUnit) {
    case 'TOTAL':
      return Number(price);
    case 'PER_YEAR':
      return Number(price * term);
    default: {
      const hundredths = BigInt(Math.round((body.areaMu as number) * 100));
      return Number((price * hundredths * term + 50n) / 100n);
    }
  }
}

/** What the deposit is bounded by: the total, or for a price per year one year's value (DOMAIN.md §2 step 3). */
function depositBaseOf(body: Body): number {
  return body.priceUnit === 'TOTAL' ? expectedTotal(body) : expectedTotal({ ...body, termYears: 1 });
}

/** The body with a deposit of 20% of its base, so that only the rule a test is about can be broken. */
function withDeposit(body: Body): Body {
  return { ...body, depositFen: Math.floor(depositBaseOf(body) / 5) };
}

/** `listingBody(code)` with some attributes changed (`undefined` removes one). */
function withAttributes(code: CategoryCode, changes: Attributes, overrides: Body = {}): Body {
  const body = listingBody(code);
  const attributes: Attributes = { ...(body.attributes as Attributes), ...changes };
  for (const key of Object.keys(changes)) if (changes[key] === undefined) delete attributes[key];
  return { ...body, attributes, ...overrides };
}

function fieldsOf(res: Response): string[] {
  return ((res.body.details ?? []) as { field: string }[]).map((d) => d.field);
}

describe('listings: validation at create, edit and submit', () => {
  let t: TestContext;
  let listings: ListingFactory;
  let person: Actor;
  let collective: Actor;
  let otherCollective: Actor;
  let organization: Actor;
  let buyer: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    listings = new ListingFactory(t.http, t.given);
    person = await t.given.seller();
    collective = await t.given.collective(OWN_VILLAGE);
    otherCollective = await t.given.collective(OTHER_VILLAGE);
    organization = await t.given.party('ORGANIZATION', ['seller']);
    buyer = await t.given.buyer();
  });
  afterAll(() => t.close());

  /** The usual lister of a category in these tests: a farmer where allowed, else the collective of 西沙洼村. */
  const listerOf = (code: CategoryCode): Actor => (listerTypeFor(code) === 'PERSON' ? person : collective);

  async function countListings(): Promise<number> {
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM listings');
    return n;
  }

  async function row(id: string): Promise<Record<string, unknown>> {
    const [r] = await t.db.query('SELECT * FROM listings WHERE id = $1', [id]);
    return r;
  }

  async function storedTotal(id: string): Promise<string> {
    const [r] = await t.db.query('SELECT total_reserve_price_fen::text AS total FROM listings WHERE id = $1', [id]);
    return r.total;
  }

  function post(actor: Actor | null, body: Body, language?: string) {
    const req = t.http.post('/api/v1/listings');
    if (actor) req.set('Authorization', actor.auth);
    if (language) req.set('Accept-Language', language);
    return req.send(body);
  }

  /** The error body of the contract: `{ statusCode, code, message, details[] }`. */
  function expectError(res: Response, status: number, code: string, fields: string[] = []): void {
    expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status, code } });
    expect(typeof res.body.message).toBe('string');
    expect(Array.isArray(res.body.details)).toBe(true);
    if (fields.length > 0) expect(fieldsOf(res)).toEqual(expect.arrayContaining(fields));
  }

  /** A create that must be refused: the status, the code, the named fields, and no listing row written. */
  async function refused(actor: Actor | null, body: Body, status: number, code: string, fields: string[] = []) {
    const before = await countListings();
    const res = await post(actor, body);
    expectError(res, status, code, fields);
    expect(await countListings()).toBe(before);
    return res;
  }

  /** A create that must succeed: 201 DRAFT with the contract's total, in the body and in the database. */
  async function created(actor: Actor, body: Body): Promise<Body & { id: string }> {
    const res = await post(actor, body);
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 201,
      body: { status: 'DRAFT', categoryCode: body.categoryCode },
    });
    expect(res.body.listingNo).toEqual(expect.any(String));
    expect(res.body.totalReservePriceFen).toBe(expectedTotal(body));
    expect(await storedTotal(res.body.id)).toBe(String(expectedTotal(body)));
    return res.body;
  }

  function patch(actor: Actor, id: string, body: Body) {
    return t.http.patch(`/api/v1/listings/${id}`).set('Authorization', actor.auth).send(body);
  }

  /** An edit that must be refused: the status, the code, the named fields, and the row exactly as it was. */
  async function refusedPatch(
    actor: Actor,
    id: string,
    body: Body,
    status: number,
    code: string,
    fields: string[] = [],
  ): Promise<Response> {
    const before = await row(id);
    const res = await patch(actor, id, body);
    expectError(res, status, code, fields);
    expect(await row(id)).toEqual(before);
    return res;
  }

  // ---------------------------------------------------------------------------------------------------------------
  describe('400 VALIDATION_FAILED: bad or missing attributes, for each of the 12 categories', () => {
    const cases: { code: CategoryCode; what: string; changes: Attributes; field: string }[] = [
      {
        code: 'LAND_CONTRACT',
        what: 'certificateNo missing',
        changes: { certificateNo: undefined },
        field: 'attributes.certificateNo',
      },
      {
        code: 'LAND_CONTRACT',
        what: 'boundaries without east',
        changes: { boundaries: { south: '张家承包地', west: '排水沟', north: '李家承包地' } },
        field: 'attributes.boundaries.east',
      },
      {
        code: 'LAND_CONTRACT',
        what: 'landClass SANDY (not in the enum)',
        changes: { landClass: 'SANDY' },
        field: 'attributes.landClass',
      },
      {
        code: 'LAND_CONTRACT',
        what: 'parcelCodes empty',
        changes: { parcelCodes: [] },
        field: 'attributes.parcelCodes',
      },
      {
        code: 'LAND_CONTRACT',
        what: 'rightEndsOn 2026-02-30',
        changes: { rightEndsOn: '2026-02-30' },
        field: 'attributes.rightEndsOn',
      },
      {
        code: 'LAND_CONTRACT',
        what: 'permittedUse blank',
        changes: { permittedUse: '   ' },
        field: 'attributes.permittedUse',
      },
      {
        code: 'FOREST',
        what: 'forestType MIXED (not in the enum)',
        changes: { forestType: 'MIXED' },
        field: 'attributes.forestType',
      },
      {
        code: 'FOREST',
        what: 'treeSpecies a string, not a list',
        changes: { treeSpecies: '油松' },
        field: 'attributes.treeSpecies',
      },
      {
        code: 'FOREST',
        what: 'rightEndsOn 2061-04-31',
        changes: { rightEndsOn: '2061-04-31' },
        field: 'attributes.rightEndsOn',
      },
      {
        code: 'FOUR_WASTES',
        what: 'wasteType SWAMP (not in the enum)',
        changes: { wasteType: 'SWAMP' },
        field: 'attributes.wasteType',
      },
      {
        code: 'FOUR_WASTES',
        what: 'currentCondition missing',
        changes: { currentCondition: undefined },
        field: 'attributes.currentCondition',
      },
      {
        code: 'FOUR_WASTES',
        what: 'boundaries.north empty',
        changes: { boundaries: { east: '村道', south: '沟', west: '沟', north: '' } },
        field: 'attributes.boundaries.north',
      },
      {
        code: 'COLLECTIVE_EQUITY',
        what: 'shareCount 1.5',
        changes: { shareCount: 1.5 },
        field: 'attributes.shareCount',
      },
      {
        code: 'COLLECTIVE_EQUITY',
        what: 'shareType FOUNDER (not in the enum)',
        changes: { shareType: 'FOUNDER' },
        field: 'attributes.shareType',
      },
      {
        code: 'COLLECTIVE_EQUITY',
        what: 'organizationName missing',
        changes: { organizationName: undefined },
        field: 'attributes.organizationName',
      },
      {
        code: 'PRODUCTION_FACILITY',
        what: 'quantity "three"',
        changes: { quantity: 'three' },
        field: 'attributes.quantity',
      },
      {
        code: 'PRODUCTION_FACILITY',
        what: 'facilityType TRACTOR (not in the enum)',
        changes: { facilityType: 'TRACTOR' },
        field: 'attributes.facilityType',
      },
      {
        code: 'PRODUCTION_FACILITY',
        what: 'condition missing',
        changes: { condition: undefined },
        field: 'attributes.condition',
      },
      {
        code: 'COLLECTIVE_OPERATING_ASSET',
        what: 'assetName missing',
        changes: { assetName: undefined },
        field: 'attributes.assetName',
      },
      {
        code: 'COLLECTIVE_OPERATING_ASSET',
        what: 'appraisedValueFen 100.5 (money is integer fen)',
        changes: { appraisedValueFen: 100.5 },
        field: 'attributes.appraisedValueFen',
      },
      {
        code: 'WATER_FACILITY',
        what: 'facilityType DAM (not in the enum)',
        changes: { facilityType: 'DAM' },
        field: 'attributes.facilityType',
      },
      {
        code: 'WATER_FACILITY',
        what: 'irrigatedAreaMu with 3 decimals',
        changes: { irrigatedAreaMu: 12.345 },
        field: 'attributes.irrigatedAreaMu',
      },
      {
        code: 'AGRI_IP',
        what: 'validUntil 2026-02-30',
        changes: { validUntil: '2026-02-30' },
        field: 'attributes.validUntil',
      },
      {
        code: 'AGRI_IP',
        what: 'validUntil 31/12/2060 (not YYYY-MM-DD)',
        changes: { validUntil: '31/12/2060' },
        field: 'attributes.validUntil',
      },
      {
        code: 'AGRI_IP',
        what: 'ipType COPYRIGHT (not in the enum)',
        changes: { ipType: 'COPYRIGHT' },
        field: 'attributes.ipType',
      },
      {
        code: 'AGRI_IP',
        what: 'registrationNo missing',
        changes: { registrationNo: undefined },
        field: 'attributes.registrationNo',
      },
      {
        code: 'COLLECTIVE_CONSTRUCTION_LAND',
        what: 'parcelCode missing',
        changes: { parcelCode: undefined },
        field: 'attributes.parcelCode',
      },
      {
        code: 'COLLECTIVE_CONSTRUCTION_LAND',
        what: 'boundaries missing',
        changes: { boundaries: undefined },
        field: 'attributes.boundaries',
      },
      {
        code: 'COLLECTIVE_CONSTRUCTION_LAND',
        what: 'plannedUse missing',
        changes: { plannedUse: undefined },
        field: 'attributes.plannedUse',
      },
      {
        code: 'RURAL_HOUSING',
        what: 'floorAreaM2 missing',
        changes: { floorAreaM2: undefined },
        field: 'attributes.floorAreaM2',
      },
      { code: 'RURAL_HOUSING', what: 'structure a number', changes: { structure: 5 }, field: 'attributes.structure' },
      {
        code: 'AQUACULTURE_WATER',
        what: 'rightEndsOn 2060-13-01',
        changes: { rightEndsOn: '2060-13-01' },
        field: 'attributes.rightEndsOn',
      },
      {
        code: 'AQUACULTURE_WATER',
        what: 'rightEndsOn 2027-02-29 (not a leap year)',
        changes: { rightEndsOn: '2027-02-29' },
        field: 'attributes.rightEndsOn',
      },
      {
        code: 'AQUACULTURE_WATER',
        what: 'waterType LAKE (not in the enum)',
        changes: { waterType: 'LAKE' },
        field: 'attributes.waterType',
      },
      {
        code: 'AGRI_PROJECT',
        what: 'projectType CONSULTING (not in the enum)',
        changes: { projectType: 'CONSULTING' },
        field: 'attributes.projectType',
      },
      {
        code: 'AGRI_PROJECT',
        what: 'budgetFen a string',
        changes: { budgetFen: '800000' },
        field: 'attributes.budgetFen',
      },
      {
        code: 'AGRI_PROJECT',
        what: 'deliveryDays missing',
        changes: { deliveryDays: undefined },
        field: 'attributes.deliveryDays',
      },
    ];

    it('covers all 12 categories', () => {
      expect(new Set(cases.map((c) => c.code)).size).toBe(12);
    });

    it.each(cases)('$code: $what → 400 naming $field', async ({ code, changes, field }) => {
      await refused(listerOf(code), withAttributes(code, changes), 400, 'VALIDATION_FAILED', [field]);
    });

    it.each(AREA_CATEGORIES)('%s without areaMu → 400 naming areaMu', async (code) => {
      await refused(listerOf(code), listingBody(code, { areaMu: undefined }), 400, 'VALIDATION_FAILED', ['areaMu']);
    });

    it.each([
      ['3 decimals', 25.555],
      ['zero', 0],
      ['negative', -3],
      ['a string', '25.5'],
    ])('LAND_CONTRACT with areaMu %s → 400 naming areaMu', async (_, areaMu) => {
      await refused(person, listingBody('LAND_CONTRACT', { areaMu }), 400, 'VALIDATION_FAILED', ['areaMu']);
    });

    it('WATER_FACILITY needs no areaMu (its irrigatedAreaMu is an optional attribute)', async () => {
      await created(collective, withAttributes('WATER_FACILITY', { irrigatedAreaMu: undefined }));
    });

    it('an unknown attribute key → 400 naming it', async () => {
      await refused(person, withAttributes('LAND_CONTRACT', { soilColour: 'black' }), 400, 'VALIDATION_FAILED', [
        'attributes.soilColour',
      ]);
    });

    it('areaMu inside attributes (it is a top-level field) → 400 naming attributes.areaMu', async () => {
      await refused(person, withAttributes('LAND_CONTRACT', { areaMu: 25.5 }), 400, 'VALIDATION_FAILED', [
        'attributes.areaMu',
      ]);
    });

    it('an unknown boundary side → 400 naming it', async () => {
      const boundaries = { east: '村道', south: '沟', west: '沟', north: '路', center: '井' };
      await refused(person, withAttributes('LAND_CONTRACT', { boundaries }), 400, 'VALIDATION_FAILED', [
        'attributes.boundaries.center',
      ]);
    });

    it('attributes not an object → 400 naming attributes', async () => {
      await refused(person, listingBody('LAND_CONTRACT', { attributes: ['x'] }), 400, 'VALIDATION_FAILED', [
        'attributes',
      ]);
    });

    it('a real leap day (2048-02-29) is a valid date', async () => {
      await created(person, withAttributes('LAND_CONTRACT', { rightEndsOn: '2048-02-29' }));
    });

    it('several bad attributes at once are all named', async () => {
      const body = withAttributes(
        'LAND_CONTRACT',
        { certificateNo: undefined, landClass: 'SANDY', rightEndsOn: '2026-02-30' },
        { areaMu: undefined },
      );
      await refused(person, body, 400, 'VALIDATION_FAILED', [
        'attributes.certificateNo',
        'attributes.landClass',
        'attributes.rightEndsOn',
        'areaMu',
      ]);
    });

    it('a bad top-level field and a bad attribute together are both named (every offending field)', async () => {
      const body = withAttributes('LAND_CONTRACT', { certificateNo: undefined }, { title: undefined });
      await refused(person, body, 400, 'VALIDATION_FAILED', ['title', 'attributes.certificateNo']);
    });

    it('an unknown village and a bad attribute together are both named (every offending field)', async () => {
      const body = withAttributes('LAND_CONTRACT', { certificateNo: undefined }, { villageCode: UNKNOWN_VILLAGE });
      await refused(person, body, 400, 'VALIDATION_FAILED', ['villageCode', 'attributes.certificateNo']);
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('400 VALIDATION_FAILED: top-level fields', () => {
    it('an unknown categoryCode → 400 naming categoryCode', async () => {
      await refused(person, listingBody('LAND_CONTRACT', { categoryCode: 'ORCHARD' }), 400, 'VALIDATION_FAILED', [
        'categoryCode',
      ]);
    });

    it('an unknown 12-digit village → 400 naming villageCode', async () => {
      await refused(person, listingBody('LAND_CONTRACT', { villageCode: UNKNOWN_VILLAGE }), 400, 'VALIDATION_FAILED', [
        'villageCode',
      ]);
    });

    it('a township code (9 digits) or a county code as village → 400 naming villageCode', async () => {
      for (const villageCode of ['130728100', '130728', '13072810021X']) {
        await refused(person, listingBody('LAND_CONTRACT', { villageCode }), 400, 'VALIDATION_FAILED', ['villageCode']);
      }
    });

    it('an unknown village of a collective → 400 naming villageCode', async () => {
      await refused(
        collective,
        listingBody('FOUR_WASTES', { villageCode: UNKNOWN_VILLAGE }),
        400,
        'VALIDATION_FAILED',
        ['villageCode'],
      );
    });

    it.each([
      ['featured', true],
      ['status', 'APPROVED'],
      ['ownerId', '00000000-0000-4000-8000-000000000000'],
      ['totalReservePriceFen', 1],
      ['listingNo', 'HA-2026-000001'],
    ])('an unknown or server-owned top-level field %s → 400 naming it', async (field, value) => {
      await refused(person, listingBody('LAND_CONTRACT', { [field]: value }), 400, 'VALIDATION_FAILED', [field]);
    });

    it('an unknown field inside collectiveResolution → 400 naming it', async () => {
      const collectiveResolution = { ...VALID_RESOLUTION, quorum: true };
      await refused(collective, listingBody('FOUR_WASTES', { collectiveResolution }), 400, 'VALIDATION_FAILED', [
        'collectiveResolution.quorum',
      ]);
    });

    it.each([
      ['reservePriceFen', 1_000_000.5],
      ['reservePriceFen', '1000000'],
      ['reservePriceFen', 0],
      ['incrementFen', 0],
      ['depositFen', -1],
      ['depositFen', 100_000.25],
      ['termYears', 2.5],
      ['termYears', 0],
      ['transferMode', 'RENT'],
      ['priceUnit', 'PER_MONTH'],
      ['tradingMethod', 'LOTTERY'],
      ['title', ''],
      ['villageCode', 130728100213],
    ])('%s = %j → 400 naming it', async (field, value) => {
      await refused(person, listingBody('LAND_CONTRACT', { [field]: value }), 400, 'VALIDATION_FAILED', [field]);
    });

    it.each(['categoryCode', 'title', 'villageCode', 'transferMode', 'attributes', 'priceUnit', 'reservePriceFen'])(
      'missing %s → 400 naming it',
      async (field) => {
        await refused(person, listingBody('LAND_CONTRACT', { [field]: undefined }), 400, 'VALIDATION_FAILED', [field]);
      },
    );

    it.each(['incrementFen', 'depositFen', 'tradingMethod'])('missing %s → 400 naming it', async (field) => {
      await refused(person, listingBody('LAND_CONTRACT', { [field]: undefined }), 400, 'VALIDATION_FAILED', [field]);
    });

    it('a per-year price without termYears → 400 naming termYears (the total cannot be computed)', async () => {
      await refused(
        person,
        listingBody('LAND_CONTRACT', { priceUnit: 'PER_YEAR', termYears: undefined }),
        400,
        'VALIDATION_FAILED',
        ['termYears'],
      );
    });

    it('a resolution count that is not an integer → 400 naming it', async () => {
      const collectiveResolution = { ...VALID_RESOLUTION, votesFor: 20.5 };
      await refused(collective, listingBody('FOUR_WASTES', { collectiveResolution }), 400, 'VALIDATION_FAILED', [
        'collectiveResolution.votesFor',
      ]);
    });

    it('a resolution meetingDate that is not a real date (2026-02-30) → 400 naming it', async () => {
      const collectiveResolution = { ...VALID_RESOLUTION, meetingDate: '2026-02-30' };
      await refused(collective, listingBody('FOUR_WASTES', { collectiveResolution }), 400, 'VALIDATION_FAILED', [
        'collectiveResolution.meetingDate',
      ]);
    });

    it('a title of blanks → 400 naming title', async () => {
      await refused(person, listingBody('LAND_CONTRACT', { title: '   ' }), 400, 'VALIDATION_FAILED', ['title']);
    });

    it('a total beyond the safe integer range → 400 naming a field of the request (never a 500)', async () => {
      const body = listingBody('LAND_CONTRACT', {
        priceUnit: 'PER_YEAR',
        reservePriceFen: 9_000_000_000_000_000,
        termYears: 100,
        depositFen: 1,
        attributes: { ...sampleAttributes('LAND_CONTRACT'), rightEndsOn: '2200-12-31' },
      });
      const res = await refused(person, body, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(expect.arrayContaining([expect.stringMatching(/^(reservePriceFen|termYears)$/)]));
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('422 LISTER_TYPE_NOT_ALLOWED', () => {
    it.each<[string, CategoryCode, () => Actor]>([
      ['a farmer (PERSON)', 'FOUR_WASTES', () => person],
      ['a farmer (PERSON)', 'COLLECTIVE_CONSTRUCTION_LAND', () => person],
      ['a farmer (PERSON)', 'COLLECTIVE_OPERATING_ASSET', () => person],
      ['a farmer (PERSON)', 'AGRI_PROJECT', () => person],
      ['a farmer (PERSON)', 'WATER_FACILITY', () => person],
      ['an ORGANIZATION', 'LAND_CONTRACT', () => organization],
      ['an ORGANIZATION', 'RURAL_HOUSING', () => organization],
      ['an ORGANIZATION', 'FOUR_WASTES', () => organization],
      ['a COLLECTIVE', 'RURAL_HOUSING', () => collective],
    ])('%s may not list %s', async (_, code, actor) => {
      const body = listingBody(code, { collectiveResolution: VALID_RESOLUTION });
      await refused(actor(), body, 422, 'LISTER_TYPE_NOT_ALLOWED');
    });

    it.each<CategoryCode>(['PRODUCTION_FACILITY', 'WATER_FACILITY', 'AGRI_IP'])(
      'an ORGANIZATION may list %s (without a resolution)',
      async (code) => {
        await created(organization, listingBody(code, { collectiveResolution: undefined }));
      },
    );
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('422 TRANSFER_MODE_NOT_ALLOWED', () => {
    const publicWelfare = (transferMode: string): Body =>
      withAttributes('FOREST', { forestType: 'PUBLIC_WELFARE' }, { transferMode });

    it('a PUBLIC_WELFARE forest may not be transferred (TRANSFER)', async () => {
      await refused(person, publicWelfare('TRANSFER'), 422, 'TRANSFER_MODE_NOT_ALLOWED');
    });

    it.each(['SUBCONTRACT', 'SHARE'])('a PUBLIC_WELFARE forest allows only LEASE, not %s', async (mode) => {
      await refused(person, publicWelfare(mode), 422, 'TRANSFER_MODE_NOT_ALLOWED');
    });

    it('a PUBLIC_WELFARE forest may be leased', async () => {
      await created(person, publicWelfare('LEASE'));
    });

    it('a COMMERCIAL forest may be transferred', async () => {
      await created(person, listingBody('FOREST', { transferMode: 'TRANSFER' }));
    });

    it.each<[CategoryCode, string]>([
      ['RURAL_HOUSING', 'TRANSFER'],
      ['RURAL_HOUSING', 'SUBCONTRACT'],
      ['LAND_CONTRACT', 'SALE'],
      ['LAND_CONTRACT', 'PROCUREMENT'],
      ['AGRI_PROJECT', 'LEASE'],
      ['AGRI_PROJECT', 'TRANSFER'],
    ])('%s with %s', async (code, transferMode) => {
      await refused(listerOf(code), listingBody(code, { transferMode }), 422, 'TRANSFER_MODE_NOT_ALLOWED');
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('422 PRICE_UNIT_NOT_ALLOWED', () => {
    it.each<[CategoryCode, string]>([
      ['RURAL_HOUSING', 'PER_MU_PER_YEAR'],
      ['COLLECTIVE_EQUITY', 'PER_YEAR'],
      ['COLLECTIVE_EQUITY', 'PER_MU_PER_YEAR'],
      ['AGRI_PROJECT', 'PER_YEAR'],
      ['PRODUCTION_FACILITY', 'PER_MU_PER_YEAR'],
      ['COLLECTIVE_CONSTRUCTION_LAND', 'PER_MU_PER_YEAR'],
      ['AGRI_IP', 'PER_MU_PER_YEAR'],
    ])('%s priced %s', async (code, priceUnit) => {
      await refused(listerOf(code), listingBody(code, { priceUnit, termYears: 5 }), 422, 'PRICE_UNIT_NOT_ALLOWED');
    });

    it.each<CategoryCode>(['LAND_CONTRACT', 'FOREST', 'FOUR_WASTES', 'AQUACULTURE_WATER'])(
      '%s may be priced PER_MU_PER_YEAR',
      async (code) => {
        const body = withDeposit(listingBody(code, { priceUnit: 'PER_MU_PER_YEAR', reservePriceFen: 50_000 }));
        await created(listerOf(code), body);
      },
    );
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('422 TERM_EXCEEDS_RIGHT (term ≤ remaining right)', () => {
    it.each<[CategoryCode, string]>([
      ['LAND_CONTRACT', 'rightEndsOn'],
      ['FOREST', 'rightEndsOn'],
      ['AQUACULTURE_WATER', 'rightEndsOn'],
      ['AGRI_IP', 'validUntil'],
    ])('%s: a 5-year term when %s is 2 years away', async (code, key) => {
      const body = withAttributes(code, { [key]: chinaDate(2) }, { termYears: 5 });
      await refused(listerOf(code), body, 422, 'TERM_EXCEEDS_RIGHT');
    });

    it('a right that has already ended refuses even a 1-year term', async () => {
      const body = withDeposit(withAttributes('LAND_CONTRACT', { rightEndsOn: '2020-01-01' }, { termYears: 1 }));
      await refused(person, body, 422, 'TERM_EXCEEDS_RIGHT');
    });

    it('a 5-year term ending a month after the right → refused; a day before it → accepted', async () => {
      const late = withAttributes('LAND_CONTRACT', { rightEndsOn: chinaDate(5, -31) }, { termYears: 5 });
      await refused(person, late, 422, 'TERM_EXCEEDS_RIGHT');
      const fits = withAttributes('LAND_CONTRACT', { rightEndsOn: chinaDate(5, 1) }, { termYears: 5 });
      await created(person, fits);
    });

    it('AGRI_IP: a licence of 5 years within validUntil is accepted', async () => {
      await created(person, withAttributes('AGRI_IP', { validUntil: chinaDate(6) }, { termYears: 5 }));
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('422 TERM_EXCEEDS_LIMIT (category maximum)', () => {
    it.each<[CategoryCode, number, number]>([
      ['RURAL_HOUSING', 20, 21],
      ['FOUR_WASTES', 50, 51],
      ['COLLECTIVE_CONSTRUCTION_LAND', 50, 51],
    ])('%s: %i years accepted, %i refused', async (code, max, over) => {
      await refused(listerOf(code), withDeposit(listingBody(code, { termYears: over })), 422, 'TERM_EXCEEDS_LIMIT');
      await created(listerOf(code), withDeposit(listingBody(code, { termYears: max })));
    });

    it('RURAL_HOUSING priced TOTAL for 21 years is still beyond the limit', async () => {
      const body = listingBody('RURAL_HOUSING', { priceUnit: 'TOTAL', reservePriceFen: 5_000_000, termYears: 21 });
      await refused(person, body, 422, 'TERM_EXCEEDS_LIMIT');
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe("422 DEPOSIT_OUT_OF_RANGE (10%-30% of the total, or of one year's value for a price per year)", () => {
    // listingBody: 10,000.00 元 a year × 5 years = 5,000,000 fen total; one year's value 1,000,000 fen
    it.each([
      ['exactly 10% of a year', 100_000],
      ['exactly 30% of a year', 300_000],
    ])('%s is accepted', async (_, depositFen) => {
      const listing = await created(person, listingBody('LAND_CONTRACT', { depositFen }));
      expect(listing.depositFen).toBe(depositFen);
    });

    it.each([
      ['10% of a year minus 1 fen', 99_999],
      ['30% of a year plus 1 fen', 300_001],
      ['zero', 0],
      ['more than the total', 5_000_001],
    ])('%s is refused', async (_, depositFen) => {
      await refused(person, listingBody('LAND_CONTRACT', { depositFen }), 422, 'DEPOSIT_OUT_OF_RANGE');
    });

    it('the bounds are exact for a total not divisible by 10 (3,333,333 fen: 333,333.3 to 999,999.9)', async () => {
      const body = (depositFen: number) =>
        listingBody('PRODUCTION_FACILITY', { priceUnit: 'TOTAL', reservePriceFen: 3_333_333, depositFen });
      await refused(person, body(333_333), 422, 'DEPOSIT_OUT_OF_RANGE');
      await created(person, body(333_334));
      await created(person, body(999_999));
      await refused(person, body(1_000_000), 422, 'DEPOSIT_OUT_OF_RANGE');
    });

    it("for a price per year the range is taken on one year's value, not on the total (price × term)", async () => {
      // 20% of the 5-year total is a whole year's rent: too much for a deposit
      await refused(person, listingBody('LAND_CONTRACT', { depositFen: 1_000_000 }), 422, 'DEPOSIT_OUT_OF_RANGE');
      // a 30-year lease needs no more deposit than a 1-year one
      const long = await created(person, listingBody('LAND_CONTRACT', { termYears: 30, depositFen: 100_000 }));
      expect(long).toMatchObject({ depositFen: 100_000, totalReservePriceFen: 30_000_000 });
    });

    it("per mu per year: one year's value is price × area (333 × 1.5 mu = 499.5 → 500: 50 to 150)", async () => {
      const body = (depositFen: number) =>
        listingBody('LAND_CONTRACT', {
          priceUnit: 'PER_MU_PER_YEAR',
          reservePriceFen: 333,
          areaMu: 1.5,
          termYears: 3,
          incrementFen: 1,
          depositFen,
        });
      await refused(person, body(49), 422, 'DEPOSIT_OUT_OF_RANGE');
      await created(person, body(50));
      await created(person, body(150));
      await refused(person, body(151), 422, 'DEPOSIT_OUT_OF_RANGE');
    });

    it('answers in English with Accept-Language: en and in Chinese by default', async () => {
      const body = listingBody('LAND_CONTRACT', { depositFen: 99_999 });
      const before = await countListings();
      const en = await post(person, body, 'en');
      expectError(en, 422, 'DEPOSIT_OUT_OF_RANGE');
      expect(en.body.message).toMatch(/deposit/i);
      expect(en.body.message).not.toMatch(CJK);
      const zh = await post(person, body);
      expectError(zh, 422, 'DEPOSIT_OUT_OF_RANGE');
      expect(zh.body.message).toMatch(CJK);
      expect(await countListings()).toBe(before);
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('422 RESERVE_BELOW_APPRAISAL (COLLECTIVE_OPERATING_ASSET: total ≥ 90% of appraisedValueFen)', () => {
    const asset = (appraisedValueFen: number | undefined, overrides: Body): Body =>
      withDeposit(withAttributes('COLLECTIVE_OPERATING_ASSET', { appraisedValueFen }, overrides));

    it('a total of exactly 90% of the appraisal is accepted', async () => {
      await created(collective, asset(5_000_000, { priceUnit: 'TOTAL', reservePriceFen: 4_500_000 }));
    });

    it('1 fen less is refused', async () => {
      await refused(
        collective,
        asset(5_000_000, { priceUnit: 'TOTAL', reservePriceFen: 4_499_999 }),
        422,
        'RESERVE_BELOW_APPRAISAL',
      );
    });

    it('90% of 5,000,001 is 4,500,000.9: a total of 4,500,000 is refused, 4,500,001 accepted', async () => {
      const body = (reservePriceFen: number) => asset(5_000_001, { priceUnit: 'TOTAL', reservePriceFen });
      await refused(collective, body(4_500_000), 422, 'RESERVE_BELOW_APPRAISAL');
      await created(collective, body(4_500_001));
    });

    it('PER_YEAR: the total (900,000 × 5 years = 90%) counts, not the yearly price', async () => {
      await created(collective, asset(5_000_000, { priceUnit: 'PER_YEAR', reservePriceFen: 900_000, termYears: 5 }));
      await refused(
        collective,
        asset(5_000_000, { priceUnit: 'PER_YEAR', reservePriceFen: 900_000, termYears: 4 }),
        422,
        'RESERVE_BELOW_APPRAISAL',
      );
    });

    it('without an appraisal there is no floor', async () => {
      await created(collective, asset(undefined, { priceUnit: 'TOTAL', reservePriceFen: 1_000 }));
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('422 COLLECTIVE_RESOLUTION_REQUIRED', () => {
    it.each(COLLECTIVE_CATEGORIES)('a collective listing %s without a resolution', async (code) => {
      await refused(
        collective,
        listingBody(code, { collectiveResolution: undefined }),
        422,
        'COLLECTIVE_RESOLUTION_REQUIRED',
      );
    });

    it('a collective listing with a null resolution', async () => {
      await refused(
        collective,
        listingBody('LAND_CONTRACT', { collectiveResolution: null }),
        422,
        'COLLECTIVE_RESOLUTION_REQUIRED',
      );
    });

    it('the same collective listing with a valid resolution is accepted', async () => {
      const listing = await created(
        collective,
        listingBody('LAND_CONTRACT', { collectiveResolution: VALID_RESOLUTION }),
      );
      expect(listing.collectiveResolution).toMatchObject(VALID_RESOLUTION);
    });

    it.each<CategoryCode>(['COLLECTIVE_EQUITY', 'PRODUCTION_FACILITY', 'LAND_CONTRACT'])(
      'a farmer listing %s needs no resolution',
      async (code) => {
        await created(person, listingBody(code, { collectiveResolution: undefined }));
      },
    );
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('422 COLLECTIVE_RESOLUTION_INVALID (⅔ of all eligible voters, attendees ≤ eligible, votes ≤ attendees)', () => {
    const withResolution = (eligibleVoters: number, attendees: number, votesFor: number): Body =>
      listingBody('FOUR_WASTES', {
        collectiveResolution: { meetingDate: '2026-10-20', eligibleVoters, attendees, votesFor },
      });

    it.each([
      ['⅔ of attendees but not of all eligible (30/15/12)', 30, 15, 12],
      ['19 of 30 (one short of ⅔)', 30, 20, 19],
      ['20 of 31 (⅔ of 31 is 20.67)', 31, 25, 20],
      ['attendees > eligible (30/31/25)', 30, 31, 25],
      ['votesFor > attendees (30/25/26)', 30, 25, 26],
      ['nobody voted for it (30/25/0)', 30, 25, 0],
    ])('%s → 422', async (_, eligible, attendees, votesFor) => {
      await refused(collective, withResolution(eligible, attendees, votesFor), 422, 'COLLECTIVE_RESOLUTION_INVALID');
    });

    it.each([
      ['20 of 30 (exactly ⅔)', 30, 20, 20],
      ['21 of 31', 31, 25, 21],
      ['everyone (30/30/30)', 30, 30, 30],
    ])('%s → accepted', async (_, eligible, attendees, votesFor) => {
      const listing = await created(collective, withResolution(eligible, attendees, votesFor));
      expect(listing.collectiveResolution).toMatchObject({ eligibleVoters: eligible, attendees, votesFor });
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('422 VILLAGE_NOT_OWN (a collective lists only in its own village)', () => {
    it('the collective of 130728100213 listing in 130728100214', async () => {
      await refused(collective, listingBody('FOUR_WASTES', { villageCode: OTHER_VILLAGE }), 422, 'VILLAGE_NOT_OWN');
    });

    it('the collective of 130728100214 listing in 130728100213', async () => {
      await refused(otherCollective, listingBody('FOUR_WASTES'), 422, 'VILLAGE_NOT_OWN');
    });

    it('each collective in its own village is accepted', async () => {
      await created(otherCollective, listingBody('FOUR_WASTES', { villageCode: OTHER_VILLAGE }));
      await created(collective, listingBody('FOUR_WASTES', { villageCode: OWN_VILLAGE }));
    });

    it('a farmer (PERSON) is not bound to one village', async () => {
      await created(person, listingBody('LAND_CONTRACT', { villageCode: OTHER_VILLAGE }));
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('total reserve value (totalReservePriceFen), in the 201 body and in the database', () => {
    it.each<[string, CategoryCode, Body, number]>([
      [
        'TOTAL: the price, whatever the term',
        'PRODUCTION_FACILITY',
        { priceUnit: 'TOTAL', reservePriceFen: 2_345_678, termYears: 3, depositFen: 500_000 },
        2_345_678,
      ],
      [
        'PER_YEAR: 123,457 × 7 years',
        'LAND_CONTRACT',
        { priceUnit: 'PER_YEAR', reservePriceFen: 123_457, termYears: 7, depositFen: 25_000 },
        864_199,
      ],
      [
        'PER_MU_PER_YEAR: 333 × 1.5 mu × 1 year = 499.5 → 500 (half up)',
        'LAND_CONTRACT',
        {
          priceUnit: 'PER_MU_PER_YEAR',
          reservePriceFen: 333,
          areaMu: 1.5,
          termYears: 1,
          incrementFen: 1,
          depositFen: 100,
        },
        500,
      ],
      [
        'PER_MU_PER_YEAR: 333 × 1.5 mu × 3 years = 1,498.5 → 1,499 (rounded once, at the end)',
        'LAND_CONTRACT',
        {
          priceUnit: 'PER_MU_PER_YEAR',
          reservePriceFen: 333,
          areaMu: 1.5,
          termYears: 3,
          incrementFen: 1,
          depositFen: 100,
        },
        1_499,
      ],
      [
        'PER_MU_PER_YEAR: 1,350 × 1.15 mu × 1 year = 1,552.5 → 1,553 (exact decimals, no float error)',
        'FOREST',
        {
          priceUnit: 'PER_MU_PER_YEAR',
          reservePriceFen: 1_350,
          areaMu: 1.15,
          termYears: 1,
          incrementFen: 1,
          depositFen: 300,
        },
        1_553,
      ],
      [
        'PER_MU_PER_YEAR: 333 × 1.25 mu × 1 year = 416.25 → 416',
        'AQUACULTURE_WATER',
        {
          priceUnit: 'PER_MU_PER_YEAR',
          reservePriceFen: 333,
          areaMu: 1.25,
          termYears: 1,
          incrementFen: 1,
          depositFen: 100,
        },
        416,
      ],
      [
        'PER_MU_PER_YEAR: 1,001 × 12.34 mu × 2 years = 24,704.68 → 24,705',
        'AQUACULTURE_WATER',
        {
          priceUnit: 'PER_MU_PER_YEAR',
          reservePriceFen: 1_001,
          areaMu: 12.34,
          termYears: 2,
          incrementFen: 1,
          depositFen: 2_500,
        },
        24_705,
      ],
      [
        'PER_MU_PER_YEAR (collective): 8,000 × 120.5 mu × 10 years',
        'FOUR_WASTES',
        { priceUnit: 'PER_MU_PER_YEAR', reservePriceFen: 8_000, areaMu: 120.5, termYears: 10, depositFen: 200_000 },
        9_640_000,
      ],
    ])('%s', async (_, code, overrides, total) => {
      const body = listingBody(code, overrides);
      expect(expectedTotal(body)).toBe(total); // the test's own arithmetic agrees with the hand-computed value
      const listing = await created(listerOf(code), body);
      expect(listing.totalReservePriceFen).toBe(total);
      expect(await storedTotal(listing.id)).toBe(String(total));
    });

    it('the deposit range is judged on the rounded total (500 fen: 50 to 150)', async () => {
      const body = (depositFen: number) =>
        listingBody('LAND_CONTRACT', {
          priceUnit: 'PER_MU_PER_YEAR',
          reservePriceFen: 333,
          areaMu: 1.5,
          termYears: 1,
          incrementFen: 1,
          depositFen,
        });
      await created(person, body(50));
      await created(person, body(150));
      await refused(person, body(49), 422, 'DEPOSIT_OUT_OF_RANGE');
      await refused(person, body(151), 422, 'DEPOSIT_OUT_OF_RANGE');
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('who may create', () => {
    it('anonymous → 401 UNAUTHENTICATED, nothing written', async () => {
      await refused(null, listingBody('LAND_CONTRACT'), 401, 'UNAUTHENTICATED');
    });

    it('a buyer-only account → 403 FORBIDDEN, nothing written', async () => {
      await refused(buyer, listingBody('LAND_CONTRACT'), 403, 'FORBIDDEN');
    });

    it('a clerk (no seller role) → 403 FORBIDDEN, nothing written', async () => {
      await refused(await t.given.clerk(), listingBody('LAND_CONTRACT'), 403, 'FORBIDDEN');
    });

    it('an account holding seller and buyer may create', async () => {
      const both = await t.given.party('PERSON', ['seller', 'buyer']);
      await created(both, listingBody('LAND_CONTRACT'));
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('PATCH /listings/:id re-validates the whole listing', () => {
    const refusals: [string, CategoryCode, Body, number, string, string[]][] = [
      ['depositFen below 10%', 'LAND_CONTRACT', { depositFen: 99_999 }, 422, 'DEPOSIT_OUT_OF_RANGE', []],
      ['depositFen above 30%', 'LAND_CONTRACT', { depositFen: 300_001 }, 422, 'DEPOSIT_OUT_OF_RANGE', []],
      [
        'a higher reserve that leaves the stored deposit below 10%',
        'LAND_CONTRACT',
        { reservePriceFen: 2_100_000 },
        422,
        'DEPOSIT_OUT_OF_RANGE',
        [],
      ],
      [
        'a term beyond the right (rightEndsOn 2060-12-31, 40 years)',
        'LAND_CONTRACT',
        { termYears: 40 },
        422,
        'TERM_EXCEEDS_RIGHT',
        [],
      ],
      [
        'attributes whose rightEndsOn is near',
        'LAND_CONTRACT',
        { attributes: { ...sampleAttributes('LAND_CONTRACT'), rightEndsOn: chinaDate(2) } },
        422,
        'TERM_EXCEEDS_RIGHT',
        [],
      ],
      [
        'a bad date in the attributes',
        'LAND_CONTRACT',
        { attributes: { ...sampleAttributes('LAND_CONTRACT'), rightEndsOn: '2026-02-30' } },
        400,
        'VALIDATION_FAILED',
        ['attributes.rightEndsOn'],
      ],
      [
        'incomplete boundaries',
        'LAND_CONTRACT',
        { attributes: { ...sampleAttributes('LAND_CONTRACT'), boundaries: { east: '村道' } } },
        400,
        'VALIDATION_FAILED',
        ['attributes.boundaries.south', 'attributes.boundaries.west', 'attributes.boundaries.north'],
      ],
      [
        'an unknown attribute',
        'LAND_CONTRACT',
        { attributes: { ...sampleAttributes('LAND_CONTRACT'), soilColour: 'black' } },
        400,
        'VALIDATION_FAILED',
        ['attributes.soilColour'],
      ],
      ['areaMu with 3 decimals', 'LAND_CONTRACT', { areaMu: 1.234 }, 400, 'VALIDATION_FAILED', ['areaMu']],
      ['termYears 2.5', 'LAND_CONTRACT', { termYears: 2.5 }, 400, 'VALIDATION_FAILED', ['termYears']],
      ['an unknown category', 'LAND_CONTRACT', { categoryCode: 'ORCHARD' }, 400, 'VALIDATION_FAILED', ['categoryCode']],
      [
        'an unknown village',
        'LAND_CONTRACT',
        { villageCode: UNKNOWN_VILLAGE },
        400,
        'VALIDATION_FAILED',
        ['villageCode'],
      ],
      ['an unknown top-level field', 'LAND_CONTRACT', { featured: true }, 400, 'VALIDATION_FAILED', ['featured']],
      ['a server-owned field (status)', 'LAND_CONTRACT', { status: 'APPROVED' }, 400, 'VALIDATION_FAILED', ['status']],
      ['transferMode SALE', 'LAND_CONTRACT', { transferMode: 'SALE' }, 422, 'TRANSFER_MODE_NOT_ALLOWED', []],
      [
        'a category the farmer may not list',
        'LAND_CONTRACT',
        {
          categoryCode: 'FOUR_WASTES',
          attributes: sampleAttributes('FOUR_WASTES'),
          collectiveResolution: VALID_RESOLUTION,
        },
        422,
        'LISTER_TYPE_NOT_ALLOWED',
        [],
      ],
      [
        'RURAL_HOUSING transferred',
        'RURAL_HOUSING',
        { transferMode: 'TRANSFER' },
        422,
        'TRANSFER_MODE_NOT_ALLOWED',
        [],
      ],
      [
        'RURAL_HOUSING priced per mu',
        'RURAL_HOUSING',
        { priceUnit: 'PER_MU_PER_YEAR' },
        422,
        'PRICE_UNIT_NOT_ALLOWED',
        [],
      ],
      ['RURAL_HOUSING for 21 years', 'RURAL_HOUSING', { termYears: 21 }, 422, 'TERM_EXCEEDS_LIMIT', []],
      [
        'a reserve below 90% of the appraisal',
        'COLLECTIVE_OPERATING_ASSET',
        { priceUnit: 'TOTAL', reservePriceFen: 4_499_999, depositFen: 900_000 },
        422,
        'RESERVE_BELOW_APPRAISAL',
        [],
      ],
      ['another village', 'FOUR_WASTES', { villageCode: OTHER_VILLAGE }, 422, 'VILLAGE_NOT_OWN', []],
      [
        'a resolution passed by ⅔ of attendees only (30/15/12)',
        'FOUR_WASTES',
        { collectiveResolution: { meetingDate: '2026-10-20', eligibleVoters: 30, attendees: 15, votesFor: 12 } },
        422,
        'COLLECTIVE_RESOLUTION_INVALID',
        [],
      ],
      [
        'the resolution removed',
        'FOUR_WASTES',
        { collectiveResolution: null },
        422,
        'COLLECTIVE_RESOLUTION_REQUIRED',
        [],
      ],
    ];
    const refusalCases = refusals.map(([what, code, changes, status, errorCode, fields]) => ({
      what,
      code,
      changes,
      status,
      errorCode,
      fields,
    }));

    it.each(refusalCases)('$what ($code) → $status $errorCode, the row unchanged', async (c) => {
      const { code, changes, status, errorCode, fields } = c;
      const owner = listerOf(code);
      const listing = await created(owner, listingBody(code));
      await refusedPatch(owner, listing.id, changes, status, errorCode, fields);
    });

    it('a PATCH lowering the deposit below 10% keeps the stored deposit', async () => {
      const listing = await created(person, listingBody('LAND_CONTRACT', { depositFen: 250_000 }));
      await refusedPatch(person, listing.id, { depositFen: 90_000 }, 422, 'DEPOSIT_OUT_OF_RANGE');
      const [r] = await t.db.query('SELECT deposit_fen::text AS deposit FROM listings WHERE id = $1', [listing.id]);
      expect(r.deposit).toBe('250000');
      const got = await t.http.get(`/api/v1/listings/${listing.id}`).set('Authorization', person.auth).expect(200);
      expect(got.body.depositFen).toBe(250_000);
    });

    it('a valid PATCH recomputes the total (8 years instead of 5), in the body and in the database', async () => {
      const listing = await created(person, listingBody('LAND_CONTRACT'));
      const res = await patch(person, listing.id, { termYears: 8 });
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: 200,
        body: { termYears: 8, totalReservePriceFen: 8_000_000, status: 'DRAFT' },
      });
      expect(await storedTotal(listing.id)).toBe('8000000');
    });

    it('a valid PATCH to a per-mu price rounds half up: 1,350 × 1.15 mu × 1 year → 1,553', async () => {
      const listing = await created(person, listingBody('LAND_CONTRACT'));
      const res = await patch(person, listing.id, {
        priceUnit: 'PER_MU_PER_YEAR',
        reservePriceFen: 1_350,
        areaMu: 1.15,
        termYears: 1,
        incrementFen: 1,
        depositFen: 300,
      });
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: 200,
        body: { priceUnit: 'PER_MU_PER_YEAR', totalReservePriceFen: 1_553 },
      });
      expect(await storedTotal(listing.id)).toBe('1553');
    });

    it('another seller may not edit it (404 NOT_FOUND, row unchanged)', async () => {
      const listing = await created(person, listingBody('LAND_CONTRACT'));
      const stranger = await t.given.seller();
      await refusedPatch(stranger, listing.id, { depositFen: 250_000 }, 404, 'NOT_FOUND');
    });

    it('a RETURNED listing is re-validated on edit too', async () => {
      const { seller, listing } = await listings.submitted('LAND_CONTRACT', {}, person);
      const clerk = await t.given.clerk();
      await t.http
        .post(`/api/v1/listings/${listing.id}/review`)
        .set('Authorization', clerk.auth)
        .send({ decision: 'RETURN', comment: '保证金请调整' })
        .expect(200);
      await refusedPatch(seller, listing.id, { depositFen: 300_001 }, 422, 'DEPOSIT_OUT_OF_RANGE');
      const ok = await patch(seller, listing.id, { depositFen: 300_000 });
      expect({ status: ok.status, body: ok.body }).toMatchObject({
        status: 200,
        body: { status: 'RETURNED', depositFen: 300_000, totalReservePriceFen: 5_000_000 },
      });
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  describe('POST /listings/:id/submit checks the rules again', () => {
    async function draftWithDocuments(owner: Actor, body: Body) {
      const listing = await created(owner, body);
      for (const kind of ['OWNERSHIP_CERTIFICATE', 'RESOLUTION']) {
        const up = await listings.upload(owner, listing.id, kind);
        expect(up.status).toBe(201);
      }
      return listing;
    }

    async function submit(actor: Actor, id: string) {
      return t.http.post(`/api/v1/listings/${id}/submit`).set('Authorization', actor.auth);
    }

    async function statusOf(id: string): Promise<string> {
      const [r] = await t.db.query('SELECT status FROM listings WHERE id = $1', [id]);
      return r.status;
    }

    it('a valid draft with its documents is submitted', async () => {
      const listing = await draftWithDocuments(person, listingBody('LAND_CONTRACT'));
      const res = await submit(person, listing.id);
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { status: 'SUBMITTED' } });
      expect(await statusOf(listing.id)).toBe('SUBMITTED');
    });

    it.each<[string, CategoryCode, string, string]>([
      [
        'a deposit out of range',
        'LAND_CONTRACT',
        'UPDATE listings SET deposit_fen = 1 WHERE id = $1',
        'DEPOSIT_OUT_OF_RANGE',
      ],
      [
        'a right that now ends before the term',
        'LAND_CONTRACT',
        `UPDATE listings SET attributes = jsonb_set(attributes, '{rightEndsOn}', '"2027-01-01"') WHERE id = $1`,
        'TERM_EXCEEDS_RIGHT',
      ],
      [
        'a resolution below ⅔ of all eligible voters',
        'FOUR_WASTES',
        `UPDATE listings SET collective_resolution =
           '{"meetingDate":"2026-10-20","eligibleVoters":30,"attendees":15,"votesFor":12}'::jsonb WHERE id = $1`,
        'COLLECTIVE_RESOLUTION_INVALID',
      ],
      [
        'a term beyond the category maximum',
        'RURAL_HOUSING',
        'UPDATE listings SET term_years = 21, deposit_fen = 4200000 WHERE id = $1',
        'TERM_EXCEEDS_LIMIT',
      ],
    ])('a stored listing that has come to break a rule (%s) → 422, still DRAFT', async (_, code, sql, errorCode) => {
      const owner = listerOf(code);
      const listing = await draftWithDocuments(owner, listingBody(code));
      await t.db.query(sql, [listing.id]);
      const res = await submit(owner, listing.id);
      expectError(res, 422, errorCode);
      expect(await statusOf(listing.id)).toBe('DRAFT');
    });
  });
});
