import { mkdtempSync, rmSync } from 'node:fs';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { auctionWithBidders, Bidder, passTime, sleep } from './support/auctions';
import { bootApp, createTestApp, TestContext } from './support/test-app';

/**
 * How bids are written (docs/auction.md "Bids"): the application decides a lot's bids and `auction_place_bids` writes
 * them only on the state they were decided on. Here that function is called directly with a stale and then a current
 * version; and, on a PostgreSQL server, two app instances take bids on one lot at once, so that each one's writes
 * keep losing to the other's and being decided again: the bids stored must still be exactly those acknowledged.
 */

async function openAuction(t: TestContext, bidders: number) {
  const lot = await auctionWithBidders(t, { bidders, announceMs: 4_000, biddingMs: 60_000 });
  await passTime(t, lot.announcementEndsAt);
  for (let i = 0; ; i++) {
    const res = await t.http.get(`/api/v1/listings/${lot.listing.id}/auction`);
    if (res.status === 200 && res.body.status === 'OPEN') break;
    if (i > 30) throw new Error(`auction not open: ${res.status} ${JSON.stringify(res.body)}`);
    await sleep(100);
  }
  return lot;
}

async function countOf(t: TestContext, sql: string, params: unknown[]): Promise<number> {
  const [{ count }] = await t.db.query(sql, params);
  return count;
}

describe('auction: writing decided bids', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('auction_place_bids writes nothing on a version that is not the current one, and answers the current state', async () => {
    const { listing, bidders } = await openAuction(t, 2);
    const id = listing.id;
    const start = listing.reservePriceFen as number;
    const [x] = bidders;
    const place = async (version: number) => {
      const [{ now }] = await t.db.query(`SELECT clock_timestamp() AS now`);
      const after = {
        currentPriceFen: start,
        leadingRegistrationId: x.registrationId,
        leadingBidderNo: x.bidderNo,
        leaderHasPriority: false,
        bidCount: version + 1,
        endsAt: (await t.db.query(`SELECT ends_at FROM auctions WHERE listing_id = $1`, [id]))[0].ends_at,
      };
      const bids = [
        {
          seq: version + 1,
          registrationId: x.registrationId,
          bidderNo: x.bidderNo,
          amountFen: start,
          actorId: x.id,
          details: { seq: version + 1, amountFen: start, bidderNo: x.bidderNo, extended: false },
        },
      ];
      const [row] = await t.db.query(`SELECT * FROM auction_place_bids($1, $2, $3, $4, $5, $6, $7)`, [
        id,
        version,
        now,
        JSON.stringify(after),
        JSON.stringify(bids),
        'auction_events',
        [],
      ]);
      return row as { accepted: boolean; bid_count: number; current_price_fen: string | null; db_now: Date };
    };
    const bidsStored = () => countOf(t, `SELECT count(*)::int AS count FROM bids WHERE listing_id = $1`, [id]);
    const audited = () =>
      countOf(t, `SELECT count(*)::int AS count FROM audit_entries WHERE action = 'auction.bid' AND entity_id = $1`, [
        id,
      ]);

    const stale = await place(1);
    expect(stale).toMatchObject({ accepted: false, bid_count: 0, current_price_fen: null });
    expect(stale.db_now).toBeInstanceOf(Date);
    expect([await bidsStored(), await audited()]).toEqual([0, 0]);

    const written = await place(0);
    expect(written).toMatchObject({ accepted: true, bid_count: 1, current_price_fen: String(start) });
    expect([await bidsStored(), await audited()]).toEqual([1, 1]);
    expect(await place(0)).toMatchObject({ accepted: false, bid_count: 1 }); // the same decision twice: once
    expect(await bidsStored()).toBe(1);

    // the application goes on from the state the database holds
    const [, y] = bidders;
    const next = await t.http
      .post(`/api/v1/listings/${id}/auction/bids`)
      .set('Authorization', y.auth)
      .send({ amountFen: start + (listing.incrementFen as number) })
      .expect(201);
    expect(next.body).toMatchObject({ seq: 2, bidderNo: y.bidderNo });
    const audit = await t.http.get('/api/v1/audit/verify').set('Authorization', (await t.given.clerk()).auth);
    expect(audit.body.ok).toBe(true);
  });
});

