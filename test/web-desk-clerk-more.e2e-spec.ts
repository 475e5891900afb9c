import type { BrowserContext, Cookie, Locator, Page, Response as PageResponse } from 'playwright-core';
import { balances } from './support/auction-helpers';
import {
  createWebTestApp,
  expectSoundPage,
  newVisitor,
  WebTestContext,
  sessionCookies as sessionCookiesOf,
} from './support/browser';
import { singleBidderDeal, TestClock } from './support/clock';
import { fullStatementOf, instalmentsOf } from './support/deals';
import { Actor } from './support/given';
import { ListingFactory } from './support/listings';

const DAY_MS = 86_400_000;

interface Notification {
  kind: string;
  title: string;
  body: string;
  listingId: string | null;
  dealId?: string | null;
}

type Listing = Record<string, unknown> & { id: string; depositFen: number; reservePriceFen: number };

/** A China wall-clock `YYYY-MM-DDTHH:mm` (what a `datetime-local` field takes) of an instant. */
const chinaLocal = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16);

/** Fen → the 元 text a clerk types (`1234.50`). */
const yuan = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/**
 * The clerk's work pages, the forms the first suite leaves out (issue 13, "Clerks"): on `/desk/work/listings/:id`
 * suspend, resume, terminate, withdraw, the negotiated deal and a listing objection; on `/desk/work/contracts/:id`
 * the clerk's acceptance of an `AGRI_PROJECT` and the retention release after the warranty. Each form is driven in
 * Chromium as a clerk, one failure shown in Chinese beside its field (nothing changed), then the success checked
 * through the API as a user would. The platform clock is the test clock.
 */
