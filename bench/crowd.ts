/**
 * `npm run bench:crowd`: a crowd watching one live auction. On the PostgreSQL server at DATABASE_URL (default: the
 * local server) it creates a fresh database, boots the real app in this process, sets up one lot with 32 qualified
 * bidders through the HTTP API, and from a child process (so that the clients share neither the app's event loop
 * nor its memory figures):
 *  (1) baseline: 32 bidders bid on the lot with no viewers: accepted bids/s, latency p50/p99;
 *  (2) opens BENCH_VIEWERS Server-Sent Events streams of the lot (`GET /api/v1/listings/:id/auction/events`) and
 *      reports the app's memory per viewer (RSS and heap after a full GC, before and after, over the count);
 *  (3) the same bidding with the viewers watching: the bidders' figures beside (1), and the bid-to-viewer delivery
 *      latency over every (bid, viewer) pair: from the moment the bidder sent the bid's request to the moment the
 *      viewer's process read the `bid` event (matched by its amount; both clocks are of the clients' process).
 * Goals: delivery p99 < 1 s, the bidders' p99 with viewers ≤ 1.2 × without. Exits non-zero only on errors.
 *
 * Options (env): BENCH_VIEWERS (5000), BENCH_HTTP_SECONDS (8), BENCH_WARMUP_SECONDS (1),
 * BENCH_DRAIN_SECONDS (30: how long to wait for the last deliveries after the bidding), BENCH_KEEP=1 keeps the
 * database.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get, Server } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { INestApplication } from '@nestjs/common';
import { Api, mapLimit } from './support/api';
import { bootBenchApp } from './support/app';
import { setUpLots } from './support/auction-lot';
import { machineBusy } from './support/machine';
import { HttpResult, LoadJob, LoadWorker, sleep } from './support/bid-load';
import { admin, BENCH_SERVER, percentile, withDatabase } from './support/listing-seed';

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 5000);
const BIDDERS = 32;
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 30);
const CLIENTS_ROLE = 'bench-crowd-clients';
/** Bid-to-viewer latencies are counted in buckets of 0.1 ms, up to a minute (the last bucket holds the rest). */
const BUCKETS_PER_MS = 10;
const BUCKETS = 60_000 * BUCKETS_PER_MS + 1;
/** Bids whose send time is kept (the amounts offered from the lot's start price on). */
const MAX_BIDS = 1_000_000;

/** The clients' process: what the app process asks of it, and what it answers. */
type ClientsCommand =
  { cmd: 'bid'; job: Omit<LoadJob, 'sentAt'>; watch: boolean } | { cmd: 'open'; url: string; viewers: number };

interface BidAnswer {
  result: HttpResult;
  next: number;
  /** CPU of the clients' process (load worker and viewers), in cores, over the run. */
  clientCores: number;
  deliveries?: Deliveries;
}

interface Deliveries {
  /** `bid` events read by viewers for bids sent in the run, and how many there should be (viewers × accepted). */
  count: number;
  expected: number;
  /** Of them, read after the bidding ended, and how long after it the last one came. */
  afterRun: number;
  drainMs: number;
  /** Latency in ms at p50, p90, p99 and the maximum. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** `bid` events with an amount the bidders did not send (should be 0), and streams that ended early. */
  unmatched: number;
  viewersLost: number;
}

type ClientsAnswer =
  BidAnswer | { opened: number; seconds: number; failures: Record<string, number> } | { error: string };

const now = (): number => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------------------------
// The clients' process: the bidders (in a worker thread) and the viewers (in its main thread)

interface Viewer {
  rest: string;
  open: boolean;
}

