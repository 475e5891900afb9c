import { eventually } from './support/auction-helpers';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEMO_PASSWORD } from '../seeds/demo.seed';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { StartupService } from '../src/startup.service';
import { createTestApp, TestContext } from './support/test-app';

describe('operations', () => {
  describe('health and documentation', () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('GET /health (no prefix, no auth) is 200 {status ok, database up, the calendar, housekeeping}', async () => {
      // housekeeping runs once the app has booted: its first run shows within moments
      await eventually(async () => {
        const res = await t.http.get('/health').expect(200);
        expect(res.body).toEqual({
          status: 'ok',
          database: 'up',
          calendar: { knownThrough: expect.stringMatching(/^\d{4}-12-31$/) },
          housekeeping: { lastRunAt: expect.any(String) },
        });
      });
    });

    it('serves Swagger UI at /docs and the OpenAPI document at /docs-json, every operation with roles and summaries', async () => {
      const ui = await t.http.get('/docs/').expect(200);
      expect(ui.text).toContain('swagger-ui');
      const doc = (await t.http.get('/docs-json').expect(200)).body;
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/health',
          '/api/v1/auth/register',
          '/api/v1/auth/login',
          '/api/v1/auth/refresh',
          '/api/v1/me',
          '/api/v1/admin/users',
          '/api/v1/categories',
          '/api/v1/divisions',
          '/api/v1/audit',
          '/api/v1/audit/verify',
          '/api/v1/deals/{id}',
          '/api/v1/deals/{id}/objections',
          '/api/v1/objections/{id}/resolve',
          '/api/v1/deals/{id}/confirm',
          '/api/v1/deals/{id}/default',
          '/api/v1/deals/{id}/payout',
          '/api/v1/deals/{id}/contract',
          '/api/v1/contracts/{id}',
          '/api/v1/contracts/{id}/sign',
          '/api/v1/contracts/{id}/payments',
          '/api/v1/contracts/{id}/settle',
          '/api/v1/contracts/{id}/statement',
          '/api/v1/certificates/{certificateNo}',
          '/api/v1/certificates/{certificateNo}/pdf',
          '/api/v1/ledger/verify',
          '/api/v1/stats/summary',
          '/api/v1/public/announcements',
          '/api/v1/public/results',
        ]),
      );
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
        for (const [verb, op] of Object.entries(ops)) {
          expect({ path, verb, summary: op.summary }).toEqual({ path, verb, summary: expect.stringContaining(' / ') });
          expect(op.description).toMatch(/^Roles: /);
        }
      }
      const register = doc.paths['/api/v1/auth/register'].post;
      expect(register.responses['409'].description).toContain('PHONE_TAKEN');
      expect(register.responses['400'].description).toContain('VALIDATION_FAILED');
      expect(doc.paths['/api/v1/admin/users'].post.security).toBeDefined();
      const pay = doc.paths['/api/v1/contracts/{id}/payments'].post;
      expect(pay.responses['422'].description).toContain('OVERPAYMENT');
      expect(pay.responses['201']).toBeDefined();
      expect(doc.paths['/api/v1/deals/{id}/confirm'].post.responses['409'].description).toContain('OBJECTION_OPEN');
    });
  });

  describe('demo data', () => {
    it('SEED_DEMO=true seeds the demo accounts and an announced listing, once', async () => {
      const t = await createTestApp({ SEED_DEMO: 'true' });
      try {
        const login = await t.http
          .post('/api/v1/auth/login')
          .send({ phone: '13800000001', password: DEMO_PASSWORD })
          .expect(200);
        expect(login.body.user.roles).toEqual(['seller']);
        const clerk = await t.http
          .post('/api/v1/auth/login')
          .send({ phone: '13800000005', password: DEMO_PASSWORD })
          .expect(200);
        expect(clerk.body.user.roles).toEqual(['clerk']);
        const announced = await t.http.get('/api/v1/listings').expect(200);
        expect(announced.body.items.map((l: { status: string }) => l.status)).toEqual(['ANNOUNCED']);
        // a second start seeds nothing new
        await t.app.get(StartupService).onApplicationBootstrap();
        const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM listings');
        expect(count).toBe(2);
      } finally {
        await t.close();
      }
    });
  });

  describe('when the database goes away', () => {
    it('/health answers 503 and other calls 500 INTERNAL_ERROR with a requestId and nothing internal', async () => {
      const t = await createTestApp();
      try {
        if (t.database.embedded) {
          // The embedded database lives in this process and cannot fail on its own: lose the connection pool.
          await t.db.destroy();
        } else {
          const name = new URL(t.database.url).pathname.slice(1);
          const admin = new Client({ connectionString: process.env.DATABASE_URL });
          await admin.connect();
          await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
          await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
          await admin.end();
        }
        // /health answers from the instance's probe of its database, at most a second or so old
        await eventually(async () => {
          const health = await t.http.get('/health');
          expect(health.status).toBe(503);
          expect(health.body).toMatchObject({ status: 'error', database: 'down', housekeeping: { lastRunAt: null } });
        });
        const res = await t.http.get('/api/v1/divisions?parent=130728');
        expect(res.status).toBe(500);
        expect(res.body).toEqual({
          statusCode: 500,
          code: 'INTERNAL_ERROR',
          message: '服务器内部错误',
          details: [],
          requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        });
        expect(res.headers['x-request-id']).toBe(res.body.requestId);
      } finally {
        await t.app.close();
        await t.database.drop();
      }
    });
  });

  describe('the embedded database', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'nongjiao-embedded-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps its data across a restart on the same DATA_DIR', async () => {
      const first = await startEmbeddedPostgres({ dataDir: dir });
      let client = new Client({ connectionString: first.url });
      await client.connect();
      await client.query(`CREATE TABLE kept (v text); INSERT INTO kept VALUES ('农交')`);
      await client.end();
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir: dir });
      client = new Client({ connectionString: second.url });
      await client.connect();
      const { rows } = await client.query('SELECT v FROM kept');
      await client.end();
      await second.stop();
      expect(rows).toEqual([{ v: '农交' }]);
    });

    it('refuses a second server on a DATA_DIR another live server holds, naming the directory', async () => {
      const script =
        "require('ts-node/register/transpile-only');" +
        "require('./src/database/embedded-postgres').startEmbeddedPostgres({ dataDir: process.argv[1] })" +
        ".then(() => console.log('ready'));";
      const first = spawn(process.execPath, ['-e', script, dir], { cwd: join(__dirname, '..'), stdio: 'pipe' });
      try {
        await new Promise<void>((resolve, reject) => {
          first.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
          first.on('exit', (code) => reject(new Error(`first server exited with ${code}`)));
        });
        await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(
          new RegExp(`${dir}.* is in use by another Nongjiao server \\(pid ${first.pid}\\)`),
        );
      } finally {
        first.kill('SIGKILL');
      }
    });

    it('takes over a lock left by a process that died', async () => {
      writeFileSync(join(dir, 'nongjiao.lock'), '999999999');
      const db = await startEmbeddedPostgres({ dataDir: dir });
      await db.stop();
    });
  });

  describe('configuration', () => {
    it('a bad variable stops the start with a message naming it (exit code 1)', () => {
      const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
        cwd: join(__dirname, '..'),
        env: { PATH: process.env.PATH, PORT: 'not-a-port', MIN_BIDDERS_FOR_AUCTION: '0', DATA_DIR: '/nonexistent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('Invalid configuration');
      expect(run.stderr).toContain('PORT');
      expect(run.stderr).toContain('MIN_BIDDERS_FOR_AUCTION');
    });
  });
});
