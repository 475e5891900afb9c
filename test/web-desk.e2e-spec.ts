import type { BrowserContext, Cookie, Page } from 'playwright-core';
import {
  createWebTestApp,
  expectSoundPage,
  newVisitor,
  WebTestContext,
  sessionCookies as sessionCookiesOf,
} from './support/browser';
import { enrol, knownBuyer, type Listing } from './support/auction-helpers';
import { dealInPublicity, signers } from './support/deals';
import { Actor, TEST_PASSWORD } from './support/given';
import { validCreditCode, uniquePhone } from './support/identity-numbers';
import { ListingFactory } from './support/listings';

/**
 * The desk's start page (issue 13 items 1, 2, 5; API.md "Web pages"): `/desk` by role, the clerk's work queues with
 * counts (`/desk/queues/:queue`), a seller's own listings with the clerk's comments.
 */
describe('/desk', () => {
  let t: WebTestContext;
  let listings: ListingFactory;
  beforeAll(async () => {
    t = await createWebTestApp({ AUCTION_EXTENSION_SECONDS: '1' });
    listings = new ListingFactory(t.http, t.given);
  });
  afterAll(() => t.close());

  /** The session cookies of `actor` (the API's token pair, as `/login` sets them). */
  const sessionCookies = (actor: Actor): Cookie[] => sessionCookiesOf(t, actor);

  /** A browser context signed in as `actor` (its session cookies set). */
  async function signedIn(
    actor: Actor,
    options: Parameters<typeof newVisitor>[1] = {},
  ): Promise<{ visitor: BrowserContext; cookies: Cookie[] }> {
    const visitor = await newVisitor(t, options);
    const cookies = sessionCookies(actor);
    await visitor.addCookies(cookies);
    return { visitor, cookies };
  }

  async function deskOf(actor: Actor, path = '/desk'): Promise<{ visitor: BrowserContext; page: Page }> {
    const { visitor } = await signedIn(actor);
    const page = await visitor.newPage();
    const res = await page.goto(path);
    expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
    return { visitor, page };
  }

  /** The queue links' texts on the desk: `待审核 (1)`, ... */
  async function queueLinks(page: Page): Promise<string[]> {
    return page.locator('ul.queues a').allTextContents();
  }

  const expectSoundSignedInPage = (actor: Actor, path: string) => expectSoundPage(t, path, sessionCookies(actor));

  async function review(clerk: Actor, listingId: string, decision: string, comment?: string) {
    const res = await t.http
      .post(`/api/v1/listings/${listingId}/review`)
      .set('Authorization', clerk.auth)
      .send({ decision, ...(comment ? { comment } : {}) })
      .expect(200);
    return res.body as { status: string };
  }

  it('signed out → /login; admin → /desk/admin, supervisor → /desk/supervisor, buyer → /me (303)', async () => {
    const anonymous = await newVisitor(t);
    try {
      const res = await anonymous.request.get('/desk', { maxRedirects: 0 });
      expect(res.status()).toBe(302);
      expect(res.headers().location).toBe('/login?next=%2Fdesk');
    } finally {
      await anonymous.close();
    }
    const admin = await t.given.admin();
    const supervisor = await t.given.supervisor();
    const buyer = await t.given.buyer();
    for (const [who, to] of [
      [admin, '/desk/admin'],
      [supervisor, '/desk/supervisor'],
      [buyer, '/me'],
    ] as const) {
      const { visitor } = await signedIn(who);
      try {
        const res = await visitor.request.get('/desk', { maxRedirects: 0 });
        expect({ roles: who.roles, status: res.status(), location: res.headers().location }).toEqual({
          roles: who.roles,
          status: 303,
          location: to,
        });
      } finally {
        await visitor.close();
      }
    }
  });

  it('a clerk sees the listing queues with counts; a large deal approved by A is under 待复核 for B (with A), not for A', async () => {
    const clerkA = await t.given.clerk();
    const clerkB = await t.given.clerk();
    const { listing: plain } = await listings.submitted('LAND_CONTRACT', { title: '待审核的承包地' });
    const { listing: large } = await listings.submitted('LAND_CONTRACT', { title: '大额复核的承包地', areaMu: 500 });
    expect((await review(clerkA, large.id, 'APPROVE')).status).toBe('SUBMITTED'); // four eyes: one more needed

    const b = await deskOf(clerkB);
    try {
      expect(await b.page.locator('h1').textContent()).toBe('工作台');
      const links = await queueLinks(b.page);
      expect(links).toEqual(
        expect.arrayContaining(['待审核 (1)', '待复核 (1)', '待发布 (0)', '待资格审查 (0)', '待登记保证金 (0)']),
      );
      expect(links.map((l) => l.replace(/ \(\d+\)$/, ''))).toEqual([
        '待审核',
        '待复核',
        '待发布',
        '待资格审查',
        '待登记保证金',
        '竞价中',
        '公示中',
        '待确认',
        '待生成合同',
        '待结算',
        '逾期分期',
        '待备案确认',
        '待收款',
        '待支付出让方',
        '待退保证金',
      ]);
      // a clerk lists only for a farmer (代办挂牌), never through the seller's wizard
      expect(await b.page.locator('a[href="/desk/listings/new"]').count()).toBe(0);

      await Promise.all([b.page.waitForURL('**/desk/queues/second-review'), b.page.getByText('待复核 (1)').click()]);
      expect(await b.page.locator('h1').textContent()).toBe('待复核（1）');
      const row = b.page.locator('tr.queue-item');
      expect(await row.count()).toBe(1);
      expect(await row.textContent()).toContain('大额复核的承包地');
      expect(await row.locator('td.who').textContent()).toBe(clerkA.name);
      expect(await row.locator(`a[href="/listings/${large.listingNo as string}"]`).count()).toBe(1);
      expect(await row.textContent()).toContain(large.id);

      await b.page.goto('/desk/queues/review');
      const reviewRows = b.page.locator('tr.queue-item');
      expect(await reviewRows.count()).toBe(1);
      expect(await reviewRows.textContent()).toContain('待审核的承包地');
      expect(await reviewRows.textContent()).toContain(plain.id);
    } finally {
      await b.visitor.close();
    }

    const a = await deskOf(clerkA);
    try {
      expect(await queueLinks(a.page)).toEqual(expect.arrayContaining(['待审核 (1)', '待复核 (0)']));
      await a.page.goto('/desk/queues/second-review');
      expect(await a.page.locator('tr.queue-item').count()).toBe(0);
      expect(await a.page.locator('main, body').first().textContent()).toContain('暂无待办');
    } finally {
      await a.visitor.close();
    }

    // B approves: the large listing is APPROVED, so it moves to 待发布
    expect((await review(clerkB, large.id, 'APPROVE')).status).toBe('APPROVED');
    const b2 = await deskOf(clerkB);
    try {
      expect(await queueLinks(b2.page)).toEqual(expect.arrayContaining(['待复核 (0)', '待发布 (1)']));
      const res = await b2.page.goto('/desk/queues/no-such-queue');
      expect(res?.status()).toBe(404);
    } finally {
      await b2.visitor.close();
    }

    await expectSoundSignedInPage(clerkB, '/desk');
    await expectSoundSignedInPage(clerkB, '/desk/queues/publish');
  });

  it('a seller sees its own listings only, with the clerk’s return comment; no queues; queue pages are for clerks', async () => {
    const clerk = await t.given.clerk();
    const seller = await t.given.seller();
    const { listing: returned } = await listings.submitted('LAND_CONTRACT', { title: '被退回的承包地' }, seller);
    await review(clerk, returned.id, 'RETURN', '请补充村民会议决议的签字页');
    await listings.draft('LAND_CONTRACT', { title: '我的草稿承包地' }, seller);
    await listings.submitted('LAND_CONTRACT', { title: '别人的承包地' }); // another seller's

    const { visitor, page } = await deskOf(seller);
    try {
      expect(await page.locator('ul.queues').count()).toBe(0);
      const cards = page.locator('li.my-listing');
      expect(await cards.count()).toBe(2);
      const text = (await page.locator('#my-listings ~ ul').textContent()) ?? '';
      expect(text).toContain('被退回的承包地');
      expect(text).toContain('我的草稿承包地');
      expect(text).not.toContain('别人的承包地');
      const card = cards.filter({ hasText: '被退回的承包地' });
      expect(await card.locator('.badge').textContent()).toBe('退回修改');
      expect(await card.locator('.review-comment').textContent()).toBe('请补充村民会议决议的签字页');
      expect(await card.textContent()).toContain(returned.listingNo as string);
      // 我要挂牌 leads to the wizard; each listing to its own page (web-desk-seller.e2e-spec.ts)
      expect(await page.locator('a[href="/desk/listings/new"]').textContent()).toBe('我要挂牌');
      expect(await card.locator('h3 a').getAttribute('href')).toBe(`/desk/listings/${returned.id}`);

      const res = await page.goto('/desk/queues/review');
      expect(res?.status()).toBe(403);
    } finally {
      await visitor.close();
    }
    await expectSoundSignedInPage(seller, '/desk');
  });

  it('deal queues: 公示中 and 待确认 (publicity over, no objection), then 待生成合同, then 待结算', async () => {
    const f = await dealInPublicity(t, { overrides: { title: '成交公示的承包地' } });
    const counts = async (): Promise<string[]> => {
      const { visitor, page } = await deskOf(f.clerk);
      try {
        return await queueLinks(page);
      } finally {
        await visitor.close();
      }
    };
    expect(await counts()).toEqual(
      expect.arrayContaining(['公示中 (1)', '待确认 (1)', '待生成合同 (0)', '待结算 (0)', '竞价中 (0)']),
    );
    const { visitor, page } = await deskOf(f.clerk, '/desk/queues/publicity');
    try {
      const row = page.locator('tr.queue-item');
      expect(await row.count()).toBe(1);
      expect(await row.textContent()).toContain('成交公示的承包地');
      expect(await row.textContent()).toContain(f.deal.id);
    } finally {
      await visitor.close();
    }

    await t.http.post(`/api/v1/deals/${f.deal.id}/confirm`).set('Authorization', f.clerk.auth).expect(200);
    expect(await counts()).toEqual(expect.arrayContaining(['公示中 (0)', '待确认 (0)', '待生成合同 (1)']));

    const res = await t.http.post(`/api/v1/deals/${f.deal.id}/contract`).set('Authorization', f.clerk.auth);
    expect(res.status).toBe(201);
    const contract = res.body as { id: string; sellerId: string; buyerId: string; contractNo: string };
    const { seller, buyer } = signers(f, contract);
    for (const party of [seller, buyer]) {
      await t.http.post(`/api/v1/contracts/${contract.id}/sign`).set('Authorization', party.auth).expect(200);
    }
    expect(await counts()).toEqual(expect.arrayContaining(['待生成合同 (0)', '待结算 (1)', '逾期分期 (0)']));
    const settle = await deskOf(f.clerk, '/desk/queues/settle');
    try {
      expect(await settle.page.locator('tr.queue-item').textContent()).toContain(contract.contractNo);
    } finally {
      await settle.visitor.close();
    }
  });

  it('registration queues: 待资格审查 and 待登记保证金 list the buyers; every queue page answers 200', async () => {
    const { clerk, listing } = await listings.announced('LAND_CONTRACT', { title: '报名中的承包地' });
    const pending = await knownBuyer(t);
    const qualified = await knownBuyer(t);
    await enrol(t, clerk, listing as Listing, pending, { qualify: false });
    await enrol(t, clerk, listing as Listing, qualified, { pay: false });
    const { visitor, page } = await deskOf(clerk);
    try {
      expect(await queueLinks(page)).toEqual(expect.arrayContaining(['待资格审查 (1)', '待登记保证金 (1)']));
      await page.goto('/desk/queues/qualify');
      expect(await page.locator('tr.queue-item td.who').allTextContents()).toEqual([pending.name]);
      await page.goto('/desk/queues/deposits');
      expect(await page.locator('tr.queue-item td.who').allTextContents()).toEqual([qualified.name]);
      expect(await page.locator('tr.queue-item').textContent()).toContain('报名中的承包地');
      for (const key of ['review', 'second-review', 'publish', 'bidding', 'publicity', 'confirm', 'contract']) {
        const res = await page.goto(`/desk/queues/${key}?page=2`);
        expect({ key, status: res?.status() }).toEqual({ key, status: 200 });
      }
      for (const key of ['settle', 'overdue', 'filings', 'payments', 'payouts', 'refunds']) {
        const res = await page.goto(`/desk/queues/${key}`);
        expect({ key, status: res?.status() }).toEqual({ key, status: 200 });
      }
    } finally {
      await visitor.close();
    }
  });

  it('a lender sees its mortgages (none yet)', async () => {
    const admin = await t.given.admin();
    const phone = uniquePhone();
    await t.http
      .post('/api/v1/admin/users')
      .set('Authorization', admin.auth)
      .send({
        phone,
        password: TEST_PASSWORD,
        name: `农村商业银行${phone.slice(-4)}`,
        roles: ['lender'],
        partyType: 'ORGANIZATION',
        creditCode: validCreditCode('91'),
      })
      .expect(201);
    const lender = await t.given.login(phone);
    const { visitor, page } = await deskOf(lender);
    try {
      expect(await page.locator('#my-mortgages').textContent()).toBe('我的抵押登记');
      expect(await page.locator('main, body').first().textContent()).toContain('暂无抵押登记');
      expect(await page.locator('ul.queues').count()).toBe(0);
    } finally {
      await visitor.close();
    }
  });
});
