import { sleep } from './support/auctions';
import {
  after,
  approvedListing,
  balances,
  bid,
  Enrolled,
  enrol,
  eventually,
  expectAnonymous,
  expectLedgerOk,
  knownBuyer,
  knownBuyers,
  Listing,
  listingStatus,
  publish,
  SseClient,
  Timeline,
} from './support/auction-helpers';
import { Actor } from './support/given';
import { createTestApp, TestContext } from './support/test-app';

/** API.md "Auction", the deal rows, `POST /listings/:id/negotiated-deal`; DOMAIN.md §1 (priority right), §2 steps 5-6. */
const EXTENSION_SECONDS = 2;

describe('online auction rules (网络竞价)', () => {
  let t: TestContext;
  let clerk: Actor;

  const auctionOf = (listingId: string, actor?: Actor) => {
    const req = t.http.get(`/api/v1/listings/${listingId}/auction`);
    if (actor) req.set('Authorization', actor.auth);
    return req;
  };
  const dealOf = (listingId: string, actor?: Actor) => {
    const req = t.http.get(`/api/v1/listings/${listingId}/deal`);
    if (actor) req.set('Authorization', actor.auth);
    return req;
  };
  /** Waits for the auction's (possibly extended) end and for the platform to close it. */
  async function closeOf(listingId: string): Promise<Record<string, unknown>> {
    const { endsAt } = (await auctionOf(listingId).expect(200)).body;
    await after(t, endsAt);
    return eventually(async () => {
      const res = await auctionOf(listingId).expect(200);
      expect(res.body.status).toBe('CLOSED');
      return res.body;
    });
  }

  beforeAll(async () => {
    t = await createTestApp({ AUCTION_EXTENSION_SECONDS: String(EXTENSION_SECONDS) });
    clerk = await t.given.clerk();
  });
  afterEach(() => expectLedgerOk(t, clerk)); // after every scenario: the escrow ledger's invariants hold
  afterAll(() => t.close());

  it('at the end of the announcement: 0 paid → FAILED, 1 → SINGLE_BIDDER at the reserve, ≥2 → SCHEDULED then OPEN at biddingStartsAt; no bid → FAILED, deposits released', async () => {
    const [none, single, pair] = await Promise.all([
      approvedListing(t, clerk),
      approvedListing(t, clerk),
      approvedListing(t, clerk),
    ]);
    const [u0, s1, x, y] = await knownBuyers(t, 4);

    const p0 = await publish(t, clerk, none.listing.id, { announceMs: 3000 });
    const p1 = await publish(t, clerk, single.listing.id, { announceMs: 3000 });
    const p2 = await publish(t, clerk, pair.listing.id, { announceMs: 3000, startDelayMs: 2000, biddingMs: 1500 });
    await enrol(t, clerk, p0.listing, u0, { pay: false }); // qualified, never paid: not a bidder
    const only = await enrol(t, clerk, p1.listing, s1);
    const bx = await enrol(t, clerk, p2.listing, x);
    const by = await enrol(t, clerk, p2.listing, y);

    // nothing to show before the announcement ends
    for (const p of [p0, p1, p2]) {
      expect((await auctionOf(p.listing.id).expect(404)).body.code).toBe('NOT_FOUND');
    }

    await after(t, new Date(Math.max(+p0.announcementEndsAt, +p1.announcementEndsAt, +p2.announcementEndsAt)));

    // 0 paid: 流拍
    await eventually(async () => expect(await listingStatus(t, p0.listing.id, clerk)).toBe('FAILED'));
    await auctionOf(p0.listing.id).expect(404);

    // exactly 1: 协议转让 at the reserve
    await eventually(async () => expect(await listingStatus(t, p1.listing.id, clerk)).toBe('SOLD'));
    const deal = await dealOf(p1.listing.id).expect(200);
    expect(deal.body).toMatchObject({
      listingId: p1.listing.id,
      method: 'SINGLE_BIDDER',
      priceFen: p1.listing.reservePriceFen,
      totalPriceFen: p1.listing.totalReservePriceFen,
      buyerBidderNo: only.bidderNo,
      status: 'PUBLICITY',
    });
    await auctionOf(p1.listing.id).expect(404);

    // 2 paid: scheduled for biddingStartsAt, not open before it
    const scheduled = await eventually(async () => (await auctionOf(p2.listing.id).expect(200)).body);
    expect(scheduled).toMatchObject({
      status: 'SCHEDULED',
      direction: 'ASCENDING',
      startPriceFen: p2.listing.reservePriceFen,
      incrementFen: p2.listing.incrementFen,
      currentPriceFen: null,
      bidCount: 0,
      extensionSeconds: EXTENSION_SECONDS,
    });
    expect(new Date(scheduled.startsAt).getTime()).toBe(p2.biddingStartsAt.getTime());
    expect(new Date(scheduled.endsAt).getTime()).toBe(p2.biddingEndsAt.getTime());
    expect(Number.isNaN(new Date(scheduled.serverTime).getTime())).toBe(false);
    expect(await listingStatus(t, p2.listing.id, clerk)).toBe('ANNOUNCED');
    const early = await bid(t, p2.listing.id, x, p2.listing.reservePriceFen).expect(409);
    expect(early.body).toMatchObject({ statusCode: 409, code: 'AUCTION_NOT_OPEN' });

    await after(t, p2.biddingStartsAt);
    await eventually(async () => expect((await auctionOf(p2.listing.id).expect(200)).body.status).toBe('OPEN'));
    expect(await listingStatus(t, p2.listing.id, clerk)).toBe('BIDDING');

    // no bid until the end: 流拍, both deposits released for refund
    const closed = await closeOf(p2.listing.id);
    expect(closed).toMatchObject({ bidCount: 0, currentPriceFen: null, leadingBidderNo: null });
    await eventually(async () => expect(await listingStatus(t, p2.listing.id, clerk)).toBe('FAILED'));
    await dealOf(p2.listing.id).expect(404);
    const late = await bid(t, p2.listing.id, y, p2.listing.reservePriceFen).expect(409);
    expect(late.body.code).toBe('AUCTION_NOT_OPEN');
    const accounts = await balances(t, clerk);
    for (const r of [bx, by]) {
      expect(accounts.get(`DEPOSITS_HELD:${r.registrationId}`)).toBe(0);
      expect(accounts.get(`REFUNDS_PAYABLE:${r.registrationId}`)).toBe(p2.listing.depositFen);
    }
    await expectLedgerOk(t, clerk);
  });

  describe('an open ascending auction', () => {
    let listing: Listing;
    let timeline: Timeline;
    let a: Enrolled, b: Enrolled, c: Enrolled, unpaid: Enrolled;
    let stranger: Actor & { fullIdNumber: string; fullPhone: string };
    let sse: SseClient;
    let start: number, inc: number;
    /** 201 bodies of the early bids (placed well before the last extensionSeconds). */
    const early: Record<string, unknown>[] = [];

    beforeAll(async () => {
      const [{ listing: approved }, buyers, outsider] = await Promise.all([
        approvedListing(t, clerk),
        knownBuyers(t, 4),
        knownBuyer(t),
      ]);
      stranger = outsider;
      const published = await publish(t, clerk, approved.id, { announceMs: 3000, biddingMs: 6000 });
      ({ listing } = published);
      timeline = published;
      [a, b, c] = [
        await enrol(t, clerk, listing, buyers[0]),
        await enrol(t, clerk, listing, buyers[1]),
        await enrol(t, clerk, listing, buyers[2]),
      ];
      unpaid = await enrol(t, clerk, listing, buyers[3], { pay: false });
      start = listing.reservePriceFen as number;
      inc = listing.incrementFen as number;
      await after(t, timeline.announcementEndsAt);
      await eventually(async () => expect((await auctionOf(listing.id).expect(200)).body.status).toBe('OPEN'));
      sse = await SseClient.open(t, listing.id); // the events of an auction exist once it does: before any bid
    });
    afterAll(() => sse?.close());

    it('403 NOT_QUALIFIED_BIDDER for a buyer without a registration and for a registered buyer without a paid deposit; 401 without a token', async () => {
      for (const who of [stranger, unpaid]) {
        const res = await bid(t, listing.id, who, start).expect(403);
        expect(res.body).toMatchObject({ statusCode: 403, code: 'NOT_QUALIFIED_BIDDER' });
      }
      await bid(t, listing.id, undefined, start).expect(401);
      expect((await auctionOf(listing.id).expect(200)).body.bidCount).toBe(0);
    });

    it('400 VALIDATION_FAILED for a bad amount', async () => {
      for (const amountFen of ['1000000', 1000000.5, -10000, 0, null, undefined, [1000000], { v: 1 }, 2 ** 60]) {
        const res = await bid(t, listing.id, a, amountFen);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('amountFen');
      }
      const extra = await t.http
        .post(`/api/v1/listings/${listing.id}/auction/bids`)
        .set('Authorization', a.auth)
        .send({ amountFen: start, bidderNo: a.bidderNo })
        .expect(400);
      expect(extra.body.code).toBe('VALIDATION_FAILED');
      await t.http
        .post(`/api/v1/listings/not-a-uuid/auction/bids`)
        .set('Authorization', a.auth)
        .send({ amountFen: start })
        .expect(400);
      expect((await auctionOf(listing.id).expect(200)).body.bidCount).toBe(0);
    });

    it('first bid ≥ start and on the increment; Idempotency-Key replays; a leader cannot outbid itself; later bids beat the price by the increment', async () => {
      expect((await bid(t, listing.id, a, start - inc).expect(422)).body.code).toBe('BID_TOO_LOW');
      expect((await bid(t, listing.id, a, start + inc / 2).expect(422)).body.code).toBe('BID_NOT_ON_INCREMENT');
      expect((await bid(t, listing.id, a, start + 1).expect(422)).body.code).toBe('BID_NOT_ON_INCREMENT');

      const key = `bid-${a.registrationId}-1`;
      const first = await bid(t, listing.id, a, start, key).expect(201);
      expect(first.body).toMatchObject({ seq: 1, amountFen: start, bidderNo: a.bidderNo });
      expect(new Date(first.body.endsAt).getTime()).toBe(timeline.biddingEndsAt.getTime());
      early.push(first.body);
      const replay = await bid(t, listing.id, a, start, key).expect(201);
      expect(replay.body).toEqual(first.body);
      const reused = await bid(t, listing.id, a, start + inc, key).expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      let state = (await auctionOf(listing.id).expect(200)).body;
      expect(state).toMatchObject({ bidCount: 1, currentPriceFen: start, leadingBidderNo: a.bidderNo });
      expect((await t.http.get(`/api/v1/listings/${listing.id}/auction/bids`).expect(200)).body.total).toBe(1);

      const own = await bid(t, listing.id, a, start + inc).expect(409);
      expect(own.body).toMatchObject({ statusCode: 409, code: 'ALREADY_LEADING' });

      expect((await bid(t, listing.id, b, start).expect(422)).body.code).toBe('BID_TOO_LOW'); // equal: no tie
      expect((await bid(t, listing.id, b, start + inc + inc / 2).expect(422)).body.code).toBe('BID_NOT_ON_INCREMENT');
      const second = await bid(t, listing.id, b, start + inc).expect(201);
      expect(second.body).toMatchObject({ seq: 2, amountFen: start + inc, bidderNo: b.bidderNo });
      early.push(second.body);
      const third = await bid(t, listing.id, c, start + 3 * inc).expect(201); // a jump of several increments
      expect(third.body).toMatchObject({ seq: 3, amountFen: start + 3 * inc, bidderNo: c.bidderNo });
      early.push(third.body);
      expect((await bid(t, listing.id, b, start + 3 * inc).expect(422)).body.code).toBe('BID_TOO_LOW');

      // the replay still answers the first response, and books nothing
      expect((await bid(t, listing.id, a, start, key).expect(201)).body).toEqual(first.body);
      state = (await auctionOf(listing.id).expect(200)).body;
      expect(state).toMatchObject({ status: 'OPEN', bidCount: 3, currentPriceFen: start + 3 * inc });
      expect(state.leadingBidderNo).toBe(c.bidderNo);
      await expectLedgerOk(t, clerk);
    });

    it('bid history: newest first with seq, bidderNo, amountFen, placedAt; nobody is named in the public views', async () => {
      const history = await t.http.get(`/api/v1/listings/${listing.id}/auction/bids`).expect(200);
      expect(history.body).toMatchObject({ total: 3, page: 1 });
      const items = history.body.items as { seq: number; bidderNo: string; amountFen: number; placedAt: string }[];
      expect(items.map((i) => i.seq)).toEqual([3, 2, 1]);
      expect(items.map((i) => i.bidderNo)).toEqual([c.bidderNo, b.bidderNo, a.bidderNo]);
      expect(items.map((i) => i.amountFen)).toEqual([start + 3 * inc, start + inc, start]);
      for (const item of items) expect(Object.keys(item).sort()).toEqual(['amountFen', 'bidderNo', 'placedAt', 'seq']);
      const times = items.map((i) => new Date(i.placedAt).getTime());
      expect([...times].sort((p, q) => q - p)).toEqual(times);
      expect(items.map((i) => i.placedAt)).toEqual(early.map((e) => e.placedAt).reverse());

      const page2 = await t.http.get(`/api/v1/listings/${listing.id}/auction/bids?page=2&pageSize=1`).expect(200);
      expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
      expect(page2.body.items.map((i: { seq: number }) => i.seq)).toEqual([2]);

      const anonymous = await auctionOf(listing.id).expect(200);
      expect(anonymous.body.myBidderNo).toBeUndefined();
      const asA = await auctionOf(listing.id, a).expect(200);
      expect(asA.body.myBidderNo).toBe(a.bidderNo);
      const asB = await auctionOf(listing.id, b).expect(200);
      expect(asB.body.myBidderNo).toBe(b.bidderNo);
      const people = [a, b, c, unpaid];
      for (const body of [history.body, anonymous.body, asA.body, asB.body]) {
        expectAnonymous(JSON.stringify(body), people);
      }
    });

    it(`a bid outside the last extensionSeconds leaves endsAt; one inside moves it to placedAt + ${EXTENSION_SECONDS} s`, async () => {
      for (const body of early) {
        expect(new Date(body.placedAt as string).getTime()).toBeLessThan(
          timeline.biddingEndsAt.getTime() - EXTENSION_SECONDS * 1000,
        );
        expect(new Date(body.endsAt as string).getTime()).toBe(timeline.biddingEndsAt.getTime());
      }
      const before = (await auctionOf(listing.id).expect(200)).body;
      expect(new Date(before.endsAt).getTime()).toBe(timeline.biddingEndsAt.getTime());
      expect(before.extensionSeconds).toBe(EXTENSION_SECONDS);

      await sleep(timeline.biddingEndsAt.getTime() - Date.now() - 1000); // inside the last 2 s
      const late = await bid(t, listing.id, a, start + 4 * inc).expect(201);
      const placedAt = new Date(late.body.placedAt).getTime();
      expect(placedAt).toBeGreaterThan(timeline.biddingEndsAt.getTime() - EXTENSION_SECONDS * 1000);
      expect(new Date(late.body.endsAt).getTime()).toBe(placedAt + EXTENSION_SECONDS * 1000);
      expect(new Date(late.body.endsAt).getTime()).toBeGreaterThan(timeline.biddingEndsAt.getTime());
      const state = (await auctionOf(listing.id).expect(200)).body;
      expect(new Date(state.endsAt).getTime()).toBe(placedAt + EXTENSION_SECONDS * 1000);
      expect(state).toMatchObject({ status: 'OPEN', currentPriceFen: start + 4 * inc, leadingBidderNo: a.bidderNo });
    });

    it('closes at endsAt: the highest bid wins, 409 AUCTION_NOT_OPEN afterwards, losers’ deposits released, the public deal names nobody', async () => {
      const closed = await closeOf(listing.id);
      expect(closed).toMatchObject({ currentPriceFen: start + 4 * inc, leadingBidderNo: a.bidderNo, bidCount: 4 });
      await eventually(async () => expect(await listingStatus(t, listing.id, clerk)).toBe('SOLD'));
      const tooLate = await bid(t, listing.id, b, start + 5 * inc).expect(409);
      expect(tooLate.body).toMatchObject({ statusCode: 409, code: 'AUCTION_NOT_OPEN' });

      const deal = await dealOf(listing.id).expect(200);
      expect(deal.body).toMatchObject({
        method: 'AUCTION',
        priceFen: start + 4 * inc,
        buyerBidderNo: a.bidderNo,
        status: 'PUBLICITY',
      });
      const publicDeal = await t.http.get(`/api/v1/deals/${deal.body.id}`).expect(200);
      expect(publicDeal.body).toMatchObject({ id: deal.body.id, buyerBidderNo: a.bidderNo, priceFen: start + 4 * inc });
      expectAnonymous(JSON.stringify(publicDeal.body), [a, b, c, unpaid]);
      expectAnonymous(JSON.stringify(deal.body), [a, b, c, unpaid]);
      const bidsAfter = await t.http.get(`/api/v1/listings/${listing.id}/auction/bids`).expect(200);
      expectAnonymous(JSON.stringify(bidsAfter.body), [a, b, c, unpaid]);
      expectAnonymous(JSON.stringify((await auctionOf(listing.id).expect(200)).body), [a, b, c, unpaid]);

      const accounts = await balances(t, clerk);
      const d = listing.depositFen as number;
      expect(accounts.get(`DEPOSITS_HELD:${a.registrationId}`)).toBe(d);
      for (const loser of [b, c]) {
        expect(accounts.get(`DEPOSITS_HELD:${loser.registrationId}`)).toBe(0);
        expect(accounts.get(`REFUNDS_PAYABLE:${loser.registrationId}`)).toBe(d);
      }
      await expectLedgerOk(t, clerk);
    });

    it('SSE: bid, extended and closed events, each { type, auction, bid? }, naming nobody', async () => {
      expect(sse.status).toBe(200);
      expect(sse.contentType).toContain('text/event-stream');
      const bids = await sse.waitFor('bid', 4);
      const [extended] = await sse.waitFor('extended', 1);
      const [closed] = await sse.waitFor('closed', 1);

      expect(bids[0].data).toMatchObject({
        type: 'bid',
        auction: { status: 'OPEN', currentPriceFen: start, leadingBidderNo: a.bidderNo, bidCount: 1 },
        bid: { seq: 1, bidderNo: a.bidderNo, amountFen: start },
      });
      expect(bids.map((e) => (e.data.bid as { seq: number }).seq)).toEqual([1, 2, 3, 4]);
      for (const e of [...bids, extended, closed]) {
        const auction = e.data.auction as Record<string, unknown>;
        expect(auction).toBeDefined();
        expect(auction.myBidderNo).toBeUndefined();
        for (const k of ['status', 'direction', 'startsAt', 'endsAt', 'startPriceFen', 'incrementFen', 'bidCount']) {
          expect(auction).toHaveProperty(k);
        }
      }
      expect(extended.data).toMatchObject({ type: 'extended', auction: { currentPriceFen: start + 4 * inc } });
      const lateBid = bids[3].data.bid as { placedAt: string };
      expect(new Date((extended.data.auction as { endsAt: string }).endsAt).getTime()).toBe(
        new Date(lateBid.placedAt).getTime() + EXTENSION_SECONDS * 1000,
      );
      expect(closed.data).toMatchObject({
        type: 'closed',
        auction: { status: 'CLOSED', currentPriceFen: start + 4 * inc, leadingBidderNo: a.bidderNo },
      });
      expectAnonymous(sse.text, [a, b, c, unpaid]);
    });
  });

  describe('priority right and the reverse auction', () => {
    let land: Listing, procurement: Listing;
    let landTimes: Timeline, procurementTimes: Timeline;
    let p: Enrolled, q: Enrolled, x: Enrolled, y: Enrolled; // LAND_CONTRACT: p and q hold the priority right
    let s1: Enrolled, s2: Enrolled; // AGRI_PROJECT suppliers

    beforeAll(async () => {
      const [l, r, buyers] = await Promise.all([
        approvedListing(t, clerk, 'LAND_CONTRACT'),
        approvedListing(t, clerk, 'AGRI_PROJECT'),
        knownBuyers(t, 6),
      ]);
      expect(r.seller.roles).toContain('seller');
      const pl = await publish(t, clerk, l.listing.id, { announceMs: 3000, biddingMs: 5000 });
      const pr = await publish(t, clerk, r.listing.id, { announceMs: 3000, biddingMs: 5000 });
      [land, landTimes, procurement, procurementTimes] = [pl.listing, pl, pr.listing, pr];
      p = await enrol(t, clerk, land, buyers[0], { priority: true });
      q = await enrol(t, clerk, land, buyers[1], { priority: true });
      x = await enrol(t, clerk, land, buyers[2]);
      y = await enrol(t, clerk, land, buyers[3]);
      s1 = await enrol(t, clerk, procurement, buyers[4]);
      s2 = await enrol(t, clerk, procurement, buyers[5]);
      await after(t, new Date(Math.max(+landTimes.announcementEndsAt, +procurementTimes.announcementEndsAt)));
      for (const id of [land.id, procurement.id]) {
        await eventually(async () => expect((await auctionOf(id).expect(200)).body.status).toBe('OPEN'));
      }
    });

    it('LAND_CONTRACT: a priority holder may match the current price and lead; others must beat it by the increment, also when the priority holder leads', async () => {
      const start = land.reservePriceFen as number;
      const inc = land.incrementFen as number;
      await bid(t, land.id, x, start).expect(201);
      expect((await bid(t, land.id, y, start).expect(422)).body.code).toBe('BID_TOO_LOW'); // no match without priority

      const matched = await bid(t, land.id, p, start).expect(201);
      expect(matched.body).toMatchObject({ seq: 2, amountFen: start, bidderNo: p.bidderNo });
      let state = (await auctionOf(land.id).expect(200)).body;
      expect(state).toMatchObject({ currentPriceFen: start, leadingBidderNo: p.bidderNo, bidCount: 2 });

      // the leader holds priority: everyone else, another priority holder too, must beat the price
      for (const who of [x, y, q]) {
        expect((await bid(t, land.id, who, start).expect(422)).body.code).toBe('BID_TOO_LOW');
      }
      expect((await bid(t, land.id, p, start + inc).expect(409)).body.code).toBe('ALREADY_LEADING');
      await bid(t, land.id, x, start + inc).expect(201);
      await bid(t, land.id, p, start + inc).expect(201); // match again
      expect((await bid(t, land.id, q, start + inc).expect(422)).body.code).toBe('BID_TOO_LOW');
      await bid(t, land.id, y, start + 3 * inc).expect(201);
      expect((await bid(t, land.id, p, start + 2 * inc).expect(422)).body.code).toBe('BID_TOO_LOW'); // below the price
      const last = await bid(t, land.id, q, start + 3 * inc).expect(201); // the other priority holder matches y
      expect(last.body).toMatchObject({ seq: 6, amountFen: start + 3 * inc, bidderNo: q.bidderNo });
      state = (await auctionOf(land.id).expect(200)).body;
      expect(state).toMatchObject({ currentPriceFen: start + 3 * inc, leadingBidderNo: q.bidderNo, bidCount: 6 });
      const history = await t.http.get(`/api/v1/listings/${land.id}/auction/bids`).expect(200);
      expect(history.body.items.map((i: { bidderNo: string }) => i.bidderNo)).toEqual([
        q.bidderNo,
        y.bidderNo,
        p.bidderNo,
        x.bidderNo,
        p.bidderNo,
        x.bidderNo,
      ]);
      await expectLedgerOk(t, clerk);
    });

    it('AGRI_PROJECT: a reverse auction going down from the ceiling; 422 BID_TOO_HIGH; the lowest offer wins at close', async () => {
      const ceiling = procurement.reservePriceFen as number;
      const inc = procurement.incrementFen as number;
      const state = (await auctionOf(procurement.id).expect(200)).body;
      expect(state).toMatchObject({ status: 'OPEN', direction: 'DESCENDING', startPriceFen: ceiling });

      expect((await bid(t, procurement.id, s1, ceiling + inc).expect(422)).body.code).toBe('BID_TOO_HIGH');
      expect((await bid(t, procurement.id, s1, ceiling - inc / 2).expect(422)).body.code).toBe('BID_NOT_ON_INCREMENT');
      await bid(t, procurement.id, s1, ceiling).expect(201);
      expect((await bid(t, procurement.id, s2, ceiling).expect(422)).body.code).toBe('BID_TOO_HIGH');
      expect((await bid(t, procurement.id, s1, ceiling - inc).expect(409)).body.code).toBe('ALREADY_LEADING');
      await bid(t, procurement.id, s2, ceiling - inc).expect(201);
      await bid(t, procurement.id, s1, ceiling - 3 * inc).expect(201);
      expect((await bid(t, procurement.id, s2, ceiling - 2 * inc).expect(422)).body.code).toBe('BID_TOO_HIGH');
      expect((await bid(t, procurement.id, s2, ceiling - 3 * inc).expect(422)).body.code).toBe('BID_TOO_HIGH');
      expect((await auctionOf(procurement.id).expect(200)).body).toMatchObject({
        currentPriceFen: ceiling - 3 * inc,
        leadingBidderNo: s1.bidderNo,
        bidCount: 3,
      });

      const closed = await closeOf(procurement.id);
      expect(closed).toMatchObject({ currentPriceFen: ceiling - 3 * inc, leadingBidderNo: s1.bidderNo });
      await eventually(async () => expect(await listingStatus(t, procurement.id, clerk)).toBe('SOLD'));
      const deal = await dealOf(procurement.id).expect(200);
      expect(deal.body).toMatchObject({ method: 'AUCTION', priceFen: ceiling - 3 * inc, buyerBidderNo: s1.bidderNo });
      const accounts = await balances(t, clerk);
      expect(accounts.get(`DEPOSITS_HELD:${s2.registrationId}`)).toBe(0);
      expect(accounts.get(`REFUNDS_PAYABLE:${s2.registrationId}`)).toBe(procurement.depositFen);
      await expectLedgerOk(t, clerk);
    });

    it('LAND_CONTRACT at close: the priority holder who matched the price wins', async () => {
      const closed = await closeOf(land.id);
      const price = (land.reservePriceFen as number) + 3 * (land.incrementFen as number);
      expect(closed).toMatchObject({ currentPriceFen: price, leadingBidderNo: q.bidderNo });
      const deal = await eventually(async () => (await dealOf(land.id).expect(200)).body);
      expect(deal).toMatchObject({ method: 'AUCTION', priceFen: price, buyerBidderNo: q.bidderNo });
      const accounts = await balances(t, clerk);
      for (const loser of [p, x, y]) {
        expect(accounts.get(`REFUNDS_PAYABLE:${loser.registrationId}`)).toBe(land.depositFen);
      }
      await expectLedgerOk(t, clerk);
    });
  });

  it('NEGOTIATED listing: 409 INVALID_STATE before the end; then 422 PRICE_BELOW_RESERVE below the reserve, 201 NEGOTIATED deal, listing SOLD, other deposits released', async () => {
    const [{ listing: approved, seller }, [a, b, c]] = await Promise.all([
      approvedListing(t, clerk, 'LAND_CONTRACT', { tradingMethod: 'NEGOTIATED' }),
      knownBuyers(t, 3),
    ]);
    const published = await publish(t, clerk, approved.id, { announceMs: 2500 });
    const listing = published.listing;
    expect(listing.tradingMethod).toBe('NEGOTIATED');
    const ra = await enrol(t, clerk, listing, a);
    const rb = await enrol(t, clerk, listing, b);
    const rc = await enrol(t, clerk, listing, c, { pay: false });
    const reserve = listing.reservePriceFen as number;
    const negotiate = (body: Record<string, unknown>, actor: Actor = clerk) =>
      t.http.post(`/api/v1/listings/${listing.id}/negotiated-deal`).set('Authorization', actor.auth).send(body);

    const early = await negotiate({ registrationId: ra.registrationId, priceFen: reserve }).expect(409);
    expect(early.body.code).toBe('INVALID_STATE');

    await after(t, published.announcementEndsAt);
    await auctionOf(listing.id).expect(404); // no auction for a negotiated listing
    expect(await listingStatus(t, listing.id, clerk)).toBe('ANNOUNCED');

    await negotiate({ registrationId: ra.registrationId, priceFen: reserve }, seller).expect(403);
    const below = await negotiate({ registrationId: ra.registrationId, priceFen: reserve - 1 }).expect(422);
    expect(below.body.code).toBe('PRICE_BELOW_RESERVE');
    const unpaid = await negotiate({ registrationId: rc.registrationId, priceFen: reserve });
    expect([409, 422]).toContain(unpaid.status); // only a bidder with the deposit paid
    await negotiate({ registrationId: ra.registrationId, priceFen: 'much' }).expect(400);

    const price = reserve + 50_000;
    const created = await negotiate({ registrationId: ra.registrationId, priceFen: price }).expect(201);
    expect(created.body).toMatchObject({
      listingId: listing.id,
      method: 'NEGOTIATED',
      priceFen: price,
      totalPriceFen: price * (listing.termYears as number),
      buyerBidderNo: ra.bidderNo,
      status: 'PUBLICITY',
    });
    expect(await listingStatus(t, listing.id, clerk)).toBe('SOLD');
    const deal = await dealOf(listing.id).expect(200);
    expect(deal.body).toMatchObject({ id: created.body.id, method: 'NEGOTIATED', buyerBidderNo: ra.bidderNo });
    expectAnonymous(JSON.stringify(deal.body), [a, b, c]);

    const again = await negotiate({ registrationId: rb.registrationId, priceFen: price }).expect(409);
    expect(again.body.code).toBe('INVALID_STATE');

    const accounts = await balances(t, clerk);
    expect(accounts.get(`DEPOSITS_HELD:${ra.registrationId}`)).toBe(listing.depositFen);
    expect(accounts.get(`DEPOSITS_HELD:${rb.registrationId}`)).toBe(0);
    expect(accounts.get(`REFUNDS_PAYABLE:${rb.registrationId}`)).toBe(listing.depositFen);
    await expectLedgerOk(t, clerk);
  });

  describe('with MIN_BIDDERS_FOR_AUCTION=3 and BIDS_PER_SECOND_PER_BIDDER=2', () => {
    let t2: TestContext;
    let clerk2: Actor;

    beforeAll(async () => {
      t2 = await createTestApp({
        AUCTION_EXTENSION_SECONDS: String(EXTENSION_SECONDS),
        MIN_BIDDERS_FOR_AUCTION: '3',
        BIDS_PER_SECOND_PER_BIDDER: '2',
      });
      clerk2 = await t2.given.clerk();
    });
    afterEach(() => expectLedgerOk(t2, clerk2));
    afterAll(() => t2?.close());

    it('fewer paid bidders than the minimum but more than one → FAILED with their deposits released; exactly one → SINGLE_BIDDER; a burst of bids → 429 RATE_LIMITED', async () => {
      const [two, one, three, buyers] = await Promise.all([
        approvedListing(t2, clerk2),
        approvedListing(t2, clerk2),
        approvedListing(t2, clerk2),
        knownBuyers(t2, 6),
      ]);
      const pTwo = await publish(t2, clerk2, two.listing.id, { announceMs: 3000 });
      const pOne = await publish(t2, clerk2, one.listing.id, { announceMs: 3000 });
      const pThree = await publish(t2, clerk2, three.listing.id, { announceMs: 3000, biddingMs: 60_000 });
      const failing = [
        await enrol(t2, clerk2, pTwo.listing, buyers[0]),
        await enrol(t2, clerk2, pTwo.listing, buyers[1]),
      ];
      const alone = await enrol(t2, clerk2, pOne.listing, buyers[2]);
      const [a, b, c] = [
        await enrol(t2, clerk2, pThree.listing, buyers[3]),
        await enrol(t2, clerk2, pThree.listing, buyers[4]),
        await enrol(t2, clerk2, pThree.listing, buyers[5]),
      ];
      await after(
        t2,
        new Date(Math.max(+pTwo.announcementEndsAt, +pOne.announcementEndsAt, +pThree.announcementEndsAt)),
      );

      await eventually(async () => expect(await listingStatus(t2, pTwo.listing.id, clerk2)).toBe('FAILED'));
      await t2.http.get(`/api/v1/listings/${pTwo.listing.id}/auction`).expect(404);
      const accounts = await balances(t2, clerk2);
      for (const r of failing) {
        expect(accounts.get(`DEPOSITS_HELD:${r.registrationId}`)).toBe(0);
        expect(accounts.get(`REFUNDS_PAYABLE:${r.registrationId}`)).toBe(pTwo.listing.depositFen);
      }

      await eventually(async () => expect(await listingStatus(t2, pOne.listing.id, clerk2)).toBe('SOLD'));
      const deal = await t2.http.get(`/api/v1/listings/${pOne.listing.id}/deal`).expect(200);
      expect(deal.body).toMatchObject({
        method: 'SINGLE_BIDDER',
        priceFen: pOne.listing.reservePriceFen,
        buyerBidderNo: alone.bidderNo,
      });

      const listingId = pThree.listing.id;
      await eventually(async () =>
        expect((await t2.http.get(`/api/v1/listings/${listingId}/auction`).expect(200)).body.status).toBe('OPEN'),
      );
      const start = pThree.listing.reservePriceFen as number;
      const inc = pThree.listing.incrementFen as number;
      const burst = await Promise.all(Array.from({ length: 5 }, (_, i) => bid(t2, listingId, a, start + i * inc)));
      const statuses = burst.map((r) => r.status);
      const limited = burst.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(1);
      for (const r of limited) {
        expect(r.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
      for (const s of statuses) expect([201, 409, 422, 429]).toContain(s);
      const accepted = burst.filter((r) => r.status === 201).length;
      const history = await t2.http.get(`/api/v1/listings/${listingId}/auction/bids`).expect(200);
      expect(history.body.total).toBe(accepted);

      // others are not limited by a's burst, and a may bid again once the second has passed
      await bid(t2, listingId, b, start + 10 * inc).expect(201);
      await sleep(1100);
      await bid(t2, listingId, a, start + 11 * inc).expect(201);
      expect(c.bidderNo).toMatch(/^\d{6}$/);
      await expectLedgerOk(t2, clerk2);
    });
  });
});
