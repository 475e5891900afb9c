/**
 * `npm run bench:search`: seeds 100,000 listings into a fresh database on the PostgreSQL server at DATABASE_URL
 * (default: the local server, database `postgres`), starts the real app, and measures filtered, text-searched,
 * paginated `GET /api/v1/listings` over HTTP. Prints p50/p95/p99 latency and throughput. Goal: p95 < 30 ms.
 *
 * Options (env): BENCH_LISTINGS (100000), BENCH_REQUESTS (2000), BENCH_CONCURRENCY (2).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { createApp } from '../src/bootstrap';
import { validateEnvironment } from '../src/config/app-config';
import { buildConfig } from '../src/config/runtime';
import { admin, BENCH_SERVER, percentile, seedListings, withDatabase } from './support/listing-seed';

const SERVER = BENCH_SERVER;
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);

const QUERIES = [
  '?q=水浇地&category=LAND_CONTRACT&status=ANNOUNCED&sort=newest',
  '?q=大棚&township=130728100&sort=price',
  '?q=西沙洼&minPriceFen=1000000&maxPriceFen=20000000&sort=endingSoon',
  '?q=果园&status=ANNOUNCED&page=3&pageSize=20',
  '?q=灌溉方便&category=FOREST&sort=newest',
  '?q=苹果园&sort=newest',
  '?q=洋河&status=ANNOUNCED&sort=endingSoon',
  '?q=冷库&village=130728100213',
];

async function main(): Promise<void> {
  const name = `nongjiao_bench_${randomBytes(3).toString('hex')}`;
  await admin(SERVER, `CREATE DATABASE ${name}`);
  const url = withDatabase(SERVER, name);
  const env = validateEnvironment({
    DATABASE_URL: url,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(buildConfig(env, url, false, env.JWT_SECRET as string));
  try {
    await app.listen(0, '127.0.0.1');
    const started = Date.now();
    await seedListings(url, LISTINGS);
    console.log(`seeded ${LISTINGS} listings in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1/listings`;
    for (let i = 0; i < 60; i++) await fetch(base + QUERIES[i % QUERIES.length]); // warm-up
    const latencies: number[] = [];
    const byQuery = new Map<string, number[]>();
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const q = QUERIES[next++ % QUERIES.length];
          const s = performance.now();
          const res = await fetch(base + q);
          const body = (await res.json()) as { items: unknown[]; total: number };
          if (res.status !== 200 || !Array.isArray(body.items)) throw new Error(`${q}: ${res.status}`);
          const ms = performance.now() - s;
          latencies.push(ms);
          byQuery.set(q, [...(byQuery.get(q) ?? []), ms]);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `GET /api/v1/listings (filtered + text search + paginated), ${REQUESTS} requests, ${CONCURRENCY} concurrent`,
    );
    console.log(
      `p50 ${percentile(latencies, 50).toFixed(1)} ms  p95 ${percentile(latencies, 95).toFixed(1)} ms  ` +
        `p99 ${percentile(latencies, 99).toFixed(1)} ms  throughput ${(REQUESTS / seconds).toFixed(0)} req/s`,
    );
    for (const [q, ms] of byQuery) {
      ms.sort((a, b) => a - b);
      console.log(`  ${q.padEnd(70)} p50 ${percentile(ms, 50).toFixed(1)} ms  p95 ${percentile(ms, 95).toFixed(1)} ms`);
    }
  } finally {
    await app.close();
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`);
    else await admin(SERVER, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
