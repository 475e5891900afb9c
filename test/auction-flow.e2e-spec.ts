import { AuctionLifecycleService } from '../src/auctions/auction-lifecycle.service';
import { eventually } from './support/auction-helpers';
import { auctionWithBidders, passTime } from './support/auctions';
import { createTestApp, TestContext } from './support/test-app';

describe('auction: from the end of the announcement to the deal', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ AUCTION_EXTENSION_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('two bidders: scheduled, opened, bid, closed; the highest bid wins, the loser’s deposit is released', async () => {
    const { listing, bidders, announcementEndsAt } = await auctionWithBidders(t);
    const [a, b] = bidders;
    expect(a.bidderNo).toMatch(/^\d{6}$/);
    await t.http.get(`/api/v1/listings/${listing.id}/auction`).expect(404);

    await passTime(t, announcementEndsAt); // announcement over: scheduled, then open at the same instant
    await t.app.get(AuctionLifecycleService).tick(); // the auction starts when the announcement ends
    const open = await eventually(async () => {
      const res = await t.http.get(`/api/v1/listings/${listing.id}/auction`).set('Authorization', a.auth).expect(200);
      expect(res.body.status).toBe('OPEN');
      return res;
    });
    expect(open.body).toMatchObject({
      status: 'OPEN',
      direction: 'ASCENDING',
      startPriceFen: listing.reservePriceFen,
      currentPriceFen: null,
      bidCount: 0,
      myBidderNo: a.bidderNo,
    });
    expect((await t.http.get(`/api/v1/listings/${listing.id}`).expect(200)).body.status).toBe('BIDDING');

    const start = listing.reservePriceFen as number;
    const inc = listing.incrementFen as number;
    const first = await t.http
      .post(`/api/v1/listings/${listing.id}/auction/bids`)
      .set('Authorization', a.auth)
      .send({ amountFen: start })
      .expect(201);
    expect(first.body).toMatchObject({ seq: 1, amountFen: start, bidderNo: a.bidderNo });
    const tooLow = await t.http
      .post(`/api/v1/listings/${listing.id}/auction/bids`)
      .set('Authorization', b.auth)
      .send({ amountFen: start })
      .expect(422);
    expect(tooLow.body.code).toBe('BID_TOO_LOW');
    await t.http
      .post(`/api/v1/listings/${listing.id}/auction/bids`)
      .set('Authorization', b.auth)
      .send({ amountFen: start + 2 * inc })
      .expect(201);
    const mine = await t.http
      .post(`/api/v1/listings/${listing.id}/auction/bids`)
      .set('Authorization', b.auth)
      .send({ amountFen: start + 3 * inc })
      .expect(409);
    expect(mine.body.code).toBe('ALREADY_LEADING');

    const history = await t.http.get(`/api/v1/listings/${listing.id}/auction/bids`).expect(200);
    expect(history.body.items.map((x: { seq: number }) => x.seq)).toEqual([2, 1]);
    expect(JSON.stringify(history.body)).not.toContain(a.id);

    const state = (await t.http.get(`/api/v1/listings/${listing.id}/auction`).expect(200)).body;
    await passTime(t, state.endsAt);
    // our tick skips a lot the background ticker is closing at that moment: the contract's bound is 2 s
    await eventually(async () => {
      const closed = await t.http.get(`/api/v1/listings/${listing.id}/auction`).expect(200);
      expect(closed.body).toMatchObject({
        status: 'CLOSED',
        currentPriceFen: start + 2 * inc,
        leadingBidderNo: b.bidderNo,
      });
    });
    const deal = await t.http.get(`/api/v1/listings/${listing.id}/deal`).expect(200);
    expect(deal.body).toMatchObject({
      method: 'AUCTION',
      priceFen: start + 2 * inc,
      buyerBidderNo: b.bidderNo,
      status: 'PUBLICITY',
    });
    expect(deal.body.buyerId).toBeUndefined();
    expect((await t.http.get(`/api/v1/listings/${listing.id}`).expect(200)).body.status).toBe('SOLD');

    const clerk = await t.given.clerk();
    const accounts = await t.http
      .get('/api/v1/ledger/accounts?pageSize=100')
      .set('Authorization', clerk.auth)
      .expect(200);
    const balance = (code: string) => accounts.body.items.find((x: { code: string }) => x.code === code)?.balanceFen;
    expect(balance(`DEPOSITS_HELD:${b.registrationId}`)).toBe(listing.depositFen);
    expect(balance(`DEPOSITS_HELD:${a.registrationId}`)).toBe(0);
    expect(balance(`REFUNDS_PAYABLE:${a.registrationId}`)).toBe(listing.depositFen);
    expect(balance('BANK')).toBe(2 * (listing.depositFen as number));
    const verify = await t.http.get('/api/v1/ledger/verify').set('Authorization', clerk.auth).expect(200);
    expect(verify.body.ok).toBe(true);
  });
});
