/**
 * `npm run bench:hostile`: what hostile request bodies cost the server. It starts the built server (`dist/`) as a
 * child process on a fresh embedded database (or on DATABASE_URL's server), then for BENCH_SECONDS keeps 4 anonymous
 * clients posting ~1 MiB hostile JSON bodies (a huge array, an object of 90,000 keys, a megabyte string, deep
 * nesting, broken JSON) to public and protected endpoints, while a fifth client asks `GET /health` in a loop.
 * It prints the latency of /health without and with the attack (p50/p95/p99/max) and what the attackers got.
 * Goal (issue 9): /health stays under 100 ms while the 4 hostile bodies are in flight.
 *
 * Options (env): BENCH_SECONDS (10), DATABASE_URL (a server: the bench uses it as is; default: embedded).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ATTACKERS = 4;
const MiB = 1024 * 1024;

/** ~1 MiB bodies, each refused by a different line of defence. */
function hostileBodies(): { name: string; path: string; body: Buffer }[] {
  const array = Buffer.from(`[${Array.from({ length: 500_000 }, () => '0').join(',')}]`);
  const keys = Buffer.from(
    `{${Array.from({ length: 90_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`.slice(0, MiB - 16) + '}',
  );
  const bigString = Buffer.from(
    JSON.stringify({ phone: '13900000001', password: 'x'.repeat(MiB - 200), name: 'n', partyType: 'PERSON' }),
  );
  const nested = Buffer.from(`{"a":${'['.repeat(30)}${'0,'.repeat(400_000)}0${']'.repeat(30)}}`);
  const broken = Buffer.from(`{"phone":"${'1'.repeat(MiB - 40)}`);
  return [
    { name: 'array of 500,000 numbers', path: '/api/v1/auth/register', body: array },
    { name: 'object of ~90,000 keys', path: '/api/v1/auth/register', body: keys },
    { name: '1 MiB password', path: '/api/v1/auth/register', body: bigString },
    { name: '400,000 values 31 levels deep', path: '/api/v1/auth/login', body: nested },
    { name: 'broken JSON', path: '/api/v1/auth/login', body: broken },
    { name: 'object of ~90,000 keys, no token', path: '/api/v1/listings', body: keys },
  ];
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function send(port: number, agent: Agent, method: string, path: string, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function healthLatencies(port: number, seconds: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const out: number[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const t0 = process.hrtime.bigint();
    await send(port, agent, 'GET', '/health');
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await new Promise((r) => setTimeout(r, 20));
  }
  agent.destroy();
  return out.sort((a, b) => a - b);
}

function describe(label: string, sorted: number[]): string {
  const f = (n: number): string => n.toFixed(1).padStart(6);
  return (
    `${label.padEnd(28)} n=${String(sorted.length).padStart(4)}  p50 ${f(percentile(sorted, 50))} ms  ` +
    `p95 ${f(percentile(sorted, 95))} ms  p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted[sorted.length - 1])} ms`
  );
}

async function main(): Promise<void> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'nongjiao-bench-hostile-'));
  const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      JWT_SECRET: process.env.JWT_SECRET ?? 'bench-secret-that-is-long-enough-0123456789',
    },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await send(port, new Agent(), 'GET', '/health')) === 200) break;
      } catch {
        // not yet
      }
      if (i > 600) throw new Error('the server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const bodies = hostileBodies();
    console.log(
      `hostile bodies: ${bodies.map((b) => `${b.name} (${(b.body.length / MiB).toFixed(2)} MiB)`).join('; ')}`,
    );
    const quiet = await healthLatencies(port, Math.min(5, SECONDS));

    let attacking = true;
    const answers = new Map<string, number>();
    const attackers = Array.from({ length: ATTACKERS }, async (_, a) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = a; attacking; i++) {
        const hostile = bodies[i % bodies.length];
        const status = await send(port, agent, 'POST', hostile.path, hostile.body).catch(() => 0);
        const key = `${hostile.name} → ${status}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
      agent.destroy();
    });
    const attacked = await healthLatencies(port, SECONDS);
    attacking = false;
    await Promise.all(attackers);

    console.log(describe('GET /health, quiet', quiet));
    console.log(describe(`GET /health, ${ATTACKERS} attackers`, attacked));
    const sent = [...answers.values()].reduce((a, b) => a + b, 0);
    console.log(`attack: ${sent} hostile bodies in ${SECONDS} s (${(sent / SECONDS).toFixed(0)}/s); answers:`);
    for (const [key, n] of [...answers.entries()].sort()) console.log(`  ${key}: ${n}`);
    const p99 = percentile(attacked, 99);
    console.log(`goal: /health under 100 ms under attack → p99 ${p99.toFixed(1)} ms: ${p99 < 100 ? 'met' : 'NOT met'}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
