import type { BrowserContext, Page } from 'playwright-core';
import { eventually } from './support/auction-helpers';
import { consoleErrorsOf, createWebTestApp, newVisitor, sessionCookies, WebTestContext } from './support/browser';
import { TestClock } from './support/clock';
import { Actor } from './support/given';
import { fillLandContractForm, PDF_FILE, uploadThroughPage } from './support/seller-pages';

/**
 * A whole trade in the browser (issue 13 "Done when"): a farmer, a clerk and two buyers, each in their own browser
 * context, from the farmer's draft with a document to the certificate: review → publish (the proposed earliest
 * lawful end) → registrations, qualification, deposits → the live auction → publicity → confirm → contract → both
 * sign → payment → settle → certificate; then the farmer sees the payout and the buyer the certificate, and the
 * loser's deposit is refunded. The announcement and publicity run their real minimum in working days: the test
 * clock moves the platform through them. The API is only read, to check what each step left behind.
 *
 * The lease: 12.5 亩 × 800.00 元/亩/年 × 5 年 (fillLandContractForm), deposit 2,000.00 元, increment 10.00 元.
 */
describe('a whole trade through the pages: farmer, clerk and two buyers', () => {
  let t: WebTestContext;
  let clock: TestClock;
  let clerk: Actor;
  let admin: Actor;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];

  beforeAll(async () => {
    t = await createWebTestApp({
      TEST_CLOCK: 'true',
      // the real minimums (the test app's defaults set them to 0)
      ANNOUNCEMENT_MIN_WORKING_DAYS: '5',
      PUBLICITY_WORKING_DAYS: '5',
    });
    admin = await t.given.admin();
    clock = new TestClock(t, admin);
    clerk = await t.given.clerk();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await t.close();
  });

  /** One person's phone: a browser context signed in as `actor`, one page whose console errors are collected. */
  async function phoneOf(actor: Actor): Promise<Page> {
    const visitor = await newVisitor(t);
    contexts.push(visitor);
    await visitor.addCookies(sessionCookies(t, actor));
    const page = await visitor.newPage();
    errors.push(consoleErrorsOf(page));
    return page;
  }

  /** Follows a link or submits a form, waiting for the page it leads to. */
  async function go(page: Page, click: () => Promise<unknown>): Promise<void> {
    await Promise.all([page.waitForLoadState('load'), page.waitForEvent('framenavigated'), click()]);
  }

  async function api(path: string, who: Actor = clerk): Promise<Record<string, unknown>> {
    return (await t.http.get(`/api/v1${path}`).set('Authorization', who.auth).expect(200)).body;
  }

  /** From the clerk's desk: the queue, then the 办理 link of the row that mentions `rowText`. */
  async function work(page: Page, queue: string, rowText: string): Promise<void> {
    await page.goto('/desk');
    await go(page, () => page.locator('ul.queues a', { hasText: queue }).click());
    await go(page, () => page.locator('tr.queue-item', { hasText: rowText }).locator('a.work-link').click());
  }

  async function notice(page: Page): Promise<string> {
    return ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
  }

  it('runs from the draft to the certificate', async () => {
    const farmer = await t.given.seller();
    const [buyerA, buyerB] = [await t.given.buyer(), await t.given.buyer()];
    const farmerPhone = await phoneOf(farmer);
    const clerkPhone = await phoneOf(clerk);
    const [phoneA, phoneB] = [await phoneOf(buyerA), await phoneOf(buyerB)];

    // 1. the farmer: the wizard, a draft, the ownership certificate, submit
    await farmerPhone.goto('/desk');
    await go(farmerPhone, () => farmerPhone.click('a.new-listing'));
    await go(farmerPhone, () => farmerPhone.click('text=农村承包土地经营权'));
    await fillLandContractForm(farmerPhone, { '#f-title': '西沙洼村 12.5 亩水浇地整片出租' });
    await go(farmerPhone, () => farmerPhone.click('button[value="save"]'));
    const listingId = /\/desk\/listings\/([0-9a-f-]{36})/.exec(farmerPhone.url())?.[1] as string;
    expect(listingId).toBeDefined();
    expect(await api(`/listings/${listingId}`, farmer)).toMatchObject({
      status: 'DRAFT',
      totalReservePriceFen: 5_000_000, // 80,000 × 12.5 × 5
      depositFen: 200_000,
    });
    await uploadThroughPage(farmerPhone, 'OWNERSHIP_CERTIFICATE', {
      name: '承包经营权证.pdf',
      mimeType: 'application/pdf',
      buffer: PDF_FILE,
    });
    await go(farmerPhone, () => farmerPhone.getByRole('button', { name: '提交审核' }).click());
    expect((await api(`/listings/${listingId}`, farmer)).status).toBe('SUBMITTED');

    // 2. the clerk: 待审核 → approve; the listing's page proposes the earliest lawful end → publish it
    await work(clerkPhone, '待审核', '西沙洼村 12.5 亩水浇地整片出租');
    expect(await clerkPhone.locator('a', { hasText: '承包经营权证.pdf' }).count()).toBe(1);
    await go(clerkPhone, () => clerkPhone.getByRole('button', { name: '审核通过' }).click());
    expect((await api(`/listings/${listingId}`)).status).toBe('APPROVED');
    expect(await notice(clerkPhone)).toContain('公告期不少于 5 个工作日');
    const proposedEnd = await clerkPhone.inputValue('#announcementEndsAt');
    await go(clerkPhone, () => clerkPhone.getByRole('button', { name: '发布公告' }).click());
    const announced = await api(`/listings/${listingId}`);
    expect(announced.status).toBe('ANNOUNCED');
    // the datetime-local value is China time, to the minute
    const endsAt = new Date(announced.announcementEndsAt as string);
    expect(new Date(`${proposedEnd}:00+08:00`).getTime()).toBe(endsAt.getTime());
    const listingNo = announced.listingNo as string;

    // 3. the buyers register on the public page; the clerk qualifies them and records their deposits
    for (const phone of [phoneA, phoneB]) {
      await phone.goto(`/listings/${listingNo}`);
      await go(phone, () => phone.getByRole('button', { name: '报名', exact: true }).click());
      expect(new URL(phone.url()).search).toBe('?registered=1');
    }
    const bidderNos = new Map<Actor, string>();
    for (const [i, buyer] of [buyerA, buyerB].entries()) {
      await work(clerkPhone, '待资格审查', buyer.name);
      await go(clerkPhone, () => clerkPhone.getByRole('button', { name: '通过资格审查' }).click());
      await work(clerkPhone, '待登记保证金', buyer.name);
      expect(await clerkPhone.inputValue('#deposit-amount')).toBe('2000.00');
      await clerkPhone.fill('#deposit-bankRef', `BANK-DEP-${i}`);
      await go(clerkPhone, () => clerkPhone.getByRole('button', { name: '登记到账' }).click());
      const mine = (await api('/me/registrations', buyer)) as unknown as { items: Record<string, unknown>[] };
      const registration = mine.items.find((r) => r.listingId === listingId) as Record<string, unknown>;
      expect(registration).toMatchObject({ status: 'DEPOSIT_PAID', bidderNo: expect.any(String) });
      bidderNos.set(buyer, registration.bidderNo as string);
    }

    // 4. the announcement ends: the auction opens; A bids the start price, B one increment more (the rooms, live)
    await clock.moveTo(new Date(endsAt.getTime() + 1000).toISOString());
    const room = `/auctions/${listingNo}`;
    await Promise.all([phoneA.goto(room), phoneB.goto(room)]);
    expect(await phoneA.getByRole('timer').getAttribute('data-ends-at')).toBe(
      (await api(`/listings/${listingId}/auction`)).endsAt,
    );
    await quickBid(phoneA, 0, '800.00 元/亩/年');
    await phoneB.locator('#price', { hasText: '800.00 元/亩/年' }).waitFor();
    await quickBid(phoneB, 0, '810.00 元/亩/年');
    await phoneA.locator('#leader', { hasText: bidderNos.get(buyerB) as string }).waitFor();

    // 5. the bidding ends: B wins; the deal is in publicity (five working days)
    const auction = await api(`/listings/${listingId}/auction`);
    await clock.moveTo(new Date(new Date(auction.endsAt as string).getTime() + 1000).toISOString());
    const deal = await eventually(async () => {
      const found = await api(`/listings/${listingId}/deal`);
      expect(found.status).toBe('PUBLICITY');
      return found;
    });
    expect(deal).toMatchObject({ priceFen: 81_000, totalPriceFen: 5_062_500, buyerBidderNo: bidderNos.get(buyerB) });
    await phoneB.goto(room);
    expect(await phoneB.getByRole('status').textContent()).toContain('竞价结束');

    // 6. publicity over: the clerk confirms the deal and generates the contract
    await clock.moveTo(new Date(new Date(deal.publicityEndsAt as string).getTime() + 1000).toISOString());
    await work(clerkPhone, '待确认', buyerB.name);
    await go(clerkPhone, () => clerkPhone.getByRole('button', { name: '确认成交' }).click());
    await go(clerkPhone, () => clerkPhone.getByRole('button', { name: '生成合同' }).click());
    const contractId = (await api(`/deals/${deal.id as string}`)).contractId as string;
    expect(contractId).toEqual(expect.any(String));

    // 7. both sign on their desks: the farmer from 我的成交, the buyer from /me
    await farmerPhone.goto('/desk');
    await go(farmerPhone, () => farmerPhone.locator('li.my-deal a').first().click());
    expect(new URL(farmerPhone.url()).pathname).toBe(`/desk/contracts/${contractId}`);
    await farmerPhone.fill('#address', '怀安县柴沟堡镇西沙洼村3组12号');
    await go(farmerPhone, () => farmerPhone.getByRole('button', { name: '签署合同' }).click());
    await phoneB.goto('/me');
    await go(phoneB, () => phoneB.locator(`a[href="/desk/contracts/${contractId}"]`).first().click());
    await phoneB.fill('#address', '怀安县怀安城镇东街8号');
    await go(phoneB, () => phoneB.getByRole('button', { name: '签署合同' }).click());
    const signed = await api(`/contracts/${contractId}`);
    expect(signed.status).toBe('SIGNED');
    expect(signed.textZh).toContain('怀安县柴沟堡镇西沙洼村3组12号');
    expect(signed.textZh).toContain('怀安县怀安城镇东街8号');

    // 8. the clerk records the first year's payment (prefilled with what is outstanding) and settles
    const statement = await api(`/contracts/${contractId}/statement`);
    expect(statement.outstandingFen).toBeGreaterThan(0);
    await work(clerkPhone, '待收款', buyerB.name);
    expect(await clerkPhone.inputValue('#payment-amount')).toBe(
      ((statement.outstandingFen as number) / 100).toFixed(2),
    );
    await clerkPhone.fill('#payment-bankRef', 'BANK-PAY-1');
    await go(clerkPhone, () => clerkPhone.getByRole('button', { name: '登记到账' }).click());
    expect((await api(`/contracts/${contractId}/statement`)).outstandingFen).toBe(0);
    await work(clerkPhone, '待结算', buyerB.name);
    await clerkPhone.fill('#settle-bankRef', 'BANK-OUT-1');
    await go(clerkPhone, () => clerkPhone.getByRole('button', { name: '结算', exact: true }).click());
    const settledDeal = await api(`/deals/${deal.id as string}`);
    expect(settledDeal).toMatchObject({ status: 'SETTLED', certificateNo: expect.any(String) });
    const certificateNo = settledDeal.certificateNo as string;

    // 9. the loser's deposit: released at the close, refunded by the clerk from 待退保证金
    await work(clerkPhone, '待退保证金', buyerA.name);
    await clerkPhone.fill('#refund-bankRef', 'BANK-REF-1');
    await go(clerkPhone, () => clerkPhone.getByRole('button', { name: '登记退还' }).click());
    expect(await clerkPhone.locator('#refund-bankRef').count()).toBe(0);

    // 10. the farmer sees the payout; the buyer the certificate, which checks out publicly
    const paidOut = (await api(`/contracts/${contractId}/statement`, farmer)).disbursedToSellerFen as number;
    expect(paidOut).toBe(1_012_500); // the first year: 81,000 × 12.5; a PERSON lister pays no fee
    await farmerPhone.goto('/desk/payments');
    const payout = farmerPhone.locator('tr.ledger-entry[data-kind="PAYOUT"]');
    expect(await payout.textContent()).toContain('10,125.00 元');
    await phoneB.goto(`/desk/contracts/${contractId}`);
    expect(await phoneB.locator('.certificate-no').textContent()).toBe(certificateNo);
    await go(phoneB, () => phoneB.locator('a.certificate-verify').click());
    expect(new URL(phoneB.url()).pathname).toBe(`/verify/${certificateNo}`);
    expect(await notice(phoneB)).toContain(certificateNo);

    // the books balance and the audit chain holds; nobody's phone logged an error
    expect((await api('/ledger/verify')).ok).toBe(true);
    expect((await api('/audit/verify')).ok).toBe(true);
    expect(errors.flat()).toEqual([]);
  }, 240_000);

  /** A quick bid with JavaScript: the dialog shows the amount; 确认出价 posts it. */
  async function quickBid(page: Page, button: number, amount: string): Promise<void> {
    await page.locator('#quick-form button[data-steps]').nth(button).click();
    const dialog = page.locator('#confirm-dialog');
    await dialog.getByRole('button', { name: '确认出价' }).waitFor();
    expect(await dialog.locator('#confirm-amount').textContent()).toBe(amount);
    await dialog.getByRole('button', { name: '确认出价' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('#price', { hasText: amount }).waitFor();
  }
});
