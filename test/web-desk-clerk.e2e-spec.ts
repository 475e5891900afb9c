import type { BrowserContext, Cookie, Page, Response as PageResponse } from 'playwright-core';
import {
  createWebTestApp,
  expectSoundPage,
  newVisitor,
  seriousA11yViolations,
  WebTestContext,
  sessionCookies as sessionCookiesOf,
} from './support/browser';
import { knownBuyer } from './support/auction-helpers';
import { singleBidderDeal, TestClock } from './support/clock';
import { DealFixture, signers } from './support/deals';
import { Actor } from './support/given';
import { ListingFactory } from './support/listings';

const DAY_MS = 86_400_000;

/**
 * The clerk's work pages (issue 13, "Clerks"): `/desk/work/{listings,registrations,deals,contracts,filings}/:id`,
 * each action a CSRF-protected form calling the API's own service; the queues link to them. Driven in the browser,
 * the state checked through the API. The platform clock is the test clock (`PUT /admin/clock`); announcements use the
 * category's minimum in working days (no `ANNOUNCEMENT_MIN_WORKING_DAYS` override).
 */
describe('/desk/work (the clerk’s action forms)', () => {
  let t: WebTestContext;
  let listings: ListingFactory;
  let clock: TestClock;

  beforeAll(async () => {
    t = await createWebTestApp({ TEST_CLOCK: 'true', ANNOUNCEMENT_MIN_WORKING_DAYS: undefined });
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
  async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<PageResponse | null> {
    const [res] = await Promise.all([page.waitForNavigation(), button.click()]);
    return res;
  }

  async function api(actor: Actor, path: string): Promise<Record<string, unknown>> {
    const res = await t.http.get(`/api/v1${path}`).set('Authorization', actor.auth).expect(200);
    return res.body as Record<string, unknown>;
  }

  /** Publishes an APPROVED listing through the API with an announcement ending 60 days after the platform's now. */
  async function announce(clerk: Actor, listingId: string): Promise<Record<string, unknown> & { id: string }> {
    const endsAt = new Date((await clock.now()).getTime() + 60 * DAY_MS);
    const res = await t.http
      .post(`/api/v1/listings/${listingId}/publish`)
      .set('Authorization', clerk.auth)
      .send({ announcementEndsAt: endsAt.toISOString() })
      .expect(200);
    return res.body as Record<string, unknown> & { id: string };
  }

  /** A single bidder's deal in publicity (made by the clock), announced 60 days from the platform's now. */
  async function deal(): Promise<DealFixture> {
    const endsAt = new Date((await clock.now()).getTime() + 60 * DAY_MS);
    return singleBidderDeal(t, clock, { code: 'LAND_CONTRACT', announcementEndsAt: endsAt.toISOString() });
  }

  it('review: RETURN without a comment → the error beside the comment, nothing changed; a large deal needs two clerks', async () => {
    const clerkA = await t.given.clerk();
    const clerkB = await t.given.clerk();
    const { listing: plain } = await listings.submitted('LAND_CONTRACT', { title: '退回须写意见的承包地' });
    const { listing: large } = await listings.submitted('LAND_CONTRACT', { title: '双人审核的承包地', areaMu: 500 });

    await expectSoundPage(t, `/desk/work/listings/${plain.id}`, cookiesOf(clerkA));
    const a = await open(clerkA, `/desk/work/listings/${plain.id}`);
    try {
      const res = await submit(a.page, a.page.getByRole('button', { name: '退回修改' }));
      expect(res?.status()).toBe(400);
      expect(await a.page.locator('#review-comment-error').textContent()).toBe('退回修改或不予受理须填写审核意见');
      expect(await a.page.locator('#review-comment').getAttribute('aria-invalid')).toBe('true');
      expect((await api(clerkA, `/listings/${plain.id}`)).status).toBe('SUBMITTED');

      // the documents download with the page session
      const href = await a.page.locator('a[href*="/documents/"]').first().getAttribute('href');
      const download = await a.page.request.get(href as string);
      expect(download.status()).toBe(200);
      expect(download.headers()['content-disposition']).toMatch(/^attachment/);

      // with a comment it is returned
      await a.page.fill('#review-comment', '请补充发包方同意书的签字页');
      const returned = await submit(a.page, a.page.getByRole('button', { name: '退回修改' }));
      expect(returned?.status()).toBe(200);
      expect(a.page.url()).toContain(`/desk/work/listings/${plain.id}?done=review`);
      const body = await api(clerkA, `/listings/${plain.id}`);
      expect(body.status).toBe('RETURNED');
      expect(body.reviewComment).toBe('请补充发包方同意书的签字页');

      // four eyes: A approves the large deal first
      await a.page.goto(`/desk/work/listings/${large.id}`);
      expect(await a.page.locator('.four-eyes').textContent()).toContain('已通过 0 / 2');
      await submit(a.page, a.page.getByRole('button', { name: '审核通过' }));
      expect((await api(clerkA, `/listings/${large.id}`)).status).toBe('SUBMITTED');
      expect(await a.page.locator('main').textContent()).toContain('您已审核通过，须由另一名工作人员复核');
      expect(await a.page.getByRole('button', { name: '审核通过' }).count()).toBe(0);
    } finally {
      await a.visitor.close();
    }

    // B sees who approved first (from the 待复核 queue's link) and approves
    const b = await open(clerkB, '/desk/queues/second-review');
    try {
      const row = b.page.locator('tr.queue-item', { hasText: '双人审核的承包地' });
      await Promise.all([b.page.waitForURL(`**/desk/work/listings/${large.id}`), row.locator('a.work-link').click()]);
      expect(await b.page.locator('.first-approver').textContent()).toBe(clerkA.name);
      expect(await b.page.locator('.four-eyes').textContent()).toContain('已通过 1 / 2');
      await submit(b.page, b.page.getByRole('button', { name: '审核通过' }));
      expect((await api(clerkB, `/listings/${large.id}`)).status).toBe('APPROVED');
    } finally {
      await b.visitor.close();
    }
  });

  it('a form shown again with its error is accessible (labels, the error tied to its field)', async () => {
    const clerk = await t.given.clerk();
    const { listing } = await listings.submitted('LAND_CONTRACT', { title: '无障碍检查的承包地' });
    const visitor = await newVisitor(t, { width: 1280, height: 800, bypassCSP: true });
    try {
      await visitor.addCookies(cookiesOf(clerk));
      const page = await visitor.newPage();
      await page.goto(`/desk/work/listings/${listing.id}`);
      await submit(page, page.getByRole('button', { name: '不予受理' }));
      expect(await page.locator('#review-comment').getAttribute('aria-describedby')).toContain('review-comment-error');
      expect(await seriousA11yViolations(page)).toEqual([]);
    } finally {
      await visitor.close();
    }
  });

  it('publish: the earliest lawful end is proposed and explained; publishing with it announces the listing', async () => {
    const { listing, clerk } = await listings.approved('LAND_CONTRACT', { title: '待发布的承包地' });
    const path = `/desk/work/listings/${listing.id}`;
    await expectSoundPage(t, path, cookiesOf(clerk));
    const { visitor, page } = await open(clerk, path);
    try {
      const rule = (await page.locator('#publish-title + p').textContent()) ?? '';
      expect(rule).toMatch(/公告期不少于 \d+ 个工作日（遇法定节假日顺延），从现在起算，最早可于 .+ 结束/);
      const proposed = await page.locator('#announcementEndsAt').inputValue();
      expect(proposed).toMatch(/^\d{4}-\d{2}-\d{2}T00:00$/); // the start of a day in China, after N working days
      expect(rule).toContain(proposed.replace('T', ' '));

      // a day earlier is too short: the rule's message beside the field, nothing changed
      const dayEarlier = new Date(new Date(`${proposed}:00+08:00`).getTime() - DAY_MS + 8 * 3600_000)
        .toISOString()
        .slice(0, 16);
      await page.fill('#announcementEndsAt', dayEarlier);
      const short = await submit(page, page.getByRole('button', { name: '发布公告' }));
      expect(short?.status()).toBe(422);
      expect(await page.locator('#announcementEndsAt-error').textContent()).toContain(
        `最早可于 ${proposed.replace('T', ' ')} 结束`,
      );
      expect(await page.locator('#announcementEndsAt').inputValue()).toBe(dayEarlier);
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('APPROVED');
      await page.fill('#announcementEndsAt', proposed);
      await submit(page, page.getByRole('button', { name: '发布公告' }));
      expect(page.url()).toContain('?done=publish');
      const body = await api(clerk, `/listings/${listing.id}`);
      expect(body.status).toBe('ANNOUNCED');
      expect(new Date(body.announcementEndsAt as string).getTime()).toBe(new Date(`${proposed}:00+08:00`).getTime());
      // bidding defaults: it starts when the announcement ends and lasts an hour
      expect(new Date(body.biddingStartsAt as string).getTime()).toBe(new Date(`${proposed}:00+08:00`).getTime());
      expect(new Date(body.biddingEndsAt as string).getTime()).toBe(
        new Date(`${proposed}:00+08:00`).getTime() + 3600_000,
      );
    } finally {
      await visitor.close();
    }
  });

  it('qualify, record deposit (a wrong amount → the error beside it; the right one → a bidder number), terminate, refund', async () => {
    const { listing: approved, clerk } = await listings.approved('LAND_CONTRACT', { title: '报名审查的承包地' });
    const listing = await announce(clerk, approved.id);
    const buyer = await knownBuyer(t);
    const reg = await t.http
      .post(`/api/v1/listings/${listing.id}/registrations`)
      .set('Authorization', buyer.auth)
      .send({})
      .expect(201);
    const regId = reg.body.id as string;
    const path = `/desk/work/registrations/${regId}`;
    await expectSoundPage(t, path, cookiesOf(clerk));

    const { visitor, page } = await open(clerk, path);
    try {
      await submit(page, page.getByRole('button', { name: '通过资格审查' }));
      expect((await api(clerk, `/registrations/${regId}`)).status).toBe('QUALIFIED');

      // the deposit, prefilled in 元; a wrong amount is refused beside the field
      const deposit = listing.depositFen as number;
      expect(await page.locator('#deposit-amount').inputValue()).toBe(
        `${Math.floor(deposit / 100)}.${String(deposit % 100).padStart(2, '0')}`,
      );
      await page.fill('#deposit-amount', `${Math.floor(deposit / 100) + 1}.00`);
      await page.fill('#deposit-bankRef', 'DEP-WRONG-1');
      const wrong = await submit(page, page.getByRole('button', { name: '登记到账' }));
      expect(wrong?.status()).toBe(422);
      expect(await page.locator('#deposit-amount-error').textContent()).toBe('保证金金额与挂牌要求不符');
      expect((await api(clerk, `/registrations/${regId}`)).status).toBe('QUALIFIED');

      await page.fill('#deposit-amount', `${Math.floor(deposit / 100)}.${String(deposit % 100).padStart(2, '0')}`);
      await page.fill('#deposit-bankRef', 'DEP-RIGHT-1');
      await submit(page, page.getByRole('button', { name: '登记到账' }));
      const paid = await api(clerk, `/registrations/${regId}`);
      expect(paid.status).toBe('DEPOSIT_PAID');
      expect(paid.bidderNo).toEqual(expect.any(String));
      expect(await page.locator('.bidder-no').textContent()).toBe(paid.bidderNo);

      // the clerk terminates the trade: the deposit is released, then refunded
      await page.goto(`/desk/work/listings/${listing.id}`);
      await page.fill('#terminate-reason', '权属争议，终结交易');
      await submit(page, page.getByRole('button', { name: '终结交易' }));
      expect((await api(clerk, `/listings/${listing.id}`)).status).toBe('TERMINATED');

      await page.goto('/desk/queues/refunds');
      const row = page.locator('tr.queue-item', { hasText: '报名审查的承包地' });
      await Promise.all([page.waitForURL(`**${path}`), row.locator('a.work-link').click()]);
      await page.fill('#refund-bankRef', 'REF-0001');
      await submit(page, page.getByRole('button', { name: '登记退还' }));
      expect(page.url()).toContain('?done=refund');
      const again = await t.http
        .post(`/api/v1/registrations/${regId}/refund`)
        .set('Authorization', clerk.auth)
        .send({ bankRef: 'REF-0002' });
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'NOTHING_TO_REFUND' });
    } finally {
      await visitor.close();
    }
  });

  it('deal → confirm → contract → record payment (a double submit records one) → settle → filing acknowledged → a later instalment settled', async () => {
    const f = await deal();
    const dealPath = `/desk/work/deals/${f.deal.id}`;
    await expectSoundPage(t, dealPath, cookiesOf(f.clerk));
    const { visitor, page } = await open(f.clerk, dealPath);
    try {
      expect(await page.locator('#confirm-title + p').textContent()).toContain('公示期满');
      await submit(page, page.getByRole('button', { name: '确认成交' }));
      const confirmed = await api(f.clerk, `/deals/${f.deal.id}`);
      expect(confirmed.status).toBe('CONFIRMED');

      // the handover defaults to the day after the confirmation (China date)
      const dayAfter = new Date(new Date(confirmed.confirmedAt as string).getTime() + 8 * 3600_000 + DAY_MS)
        .toISOString()
        .slice(0, 10);
      expect(await page.locator('#handoverOn').inputValue()).toBe(dayAfter);
      await submit(page, page.getByRole('button', { name: '生成合同' }));
      const contractLink = page.locator('a[href^="/desk/work/contracts/"]');
      const contractId = ((await contractLink.getAttribute('href')) ?? '').split('/').pop() as string;
      const contract = (await api(f.clerk, `/contracts/${contractId}`)) as {
        id: string;
        sellerId: string;
        buyerId: string;
        status: string;
        startsOn: string;
      } & Record<string, unknown>;
      expect(contract.status).toBe('AWAITING_SIGNATURES');
      expect(contract.startsOn ?? (contract.terms as Record<string, unknown>).startsOn).toBe(dayAfter);
      const { seller, buyer } = signers(f, contract);
      for (const party of [seller, buyer]) {
        await t.http.post(`/api/v1/contracts/${contractId}/sign`).set('Authorization', party.auth).expect(200);
      }

      // 待收款 lists it and links to the contract's page
      const contractPath = `/desk/work/contracts/${contractId}`;
      await page.goto('/desk/queues/payments');
      await Promise.all([
        page.waitForURL(`**${contractPath}`),
        page
          .locator('tr.queue-item', { has: page.locator(`a[href="${contractPath}"]`) })
          .locator('a.work-link')
          .click(),
      ]);
      await expectSoundPage(t, contractPath, cookiesOf(f.clerk));
      const before = (await api(f.clerk, `/contracts/${contractId}/statement`)) as { outstandingFen: number };
      expect(before.outstandingFen).toBeGreaterThan(0);
      const amount = await page.locator('#payment-amount').inputValue();
      expect(amount).toBe(
        `${Math.floor(before.outstandingFen / 100)}.${String(before.outstandingFen % 100).padStart(2, '0')}`,
      );

      // the same rendered form posted twice (a double click): one payment
      const form = page.locator('form[action$="/payments"]');
      const fields = {
        _csrf: await form.locator('input[name="_csrf"]').inputValue(),
        idempotencyKey: await form.locator('input[name="idempotencyKey"]').inputValue(),
        amount,
        bankRef: 'PAY-0001',
      };
      for (let i = 0; i < 2; i += 1) {
        const res = await page.request.post(`${contractPath}/payments`, { form: fields, maxRedirects: 0 });
        expect(res.status()).toBe(303);
        expect(res.headers().location).toBe(`${contractPath}?done=payments`);
      }
      const payments = (await api(f.clerk, `/contracts/${contractId}/payments`)) as { total: number };
      expect(payments.total).toBe(1);
      const after = (await api(f.clerk, `/contracts/${contractId}/statement`)) as { outstandingFen: number };
      expect(after.outstandingFen).toBe(0);

      // settle through the page (after a reload: the form of the paid state)
      await page.goto(contractPath);
      await page.fill('#settle-bankRef', 'SET-0001');
      await submit(page, page.getByRole('button', { name: '结算', exact: true }));
      expect((await api(f.clerk, `/contracts/${contractId}`)).status).toBe('IN_FORCE');
      expect(await page.locator('.contract-status').textContent()).toBe('已生效');

      // the land contract is filed: acknowledge it from 待备案确认
      const filings = (await api(f.clerk, '/filings?status=FILED&pageSize=100')) as {
        items: { id: string; contractNo: string }[];
      };
      const filing = filings.items.find((x) => x.contractNo === (contract.contractNo as string));
      expect(filing).toBeDefined();
      const filingPath = `/desk/work/filings/${filing!.id}`;
      await page.goto('/desk/queues/filings');
      await Promise.all([
        page.waitForURL(`**${filingPath}`),
        page
          .locator('tr.queue-item', { hasText: contract.contractNo as string })
          .locator('a.work-link')
          .click(),
      ]);
      await expectSoundPage(t, filingPath, cookiesOf(f.clerk));
      await submit(page, page.getByRole('button', { name: '确认备案' }));
      expect((await api(f.clerk, `/filings/${filing!.id}`)).status).toBe('ACKNOWLEDGED');

      // a 5-year transfer carries a registration application: a refusal needs its reason
      expect(await page.locator('.land-registration').textContent()).toBe('已申请登记');
      await page.selectOption('#registration-status', 'REFUSED');
      const noReason = await submit(page, page.getByRole('button', { name: '记录登记结果' }));
      expect(noReason?.status()).toBe(400);
      expect(await page.locator('#registration-note-error').textContent()).toBe('请填写说明（不予登记须写明理由）');
      await page.selectOption('#registration-status', 'REGISTERED');
      await page.fill('#registration-note', '怀安县不动产登记证明第0001号');
      await submit(page, page.getByRole('button', { name: '记录登记结果' }));
      const registered = (await api(f.clerk, `/filings/${filing!.id}`)) as { registration: { status: string } };
      expect(registered.registration.status).toBe('REGISTERED');

      // ten days before the second year's rent is due it is payable: recorded, it waits in 待结算 and is settled
      const schedule = (
        await t.http.get(`/api/v1/contracts/${contractId}/instalments`).set('Authorization', f.clerk.auth).expect(200)
      ).body as { no: number; dueOn: string; status: string }[];
      expect(schedule.length).toBeGreaterThan(1);
      const tenDaysBefore = new Date(new Date(`${schedule[1].dueOn}T00:00:00+08:00`).getTime() - 10 * DAY_MS);
      await clock.moveTo(tenDaysBefore.toISOString());
      await page.goto(contractPath);
      const rent = (await api(f.clerk, `/contracts/${contractId}/statement`)) as { outstandingFen: number };
      expect(rent.outstandingFen).toBeGreaterThan(0);
      await page.fill('#payment-bankRef', 'PAY-0002');
      await submit(page, page.getByRole('button', { name: '登记到账' }));
      expect(
        ((await api(f.clerk, `/contracts/${contractId}/statement`)) as { outstandingFen: number }).outstandingFen,
      ).toBe(0);
      await page.goto('/desk/queues/settle');
      await Promise.all([
        page.waitForURL(`**${contractPath}`),
        page
          .locator('tr.queue-item', { has: page.locator(`a[href="${contractPath}"]`) })
          .locator('a.work-link')
          .click(),
      ]);
      await page.fill('#settle-2-bankRef', 'SET-0002');
      await submit(page, page.getByRole('button', { name: '结算第 2 期' }));
      const settled = (
        await t.http.get(`/api/v1/contracts/${contractId}/instalments`).set('Authorization', f.clerk.auth).expect(200)
      ).body as { no: number; status: string }[];
      expect(settled.slice(0, 2).map((i) => i.status)).toEqual(['SETTLED', 'SETTLED']);
    } finally {
      await visitor.close();
    }
  });

  it('default → the forfeited deposit is owed to the seller (待支付出让方) → payout', async () => {
    const f = await deal();
    await t.http.post(`/api/v1/deals/${f.deal.id}/confirm`).set('Authorization', f.clerk.auth).expect(200);
    const path = `/desk/work/deals/${f.deal.id}`;
    const { visitor, page } = await open(f.clerk, path);
    try {
      const empty = await submit(page, page.getByRole('button', { name: '认定违约' }));
      expect(empty?.status()).toBe(400);
      expect(await page.locator('#default-reason-error').textContent()).toBe('请填写原因（1 至 2000 字）');
      await page.fill('#default-reason', '受让方逾期未签订合同');
      await submit(page, page.getByRole('button', { name: '认定违约' }));
      expect((await api(f.clerk, `/deals/${f.deal.id}`)).status).toBe('DEFAULTED');

      await page.goto('/desk/queues/payouts');
      const row = page.locator('tr.queue-item', { has: page.locator(`a[href="${path}"]`) });
      expect(await row.textContent()).toContain(f.seller.name);
      await Promise.all([page.waitForURL(`**${path}`), row.locator('a.work-link').click()]);
      await expectSoundPage(t, path, cookiesOf(f.clerk));
      await page.fill('#payout-bankRef', 'OUT-0001');
      await submit(page, page.getByRole('button', { name: '登记支付' }));
      expect(page.url()).toContain('?done=payout');
      const again = await t.http
        .post(`/api/v1/deals/${f.deal.id}/payout`)
        .set('Authorization', f.clerk.auth)
        .send({ bankRef: 'OUT-0002' });
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'NOTHING_TO_PAY' });
    } finally {
      await visitor.close();
    }
  });

  it('a deal’s objection: resolving needs a comment; not upheld, the deal can be confirmed', async () => {
    const f = await deal();
    const objector = await t.given.buyer();
    const objection = await t.http
      .post(`/api/v1/deals/${f.deal.id}/objections`)
      .set('Authorization', objector.auth)
      .send({ reason: '成交价明显偏低' })
      .expect(201);
    const path = `/desk/work/deals/${f.deal.id}`;
    await expectSoundPage(t, path, cookiesOf(f.clerk));
    const { visitor, page } = await open(f.clerk, path);
    try {
      expect(await page.locator('main').textContent()).toContain('尚有 1 件未处理的异议');
      const section = page.locator('section.work-objection');
      expect(await section.textContent()).toContain('成交价明显偏低');
      const empty = await submit(page, section.getByRole('button', { name: '异议不成立' }));
      expect(empty?.status()).toBe(400);
      expect(await page.locator(`#comment-${objection.body.id as string}-error`).textContent()).toBe(
        '请填写处理意见（1 至 2000 字）',
      );
      await page.fill(`#comment-${objection.body.id as string}`, '经核实，竞价程序合法，价格不低于底价');
      await submit(page, page.locator('section.work-objection').getByRole('button', { name: '异议不成立' }));
      expect(await page.locator('section.work-objection h3').textContent()).toContain('异议不成立');
      await submit(page, page.getByRole('button', { name: '确认成交' }));
      expect((await api(f.clerk, `/deals/${f.deal.id}`)).status).toBe('CONFIRMED');
    } finally {
      await visitor.close();
    }
  });

  it('the work pages are for clerks: a seller gets 403', async () => {
    const { listing, seller } = await listings.submitted('LAND_CONTRACT');
    const visitor = await newVisitor(t);
    try {
      await visitor.addCookies(cookiesOf(seller));
      const page = await visitor.newPage();
      const res = await page.goto(`/desk/work/listings/${listing.id}`);
      expect(res?.status()).toBe(403);
    } finally {
      await visitor.close();
    }
  });
});
