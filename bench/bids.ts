/**
 * `npm run bench:bids`: the bid path under contention on one lot, on the PostgreSQL server at DATABASE_URL (default:
 * the local server, database `postgres`). In a fresh database it
 *  (a) measures the raw hot-row limit: transactions/s of the equivalent SQL (lock the lot, insert a bid, move the
 *      price) from 8 and 32 concurrent `pg` clients on scratch tables;
 *  (b) boots the real app, sets up one lot with 32 qualified bidders through the HTTP API, and measures accepted
 *      bids/s of `POST /api/v1/listings/:id/auction/bids` with 8 and 32 concurrent bidders, with p50/p99 latency;
 *  (c) prints the ratio (b)/(a).
 * Goal: ratio ≥ 0.7 and p99 < 100 ms at 32 bidders. Exits non-zero only on errors, not on missing the goal.
 *
 * Options (env): BENCH_SQL_SECONDS (5), BENCH_HTTP_SECONDS (8), BENCH_WARMUP_SECONDS (1), BENCH_ANNOUNCE_SECONDS (8),
 * BENCH_KEEP=1 keeps the database.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { Client } from 'pg';
import type { AuctionLifecycleService } from '../src/auctions/auction-lifecycle.service';
import { CpuProfile, printLayers } from './support/cpu-profile';

// The app's modules are loaded in main() only: the load worker (this file again, in a worker thread) needs none.
let identity: typeof import('../src/accounts/domain/identity');
let samples: typeof import('../src/catalog/domain/category-samples');

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SQL_SECONDS = Number(process.env.BENCH_SQL_SECONDS ?? 5);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const ANNOUNCE_SECONDS = Number(process.env.BENCH_ANNOUNCE_SECONDS ?? 8);
/** BENCH_PROFILE=1: the app thread's CPU per bid request by layer, sampled at 32 bidders (costs some throughput). */
const PROFILE = process.env.BENCH_PROFILE === '1';
const LEVELS = [8, 32];
const BIDDERS = Math.max(...LEVELS);
const ADMIN = { phone: '13999999999', password: 'Admin-password-1' };
const PASSWORD = 'Bench-password-1';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: SERVER });
  await c.connect();
  await c.query(sql);
  await c.end();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The share of all CPU time of the machine spent busy since `before` (from `os.cpus()`). */
