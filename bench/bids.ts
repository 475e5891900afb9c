/**
 * `npm run bench:bids`: the bid path under contention, on the PostgreSQL server at DATABASE_URL (default: the local
 * server, database `postgres`). In a fresh database, for each scenario:
 *  - **one hot lot**: 8 and 32 bidders on one lot (goal at 32: accepted bids/s ≥ 1.0 × the raw rate, p99 < 50 ms);
 *  - **many lots**: 16 lots × 4 bidders, 64 clients at once (goal: ≥ 0.7 × the raw rate on 16 rows, p99 < 100 ms);
 * it
 *  (a) measures the raw hot-row limit (what pgbench measures with a custom script): transactions/s of the SQL a bid
 *      needs at least (lock the lot, insert a bid, move the price) from as many `pg` clients as there will be
 *      bidders, on as many scratch rows as there are lots;
 *  (b) sets up the lots with their qualified bidders through the HTTP API of the real app (booted in this process),
 *      and measures accepted bids/s of `POST /api/v1/listings/:id/auction/bids`, with p50/p99 latency, the load
 *      coming from a worker thread;
 *  (c) prints the ratio (b)/(a) beside the goal.
 * Exits non-zero only on errors, not on missing a goal.
 *
 * Options (env): BENCH_SCENARIOS (`hot,many`), BENCH_SQL_SECONDS (5), BENCH_HTTP_SECONDS (8), BENCH_WARMUP_SECONDS
 * (1), BENCH_PROFILE=1 (the app thread's CPU per request by layer, at each scenario's last level;
 * costs some throughput), BENCH_KEEP=1 keeps the database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { INestApplication } from '@nestjs/common';
import { Api } from './support/api';
import { bootBenchApp } from './support/app';
import { Lot, setUpLots } from './support/auction-lot';
import { HttpResult, LoadWorker } from './support/bid-load';
import { CpuProfile, printLayers } from './support/cpu-profile';
import { admin, BENCH_SERVER, percentile, withDatabase } from './support/listing-seed';
import { machineBusy } from './support/machine';
import { createHotRows, rawHotRows } from './support/raw-hot-rows';

const SQL_SECONDS = Number(process.env.BENCH_SQL_SECONDS ?? 5);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const PROFILE = process.env.BENCH_PROFILE === '1';

interface Scenario {
  key: string;
  title: string;
  lots: number;
  /** Bidders per lot at each level measured; the goal applies to the last. */
  levels: number[];
  goal: { ratio: number; p99Ms: number };
}

const SCENARIOS: Scenario[] = [
  { key: 'hot', title: 'one hot lot', lots: 1, levels: [8, 32], goal: { ratio: 1.0, p99Ms: 50 } },
  { key: 'many', title: 'many lots: 16 lots × 4 bidders', lots: 16, levels: [4], goal: { ratio: 0.7, p99Ms: 100 } },
];

/** All lots' results of one run as one. */
function merged(results: HttpResult[]): HttpResult {
  const refusals: Record<string, number> = {};
  for (const r of results)
    for (const [code, n] of Object.entries(r.refusals)) refusals[code] = (refusals[code] ?? 0) + n;
  return {
    accepted: results.reduce((sum, r) => sum + r.accepted, 0),
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    seconds: Math.max(...results.map((r) => r.seconds)),
    refusals,
    latencies: results.flatMap((r) => r.latencies).sort((a, b) => a - b),
    acceptedLatencies: results.flatMap((r) => r.acceptedLatencies).sort((a, b) => a - b),
  };
}

const ms = (sorted: number[], p: number): string => `${percentile(sorted, p).toFixed(1)} ms`;

