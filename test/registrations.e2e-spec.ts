import { randomUUID } from 'node:crypto';
import {
  after,
  approvedListing,
  balances,
  enrol,
  entriesOf,
  eventually,
  expectLedgerOk,
  KnownBuyer,
  knownBuyer,
  knownBuyers,
  Listing,
  listingStatus,
  postingsOf,
  publish,
} from './support/auction-helpers';
import { Actor } from './support/given';
import { VALID_RESOLUTION } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/** API.md "Bidder registration and deposits"; DOMAIN.md §2 step 4, §3 (deposit entries), §4. */
describe('bidder registration, qualification and deposits', () => {
  let t: TestContext;
  let clerk: Actor;
  let supervisor: Actor;

  const masked = (id: string): string => `${id.slice(0, 6)}********${id.slice(-4)}`;
  const register = (listingId: string, actor: Actor, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/v1/listings/${listingId}/registrations`).set('Authorization', actor.auth).send(body);
  const qualify = (registrationId: string, body: Record<string, unknown>, actor: Actor = clerk) =>
    t.http.post(`/api/v1/registrations/${registrationId}/qualify`).set('Authorization', actor.auth).send(body);
  const deposit = (registrationId: string, body: Record<string, unknown>, key?: string, actor: Actor = clerk) => {
    const req = t.http.post(`/api/v1/registrations/${registrationId}/deposit`).set('Authorization', actor.auth);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const refund = (registrationId: string, actor: Actor = clerk) =>
    t.http
      .post(`/api/v1/registrations/${registrationId}/refund`)
      .set('Authorization', actor.auth)
      .send({ bankRef: `REFUND-${registrationId.slice(0, 8)}` });

  /** A listing announced for an hour: registration stays open through the test. */
  async function openListing(code: Parameters<typeof approvedListing>[2] = 'LAND_CONTRACT', overrides = {}) {
    const { seller, listing } = await approvedListing(t, clerk, code, overrides);
    const published = await publish(t, clerk, listing.id, { announceMs: 3600_000 });
    return { seller, listing: published.listing };
  }

  beforeAll(async () => {
    t = await createTestApp({ AUCTION_EXTENSION_SECONDS: '1' });
    clerk = await t.given.clerk();
    supervisor = await t.given.supervisor();
  });
  afterEach(() => expectLedgerOk(t, clerk)); // after every scenario: the escrow ledger's invariants hold
  afterAll(() => t.close());

  describe('registering (意向受让登记)', () => {
    let listing: Listing;
    let seller: Actor;

    beforeAll(async () => {
      ({ listing, seller } = await openListing());
    });

    it('registers a buyer during the announcement: 201 PENDING; a second registration is 409 ALREADY_REGISTERED', async () => {
      const buyer = await knownBuyer(t);
      const res = await register(listing.id, buyer, { claimsPriorityRight: true, note: '本村村民，主张优先权' }).expect(
        201,
      );
      expect(res.body).toMatchObject({ listingId: listing.id, status: 'PENDING', claimsPriorityRight: true });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);

      const again = await register(listing.id, buyer).expect(409);
      expect(again.body).toMatchObject({ statusCode: 409, code: 'ALREADY_REGISTERED' });
      await expectLedgerOk(t, clerk);
    });

    it('refuses the listing’s owner (422 OWN_LISTING) and callers without the buyer role (403)', async () => {
      const owner = await t.given.party('PERSON', ['seller', 'buyer']);
      const { listing: own } = await approvedListing(t, clerk, 'LAND_CONTRACT', {}, owner);
      await publish(t, clerk, own.id, { announceMs: 3600_000 });
      const res = await register(own.id, owner).expect(422);
      expect(res.body.code).toBe('OWN_LISTING');

      // the seller of the main listing holds only the seller role
      const sellerOnly = await register(listing.id, seller).expect(403);
      expect(sellerOnly.body.code).toBe('FORBIDDEN');
      await register(listing.id, clerk).expect(403);
    });

    it('does not disclose a listing that is not public: 404 (and 400 for a malformed id)', async () => {
      const buyer = await knownBuyer(t);
      const { listing: approved } = await approvedListing(t, clerk);
      expect((await register(approved.id, buyer).expect(404)).body.code).toBe('NOT_FOUND');
      expect((await register(randomUUID(), buyer).expect(404)).body.code).toBe('NOT_FOUND');
      expect((await register('not-a-uuid', buyer).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses unknown fields in the body (400 VALIDATION_FAILED)', async () => {
      const buyer = await knownBuyer(t);
      const res = await register(listing.id, buyer, { bidderNo: '123456' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('qualification (资格审查)', () => {
    it('clerk qualifies (with the priority right on LAND_CONTRACT) or disqualifies; others get 403', async () => {
      const { listing } = await openListing('LAND_CONTRACT');
      const [a, b] = await knownBuyers(t, 2);
      const ra = (await register(listing.id, a, { claimsPriorityRight: true }).expect(201)).body;
      const rb = (await register(listing.id, b).expect(201)).body;

      expect((await qualify(ra.id, { approve: true }, a).expect(403)).body.code).toBe('FORBIDDEN');
      await qualify(ra.id, { approve: true }, supervisor).expect(403);

      const ok = await qualify(ra.id, { approve: true, priorityRight: true }).expect(200);
      expect(ok.body).toMatchObject({ id: ra.id, status: 'QUALIFIED', priorityRight: true });
      const no = await qualify(rb.id, { approve: false, reason: '材料不全' }).expect(200);
      expect(no.body).toMatchObject({ id: rb.id, status: 'DISQUALIFIED' });

      // a disqualified buyer has no bidder number and pays no deposit
      const refused = await deposit(rb.id, { amountFen: listing.depositFen, bankRef: 'B-DQ' });
      expect(refused.status).toBe(409);
      expect((await entriesOf(t, clerk, rb.id)).length).toBe(0);
      await expectLedgerOk(t, clerk);
    });

    it('priorityRight on a category without that right (FOREST) → 422 PRIORITY_RIGHT_NOT_APPLICABLE', async () => {
      const { listing } = await openListing('FOREST');
      const buyer = await knownBuyer(t);
      const reg = (await register(listing.id, buyer).expect(201)).body;
      const res = await qualify(reg.id, { approve: true, priorityRight: true }).expect(422);
      expect(res.body.code).toBe('PRIORITY_RIGHT_NOT_APPLICABLE');
      // still PENDING: a plain qualification works
      const ok = await qualify(reg.id, { approve: true }).expect(200);
      expect(ok.body).toMatchObject({ status: 'QUALIFIED', priorityRight: false });
    });

    it('COLLECTIVE_EQUITY: a buyer from another village → 422 BUYER_NOT_MEMBER; members qualify', async () => {
      const { listing } = await openListing('COLLECTIVE_EQUITY');
      const member = await knownBuyer(t, { villageCode: listing.villageCode });
      const outsider = await knownBuyer(t, { villageCode: '130728100214' }); // 东沙洼村, not 西沙洼村
      const rm = (await register(listing.id, member).expect(201)).body;
      const ro = (await register(listing.id, outsider).expect(201)).body;

      const refused = await qualify(ro.id, { approve: true }).expect(422);
      expect(refused.body.code).toBe('BUYER_NOT_MEMBER');
      await qualify(rm.id, { approve: true, priorityRight: true }).expect(200);
      // refusing the outsider is always possible
      expect((await qualify(ro.id, { approve: false, reason: '非本集体成员' }).expect(200)).body.status).toBe(
        'DISQUALIFIED',
      );
    });

    it('COLLECTIVE_EQUITY whose resolution allows outsiders: a buyer from another village qualifies', async () => {
      const { listing } = await openListing('COLLECTIVE_EQUITY', {
        collectiveResolution: { ...VALID_RESOLUTION, allowOutsiders: true },
      });
      const outsider = await knownBuyer(t, { villageCode: '130728100214' });
      const reg = (await register(listing.id, outsider).expect(201)).body;
      expect((await qualify(reg.id, { approve: true }).expect(200)).body.status).toBe('QUALIFIED');
    });
  });

  describe('deposits (交易保证金)', () => {
    let listing: Listing;

    beforeAll(async () => {
      ({ listing } = await openListing());
    });

    async function qualified(buyer?: KnownBuyer) {
      const b = buyer ?? (await knownBuyer(t));
      const reg = (await register(listing.id, b).expect(201)).body;
      await qualify(reg.id, { approve: true }).expect(200);
      return { buyer: b, registrationId: reg.id as string };
    }

    it('wrong amount → 422 DEPOSIT_AMOUNT_MISMATCH; the right one → DEPOSIT_PAID, a bidder number, Dr BANK / Cr DEPOSITS_HELD', async () => {
      const d = listing.depositFen as number;
      const { registrationId } = await qualified();

      for (const amountFen of [d - 1, d + 1, Math.floor(d / 2)]) {
        const wrong = await deposit(registrationId, { amountFen, bankRef: 'B-WRONG' }).expect(422);
        expect(wrong.body.code).toBe('DEPOSIT_AMOUNT_MISMATCH');
      }
      expect(await entriesOf(t, clerk, registrationId)).toEqual([]);
      const bad = await deposit(registrationId, { amountFen: '1000000', bankRef: 'B-STR' }).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');

      const paid = await deposit(registrationId, { amountFen: d, bankRef: 'B-0001' }).expect(200);
      expect(paid.body).toMatchObject({ id: registrationId, status: 'DEPOSIT_PAID' });
      expect(paid.body.bidderNo).toMatch(/^\d{6}$/);

      const entries = await entriesOf(t, clerk, registrationId);
      expect(entries).toHaveLength(1);
      expect(entries[0].registrationId).toBe(registrationId);
      expect(postingsOf(entries[0])).toEqual([
        { account: 'BANK', amountFen: d },
        { account: `DEPOSITS_HELD:${registrationId}`, amountFen: -d },
      ]);
      const accounts = await balances(t, clerk);
      expect(accounts.get(`DEPOSITS_HELD:${registrationId}`)).toBe(d);

      // recorded once: a second recording (no key) is a state conflict and books nothing
      const twice = await deposit(registrationId, { amountFen: d, bankRef: 'B-0001' }).expect(409);
      expect(twice.body.code).toBe('INVALID_STATE');
      expect(await entriesOf(t, clerk, registrationId)).toHaveLength(1);
      await expectLedgerOk(t, clerk);
    });

    it('only a clerk records a deposit (403 for the buyer and the supervisor)', async () => {
      const { buyer, registrationId } = await qualified();
      const body = { amountFen: listing.depositFen, bankRef: 'B-SELF' };
      expect((await deposit(registrationId, body, undefined, buyer).expect(403)).body.code).toBe('FORBIDDEN');
      await deposit(registrationId, body, undefined, supervisor).expect(403);
      expect(await entriesOf(t, clerk, registrationId)).toEqual([]);
    });

    it('gives every paying bidder a 6-digit bidder number, unique in the listing', async () => {
      const buyers = await knownBuyers(t, 6);
      const numbers: string[] = [];
      for (const b of buyers) {
        const { registrationId } = await qualified(b);
        const paid = await deposit(registrationId, { amountFen: listing.depositFen, bankRef: `B-${numbers.length}` });
        expect(paid.status).toBe(200);
        expect(paid.body.bidderNo).toMatch(/^\d{6}$/);
        numbers.push(paid.body.bidderNo);
      }
      expect(new Set(numbers).size).toBe(numbers.length);
      const all = await t.http
        .get(`/api/v1/listings/${listing.id}/registrations?pageSize=100`)
        .set('Authorization', clerk.auth)
        .expect(200);
      const allNumbers = (all.body.items as { bidderNo: string | null }[]).map((r) => r.bidderNo).filter(Boolean);
      expect(new Set(allNumbers).size).toBe(allNumbers.length);
    });

    it('Idempotency-Key: the same key and body replay the response and book once; another body → 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const d = listing.depositFen as number;
      const { registrationId } = await qualified();
      const key = `deposit-${registrationId}`;
      const body = { amountFen: d, bankRef: 'B-IDEM-1' };

      const first = await deposit(registrationId, body, key).expect(200);
      expect(first.body.status).toBe('DEPOSIT_PAID');
      const replay = await deposit(registrationId, { bankRef: 'B-IDEM-1', amountFen: d }, key).expect(200);
      expect(replay.body).toEqual(first.body);
      expect(await entriesOf(t, clerk, registrationId)).toHaveLength(1);

      const reused = await deposit(registrationId, { amountFen: d, bankRef: 'B-IDEM-2' }, key).expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await entriesOf(t, clerk, registrationId)).toHaveLength(1);
      const accounts = await balances(t, clerk);
      expect(accounts.get(`DEPOSITS_HELD:${registrationId}`)).toBe(d);
      await expectLedgerOk(t, clerk);
    });

    it('Idempotency-Key: a failed attempt (wrong amount) is not stored, so the corrected retry with the same key runs', async () => {
      const d = listing.depositFen as number;
      const { registrationId } = await qualified();
      const key = `retry-${registrationId}`;

      const failed = await deposit(registrationId, { amountFen: d - 100, bankRef: 'B-RETRY' }, key).expect(422);
      expect(failed.body.code).toBe('DEPOSIT_AMOUNT_MISMATCH');
      const corrected = await deposit(registrationId, { amountFen: d, bankRef: 'B-RETRY' }, key).expect(200);
      expect(corrected.body.status).toBe('DEPOSIT_PAID');
      const replay = await deposit(registrationId, { amountFen: d, bankRef: 'B-RETRY' }, key).expect(200);
      expect(replay.body).toEqual(corrected.body);
      expect(await entriesOf(t, clerk, registrationId)).toHaveLength(1);
      await expectLedgerOk(t, clerk);
    });
  });

  describe('who sees registrations', () => {
    it('lists for clerk and supervisor only; the buyer sees their own (ID masked), staff see the ID in full; others 404', async () => {
      const { listing, seller } = await openListing();
      const [a, b, c] = await knownBuyers(t, 3);
      const ra = await enrol(t, clerk, listing, a);
      const rb = await enrol(t, clerk, listing, b, { pay: false });

      // GET /listings/:id/registrations: clerk, supervisor
      for (const staff of [clerk, supervisor]) {
        const res = await t.http
          .get(`/api/v1/listings/${listing.id}/registrations`)
          .set('Authorization', staff.auth)
          .expect(200);
        expect(res.body).toMatchObject({ total: 2, page: 1 });
        expect((res.body.items as { id: string }[]).map((r) => r.id).sort()).toEqual(
          [ra.registrationId, rb.registrationId].sort(),
        );
        const text = JSON.stringify(res.body);
        expect(text).toContain(a.fullIdNumber);
        expect(text).toContain(b.fullIdNumber);
      }
      for (const other of [a, c, seller]) {
        const res = await t.http
          .get(`/api/v1/listings/${listing.id}/registrations`)
          .set('Authorization', other.auth)
          .expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      await t.http.get(`/api/v1/listings/${listing.id}/registrations`).expect(401);

      // GET /me/registrations: only one's own, ID masked
      const mine = await t.http.get('/api/v1/me/registrations').set('Authorization', a.auth).expect(200);
      expect(mine.body.total).toBe(1);
      expect(mine.body.items[0]).toMatchObject({
        id: ra.registrationId,
        listingId: listing.id,
        status: 'DEPOSIT_PAID',
      });
      expect(JSON.stringify(mine.body)).not.toContain(a.fullIdNumber);
      expect(JSON.stringify(mine.body)).toContain(masked(a.fullIdNumber));
      expect(JSON.stringify(mine.body)).not.toContain(b.fullIdNumber);
      const none = await t.http.get('/api/v1/me/registrations').set('Authorization', c.auth).expect(200);
      expect(none.body).toMatchObject({ items: [], total: 0 });

      // GET /registrations/:id: its buyer (masked) and staff (in full); anyone else 404
      const own = await t.http
        .get(`/api/v1/registrations/${ra.registrationId}`)
        .set('Authorization', a.auth)
        .expect(200);
      expect(own.body).toMatchObject({ id: ra.registrationId, status: 'DEPOSIT_PAID', bidderNo: ra.bidderNo });
      expect(JSON.stringify(own.body)).not.toContain(a.fullIdNumber);
      expect(JSON.stringify(own.body)).toContain(masked(a.fullIdNumber));
      for (const staff of [clerk, supervisor]) {
        const res = await t.http
          .get(`/api/v1/registrations/${ra.registrationId}`)
          .set('Authorization', staff.auth)
          .expect(200);
        expect(JSON.stringify(res.body)).toContain(a.fullIdNumber);
      }
      for (const other of [b, c, seller]) {
        const res = await t.http
          .get(`/api/v1/registrations/${ra.registrationId}`)
          .set('Authorization', other.auth)
          .expect(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      await t.http.get(`/api/v1/registrations/${randomUUID()}`).set('Authorization', clerk.auth).expect(404);
    });
  });

  describe('refunds (退还保证金)', () => {
    it('nothing to refund while held; a withdrawal releases paid deposits to REFUNDS_PAYABLE; the refund pays them out once', async () => {
      const { listing, seller } = await openListing();
      const d = listing.depositFen as number;
      const [a, b, c] = await knownBuyers(t, 3);
      const ra = await enrol(t, clerk, listing, a);
      const rb = await enrol(t, clerk, listing, b);
      const rc = await enrol(t, clerk, listing, c, { pay: false }); // qualified, never paid

      for (const r of [ra, rb, rc]) {
        const res = await refund(r.registrationId).expect(409);
        expect(res.body.code).toBe('NOTHING_TO_REFUND');
      }
      expect((await refund(ra.registrationId, a).expect(403)).body.code).toBe('FORBIDDEN');

      const withdrawn = await t.http
        .post(`/api/v1/listings/${listing.id}/withdraw`)
        .set('Authorization', seller.auth)
        .send({ reason: '家庭原因，出让方撤回挂牌' })
        .expect(200);
      expect(withdrawn.body.status).toBe('WITHDRAWN');

      let accounts = await balances(t, clerk);
      for (const r of [ra, rb]) {
        expect(accounts.get(`DEPOSITS_HELD:${r.registrationId}`)).toBe(0);
        expect(accounts.get(`REFUNDS_PAYABLE:${r.registrationId}`)).toBe(d);
        const [released] = await entriesOf(t, clerk, r.registrationId); // newest first
        expect(postingsOf(released)).toEqual([
          { account: `DEPOSITS_HELD:${r.registrationId}`, amountFen: d },
          { account: `REFUNDS_PAYABLE:${r.registrationId}`, amountFen: -d },
        ]);
      }
      expect(accounts.get(`REFUNDS_PAYABLE:${rc.registrationId}`) ?? 0).toBe(0);
      expect((await refund(rc.registrationId).expect(409)).body.code).toBe('NOTHING_TO_REFUND');
      await expectLedgerOk(t, clerk);

      const bankBefore = accounts.get('BANK') as number;
      const paidBack = await refund(ra.registrationId).expect(200);
      expect(paidBack.body.id).toBe(ra.registrationId);
      const entries = await entriesOf(t, clerk, ra.registrationId);
      expect(entries).toHaveLength(3);
      expect(postingsOf(entries[0])).toEqual([
        { account: 'BANK', amountFen: -d },
        { account: `REFUNDS_PAYABLE:${ra.registrationId}`, amountFen: d },
      ]);
      accounts = await balances(t, clerk);
      expect(accounts.get(`REFUNDS_PAYABLE:${ra.registrationId}`)).toBe(0);
      expect(accounts.get('BANK')).toBe(bankBefore - d);

      expect((await refund(ra.registrationId).expect(409)).body.code).toBe('NOTHING_TO_REFUND');
      expect(await entriesOf(t, clerk, ra.registrationId)).toHaveLength(3);
      await expectLedgerOk(t, clerk);

      await refund(rb.registrationId).expect(200);
      expect((await balances(t, clerk)).get(`REFUNDS_PAYABLE:${rb.registrationId}`)).toBe(0);
      await expectLedgerOk(t, clerk);
    });
  });

  describe('after the announcement (登记截止)', () => {
    it('409 REGISTRATION_CLOSED for registrations and deposits once the announcement has ended, and on BIDDING / SOLD listings', async () => {
      const late = await knownBuyer(t);
      const [n1, b1, b2, s1] = await knownBuyers(t, 4);
      const negotiated = await approvedListing(t, clerk, 'LAND_CONTRACT', { tradingMethod: 'NEGOTIATED' });
      const bidding = await approvedListing(t, clerk);
      const single = await approvedListing(t, clerk);

      const pn = await publish(t, clerk, negotiated.listing.id, { announceMs: 2500 });
      const pb = await publish(t, clerk, bidding.listing.id, { announceMs: 2500, biddingMs: 60_000 });
      const ps = await publish(t, clerk, single.listing.id, { announceMs: 2500 });
      const rn1 = await enrol(t, clerk, pn.listing, n1, { pay: false }); // qualified, deposit still to come
      await enrol(t, clerk, pb.listing, b1);
      await enrol(t, clerk, pb.listing, b2);
      await enrol(t, clerk, ps.listing, s1);

      await after(t, new Date(Math.max(+pn.announcementEndsAt, +pb.announcementEndsAt, +ps.announcementEndsAt)));

      // the NEGOTIATED listing stays ANNOUNCED (the clerk records the deal), but registration has closed
      expect(await listingStatus(t, pn.listing.id, clerk)).toBe('ANNOUNCED');
      const closed = await register(pn.listing.id, late).expect(409);
      expect(closed.body).toMatchObject({ statusCode: 409, code: 'REGISTRATION_CLOSED' });
      const tooLate = await deposit(rn1.registrationId, { amountFen: pn.listing.depositFen, bankRef: 'B-LATE' });
      expect(tooLate.status).toBe(409);
      expect(tooLate.body.code).toBe('REGISTRATION_CLOSED');
      const keyed = await deposit(
        rn1.registrationId,
        { amountFen: pn.listing.depositFen, bankRef: 'B-LATE-2' },
        `late-${rn1.registrationId}`,
      ).expect(409);
      expect(keyed.body.code).toBe('REGISTRATION_CLOSED');
      expect(await entriesOf(t, clerk, rn1.registrationId)).toEqual([]);

      await eventually(async () => expect(await listingStatus(t, pb.listing.id, clerk)).toBe('BIDDING'));
      expect((await register(pb.listing.id, late).expect(409)).body.code).toBe('REGISTRATION_CLOSED');

      await eventually(async () => expect(await listingStatus(t, ps.listing.id, clerk)).toBe('SOLD'));
      expect((await register(ps.listing.id, late).expect(409)).body.code).toBe('REGISTRATION_CLOSED');
      // the single bidder won at the reserve; the others' registrations are unchanged
      await expectLedgerOk(t, clerk);
    });
  });
});
