import request from 'supertest';
import type { BrowserContext, Page } from 'playwright-core';
import { createWebTestApp, expectSoundPage, newVisitor, WebTestContext } from './support/browser';
import { singleBidderDeal, TestClock } from './support/clock';
import type { DealFixture } from './support/deals';
import type { Actor } from './support/given';
import { TEST_PASSWORD } from './support/given';

type SessionState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** A deal's listing number (挂牌编号). */
const noOf = (f: DealFixture): string => String(f.listing.listingNo);

/**
 * The supervisor desk (issue 13 item 3): `/desk/supervisor` (the year's figures and charts, the ledger's and the
 * audit chain's verification, the anomalies) and `/desk/supervisor/audit` (the audit trail, filtered and paged).
 */
describe('the supervisor desk', () => {
  let t: WebTestContext;
  let supervisor: Actor;
  let buyer: Actor;
  let first: DealFixture;
  let lowTender: DealFixture;
  let objected: DealFixture;
  let objectionId: string;
  let session: SessionState;

  beforeAll(async () => {
    t = await createWebTestApp({ TEST_CLOCK: 'true' });
    const clock = new TestClock(t, await t.given.admin());
    await clock.moveTo('2027-03-01');
    buyer = await t.given.buyer();
    // one buyer, two single-bidder deals → a repeated single-bidder win
    first = await singleBidderDeal(t, clock, {
      code: 'LAND_CONTRACT',
      buyer,
      announcementEndsAt: TestClock.china('2027-03-03'),
    });
    // a procurement won at 60 % of its ceiling → an abnormally low tender (no sale can go below its reserve)
    lowTender = await singleBidderDeal(t, clock, {
      code: 'AGRI_PROJECT',
      overrides: { reservePriceFen: 5_000_000 },
      buyerType: 'ORGANIZATION',
      offerFen: 3_000_000,
      announcementEndsAt: TestClock.china('2027-03-05'),
    });
    objected = await singleBidderDeal(t, clock, {
      code: 'LAND_CONTRACT',
      buyer,
      announcementEndsAt: TestClock.china('2027-03-08'),
    });
    // an objection to the last deal, upheld by the clerk
    const stranger = await t.given.buyer();
    const raised = await t.http
      .post(`/api/v1/deals/${objected.deal.id}/objections`)
      .set('Authorization', stranger.auth)
      .send({ reason: '受让方与村干部存在利害关系<script>' })
      .expect(201);
    objectionId = raised.body.id;
    await t.http
      .post(`/api/v1/objections/${objectionId}/resolve`)
      .set('Authorization', objected.clerk.auth)
      .send({ upheld: true, comment: '经核实异议成立' })
      .expect(200);
    supervisor = await t.given.supervisor();
    session = await signedIn(supervisor.phone);
  }, 120_000);
  afterAll(() => t.close());

  /** Signs in through /login in a browser; returns the session (cookies) for other contexts. */
  async function signedIn(phone: string): Promise<SessionState> {
    const visitor = await newVisitor(t);
    try {
      const page = await visitor.newPage();
      await page.goto('/login?next=/me');
      await page.getByLabel('手机号').fill(phone);
      await page.getByLabel('密码').fill(TEST_PASSWORD);
      await Promise.all([page.waitForURL('**/me'), page.getByRole('button', { name: '登录' }).click()]);
      return await visitor.storageState();
    } finally {
      await visitor.close();
    }
  }

  /** A browser context with the session's cookies (one person, as `newVisitor` makes them). */
  async function contextOf(state: SessionState): Promise<BrowserContext> {
    const visitor = await newVisitor(t);
    await visitor.addCookies(state.cookies);
    return visitor;
  }

  const expectSoundSignedInPage = (state: SessionState, path: string) => expectSoundPage(t, path, state.cookies);

  async function open(path: string): Promise<{ page: Page; close: () => Promise<void>; status?: number }> {
    const visitor = await contextOf(session);
    const page = await visitor.newPage();
    const res = await page.goto(path);
    return { page, status: res?.status(), close: () => visitor.close() };
  }

  async function rowsOf(page: Page, selector: string): Promise<string[]> {
    return page.locator(`${selector} tbody tr`).allTextContents();
  }

  it('both pages are sound for a signed-in supervisor', async () => {
    await expectSoundSignedInPage(session, '/desk/supervisor');
    await expectSoundSignedInPage(session, '/desk/supervisor/audit');
    await expectSoundSignedInPage(session, '/desk/supervisor/audit?action=listing&page=2');
  });

  it('shows both verifications 正常, the year and the anomalies with links', async () => {
    const { page, status, close } = await open('/desk/supervisor');
    try {
      expect(status).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('监管工作台');
      expect(await page.locator('#check-ledger td').first().textContent()).toBe('正常');
      expect(await page.locator('#check-audit td').first().textContent()).toBe('正常');
      expect(await page.locator('#totals-h').textContent()).toBe('2027年合计');
      expect(await page.locator('img[src^="/stats/charts/"]').count()).toBe(3);

      const low = await rowsOf(page, '#low-price');
      expect(low).toHaveLength(1);
      expect(low[0]).toContain(noOf(lowTender));
      expect(low[0]).toContain('异常低价中标');
      expect(low[0]).toContain('60%');
      expect(await page.locator(`#low-price a[href="/listings/${encodeURIComponent(noOf(lowTender))}"]`).count()).toBe(
        1,
      );

      const single = await rowsOf(page, '#single-bidder');
      expect(single).toHaveLength(1);
      expect(single[0]).toContain(buyer.name);
      expect(single[0]).toContain('2');
      for (const f of [first, objected]) {
        expect(await page.locator(`#single-bidder a[href="/listings/${encodeURIComponent(noOf(f))}"]`).count()).toBe(1);
      }

      const upheld = await rowsOf(page, '#objections-upheld');
      expect(upheld).toHaveLength(1);
      expect(upheld[0]).toContain(noOf(objected));
      expect(upheld[0]).toContain('受让方与村干部存在利害关系<script>'); // escaped: shown as text
      expect(upheld[0]).toContain('经核实异议成立');
      expect(await page.locator('#objections-upheld a').getAttribute('href')).toBe(
        `/listings/${encodeURIComponent(noOf(objected))}`,
      );
    } finally {
      await close();
    }
  });

  it('the audit browser filters by action and by entity id, newest first', async () => {
    const byAction = await open('/desk/supervisor/audit?action=OBJECTION.RES');
    try {
      const rows = await rowsOf(byAction.page, 'table.audit');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('deal.objection.resolved');
      expect(rows[0]).toContain('OPEN → UPHELD');
      expect(rows[0]).toContain(objected.clerk.name);
      expect(await byAction.page.getByLabel('操作（部分文字）').inputValue()).toBe('OBJECTION.RES');
    } finally {
      await byAction.close();
    }
    const byEntity = await open(`/desk/supervisor/audit?entityId=${objectionId}`);
    try {
      const rows = await rowsOf(byEntity.page, 'table.audit');
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain('deal.objection.resolved'); // newest first
      expect(rows[1]).toContain('deal.objection.raised');
      expect(rows[1]).toContain('reason: 受让方与村干部存在利害关系<script>');
    } finally {
      await byEntity.close();
    }
    // a malformed actor id is shown next to its field, nothing listed
    const bad = await open('/desk/supervisor/audit?actorId=nope');
    try {
      expect(bad.status).toBe(400);
      expect(await bad.page.locator('#actorId-error').textContent()).toContain('格式不正确');
      expect(await bad.page.getByLabel('操作人编号').getAttribute('aria-describedby')).toBe('actorId-error');
    } finally {
      await bad.close();
    }
  });

  it('the audit browser pages on the server, keeping the filters', async () => {
    const all = await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action ILIKE '%listing%'`);
    const total: number = all[0].n;
    expect(total).toBeGreaterThan(20);
    const one = await open('/desk/supervisor/audit?action=listing');
    let firstPage: string[];
    let next: string | null;
    try {
      firstPage = await rowsOf(one.page, 'table.audit');
      expect(firstPage).toHaveLength(20);
      expect(await one.page.locator('#results-h').textContent()).toContain(`共 ${total} 条`);
      next = await one.page.locator('a[rel="next"]').getAttribute('href');
      expect(next).toBe('/desk/supervisor/audit?action=listing&page=2');
    } finally {
      await one.close();
    }
    const two = await open(next!);
    try {
      const secondPage = await rowsOf(two.page, 'table.audit');
      expect(secondPage).toHaveLength(Math.min(20, total - 20));
      expect(secondPage.filter((r) => firstPage.includes(r))).toEqual([]);
      expect(await two.page.locator('a[rel="prev"]').getAttribute('href')).toBe(
        '/desk/supervisor/audit?action=listing&page=1',
      );
    } finally {
      await two.close();
    }
  });

  it('refuses a buyer (403) and sends a signed-out visitor to /login', async () => {
    const buyerSession = await signedIn(buyer.phone);
    const visitor = await contextOf(buyerSession);
    try {
      const page = await visitor.newPage();
      expect((await page.goto('/desk/supervisor'))?.status()).toBe(403);
      expect((await page.goto('/desk/supervisor/audit'))?.status()).toBe(403);
    } finally {
      await visitor.close();
    }
    for (const path of ['/desk/supervisor', '/desk/supervisor/audit?action=x']) {
      const res = await request(t.baseUrl).get(path).expect(302);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('lets a clerk look too', async () => {
    const clerkSession = await signedIn((await t.given.clerk()).phone);
    const visitor = await contextOf(clerkSession);
    try {
      const page = await visitor.newPage();
      expect((await page.goto('/desk/supervisor'))?.status()).toBe(200);
    } finally {
      await visitor.close();
    }
  });
});
