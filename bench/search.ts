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
import { Client } from 'pg';
import { createApp } from '../src/bootstrap';
import { validateEnvironment } from '../src/config/app-config';
import { buildConfig } from '../src/config/runtime';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);

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

/** 100,000 listings spread over Huai'an's villages, the 12 categories and the statuses, with Chinese titles. */
async function seed(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const [{ id: ownerId }] = (
    await c.query(
      `INSERT INTO users (phone, password_hash, name, party_type, id_number, roles)
       VALUES ('13000000000', 'x', '压测卖方', 'PERSON', '130728199001011234', '{seller}') RETURNING id`,
    )
  ).rows;
  await c.query(
    `WITH v AS (SELECT array_agg(code ORDER BY code) AS codes, array_agg(name ORDER BY code) AS names
                FROM divisions WHERE level = 'village'),
          words AS (SELECT ARRAY['水浇地','旱地','果园','大棚','林地','鱼塘','厂房','机井','荒山','宅院','冷库','养殖场',
                                 '葡萄园','苗圃','温室','仓库','磨坊','荒沟','滩涂','水库','泵站','渠道','农机','收割机',
                                 '拖拉机','烘干房','晾晒场','菜地','梯田','杏树林','核桃园','苹果园','谷子地','玉米地',
                                 '马铃薯地','羊舍','牛棚','鸡舍','蘑菇棚','药材地'] AS w,
                           ARRAY['交通便利','水电齐全','临近公路','土壤肥沃','灌溉方便','地势平坦','坡度较缓','配套完善',
                                 '距村委会一公里','适合规模经营','可发展设施农业','已完成确权','四至清楚','无权属争议',
                                 '有机井一眼','通电通水','靠近洋河','适宜种植杂粮','适宜养殖','可整体流转'] AS d,
                           ARRAY['LAND_CONTRACT','FOREST','FOUR_WASTES','COLLECTIVE_EQUITY','PRODUCTION_FACILITY',
                                 'COLLECTIVE_OPERATING_ASSET','WATER_FACILITY','AGRI_IP','COLLECTIVE_CONSTRUCTION_LAND',
                                 'RURAL_HOUSING','AQUACULTURE_WATER','AGRI_PROJECT'] AS cats,
                           ARRAY['ANNOUNCED','ANNOUNCED','ANNOUNCED','BIDDING','SOLD','SOLD','FAILED','DRAFT','SUBMITTED','WITHDRAWN'] AS st)
     INSERT INTO listings (listing_no, owner_id, lister_party_type, category_code, title, description, village_code,
       township_code, transfer_mode, attributes, area_mu, price_unit, reserve_price_fen, increment_fen, deposit_fen,
       term_years, total_reserve_price_fen, trading_method, status, created_at, announcement_ends_at)
     SELECT 'BENCH-' || g, $1, 'PERSON', cats[1 + g % 12],
       names[1 + g % array_length(codes, 1)] || w[1 + (g / 7) % 40] || (10 + g % 190) || '亩经营权流转',
       '位于' || names[1 + g % array_length(codes, 1)] || '，' || d[1 + (g / 11) % 20] || '，' || d[1 + (g / 17) % 20] || '。',
       codes[1 + g % array_length(codes, 1)], left(codes[1 + g % array_length(codes, 1)], 9),
       'LEASE', '{}'::jsonb, 10 + g % 190, 'PER_YEAR', 100000 + (g * 7919) % 5000000, 10000, 100000, 5,
       (100000 + (g * 7919) % 5000000) * 5, 'AUCTION', st[1 + (g / 3) % 10],
       now() - (g || ' minutes')::interval, now() + ((g % 500) || ' hours')::interval
     FROM generate_series(1, $2::int) g, v, words`,
    [ownerId, LISTINGS],
  );
  await c.query('VACUUM ANALYZE listings'); // the steady state autovacuum keeps: hint bits set, visibility map built
  await c.end();
}

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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const name = `nongjiao_bench_${randomBytes(3).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
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
    await seed(url);
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
    else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
