import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { bid, eventually } from './support/auction-helpers';
import { auctionWithBidders, Bidder, sleep } from './support/auctions';
import { consoleErrorsOf, createWebTestApp, expectSoundPage, newVisitor, WebTestContext } from './support/browser';
import { TEST_PASSWORD } from './support/given';
import { ListingFactory } from './support/listings';

/**
 * The bidding room `/auctions/:listingNo` (issue 12 item 4; API.md "Web pages"): the state and history rendered on
 * the server, live with JavaScript (the API's SSE stream, a countdown on the server's clock, 竞价已延时 and 竞价结束
 * in `role="status"`), quick bids through a confirmation (元 and 大写, 确认出价) posted with one Idempotency-Key,
 * and the same with plain forms when JavaScript is off.
 *
 * The test listing (test/support/listings.ts): reserve 10,000.00 元/年, increment 100.00 元, deposit 2,000.00 元.
 */
const EXTENSION_SECONDS = 5;

describe('the bidding room', () => {
  let t: WebTestContext;
  beforeAll(async () => {
    t = await createWebTestApp({ AUCTION_EXTENSION_SECONDS: String(EXTENSION_SECONDS) });
  });
  afterAll(() => t.close());

  /** Signs a bidder in through `/login` in their own browser context. */
  async function signIn(visitor: BrowserContext, bidder: Bidder): Promise<Page> {
    const page = await visitor.newPage();
    await page.goto('/login?next=/me');
    await page.getByLabel('手机号').fill(bidder.phone);
    await page.getByLabel('密码').fill(TEST_PASSWORD);
    await Promise.all([page.waitForURL('**/me'), page.getByRole('button', { name: '登录' }).click()]);
    return page;
  }

  async function auctionState(listingId: string): Promise<Record<string, unknown>> {
    return (await t.http.get(`/api/v1/listings/${listingId}/auction`).expect(200)).body;
  }

  /** Waits until the platform has opened the auction (its ticker, when the announcement ends). */
  function opened(listingId: string): Promise<Record<string, unknown>> {
    return eventually(async () => {
      const state = await auctionState(listingId);
      expect(state.status).toBe('OPEN');
      return state;
    }, 15_000);
  }

  /** The bid count and latest bids, as the API tells them. */
  async function bidsOf(listingId: string): Promise<{ total: number; items: { amountFen: number }[] }> {
    return (await t.http.get(`/api/v1/listings/${listingId}/auction/bids`).expect(200)).body;
  }

  const statusOf = (page: Page) => page.getByRole('status');
  const priceOf = async (page: Page) => (await page.locator('#price').textContent())?.trim();

  /** A quick bid with JavaScript: the dialog shows the amount in 元 and 大写; 确认出价 posts it. */
  async function quickBid(page: Page, button: number, amount: string, words: string): Promise<void> {
    await page.locator('#quick-form button[data-steps]').nth(button).click();
    const dialog = page.locator('#confirm-dialog');
    await dialog.getByRole('button', { name: '确认出价' }).waitFor();
    expect(await dialog.locator('#confirm-amount').textContent()).toBe(amount);
    expect(await dialog.locator('#confirm-words').textContent()).toBe(words);
    await dialog.getByRole('button', { name: '确认出价' }).click();
    await page.locator('#confirm-dialog').waitFor({ state: 'hidden' });
  }

  it('a whole auction, live: two buyers see each other’s bids, a late bid extends it, the close shows the result', async () => {
    const { listing, bidders } = await auctionWithBidders(t, { announceMs: 4000, biddingMs: 20_000 });
    const [a, b] = bidders;
    const room = `/auctions/${listing.listingNo as string}`;
    const visitorA = await newVisitor(t);
    const visitorB = await newVisitor(t, { width: 1280, height: 800 });
    try {
      const [pageA, pageB] = await Promise.all([signIn(visitorA, a), signIn(visitorB, b)]);
      const errorsA = consoleErrorsOf(pageA);
      const errorsB = consoleErrorsOf(pageB);
      await opened(listing.id);
      await Promise.all([pageA.goto(room), pageB.goto(room)]);
      // the countdown is on the server's clock, with the end as data
      const endsAt = await pageA.getByRole('timer').getAttribute('data-ends-at');
      expect(endsAt).toBe((await auctionState(listing.id)).endsAt);
      expect(await pageA.getByRole('timer').textContent()).toMatch(/^00:00:\d\d$/);
      // before the first bid the quick bids are the start price plus 0, 1 and 4 increments
      const amounts = await pageA
        .locator('#quick-form button[data-steps]')
        .evaluateAll((buttons) => buttons.map((button) => (button as unknown as { value: string }).value));
      expect(amounts).toEqual(['1000000', '1010000', '1040000']);

      // A bids the start price: B sees it without reloading
      await quickBid(pageA, 0, '10,000.00 元/年', '壹万元整');
      expect(await pageA.locator('#leader').textContent()).toContain('您是最高出价人');
      await pageB.locator('#price', { hasText: '10,000.00 元/年' }).waitFor();
      expect(await pageB.locator('#leader').textContent()).toContain(a.bidderNo);
      expect(await pageB.locator('#leader').textContent()).not.toContain('您是最高出价人');
      await pageB.locator(`#history tr[data-seq="1"]`, { hasText: a.bidderNo }).waitFor();

      // B answers with +1 increment: A sees it without reloading, and is no longer the leader
      expect(await pageB.locator('#quick-form button[data-steps="1"]').getAttribute('value')).toBe('1010000');
      await quickBid(pageB, 0, '10,100.00 元/年', '壹万零壹佰元整');
      await pageA.locator('#price', { hasText: '10,100.00 元/年' }).waitFor();
      await pageA.locator('#leader', { hasText: b.bidderNo }).waitFor();
      expect(await pageA.locator('#leader').textContent()).not.toContain('您是最高出价人');
      expect(await pageA.locator('#history tr').count()).toBe(2);
      // bidders appear by number only
      for (const page of [pageA, pageB]) {
        const text = (await page.locator('main').textContent()) ?? '';
        expect(text).not.toContain(a.name);
        expect(text).not.toContain(b.name);
      }

      // a bid within the last EXTENSION_SECONDS moves the end: both see 竞价已延时
      const before = new Date((await auctionState(listing.id)).endsAt as string).getTime();
      await sleep(before - Date.now() - (EXTENSION_SECONDS - 2) * 1000);
      await quickBid(pageA, 0, '10,200.00 元/年', '壹万零贰佰元整');
      for (const page of [pageA, pageB]) {
        await statusOf(page).filter({ hasText: '竞价已延时' }).waitFor({ timeout: 5000 });
        const moved = await page.getByRole('timer').getAttribute('data-ends-at');
        expect(new Date(moved as string).getTime()).toBeGreaterThan(before);
      }

      // the close: 竞价结束 with the winning price, on both pages, without reloading
      for (const page of [pageA, pageB]) {
        await statusOf(page).filter({ hasText: '竞价结束' }).waitFor({ timeout: 20_000 });
        expect(await statusOf(page).textContent()).toContain('成交价 10,200.00 元/年');
        expect(await statusOf(page).textContent()).toContain(a.bidderNo);
        expect(await page.locator('#quick-form').isHidden()).toBe(true);
      }
      // and so does the page rendered on the server
      const html = await request(t.baseUrl).get(room).expect(200);
      expect(html.text).toContain(`竞价结束：成交价 10,200.00 元/年，竞得人竞买号 ${a.bidderNo}`);
      const closed = await auctionState(listing.id);
      expect([closed.status, closed.currentPriceFen, closed.leadingBidderNo]).toEqual([
        'CLOSED',
        1_020_000,
        a.bidderNo,
      ]);
      expect(errorsA).toEqual([]);
      expect(errorsB).toEqual([]);
    } finally {
      await visitorA.close();
      await visitorB.close();
    }
  });

  describe('an open auction', () => {
    let listing: Record<string, unknown> & { id: string };
    let bidders: Bidder[];
    let room: string;
    beforeAll(async () => {
      ({ listing, bidders } = await auctionWithBidders(t, { announceMs: 4000, biddingMs: 10 * 60_000 }));
      room = `/auctions/${listing.listingNo as string}`;
      await opened(listing.id);
    });

    it('works without JavaScript: quick bid → confirmation page (元 and 大写) → 确认出价; refusals in Chinese', async () => {
      const visitor = await newVisitor(t, { javaScriptEnabled: false });
      try {
        const page = await signIn(visitor, bidders[0]);
        await page.goto(room);
        expect(await page.locator('#price').textContent()).toBe('暂无出价');
        expect(await page.getByRole('timer').getAttribute('data-ends-at')).toBe(
          (await auctionState(listing.id)).endsAt,
        );
        await Promise.all([
          page.waitForURL((url) => url.pathname.endsWith('/confirm')),
          page.locator('#quick-form button[data-steps]').first().click(),
        ]);
        expect(await page.locator('h1').textContent()).toBe('确认出价');
        expect(await page.locator('#confirm-amount').textContent()).toBe('10,000.00 元/年');
        expect(await page.locator('#confirm-words').textContent()).toBe('壹万元整');
        await Promise.all([
          page.waitForURL((url) => url.pathname === room),
          page.getByRole('button', { name: '确认出价' }).click(),
        ]);
        expect(await page.locator('.ok').textContent()).toContain('出价成功：10,000.00 元/年');
        expect(await priceOf(page)).toBe('10,000.00 元/年');
        expect(await page.locator('#leader').textContent()).toContain('您是最高出价人');
        expect(await page.locator('#history tr.mine').count()).toBe(1);

        // a refusal comes back to the room in Chinese: one cannot outbid oneself
        await page.goto(`${room}/confirm?amountFen=1010000`);
        await Promise.all([
          page.waitForURL((url) => url.pathname === room),
          page.getByRole('button', { name: '确认出价' }).click(),
        ]);
        expect(await page.getByRole('alert').textContent()).toContain('您已是最高出价人');
        expect((await bidsOf(listing.id)).total).toBe(1);
      } finally {
        await visitor.close();
      }
    });

    it('a double-submitted confirmation places one bid (one Idempotency-Key per confirmation)', async () => {
      const visitor = await newVisitor(t, { javaScriptEnabled: false });
      try {
        const page = await signIn(visitor, bidders[1]);
        const before = (await bidsOf(listing.id)).total;
        const current = (await auctionState(listing.id)).currentPriceFen as number | null;
        const amount = current === null ? 1_000_000 : current + 10_000;
        await page.goto(`${room}/confirm?amountFen=${amount}`);
        const form = page.locator('form#confirm-form');
        const fields = Object.fromEntries(
          await form
            .locator('input[type="hidden"]')
            .evaluateAll((inputs) =>
              inputs.map((i) => [(i as unknown as { name: string }).name, (i as unknown as { value: string }).value]),
            ),
        ) as Record<string, string>;
        expect(Object.keys(fields).sort()).toEqual(['_csrf', 'amountFen', 'idempotencyKey']);
        // the same confirmation submitted twice at once, then once more, then clicked in the browser
        const post = () => visitor.request.post(`${room}/bids`, { form: fields, maxRedirects: 0 });
        const answers = await Promise.all([post(), post()]);
        answers.push(await post());
        for (const answer of answers) {
          expect(answer.status()).toBe(303);
          expect(answer.headers().location).toMatch(new RegExp(`^${room}\\?(placed=\\d+|pending=1)$`));
        }
        await Promise.all([
          page.waitForURL((url) => url.pathname === room),
          page.getByRole('button', { name: '确认出价' }).click(),
        ]);
        expect(await page.locator('.ok').textContent()).toContain('出价成功');
        const after = await bidsOf(listing.id);
        expect(after.total).toBe(before + 1);
        expect(after.items[0].amountFen).toBe(amount);

        // a new confirmation is a new key: the same amount again is now refused as too low... or already leading
        await page.goto(`${room}/confirm?amountFen=${amount}`);
        await Promise.all([
          page.waitForURL((url) => url.pathname === room),
          page.getByRole('button', { name: '确认出价' }).click(),
        ]);
        expect(await page.getByRole('alert').textContent()).toContain('出价未成功');
        expect((await bidsOf(listing.id)).total).toBe(before + 1);
      } finally {
        await visitor.close();
      }
    });

    it('refuses a bid POST without a valid _csrf with 403, and a signed-out one', async () => {
      const visitor = await newVisitor(t, { javaScriptEnabled: false });
      try {
        await signIn(visitor, bidders[0]);
        const before = (await bidsOf(listing.id)).total;
        const form = { amountFen: '9990000', idempotencyKey: 'k-no-csrf' };
        const refused = await visitor.request.post(`${room}/bids`, { form, maxRedirects: 0 });
        expect(refused.status()).toBe(403);
        expect(refused.headers()['content-type']).toMatch(/^text\/html/);
        const forged = await visitor.request.post(`${room}/bids`, {
          form: { ...form, _csrf: 'forged' },
          maxRedirects: 0,
        });
        expect(forged.status()).toBe(403);
        const script = await visitor.request.post(`${room}/bids`, {
          data: { amountFen: 9_990_000 },
          headers: { 'Idempotency-Key': 'k-no-csrf-2' },
          maxRedirects: 0,
        });
        expect(script.status()).toBe(403);
        await request(t.baseUrl).post(`${room}/bids`).type('form').send(form).expect(401);
        expect((await bidsOf(listing.id)).total).toBe(before);
      } finally {
        await visitor.close();
      }
    });

    it('reconnects after a dropped stream and catches up with what it missed', async () => {
      const visitor = await newVisitor(t);
      try {
        const page = await visitor.newPage();
        await page.goto(room);
        const state = await auctionState(listing.id);
        const leaderNo = state.leadingBidderNo as string;
        const next = bidders.find((x) => x.bidderNo !== leaderNo) as Bidder;
        await sleep(1000); // the stream is open
        const catchUps: string[] = [];
        page.on('request', (r) => {
          if (new URL(r.url()).pathname === `/api/v1/listings/${listing.id}/auction`) catchUps.push(r.url());
        });
        // every connection of the server dropped (the stream with them); a bid is placed meanwhile
        t.app.getHttpServer().closeAllConnections();
        const amount = (state.currentPriceFen as number) + 10_000;
        await bid(t, listing.id, next, amount).expect(201);
        await page.locator(`#history tr`, { hasText: next.bidderNo }).first().waitFor({ timeout: 15_000 });
        await page.locator('#price', { hasText: `${(amount / 100).toLocaleString('en-US')}.00 元/年` }).waitFor();
        expect(catchUps.length).toBeGreaterThan(0); // the reopened stream re-read the state
      } finally {
        await visitor.close();
      }
    });

    it('counts down on the server’s clock, whatever the browser’s clock says', async () => {
      const visitor = await newVisitor(t);
      try {
        const page = await visitor.newPage();
        await page.clock.install({ time: Date.now() + 3 * 3600_000 }); // this phone's clock is 3 hours fast
        await page.goto(room);
        await page.clock.runFor(2000);
        const state = await auctionState(listing.id);
        const left = Math.floor(
          (new Date(state.endsAt as string).getTime() - new Date(state.serverTime as string).getTime()) / 1000,
        );
        const shown = ((await page.getByRole('timer').textContent()) ?? '').split(':').map(Number);
        const seconds = shown[0] * 3600 + shown[1] * 60 + shown[2];
        expect(Math.abs(seconds - left)).toBeLessThanOrEqual(5);
      } finally {
        await visitor.close();
      }
    });

    it('the room is a sound page (200, no console error, no sideways scroll at 360 px, no serious axe violation, no JS needed)', async () => {
      await expectSoundPage(t, room);
    });

    it('shows bidder numbers only and the viewer’s own highlighted', async () => {
      const visitor = await newVisitor(t, { javaScriptEnabled: false });
      try {
        const page = await signIn(visitor, bidders[0]);
        await page.goto(room);
        const text = (await page.locator('main').textContent()) ?? '';
        for (const bidder of bidders) {
          expect(text).not.toContain(bidder.name);
          expect(text).not.toContain(bidder.phone);
        }
        expect(await page.locator('dl.room-facts strong.mine').textContent()).toBe(bidders[0].bidderNo);
      } finally {
        await visitor.close();
      }
    });
  });

  it('answers a listing without an auction, or no listing, with an HTML 404', async () => {
    const { listing } = await new ListingFactory(t.http, t.given).announced();
    for (const path of [`/auctions/${listing.listingNo as string}`, '/auctions/NO-SUCH-1']) {
      const res = await request(t.baseUrl).get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('未找到');
    }
  });
});
