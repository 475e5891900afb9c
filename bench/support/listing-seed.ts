/**
 * Bench data: listings inserted straight into a fresh database (numbered `BENCH-<n>`), spread over Huai'an's
 * villages, the 12 categories and the statuses, with Chinese titles and descriptions. Shared by `bench:search` and
 * `bench:pages`. Seeded through the app's own DataSource, so the same code fills the PostgreSQL server and the
 * embedded database (PGlite); one set-based `INSERT ... SELECT generate_series` (1,000,000 rows in a few minutes).
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** The PostgreSQL server the benches use: DATABASE_URL, or the local one. */
export const BENCH_SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The p-th percentile of sorted latencies. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function admin(server: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: server });
  await c.connect();
  await c.query(sql);
  await c.end();
}

/** `count` listings spread over Huai'an's villages, the 12 categories and the statuses, with Chinese titles. */
export async function seedListings(db: DataSource, count: number): Promise<void> {
  const [{ id: ownerId }] = await db.query<{ id: string }[]>(
    `INSERT INTO users (phone, password_hash, name, party_type, id_number, roles)
     VALUES ('13000000000', 'x', '压测卖方', 'PERSON', '130728199001011234', '{seller}') RETURNING id`,
  );
  await db.query(
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
       'LEASE', '{}'::jsonb, 10 + g % 190, 'PER_YEAR', 100000 + (g::bigint * 7919) % 5000000, 10000, 100000, 5,
       (100000 + (g::bigint * 7919) % 5000000) * 5, 'AUCTION', st[1 + (g / 3) % 10],
       now() - (g || ' minutes')::interval, now() + ((g % 500) || ' hours')::interval
     FROM generate_series(1, $2::int) g, v, words`,
    [ownerId, count],
  );
  await db.query('VACUUM ANALYZE listings'); // the steady state autovacuum keeps: hint bits set, visibility map built
}
