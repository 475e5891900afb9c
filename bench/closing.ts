/**
 * `npm run bench:closing`: mass opening and closing of auctions with two app instances on one PostgreSQL database
 * (DATABASE_URL, default: the local server, database `postgres`). In a fresh database with the test clock it
 *  (a) boots instance A in this thread and instance B in a worker thread (two event loops, two pools, two tickers);
 *  (b) sets up BENCH_AUCTIONS lots through the HTTP API (listing, document, submit, two reviews, publish with the
 *      same announcement end, bidding start and bidding end for all; two buyers registered, qualified and paid on
 *      each), then moves the clock past the announcements and waits for every auction to be scheduled;
 *  (c) moves the clock to the common start and times how long until every auction is OPEN (goal: 2 s);
 *  (d) has one buyer bid on every lot, moves the clock to the common end and times how long until every auction is
 *      decided: CLOSED, its deal in PUBLICITY, the other buyer's deposit released, its `closed` event heard on the
 *      instances' NOTIFY channel (goal: 5 s);
 *  (e) checks that each happened exactly once (one deal, one close in the audit trail, one release, one event per
 *      lot).
 * Exits non-zero on errors or a broken "exactly once", not on a missed time goal.
 *
 * Options (env): BENCH_AUCTIONS (1000), BENCH_SETUP_CONCURRENCY (8), BENCH_KEEP=1 keeps the database.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { admin, BENCH_SERVER, withDatabase } from './support/listing-seed';
import type { INestApplication } from '@nestjs/common';
import { ADMIN, Api, benchClerk, benchParty, mapLimit } from './support/api';
import { bootBenchApp } from './support/app';
import { publishedLot } from './support/auction-lot';

const AUCTIONS = Number(process.env.BENCH_AUCTIONS ?? 1000);
const SETUP_CONCURRENCY = Number(process.env.BENCH_SETUP_CONCURRENCY ?? 8);
const OPEN_GOAL_MS = 2_000;
const CLOSE_GOAL_MS = 5_000;
/** API.md: an auction opens and closes within 2 s of its start or end (the issue asks 5 s for 1,000 at once). */
const CONTRACT_MS = 2_000;

/** Counts per lot, to check "exactly once". */
async function countsOf(db: Client, sql: string, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; n: string }>(sql, [ids]);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

function exactlyOnce(name: string, counts: Map<string, number>, ids: string[]): boolean {
  const wrong = ids.filter((id) => counts.get(id) !== 1);
  console.log(`    ${name}: ${wrong.length === 0 ? 'once for every lot' : `NOT once for ${wrong.length} lots`}`);
  return wrong.length === 0;
}