async function clients(): Promise<void> {
  const load = await LoadWorker.start();
  const sentAt = new SharedArrayBuffer(8 * MAX_BIDS);
  const sentAtMs = new Float64Array(sentAt);
  let fromFen: number | undefined;
  let incrementFen = 1;
  const viewers: Viewer[] = [];
  const histogram = new Uint32Array(BUCKETS);
  let recording = false;
  let windowStart = Infinity;
  let runEnd = Infinity;
  let delivered = 0;
  let afterRun = 0;
  let lastDelivery = 0;
  let unmatched = 0;

  /** Reads the complete events of a chunk: the time is the chunk's, an event is matched by its amount. */
  const onChunk = (viewer: Viewer, chunk: Buffer): void => {
    const at = now();
    const text = viewer.rest + chunk.toString('latin1');
    const end = text.lastIndexOf('\n\n');
    if (end === -1) {
      viewer.rest = text;
      return;
    }
    viewer.rest = text.slice(end + 2);
    for (let i = text.indexOf('"amountFen":'); i !== -1 && i < end; i = text.indexOf('"amountFen":', i + 12)) {
      const amount = parseInt(text.slice(i + 12, i + 32), 10);
      const k = (amount - (fromFen ?? 0)) / incrementFen;
      const sent = k >= 0 && k < MAX_BIDS ? sentAtMs[k] : 0;
      if (!(sent > 0)) unmatched++;
      else if (recording && sent >= windowStart) {
        histogram[Math.min(BUCKETS - 1, Math.floor((at - sent) * BUCKETS_PER_MS))]++;
        delivered++;
        lastDelivery = at;
        if (at > runEnd) afterRun++;
      }
    }
  };

  const open = (url: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = get(url, { agent: false, headers: { Accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`HTTP ${res.statusCode}`));
          return;
        }
        const viewer: Viewer = { rest: '', open: true };
        viewers.push(viewer);
        res.on('data', (chunk: Buffer) => onChunk(viewer, chunk));
        res.on('close', () => (viewer.open = false));
        res.on('error', () => (viewer.open = false));
        resolve();
      });
      req.on('error', reject);
    });

  const bid = async (job: Omit<LoadJob, 'sentAt'>, watch: boolean): Promise<BidAnswer> => {
    fromFen ??= job.next;
    incrementFen = job.incrementFen;
    const watching = viewers.filter((v) => v.open).length;
    histogram.fill(0);
    delivered = afterRun = 0;
    lastDelivery = 0;
    runEnd = Infinity;
    windowStart = now();
    recording = watch;
    const cpu0 = process.cpuUsage();
    const answer = await load.run({ ...job, sentAt: { buffer: sentAt, fromFen } });
    runEnd = now();
    const cpu = process.cpuUsage(cpu0);
    const clientCores = (cpu.user + cpu.system) / 1e6 / answer.result.seconds;
    if (!watch) return { ...answer, clientCores };
    const expected = answer.result.accepted * watching;
    const deadline = runEnd + DRAIN_SECONDS * 1000;
    while (delivered < expected && now() < deadline) await sleep(20);
    recording = false;
    const at = (p: number): number => {
      const rank = Math.ceil((p / 100) * delivered);
      let seen = 0;
      for (let b = 0; b < BUCKETS; b++) {
        seen += histogram[b];
        if (seen >= rank) return (b + 1) / BUCKETS_PER_MS;
      }
      return NaN;
    };
    return {
      ...answer,
      clientCores,
      deliveries: {
        count: delivered,
        expected,
        afterRun,
        drainMs: Math.max(0, lastDelivery - runEnd),
        p50: at(50),
        p90: at(90),
        p99: at(99),
        max: at(100),
        unmatched,
        viewersLost: watching - viewers.filter((v) => v.open).length,
      },
    };
  };

  process.on('message', (command: ClientsCommand) => {
    const work = async (): Promise<ClientsAnswer> => {
      if (command.cmd === 'bid') return bid(command.job, command.watch);
      const t0 = performance.now();
      const failures: Record<string, number> = {};
      await mapLimit(
        Array.from({ length: command.viewers }, (_, i) => i),
        64,
        (): Promise<void> =>
          open(command.url).catch((error: unknown) => {
            const key = error instanceof Error ? error.message : String(error);
            failures[key] = (failures[key] ?? 0) + 1;
          }),
      );
      return { opened: viewers.length, seconds: (performance.now() - t0) / 1000, failures };
    };
    work().then(
      (answer) => process.send!(answer),
      (error: unknown) => process.send!({ error: String(error) }),
    );
  });
  process.send!('ready');
}

/** The clients' process, as the app process sees it. */
class Clients {
  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<Clients> {
    const child = fork(__filename, [CLIENTS_ROLE], {
      execArgv: __filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [],
    });
    await once(child, 'message'); // ready
    return new Clients(child);
  }

  async ask<T extends ClientsAnswer>(command: ClientsCommand): Promise<T> {
    this.child.send(command);
    const [answer] = (await once(this.child, 'message')) as [ClientsAnswer];
    if ('error' in answer) throw new Error(`clients: ${answer.error}`);
    return answer as T;
  }