function machineBusy(before: ReturnType<typeof cpus>): number {
  let busy = 0;
  let total = 0;
  cpus().forEach((cpu, i) => {
    const t0 = before[i]?.times;
    if (!t0) return;
    const d = {
      user: cpu.times.user - t0.user,
      nice: cpu.times.nice - t0.nice,
      sys: cpu.times.sys - t0.sys,
      irq: cpu.times.irq - t0.irq,
      idle: cpu.times.idle - t0.idle,
    };
    busy += d.user + d.nice + d.sys + d.irq;
    total += d.user + d.nice + d.sys + d.irq + d.idle;
  });
  return total > 0 ? busy / total : NaN;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** A valid resident ID from Huai'an (130728), distinct per `n`. */
function residentId(n: number): string {
  const first17 = `130728${1960 + (n % 40)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`;
  return first17 + identity.residentIdCheckChar(first17);
}

// ---------------------------------------------------------------------------------------------------------------
// (a) the raw hot-row limit

async function rawSql(
  url: string,
  clients: number,
  seconds: number,
): Promise<{ txPerSecond: number; latencies: number[] }> {
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const bid = async (c: Client): Promise<void> => {
    await c.query('BEGIN');
    const { rows } = await c.query<{ price: string }>('SELECT price FROM bench_lots WHERE id = 1 FOR UPDATE');
    const amount = Number(rows[0].price) + 1;
    await c.query('INSERT INTO bench_bids (lot, amount) VALUES (1, $1)', [amount]);
    await c.query('UPDATE bench_lots SET price = price + 1 WHERE id = 1');
    await c.query('COMMIT');
  };
  try {
    const run = async (ms: number): Promise<{ txPerSecond: number; latencies: number[] }> => {
      const latencies: number[] = [];
      const t0 = performance.now();
      const deadline = t0 + ms;
      await Promise.all(
        conns.map(async (c) => {
          while (performance.now() < deadline) {
            const s = performance.now();
            await bid(c);
            latencies.push(performance.now() - s);
          }
        }),
      );
      return { txPerSecond: latencies.length / ((performance.now() - t0) / 1000), latencies };
    };
    await run(WARMUP_SECONDS * 1000);
    const result = await run(seconds * 1000);
    result.latencies.sort((a, b) => a - b);
    return result;
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The HTTP API

interface Res {
  status: number;
  body: Record<string, unknown>;
}

class Api {
  constructor(private readonly base: string) {}

  async call(method: string, path: string, options: { auth?: string; body?: unknown; form?: FormData } = {}) {
    const headers: Record<string, string> = {};
    if (options.auth) headers.Authorization = options.auth;
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(this.base + path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} } satisfies Res;
  }

  /** Like `call`, but throws unless the status is `expected`. */
  async ok(expected: number, method: string, path: string, options: Parameters<Api['call']>[2] = {}) {
    const res = await this.call(method, path, options);
    if (res.status !== expected) {
      throw new Error(`${method} ${path}: ${res.status} (expected ${expected}) ${JSON.stringify(res.body)}`);
    }
    return res.body;
  }

  async login(phone: string, password = PASSWORD): Promise<{ id: string; auth: string }> {
    const body = await this.ok(200, 'POST', '/auth/login', { body: { phone, password } });
    return { id: (body.user as { id: string }).id, auth: `Bearer ${body.accessToken as string}` };
  }
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of the results. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** A valid LAND_CONTRACT lease: reserve 10,000.00 元 a year for 5 years, increment 100.00 元, deposit 2,000.00 元 (20 % of a year). */
function listingBody(): Record<string, unknown> {
  const body: Record<string, unknown> = {
    categoryCode: 'LAND_CONTRACT',
    title: '压测土地承包经营权流转',
    villageCode: '130728100213',
    description: '压测用土地承包经营权挂牌',
    transferMode: 'LEASE',
    attributes: { ...samples.sampleAttributes('LAND_CONTRACT') },
    priceUnit: 'PER_YEAR',
    reservePriceFen: 1_000_000,
    incrementFen: 10_000,
    depositFen: 200_000,
    termYears: 5,
    tradingMethod: 'AUCTION',
  };
  const area = samples.sampleAreaMu('LAND_CONTRACT');
  if (area !== undefined) body.areaMu = area;
  return body;
}

interface Lot {
  listingId: string;
  startPriceFen: number;
  incrementFen: number;
  bidders: { auth: string; bidderNo: string }[];
}

/** One announced LAND_CONTRACT lot with BIDDERS buyers qualified and their deposits recorded, then opened. */
async function setUpLot(api: Api, lifecycle: AuctionLifecycleService): Promise<Lot> {
  const adminUser = await api.login(ADMIN.phone, ADMIN.password);
  const clerks = await mapLimit([0, 1], 2, async (_, i) => {
    const phone = `1370000000${i}`;
    await api.ok(201, 'POST', '/admin/users', {
      auth: adminUser.auth,
      body: { phone, password: PASSWORD, name: `压测工作人员${i}`, roles: ['clerk'] },
    });
    return api.login(phone);
  });
  const party = async (phone: string, n: number, role: 'seller' | 'buyer') => {
    await api.ok(201, 'POST', '/auth/register', {
      body: {
        phone,
        password: PASSWORD,
        name: `压测${role === 'seller' ? '卖方' : '竞买人'}${n}`,
        partyType: 'PERSON',
        idNumber: residentId(n),
        roles: [role],
      },
    });
    return api.login(phone);
  };
  const seller = await party('13800000000', 999, 'seller');
  const buyers = await mapLimit(
    Array.from({ length: BIDDERS }, (_, i) => i),
    8,
    (i) => party(`1360000${String(i).padStart(4, '0')}`, i, 'buyer'),
  );

  const listing = await api.ok(201, 'POST', '/listings', { auth: seller.auth, body: listingBody() });
  const listingId = listing.id as string;
  const form = new FormData();
  form.append('kind', 'OWNERSHIP_CERTIFICATE');
  form.append(
    'file',
    new Blob([Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')], { type: 'application/pdf' }),
    'ownership.pdf',
  );
  await api.ok(201, 'POST', `/listings/${listingId}/documents`, { auth: seller.auth, form });
  await api.ok(200, 'POST', `/listings/${listingId}/submit`, { auth: seller.auth });
  for (const clerk of clerks) {
    const reviewed = await api.ok(200, 'POST', `/listings/${listingId}/review`, {
      auth: clerk.auth,
      body: { decision: 'APPROVE' },
    });
    if (reviewed.status === 'APPROVED') break;
  }
  const announcementEndsAt = new Date(Date.now() + ANNOUNCE_SECONDS * 1000);
  const published = await api.ok(200, 'POST', `/listings/${listingId}/publish`, {
    auth: clerks[0].auth,
    body: {
      announcementEndsAt: announcementEndsAt.toISOString(),
      biddingEndsAt: new Date(announcementEndsAt.getTime() + 3600_000).toISOString(),
    },
  });

  const bidders = await mapLimit(buyers, 8, async (buyer, i) => {
    const reg = await api.ok(201, 'POST', `/listings/${listingId}/registrations`, { auth: buyer.auth, body: {} });
    await api.ok(200, 'POST', `/registrations/${reg.id as string}/qualify`, {
      auth: clerks[0].auth,
      body: { approve: true, priorityRight: false },
    });
    const paid = await api.ok(200, 'POST', `/registrations/${reg.id as string}/deposit`, {
      auth: clerks[0].auth,
      body: { amountFen: published.depositFen, bankRef: `BENCH-${i}` },
    });
    return { auth: buyer.auth, bidderNo: paid.bidderNo as string };
  });
  if (Date.now() >= announcementEndsAt.getTime()) {
    throw new Error(`setup outlasted the announcement: raise BENCH_ANNOUNCE_SECONDS (now ${ANNOUNCE_SECONDS})`);
  }

  await sleep(announcementEndsAt.getTime() - Date.now() + 50);
  for (let attempt = 0; ; attempt++) {
    await lifecycle.tick();
    const state = await api.call('GET', `/listings/${listingId}/auction`);
    if (state.status === 200 && state.body.status === 'OPEN') {
      return {
        listingId,
        startPriceFen: state.body.startPriceFen as number,
        incrementFen: state.body.incrementFen as number,
        bidders,
      };
    }
    if (attempt > 50) throw new Error(`auction not open: ${state.status} ${JSON.stringify(state.body)}`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// (b) bids through the HTTP API

interface HttpResult {
  accepted: number;
  requests: number;
  seconds: number;
  refusals: Record<string, number>;
  latencies: number[];
  acceptedLatencies: number[];
}

interface LoadJob {
  url: string;
  auths: string[];
  incrementFen: number;
  /** The next amount to offer: the highest accepted so far + one increment. */
  next: number;
  ms: number;
}

/**
 * In a worker thread (so that the load generator does not share the app's event loop): `auths.length` bidders on
 * the one lot, each with one request in flight and reading nothing, the amount from a shared "next price" (the
 * highest accepted + one increment, bumped as each amount is handed out, so a bid refused as too low is followed
 * by a higher one). A bidder that knows it leads waits for someone else's bid instead of bidding against itself.
 */
async function loadWorker(job: LoadJob): Promise<{ result: HttpResult; next: number }> {
  const result: HttpResult = {
    accepted: 0,
    requests: 0,
    seconds: 0,
    refusals: {},
    latencies: [],
    acceptedLatencies: [],
  };
  let next = job.next;
  let leader = -1;
  let highest = next - job.incrementFen;
  let changed = newSignal();
  const stop = sleep(job.ms);
  const t0 = performance.now();
  const deadline = t0 + job.ms;
  await Promise.all(
    job.auths.map(async (auth, me) => {
      while (performance.now() < deadline) {
        if (leader === me) {
          await Promise.race([changed.promise, stop]);
          continue;
        }
        const amountFen = next;
        next += job.incrementFen;
        const s = performance.now();
        const res = await post(job.url, auth, { amountFen });
        const body = res.body as { code?: string };
        const latency = performance.now() - s;
        result.requests++;
        result.latencies.push(latency);
        if (res.status === 201) {
          result.accepted++;
          result.acceptedLatencies.push(latency);
          if (amountFen > highest) {
            highest = amountFen;
            leader = me;
            next = Math.max(next, highest + job.incrementFen);
            changed.resolve();
            changed = newSignal();
          }
        } else {
          const code = body.code ?? String(res.status);
          if (!['BID_TOO_LOW', 'ALREADY_LEADING', 'RATE_LIMITED'].includes(code)) {
            throw new Error(`unexpected answer to a bid: ${res.status} ${JSON.stringify(body)}`);
          }
          result.refusals[code] = (result.refusals[code] ?? 0) + 1;
        }
      }
    }),
  );
  result.seconds = (performance.now() - t0) / 1000;
  return { result, next };
}

/**
 * One POST with a JSON body over a kept-alive connection, answering the status and the parsed body. Plain `http`
 * rather than `fetch`: on these 2 shared cores the load generator competes with the app and PostgreSQL, and `fetch`
 * (undici with WHATWG streams) spends about 1 ms of CPU per request here against 0.3 ms, a cost that (a)'s `pg`
 * clients do not have and that no real, remote bidder puts on the server's machine.
 */
function post(url: string, auth: string, payload: unknown): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: keepAlive,
        headers: { Authorization: auth, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One connection per bidder at most (each has one request in flight), reused across requests. */
const keepAlive = new Agent({ keepAlive: true, maxSockets: BIDDERS });

type LoadAnswer = { result: HttpResult; next: number } | { error: string };

/** The load generator in a worker thread (this file again, through ts-node), started once and reused. */
class LoadWorker {
  private constructor(private readonly worker: Worker) {}

  static async start(): Promise<LoadWorker> {
    const worker = new Worker(__filename, {
      execArgv: __filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [],
    });
    await once(worker, 'message'); // ready: loaded and compiled, so that the measurements leave its start-up out
    return new LoadWorker(worker);
  }

  async run(job: LoadJob): Promise<{ result: HttpResult; next: number }> {
    this.worker.postMessage(job);
    const [answer] = (await once(this.worker, 'message')) as [LoadAnswer];
    if ('error' in answer) throw new Error(`load worker: ${answer.error}`);
    return answer;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

function newSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  await import('reflect-metadata');
  identity = await import('../src/accounts/domain/identity');
  samples = await import('../src/catalog/domain/category-samples');
  const { AuctionLifecycleService: Lifecycle } = await import('../src/auctions/auction-lifecycle.service');
  const { createApp } = await import('../src/bootstrap');
  const { validateEnvironment } = await import('../src/config/app-config');
  const { buildConfig } = await import('../src/config/runtime');
  const name = `nongjiao_bench_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = withDatabase(SERVER, name);
  const dataDir = mkdtempSync(join(tmpdir(), 'nongjiao-bench-'));
  const env = validateEnvironment({
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    ADMIN_PHONE: ADMIN.phone,
    ADMIN_PASSWORD: ADMIN.password,
    BIDS_PER_SECOND_PER_BIDDER: '1000000',
    REGISTRATIONS_PER_IP_PER_HOUR: '1000000', // every bench buyer registers from 127.0.0.1
    AUCTION_EXTENSION_SECONDS: '0',
    ANNOUNCEMENT_MIN_WORKING_DAYS: '0',
  });
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let load: LoadWorker | undefined;
  try {
    app = await createApp(buildConfig(env, url, false, env.JWT_SECRET as string));
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    const api = new Api(base);

    // (a) the raw hot-row limit, on scratch tables in the same database
    const scratch = new Client({ connectionString: url });
    await scratch.connect();
    await scratch.query(`CREATE TABLE bench_lots (id int PRIMARY KEY, price bigint NOT NULL)`);
    await scratch.query(
      `CREATE TABLE bench_bids (id bigserial PRIMARY KEY, lot int NOT NULL, amount bigint NOT NULL,
         placed_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
    await scratch.query(`INSERT INTO bench_lots VALUES (1, 0)`);
    await scratch.end();
    const raw = new Map<number, number>();
    console.log(
      `(a) raw SQL hot row (BEGIN; SELECT … FOR UPDATE; INSERT bid; UPDATE price; COMMIT), ${SQL_SECONDS} s each`,
    );
    for (const n of LEVELS) {
      const r = await rawSql(url, n, SQL_SECONDS);
      raw.set(n, r.txPerSecond);
      console.log(
        `    ${String(n).padStart(2)} clients: ${r.txPerSecond.toFixed(0)} tx/s  ` +
          `(p50 ${percentile(r.latencies, 50).toFixed(1)} ms  p99 ${percentile(r.latencies, 99).toFixed(1)} ms)`,
      );
    }

    // (b) the HTTP API
    const started = Date.now();
    const lot = await setUpLot(api, app.get(Lifecycle));
    console.log(
      `set up one lot with ${lot.bidders.length} qualified bidders in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(announcement ${ANNOUNCE_SECONDS} s)`,
    );
    let next = lot.startPriceFen;
    const bidsUrl = `${base}/listings/${lot.listingId}/auction/bids`;
    const http = new Map<number, HttpResult>();
    load = await LoadWorker.start();
    console.log(`(b) POST /api/v1/listings/:id/auction/bids, one lot, ${HTTP_SECONDS} s each`);
    for (const n of LEVELS) {
      const auths = lot.bidders.slice(0, n).map((b) => b.auth);
      const job = { url: bidsUrl, auths, incrementFen: lot.incrementFen };
      next = (await load.run({ ...job, next, ms: WARMUP_SECONDS * 1000 })).next;
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const elu0 = performance.eventLoopUtilization();
      const cpu0 = process.cpuUsage();
      const host0 = cpus();
      const profile = PROFILE && n === BIDDERS ? await CpuProfile.start() : undefined;
      const measured = await load.run({ ...job, next, ms: HTTP_SECONDS * 1000 });
      const layers = await profile?.stop();
      loop.disable();
      const elu = performance.eventLoopUtilization(elu0).utilization;
      const cpu = process.cpuUsage(cpu0);
      next = measured.next;
      const r = measured.result;
      http.set(n, r);
      r.latencies.sort((a, b) => a - b);
      r.acceptedLatencies.sort((a, b) => a - b);
      const refusals =
        Object.entries(r.refusals)
          .map(([code, count]) => `${code} ${count}`)
          .join(', ') || 'none';
      console.log(
        `    ${String(n).padStart(2)} bidders: ${(r.accepted / r.seconds).toFixed(0)} accepted bids/s, ` +
          `${(r.requests / r.seconds).toFixed(0)} requests/s (${r.accepted}/${r.requests} accepted; refused: ${refusals})`,
      );
      console.log(
        `                all requests p50 ${percentile(r.latencies, 50).toFixed(1)} ms  ` +
          `p99 ${percentile(r.latencies, 99).toFixed(1)} ms;  accepted p50 ` +
          `${percentile(r.acceptedLatencies, 50).toFixed(1)} ms  p99 ${percentile(r.acceptedLatencies, 99).toFixed(1)} ms`,
      );
      console.log(
        `                app thread: event-loop utilization ${(elu * 100).toFixed(0)}%, event-loop delay p99 ` +
          `${(loop.percentile(99) / 1e6).toFixed(1)} ms; this process (app + load worker) ` +
          `${((cpu.user + cpu.system) / 1e6 / r.seconds).toFixed(2)} cores; machine busy ` +
          `${(machineBusy(host0) * 100).toFixed(0)}% of ${cpus().length} cores`,
      );
      if (layers) printLayers(layers, r.requests, '                ');
    }
    const state = await api.ok(200, 'GET', `/listings/${lot.listingId}/auction`);
    console.log(
      `    lot after the runs: ${state.bidCount as number} bids, price ${state.currentPriceFen as number} fen`,
    );

    // (c) the ratio
    console.log('(c) accepted bids/s ÷ raw tx/s   (goal: ratio ≥ 0.7 and p99 < 100 ms at 32 bidders)');
    for (const n of LEVELS) {
      const r = http.get(n)!;
      const ratio = r.accepted / r.seconds / raw.get(n)!;
      const p99 = percentile(r.latencies, 99);
      const met = n === 32 ? (ratio >= 0.7 && p99 < 100 ? '  goal met' : '  goal NOT met') : '';
      console.log(`    ${String(n).padStart(2)}: ${ratio.toFixed(2)}  (p99 ${p99.toFixed(1)} ms)${met}`);
    }
  } finally {
    await load?.stop();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`);
    else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  const port = parentPort!;
  port.on('message', (job: LoadJob) => {
    loadWorker(job).then(
      (answer) => port.postMessage(answer),
      (error: unknown) => port.postMessage({ error: String(error) }),
    );
  });
  port.postMessage('ready');
}