if (process.env.DATABASE_URL) {
  describe('auction: two instances taking bids on one lot at once', () => {
    const BIDDERS = 8;
    const ROUNDS = 12;
    let t: TestContext;
    let b: NestExpressApplication;
    let dataDirB: string;
    let servers: Server[] = [];

    beforeAll(async () => {
      t = await createTestApp();
      dataDirB = mkdtempSync(join(tmpdir(), 'nongjiao-instance-b-'));
      b = await bootApp(t.database.url, { DATA_DIR: dataDirB }, false);
      servers = [t.app.getHttpServer() as Server, b.getHttpServer() as Server];
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
    });
    afterAll(async () => {
      await b?.close();
      if (dataDirB) rmSync(dataDirB, { recursive: true, force: true });
      await t?.close();
    });

    it('acknowledges exactly what it stores: seq 1..n, prices rising, one audit entry per bid, taken by both', async () => {
      const { listing, bidders } = await openAuction(t, BIDDERS);
      const id = listing.id;
      const start = listing.reservePriceFen as number;
      const inc = listing.incrementFen as number;
      const [httpA, httpB] = servers.map((s) => request(s));
      // round r: every bidder offers start + (2r + k mod 3) increments, through A or B by turns
      const plan = Array.from({ length: ROUNDS }, (_, r) =>
        bidders.map((bidder, k) => ({ bidder, amountFen: start + (2 * r + ((k + r) % 3)) * inc, via: (k + r) % 2 })),
      ).flat();
      const attempts = await Promise.all(
        plan.map(async ({ bidder, amountFen, via }) => {
          const res = await (via === 0 ? httpA : httpB)
            .post(`/api/v1/listings/${id}/auction/bids`)
            .set('Authorization', bidder.auth)
            .send({ amountFen });
          return { bidder, amountFen, via, status: res.status, body: res.body as Record<string, unknown> };
        }),
      );
      const refusals = new Set(attempts.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.body.code}`));
      for (const code of refusals) expect(['409 ALREADY_LEADING', '422 BID_TOO_LOW']).toContain(code);
      const acked = attempts.filter((a) => a.status === 201).sort((p, q) => Number(p.body.seq) - Number(q.body.seq));
      expect(new Set(acked.map((a) => a.via))).toEqual(new Set([0, 1]));

      const rows: { seq: number; registration_id: string; amount_fen: string; placed_at: Date }[] = await t.db.query(
        `SELECT seq, registration_id, amount_fen, placed_at FROM bids WHERE listing_id = $1 ORDER BY seq`,
        [id],
      );
      expect(rows.map((r) => r.seq)).toEqual(acked.map((_, i) => i + 1));
      rows.forEach((row, i) => {
        const a: { bidder: Bidder; amountFen: number; body: Record<string, unknown> } = acked[i];
        expect([row.seq, Number(row.amount_fen), row.registration_id, new Date(row.placed_at).toISOString()]).toEqual([
          a.body.seq,
          a.amountFen,
          a.bidder.registrationId,
          a.body.placedAt,
        ]);
        if (i > 0) {
          expect(Number(row.amount_fen) - Number(rows[i - 1].amount_fen)).toBeGreaterThanOrEqual(inc);
          expect(row.registration_id).not.toBe(rows[i - 1].registration_id);
          expect(new Date(row.placed_at).getTime()).toBeGreaterThanOrEqual(new Date(rows[i - 1].placed_at).getTime());
        }
      });
      const state = (await httpB.get(`/api/v1/listings/${id}/auction`).expect(200)).body;
      expect(state).toMatchObject({ bidCount: acked.length, currentPriceFen: acked[acked.length - 1].amountFen });
      expect(
        await countOf(
          t,
          `SELECT count(*)::int AS count FROM audit_entries WHERE action = 'auction.bid' AND entity_id = $1`,
          [id],
        ),
      ).toBe(acked.length);
      const audit = await httpA.get('/api/v1/audit/verify').set('Authorization', (await t.given.clerk()).auth);
      expect(audit.body.ok).toBe(true);
    });
  });
}
