/**
 * The raw hot-row limit the bid path is measured against (what pgbench would measure with a custom script): from
 * `clients` concurrent `pg` clients, transactions/s of the SQL a bid needs at least (lock the lot, insert a bid,
 * move the price), on scratch tables. With `lots` rows, client i bids on lot i mod `lots`.
 */
import { Client } from 'pg';

export async function createHotRows(url: string, lots: number): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE TABLE IF NOT EXISTS bench_lots (id int PRIMARY KEY, price bigint NOT NULL)`);
    await c.query(
      `CREATE TABLE IF NOT EXISTS bench_bids (id bigserial PRIMARY KEY, lot int NOT NULL, amount bigint NOT NULL,
         placed_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
    await c.query(`INSERT INTO bench_lots SELECT g, 0 FROM generate_series(1, $1) g ON CONFLICT DO NOTHING`, [lots]);
  } finally {
    await c.end();
  }
}

export async function rawHotRows(
  url: string,
  options: { clients: number; lots: number; seconds: number; warmupSeconds: number },
): Promise<{ txPerSecond: number; latencies: number[] }> {
  const conns = await Promise.all(
    Array.from({ length: options.clients }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const bid = async (c: Client, lot: number): Promise<void> => {
    await c.query('BEGIN');
    const { rows } = await c.query<{ price: string }>('SELECT price FROM bench_lots WHERE id = $1 FOR UPDATE', [lot]);
    await c.query('INSERT INTO bench_bids (lot, amount) VALUES ($1, $2)', [lot, Number(rows[0].price) + 1]);
    await c.query('UPDATE bench_lots SET price = price + 1 WHERE id = $1', [lot]);
    await c.query('COMMIT');
  };
  const run = async (ms: number): Promise<{ txPerSecond: number; latencies: number[] }> => {
    const latencies: number[] = [];
    const t0 = performance.now();
    const deadline = t0 + ms;
    await Promise.all(
      conns.map(async (c, i) => {
        while (performance.now() < deadline) {
          const s = performance.now();
          await bid(c, 1 + (i % options.lots));
          latencies.push(performance.now() - s);
        }
      }),
    );
    return { txPerSecond: latencies.length / ((performance.now() - t0) / 1000), latencies };
  };
  try {
    await run(options.warmupSeconds * 1000);
    const result = await run(options.seconds * 1000);
    result.latencies.sort((a, b) => a - b);
    return result;
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}