/** Polls `done` every 10 ms; answers the milliseconds from `t0` until it held. */
async function timeUntil(t0: number, done: () => Promise<boolean>, timeoutMs = 120_000): Promise<number> {
  for (;;) {
    if (await done()) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function main(): Promise<void> {
  const name = `nongjiao_bench_${randomBytes(3).toString('hex')}`;
  await admin(BENCH_SERVER, `CREATE DATABASE ${name}`);
  const url = withDatabase(BENCH_SERVER, name);
  const dataDir = mkdtempSync(join(tmpdir(), 'nongjiao-bench-'));
  let app: INestApplication | undefined;
  let instanceB: Worker | undefined;
  const db = new Client({ connectionString: url });
  const events = new Client({ connectionString: url });
  let failed = false;
  try {
    // (a) two instances
    const booted = await bootBenchApp(url, dataDir);
    app = booted.app;
    const baseA = booted.base;
    instanceB = new Worker(__filename, {
      execArgv: __filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [],
      workerData: { url, dataDir: mkdtempSync(join(tmpdir(), 'nongjiao-bench-')) },
    });
    const [portB] = (await once(instanceB, 'message')) as [number];
    const apis = [new Api(baseA), new Api(`http://127.0.0.1:${portB}/api/v1`)];
    const api = apis[0];
    await db.connect();
    console.log(`two instances: A in this thread, B in a worker thread; ${AUCTIONS} auctions`);

    // (b) the lots, through the API
    const started = performance.now();
    const adminUser = await api.login(ADMIN.phone, ADMIN.password);
    const clerks = [await benchClerk(api, adminUser, 0), await benchClerk(api, adminUser, 1)];
    const seller = await benchParty(api, 'seller', 0);
    const buyers = [await benchParty(api, 'buyer', 0), await benchParty(api, 'buyer', 1)];
    const clock = (await api.ok(200, 'GET', '/admin/clock', { auth: adminUser.auth })) as { now: string };
    const now = new Date(clock.now).getTime();
    const announcementEndsAt = new Date(now + 86_400_000);
    const biddingStartsAt = new Date(announcementEndsAt.getTime() + 3_600_000);
    const biddingEndsAt = new Date(biddingStartsAt.getTime() + 3_600_000);
    const lots = await mapLimit(
      Array.from({ length: AUCTIONS }, (_, i) => i),
      SETUP_CONCURRENCY,
      async (i) => {
        const published = await publishedLot(api, seller, i % 2 ? [...clerks].reverse() : clerks, {
          announcementEndsAt,
          biddingStartsAt,
          biddingEndsAt,
        });
        const id = published.id;
        const registrations: string[] = [];
        for (const [k, buyer] of buyers.entries()) {
          const reg = await api.ok(201, 'POST', `/listings/${id}/registrations`, { auth: buyer.auth, body: {} });
          const regId = reg.id as string;
          await api.ok(200, 'POST', `/registrations/${regId}/qualify`, {
            auth: clerks[0].auth,
            body: { approve: true, priorityRight: false },
          });
          await api.ok(200, 'POST', `/registrations/${regId}/deposit`, {
            auth: clerks[0].auth,
            body: { amountFen: published.depositFen, bankRef: `BENCH-${i}-${k}` },
          });
          registrations.push(regId);
        }
        if ((i + 1) % 200 === 0) console.log(`    ${i + 1} lots set up`);
        return { id, reservePriceFen: published.reservePriceFen, loser: registrations[1] };
      },
    );
    const ids = lots.map((l) => l.id);
    const setupSeconds = (performance.now() - started) / 1000;
    console.log(`(b) set up ${AUCTIONS} lots through the API in ${setupSeconds.toFixed(1)} s`);

    const moveClock = (at: Date) =>
      api.ok(200, 'PUT', '/admin/clock', {
        auth: adminUser.auth,
        body: { now: new Date(at.getTime() + 100).toISOString() },
      });
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql, [ids])).rows[0].n);

    let t0 = performance.now();
    await moveClock(announcementEndsAt);
    const scheduledMs = await timeUntil(
      t0,
      async () =>
        (await count(`SELECT count(*) AS n FROM auctions WHERE listing_id = ANY($1) AND status = 'SCHEDULED'`)) ===
        AUCTIONS,
    );
    console.log(`    announcements ended: all ${AUCTIONS} auctions scheduled in ${(scheduledMs / 1000).toFixed(2)} s`);

    // (c) opening
    t0 = performance.now();
    await moveClock(biddingStartsAt);
    const openMs = await timeUntil(
      t0,
      async () =>
        (await count(
          `SELECT count(*) AS n FROM auctions a JOIN listings l ON l.id = a.listing_id
           WHERE a.listing_id = ANY($1) AND a.status = 'OPEN' AND l.status = 'BIDDING'`,
        )) === AUCTIONS,
    );
    console.log(
      `(c) all ${AUCTIONS} auctions OPEN (listings BIDDING) ${(openMs / 1000).toFixed(2)} s after the clock reached ` +
        `their start   (goal ${OPEN_GOAL_MS / 1000} s: ${openMs <= OPEN_GOAL_MS ? 'met' : 'NOT met'})`,
    );

    // (d) one bid on every lot (through both instances), then the end
    const bidsStarted = performance.now();
    await mapLimit(lots, SETUP_CONCURRENCY, async (lot, i) => {
      await apis[i % 2].ok(201, 'POST', `/listings/${lot.id}/auction/bids`, {
        auth: buyers[0].auth,
        body: { amountFen: lot.reservePriceFen },
      });
    });
    console.log(`    one bid on each lot in ${((performance.now() - bidsStarted) / 1000).toFixed(1)} s`);
    const heard = new Map<string, number>();
    await events.connect();
    events.on('notification', (msg) => {
      const event = JSON.parse(msg.payload ?? '{}') as { type?: string; listingId?: string };
      if (event.type === 'closed' && event.listingId) heard.set(event.listingId, (heard.get(event.listingId) ?? 0) + 1);
    });
    await events.query('LISTEN auction_events');
    t0 = performance.now();
    await moveClock(biddingEndsAt);
    const closeMs = await timeUntil(t0, async () => {
      if ([...heard.values()].reduce((a, b) => a + b, 0) < AUCTIONS) return false;
      const decided = await count(
        `SELECT count(*) AS n FROM auctions a JOIN deals d ON d.listing_id = a.listing_id
         WHERE a.listing_id = ANY($1) AND a.status = 'CLOSED' AND d.status = 'PUBLICITY'`,
      );
      const released = Number(
        (
          await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM ledger_entries WHERE kind = 'DEPOSIT_RELEASED' AND registration_id = ANY($1)`,
            [lots.map((l) => l.loser)],
          )
        ).rows[0].n,
      );
      return decided === AUCTIONS && released === AUCTIONS;
    });
    console.log(
      `(d) all ${AUCTIONS} auctions decided (CLOSED, deal in PUBLICITY, the loser's deposit released, \`closed\` ` +
        `event sent) ${(closeMs / 1000).toFixed(2)} s after the clock reached their end   (goal ${CLOSE_GOAL_MS / 1000} s: ` +
        `${closeMs <= CLOSE_GOAL_MS ? 'met' : 'NOT met'}; the contract's ${CONTRACT_MS / 1000} s for each auction: ` +
        `${closeMs <= CONTRACT_MS ? 'met' : 'NOT met'})`,
    );

    // (e) exactly once, and who did what
    await new Promise((r) => setTimeout(r, 1_500)); // a few more ticks of both instances: nothing more may happen
    console.log('(e) exactly once, with two instances:');
    const checks = [
      exactlyOnce(
        'deals',
        await countsOf(
          db,
          `SELECT listing_id AS id, count(*) AS n FROM deals WHERE listing_id = ANY($1) GROUP BY 1`,
          ids,
        ),
        ids,
      ),
    ];
    for (const action of ['auction.scheduled', 'listing.bidding', 'auction.closed', 'listing.sold']) {
      const sql = `SELECT entity_id AS id, count(*) AS n FROM audit_entries
                   WHERE action = '${action}' AND entity_id = ANY($1::text[]) GROUP BY 1`;
      checks.push(exactlyOnce(`audit ${action}`, await countsOf(db, sql, ids), ids));
    }
    checks.push(
      exactlyOnce(
        "the loser's deposit released",
        await countsOf(
          db,
          `SELECT r.listing_id AS id, count(*) AS n FROM ledger_entries e JOIN registrations r ON r.id = e.registration_id
           WHERE e.kind = 'DEPOSIT_RELEASED' AND r.listing_id = ANY($1) GROUP BY 1`,
          ids,
        ),
        ids,
      ),
      exactlyOnce('`closed` events', heard, ids),
    );
    const { rows: streams } = await db.query<{ n: string }>(
      `SELECT count(DISTINCT stream) AS n FROM audit_entries WHERE action = 'auction.closed'`,
    );
    console.log(`    the closes' audit entries were chained in ${streams[0].n} of the 64 audit streams`);
    if (checks.includes(false)) failed = true;
  } finally {
    await events.end().catch(() => undefined);
    await db.end().catch(() => undefined);
    await instanceB?.terminate();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`);
    else await admin(BENCH_SERVER, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  if (failed) throw new Error('something happened more or less than once');
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  const { url, dataDir } = workerData as { url: string; dataDir: string };
  void bootBenchApp(url, dataDir).then(({ base }) => parentPort!.postMessage(Number(new URL(base).port)));
}
