import { PACKAGE_CALENDAR } from '../src/common/domain/working-days';
import { Actor } from './support/given';
import { validResidentId } from './support/identity-numbers';
import { ListingFactory, VALID_RESOLUTION } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/**
 * The listing workflow (API.md "Listings", DOMAIN.md §2): every move of the state machine and every refused one,
 * the four-eyes review of large deals, the announcement's working-day minimum, relisting after a failed round,
 * concurrent moves and the audit trail of the moves.
 */

type Listing = Record<string, unknown> & { id: string; status: string };

/** A large deal by value: 1,000,000.00 元 total (exactly the threshold), deposit 20%. */
const LARGE_BY_VALUE = { priceUnit: 'TOTAL', reservePriceFen: 100_000_000, depositFen: 20_000_000 };
/** One fen below the threshold: a small deal. */
const SMALL_JUST_BELOW = { priceUnit: 'TOTAL', reservePriceFen: 99_999_999, depositFen: 20_000_000 };

const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

describe('listings: the workflow', () => {
  let t: TestContext;
  let listings: ListingFactory;
  let farmer: Actor;
  let clerkA: Actor;
  let clerkB: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    listings = new ListingFactory(t.http, t.given);
    farmer = await t.given.seller();
    clerkA = await t.given.clerk();
    clerkB = await t.given.clerk();
  });
  afterAll(() => t.close());

  // ---- helpers --------------------------------------------------------------------------------------------------

  const post = (actor: Actor | undefined, path: string, body?: object) => {
    const req = t.http.post(`/api/v1${path}`);
    if (actor) void req.set('Authorization', actor.auth);
    return body === undefined ? req : req.send(body);
  };
  const submit = (actor: Actor, id: string) => post(actor, `/listings/${id}/submit`);
  const review = (actor: Actor, id: string, body: object) => post(actor, `/listings/${id}/review`, body);
  const publish = (actor: Actor, id: string, body: object) => post(actor, `/listings/${id}/publish`, body);
  const withdraw = (actor: Actor, id: string, body: object) => post(actor, `/listings/${id}/withdraw`, body);
  const relist = (actor: Actor, id: string, body: object) => post(actor, `/listings/${id}/relist`, body);
  const patch = (actor: Actor, id: string, body: object) =>
    t.http.patch(`/api/v1/listings/${id}`).set('Authorization', actor.auth).send(body);

  async function row(id: string): Promise<Record<string, unknown>> {
    const [found] = await t.db.query(
      `SELECT status, title, approved_by::text[] AS approved_by, review_comment, withdraw_reason, announcement_ends_at, bidding_starts_at,
              bidding_ends_at, previous_listing_id, reserve_price_fen::text AS reserve_price_fen
       FROM listings WHERE id = $1`,
      [id],
    );
    return found;
  }
  const statusOf = async (id: string): Promise<string> => (await row(id)).status as string;

  async function reviewCount(id: string): Promise<number> {
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM listing_reviews WHERE listing_id = $1', [id]);
    return n;
  }

  async function auditMoves(id: string): Promise<{ action: string; fromStatus: string | null; toStatus: string }[]> {
    const rows = await t.db.query(
      `SELECT action, from_status AS "fromStatus", to_status AS "toStatus" FROM audit_entries
       WHERE entity_type = 'listing' AND entity_id = $1 AND to_status IS NOT NULL ORDER BY seq`,
      [id],
    );
    return rows;
  }

  /**
   * The auction that ends a round in FAILED (流拍) is not built yet: this puts a listing in FAILED directly in the
   * database, as the platform will when an announcement ends with too few bidders.
   */
  async function forceFailedBecauseAuctionIsNotBuiltYet(id: string): Promise<void> {
    await t.db.query(`UPDATE listings SET status = 'FAILED' WHERE id = $1`, [id]);
  }

  /** The platform's own moves (bidding opens) are not built yet either: BIDDING, forced in the database. */
  async function forceBiddingBecauseAuctionIsNotBuiltYet(id: string): Promise<void> {
    await t.db.query(
      `UPDATE listings SET status = 'BIDDING', announcement_ends_at = now() - interval '2 minutes',
         bidding_starts_at = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );
  }

  /** A LAND_CONTRACT listing of `owner` (default: the shared farmer) with every document, submitted. */
  async function submittedListing(overrides: Record<string, unknown> = {}, owner: Actor = farmer) {
    return listings.submitted('LAND_CONTRACT', overrides, owner);
  }

  async function approvedListing(overrides: Record<string, unknown> = {}, owner: Actor = farmer) {
    const { seller, listing } = await submittedListing(overrides, owner);
    const res = await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(200);
    expect(res.body.status).toBe('APPROVED');
    return { seller, listing: res.body as Listing };
  }

  async function announcedListing(overrides: Record<string, unknown> = {}, owner: Actor = farmer) {
    const { seller, listing } = await approvedListing(overrides, owner);
    const res = await publish(clerkA, listing.id, { announcementEndsAt: inMinutes(60) }).expect(200);
    expect(res.body.status).toBe('ANNOUNCED');
    return { seller, listing: res.body as Listing };
  }

  async function returnedListing(owner: Actor = farmer) {
    const { seller, listing } = await submittedListing({}, owner);
    const res = await review(clerkA, listing.id, { decision: 'RETURN', comment: '四至描述不清，请补充' }).expect(200);
    expect(res.body.status).toBe('RETURNED');
    return { seller, listing: res.body as Listing };
  }

  /** A listing in each state the tests need, by name. */
  async function listingIn(state: string, owner: Actor = farmer): Promise<Listing> {
    switch (state) {
      case 'DRAFT':
        return (await listings.draft('LAND_CONTRACT', {}, owner)).listing;
      case 'SUBMITTED':
        return (await submittedListing({}, owner)).listing;
      case 'RETURNED':
        return (await returnedListing(owner)).listing;
      case 'APPROVED':
        return (await approvedListing({}, owner)).listing;
      case 'ANNOUNCED':
        return (await announcedListing({}, owner)).listing;
      default:
        throw new Error(`no factory for ${state}`);
    }
  }

  // ---- submit ---------------------------------------------------------------------------------------------------

  describe('POST /listings/:id/submit', () => {
    it('without an OWNERSHIP_CERTIFICATE: 422 DOCUMENT_MISSING naming the kind; the listing stays DRAFT', async () => {
      const { listing } = await listings.draft('LAND_CONTRACT', {}, farmer);
      const res = await submit(farmer, listing.id).expect(422);
      expect(res.body).toMatchObject({ statusCode: 422, code: 'DOCUMENT_MISSING' });
      expect(JSON.stringify([res.body.message, res.body.details])).toContain('OWNERSHIP_CERTIFICATE');
      expect(await statusOf(listing.id)).toBe('DRAFT');
      // an unrelated document does not count
      expect((await listings.upload(farmer, listing.id, 'OTHER')).status).toBe(201);
      expect((await submit(farmer, listing.id).expect(422)).body.code).toBe('DOCUMENT_MISSING');
      // with it, a farmer's lease goes through (no resolution, no consent needed)
      expect((await listings.upload(farmer, listing.id, 'OWNERSHIP_CERTIFICATE')).status).toBe(201);
      const ok = await submit(farmer, listing.id).expect(200);
      expect(ok.body).toMatchObject({ id: listing.id, status: 'SUBMITTED' });
      expect(ok.body.submittedAt).toEqual(expect.any(String));
      expect(await statusOf(listing.id)).toBe('SUBMITTED');
    });

    it('a collective lister needs a RESOLUTION document', async () => {
      const collective = await t.given.collective();
      const { listing } = await listings.draft('LAND_CONTRACT', { collectiveResolution: VALID_RESOLUTION }, collective);
      expect((await listings.upload(collective, listing.id, 'OWNERSHIP_CERTIFICATE')).status).toBe(201);
      const res = await submit(collective, listing.id).expect(422);
      expect(res.body.code).toBe('DOCUMENT_MISSING');
      expect(JSON.stringify([res.body.message, res.body.details])).toContain('RESOLUTION');
      expect(await statusOf(listing.id)).toBe('DRAFT');
      expect((await listings.upload(collective, listing.id, 'RESOLUTION')).status).toBe(201);
      expect((await submit(collective, listing.id).expect(200)).body.status).toBe('SUBMITTED');
    });

    it('a TRANSFER of LAND_CONTRACT needs the collective’s CONSENT document', async () => {
      const { listing } = await listings.draft('LAND_CONTRACT', { transferMode: 'TRANSFER' }, farmer);
      expect((await listings.upload(farmer, listing.id, 'OWNERSHIP_CERTIFICATE')).status).toBe(201);
      const res = await submit(farmer, listing.id).expect(422);
      expect(res.body.code).toBe('DOCUMENT_MISSING');
      expect(JSON.stringify([res.body.message, res.body.details])).toContain('CONSENT');
      expect(await statusOf(listing.id)).toBe('DRAFT');
      expect((await listings.upload(farmer, listing.id, 'CONSENT')).status).toBe(201);
      expect((await submit(farmer, listing.id).expect(200)).body.status).toBe('SUBMITTED');
    });

    it.each(['SUBMITTED', 'APPROVED'])('submitting a %s listing again is 409 INVALID_STATE', async (state) => {
      const listing = await listingIn(state);
      const res = await submit(farmer, listing.id).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'INVALID_STATE' });
      expect(await statusOf(listing.id)).toBe(state);
    });

    it('only the owner submits: another seller gets 404, a clerk 403', async () => {
      const { listing } = await listings.draft('LAND_CONTRACT', {}, farmer);
      await listings.upload(farmer, listing.id, 'OWNERSHIP_CERTIFICATE');
      const stranger = await t.given.seller();
      expect((await submit(stranger, listing.id).expect(404)).body.code).toBe('NOT_FOUND');
      expect((await submit(clerkA, listing.id).expect(403)).body.code).toBe('FORBIDDEN');
      expect(await statusOf(listing.id)).toBe('DRAFT');
    });

    it('PATCH after submit is 409 LISTING_NOT_EDITABLE and changes nothing', async () => {
      const { listing } = await submittedListing();
      const res = await patch(farmer, listing.id, { title: '改过的标题' }).expect(409);
      expect(res.body.code).toBe('LISTING_NOT_EDITABLE');
      const stored = await row(listing.id);
      expect(stored.title).toBe(listing.title);
      expect(stored.status).toBe('SUBMITTED');
    });

    it('a RETURNED listing carries the clerk’s comment, can be edited and resubmitted', async () => {
      const { listing } = await returnedListing();
      expect(listing.reviewComment).toBe('四至描述不清，请补充');
      const edited = await patch(farmer, listing.id, { title: '西沙洼村25.5亩水浇地出租（已补充四至）' }).expect(200);
      expect(edited.body).toMatchObject({ status: 'RETURNED', title: '西沙洼村25.5亩水浇地出租（已补充四至）' });
      const again = await submit(farmer, listing.id).expect(200);
      expect(again.body.status).toBe('SUBMITTED');
      const stored = await row(listing.id);
      expect(stored).toMatchObject({ status: 'SUBMITTED', title: '西沙洼村25.5亩水浇地出租（已补充四至）' });
      // and the clerk can now approve it
      expect((await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(200)).body.status).toBe('APPROVED');
    });
  });

  // ---- review ---------------------------------------------------------------------------------------------------

  describe('POST /listings/:id/review', () => {
    it('APPROVE: a small deal is APPROVED at the first approval; the review is recorded', async () => {
      const { listing } = await submittedListing();
      const res = await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(200);
      expect(res.body).toMatchObject({ id: listing.id, status: 'APPROVED', largeDeal: false, approvals: 1 });
      const stored = await row(listing.id);
      expect(stored.status).toBe('APPROVED');
      expect(stored.approved_by).toEqual([clerkA.id]);
      const reviews = await t.db.query('SELECT clerk_id, decision FROM listing_reviews WHERE listing_id = $1', [
        listing.id,
      ]);
      expect(reviews).toEqual([{ clerk_id: clerkA.id, decision: 'APPROVE' }]);
    });

    it.each(['RETURN', 'REJECT'])('%s needs a comment (400, also for a blank one)', async (decision) => {
      const { listing } = await submittedListing();
      for (const body of [{ decision }, { decision, comment: '' }, { decision, comment: '   ' }]) {
        const res = await review(clerkA, listing.id, body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('comment');
      }
      expect(await statusOf(listing.id)).toBe('SUBMITTED');
      expect(await reviewCount(listing.id)).toBe(0);
    });

    it('RETURN with a comment → RETURNED, the comment shown to the owner', async () => {
      const { listing } = await submittedListing();
      const res = await review(clerkA, listing.id, { decision: 'RETURN', comment: '请补充地块编码' }).expect(200);
      expect(res.body).toMatchObject({ status: 'RETURNED', reviewComment: '请补充地块编码' });
      const mine = await t.http.get(`/api/v1/listings/${listing.id}`).set('Authorization', farmer.auth).expect(200);
      expect(mine.body).toMatchObject({ status: 'RETURNED', reviewComment: '请补充地块编码' });
      expect(await row(listing.id)).toMatchObject({ status: 'RETURNED', review_comment: '请补充地块编码' });
    });

    it('REJECT with a comment → REJECTED, a dead end: no edit, no resubmission, no review', async () => {
      const { listing } = await submittedListing();
      const res = await review(clerkA, listing.id, { decision: 'REJECT', comment: '权属存在争议' }).expect(200);
      expect(res.body).toMatchObject({ status: 'REJECTED', reviewComment: '权属存在争议' });
      expect(await statusOf(listing.id)).toBe('REJECTED');
      expect((await patch(farmer, listing.id, { title: '再试一次' }).expect(409)).body.code).toBe(
        'LISTING_NOT_EDITABLE',
      );
      expect((await submit(farmer, listing.id).expect(409)).body.code).toBe('INVALID_STATE');
      expect((await review(clerkB, listing.id, { decision: 'APPROVE' }).expect(409)).body.code).toBe('INVALID_STATE');
      expect(await statusOf(listing.id)).toBe('REJECTED');
      expect(await auditMoves(listing.id)).toContainEqual(
        expect.objectContaining({ fromStatus: 'SUBMITTED', toStatus: 'REJECTED' }),
      );
    });

    it('an unknown decision is 400', async () => {
      const { listing } = await submittedListing();
      const res = await review(clerkA, listing.id, { decision: 'MAYBE' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await statusOf(listing.id)).toBe('SUBMITTED');
    });

    it('a non-clerk (the owner, another seller, a buyer, a supervisor) gets 403', async () => {
      const { listing } = await submittedListing();
      const others = [farmer, await t.given.seller(), await t.given.buyer(), await t.given.supervisor()];
      for (const actor of others) {
        const res = await review(actor, listing.id, { decision: 'APPROVE' }).expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      expect((await post(undefined, `/listings/${listing.id}/review`, { decision: 'APPROVE' })).status).toBe(401);
      expect(await statusOf(listing.id)).toBe('SUBMITTED');
      expect(await reviewCount(listing.id)).toBe(0);
    });

    it('a clerk never reviews a listing of their own (403)', async () => {
      // An admin creates only staff accounts and self-registration gives no staff role, so the API cannot make a
      // clerk who is also a seller: we make one by hand, a clerk given the `seller` role and a resident ID with SQL.
      const clerkSeller = await t.given.clerk();
      await t.db.query(`UPDATE users SET roles = ARRAY['clerk','seller']::text[], id_number = $2 WHERE id = $1`, [
        clerkSeller.id,
        validResidentId(),
      ]);
      const relogged = await t.given.login(clerkSeller.phone); // roles travel in the token
      expect(relogged.roles).toEqual(['clerk', 'seller']);
      const { listing } = await submittedListing({}, relogged);
      for (const decision of ['APPROVE', 'RETURN', 'REJECT']) {
        const res = await review(relogged, listing.id, { decision, comment: '自己审自己' }).expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      expect(await statusOf(listing.id)).toBe('SUBMITTED');
      expect(await reviewCount(listing.id)).toBe(0);
      // another clerk may
      expect((await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(200)).body.status).toBe('APPROVED');
    });

    it('reviewing a DRAFT is 409 INVALID_STATE', async () => {
      const { listing } = await listings.draft('LAND_CONTRACT', {}, farmer);
      for (const body of [{ decision: 'APPROVE' }, { decision: 'RETURN', comment: '退回' }]) {
        expect((await review(clerkA, listing.id, body).expect(409)).body.code).toBe('INVALID_STATE');
      }
      expect(await statusOf(listing.id)).toBe('DRAFT');
    });

    it('an unknown listing is 404, a malformed id 400', async () => {
      const missing = await review(clerkA, '00000000-0000-4000-8000-000000000000', { decision: 'APPROVE' });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      const bad = await review(clerkA, 'not-a-uuid', { decision: 'APPROVE' }).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });
  });

  // ---- four-eyes ------------------------------------------------------------------------------------------------

  describe('four-eyes review of large deals', () => {
    it('a deal of 1,000,000 元 stays SUBMITTED with approvals: 1, the same clerk again is 409, a second clerk approves', async () => {
      const { listing } = await submittedListing(LARGE_BY_VALUE);
      expect(listing).toMatchObject({ largeDeal: true, totalReservePriceFen: 100_000_000 });
      const first = await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(200);
      expect(first.body).toMatchObject({ status: 'SUBMITTED', approvals: 1 });
      expect(await row(listing.id)).toMatchObject({ status: 'SUBMITTED', approved_by: [clerkA.id] });
      // not publishable yet
      expect((await publish(clerkA, listing.id, { announcementEndsAt: inMinutes(60) }).expect(409)).body.code).toBe(
        'INVALID_STATE',
      );
      const again = await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(409);
      expect(again.body.code).toBe('ALREADY_APPROVED_BY_YOU');
      expect(await row(listing.id)).toMatchObject({ status: 'SUBMITTED', approved_by: [clerkA.id] });
      const second = await review(clerkB, listing.id, { decision: 'APPROVE' }).expect(200);
      expect(second.body).toMatchObject({ status: 'APPROVED', approvals: 2 });
      expect(await row(listing.id)).toMatchObject({ status: 'APPROVED', approved_by: [clerkA.id, clerkB.id] });
    });

    it('one fen below 1,000,000 元 is a small deal: APPROVED at the first approval', async () => {
      const { listing } = await submittedListing(SMALL_JUST_BELOW);
      expect(listing.largeDeal).toBe(false);
      const res = await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(200);
      expect(res.body).toMatchObject({ status: 'APPROVED', approvals: 1 });
    });

    it.each([
      [500, true],
      [500.01, true],
      [499.99, false],
    ])('an area of %s 亩 is large: %s', async (areaMu, large) => {
      const { listing } = await submittedListing({ areaMu });
      expect(listing).toMatchObject({ areaMu, largeDeal: large });
      const res = await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(200);
      expect(res.body.status).toBe(large ? 'SUBMITTED' : 'APPROVED');
      expect(res.body.approvals).toBe(1);
      if (large) {
        expect((await review(clerkB, listing.id, { decision: 'APPROVE' }).expect(200)).body.status).toBe('APPROVED');
      }
      expect(await statusOf(listing.id)).toBe('APPROVED');
    });

    it('a second clerk may still return it after one approval; resubmitted, it needs two fresh approvals', async () => {
      const { listing } = await submittedListing(LARGE_BY_VALUE);
      await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(200);
      const returned = await review(clerkB, listing.id, { decision: 'RETURN', comment: '请补充评估报告' }).expect(200);
      expect(returned.body.status).toBe('RETURNED');
      const again = await submit(farmer, listing.id).expect(200);
      expect(again.body).toMatchObject({ status: 'SUBMITTED', approvals: 0 });
      expect((await review(clerkB, listing.id, { decision: 'APPROVE' }).expect(200)).body).toMatchObject({
        status: 'SUBMITTED',
        approvals: 1,
      });
      expect((await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(200)).body.status).toBe('APPROVED');
    });
  });

  // ---- publish --------------------------------------------------------------------------------------------------

  describe('POST /listings/:id/publish', () => {
    it('defaults: bidding starts when the announcement ends and lasts one hour', async () => {
      const { listing } = await approvedListing();
      const announcementEndsAt = inMinutes(120);
      const res = await publish(clerkA, listing.id, { announcementEndsAt }).expect(200);
      const end = new Date(announcementEndsAt).getTime();
      expect(res.body.status).toBe('ANNOUNCED');
      expect(new Date(res.body.announcementEndsAt).getTime()).toBe(end);
      expect(new Date(res.body.biddingStartsAt).getTime()).toBe(end);
      expect(new Date(res.body.biddingEndsAt).getTime()).toBe(end + 3600_000);
      expect(res.body.publishedAt).toEqual(expect.any(String));
      const stored = await row(listing.id);
      expect(stored.status).toBe('ANNOUNCED');
      expect((stored.bidding_starts_at as Date).getTime()).toBe(end);
      expect((stored.bidding_ends_at as Date).getTime()).toBe(end + 3600_000);
      // the public now sees it
      expect((await t.http.get(`/api/v1/listings/${listing.id}`).expect(200)).body.status).toBe('ANNOUNCED');
    });

    it('an explicit bidding window is kept (an offset other than UTC accepted)', async () => {
      const { listing } = await approvedListing();
      const end = Date.now() + 2 * 3600_000;
      const asChinaTime = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
      const res = await publish(clerkA, listing.id, {
        announcementEndsAt: asChinaTime(end),
        biddingStartsAt: asChinaTime(end + 86_400_000),
        biddingEndsAt: asChinaTime(end + 86_400_000 + 7_200_000),
      }).expect(200);
      expect(new Date(res.body.announcementEndsAt).getTime()).toBe(end);
      expect(new Date(res.body.biddingStartsAt).getTime()).toBe(end + 86_400_000);
      expect(new Date(res.body.biddingEndsAt).getTime()).toBe(end + 86_400_000 + 7_200_000);
    });

    it.each(['DRAFT', 'SUBMITTED', 'RETURNED', 'ANNOUNCED'])('from %s is 409 INVALID_STATE', async (state) => {
      const listing = await listingIn(state);
      const res = await publish(clerkA, listing.id, { announcementEndsAt: inMinutes(90) }).expect(409);
      expect(res.body.code).toBe('INVALID_STATE');
      expect(await statusOf(listing.id)).toBe(state);
    });

    it('an announcement end in the past (or now) is 422 ANNOUNCEMENT_TOO_SHORT', async () => {
      const { listing } = await approvedListing();
      for (const announcementEndsAt of [inMinutes(-1), inMinutes(-60 * 24)]) {
        const res = await publish(clerkA, listing.id, { announcementEndsAt }).expect(422);
        expect(res.body.code).toBe('ANNOUNCEMENT_TOO_SHORT');
      }
      const stored = await row(listing.id);
      expect(stored.status).toBe('APPROVED');
      expect(stored.announcement_ends_at).toBeNull();
    });

    it('biddingStartsAt before the announcement end is 422 INVALID_BIDDING_WINDOW', async () => {
      const { listing } = await approvedListing();
      const res = await publish(clerkA, listing.id, {
        announcementEndsAt: inMinutes(120),
        biddingStartsAt: inMinutes(119),
      }).expect(422);
      expect(res.body.code).toBe('INVALID_BIDDING_WINDOW');
      expect(await statusOf(listing.id)).toBe('APPROVED');
    });

    it('biddingEndsAt not after biddingStartsAt is 422 INVALID_BIDDING_WINDOW (equal or earlier)', async () => {
      const { listing } = await approvedListing();
      const announcementEndsAt = inMinutes(120);
      const biddingStartsAt = inMinutes(180);
      for (const biddingEndsAt of [biddingStartsAt, inMinutes(150)]) {
        const res = await publish(clerkA, listing.id, { announcementEndsAt, biddingStartsAt, biddingEndsAt }).expect(
          422,
        );
        expect(res.body.code).toBe('INVALID_BIDDING_WINDOW');
      }
      // only biddingEndsAt given, before the default start (the announcement end)
      const res = await publish(clerkA, listing.id, { announcementEndsAt, biddingEndsAt: inMinutes(100) }).expect(422);
      expect(res.body.code).toBe('INVALID_BIDDING_WINDOW');
      expect(await statusOf(listing.id)).toBe('APPROVED');
    });

    it('a missing or malformed date is 400; a seller is 403', async () => {
      const { listing } = await approvedListing();
      for (const body of [{}, { announcementEndsAt: 'next Friday' }, { announcementEndsAt: inMinutes(60), x: 1 }]) {
        expect((await publish(clerkA, listing.id, body).expect(400)).body.code).toBe('VALIDATION_FAILED');
      }
      expect((await publish(farmer, listing.id, { announcementEndsAt: inMinutes(60) }).expect(403)).body.code).toBe(
        'FORBIDDEN',
      );
      expect(await statusOf(listing.id)).toBe('APPROVED');
    });
  });

  describe('the announcement minimum in working days (ANNOUNCEMENT_MIN_WORKING_DAYS=10)', () => {
    let t10: TestContext;
    let f10: ListingFactory;
    let clerk: Actor;
    beforeAll(async () => {
      t10 = await createTestApp({ ANNOUNCEMENT_MIN_WORKING_DAYS: '10' });
      f10 = new ListingFactory(t10.http, t10.given);
      clerk = await t10.given.clerk();
    });
    afterAll(() => t10.close());

    it.each(['LAND_CONTRACT', 'COLLECTIVE_OPERATING_ASSET'] as const)(
      '%s: an end 10 working days out is accepted, a minute earlier is 422 ANNOUNCEMENT_TOO_SHORT',
      async (code) => {
        const { listing } = await f10.approved(code, {}, [clerk, await t10.given.clerk()]);
        expect(listing.status).toBe('APPROVED');
        const earliest = PACKAGE_CALENDAR.addWorkingDays(new Date(), 10);
        const early = await t10.http
          .post(`/api/v1/listings/${listing.id}/publish`)
          .set('Authorization', clerk.auth)
          .send({ announcementEndsAt: new Date(earliest.getTime() - 60_000).toISOString() })
          .expect(422);
        expect(early.body.code).toBe('ANNOUNCEMENT_TOO_SHORT');
        const ok = await t10.http
          .post(`/api/v1/listings/${listing.id}/publish`)
          .set('Authorization', clerk.auth)
          .send({ announcementEndsAt: earliest.toISOString() })
          .expect(200);
        expect(ok.body.status).toBe('ANNOUNCED');
        expect(new Date(ok.body.announcementEndsAt).getTime()).toBe(earliest.getTime());
      },
    );
  });

  describe('the category minimum without the override (COLLECTIVE_OPERATING_ASSET: 20 working days)', () => {
    let tc: TestContext;
    let fc: ListingFactory;
    let clerk: Actor;
    beforeAll(async () => {
      // The harness's BASE_ENV sets ANNOUNCEMENT_MIN_WORKING_DAYS=0 and '' is not a valid value; an override of
      // `undefined` leaves the variable out of the environment the app validates (validateEnvironment skips
      // undefined values), so the categories' own minimums apply.
      tc = await createTestApp({ ANNOUNCEMENT_MIN_WORKING_DAYS: undefined as unknown as string });
      fc = new ListingFactory(tc.http, tc.given);
      clerk = await tc.given.clerk();
    });
    afterAll(() => tc.close());

    const publishAt = (id: string, at: Date) =>
      tc.http
        .post(`/api/v1/listings/${id}/publish`)
        .set('Authorization', clerk.auth)
        .send({ announcementEndsAt: at.toISOString() });

    it('COLLECTIVE_OPERATING_ASSET: 10 working days or a minute under 20 is too short; 20 is accepted', async () => {
      const { listing } = await fc.approved('COLLECTIVE_OPERATING_ASSET', {}, [clerk, await tc.given.clerk()]);
      const twenty = PACKAGE_CALENDAR.addWorkingDays(new Date(), 20);
      for (const at of [PACKAGE_CALENDAR.addWorkingDays(new Date(), 10), new Date(twenty.getTime() - 60_000)]) {
        expect((await publishAt(listing.id, at).expect(422)).body.code).toBe('ANNOUNCEMENT_TOO_SHORT');
      }
      const ok = await publishAt(listing.id, twenty).expect(200);
      expect(ok.body.status).toBe('ANNOUNCED');
    });

    it('LAND_CONTRACT: 10 working days are enough, a minute less is not', async () => {
      const { listing } = await fc.approved('LAND_CONTRACT', {}, [clerk, await tc.given.clerk()]);
      const ten = PACKAGE_CALENDAR.addWorkingDays(new Date(), 10);
      expect((await publishAt(listing.id, new Date(ten.getTime() - 60_000)).expect(422)).body.code).toBe(
        'ANNOUNCEMENT_TOO_SHORT',
      );
      expect((await publishAt(listing.id, ten).expect(200)).body.status).toBe('ANNOUNCED');
    });
  });

  // ---- withdraw -------------------------------------------------------------------------------------------------

  describe('POST /listings/:id/withdraw', () => {
    it.each(['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'ANNOUNCED'])(
      'the owner withdraws a %s listing → WITHDRAWN, the reason kept',
      async (state) => {
        const listing = await listingIn(state);
        const res = await withdraw(farmer, listing.id, { reason: '家中另有安排' }).expect(200);
        expect(res.body).toMatchObject({ id: listing.id, status: 'WITHDRAWN', withdrawReason: '家中另有安排' });
        expect(await row(listing.id)).toMatchObject({ status: 'WITHDRAWN', withdraw_reason: '家中另有安排' });
      },
    );

    it.each(['SUBMITTED', 'ANNOUNCED'])('a clerk withdraws a %s listing', async (state) => {
      const listing = await listingIn(state);
      const res = await withdraw(clerkB, listing.id, { reason: '权属材料存疑，中心撤回' }).expect(200);
      expect(res.body.status).toBe('WITHDRAWN');
      expect(await statusOf(listing.id)).toBe('WITHDRAWN');
    });

    it('a reason is required (400)', async () => {
      const { listing } = await listings.draft('LAND_CONTRACT', {}, farmer);
      for (const body of [{}, { reason: '' }, { reason: 42 }]) {
        const res = await withdraw(farmer, listing.id, body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('reason');
      }
      expect(await statusOf(listing.id)).toBe('DRAFT');
    });

    it('another seller or a buyer gets 404 for a private listing', async () => {
      for (const state of ['DRAFT', 'SUBMITTED']) {
        const listing = await listingIn(state);
        for (const actor of [await t.given.seller(), await t.given.buyer()]) {
          const res = await withdraw(actor, listing.id, { reason: '恶意撤回' }).expect(404);
          expect(res.body.code).toBe('NOT_FOUND');
        }
        expect(await statusOf(listing.id)).toBe(state);
      }
    });

    it('another seller cannot withdraw a public (ANNOUNCED) listing either', async () => {
      const listing = await listingIn('ANNOUNCED');
      const res = await withdraw(await t.given.seller(), listing.id, { reason: '恶意撤回' });
      expect([403, 404]).toContain(res.status);
      expect(await statusOf(listing.id)).toBe('ANNOUNCED');
    });

    it('after WITHDRAWN every move is 409', async () => {
      const listing = await listingIn('SUBMITTED');
      await withdraw(farmer, listing.id, { reason: '不转了' }).expect(200);
      expect((await withdraw(farmer, listing.id, { reason: '再撤一次' }).expect(409)).body.code).toBe('INVALID_STATE');
      expect((await withdraw(clerkA, listing.id, { reason: '再撤一次' }).expect(409)).body.code).toBe('INVALID_STATE');
      expect((await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(409)).body.code).toBe('INVALID_STATE');
      expect((await submit(farmer, listing.id).expect(409)).body.code).toBe('INVALID_STATE');
      expect((await patch(farmer, listing.id, { title: '复活' }).expect(409)).body.code).toBe('LISTING_NOT_EDITABLE');
      expect(await statusOf(listing.id)).toBe('WITHDRAWN');
    });

    it('once bidding has started it is too late (409)', async () => {
      const listing = await listingIn('ANNOUNCED');
      await forceBiddingBecauseAuctionIsNotBuiltYet(listing.id);
      expect((await withdraw(farmer, listing.id, { reason: '来不及了' }).expect(409)).body.code).toBe('INVALID_STATE');
      expect(await statusOf(listing.id)).toBe('BIDDING');
    });
  });

  // ---- relist ---------------------------------------------------------------------------------------------------

  describe('POST /listings/:id/relist', () => {
    async function failedListing(owner: Actor = farmer): Promise<Listing> {
      const { listing } = await announcedListing({}, owner);
      await forceFailedBecauseAuctionIsNotBuiltYet(listing.id);
      return listing;
    }

    it('a cut of exactly 20% → 201 a new listing in SUBMITTED pointing to the old one', async () => {
      const old = await failedListing();
      expect(old.reservePriceFen).toBe(1_000_000);
      const res = await relist(farmer, old.id, { reservePriceFen: 800_000 }).expect(201);
      expect(res.body).toMatchObject({
        status: 'SUBMITTED',
        previousListingId: old.id,
        reservePriceFen: 800_000,
        totalReservePriceFen: 4_000_000,
        categoryCode: old.categoryCode,
        title: old.title,
      });
      expect(res.body.id).not.toBe(old.id);
      expect(res.body.listingNo).not.toBe(old.listingNo);
      expect(await row(res.body.id)).toMatchObject({
        status: 'SUBMITTED',
        previous_listing_id: old.id,
        reserve_price_fen: '800000',
      });
      expect(await statusOf(old.id)).toBe('FAILED');
      // the new round goes through review like any other
      expect((await review(clerkA, res.body.id, { decision: 'APPROVE' }).expect(200)).body.status).toBe('APPROVED');
    });

    it('a cut of 20% + 1 fen is 422 PRICE_CUT_TOO_LARGE and creates nothing', async () => {
      const old = await failedListing();
      const res = await relist(farmer, old.id, { reservePriceFen: 799_999 }).expect(422);
      expect(res.body.code).toBe('PRICE_CUT_TOO_LARGE');
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM listings WHERE previous_listing_id = $1', [
        old.id,
      ]);
      expect(n).toBe(0);
      expect(await statusOf(old.id)).toBe('FAILED');
    });

    it.each(['DRAFT', 'SUBMITTED', 'APPROVED', 'ANNOUNCED'])('relisting a %s listing is 409', async (state) => {
      const listing = await listingIn(state);
      const res = await relist(farmer, listing.id, { reservePriceFen: 900_000 }).expect(409);
      expect(res.body.code).toBe('INVALID_STATE');
      expect(await statusOf(listing.id)).toBe(state);
    });

    it('relisting the same FAILED listing twice is 409', async () => {
      const old = await failedListing();
      await relist(farmer, old.id, { reservePriceFen: 900_000 }).expect(201);
      const again = await relist(farmer, old.id, { reservePriceFen: 900_000 }).expect(409);
      expect(again.body.code).toBe('INVALID_STATE');
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM listings WHERE previous_listing_id = $1', [
        old.id,
      ]);
      expect(n).toBe(1);
    });

    it('only the owner relists', async () => {
      const old = await failedListing();
      for (const actor of [await t.given.seller(), clerkA]) {
        const res = await relist(actor, old.id, { reservePriceFen: 900_000 });
        expect([403, 404]).toContain(res.status);
      }
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM listings WHERE previous_listing_id = $1', [
        old.id,
      ]);
      expect(n).toBe(0);
    });
  });

  // ---- concurrency ----------------------------------------------------------------------------------------------

  describe('two concurrent moves cannot both win', () => {
    it('two clerks approve the same small listing at once: one 200, one 409, one approval recorded', async () => {
      const { listing } = await submittedListing();
      const results = await Promise.all([
        review(clerkA, listing.id, { decision: 'APPROVE' }),
        review(clerkB, listing.id, { decision: 'APPROVE' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toBe('INVALID_STATE');
      const stored = await row(listing.id);
      expect(stored.status).toBe('APPROVED');
      expect(stored.approved_by).toHaveLength(1);
      expect(await reviewCount(listing.id)).toBe(1);
      const approvals = (await auditMoves(listing.id)).filter((m) => m.toStatus === 'APPROVED');
      expect(approvals).toHaveLength(1);
    });

    it('the owner withdraws while a clerk rejects: exactly one wins, the other is 409', async () => {
      const { listing } = await submittedListing();
      const [w, r] = await Promise.all([
        withdraw(farmer, listing.id, { reason: '同时撤回' }),
        review(clerkA, listing.id, { decision: 'REJECT', comment: '同时驳回' }),
      ]);
      expect([w.status, r.status].sort()).toEqual([200, 409]);
      const winner = w.status === 200 ? 'WITHDRAWN' : 'REJECTED';
      expect((w.status === 200 ? r : w).body.code).toBe('INVALID_STATE');
      expect(await statusOf(listing.id)).toBe(winner);
      const moves = (await auditMoves(listing.id)).filter((m) => m.fromStatus === 'SUBMITTED');
      expect(moves).toEqual([expect.objectContaining({ toStatus: winner })]);
    });

    it('the owner withdraws while a clerk approves: the outcome is one of the two serial orders', async () => {
      const { listing } = await submittedListing();
      const [w, a] = await Promise.all([
        withdraw(farmer, listing.id, { reason: '同时撤回' }),
        review(clerkA, listing.id, { decision: 'APPROVE' }),
      ]);
      const moves = (await auditMoves(listing.id))
        .filter((m) => m.fromStatus === 'SUBMITTED' || m.fromStatus === 'APPROVED')
        .map((m) => m.toStatus);
      if (moves[0] === 'WITHDRAWN') {
        // withdrawn first: nothing left to approve
        expect([w.status, a.status]).toEqual([200, 409]);
        expect(moves).toEqual(['WITHDRAWN']);
      } else {
        // approved first: an APPROVED listing may still be withdrawn, so the withdrawal follows
        expect([w.status, a.status]).toEqual([200, 200]);
        expect(moves).toEqual(['APPROVED', 'WITHDRAWN']);
      }
      expect(await statusOf(listing.id)).toBe('WITHDRAWN');
    });

    it('two clerks give a large deal its two approvals at once: both count (no lost update)', async () => {
      const { listing } = await submittedListing(LARGE_BY_VALUE);
      const results = await Promise.all([
        review(clerkA, listing.id, { decision: 'APPROVE' }),
        review(clerkB, listing.id, { decision: 'APPROVE' }),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const stored = await row(listing.id);
      expect(stored.status).toBe('APPROVED');
      expect([...(stored.approved_by as string[])].sort()).toEqual([clerkA.id, clerkB.id].sort());
    });

    it('the same clerk approves a large deal twice at once: one approval, one 409 ALREADY_APPROVED_BY_YOU', async () => {
      const { listing } = await submittedListing(LARGE_BY_VALUE);
      const results = await Promise.all([
        review(clerkA, listing.id, { decision: 'APPROVE' }),
        review(clerkA, listing.id, { decision: 'APPROVE' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toBe('ALREADY_APPROVED_BY_YOU');
      expect(await row(listing.id)).toMatchObject({ status: 'SUBMITTED', approved_by: [clerkA.id] });
    });
  });

  // ---- audit ----------------------------------------------------------------------------------------------------

  describe('every move is audited', () => {
    it('GET /audit?entityType=listing&entityId=… lists each move with who, fromStatus and toStatus', async () => {
      const { listing } = await listings.draft('LAND_CONTRACT', LARGE_BY_VALUE, farmer);
      await listings.upload(farmer, listing.id, 'OWNERSHIP_CERTIFICATE');
      await submit(farmer, listing.id).expect(200);
      await review(clerkA, listing.id, { decision: 'RETURN', comment: '请补充' }).expect(200);
      await patch(farmer, listing.id, { description: '已补充材料' }).expect(200);
      await submit(farmer, listing.id).expect(200);
      await review(clerkA, listing.id, { decision: 'APPROVE' }).expect(200);
      await review(clerkB, listing.id, { decision: 'APPROVE' }).expect(200);
      await publish(clerkA, listing.id, { announcementEndsAt: inMinutes(60) }).expect(200);
      // refused attempts leave no trace
      await publish(clerkA, listing.id, { announcementEndsAt: inMinutes(60) }).expect(409);
      await submit(farmer, listing.id).expect(409);
      await withdraw(clerkB, listing.id, { reason: '出让方申请撤回' }).expect(200);

      const res = await t.http
        .get(`/api/v1/audit?entityType=listing&entityId=${listing.id}&pageSize=100`)
        .set('Authorization', clerkA.auth)
        .expect(200);
      type Entry = { action: string; actorId: string; fromStatus: string | null; toStatus: string | null };
      const items = res.body.items as Entry[];
      expect(res.body.total).toBe(items.length);
      const moves = items
        .filter((i) => i.toStatus !== null && i.fromStatus !== i.toStatus)
        .map((i) => [i.fromStatus, i.toStatus, i.actorId]);
      expect(moves).toEqual([
        [null, 'DRAFT', farmer.id],
        ['DRAFT', 'SUBMITTED', farmer.id],
        ['SUBMITTED', 'RETURNED', clerkA.id],
        ['RETURNED', 'SUBMITTED', farmer.id],
        ['SUBMITTED', 'APPROVED', clerkB.id],
        ['APPROVED', 'ANNOUNCED', clerkA.id],
        ['ANNOUNCED', 'WITHDRAWN', clerkB.id],
      ]);
      // the first of the two approvals is on the trail too, by its clerk
      expect(items.filter((i) => i.fromStatus === 'SUBMITTED' && i.toStatus === 'SUBMITTED')).toEqual([
        expect.objectContaining({ actorId: clerkA.id }),
      ]);
      // a supervisor reads the same trail; the seller does not
      const supervisor = await t.given.supervisor();
      await t.http
        .get(`/api/v1/audit?entityType=listing&entityId=${listing.id}`)
        .set('Authorization', supervisor.auth)
        .expect(200);
      await t.http
        .get(`/api/v1/audit?entityType=listing&entityId=${listing.id}`)
        .set('Authorization', farmer.auth)
        .expect(403);
      const verify = await t.http.get('/api/v1/audit/verify').set('Authorization', clerkA.auth).expect(200);
      expect(verify.body.ok).toBe(true);
    });

    it('a relisting is audited on the new listing, pointing to the old one', async () => {
      const { listing } = await announcedListing();
      await forceFailedBecauseAuctionIsNotBuiltYet(listing.id);
      const res = await relist(farmer, listing.id, { reservePriceFen: 950_000 }).expect(201);
      const trail = await t.http
        .get(`/api/v1/audit?entityType=listing&entityId=${res.body.id}`)
        .set('Authorization', clerkA.auth)
        .expect(200);
      expect(trail.body.items).toEqual([
        expect.objectContaining({
          actorId: farmer.id,
          toStatus: 'SUBMITTED',
          details: expect.objectContaining({ previousListingId: listing.id }),
        }),
      ]);
    });
  });
});
