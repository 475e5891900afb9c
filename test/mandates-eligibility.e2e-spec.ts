import { expectError, fieldsOf } from './support/errors';
import { Actor } from './support/given';
import { ListingFactory, listingBody, VALID_RESOLUTION } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Who may list and who may buy (issue 11 item 3; DOMAIN.md §1 `LAND_CONTRACT`, API.md "Registers and
 * interventions"): a collective lists its households' land only on their written mandates (委托流转: `MANDATE`
 * documents and the households' areas adding up to the listing's), and a transfer of the contracting right itself
 * (转让) admits only households of the same village.
 */

const url = (path: string) => `/api/v1${path}`;
const VILLAGE = '130728100213'; // 西沙洼村
const OTHER_VILLAGE = '130728100214'; // 东沙洼村

const HOUSEHOLDS = [
  { name: '王建国', areaMu: 12.5 },
  { name: '李秀英', areaMu: 20 },
  { name: '张 伟', areaMu: 17.5 },
];

describe('委托流转: a collective listing its households’ land', () => {
  let t: TestContext;
  let factory: ListingFactory;
  let collective: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    factory = new ListingFactory(t.http, t.given);
    collective = await t.given.collective(VILLAGE);
  });
  afterAll(() => t.close());

  // a collective lists on its members' resolution (a farmer needs none)
  const create = (actor: Actor, overrides: Record<string, unknown>) =>
    t.http
      .post(url('/listings'))
      .set('Authorization', actor.auth)
      .send(listingBody('LAND_CONTRACT', { collectiveResolution: VALID_RESOLUTION, ...overrides }));

  it('needs the households, each with an area, adding up to the listing’s area', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ onBehalfOfHouseholds: true, areaMu: 50 }, 'households'],
      [{ onBehalfOfHouseholds: true, areaMu: 50, households: [] }, 'households'],
      [{ onBehalfOfHouseholds: true, areaMu: 50.01, households: HOUSEHOLDS }, 'households'],
      [{ onBehalfOfHouseholds: true, areaMu: 50, households: [{ name: '王建国', areaMu: 0 }] }, 'households[0].areaMu'],
      [{ onBehalfOfHouseholds: true, areaMu: 50, households: [{ name: '', areaMu: 50 }] }, 'households[0].name'],
      [{ onBehalfOfHouseholds: true, areaMu: 50, households: [{ name: '王', areaMu: 1.234 }] }, 'households[0].areaMu'],
      [{ onBehalfOfHouseholds: 'yes', areaMu: 50 }, 'onBehalfOfHouseholds'],
      [{ areaMu: 50, households: HOUSEHOLDS }, 'households'],
    ];
    for (const [overrides, field] of bad) {
      const res = await create(collective, overrides);
      expectError(res, 400, 'VALIDATION_FAILED');
      // the field is named (a household's field as households[i].field)
      expect({ overrides, fields: fieldsOf(res) }).toEqual({ overrides, fields: expect.arrayContaining([field]) });
    }
    // a farmer lists only his own land; only LAND_CONTRACT is listed on mandates
    const farmer = await t.given.seller();
    const byFarmer = await create(farmer, {
      onBehalfOfHouseholds: true,
      areaMu: 50,
      households: HOUSEHOLDS,
      collectiveResolution: undefined,
    });
    expectError(byFarmer, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(byFarmer)).toEqual(['onBehalfOfHouseholds']);
    const forest = await t.http
      .post(url('/listings'))
      .set('Authorization', collective.auth)
      .send(listingBody('FOREST', { onBehalfOfHouseholds: true, households: HOUSEHOLDS }));
    expectError(forest, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(forest)).toContain('onBehalfOfHouseholds');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM listings WHERE on_behalf_of_households`))[0].n).toBe(0);
  });

  it('is submitted only with a MANDATE document; the households are shown to the owner and staff only', async () => {
    const created = await create(collective, { onBehalfOfHouseholds: true, areaMu: 50, households: HOUSEHOLDS }).expect(
      201,
    );
    expect(created.body).toMatchObject({ onBehalfOfHouseholds: true, householdCount: 3, households: HOUSEHOLDS });
    const id = created.body.id as string;
    for (const kind of ['OWNERSHIP_CERTIFICATE', 'RESOLUTION']) {
      await factory.upload(collective, id, kind).expect(201);
    }
    const missing = await t.http.post(url(`/listings/${id}/submit`)).set('Authorization', collective.auth);
    expectError(missing, 422, 'DOCUMENT_MISSING');
    expect(missing.body.message).toContain('MANDATE');
    await factory.upload(collective, id, 'MANDATE').expect(201);
    await t.http
      .post(url(`/listings/${id}/submit`))
      .set('Authorization', collective.auth)
      .expect(200);

    // an edit keeps the sum checked
    const clerk = await t.given.clerk();
    await t.http
      .post(url(`/listings/${id}/review`))
      .set('Authorization', clerk.auth)
      .send({ decision: 'RETURN', comment: '请补充委托书' })
      .expect(200);
    const edit = await t.http
      .patch(url(`/listings/${id}`))
      .set('Authorization', collective.auth)
      .send({ households: HOUSEHOLDS.slice(0, 2) });
    expectError(edit, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(edit)).toEqual(['households']);
    await t.http
      .patch(url(`/listings/${id}`))
      .set('Authorization', collective.auth)
      .send({ households: HOUSEHOLDS.slice(0, 2), areaMu: 32.5 })
      .expect(200);
    const [row] = await t.db.query(`SELECT households, area_mu FROM listings WHERE id = $1`, [id]);
    expect(row).toEqual({ households: HOUSEHOLDS.slice(0, 2), area_mu: '32.50' });

    // staff see the households; the public sees that it is a mandate listing and how many households
    const staffView = await t.http
      .get(url(`/listings/${id}`))
      .set('Authorization', clerk.auth)
      .expect(200);
    expect(staffView.body.households).toEqual(HOUSEHOLDS.slice(0, 2));
    await t.http
      .post(url(`/listings/${id}/submit`))
      .set('Authorization', collective.auth)
      .expect(200);
    const approved = await t.http
      .post(url(`/listings/${id}/review`))
      .set('Authorization', clerk.auth)
      .send({ decision: 'APPROVE' })
      .expect(200);
    expect(approved.body.status).toBe('APPROVED');
    await t.http
      .post(url(`/listings/${id}/publish`))
      .set('Authorization', clerk.auth)
      .send({ announcementEndsAt: new Date(Date.now() + 3600_000).toISOString() })
      .expect(200);
    const publicView = await t.http.get(url(`/listings/${id}`)).expect(200);
    expect(publicView.body).toMatchObject({ onBehalfOfHouseholds: true, householdCount: 2 });
    expect(publicView.body.households).toBeUndefined();
    expect(JSON.stringify(publicView.body)).not.toContain('王建国');
    // the mandates are private documents: the public list does not show them
    const docs = await t.http.get(url(`/listings/${id}/documents`)).expect(200);
    expect(docs.body.items.map((d: { kind: string }) => d.kind)).not.toContain('MANDATE');
    const staffDocs = await t.http
      .get(url(`/listings/${id}/documents`))
      .set('Authorization', clerk.auth)
      .expect(200);
    expect(staffDocs.body.items.map((d: { kind: string }) => d.kind)).toContain('MANDATE');
  });

  it('a listing of the collective’s own land (机动地) needs no mandate', async () => {
    const { listing } = await factory.submitted(
      'LAND_CONTRACT',
      { collectiveResolution: VALID_RESOLUTION },
      collective,
    );
    expect(listing).toMatchObject({ status: 'SUBMITTED', onBehalfOfHouseholds: false, householdCount: 0 });
  });
});

describe('转让 of the contracting right: only households of the same village may buy', () => {
  let t: TestContext;
  let factory: ListingFactory;

  beforeAll(async () => {
    t = await createTestApp();
    factory = new ListingFactory(t.http, t.given);
  });
  afterAll(() => t.close());

  const register = (listingId: string, actor: Actor) =>
    t.http
      .post(url(`/listings/${listingId}/registrations`))
      .set('Authorization', actor.auth)
      .send({});

  it('refuses other villages’ households and organizations with 403 NOT_ELIGIBLE, admits a neighbour', async () => {
    const { listing } = await factory.announced('LAND_CONTRACT', { transferMode: 'TRANSFER', villageCode: VILLAGE });
    expect(listing.transferMode).toBe('TRANSFER');
    const neighbour = await t.given.party('PERSON', ['buyer'], { villageCode: VILLAGE });
    const outsider = await t.given.party('PERSON', ['buyer'], { villageCode: OTHER_VILLAGE });
    const nowhere = await t.given.buyer('PERSON');
    const company = await t.given.buyer('ORGANIZATION');
    for (const buyer of [outsider, nowhere, company]) {
      expectError(await register(listing.id, buyer), 403, 'NOT_ELIGIBLE');
    }
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM registrations WHERE listing_id = $1`, [listing.id]))[0].n,
    ).toBe(0);
    const ok = await register(listing.id, neighbour).expect(201);
    expect(ok.body.status).toBe('PENDING');
  });

  it('admits anyone to a lease of the same land', async () => {
    const { listing } = await factory.announced('LAND_CONTRACT', { transferMode: 'LEASE', villageCode: VILLAGE });
    await register(listing.id, await t.given.buyer('ORGANIZATION')).expect(201);
    await register(listing.id, await t.given.party('PERSON', ['buyer'], { villageCode: OTHER_VILLAGE })).expect(201);
  });
});
