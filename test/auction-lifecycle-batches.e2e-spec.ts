import { AuctionLifecycleService } from '../src/auctions/auction-lifecycle.service';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { approvedListing, enrol, Enrolled, knownBuyers, Listing, SseClient, SseEvent } from './support/auction-helpers';
import { Actor } from './support/given';
import { createTestApp, TestContext } from './support/test-app';

/**
 * The ticker decides due auctions in batches (one transaction for many). A row that cannot be decided must not hold
 * up the others of its batch: the batch is rolled back and decided again row by row, and the pass reports that row.
 */
describe('auction lifecycle: batches, and one row that cannot be decided', () => {
  let t: TestContext;
  let lifecycle: AuctionLifecycleService;
  let clerk: Actor;
  let admin: Actor;
  beforeAll(async () => {
    t = await createTestApp({ TEST_CLOCK: 'true' });
    // this instance is driven by hand only: its own ticker would race the passes whose outcome the test reads
    await t.app.get(SchedulerService).onApplicationShutdown();
    lifecycle = t.app.get(AuctionLifecycleService);
    clerk = await t.given.clerk();
    admin = await t.given.admin();
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await t.db.query<{ n: string }[]>(sql, params))[0].n);
  const audits = (action: string, id: string) =>
    count(`SELECT count(*) AS n FROM audit_entries WHERE action = $1 AND entity_id = $2`, [action, id]);
  const statuses = async (ids: string[]) =>
    (
      await t.db.query<{ id: string; listing: string; auction: string | null }[]>(
        `SELECT l.id, l.status AS listing, a.status AS auction FROM listings l LEFT JOIN auctions a ON a.listing_id = l.id
         WHERE l.id = ANY($1)`,
        [ids],
      )
    ).reduce<Record<string, string>>((acc, r) => ({ ...acc, [r.id]: `${r.listing}/${r.auction ?? '-'}` }), {});
  /** Puts a listing in `status` behind the platform's back (the inconsistency a bug or a hand edit could leave). */
  const force = (id: string, status: string) =>
    t.db.query(`UPDATE listings SET status = $1 WHERE id = $2`, [status, id]);

  interface Lot {
    listing: Listing;
    seller: Actor;
    bidders: Enrolled[];
  }
  interface Timeline {
    announcementEndsAt: Date;
    biddingStartsAt: Date;
    biddingEndsAt: Date;
  }

  const hoursAfter = (from: Date, hours: number) => new Date(from.getTime() + hours * 3_600_000);
  /** A day's announcement from the platform's now, then an hour of bidding. */
  const timeline = async (): Promise<Timeline> => {
    const res = await t.http.get('/api/v1/admin/clock').set('Authorization', admin.auth).expect(200);
    const now = new Date(res.body.now);
    return {
      announcementEndsAt: hoursAfter(now, 24),
      biddingStartsAt: hoursAfter(now, 25),
      biddingEndsAt: hoursAfter(now, 26),
    };
  };
  /** An approved listing published for `when`, with two buyers qualified and paid. */
  const lot = async (when: Timeline): Promise<Lot> => {
    const { listing, seller } = await approvedListing(t, clerk);
    const published = await t.http
      .post(`/api/v1/listings/${listing.id}/publish`)
      .set('Authorization', clerk.auth)
      .send(when)
      .expect(200);
    const bidders = [];
    for (const buyer of await knownBuyers(t, 2)) bidders.push(await enrol(t, clerk, published.body, buyer));
    return { listing: published.body, seller, bidders };
  };
  /** Moves the platform clock just past `when`. */
  const reach = (when: Date) =>
    t.http
      .put('/api/v1/admin/clock')
      .set('Authorization', admin.auth)
      .send({ now: new Date(when.getTime() + 1_000).toISOString() })
      .expect(200);
  /** Moves the platform clock just past `when`, then runs one pass of this instance's lifecycle. */
  const pass = async (when: Date) => {
    await reach(when);
    return lifecycle.tick();
  };
  const bid = (l: Lot) =>
    t.http
      .post(`/api/v1/listings/${l.listing.id}/auction/bids`)
      .set('Authorization', l.bidders[0].auth)
      .send({ amountFen: l.listing.reservePriceFen })
      .expect(201);

  it('a listing that may not open or close fails alone; the rest of its batch is decided once', async () => {
    const when = await timeline();
    const { announcementEndsAt, biddingStartsAt, biddingEndsAt } = when;
    const lots: Lot[] = [];
    for (let i = 0; i < 3; i++) lots.push(await lot(when));
    const ids = lots.map((l) => l.listing.id);
    const [a, b, c] = ids;

    // the announcements end: all three scheduled in one batch
    await pass(announcementEndsAt);
    expect(await statuses(ids)).toEqual({
      [a]: 'ANNOUNCED/SCHEDULED',
      [b]: 'ANNOUNCED/SCHEDULED',
      [c]: 'ANNOUNCED/SCHEDULED',
    });

    // the start: b's listing may not go to BIDDING; the pass names it and opens a and c
    await force(b, 'WITHDRAWN');
    await expect(pass(biddingStartsAt)).rejects.toThrow(`could not decide ${b}`);
    expect(await statuses(ids)).toEqual({ [a]: 'BIDDING/OPEN', [b]: 'WITHDRAWN/SCHEDULED', [c]: 'BIDDING/OPEN' });
    expect([
      await audits('listing.bidding', a),
      await audits('listing.bidding', b),
      await audits('listing.bidding', c),
    ]).toEqual([1, 0, 1]);
    // mended, it opens at the next pass
    await force(b, 'ANNOUNCED');
    await lifecycle.tick();
    expect((await statuses([b]))[b]).toBe('BIDDING/OPEN');

    // one bid each; then c's listing may not be sold: a and b close, c's batch work is rolled back
    for (const l of lots) await bid(l);
    await force(c, 'FAILED');
    await expect(pass(biddingEndsAt)).rejects.toThrow(`could not decide ${c}`);
    expect(await statuses(ids)).toEqual({ [a]: 'SOLD/CLOSED', [b]: 'SOLD/CLOSED', [c]: 'FAILED/OPEN' });
    const loserReleases = (l: Lot) =>
      count(`SELECT count(*) AS n FROM ledger_entries WHERE kind = 'DEPOSIT_RELEASED' AND registration_id = $1`, [
        l.bidders[1].registrationId,
      ]);
    const decided = async () =>
      Promise.all(
        lots.map(async (l) => ({
          deals: await count(`SELECT count(*) AS n FROM deals WHERE listing_id = $1`, [l.listing.id]),
          closed: await audits('auction.closed', l.listing.id),
          sold: await audits('listing.sold', l.listing.id),
          released: await loserReleases(l),
        })),
      );
    const once = { deals: 1, closed: 1, sold: 1, released: 1 };
    expect(await decided()).toEqual([once, once, { deals: 0, closed: 0, sold: 0, released: 0 }]);

    // mended, c closes at the next pass; nothing was done twice, and the audit trail still verifies
    await force(c, 'BIDDING');
    await lifecycle.tick();
    expect(await decided()).toEqual([once, once, once]);
    const verify = await t.http.get('/api/v1/audit/verify').set('Authorization', clerk.auth).expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it("a pass asked for while another runs (the ticker's and a test's) waits for it: when either returns, all is decided", async () => {
    const when = await timeline();
    const lots = [await lot(when), await lot(when), await lot(when)];
    const ids = lots.map((l) => l.listing.id);
    const scheduled = Object.fromEntries(ids.map((id) => [id, 'ANNOUNCED/SCHEDULED']));
    await reach(when.announcementEndsAt);
    // two passes at once: the one that finds the rows claimed by the other must not return before they are decided
    const seen = await Promise.all([lifecycle.tick(), lifecycle.tick()].map((p) => p.then(() => statuses(ids))));
    expect(seen).toEqual([scheduled, scheduled]);
    expect(await count(`SELECT count(*) AS n FROM auctions WHERE listing_id = ANY($1)`, [ids])).toBe(3);
  });

  it('a row that cannot be opened does not hold up a close due in the same pass', async () => {
    const first = await timeline();
    const closing = await lot(first);
    // the second's bidding starts when the first's ends
    const stuck = await lot({
      announcementEndsAt: first.announcementEndsAt,
      biddingStartsAt: first.biddingEndsAt,
      biddingEndsAt: hoursAfter(first.biddingEndsAt, 1),
    });
    await pass(first.biddingStartsAt);
    await bid(closing);
    await force(stuck.listing.id, 'WITHDRAWN');
    await expect(pass(first.biddingEndsAt)).rejects.toThrow(`could not decide ${stuck.listing.id}`);
    expect(await statuses([closing.listing.id, stuck.listing.id])).toEqual({
      [closing.listing.id]: 'SOLD/CLOSED',
      [stuck.listing.id]: 'WITHDRAWN/SCHEDULED',
    });
    // mended, it opens at the next pass
    await force(stuck.listing.id, 'ANNOUNCED');
    await lifecycle.tick();
    expect((await statuses([stuck.listing.id]))[stuck.listing.id]).toBe('BIDDING/OPEN');
  });

  it('withdrawing a listing whose auction is scheduled calls the auction off; the passes go on', async () => {
    const when = await timeline();
    const later = { ...when, biddingStartsAt: when.biddingEndsAt, biddingEndsAt: hoursAfter(when.biddingEndsAt, 1) };
    const withdrawn = await lot(later);
    const other = await lot(when);
    await pass(when.announcementEndsAt);
    expect(await statuses([withdrawn.listing.id])).toEqual({ [withdrawn.listing.id]: 'ANNOUNCED/SCHEDULED' });
    // someone is watching for the start
    const viewer = await SseClient.open(t, withdrawn.listing.id);
    let closed: SseEvent;
    try {
      expect(viewer.status).toBe(200);
      // bidding has not begun: the seller may still withdraw
      await t.http
        .post(`/api/v1/listings/${withdrawn.listing.id}/withdraw`)
        .set('Authorization', withdrawn.seller.auth)
        .send({ reason: '家庭原因，暂不流转' })
        .expect(200);
      const auction = await t.http.get(`/api/v1/listings/${withdrawn.listing.id}/auction`).expect(200);
      expect(auction.body.status).toBe('CLOSED');
      // the viewer hears that the auction will not take place: one `closed`, with no bid and no leader
      [closed] = await viewer.waitFor('closed');
    } finally {
      await viewer.close();
    }
    expect(closed.data).toMatchObject({
      type: 'closed',
      auction: { status: 'CLOSED', bidCount: 0, leadingBidderNo: null, currentPriceFen: null },
    });
    expect(viewer.events.map((e) => e.event)).toEqual(['closed']);
    expect(await audits('auction.withdrawn', withdrawn.listing.id)).toBe(1);
    const released = await count(
      `SELECT count(*) AS n FROM ledger_entries WHERE kind = 'DEPOSIT_RELEASED' AND registration_id = ANY($1)`,
      [withdrawn.bidders.map((b) => b.registrationId)],
    );
    expect(released).toBe(2);
    await pass(when.biddingStartsAt);
    await bid(other);
    await pass(later.biddingStartsAt); // the other closes; the withdrawn one is not opened (no error)
    await pass(later.biddingEndsAt);
    expect(await statuses([withdrawn.listing.id, other.listing.id])).toEqual({
      [withdrawn.listing.id]: 'WITHDRAWN/CLOSED',
      [other.listing.id]: 'SOLD/CLOSED',
    });
  });
});
