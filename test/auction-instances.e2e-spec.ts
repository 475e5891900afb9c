import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { ClientRequest, get as httpGet, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AuctionLifecycleService } from '../src/auctions/auction-lifecycle.service';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { auctionWithBidders, Bidder, sleep } from './support/auctions';
import { Actor } from './support/given';
import { ListingFactory } from './support/listings';
import { bootApp, createTestApp, TEST_JWT_SECRET, TestContext } from './support/test-app';
import { embeddedTemplatePath } from './support/test-database';

/**
 * "The auction opens and closes by itself (within 2 seconds of startsAt/endsAt, exactly once, also with several server
 * instances)" (API.md). On a PostgreSQL server: two app instances on one database, both tickers running, several
 * auctions ending at the same instant; each announcement ends once, each auction closes once, and an SSE client of
 * one instance hears the bids taken by the other. On the embedded database (one instance by design): a second server
 * on the same data directory refuses to start, and concurrent lifecycle passes in the one instance still act once.
 */

/** The public auction state once it has `status`: the tickers decide within 2 s (API.md), so this waits up to 3 s. */
async function auctionOnceIn(http: TestAgent, listingId: string, status: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const res = await http.get(`/api/v1/listings/${listingId}/auction`);
    if ((res.status === 200 && res.body.status === status) || Date.now() > deadline) {
      expect({ listingId, status: res.status, auction: res.body.status }).toEqual({
        listingId,
        status: 200,
        auction: status,
      });
      return res.body as Record<string, unknown>;
    }
    await sleep(100);
  }
}

/** How many audit entries of `action` the entity has. */
async function auditCount(t: TestContext, action: string, entityId: string): Promise<number> {
  const [{ count }] = await t.db.query(
    `SELECT count(*)::int AS count FROM audit_entries WHERE action = $1 AND entity_id = $2`,
    [action, entityId],
  );
  return count;
}

/** How many DEPOSIT_RELEASED ledger entries the registration has. */
async function releaseCount(t: TestContext, registrationId: string): Promise<number> {
  const [{ count }] = await t.db.query(
    `SELECT count(*)::int AS count FROM ledger_entries WHERE kind = 'DEPOSIT_RELEASED' AND registration_id = $1`,
    [registrationId],
  );
  return count;
}

async function expectLedgerAndAuditIntact(http: TestAgent, clerk: Actor): Promise<void> {
  const ledger = await http.get('/api/v1/ledger/verify').set('Authorization', clerk.auth).expect(200);
  expect(ledger.body.ok).toBe(true);
  const audit = await http.get('/api/v1/audit/verify').set('Authorization', clerk.auth).expect(200);
  expect(audit.body.ok).toBe(true);
}

interface AuctionEventMessage {
  type: string;
  data: { type: string; auction: Record<string, unknown>; bid?: Record<string, unknown> };
}

/** A raw Server-Sent Events client (node:http) of one listing's auction events. */
class AuctionEventsClient {
  readonly events: AuctionEventMessage[] = [];
  private buffer = '';

  private constructor(private readonly req: ClientRequest) {}