  stop(): void {
    this.child.kill();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The app process

/** The soft and hard limits of open files of this process (`ulimit -n`), from /proc. */
function openFilesLimit(): string {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const [soft, hard] = line!.split(/\s{2,}/).slice(1, 3);
    return `soft ${soft}, hard ${hard}`;
  } catch {
    return 'unknown';
  }
}

/** A full garbage collection (V8's `gc`, exposed for this process at run time). */
function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);

async function main(): Promise<void> {
  const gc = fullGc();
  console.log(
    `open files (ulimit -n): ${openFilesLimit()} per process; the app holds a socket per viewer, and so does the ` +
      `clients' process (${VIEWERS} viewers)`,
  );
  const name = `nongjiao_bench_${randomBytes(3).toString('hex')}`;
  await admin(BENCH_SERVER, `CREATE DATABASE ${name}`);
  const url = withDatabase(BENCH_SERVER, name);
  const dataDir = mkdtempSync(join(tmpdir(), 'nongjiao-bench-'));
  let app: INestApplication | undefined;
  let clientsProcess: Clients | undefined;
  try {
    // every viewer watches from one address
    const booted = await bootBenchApp(url, dataDir, { SSE_MAX_STREAMS_PER_IP: String(VIEWERS + 100) });
    app = booted.app;
    // the bidders' kept-alive connections idle while the viewers connect: not past the server's timeout
    (app.getHttpServer() as Server).keepAliveTimeout = 600_000;
    const base = booted.base;
    const api = new Api(base);
    const started = Date.now();
    const [lot] = await setUpLots(api, booted.lifecycle, {
      lots: 1,
      bidders: BIDDERS,
    });
    console.log(
      `set up one lot with ${lot.bidders.length} qualified bidders in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const crowd = await Clients.start();
    clientsProcess = crowd;
    let next = lot.startPriceFen;
    const job = {
      url: `${base}/listings/${lot.listingId}/auction/bids`,
      auths: lot.bidders.map((b) => b.auth),
      incrementFen: lot.incrementFen,
    };

    /** A warm-up, then the measured run, with the app thread's figures. */
    const bidding = async (watch: boolean) => {
      next = (await crowd.ask<BidAnswer>({ cmd: 'bid', job: { ...job, next, ms: WARMUP_SECONDS * 1000 }, watch })).next;
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const elu0 = performance.eventLoopUtilization();
      const cpu0 = process.cpuUsage();
      const host0 = cpus();
      const answer = await crowd.ask<BidAnswer>({ cmd: 'bid', job: { ...job, next, ms: HTTP_SECONDS * 1000 }, watch });
      loop.disable();
      const elu = performance.eventLoopUtilization(elu0).utilization;
      const cpu = process.cpuUsage(cpu0);
      next = answer.next;
      const r = answer.result;
      r.latencies.sort((a, b) => a - b);
      const refusals =
        Object.entries(r.refusals)
          .map(([code, count]) => `${code} ${count}`)
          .join(', ') || 'none';
      console.log(
        `    ${(r.accepted / r.seconds).toFixed(0)} accepted bids/s, ${(r.requests / r.seconds).toFixed(0)} requests/s ` +
          `(${r.accepted}/${r.requests} accepted; refused: ${refusals}); latency p50 ` +
          `${ms(percentile(r.latencies, 50))}  p99 ${ms(percentile(r.latencies, 99))}`,
      );
      console.log(
        `    app thread: event-loop utilization ${(elu * 100).toFixed(0)}%, delay p99 ` +
          `${(loop.percentile(99) / 1e6).toFixed(1)} ms; app process ` +
          `${((cpu.user + cpu.system) / 1e6 / r.seconds).toFixed(2)} cores; clients' process ` +
          `${answer.clientCores.toFixed(2)} cores; machine busy ${(machineBusy(host0) * 100).toFixed(0)}% of ` +
          `${cpus().length} cores`,
      );
      return { ...answer, appCpuSeconds: (cpu.user + cpu.system) / 1e6 };
    };

    console.log(`(1) baseline: ${BIDDERS} bidders, no viewers, ${HTTP_SECONDS} s`);
    const baseline = await bidding(false);

    console.log(
      `(2) ${VIEWERS} SSE viewers of the lot (GET /api/v1/listings/:id/auction/events, from the clients' process)`,
    );
    gc();
    await sleep(1000);
    gc();
    const before = process.memoryUsage();
    const opened = await crowd.ask<{ opened: number; seconds: number; failures: Record<string, number> }>({
      cmd: 'open',
      url: `${base}/listings/${lot.listingId}/auction/events`,
      viewers: VIEWERS,
    });
    await sleep(1000);
    gc();
    const after = process.memoryUsage();
    const failures = Object.entries(opened.failures)
      .map(([why, count]) => `${why} ×${count}`)
      .join(', ');
    console.log(
      `    ${opened.opened} of ${VIEWERS} streams open in ${opened.seconds.toFixed(1)} s` +
        (failures ? `; refused: ${failures}` : ''),
    );
    const per = (key: 'rss' | 'heapUsed' | 'external') => (after[key] - before[key]) / Math.max(1, opened.opened);
    console.log(
      `    app memory after a full GC: RSS ${mb(before.rss)} → ${mb(after.rss)}, heap used ${mb(before.heapUsed)} → ` +
        `${mb(after.heapUsed)}, external ${mb(before.external)} → ${mb(after.external)}`,
    );
    console.log(
      `    per viewer: RSS ${(per('rss') / 1024).toFixed(1)} KB, heap ${(per('heapUsed') / 1024).toFixed(1)} KB, ` +
        `external ${(per('external') / 1024).toFixed(1)} KB (kernel socket buffers not included)`,
    );

    console.log(`(3) ${BIDDERS} bidders with ${opened.opened} viewers watching, ${HTTP_SECONDS} s`);
    const watched = await bidding(true);
    const d = watched.deliveries!;
    console.log(
      `    deliveries: ${d.count} of ${d.expected} (viewers × accepted bids), ${d.afterRun} of them after the ` +
        `bidding ended (the last ${ms(d.drainMs)} after it); unmatched events ${d.unmatched}; streams lost ` +
        `${d.viewersLost}`,
    );
    console.log(
      `    bid-to-viewer latency (bid request sent → event read by the viewer): p50 ${ms(d.p50)}  p90 ${ms(d.p90)}  ` +
        `p99 ${ms(d.p99)}  max ${ms(d.max)}`,
    );

    // what the fan-out costs the app: its CPU in (3) beyond what (1)'s bids cost, per delivery
    const perBid = baseline.appCpuSeconds / Math.max(1, baseline.result.accepted);
    const fanOutSeconds = watched.appCpuSeconds - perBid * watched.result.accepted;
    console.log(
      `    app CPU per delivery ≈ ${((fanOutSeconds / Math.max(1, d.count)) * 1e6).toFixed(1)} µs ` +
        `(app CPU in (3) ${watched.appCpuSeconds.toFixed(2)} s, less ${(perBid * 1000).toFixed(2)} ms per accepted ` +
        `bid as in (1)), i.e. ${((fanOutSeconds / Math.max(1, d.count)) * opened.opened * 1000).toFixed(1)} ms of ` +
        `one core per bid event for ${opened.opened} viewers`,
    );

    const p99Base = percentile(baseline.result.latencies, 99);
    const p99Crowd = percentile(watched.result.latencies, 99);
    const verdict = (ok: boolean): string => (ok ? 'goal met' : 'goal NOT met');
    const complete = d.count === d.expected;
    console.log('goals');
    console.log(
      `    delivery p99 < 1 s: ${ms(d.p99)}${complete ? '' : ` (and ${d.expected - d.count} deliveries missing)`}  ` +
        verdict(d.p99 < 1000 && complete),
    );
    console.log(
      `    bidders' p99 with viewers ≤ 1.2 × without: ${ms(p99Crowd)} vs ${ms(p99Base)} = ` +
        `${(p99Crowd / p99Base).toFixed(2)} ×  ${verdict(p99Crowd <= 1.2 * p99Base)}`,
    );
    console.log(
      `    accepted bids/s with viewers: ${(watched.result.accepted / watched.result.seconds).toFixed(0)} vs ` +
        `${(baseline.result.accepted / baseline.result.seconds).toFixed(0)} without`,
    );
    console.log(
      `    memory per viewer (reported): RSS ${(per('rss') / 1024).toFixed(1)} KB, heap ` +
        `${(per('heapUsed') / 1024).toFixed(1)} KB`,
    );
  } finally {
    clientsProcess?.stop();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`);
    else await admin(BENCH_SERVER, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

if (process.argv[2] === CLIENTS_ROLE) {
  clients().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
