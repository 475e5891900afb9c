import type { CategoryCode } from '../src/catalog/domain/category.types';
import { Actor } from './support/given';
import { ListingFactory, VALID_RESOLUTION } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Listing search and detail (API.md `GET /listings`, `GET /listings/:id`): who sees what, every filter, the sorts,
 * pagination, and no personal data in any answer.
 *
 * One fixture for the whole file (the database is this file's own): 11 listings in every status, 6 of them public.
 */

type Item = { id: string; status: string; totalReservePriceFen: number } & Record<string, unknown>;
type Page = { items: Item[]; total: number; totalIsEstimate: boolean; page: number; pageSize: number };

const PUBLIC_STATUSES = ['ANNOUNCED', 'BIDDING', 'SOLD', 'FAILED'];
const WEST = '130728100213'; // 西沙洼村, 柴沟堡镇 (130728100)
const EAST = '130728100214'; // 东沙洼村, 柴沟堡镇
const DILIUTUN = '130728201201'; // 第六屯村, 第六屯乡 (130728201)

describe('listings: search and detail', () => {
  let t: TestContext;
  let listings: ListingFactory;
  let clerk: Actor;
  let supervisor: Actor;
  let buyer: Actor;
  /** The farmer (PERSON) whose ID number and phone must never leak. */
  let farmer: Actor;
  let farmerIdNumber: string;
  let sellerB: Actor;
  let collective: Actor;
  let collectiveCreditCode: string;

  /** Every fixture listing by name, and the creation order. */
  const L: Record<string, Item> = {};
  const created: string[] = [];

  // ---- fixture helpers ------------------------------------------------------------------------------------------

  async function register(body: Record<string, unknown>): Promise<Actor> {
    await t.http.post('/api/v1/auth/register').send(body).expect(201);
    return t.given.login(body.phone as string);
  }

  const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

  /** A listing taken through the API up to `target` (a shared clerk reviews and publishes). */
  async function make(
    name: string,
    owner: Actor,
    target: 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'ANNOUNCED',
    overrides: Record<string, unknown> = {},
    { code = 'LAND_CONTRACT' as CategoryCode, endsInMinutes = 60 } = {},
  ): Promise<Item> {
    const { listing } = await listings.draft(code, overrides, owner);
    created.push(listing.id);
    let body = listing as unknown as Item;
    if (target !== 'DRAFT') {
      for (const kind of ['OWNERSHIP_CERTIFICATE', 'RESOLUTION']) {
        expect((await listings.upload(owner, listing.id, kind)).status).toBe(201);
      }
      body = (await t.http.post(`/api/v1/listings/${listing.id}/submit`).set('Authorization', owner.auth).expect(200))
        .body;
    }
    if (target === 'APPROVED' || target === 'ANNOUNCED') {
      body = (
        await t.http
          .post(`/api/v1/listings/${listing.id}/review`)
          .set('Authorization', clerk.auth)
          .send({ decision: 'APPROVE' })
          .expect(200)
      ).body;
      expect(body.status).toBe('APPROVED');
    }
    if (target === 'ANNOUNCED') {
      body = (
        await t.http
          .post(`/api/v1/listings/${listing.id}/publish`)
          .set('Authorization', clerk.auth)
          .send({ announcementEndsAt: inMinutes(endsInMinutes) })
          .expect(200)
      ).body;
    }
    L[name] = body;
    return body;
  }

  /**
   * The platform's own moves after the announcement (bidding opens, the round fails, a deal is struck) are not
   * built yet: these put an announced listing in BIDDING, FAILED or SOLD directly in the database, with deadlines
   * that fit the status.
   */
  async function forceStatusBecauseAuctionIsNotBuiltYet(name: string, status: 'BIDDING' | 'FAILED' | 'SOLD') {
    const sql =
      status === 'BIDDING'
        ? `UPDATE listings SET status = 'BIDDING', announcement_ends_at = now() - interval '10 minutes',
             bidding_starts_at = now() - interval '10 minutes', bidding_ends_at = now() + interval '30 minutes'
           WHERE id = $1`
        : `UPDATE listings SET status = '${status}', announcement_ends_at = now() - interval '2 days',
             bidding_starts_at = now() - interval '2 days', bidding_ends_at = now() - interval '47 hours'
           WHERE id = $1`;
    await t.db.query(sql, [L[name].id]);
    L[name] = { ...L[name], status };
  }

  const search = async (actor: Actor | undefined, query = ''): Promise<Page> => {
    const req = t.http.get(`/api/v1/listings${query ? `?${query}` : ''}`);
    if (actor) void req.set('Authorization', actor.auth);
    const res = await req;
    expect(res.status).toBe(200);
    return res.body as Page;
  };
  const ids = (page: Page): string[] => page.items.map((i) => i.id);
  const idsOf = (...names: string[]): string[] => names.map((n) => L[n].id);
  const sameSet = (actual: string[], expected: string[]) => expect([...actual].sort()).toEqual([...expected].sort());

  const PUBLIC = ['water', 'dry', 'forest', 'failed', 'bidding', 'sold'];
  const FARMER_PRIVATE = ['waterDraft', 'withdrawn', 'approved'];
  const B_PRIVATE = ['underReview', 'rejected'];

  beforeAll(async () => {
    t = await createTestApp();
    listings = new ListingFactory(t.http, t.given);
    clerk = await t.given.clerk();
    supervisor = await t.given.supervisor();
    buyer = await t.given.buyer();
    const farmerBody = t.given.registrationBody('PERSON', ['seller']);
    farmerIdNumber = farmerBody.idNumber as string;
    farmer = await register(farmerBody);
    sellerB = await t.given.seller();
    const collectiveBody: Record<string, unknown> = {
      ...t.given.registrationBody('COLLECTIVE', ['seller']),
      villageCode: DILIUTUN,
    };
    collectiveCreditCode = collectiveBody.creditCode as string;
    collective = await register(collectiveBody);

    // totals (public): dry 3,000,000 < failed 4,000,000 < water 5,000,000 < sold 6,000,000 < bidding 7,000,000
    // < forest 10,000,000 fen
    await make(
      'water',
      farmer,
      'ANNOUNCED',
      {
        villageCode: WEST,
        title: '西沙洼村25.5亩水浇地经营权出租',
        description: '地块平整，机井配套，适合种植玉米',
      },
      { endsInMinutes: 180 },
    );
    await make(
      'dry',
      sellerB,
      'ANNOUNCED',
      {
        title: '东沙洼村旱地出租',
        description: '坡度平缓，适合种植谷子和马铃薯',
        villageCode: EAST,
        reservePriceFen: 600_000,
        depositFen: 120_000,
      },
      { endsInMinutes: 60 },
    );
    await make(
      'forest',
      collective,
      'ANNOUNCED',
      {
        title: '第六屯村集体林地经营权出租',
        description: '油松、杨树混交林',
        villageCode: DILIUTUN,
        reservePriceFen: 2_000_000,
        depositFen: 400_000,
        collectiveResolution: VALID_RESOLUTION,
      },
      { code: 'FOREST', endsInMinutes: 120 },
    );
    await make('failed', farmer, 'ANNOUNCED', { title: '西沙洼村坡耕地出租', reservePriceFen: 800_000 });
    await forceStatusBecauseAuctionIsNotBuiltYet('failed', 'FAILED');
    await make('bidding', sellerB, 'ANNOUNCED', { title: '西沙洼村河滩地出租', reservePriceFen: 1_400_000 });
    await forceStatusBecauseAuctionIsNotBuiltYet('bidding', 'BIDDING');
    await make('sold', sellerB, 'ANNOUNCED', { title: '西沙洼村沟坝地出租', reservePriceFen: 1_200_000 });
    await forceStatusBecauseAuctionIsNotBuiltYet('sold', 'SOLD');

    await make('waterDraft', farmer, 'DRAFT', { title: '西沙洼村水浇地（草稿）' });
    await make('withdrawn', farmer, 'DRAFT', { title: '西沙洼村菜地（已撤回）' });
    await t.http
      .post(`/api/v1/listings/${L.withdrawn.id}/withdraw`)
      .set('Authorization', farmer.auth)
      .send({ reason: '暂不流转' })
      .expect(200);
    await make('approved', farmer, 'APPROVED', { title: '西沙洼村果园地（待公告）' });
    await make('underReview', sellerB, 'SUBMITTED', { title: '东沙洼村承包地（审核中）', villageCode: EAST });
    await make('rejected', sellerB, 'SUBMITTED', { title: '东沙洼村林下地（不予受理）' });
    await t.http
      .post(`/api/v1/listings/${L.rejected.id}/review`)
      .set('Authorization', clerk.auth)
      .send({ decision: 'REJECT', comment: '权属不清' })
      .expect(200);
  });
  afterAll(() => t.close());

  // ---- who sees what --------------------------------------------------------------------------------------------

  describe('visibility', () => {
    it('anonymous callers see only ANNOUNCED, BIDDING, SOLD and FAILED listings', async () => {
      const page = await search(undefined, 'pageSize=100');
      sameSet(ids(page), idsOf(...PUBLIC));
      expect(page.total).toBe(PUBLIC.length);
      for (const item of page.items) expect(PUBLIC_STATUSES).toContain(item.status);
      expect(new Set(page.items.map((i) => i.status))).toEqual(new Set(PUBLIC_STATUSES));
    });

    it('an owner also sees their own listings in every status, never another seller’s private ones', async () => {
      const mine = await search(farmer, 'pageSize=100');
      sameSet(ids(mine), idsOf(...PUBLIC, ...FARMER_PRIVATE));
      expect(mine.total).toBe(PUBLIC.length + FARMER_PRIVATE.length);
      const theirs = await search(sellerB, 'pageSize=100');
      sameSet(ids(theirs), idsOf(...PUBLIC, ...B_PRIVATE));
    });

    it('a buyer sees what the public sees', async () => {
      sameSet(ids(await search(buyer, 'pageSize=100')), idsOf(...PUBLIC));
    });

    it('staff (clerk, supervisor) see every listing', async () => {
      for (const actor of [clerk, supervisor]) {
        const page = await search(actor, 'pageSize=100');
        sameSet(ids(page), idsOf(...PUBLIC, ...FARMER_PRIVATE, ...B_PRIVATE));
        expect(page.total).toBe(11);
      }
    });

    it('a broken token on this public endpoint does not widen the view', async () => {
      const res = await t.http
        .get('/api/v1/listings?pageSize=100')
        .set('Authorization', 'Bearer not.a.token')
        .expect(200);
      sameSet(ids(res.body), idsOf(...PUBLIC));
    });
  });

  // ---- filters --------------------------------------------------------------------------------------------------

  describe('filters', () => {
    it('category', async () => {
      sameSet(ids(await search(undefined, 'category=FOREST')), idsOf('forest'));
      sameSet(
        ids(await search(undefined, 'category=LAND_CONTRACT')),
        idsOf('water', 'dry', 'failed', 'bidding', 'sold'),
      );
      expect((await search(undefined, 'category=AGRI_IP')).total).toBe(0);
    });

    it('township (9 digits)', async () => {
      sameSet(ids(await search(undefined, 'township=130728100')), idsOf('water', 'dry', 'failed', 'bidding', 'sold'));
      sameSet(ids(await search(undefined, 'township=130728201')), idsOf('forest'));
      expect((await search(undefined, 'township=130728206')).total).toBe(0);
    });

    it('village (12 digits)', async () => {
      sameSet(ids(await search(undefined, `village=${EAST}`)), idsOf('dry'));
      sameSet(ids(await search(undefined, `village=${WEST}`)), idsOf('water', 'failed', 'bidding', 'sold'));
      sameSet(
        ids(await search(farmer, `village=${WEST}`)),
        idsOf('water', 'failed', 'bidding', 'sold', ...FARMER_PRIVATE),
      );
      sameSet(ids(await search(sellerB, `village=${EAST}`)), idsOf('dry', 'underReview'));
      sameSet(ids(await search(undefined, `village=${DILIUTUN}`)), idsOf('forest'));
    });

    it('status, within what the caller may see', async () => {
      sameSet(ids(await search(undefined, 'status=ANNOUNCED')), idsOf('water', 'dry', 'forest'));
      sameSet(ids(await search(undefined, 'status=FAILED')), idsOf('failed'));
      sameSet(ids(await search(undefined, 'status=BIDDING')), idsOf('bidding'));
      sameSet(ids(await search(undefined, 'status=SOLD')), idsOf('sold'));
      expect(await search(undefined, 'status=DRAFT')).toMatchObject({ items: [], total: 0 });
      expect((await search(sellerB, 'status=DRAFT')).total).toBe(0);
      sameSet(ids(await search(farmer, 'status=DRAFT')), idsOf('waterDraft'));
      sameSet(ids(await search(clerk, 'status=SUBMITTED')), idsOf('underReview'));
      sameSet(ids(await search(clerk, 'status=REJECTED')), idsOf('rejected'));
      sameSet(ids(await search(farmer, 'status=WITHDRAWN')), idsOf('withdrawn'));
    });

    it('q: a Chinese substring of the title or the description', async () => {
      const q = (text: string) => `q=${encodeURIComponent(text)}`;
      sameSet(ids(await search(undefined, q('水浇地'))), idsOf('water'));
      sameSet(ids(await search(farmer, q('水浇地'))), idsOf('water', 'waterDraft'));
      sameSet(ids(await search(clerk, q('水浇地'))), idsOf('water', 'waterDraft'));
      // in the description only
      sameSet(ids(await search(undefined, q('马铃薯'))), idsOf('dry'));
      sameSet(ids(await search(undefined, q('油松'))), idsOf('forest'));
      // a substring inside a word, and combined with another filter
      sameSet(ids(await search(undefined, q('沙洼'))), idsOf('water', 'dry', 'failed', 'bidding', 'sold'));
      sameSet(ids(await search(undefined, `${q('沙洼')}&status=ANNOUNCED`)), idsOf('water', 'dry'));
      expect((await search(undefined, q('葡萄园'))).total).toBe(0);
      // LIKE wildcards are plain characters
      expect((await search(undefined, q('%'))).total).toBe(0);
      expect((await search(undefined, q('_'))).total).toBe(0);
    });

    it('minPriceFen / maxPriceFen on the total reserve value, bounds included', async () => {
      const totals = Object.fromEntries(PUBLIC.map((n) => [n, L[n].totalReservePriceFen]));
      expect(totals).toEqual({
        dry: 3_000_000,
        failed: 4_000_000,
        water: 5_000_000,
        sold: 6_000_000,
        bidding: 7_000_000,
        forest: 10_000_000,
      });
      sameSet(
        ids(await search(undefined, 'minPriceFen=5000000&maxPriceFen=7000000')),
        idsOf('water', 'sold', 'bidding'),
      );
      sameSet(ids(await search(undefined, 'minPriceFen=7000001')), idsOf('forest'));
      sameSet(ids(await search(undefined, 'maxPriceFen=3999999')), idsOf('dry'));
      expect((await search(undefined, 'minPriceFen=10000001')).total).toBe(0);
    });

    it.each([
      'category=TOMATOES',
      'township=13072810',
      'township=1307281000',
      'township=abcdefghi',
      'village=1307281002',
      'status=OPEN',
      'minPriceFen=-1',
      'maxPriceFen=abc',
      'minPriceFen=1.5',
      'sort=cheapest',
      'color=red',
    ])('a bad query (%s) is 400', async (query) => {
      const res = await t.http.get(`/api/v1/listings?${query}`).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  // ---- sorting --------------------------------------------------------------------------------------------------

  describe('sort', () => {
    it('newest: most recently created first', async () => {
      const page = await search(undefined, 'sort=newest&pageSize=100');
      const publicIds = new Set(idsOf(...PUBLIC));
      const expected = [...created].reverse().filter((id) => publicIds.has(id));
      expect(ids(page)).toEqual(expected);
    });

    it('price: by total reserve value, lowest first', async () => {
      const page = await search(undefined, 'sort=price&pageSize=100');
      expect(ids(page)).toEqual(idsOf('dry', 'failed', 'water', 'sold', 'bidding', 'forest'));
    });

    it('endingSoon: the open listings by their nearest deadline (bidding end, else announcement end)', async () => {
      const announced = await search(undefined, 'sort=endingSoon&status=ANNOUNCED');
      expect(ids(announced)).toEqual(idsOf('dry', 'forest', 'water'));
      const all = ids(await search(undefined, 'sort=endingSoon&pageSize=100'));
      const open = idsOf('bidding', 'dry', 'forest', 'water').map((id) => all.indexOf(id));
      expect(open.every((index) => index >= 0)).toBe(true);
      expect(open).toEqual([...open].sort((a, b) => a - b));
    });
  });

  // ---- pagination -----------------------------------------------------------------------------------------------

  describe('pagination', () => {
    it('{ items, total, page, pageSize }: the pages partition the result; a page past the end is empty', async () => {
      const seen: string[] = [];
      for (const page of [1, 2, 3]) {
        const res = await search(undefined, `sort=price&pageSize=2&page=${page}`);
        expect(res).toMatchObject({ total: 6, page, pageSize: 2 });
        expect(res.items).toHaveLength(2);
        seen.push(...ids(res));
      }
      expect(seen).toEqual(idsOf('dry', 'failed', 'water', 'sold', 'bidding', 'forest'));
      expect(await search(undefined, 'sort=price&pageSize=2&page=4')).toEqual({
        items: [],
        total: 6,
        totalIsEstimate: false, // exact up to SEARCH_EXACT_TOTAL_CAP (listings-search-totals.e2e-spec.ts)
        page: 4,
        pageSize: 2,
      });
      expect(await search(undefined, 'page=1000')).toEqual({
        items: [],
        total: 6,
        totalIsEstimate: false,
        page: 1000,
        pageSize: 20,
      });
    });

    it('defaults to page 1 of 20; 100 is the largest page', async () => {
      expect(await search(undefined)).toMatchObject({ total: 6, page: 1, pageSize: 20 });
      expect((await search(clerk, 'pageSize=100')).items).toHaveLength(11);
    });

    it.each(['pageSize=101', 'pageSize=0', 'page=0', 'page=-1', 'page=abc', 'pageSize=2.5'])(
      'a bad page or pageSize (%s) is 400',
      async (query) => {
        const res = await t.http.get(`/api/v1/listings?${query}`).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      },
    );
  });

  // ---- detail ---------------------------------------------------------------------------------------------------

  describe('GET /listings/:id', () => {
    it('another user’s draft (or listing under review) is 404, to anyone but its owner and staff', async () => {
      for (const actor of [undefined, sellerB, buyer]) {
        const req = t.http.get(`/api/v1/listings/${L.waterDraft.id}`);
        if (actor) void req.set('Authorization', actor.auth);
        const res = await req.expect(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      await t.http.get(`/api/v1/listings/${L.underReview.id}`).set('Authorization', farmer.auth).expect(404);
      await t.http.get(`/api/v1/listings/${L.underReview.id}`).expect(404);
      const own = await t.http.get(`/api/v1/listings/${L.waterDraft.id}`).set('Authorization', farmer.auth).expect(200);
      expect(own.body).toMatchObject({ id: L.waterDraft.id, status: 'DRAFT', ownerId: farmer.id });
      for (const staff of [clerk, supervisor]) {
        const res = await t.http
          .get(`/api/v1/listings/${L.waterDraft.id}`)
          .set('Authorization', staff.auth)
          .expect(200);
        expect(res.body).toMatchObject({ status: 'DRAFT', ownerId: farmer.id });
      }
    });

    it('a public listing is 200 to anyone, without ownerId', async () => {
      for (const name of ['water', 'failed', 'bidding', 'sold']) {
        const res = await t.http.get(`/api/v1/listings/${L[name].id}`).expect(200);
        expect(res.body).toMatchObject({ id: L[name].id, status: L[name].status, listingNo: L[name].listingNo });
        expect(res.body).not.toHaveProperty('ownerId');
      }
      const other = await t.http.get(`/api/v1/listings/${L.water.id}`).set('Authorization', sellerB.auth).expect(200);
      expect(other.body).not.toHaveProperty('ownerId');
    });

    it('an unknown id is 404, a malformed one 400', async () => {
      const missing = await t.http.get('/api/v1/listings/00000000-0000-4000-8000-000000000000').expect(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      for (const bad of ['not-a-uuid', '123', "1'--"]) {
        const res = await t.http.get(`/api/v1/listings/${encodeURIComponent(bad)}`).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  // ---- personal data --------------------------------------------------------------------------------------------

  describe('personal data', () => {
    it('no answer carries the lister’s ID number or credit code; none but the person and staff shows the phone', async () => {
      const bodies: { who: string; body: unknown; mayShowPhone: boolean }[] = [];
      const as = async (who: string, actor: Actor | undefined, path: string, mayShowPhone = false) => {
        const req = t.http.get(`/api/v1${path}`);
        if (actor) void req.set('Authorization', actor.auth);
        bodies.push({ who, body: (await req.expect(200)).body, mayShowPhone });
      };
      await as('anonymous search', undefined, '/listings?pageSize=100');
      await as('buyer search', buyer, '/listings?pageSize=100');
      await as('other seller search', sellerB, '/listings?pageSize=100');
      await as('owner search', farmer, '/listings?pageSize=100', true);
      await as('clerk search', clerk, '/listings?pageSize=100', true);
      for (const name of ['water', 'forest']) {
        await as(`anonymous ${name}`, undefined, `/listings/${L[name].id}`);
        await as(`other seller ${name}`, sellerB, `/listings/${L[name].id}`);
        await as(`clerk ${name}`, clerk, `/listings/${L[name].id}`, true);
        await as(`anonymous ${name} documents`, undefined, `/listings/${L[name].id}/documents`);
      }
      await as('owner water', farmer, `/listings/${L.water.id}`, true);
      await as('owner draft', farmer, `/listings/${L.waterDraft.id}`, true);
      await as('collective forest', collective, `/listings/${L.forest.id}`, true);

      for (const { who, body, mayShowPhone } of bodies) {
        const text = JSON.stringify(body);
        expect({ who, leaksIdNumber: text.includes(farmerIdNumber) }).toEqual({ who, leaksIdNumber: false });
        expect({ who, leaksCreditCode: text.includes(collectiveCreditCode) }).toEqual({
          who,
          leaksCreditCode: false,
        });
        if (!mayShowPhone) {
          for (const phone of [farmer.phone, collective.phone, sellerB.phone]) {
            expect({ who, leaksPhone: text.includes(phone) }).toEqual({ who, leaksPhone: false });
          }
        }
      }
    });
  });
});
