import { AuctionLifecycleService } from '../../src/auctions/auction-lifecycle.service';
import { ContractsService } from '../../src/contracts/contracts.service';
import { CategoryCode } from '../../src/catalog/domain/category.types';
import { eventually } from './auction-helpers';
import { DealFixture } from './deals';
import { Actor } from './given';
import { ListingFactory } from './listings';
import { TestContext } from './test-app';

/**
 * The platform's test clock (`TEST_CLOCK=true`, `PUT /admin/clock`) as a test drives it: moved forward to a China
 * time, then the platform's periodic work run at once (the auction lifecycle, the instalment reminders) instead of
 * waiting for its timers.
 */
export class TestClock {
  constructor(
    private readonly t: TestContext,
    private readonly admin: Actor,
  ) {}

  /** `2027-04-01` → `2027-04-01T09:00:00+08:00` (a time of day in China may be given). */
  static china(date: string, time = '09:00:00'): string {
    return `${date}T${time}+08:00`;
  }

  async now(): Promise<Date> {
    const res = await this.t.http.get('/api/v1/admin/clock').set('Authorization', this.admin.auth).expect(200);
    return new Date(res.body.now);
  }

  /** Moves the platform clock to `at` (ISO, or a China date at 09:00) and runs the periodic work once. */
  async moveTo(at: string): Promise<void> {
    const now = at.length === 10 ? TestClock.china(at) : at;
    await this.t.http.put('/api/v1/admin/clock').set('Authorization', this.admin.auth).send({ now }).expect(200);
    await this.t.app.get(AuctionLifecycleService).tick();
    await this.t.app.get(ContractsService).sendReminders();
  }
}

/**
 * A deal in PUBLICITY made by the clock: an approved listing announced until `announcementEndsAt`, one buyer
 * registered (with `offerFen` when given), qualified and paid, and the clock moved past the announcement: the
 * platform makes the SINGLE_BIDDER deal.
 */
export async function singleBidderDeal(
  t: TestContext,
  clock: TestClock,
  options: {
    code: CategoryCode;
    overrides?: Record<string, unknown>;
    buyerType?: 'PERSON' | 'ORGANIZATION' | 'COLLECTIVE';
    /** The buyer (default: a new one of `buyerType`). */
    buyer?: Actor;
    offerFen?: number;
    announcementEndsAt: string;
  },
): Promise<DealFixture> {
  const factory = new ListingFactory(t.http, t.given);
  const buyer = options.buyer ?? (await t.given.buyer(options.buyerType));
  const { listing: approved, clerk, seller } = await factory.approved(options.code, options.overrides ?? {});
  const endsAt = new Date(options.announcementEndsAt);
  const listing = (
    await t.http
      .post(`/api/v1/listings/${approved.id}/publish`)
      .set('Authorization', clerk.auth)
      .send({
        announcementEndsAt: endsAt.toISOString(),
        biddingEndsAt: new Date(endsAt.getTime() + 3600_000).toISOString(),
      })
      .expect(200)
  ).body as DealFixture['listing'];
  const reg = await t.http
    .post(`/api/v1/listings/${listing.id}/registrations`)
    .set('Authorization', buyer.auth)
    .send(options.offerFen === undefined ? {} : { offerFen: options.offerFen })
    .expect(201);
  await t.http
    .post(`/api/v1/registrations/${reg.body.id}/qualify`)
    .set('Authorization', clerk.auth)
    .send({ approve: true })
    .expect(200);
  const paid = await t.http
    .post(`/api/v1/registrations/${reg.body.id}/deposit`)
    .set('Authorization', clerk.auth)
    .send({ amountFen: listing.depositFen, bankRef: `DEP-${reg.body.id.slice(0, 8)}` })
    .expect(200);
  await clock.moveTo(new Date(endsAt.getTime() + 1000).toISOString());
  const deal = await eventually(async () => {
    const res = await t.http.get(`/api/v1/listings/${listing.id}/deal`).set('Authorization', clerk.auth).expect(200);
    return res.body as DealFixture['deal'];
  });
  const winner = { ...buyer, registrationId: reg.body.id as string, bidderNo: paid.body.bidderNo as string };
  return { listing, clerk, seller, bidders: [winner], winner, deal };
}