  static open(port: number, listingId: string): Promise<AuctionEventsClient> {
    return new Promise((resolvePromise, reject) => {
      const req = httpGet({
        host: '127.0.0.1',
        port,
        path: `/api/v1/listings/${listingId}/auction/events`,
        headers: { accept: 'text/event-stream' },
      });
      const client = new AuctionEventsClient(req);
      req.on('error', reject);
      req.on('response', (res) => {
        if (res.statusCode !== 200) return reject(new Error(`events answered ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.read(chunk));
        res.on('error', () => undefined); // the stream is cut at the end of the test
        resolvePromise(client); // the headers are sent once the handler has subscribed to the events
      });
    });
  }

  private read(chunk: string): void {
    this.buffer += chunk.replace(/\r\n/g, '\n');
    for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) this.events.push({ type, data: JSON.parse(data.join('\n')) });
    }
  }

  async next(match: (e: AuctionEventMessage) => boolean, timeoutMs = 3_000): Promise<AuctionEventMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`no such event within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.type))}`);
      }
      await sleep(20);
    }
  }

  close(): void {
    this.req.destroy();
  }
}

if (process.env.DATABASE_URL) {
  describe('auction lifecycle with two app instances on one PostgreSQL database', () => {
    const LOTS = 10; // lots 0-8 get bids and are sold; lot 9 gets none and fails
    const SOLD_LOTS = 9;
    const ANNOUNCE_MS = 5_000; // from publishing: covers 20 registrations, qualifications and deposits
    const BIDDING_MS = 4_000;
    const ENV = { AUCTION_EXTENSION_SECONDS: '0' }; // no extension: every auction ends at the same instant

    let t: TestContext; // instance A (it made the test database)
    let b: NestExpressApplication; // instance B, on the same database
    let httpB: TestAgent;
    let portB: number;
    let dataDirB: string;
    let events: AuctionEventsClient | undefined;

    beforeAll(async () => {
      t = await createTestApp(ENV);
      dataDirB = mkdtempSync(join(tmpdir(), 'nongjiao-instance-b-'));
      b = await bootApp(t.database.url, { DATA_DIR: dataDirB, ...ENV }, false);
      const server = b.getHttpServer() as Server;
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      portB = (server.address() as AddressInfo).port;
      httpB = request(server);
    });
    afterAll(async () => {
      events?.close();
      await b?.close();
      if (dataDirB) rmSync(dataDirB, { recursive: true, force: true });
      await t?.close();
    });

    it('both tickers running: each announcement ends once, each auction closes once, SSE of B hears bids taken by A', async () => {
      const factory = new ListingFactory(t.http, t.given);
      const clerks = [await t.given.clerk(), await t.given.clerk()];
      const buyers = await Promise.all(Array.from({ length: 4 }, () => t.given.buyer()));
      // one after the other: concurrent uploads of identical bytes can collide on the temporary file name of
      // LocalDocumentStorage.put (pid + millisecond) and answer 500
      const approved: Awaited<ReturnType<ListingFactory['approved']>>[] = [];
      for (let i = 0; i < LOTS; i++) approved.push(await factory.approved('LAND_CONTRACT', {}, clerks));
      // one instant for every lot: the announcements end together and the auctions end together
      const announcementEndsAt = new Date(Date.now() + ANNOUNCE_MS);
      const biddingEndsAt = new Date(announcementEndsAt.getTime() + BIDDING_MS);
      const lots = await Promise.all(
        approved.map(async ({ listing }, i) => {
          const published = await t.http
            .post(`/api/v1/listings/${listing.id}/publish`)
            .set('Authorization', clerks[0].auth)
            .send({ announcementEndsAt: announcementEndsAt.toISOString(), biddingEndsAt: biddingEndsAt.toISOString() })
            .expect(200);
          const bidders: Bidder[] = [];
          for (const buyer of [buyers[i % 4], buyers[(i + 1) % 4]]) {
            const reg = await httpB // registered through B, qualified and paid through A: one database
              .post(`/api/v1/listings/${listing.id}/registrations`)
              .set('Authorization', buyer.auth)
              .send({})
              .expect(201);
            await t.http
              .post(`/api/v1/registrations/${reg.body.id}/qualify`)
              .set('Authorization', clerks[0].auth)
              .send({ approve: true })
              .expect(200);
            const paid = await t.http
              .post(`/api/v1/registrations/${reg.body.id}/deposit`)
              .set('Authorization', clerks[0].auth)
              .send({ amountFen: published.body.depositFen, bankRef: `BANK-${i}-${reg.body.id.slice(0, 8)}` })
              .expect(200);
            bidders.push({ ...buyer, registrationId: reg.body.id, bidderNo: paid.body.bidderNo });
          }
          return { listing: published.body as Record<string, unknown> & { id: string }, bidders };
        }),
      );
      expect(Date.now()).toBeLessThan(announcementEndsAt.getTime()); // the set-up fitted in the announcement

      // neither instance is driven: their tickers end the announcements and open the auctions
      await sleep(announcementEndsAt.getTime() - Date.now());
      for (const { listing } of lots) await auctionOnceIn(httpB, listing.id, 'OPEN');

      // an SSE client of instance B on lot 0 (its events exist once the auction does), before any bid
      events = await AuctionEventsClient.open(portB, lots[0].listing.id);

      // bids through both instances: x through A, y through B, and x again through A on the even lots
      const winners = await Promise.all(
        lots.slice(0, SOLD_LOTS).map(async ({ listing, bidders: [x, y] }, i) => {
          const start = listing.reservePriceFen as number;
          const inc = listing.incrementFen as number;
          const bid = (http: TestAgent, who: Bidder, amountFen: number) =>
            http
              .post(`/api/v1/listings/${listing.id}/auction/bids`)
              .set('Authorization', who.auth)
              .send({ amountFen })
              .expect(201);
          const first = await bid(t.http, x, start);
          await bid(httpB, y, start + inc);
          if (i % 2 === 1) return { winner: y, priceFen: start + inc, first: first.body };
          await bid(t.http, x, start + 2 * inc);
          return { winner: x, priceFen: start + 2 * inc, first: first.body };
        }),
      );

      // the SSE client of B heard the first bid of lot 0, which instance A took
      const heard = await events.next((e) => e.type === 'bid' && e.data.bid?.seq === 1);
      expect(heard.data).toMatchObject({
        type: 'bid',
        bid: {
          seq: 1,
          amountFen: lots[0].listing.reservePriceFen,
          bidderNo: lots[0].bidders[0].bidderNo,
          placedAt: winners[0].first.placedAt,
        },
        auction: { status: 'OPEN', currentPriceFen: lots[0].listing.reservePriceFen, bidCount: 1 },
      });
      expect(JSON.stringify(heard)).not.toContain(lots[0].bidders[0].id); // bidder numbers only
      const ids = lots.map((l) => l.listing.id);
      const ends: { ends_at: Date }[] = await t.db.query(
        `SELECT DISTINCT ends_at FROM auctions WHERE listing_id = ANY($1::uuid[])`,
        [ids],
      );
      expect(ends.map((e) => new Date(e.ends_at).toISOString())).toEqual([biddingEndsAt.toISOString()]);

      // the end: both tickers race for the same rows; give them a few rounds past the first close. (Spies only
      // watch: which instance's ticker ran, and which due auctions each of them went for.)
      const watch = [t.app, b].map((app) => {
        const lifecycle = app.get(AuctionLifecycleService);
        return {
          ticks: jest.spyOn(lifecycle, 'tick'),
          closes: jest.spyOn(lifecycle as unknown as { close(em: unknown, ids: string[]): Promise<unknown> }, 'close'),
        };
      });
      await sleep(biddingEndsAt.getTime() - Date.now());
      for (const id of ids) await auctionOnceIn(httpB, id, 'CLOSED');
      await sleep(1_500);

      // both tickers were running; an auction that both went for was closed by one and skipped by the other
      const [closesA, closesB] = watch.map((w) => w.closes.mock.calls.flatMap(([, batch]) => batch));
      console.log(
        `ticks after the end: A ${watch[0].ticks.mock.calls.length}, B ${watch[1].ticks.mock.calls.length}; ` +
          `closes tried: A ${closesA.length}, B ${closesB.length}, by both ${closesA.filter((id) => closesB.includes(id)).length}`,
      );
      for (const w of watch) expect(w.ticks).toHaveBeenCalled();
      expect(new Set([...closesA, ...closesB])).toEqual(new Set(ids));
      jest.restoreAllMocks();

      for (const [i, { listing, bidders }] of lots.entries()) {
        const sold = i < SOLD_LOTS;
        const [auction]: { closed_at: Date; ends_at: Date }[] = await t.db.query(
          `SELECT closed_at, ends_at FROM auctions WHERE listing_id = $1`,
          [listing.id],
        );
        const lateMs = new Date(auction.closed_at).getTime() - new Date(auction.ends_at).getTime();
        const deals: { price_fen: string; registration_id: string; method: string }[] = await t.db.query(
          `SELECT price_fen, registration_id, method FROM deals WHERE listing_id = $1`,
          [listing.id],
        );
        const status = (await httpB.get(`/api/v1/listings/${listing.id}`).expect(200)).body.status;
        expect({
          lot: i,
          closedWithin2s: lateMs >= 0 && lateMs <= 2_000,
          status,
          deals: deals.map((d) => ({ ...d, price_fen: Number(d.price_fen) })),
          scheduled: await auditCount(t, 'auction.scheduled', listing.id),
          opened: await auditCount(t, 'listing.bidding', listing.id),
          closed: await auditCount(t, 'auction.closed', listing.id),
          settled: await auditCount(t, sold ? 'listing.sold' : 'listing.failed', listing.id),
          released: await Promise.all(bidders.map((r) => releaseCount(t, r.registrationId))),
        }).toEqual({
          lot: i,
          closedWithin2s: true,
          status: sold ? 'SOLD' : 'FAILED',
          deals: sold
            ? [
                {
                  price_fen: winners[i].priceFen,
                  registration_id: winners[i].winner.registrationId,
                  method: 'AUCTION',
                },
              ]
            : [],
          scheduled: 1,
          opened: 1,
          closed: 1,
          settled: 1,
          released: bidders.map((r) => (sold && r === winners[i].winner ? 0 : 1)),
        });
      }

      // instance B's SSE client: exactly one close of lot 0, whichever instance made it
      await events.next((e) => e.type === 'closed');
      expect(events.events.filter((e) => e.type === 'closed')).toHaveLength(1);
      expect(events.events.filter((e) => e.type === 'bid').map((e) => e.data.bid?.seq)).toEqual([1, 2, 3]);
      await expectLedgerAndAuditIntact(httpB, clerks[0]);
    });

    it('a cluster job (housekeeping) runs once per period across both instances, whichever claims it', async () => {
      const runs = async (): Promise<number> =>
        (await t.db.query(`SELECT runs FROM scheduled_jobs WHERE name = 'housekeeping'`))[0].runs as number;
      for (let round = 0; round < 4; round++) {
        const before = await runs();
        // due now for both: each instance asks about once a second
        await t.db.query(`UPDATE scheduled_jobs SET next_run_at = now() WHERE name = 'housekeeping'`);
        await sleep(2500);
        expect(await runs()).toBe(before + 1);
      }
    });
  });
} else {
  describe('auction lifecycle on the embedded database: one instance by design', () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestApp({ AUCTION_EXTENSION_SECONDS: '0' });
    });
    afterAll(() => t?.close());

    it('refuses to start a second server on the same DATA_DIR while the first runs, and starts once it stopped', async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'nongjiao-datadir-')), 'data');
      // a second server is another process: start one through the server's own start-up (prepareRuntime)
      const secondServer = (): Promise<{ code: number | null; stdout: string; stderr: string }> =>
        new Promise((done) => {
          const script =
            `require('./src/config/runtime').prepareRuntime({ DATA_DIR: process.argv[1], JWT_SECRET: process.argv[2] })` +
            `.then(async (r) => { console.log('STARTED'); await r.stop(); process.exit(0); },` +
            ` (e) => { console.error(e.message); process.exit(1); })`;
          execFile(
            process.execPath,
            ['-r', 'ts-node/register/transpile-only', '-e', script, dataDir, TEST_JWT_SECRET],
            { cwd: resolve(__dirname, '..'), timeout: 60_000 },
            (error, stdout, stderr) => done({ code: error ? (error.code as number) : 0, stdout, stderr }),
          );
        });
      // the first server's database (loaded from the test template: initdb would take longer)
      const first = await startEmbeddedPostgres({
        dataDir,
        loadFrom: new Blob([readFileSync(embeddedTemplatePath())]),
      });
      try {
        const refused = await secondServer();
        expect(refused.stdout).not.toContain('STARTED');
        expect(refused.stderr).toContain(`is in use by another Nongjiao server (pid ${process.pid})`);
        expect(refused.code).toBe(1);
        // and the first one still answers
        const client = new Client({ connectionString: first.url });
        await client.connect();
        try {
          const { rows } = await client.query(`SELECT count(*)::int AS n FROM divisions`);
          expect(rows[0].n).toBeGreaterThan(0);
        } finally {
          await client.end();
        }
      } finally {
        await first.stop();
      }
      const started = await secondServer();
      expect({ code: started.code, stdout: started.stdout.trim(), stderr: started.stderr }).toEqual({
        code: 0,
        stdout: 'STARTED',
        stderr: '',
      });
      rmSync(resolve(dataDir, '..'), { recursive: true, force: true });
    });

    it('five concurrent lifecycle passes end the announcement once and close the auction once', async () => {
      const lifecycle = t.app.get(AuctionLifecycleService);
      const passes = () => Promise.all(Array.from({ length: 5 }, () => lifecycle.tick()));
      const { listing, bidders, clerk, announcementEndsAt } = await auctionWithBidders(t, {
        bidders: 3,
        announceMs: 3_000,
        biddingMs: 3_000,
      });
      const id = listing.id;
      await sleep(announcementEndsAt.getTime() - Date.now() + 20);
      await passes(); // (the instance's own ticker runs too)
      const open = await auctionOnceIn(t.http, id, 'OPEN');
      const start = listing.reservePriceFen as number;
      const inc = listing.incrementFen as number;
      for (const [k, bidder] of bidders.entries()) {
        await t.http
          .post(`/api/v1/listings/${id}/auction/bids`)
          .set('Authorization', bidder.auth)
          .send({ amountFen: start + k * inc })
          .expect(201);
      }
      const winner = bidders[bidders.length - 1];

      await sleep(new Date(open.endsAt as string).getTime() - Date.now() + 20);
      await passes();
      await auctionOnceIn(t.http, id, 'CLOSED');
      await sleep(1_000); // and a couple of rounds of the ticker

      const deals: { price_fen: string; registration_id: string }[] = await t.db.query(
        `SELECT price_fen, registration_id FROM deals WHERE listing_id = $1`,
        [id],
      );
      expect({
        status: (await t.http.get(`/api/v1/listings/${id}`).expect(200)).body.status,
        deals: deals.map((d) => ({ ...d, price_fen: Number(d.price_fen) })),
        scheduled: await auditCount(t, 'auction.scheduled', id),
        opened: await auditCount(t, 'listing.bidding', id),
        closed: await auditCount(t, 'auction.closed', id),
        sold: await auditCount(t, 'listing.sold', id),
        released: await Promise.all(bidders.map((r) => releaseCount(t, r.registrationId))),
      }).toEqual({
        status: 'SOLD',
        deals: [{ price_fen: start + (bidders.length - 1) * inc, registration_id: winner.registrationId }],
        scheduled: 1,
        opened: 1,
        closed: 1,
        sold: 1,
        released: bidders.map((r) => (r === winner ? 0 : 1)),
      });
      await expectLedgerAndAuditIntact(t.http, clerk);
    });
  });
}