async function main(): Promise<void> {
  const wanted = (process.env.BENCH_SCENARIOS ?? 'hot,many').split(',');
  const scenarios = SCENARIOS.filter((s) => wanted.includes(s.key));
  const name = `nongjiao_bench_${randomBytes(3).toString('hex')}`;
  await admin(BENCH_SERVER, `CREATE DATABASE ${name}`);
  const url = withDatabase(BENCH_SERVER, name);
  const dataDir = mkdtempSync(join(tmpdir(), 'nongjiao-bench-'));
  let app: INestApplication | undefined;
  let load: LoadWorker | undefined;
  try {
    const booted = await bootBenchApp(url, dataDir);
    app = booted.app;
    const base = booted.base;
    const api = new Api(base);
    load = await LoadWorker.start();
    await createHotRows(url, Math.max(...scenarios.map((s) => s.lots)));
    const verdicts: string[] = [];

    for (const [k, scenario] of scenarios.entries()) {
      console.log(`== ${scenario.title}`);
      // (a) the raw hot-row limit, on scratch tables in the same database
      const raw = new Map<number, number>();
      console.log(
        `(a) raw SQL on ${scenario.lots} hot row${scenario.lots > 1 ? 's' : ''} ` +
          `(BEGIN; SELECT … FOR UPDATE; INSERT bid; UPDATE price; COMMIT), ${SQL_SECONDS} s each`,
      );
      for (const n of scenario.levels) {
        const clients = n * scenario.lots;
        const [cpu0, host0] = [process.cpuUsage(), cpus()];
        const t0 = performance.now();
        const r = await rawHotRows(url, {
          clients,
          lots: scenario.lots,
          seconds: SQL_SECONDS,
          warmupSeconds: WARMUP_SECONDS,
        });
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const others = machineBusy(host0) * cpus().length - (cpu.user + cpu.system) / 1e6 / seconds;
        raw.set(n, r.txPerSecond);
        console.log(
          `    ${String(clients).padStart(2)} clients: ${r.txPerSecond.toFixed(0)} tx/s, PostgreSQL (and anything ` +
            `else) ${others.toFixed(2)} cores = ${((others * 1000) / r.txPerSecond).toFixed(2)} ms per tx  ` +
            `(p50 ${ms(r.latencies, 50)}  p99 ${ms(r.latencies, 99)})`,
        );
      }

      // (b) the HTTP API
      const started = Date.now();
      const lots: Lot[] = await setUpLots(api, booted.lifecycle, {
        lots: scenario.lots,
        bidders: Math.max(...scenario.levels),
        tag: k,
      });
      console.log(
        `    set up ${scenario.lots} lot${scenario.lots > 1 ? 's' : ''} with ${lots[0].bidders.length} qualified ` +
          `bidders each in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      const next = lots.map((lot) => lot.startPriceFen);
      console.log(`(b) POST /api/v1/listings/:id/auction/bids, ${HTTP_SECONDS} s each`);
      const http = new Map<number, HttpResult>();
      for (const n of scenario.levels) {
        const jobs = (ms: number) =>
          lots.map((lot, i) => ({
            url: `${base}/listings/${lot.listingId}/auction/bids`,
            auths: lot.bidders.slice(0, n).map((b) => b.auth),
            incrementFen: lot.incrementFen,
            next: next[i],
            ms,
          }));
        (await load.runAll(jobs(WARMUP_SECONDS * 1000))).forEach((answer, i) => (next[i] = answer.next));
        const loop = monitorEventLoopDelay({ resolution: 1 });
        loop.enable();
        const elu0 = performance.eventLoopUtilization();
        const cpu0 = process.cpuUsage();
        const host0 = cpus();
        const last = n === scenario.levels[scenario.levels.length - 1];
        const profile = PROFILE && last ? await CpuProfile.start() : undefined;
        const answers = await load.runAll(jobs(HTTP_SECONDS * 1000));
        const layers = await profile?.stop();
        loop.disable();
        const elu = performance.eventLoopUtilization(elu0).utilization;
        const cpu = process.cpuUsage(cpu0);
        answers.forEach((answer, i) => (next[i] = answer.next));
        const r = merged(answers.map((a) => a.result));
        http.set(n, r);
        const refusals =
          Object.entries(r.refusals)
            .map(([code, count]) => `${code} ${count}`)
            .join(', ') || 'none';
        console.log(
          `    ${String(n * scenario.lots).padStart(2)} bidders: ${(r.accepted / r.seconds).toFixed(0)} accepted ` +
            `bids/s, ${(r.requests / r.seconds).toFixed(0)} decided requests/s (${r.accepted}/${r.requests} ` +
            `accepted; refused: ${refusals})`,
        );
        console.log(
          `                all requests p50 ${ms(r.latencies, 50)}  p99 ${ms(r.latencies, 99)};  accepted p50 ` +
            `${ms(r.acceptedLatencies, 50)}  p99 ${ms(r.acceptedLatencies, 99)}`,
        );
        const ours = (cpu.user + cpu.system) / 1e6 / r.seconds;
        const busy = machineBusy(host0) * cpus().length;
        console.log(
          `                app thread: event-loop utilization ${(elu * 100).toFixed(0)}%, event-loop delay p99 ` +
            `${(loop.percentile(99) / 1e6).toFixed(1)} ms; this process (app + load worker) ${ours.toFixed(2)} ` +
            `cores; machine busy ${busy.toFixed(2)} of ${cpus().length} cores, so PostgreSQL (and anything else) ` +
            `${(busy - ours).toFixed(2)} cores = ${(((busy - ours) * 1000) / (r.requests / r.seconds)).toFixed(2)} ms ` +
            `per request`,
        );
        if (layers) printLayers(layers, r.requests, '                ');
      }

      // (c) the ratio
      const { ratio: goalRatio, p99Ms: goalP99 } = scenario.goal;
      console.log(
        `(c) accepted bids/s ÷ raw tx/s   (goal: ≥ ${goalRatio.toFixed(1)} and p99 < ${goalP99} ms at the last)`,
      );
      for (const n of scenario.levels) {
        const r = http.get(n)!;
        const ratio = r.accepted / r.seconds / raw.get(n)!;
        const p99 = percentile(r.latencies, 99);
        const last = n === scenario.levels[scenario.levels.length - 1];
        const met = ratio >= goalRatio && p99 < goalP99 ? 'goal met' : 'goal NOT met';
        console.log(
          `    ${String(n * scenario.lots).padStart(2)}: ${ratio.toFixed(2)}  (p99 ${p99.toFixed(1)} ms)${last ? `  ${met}` : ''}`,
        );
        if (last) verdicts.push(`${scenario.title}: ratio ${ratio.toFixed(2)}, p99 ${p99.toFixed(1)} ms: ${met}`);
      }
    }
    console.log('== summary');
    for (const v of verdicts) console.log(`    ${v}`);
  } finally {
    await load?.stop();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`);
    else await admin(BENCH_SERVER, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