describe('/desk/work (suspend, resume, terminate, withdraw, negotiated deal, objections, acceptance, retention)', () => {
  let t: WebTestContext;
  let listings: ListingFactory;
  let clock: TestClock;

  beforeAll(async () => {
    t = await createWebTestApp({ TEST_CLOCK: 'true' });
    listings = new ListingFactory(t.http, t.given);
    clock = new TestClock(t, await t.given.admin());
  });
  afterAll(() => t.close());

  const cookiesOf = (actor: Actor): Cookie[] => sessionCookiesOf(t, actor);

  /** A browser signed in as `actor` at `path`. */
  async function open(actor: Actor, path: string): Promise<{ visitor: BrowserContext; page: Page }> {
    const visitor = await newVisitor(t);
    await visitor.addCookies(cookiesOf(actor));
    const page = await visitor.newPage();
    const res = await page.goto(path);
    expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
    return { visitor, page };
  }

  /** Clicks a form's button and waits for the page it leads to (the work page again, or the form with errors). */
  async function submit(page: Page, button: Locator): Promise<PageResponse | null> {
    const [res] = await Promise.all([page.waitForNavigation(), button.click()]);
    return res;
  }

  async function api(actor: Actor, path: string): Promise<Record<string, unknown>> {
    const res = await t.http.get(`/api/v1${path}`).set('Authorization', actor.auth).expect(200);
    return res.body as Record<string, unknown>;
  }

  async function inbox(actor: Actor): Promise<Notification[]> {
    return (await api(actor, '/me/notifications?pageSize=100')).items as Notification[];
  }

  /** An approved listing published through the API, its announcement ending `days` after the platform's now. */
  async function announced(
    title: string,
    days: number,
    overrides: Record<string, unknown> = {},
  ): Promise<{ listing: Listing; clerk: Actor; seller: Actor }> {
    const { listing: approved, clerk, seller } = await listings.approved('LAND_CONTRACT', { title, ...overrides });
    const endsAt = new Date((await clock.now()).getTime() + days * DAY_MS);
    const res = await t.http
      .post(`/api/v1/listings/${approved.id}/publish`)
      .set('Authorization', clerk.auth)
      .send({ announcementEndsAt: endsAt.toISOString() })
      .expect(200);
    return { listing: res.body as Listing, clerk, seller };
  }

  /** A buyer registered on the listing, qualified and with the deposit recorded (through the API). */
  async function paidBuyer(
    listing: Listing,
    clerk: Actor,
  ): Promise<Actor & { registrationId: string; bidderNo: string }> {
    const buyer = await t.given.buyer();
    const reg = await t.http
      .post(`/api/v1/listings/${listing.id}/registrations`)
      .set('Authorization', buyer.auth)
      .send({})
      .expect(201);
    await t.http
      .post(`/api/v1/registrations/${reg.body.id}/qualify`)
      .set('Authorization', clerk.auth)
      .send({ approve: true })
      .expect(200);
    const paid = await t.http
      .post(`/api/v1/registrations/${reg.body.id}/deposit`)
      .set('Authorization', clerk.auth)
      .send({ amountFen: listing.depositFen, bankRef: `DEP-${(reg.body.id as string).slice(0, 8)}` })
      .expect(200);
    return { ...buyer, registrationId: reg.body.id as string, bidderNo: paid.body.bidderNo as string };
  }

  it('suspend (a reason required) → the suspended page → resume (a new end required) → announced again; all concerned told', async () => {
    const { listing, clerk, seller } = await announced('中止后恢复的承包地', 60);
    const buyer = await paidBuyer(listing, clerk);
    const path = `/desk/work/listings/${listing.id}`;
    const { visitor, page } = await open(clerk, path);
    try {
      // no reason: the error beside the field, nothing changed
      const empty = await submit(page, page.getByRole('button', { name: '中止交易' }));
      expect(empty?.status()).toBe(400);
      expect(await page.locator('#suspend-reason-error').textContent()).toBe('请填写原因（1 至 2000 字）');
      expect(await page.locator('#suspend-reason').getAttribute('aria-invalid')).toBe('true');
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('ANNOUNCED');
      expect((await inbox(buyer)).filter((n) => n.kind === 'LISTING_SUSPENDED')).toEqual([]);

      await page.fill('#suspend-reason', '权属争议，待乡镇调解');
      await submit(page, page.getByRole('button', { name: '中止交易' }));
      expect(page.url()).toContain(`${path}?done=suspend`);
      expect(await page.locator('main').textContent()).toContain('交易已中止。');
      const suspended = await api(clerk, `/listings/${listing.id}`);
      expect(suspended).toMatchObject({
        status: 'SUSPENDED',
        suspension: { from: 'ANNOUNCED', reason: '权属争议，待乡镇调解' },
      });
      for (const who of [seller, buyer]) {
        const mine = (await inbox(who)).filter((n) => n.kind === 'LISTING_SUSPENDED');
        expect(mine).toEqual([expect.objectContaining({ listingId: listing.id })]);
        expect(mine[0].body).toContain('权属争议');
      }
      // registrations are closed meanwhile
      const newcomer = await t.given.buyer();
      const closed = await t.http
        .post(`/api/v1/listings/${listing.id}/registrations`)
        .set('Authorization', newcomer.auth)
        .send({});
      expect({ status: closed.status, code: closed.body.code }).toEqual({ status: 409, code: 'LISTING_SUSPENDED' });

      // the suspended page: sound, resume and terminate offered, no second suspension
      await expectSoundPage(t, path, cookiesOf(clerk));
      expect(await page.getByRole('button', { name: '中止交易' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: '终结交易' }).count()).toBe(1);

      // resume without the new end of the announcement: the error beside it, still suspended
      const noDate = await submit(page, page.getByRole('button', { name: '恢复交易' }));
      expect(noDate?.status()).toBe(400);
      expect(await page.locator('#resume-announcementEndsAt-error').textContent()).toBe(
        '请填写公告结束的日期和时间（北京时间）',
      );
      expect(await page.locator('#resume-announcementEndsAt').getAttribute('aria-invalid')).toBe('true');
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('SUSPENDED');

      const newEnd = chinaLocal(new Date((await clock.now()).getTime() + 30 * DAY_MS));
      await page.fill('#resume-announcementEndsAt', newEnd);
      await submit(page, page.getByRole('button', { name: '恢复交易' }));
      expect(page.url()).toContain(`${path}?done=resume`);
      expect(await page.locator('main').textContent()).toContain('交易已恢复。');
      const resumed = await api(clerk, `/listings/${listing.id}`);
      expect(resumed.status).toBe('ANNOUNCED');
      expect(new Date(resumed.announcementEndsAt as string).getTime()).toBe(new Date(`${newEnd}:00+08:00`).getTime());
      expect((await inbox(buyer)).map((n) => n.kind)).toContain('LISTING_RESUMED');
      await t.http
        .post(`/api/v1/listings/${listing.id}/registrations`)
        .set('Authorization', newcomer.auth)
        .send({})
        .expect(201);
    } finally {
      await visitor.close();
    }
  });

  it('terminate: a reason required; terminated, every paid deposit released to refunds payable, the bidders told', async () => {
    const { listing, clerk, seller } = await announced('终结交易的承包地', 60);
    const [a, b] = [await paidBuyer(listing, clerk), await paidBuyer(listing, clerk)];
    const path = `/desk/work/listings/${listing.id}`;
    const { visitor, page } = await open(clerk, path);
    try {
      const empty = await submit(page, page.getByRole('button', { name: '终结交易' }));
      expect(empty?.status()).toBe(400);
      expect(await page.locator('#terminate-reason-error').textContent()).toBe('请填写原因（1 至 2000 字）');
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('ANNOUNCED');
      const before = await balances(t, clerk);
      for (const who of [a, b]) expect(before.get(`DEPOSITS_HELD:${who.registrationId}`)).toBe(listing.depositFen);

      await page.fill('#terminate-reason', '权属争议无法在公告期内解决');
      await submit(page, page.getByRole('button', { name: '终结交易' }));
      expect(page.url()).toContain(`${path}?done=terminate`);
      expect(await page.locator('main').textContent()).toContain('交易已终结');
      expect(await api(clerk, `/listings/${listing.id}`)).toMatchObject({
        status: 'TERMINATED',
        terminationReason: '权属争议无法在公告期内解决',
      });
      const after = await balances(t, clerk);
      for (const who of [a, b]) {
        expect(after.get(`DEPOSITS_HELD:${who.registrationId}`)).toBe(0);
        expect(after.get(`REFUNDS_PAYABLE:${who.registrationId}`)).toBe(listing.depositFen);
      }
      for (const who of [seller, a, b]) expect((await inbox(who)).map((n) => n.kind)).toContain('LISTING_TERMINATED');
      // final: the page offers neither terminate, suspend nor resume
      for (const name of ['终结交易', '中止交易', '恢复交易']) {
        expect(await page.getByRole('button', { name }).count()).toBe(0);
      }
    } finally {
      await visitor.close();
    }
  });

  it('withdraw: a reason required; withdrawn before the bidding, the paid deposit released', async () => {
    const { listing, clerk } = await announced('撤回挂牌的承包地', 60);
    const buyer = await paidBuyer(listing, clerk);
    const path = `/desk/work/listings/${listing.id}`;
    const { visitor, page } = await open(clerk, path);
    try {
      const empty = await submit(page, page.getByRole('button', { name: '撤回挂牌' }));
      expect(empty?.status()).toBe(400);
      expect(await page.locator('#withdraw-reason-error').textContent()).toBe('请填写原因（1 至 2000 字）');
      expect(await page.locator('#withdraw-reason').getAttribute('aria-invalid')).toBe('true');
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('ANNOUNCED');
      expect((await balances(t, clerk)).get(`DEPOSITS_HELD:${buyer.registrationId}`)).toBe(listing.depositFen);

      await page.fill('#withdraw-reason', '出让方家庭会议决定暂不流转');
      await submit(page, page.getByRole('button', { name: '撤回挂牌' }));
      expect(page.url()).toContain(`${path}?done=withdraw`);
      expect(await page.locator('main').textContent()).toContain('挂牌已撤回');
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('WITHDRAWN');
      const books = await balances(t, clerk);
      expect(books.get(`DEPOSITS_HELD:${buyer.registrationId}`)).toBe(0);
      expect(books.get(`REFUNDS_PAYABLE:${buyer.registrationId}`)).toBe(listing.depositFen);
      expect(await page.getByRole('button', { name: '撤回挂牌' }).count()).toBe(0);
    } finally {
      await visitor.close();
    }
  });

  it('a listing objection: resolving needs a comment; upheld, recorded, the listing stays announced', async () => {
    const { listing, clerk } = await announced('有异议的承包地', 60);
    const villager = await t.given.buyer();
    const objection = await t.http
      .post(`/api/v1/listings/${listing.id}/objections`)
      .set('Authorization', villager.auth)
      .send({ reason: '地块四至与实际不符' })
      .expect(201);
    const objectionId = objection.body.id as string;
    const path = `/desk/work/listings/${listing.id}`;
    const { visitor, page } = await open(clerk, path);
    try {
      const section = page.locator('section.work-objection');
      expect(await section.textContent()).toContain('地块四至与实际不符');
      expect(await section.locator('h3').textContent()).toContain(villager.name);
      const empty = await submit(page, section.getByRole('button', { name: '异议成立' }));
      expect(empty?.status()).toBe(400);
      expect(await page.locator(`#comment-${objectionId}-error`).textContent()).toBe('请填写处理意见（1 至 2000 字）');
      expect(await page.locator(`#comment-${objectionId}`).getAttribute('aria-invalid')).toBe('true');
      const stillOpen = (await api(villager, `/listings/${listing.id}/objections`)).items as Record<string, unknown>[];
      expect(stillOpen).toEqual([expect.objectContaining({ id: objectionId, status: 'OPEN', upheld: null })]);

      await page.fill(`#comment-${objectionId}`, '经核实，地块四至登记有误');
      await submit(page, page.locator('section.work-objection').getByRole('button', { name: '异议成立' }));
      expect(page.url()).toContain(`${path}?done=resolve`);
      expect(await page.locator('section.work-objection').textContent()).toContain('经核实，地块四至登记有误');
      expect(await page.locator('section.work-objection button').count()).toBe(0);
      const resolved = (await api(villager, `/listings/${listing.id}/objections`)).items as Record<string, unknown>[];
      expect(resolved).toEqual([expect.objectContaining({ id: objectionId, status: 'UPHELD', upheld: true })]);
      // upheld: the clerk then suspends or terminates; by itself the listing stays announced
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('ANNOUNCED');
      expect(await page.getByRole('button', { name: '中止交易' }).count()).toBe(1);
    } finally {
      await visitor.close();
    }
  });

  it('negotiated deal after the announcement: below the reserve → 422 beside the price; then a NEGOTIATED deal, the listing SOLD, the other deposit released', async () => {
    const { listing, clerk } = await announced('协议成交的承包地', 1, { tradingMethod: 'NEGOTIATED' });
    expect(listing.tradingMethod).toBe('NEGOTIATED');
    const a = await paidBuyer(listing, clerk);
    const b = await paidBuyer(listing, clerk);
    const path = `/desk/work/listings/${listing.id}`;

    // during the announcement the form is not offered
    const { visitor, page } = await open(clerk, path);
    try {
      expect(await page.getByRole('button', { name: '登记协议成交' }).count()).toBe(0);
      await clock.moveTo(new Date(new Date(listing.announcementEndsAt as string).getTime() + 1000).toISOString());
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('ANNOUNCED'); // no auction for it
      await page.goto(path);
      expect(await page.locator('#negotiated-title + p').textContent()).toContain('成交价不得低于底价');

      const reserve = listing.reservePriceFen;
      await page.selectOption('#negotiated-registration', a.registrationId);
      await page.fill('#negotiated-price', yuan(reserve - 1));
      const below = await submit(page, page.getByRole('button', { name: '登记协议成交' }));
      expect(below?.status()).toBe(422);
      expect(await page.locator('#negotiated-price-error').textContent()).toBe('成交价不得低于挂牌底价');
      expect(await page.locator('#negotiated-price').inputValue()).toBe(yuan(reserve - 1));
      expect(await page.locator('#negotiated-registration').inputValue()).toBe(a.registrationId);
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('ANNOUNCED');
      await t.http.get(`/api/v1/listings/${listing.id}/deal`).set('Authorization', clerk.auth).expect(404);

      // not an amount: the money message beside the price
      await page.fill('#negotiated-price', '很多');
      const bad = await submit(page, page.getByRole('button', { name: '登记协议成交' }));
      expect(bad?.status()).toBe(400);
      expect(await page.locator('#negotiated-price-error').textContent()).toMatch(/元/);

      const price = reserve + 50_000;
      await page.selectOption('#negotiated-registration', a.registrationId);
      await page.fill('#negotiated-price', yuan(price));
      await submit(page, page.getByRole('button', { name: '登记协议成交' }));
      expect(page.url()).toContain(`${path}?done=negotiated-deal`);
      expect(await page.locator('main').textContent()).toContain('协议成交已登记');
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('SOLD');
      const deal = await api(clerk, `/listings/${listing.id}/deal`);
      expect(deal).toMatchObject({
        method: 'NEGOTIATED',
        priceFen: price,
        buyerBidderNo: a.bidderNo,
        status: 'PUBLICITY',
      });
      const books = await balances(t, clerk);
      expect(books.get(`DEPOSITS_HELD:${a.registrationId}`)).toBe(listing.depositFen);
      expect(books.get(`DEPOSITS_HELD:${b.registrationId}`)).toBe(0);
      expect(books.get(`REFUNDS_PAYABLE:${b.registrationId}`)).toBe(listing.depositFen);
      // the buyer is told it won
      expect(await inbox(a)).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'AUCTION_WON', dealId: deal.id })]),
      );
      expect((await inbox(b)).map((n) => n.kind)).not.toContain('AUCTION_WON');
      expect(await page.getByRole('button', { name: '登记协议成交' }).count()).toBe(0);
    } finally {
      await visitor.close();
    }
  });

  it('AGRI_PROJECT: the clerk’s acceptance after the collective’s (a note required) → the balance due, the bond released; the retention released only after the warranty', async () => {
    // a road of at most 500,000.00 元, one offer of 480,000.00 元; 30 % advance; 3 % retained for 12 months
    const PRICE = 48_000_000;
    const BOND = 5_000_000;
    await clock.moveTo('2027-05-10');
    const f = await singleBidderDeal(t, clock, {
      code: 'AGRI_PROJECT',
      overrides: {
        title: '村内道路硬化工程',
        priceUnit: 'TOTAL',
        reservePriceFen: 50_000_000,
        incrementFen: 100_000,
        depositFen: BOND,
        attributes: {
          projectType: 'WORKS',
          scope: '村内道路硬化工程，长1.2公里，宽4.5米',
          budgetFen: 50_000_000,
          deliveryDays: 90,
          advancePercent: 30,
          warrantyMonths: 12,
        },
      },
      buyerType: 'ORGANIZATION',
      offerFen: PRICE,
      announcementEndsAt: TestClock.china('2027-05-12'),
    });
    const collective = f.seller;
    const supplier = f.winner;
    const post = (p: string, who: Actor, body: object = {}) =>
      t.http.post(`/api/v1${p}`).set('Authorization', who.auth).send(body);
    await post(`/deals/${f.deal.id}/confirm`, f.clerk).expect(200);
    const contractId = (await post(`/deals/${f.deal.id}/contract`, f.clerk, { handoverOn: '2027-06-01' }).expect(201))
      .body.id as string;
    await post(`/contracts/${contractId}/sign`, supplier).expect(200);
    await post(`/contracts/${contractId}/sign`, collective).expect(200);
    await clock.moveTo('2027-05-28');
    await post(`/contracts/${contractId}/payments`, f.clerk, { amountFen: 14_400_000, bankRef: 'ADV' }).expect(201);
    await post(`/contracts/${contractId}/settle`, f.clerk, { bankRef: 'ADV-OUT' }).expect(200);
    await clock.moveTo('2027-09-15');

    const path = `/desk/work/contracts/${contractId}`;
    // awaiting acceptance: the page is sound; the purchaser has not accepted yet
    await expectSoundPage(t, path, cookiesOf(f.clerk));
    const { visitor, page } = await open(f.clerk, path);
    try {
      expect(await page.locator('main').textContent()).toContain('采购方尚未验收');
      await page.fill('#acceptance-note', '资料齐全，同意验收');
      const first = await submit(page, page.getByRole('button', { name: '确认验收' }));
      expect(first?.status()).toBe(409);
      expect(await page.locator('#acceptance-title ~ p.notice[role="alert"]').textContent()).toBe(
        '当前状态不允许此操作',
      );
      expect(await page.locator('#acceptance-note').inputValue()).toBe('资料齐全，同意验收');
      expect((await api(f.clerk, `/contracts/${contractId}`)).acceptance).toMatchObject({
        purchaserAcceptedAt: null,
        clerkAcceptedAt: null,
      });

      // the collective accepts (through the API), then the clerk's note is required
      await post(`/contracts/${contractId}/acceptance`, collective, {
        accepted: true,
        note: '经村民代表现场验收，质量合格',
      }).expect(200);
      await page.goto(path);
      expect(await page.locator('main').textContent()).not.toContain('采购方尚未验收');
      await expectSoundPage(t, path, cookiesOf(f.clerk));
      const empty = await submit(page, page.getByRole('button', { name: '确认验收' }));
      expect(empty?.status()).toBe(400);
      expect(await page.locator('#acceptance-note-error').textContent()).toBe('请填写验收意见（1 至 2000 字）');
      expect(await page.locator('#acceptance-note').getAttribute('aria-invalid')).toBe('true');
      expect((await instalmentsOf(t, collective, contractId))[1]).toMatchObject({ dueOn: null, status: 'PENDING' });

      await page.fill('#acceptance-note', '资料齐全，同意验收');
      await submit(page, page.getByRole('button', { name: '确认验收' }));
      expect(page.url()).toContain(`${path}?done=acceptance`);
      expect(await page.locator('main').textContent()).toContain('验收已确认。');
      expect(await page.getByRole('button', { name: '确认验收' }).count()).toBe(0);
      const accepted = await api(f.clerk, `/contracts/${contractId}`);
      expect(accepted.acceptance).toMatchObject({
        purchaserAcceptedAt: expect.any(String),
        clerkAcceptedAt: expect.stringMatching(/^2027-09-15T01:00/),
      });
      expect((await instalmentsOf(t, collective, contractId))[1]).toMatchObject({
        dueOn: '2027-09-15',
        status: 'DUE',
      });
      const books = await balances(t, f.clerk);
      expect(books.get(`DEPOSITS_HELD:${supplier.registrationId}`)).toBe(0);
      expect(books.get(`REFUNDS_PAYABLE:${supplier.registrationId}`)).toBe(BOND);

      // the balance paid and settled with 3 % retained (through the API)
      await post(`/contracts/${contractId}/payments`, f.clerk, { amountFen: 33_600_000, bankRef: 'BAL' }).expect(201);
      await post(`/contracts/${contractId}/instalments/2/settle`, f.clerk, { bankRef: 'BAL-OUT' }).expect(200);
      expect((await balances(t, f.clerk)).get(`RETENTION_HELD:${f.deal.id}`)).toBe(1_440_000);

      // a day before the warranty is over: 409 WARRANTY_NOT_OVER, in Chinese; nothing released
      await clock.moveTo('2028-09-14');
      await page.goto(path);
      expect(await page.locator('#release-title + p').textContent()).toContain('12 个月');
      const noRef = await submit(page, page.getByRole('button', { name: '释放质保金' }));
      expect(noRef?.status()).toBe(400);
      expect(await page.locator('#release-bankRef-error').textContent()).toBe('请填写银行流水号（1 至 64 个字符）');
      await page.fill('#release-bankRef', 'RET-EARLY');
      const early = await submit(page, page.getByRole('button', { name: '释放质保金' }));
      expect(early?.status()).toBe(409);
      expect(await page.locator('#release-title ~ p.notice[role="alert"]').textContent()).toBe(
        '质量保证期尚未届满（至 2028-09-15）',
      );
      expect(await page.locator('#release-bankRef').inputValue()).toBe('RET-EARLY');
      expect((await api(f.clerk, `/contracts/${contractId}`)).status).toBe('IN_FORCE');
      expect((await balances(t, f.clerk)).get(`RETENTION_HELD:${f.deal.id}`)).toBe(1_440_000);

      // the warranty is over: released, the contract completed, the supplier paid the price less its fee
      await clock.moveTo('2028-09-15');
      await page.goto(path);
      await page.fill('#release-bankRef', 'RET');
      await submit(page, page.getByRole('button', { name: '释放质保金' }));
      expect(page.url()).toContain(`${path}?done=release`);
      expect(await page.locator('main').textContent()).toContain('质保金已释放。');
      expect(await page.getByRole('button', { name: '释放质保金' }).count()).toBe(0);
      expect(await api(f.clerk, `/contracts/${contractId}`)).toMatchObject({
        status: 'COMPLETED',
        retentionReleasedAt: expect.stringMatching(/^2028-09-15/),
      });
      expect((await balances(t, f.clerk)).get(`RETENTION_HELD:${f.deal.id}`)).toBe(0);
      expect((await fullStatementOf(t, supplier, contractId)).disbursedToSellerFen).toBe(47_376_000);
    } finally {
      await visitor.close();
    }
  });
});
