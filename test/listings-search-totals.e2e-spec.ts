import { ListingFactory } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Search totals at a province's size (issue 14): `GET /listings` counts the matches exactly up to
 * SEARCH_EXACT_TOTAL_CAP (`totalIsEstimate: false`) and estimates beyond it (`totalIsEstimate: true`); here with a
 * cap of 3 over five announced 果园 listings, two of them also 水浇地 and three 大棚. A table this small is its own
 * whole sample, so the estimate comes out exact; the sampling itself is unit-tested (search-total.spec.ts).
 */

type Page = { items: { id: string }[]; total: number; totalIsEstimate: boolean; page: number; pageSize: number };

describe('listings: search totals, exact up to the cap and estimated beyond', () => {
  let t: TestContext;

  const search = async (query: string): Promise<Page> =>
    (await t.http.get(`/api/v1/listings?${query}`).expect(200)).body as Page;
  const q = (text: string) => `q=${encodeURIComponent(text)}`;

  beforeAll(async () => {
    t = await createTestApp({ SEARCH_EXACT_TOTAL_CAP: '3' });
    const listings = new ListingFactory(t.http, t.given);
    for (const title of ['水浇地果园一', '水浇地果园二', '大棚果园三', '大棚果园四', '大棚果园五']) {
      await listings.announced('LAND_CONTRACT', { title });
    }
  });

  afterAll(() => t.close());

  it('under the cap the total is exact, whether the page shows the end or is full', async () => {
    expect(await search(q('水浇地'))).toMatchObject({ total: 2, totalIsEstimate: false, page: 1, pageSize: 20 });
    // a full page: the total is counted (up to the cap)
    expect(await search(`${q('水浇地')}&pageSize=1`)).toMatchObject({ total: 2, totalIsEstimate: false });
    expect(await search(`${q('大棚')}&pageSize=1`)).toMatchObject({ total: 3, totalIsEstimate: false });
    expect(await search(`${q('葡萄园')}`)).toEqual({
      items: [],
      total: 0,
      totalIsEstimate: false,
      page: 1,
      pageSize: 20,
    });
  });

  it('over the cap the total is an estimate, more than the cap', async () => {
    const first = await search(`${q('果园')}&pageSize=2`);
    expect(first.items).toHaveLength(2);
    expect(first).toMatchObject({ total: 5, totalIsEstimate: true, page: 1, pageSize: 2 });
    expect(await search(`${q('果园')}&pageSize=2&page=2`)).toMatchObject({ total: 5, totalIsEstimate: true });
  });

  it('the last page shows where the matches end: its total is exact again', async () => {
    const last = await search(`${q('果园')}&pageSize=2&page=3`);
    expect(last.items).toHaveLength(1);
    expect(last).toMatchObject({ total: 5, totalIsEstimate: false });
  });

  it('a page past the end is empty, with the estimated total', async () => {
    expect(await search(`${q('果园')}&pageSize=2&page=10`)).toEqual({
      items: [],
      total: 5,
      totalIsEstimate: true,
      page: 10,
      pageSize: 2,
    });
    expect(await search(`${q('水浇地')}&page=10`)).toEqual({
      items: [],
      total: 2,
      totalIsEstimate: false,
      page: 10,
      pageSize: 20,
    });
  });

  it('an estimate too low never hides a page: a full page promises the next one', async () => {
    // the planner believes the table huge, so the sample (about 3,000 rows of it) sees no match: the estimate is
    // the floor, cap + 1 = 4, below the 5 matches
    await t.db.query(`UPDATE pg_class SET reltuples = 1e9 WHERE oid = 'listings'::regclass`);
    try {
      const seen: string[] = [];
      for (let page = 1; ; page++) {
        const body = await search(`${q('果园')}&pageSize=2&page=${page}`);
        seen.push(...body.items.map((i) => i.id));
        if (page >= Math.ceil(body.total / body.pageSize)) break;
      }
      expect(new Set(seen).size).toBe(5);
      expect(await search(`${q('果园')}&pageSize=2`)).toMatchObject({ total: 4, totalIsEstimate: true });
      expect(await search(`${q('果园')}&pageSize=2&page=2`)).toMatchObject({ total: 5, totalIsEstimate: true });
    } finally {
      await t.db.query('ANALYZE listings');
    }
  });

  it('the notice board says 约 when the total is an estimate, 共 when it is exact', async () => {
    const estimated = (await t.http.get(`/listings?${q('果园')}&pageSize=2`).expect(200)).text;
    expect(estimated).toContain('约 5 项，第 1 / 约 3 页');
    const exact = (await t.http.get(`/listings?${q('水浇地')}`).expect(200)).text;
    expect(exact).toContain('共 2 项');
    expect(exact).not.toContain('约 2 项');
  });
});
