/**
 * `npm run bench:pages`: seeds 10,000 listings into a fresh database on the PostgreSQL server at DATABASE_URL
 * (default: the local server), starts the real app, and measures the notice board (`/listings` with filters and
 * pages) and listing detail pages (`/listings/:listingNo`) over HTTP: p50/p95/p99 per page kind (goal: p95 < 50 ms).
 * Then the transfer size of each public page as a phone first loads it: the HTML and every stylesheet and script
 * it links, gzip-compressed (fonts excluded; goal < 150 KB).
 *
 * Options (env): BENCH_LISTINGS (10000), BENCH_REQUESTS (1000 per kind), BENCH_CONCURRENCY (2).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap';
import { validateEnvironment } from '../src/config/app-config';
import { buildConfig } from '../src/config/runtime';
import { admin, BENCH_SERVER, percentile, seedListings, withDatabase } from './support/listing-seed';

const SERVER = BENCH_SERVER;
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);

const BOARD = [
  '/listings',
  '/listings?category=LAND_CONTRACT&status=ANNOUNCED',
  '/listings?q=水浇地&township=130728100',
  '/listings?q=果园&page=3',
  '/listings?minPriceFen=1000000&maxPriceFen=20000000&status=ANNOUNCED',
  '/listings?village=130728100213',
];

async function measure(base: string, paths: (i: number) => string): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const path = paths(next++);
        const started = performance.now();
        const res = await fetch(base + path);
        const html = await res.text();
        if (res.status !== 200 || !html.includes('</html>')) throw new Error(`${path}: ${res.status}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

function report(kind: string, ms: number[]): void {
  console.log(
    `${kind.padEnd(40)} p50 ${percentile(ms, 50).toFixed(1)} ms  p95 ${percentile(ms, 95).toFixed(1)} ms  ` +
      `p99 ${percentile(ms, 99).toFixed(1)} ms  (goal p95 < 50 ms)`,
  );
}

/** The page and what it links (stylesheets, scripts), each gzip-compressed: what a phone downloads, fonts aside. */
async function transferSize(base: string, path: string): Promise<number> {
  const html = await (await fetch(base + path)).text();
  const linked = [...html.matchAll(/<(?:link[^>]+href|script[^>]+src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  let bytes = gzipSync(html).length;
  for (const asset of new Set(linked)) {
    if (/\.(woff2?|ttf|otf)$/.test(asset)) continue;
    bytes += gzipSync(Buffer.from(await (await fetch(base + asset)).arrayBuffer())).length;
  }
  return bytes;
}

async function main(): Promise<void> {
  process.env.NODE_ENV ??= 'production'; // templates compiled once, as in production
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
    await seedListings(app.get<DataSource>(getDataSourceToken()), LISTINGS);
    console.log(`seeded ${LISTINGS} listings in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    // public listings only (the seed's statuses repeat every 30 numbers: ANNOUNCED, BIDDING, SOLD, FAILED are public)
    const publicNos = Array.from({ length: LISTINGS }, (_, i) => i + 1).filter((g) => Math.floor(g / 3) % 10 < 7);
    const detail = (i: number) => `/listings/BENCH-${publicNos[(i * 7919) % publicNos.length]}`;
    for (let i = 0; i < 40; i++) {
      await fetch(base + BOARD[i % BOARD.length]);
      await fetch(base + detail(i));
    }
    console.log(`${REQUESTS} requests per page kind, ${CONCURRENCY} concurrent, ${LISTINGS} listings`);
    report('GET /listings (board, filters, pages)', await measure(base, (i) => BOARD[i % BOARD.length]));
    report('GET /listings/:listingNo (detail)', await measure(base, detail));
    console.log('transfer size (HTML + CSS + JS, gzip, fonts excluded; goal < 150 KB):');
    for (const path of ['/', '/listings', detail(1), '/results', '/verify', '/stats']) {
      console.log(`  ${path.padEnd(28)} ${((await transferSize(base, path)) / 1024).toFixed(1)} KB`);
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
