import { randomUUID } from 'node:crypto';
import { requestHash } from '../src/idempotency/domain/idempotency-decision';
import { auctionWithBidders, Bidder, passTime, sleep } from './support/auctions';
import { dealInPublicity, signedContractFor } from './support/deals';
import { expectError } from './support/errors';
import { Actor } from './support/given';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Issue 9: an Idempotency-Key's outcome is recorded in the same transaction as its effect, so a process that dies
 * after the commit leaves the key DONE (a retry replays) and one that dies before leaves no effect (a retry runs).
 * Shown here by the rows themselves: the key's row and the effect's rows carry the same transaction id (`xmin`).
 * The crash suite (crash.e2e-spec.ts) shows it with real kills.
 */
describe('idempotency: the key is recorded with its effect', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ AUCTION_EXTENSION_SECONDS: '1' });
  });
  afterAll(() => t.close());

  async function keyRow(user: Actor, key: string) {
    const [row] = await t.db.query(
      `SELECT state, response_status, response_body, xmin::text AS tx FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [user.id, key],
    );
    return row as { state: string; response_status: number; response_body: Record<string, unknown>; tx: string };
  }

  it('a deposit: the key is DONE in the transaction that books it', async () => {
    const f = await auctionWithBidders(t, { bidders: 0, announceMs: 60_000 });
    const buyer = await t.given.buyer();
    const reg = await t.http
      .post(`/api/v1/listings/${f.listing.id}/registrations`)
      .set('Authorization', buyer.auth)
      .send({})
      .expect(201);
    await t.http
      .post(`/api/v1/registrations/${reg.body.id}/qualify`)
      .set('Authorization', f.clerk.auth)
      .send({ approve: true })
      .expect(200);
    const key = `dep-${randomUUID()}`;
    const paid = await t.http
      .post(`/api/v1/registrations/${reg.body.id}/deposit`)
      .set('Authorization', f.clerk.auth)
      .set('Idempotency-Key', key)
      .send({ amountFen: f.listing.depositFen, bankRef: 'ATOMIC-DEP' })
      .expect(200);
    const row = await keyRow(f.clerk, key);
    expect(row).toMatchObject({ state: 'DONE', response_status: 200 });
    expect(row.response_body).toEqual(JSON.parse(JSON.stringify(paid.body)));
    const [{ tx }] = await t.db.query(`SELECT xmin::text AS tx FROM registrations WHERE id = $1`, [reg.body.id]);
    const [{ tx: entryTx }] = await t.db.query(
      `SELECT xmin::text AS tx FROM ledger_entries WHERE registration_id = $1 AND kind = 'DEPOSIT_RECORDED'`,
      [reg.body.id],
    );
    expect(row.tx).toBe(tx);
    expect(row.tx).toBe(entryTx);
  });

  it('a payment: the key is DONE in the transaction that books it, and a retry replays it', async () => {
    const f = await dealInPublicity(t);
    const contract = await signedContractFor(t, f);
    const key = `pay-${randomUUID()}`;
    const pay = () =>
      t.http
        .post(`/api/v1/contracts/${contract.id}/payments`)
        .set('Authorization', f.clerk.auth)
        .set('Idempotency-Key', key)
        .send({ amountFen: 50_000, bankRef: 'ATOMIC-PAY' });
    const first = await pay().expect(201);
    const row = await keyRow(f.clerk, key);
    expect(row).toMatchObject({ state: 'DONE', response_status: 201 });
    const [{ tx }] = await t.db.query(`SELECT xmin::text AS tx FROM contract_payments WHERE id = $1`, [first.body.id]);
    expect(row.tx).toBe(tx);
    const again = await pay().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM contract_payments WHERE contract_id = $1`,
      [contract.id],
    );
    expect(count).toBe(1);
  });

  describe('bids', () => {
    let listingId: string;
    let bidders: Bidder[];
    let start: number;
    let increment: number;
    beforeAll(async () => {
      const f = await auctionWithBidders(t, { bidders: 2, announceMs: 2500, biddingMs: 60_000 });
      await passTime(t, f.announcementEndsAt);
      listingId = f.listing.id;
      bidders = f.bidders;
      start = f.listing.reservePriceFen as number;
      increment = f.listing.incrementFen as number;
    });

    const bid = (who: Actor, amountFen: number, key: string) =>
      t.http
        .post(`/api/v1/listings/${listingId}/auction/bids`)
        .set('Authorization', who.auth)
        .set('Idempotency-Key', key)
        .send({ amountFen });

    it('the key is DONE in the statement that writes the bid; a retry replays the 201', async () => {
      const key = `bid-${randomUUID()}`;
      const first = await bid(bidders[0], start, key).expect(201);
      const row = await keyRow(bidders[0], key);
      expect(row).toMatchObject({ state: 'DONE', response_status: 201 });
      expect(row.response_body).toEqual(first.body);
      const [{ tx }] = await t.db.query(`SELECT xmin::text AS tx FROM bids WHERE listing_id = $1 AND seq = $2`, [
        listingId,
        first.body.seq,
      ]);
      expect(row.tx).toBe(tx);
      const again = await bid(bidders[0], start, key).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('a claim left by a process that died is taken over once its 5 s lease ends; a live one answers 409', async () => {
      const key = `bid-${randomUUID()}`;
      const who = bidders[1];
      const path = `/api/v1/listings/${listingId}/auction/bids`;
      // a claim as a process would leave it had it died while the bid ran, 4 s into its lease
      await t.db.query(
        `INSERT INTO idempotency_keys (user_id, method, path, key, request_hash, state, locked_until)
         VALUES ($1, 'POST', $2, $3, $4, 'IN_PROGRESS', now() + interval '1 second')`,
        [who.id, path, key, requestHash({ amountFen: start + increment })],
      );
      expectError(await bid(who, start + increment, key), 409, 'IDEMPOTENCY_KEY_IN_USE');
      await sleep(1100);
      const taken = await bid(who, start + increment, key).expect(201);
      expect(taken.body).toMatchObject({ amountFen: start + increment, bidderNo: who.bidderNo });
      expect((await keyRow(who, key)).state).toBe('DONE');
    });
  });
});
