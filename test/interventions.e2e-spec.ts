import { bid, entriesOf, expectLedgerOk } from './support/auction-helpers';
import { TestClock } from './support/clock';
import { expectError, fieldsOf } from './support/errors';
import { Actor } from './support/given';
import { ListingFactory } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Suspension, resumption and termination (中止、终结; issue 11 item 2, DOMAIN.md §2 step 6a, API.md "Registers and
 * interventions"), and objections during the announcement, walked with the test clock: nothing can be registered,
 * paid or bid while a listing is suspended, the ticker leaves it alone, an open auction keeps its remaining time,
 * and a termination releases every deposit.
 */

const url = (path: string) => `/api/v1${path}`;
const HOUR = 3600_000;

interface Notification {
  kind: string;
  listingId: string | null;
  body: string;
}

describe('suspension, resumption and termination of a running trade', () => {
  let t: TestContext;
  let admin: Actor;
  let clock: TestClock;
  let factory: ListingFactory;

  beforeAll(async () => {
    t = await createTestApp({ TEST_CLOCK: 'true', ANNOUNCEMENT_MIN_WORKING_DAYS: '2' });
    admin = await t.given.admin();
    clock = new TestClock(t, admin);
    factory = new ListingFactory(t.http, t.given);
  });
  afterAll(() => t.close());

  const post = (path: string, actor: Actor | undefined, body: object = {}) => {
    const req = t.http.post(url(path));
    if (actor) req.set('Authorization', actor.auth);
    return req.send(body);
  };
  const at = (base: Date, ms: number) => new Date(base.getTime() + ms).toISOString();

  async function inbox(actor: Actor): Promise<Notification[]> {
    return (await t.http.get(url('/me/notifications')).set('Authorization', actor.auth).expect(200)).body.items;
  }

  /** A buyer registered on the listing, optionally qualified and paid. */
  async function registered(listing: { id: string; depositFen: unknown }, clerk: Actor, pay: boolean) {
    const buyer = await t.given.buyer();
    const reg = await post(`/listings/${listing.id}/registrations`, buyer).expect(201);
    let bidderNo: string | null = null;
    if (pay) {
      await post(`/registrations/${reg.body.id}/qualify`, clerk, { approve: true }).expect(200);
      bidderNo = (
        await post(`/registrations/${reg.body.id}/deposit`, clerk, {
          amountFen: listing.depositFen,
          bankRef: `DEP-${reg.body.id.slice(0, 8)}`,
        }).expect(200)
      ).body.bidderNo;
    }
    return { ...buyer, registrationId: reg.body.id as string, bidderNo };
  }

  it('a suspended announcement takes no registration, qualification or deposit, and waits for the clerk', async () => {
    const now = await clock.now();
    const { listing: approved, clerk, seller } = await factory.approved('LAND_CONTRACT');
    const announcementEndsAt = at(now, 7 * 24 * HOUR);
    const listing = (await post(`/listings/${approved.id}/publish`, clerk, { announcementEndsAt }).expect(200)).body;
    const paid = await registered(listing, clerk, true);
    const pending = await registered(listing, clerk, false);

    // only a clerk suspends, with a reason
    expectError(await post(`/listings/${listing.id}/suspend`, undefined, { reason: 'x' }), 401, 'UNAUTHENTICATED');
    expectError(await post(`/listings/${listing.id}/suspend`, seller, { reason: '权属争议' }), 403, 'FORBIDDEN');
    expectError(await post(`/listings/${listing.id}/suspend`, paid, { reason: '权属争议' }), 403, 'FORBIDDEN');
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(2001) }, { reason: 'ok', extra: 1 }]) {
      const res = await post(`/listings/${listing.id}/suspend`, clerk, body);
      expectError(res, 400, 'VALIDATION_FAILED');
    }
    expectError(await post('/listings/not-a-uuid/suspend', clerk, { reason: '权属争议' }), 400, 'VALIDATION_FAILED');

    const suspended = await post(`/listings/${listing.id}/suspend`, clerk, { reason: '权属争议，待乡镇调解' }).expect(
      200,
    );
    expect(suspended.body).toMatchObject({
      status: 'SUSPENDED',
      suspension: { from: 'ANNOUNCED', reason: '权属争议，待乡镇调解', at: expect.any(String) },
    });
    expectError(await post(`/listings/${listing.id}/suspend`, clerk, { reason: 'again' }), 409, 'INVALID_STATE');

    // nothing can be registered, qualified or paid meanwhile
    const newcomer = await t.given.buyer();
    expectError(await post(`/listings/${listing.id}/registrations`, newcomer), 409, 'LISTING_SUSPENDED');
    expectError(
      await post(`/registrations/${pending.registrationId}/qualify`, clerk, { approve: true }),
      409,
      'LISTING_SUSPENDED',
    );
    const [pendingRow] = await t.db.query(`SELECT status FROM registrations WHERE id = $1`, [pending.registrationId]);
    expect(pendingRow.status).toBe('PENDING');

    // everyone concerned is told, in their inbox
    for (const who of [seller, paid, pending]) {
      const mine = (await inbox(who)).filter((n) => n.kind === 'LISTING_SUSPENDED');
      expect(mine).toEqual([expect.objectContaining({ listingId: listing.id })]);
      expect(mine[0].body).toContain('权属争议');
    }
    expect((await inbox(newcomer)).filter((n) => n.kind === 'LISTING_SUSPENDED')).toEqual([]);

    // the public board shows it as suspended
    const board = await t.http.get(url('/public/announcements?pageSize=100')).expect(200);
    expect(board.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: listing.id, status: 'SUSPENDED' })]),
    );

    // the announcement's end passes: the platform does not decide a suspended listing
    await clock.moveTo(at(now, 8 * 24 * HOUR));
    expect((await t.http.get(url(`/listings/${listing.id}`)).expect(200)).body.status).toBe('SUSPENDED');
    expectError(await t.http.get(url(`/listings/${listing.id}/auction`)), 404, 'NOT_FOUND');

    // resumed: the announcement again, at least its minimum (2 working days) from now
    const later = await clock.now();
    const noDate = await post(`/listings/${listing.id}/resume`, clerk, {});
    expectError(noDate, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(noDate)).toEqual(['announcementEndsAt']);
    expectError(
      await post(`/listings/${listing.id}/resume`, clerk, { announcementEndsAt: at(later, HOUR) }),
      422,
      'ANNOUNCEMENT_TOO_SHORT',
    );
    expectError(
      await post(`/listings/${listing.id}/resume`, seller, { announcementEndsAt: at(later, 7 * 24 * HOUR) }),
      403,
      'FORBIDDEN',
    );
    const newEnd = at(later, 7 * 24 * HOUR);
    const resumed = await post(`/listings/${listing.id}/resume`, clerk, { announcementEndsAt: newEnd }).expect(200);
    expect(resumed.body).toMatchObject({ status: 'ANNOUNCED', suspension: { from: null } });
    expect(new Date(resumed.body.announcementEndsAt).toISOString()).toBe(newEnd);
    expect((await inbox(paid)).map((n) => n.kind)).toContain('LISTING_RESUMED');
    expectError(
      await post(`/listings/${listing.id}/resume`, clerk, { announcementEndsAt: newEnd }),
      409,
      'INVALID_STATE',
    );

    // registrations are open again
    await post(`/listings/${listing.id}/registrations`, newcomer).expect(201);
    await post(`/registrations/${pending.registrationId}/qualify`, clerk, { approve: true }).expect(200);
  });

  it('objections during the announcement, then a termination that releases every deposit', async () => {
    const now = await clock.now();
    const { listing: approved, clerk, seller } = await factory.approved('LAND_CONTRACT');
    const listing = (
      await post(`/listings/${approved.id}/publish`, clerk, { announcementEndsAt: at(now, 7 * 24 * HOUR) }).expect(200)
    ).body;
    const first = await registered(listing, clerk, true);
    const second = await registered(listing, clerk, true);
    const villager = await t.given.seller();

    expectError(await post(`/listings/${listing.id}/objections`, undefined, { reason: 'x' }), 401, 'UNAUTHENTICATED');
    expectError(await post(`/listings/${listing.id}/objections`, villager, {}), 400, 'VALIDATION_FAILED');
    const objection = await post(`/listings/${listing.id}/objections`, villager, {
      reason: '该地块有一半是我家的承包地，挂牌方无权处分',
    }).expect(201);
    expect(objection.body).toMatchObject({ listingId: listing.id, status: 'OPEN', upheld: null });
    expect(objection.body.dealId).toBeUndefined();
    expectError(
      await post(`/listings/${listing.id}/objections`, villager, { reason: 'again' }),
      409,
      'OBJECTION_EXISTS',
    );
    await post(`/listings/${listing.id}/objections`, first, { reason: '面积与实际不符' }).expect(201);

    // the owner and staff see every objection; anyone else only their own
    const list = (actor: Actor) =>
      t.http
        .get(url(`/listings/${listing.id}/objections`))
        .set('Authorization', actor.auth)
        .expect(200);
    expect((await list(seller)).body.total).toBe(2);
    expect((await list(clerk)).body.total).toBe(2);
    expect((await list(villager)).body.items.map((o: { id: string }) => o.id)).toEqual([objection.body.id]);
    expect((await list(second)).body.total).toBe(0);

    // upheld: recorded; the clerk then suspends, and terminates
    expectError(
      await post(`/objections/${objection.body.id}/resolve`, seller, { upheld: true, comment: '成立' }),
      403,
      'FORBIDDEN',
    );
    const resolved = await post(`/objections/${objection.body.id}/resolve`, clerk, {
      upheld: true,
      comment: '经核实，地块权属存在争议',
    }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'UPHELD', upheld: true, listingId: listing.id });
    expect((await t.http.get(url(`/listings/${listing.id}`)).expect(200)).body.status).toBe('ANNOUNCED');
    await post(`/listings/${listing.id}/suspend`, clerk, { reason: '异议成立，权属争议' }).expect(200);
    // objections may still be raised while suspended
    await post(`/listings/${listing.id}/objections`, second, { reason: '请尽快处理' }).expect(201);

    expectError(await post(`/listings/${listing.id}/terminate`, seller, { reason: '终结' }), 403, 'FORBIDDEN');
    expectError(await post(`/listings/${listing.id}/terminate`, clerk, {}), 400, 'VALIDATION_FAILED');
    const terminated = await post(`/listings/${listing.id}/terminate`, clerk, {
      reason: '权属争议无法在公告期内解决',
    }).expect(200);
    expect(terminated.body).toMatchObject({ status: 'TERMINATED', terminationReason: '权属争议无法在公告期内解决' });

    // every deposit released to refunds payable, in the same transaction
    for (const buyer of [first, second]) {
      const entries = await entriesOf(t, clerk, buyer.registrationId);
      expect(entries.map((e) => e.kind).sort()).toEqual(['DEPOSIT_RECORDED', 'DEPOSIT_RELEASED']);
      expect((await inbox(buyer)).map((n) => n.kind)).toContain('LISTING_TERMINATED');
    }
    await expectLedgerOk(t, clerk);

    // final: no resumption, no registration, no objection, no second termination
    expectError(
      await post(`/listings/${listing.id}/resume`, clerk, { announcementEndsAt: at(now, 30 * 24 * HOUR) }),
      409,
      'INVALID_STATE',
    );
    expectError(await post(`/listings/${listing.id}/terminate`, clerk, { reason: 'again' }), 409, 'INVALID_STATE');
    expectError(await post(`/listings/${listing.id}/registrations`, await t.given.buyer()), 409, 'REGISTRATION_CLOSED');
    expectError(await post(`/listings/${listing.id}/objections`, villager, { reason: 'x' }), 409, 'INVALID_STATE');
    // a draft can be neither suspended nor terminated
    const { listing: draft, seller: other } = await factory.draft('LAND_CONTRACT');
    expect(other.id).not.toBe(seller.id);
    expectError(await post(`/listings/${draft.id}/suspend`, clerk, { reason: 'x' }), 409, 'INVALID_STATE');
    expectError(await post(`/listings/${draft.id}/terminate`, clerk, { reason: 'x' }), 409, 'INVALID_STATE');

    const audit = await t.db.query(
      `SELECT action FROM audit_entries WHERE entity_id = $1 AND action LIKE 'listing.%' ORDER BY seq`,
      [listing.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['listing.published', 'listing.suspended', 'listing.terminated']),
    );
  });

  it('an open auction suspended keeps its remaining time: no bid meanwhile, no close, the time restored on resumption', async () => {
    const now = await clock.now();
    const { listing: approved, clerk } = await factory.approved('LAND_CONTRACT');
    const listing = (
      await post(`/listings/${approved.id}/publish`, clerk, {
        announcementEndsAt: at(now, 7 * 24 * HOUR),
        biddingStartsAt: at(now, 7 * 24 * HOUR + HOUR),
        biddingEndsAt: at(now, 7 * 24 * HOUR + 2 * HOUR),
      }).expect(200)
    ).body;
    const a = await registered(listing, clerk, true);
    const b = await registered(listing, clerk, true);
    const start = listing.reservePriceFen as number;
    const step = listing.incrementFen as number;

    await clock.moveTo(at(now, 7 * 24 * HOUR + HOUR + 1000)); // the auction opens
    expect((await t.http.get(url(`/listings/${listing.id}`)).expect(200)).body.status).toBe('BIDDING');
    await bid(t, listing.id, a, start).expect(201);

    // 30 minutes left when suspended
    await clock.moveTo(at(now, 7 * 24 * HOUR + 90 * 60_000));
    const suspended = await post(`/listings/${listing.id}/suspend`, clerk, { reason: '竞价中发现权属争议' }).expect(
      200,
    );
    expect(suspended.body).toMatchObject({ status: 'SUSPENDED', suspension: { from: 'BIDDING' } });
    const [row] = await t.db.query(`SELECT status, remaining_ms FROM auctions WHERE listing_id = $1`, [listing.id]);
    expect(row.status).toBe('SUSPENDED');
    expect(Number(row.remaining_ms)).toBeGreaterThan(30 * 60_000 - 10_000);
    expect(Number(row.remaining_ms)).toBeLessThanOrEqual(30 * 60_000);
    const state = await t.http.get(url(`/listings/${listing.id}/auction`)).expect(200);
    expect(state.body.status).toBe('SUSPENDED');

    expectError(await bid(t, listing.id, b, start + step), 409, 'LISTING_SUSPENDED');
    expectError(await bid(t, listing.id, await t.given.buyer(), start + step), 409, 'LISTING_SUSPENDED');

    // the old end passes: no close while suspended
    await clock.moveTo(at(now, 8 * 24 * HOUR));
    expect((await t.http.get(url(`/listings/${listing.id}/auction`)).expect(200)).body.status).toBe('SUSPENDED');

    const resumedAt = await clock.now();
    const resumed = await post(`/listings/${listing.id}/resume`, clerk, {}).expect(200);
    expect(resumed.body.status).toBe('BIDDING');
    const after = (await t.http.get(url(`/listings/${listing.id}/auction`)).expect(200)).body;
    expect(after).toMatchObject({ status: 'OPEN', currentPriceFen: start, leadingBidderNo: a.bidderNo });
    const left = new Date(after.endsAt).getTime() - resumedAt.getTime();
    expect(left).toBeGreaterThan(30 * 60_000 - 15_000);
    expect(left).toBeLessThanOrEqual(30 * 60_000 + 5_000);
    expect(new Date(resumed.body.biddingEndsAt).toISOString()).toBe(new Date(after.endsAt).toISOString());

    await bid(t, listing.id, b, start + step).expect(201);
    await clock.moveTo(new Date(new Date(after.endsAt).getTime() + 1000).toISOString());
    const deal = await t.http
      .get(url(`/listings/${listing.id}/deal`))
      .set('Authorization', clerk.auth)
      .expect(200);
    expect(deal.body).toMatchObject({ priceFen: start + step, buyerBidderNo: b.bidderNo });
    const loser = await entriesOf(t, clerk, a.registrationId);
    expect(loser.map((e) => e.kind).sort()).toEqual(['DEPOSIT_RECORDED', 'DEPOSIT_RELEASED']);
  });

  it("a scheduled auction suspended before it opens resumes with the clerk's new dates, checked", async () => {
    const now = await clock.now();
    const { listing: approved, clerk } = await factory.approved('LAND_CONTRACT');
    const listing = (
      await post(`/listings/${approved.id}/publish`, clerk, {
        announcementEndsAt: at(now, 7 * 24 * HOUR),
        biddingStartsAt: at(now, 9 * 24 * HOUR),
        biddingEndsAt: at(now, 9 * 24 * HOUR + HOUR),
      }).expect(200)
    ).body;
    await registered(listing, clerk, true);
    await registered(listing, clerk, true);
    await clock.moveTo(at(now, 8 * 24 * HOUR)); // the announcement is over: the auction is scheduled
    expect((await t.http.get(url(`/listings/${listing.id}/auction`)).expect(200)).body.status).toBe('SCHEDULED');
    await post(`/listings/${listing.id}/suspend`, clerk, { reason: '待核实' }).expect(200);
    expect((await t.http.get(url(`/listings/${listing.id}/auction`)).expect(200)).body.status).toBe('SUSPENDED');

    // its start passes: it does not open
    await clock.moveTo(at(now, 10 * 24 * HOUR));
    expect((await t.http.get(url(`/listings/${listing.id}/auction`)).expect(200)).body.status).toBe('SUSPENDED');

    const base = await clock.now();
    expectError(
      await post(`/listings/${listing.id}/resume`, clerk, {
        biddingStartsAt: at(base, 2 * HOUR),
        biddingEndsAt: at(base, HOUR),
      }),
      422,
      'INVALID_BIDDING_WINDOW',
    );
    const resumed = await post(`/listings/${listing.id}/resume`, clerk, {
      biddingStartsAt: at(base, 2 * HOUR),
      biddingEndsAt: at(base, 3 * HOUR),
    }).expect(200);
    expect(resumed.body.status).toBe('ANNOUNCED');
    const state = (await t.http.get(url(`/listings/${listing.id}/auction`)).expect(200)).body;
    expect(state).toMatchObject({ status: 'SCHEDULED', startsAt: at(base, 2 * HOUR), endsAt: at(base, 3 * HOUR) });
    await clock.moveTo(at(base, 2 * HOUR + 1000));
    expect((await t.http.get(url(`/listings/${listing.id}/auction`)).expect(200)).body.status).toBe('OPEN');
  });

  it('a suspension racing a stream of bids: every bid accepted committed before it, none after', async () => {
    const now = await clock.now();
    const { listing: approved, clerk } = await factory.approved('LAND_CONTRACT');
    const listing = (
      await post(`/listings/${approved.id}/publish`, clerk, {
        announcementEndsAt: at(now, 7 * 24 * HOUR),
        biddingEndsAt: at(now, 7 * 24 * HOUR + 2 * HOUR),
      }).expect(200)
    ).body;
    const bidders = [
      await registered(listing, clerk, true),
      await registered(listing, clerk, true),
      await registered(listing, clerk, true),
      await registered(listing, clerk, true),
    ];
    await clock.moveTo(at(now, 7 * 24 * HOUR + 1000));
    expect((await t.http.get(url(`/listings/${listing.id}/auction`)).expect(200)).body.status).toBe('OPEN');
    const start = listing.reservePriceFen as number;
    const step = listing.incrementFen as number;

    // four bidders each raise by one increment as fast as they can; the clerk suspends in the middle
    const codes: string[] = [];
    let accepted = 0;
    const stream = async (i: number) => {
      for (let k = 0; k < 25; k++) {
        const state = (await t.http.get(url(`/listings/${listing.id}/auction`)).expect(200)).body;
        if (state.status !== 'OPEN') break;
        const amount = state.currentPriceFen === null ? start : state.currentPriceFen + step * (1 + (i % 2));
        const res = await bid(t, listing.id, bidders[i], amount);
        if (res.status === 201) accepted += 1;
        else codes.push(res.body.code);
      }
    };
    const suspend = (async () => {
      // once the bidding is under way (a few bids taken), while the streams keep bidding
      for (let waited = 0; accepted < 3 && waited < 5000; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return post(`/listings/${listing.id}/suspend`, clerk, { reason: '竞价中接到权属争议' }).expect(200);
    })();
    await Promise.all([...bidders.map((_, i) => stream(i)), suspend]);

    expect(accepted).toBeGreaterThanOrEqual(3);
    for (const code of codes) {
      expect(['LISTING_SUSPENDED', 'BID_TOO_LOW', 'ALREADY_LEADING', 'BID_NOT_ON_INCREMENT']).toContain(code);
    }
    // after the suspension no bid is taken: whatever was accepted is stored, and was placed before it
    expectError(await bid(t, listing.id, bidders[0], start + 1000 * step), 409, 'LISTING_SUSPENDED');
    const [row] = await t.db.query(
      `SELECT l.suspended_at, a.status, a.bid_count, (SELECT count(*)::int FROM bids b WHERE b.listing_id = l.id) AS bids,
              (SELECT max(placed_at) FROM bids b WHERE b.listing_id = l.id) AS last_bid
       FROM listings l JOIN auctions a ON a.listing_id = l.id WHERE l.id = $1`,
      [listing.id],
    );
    expect(row.status).toBe('SUSPENDED');
    expect(row.bids).toBe(accepted);
    expect(row.bid_count).toBe(accepted);
    expect(new Date(row.last_bid).getTime()).toBeLessThanOrEqual(new Date(row.suspended_at).getTime());
  });
});
