import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { contractFor, dealInPublicity, signers } from './support/deals';
import { Actor, Given } from './support/given';
import { bootApp, TestContext } from './support/test-app';
import { ensureBuilt } from './support/child-server';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'dist', 'src', 'database', 'backup-cli.js');

/** The app on an embedded database kept in `dataDir` (as `npm start` runs it), as a TestContext. */
async function appOn(dataDir: string): Promise<TestContext> {
  const database: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir });
  const app = await bootApp(database.url, { DATA_DIR: dataDir, AUCTION_EXTENSION_SECONDS: '1' }, true);
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    db: app.get<DataSource>(getDataSourceToken()),
    given: new Given(http),
    database: { url: database.url, embedded: true, drop: () => database.stop() },
    async close() {
      await app.close();
      await database.stop();
    },
  };
}

/** A listing document's bytes, as `who` downloads them. */
async function download(t: TestContext, who: Actor, listingId: string, documentId: string): Promise<Buffer> {
  const res = await t.http
    .get(`/api/v1/listings/${listingId}/documents/${documentId}`)
    .set('Authorization', who.auth)
    .buffer(true)
    .parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  return res.body as Buffer;
}

const TABLES = [
  'users',
  'listings',
  'listing_documents',
  'registrations',
  'bids',
  'deals',
  'contracts',
  'contract_payments',
  'certificates',
  'ledger_entries',
  'ledger_postings',
  'audit_entries',
];

async function countsOf(t: TestContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    counts[table] = (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  }
  return counts;
}

/** Issue 9 §12: `npm run backup` and `npm run restore` of the embedded database, server stopped. */
describe('backup and restore (embedded)', () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  beforeAll(() => ensureBuilt(), 120_000);
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a database with a settled trade comes back whole in a new DATA_DIR: counts, ledger, audit, documents', async () => {
    const original = tempDir('nongjiao-backup-src-');
    writeFileSync(join(original, 'jwt-secret'), 'a-generated-secret-as-npm-start-keeps-it-0123456789\n');
    let t = await appOn(original);
    let before: Record<string, number>;
    let ledger: unknown;
    let audit: unknown;
    let document: { listingId: string; id: string; bytes: Buffer };
    let clerkPhone: string;
    try {
      const f = await dealInPublicity(t);
      const contract = await contractFor(t, f);
      const { seller, buyer } = signers(f, contract);
      for (const who of [seller, buyer]) {
        await t.http.post(`/api/v1/contracts/${contract.id}/sign`).set('Authorization', who.auth).expect(200);
      }
      const statement = await t.http
        .get(`/api/v1/contracts/${contract.id}/statement`)
        .set('Authorization', f.clerk.auth)
        .expect(200);
      await t.http
        .post(`/api/v1/contracts/${contract.id}/payments`)
        .set('Authorization', f.clerk.auth)
        .send({ amountFen: statement.body.outstandingFen, bankRef: 'BACKUP-PAY' })
        .expect(201);
      await t.http
        .post(`/api/v1/contracts/${contract.id}/settle`)
        .set('Authorization', f.clerk.auth)
        .send({ bankRef: 'BACKUP-SETTLE' })
        .expect(200);
      clerkPhone = f.clerk.phone;
      before = await countsOf(t);
      expect(before.certificates).toBe(1);
      ledger = (await t.http.get('/api/v1/ledger/verify').set('Authorization', f.clerk.auth).expect(200)).body;
      audit = (await t.http.get('/api/v1/audit/verify').set('Authorization', f.clerk.auth).expect(200)).body;
      const docs = await t.http.get(`/api/v1/listings/${f.listing.id}/documents`).set('Authorization', f.clerk.auth);
      const doc = docs.body.items[0] as { id: string };
      document = { listingId: f.listing.id, id: doc.id, bytes: await download(t, f.clerk, f.listing.id, doc.id) };

      // while the server holds the data directory, a backup refuses and says why
      const busy = await run(process.execPath, [CLI, 'backup', join(tempDir('nongjiao-backup-file-'), 'x.tgz')], {
        env: { ...process.env, DATA_DIR: original, DATABASE_URL: '' },
      }).catch((e: { code: number; stderr: string }) => e);
      expect(busy).toMatchObject({ code: 1, stderr: expect.stringContaining('is in use by another Nongjiao server') });
    } finally {
      await t.close();
    }

    const file = join(tempDir('nongjiao-backup-file-'), 'nongjiao.tgz');
    const backedUp = await run(process.execPath, [CLI, 'backup', file], {
      env: { ...process.env, DATA_DIR: original, DATABASE_URL: '' },
    });
    expect(backedUp.stdout).toContain(`backed up ${original} to ${file}`);

    const restored = join(tempDir('nongjiao-backup-dst-'), 'data');
    const restoredOut = await run(process.execPath, [CLI, 'restore', file], {
      env: { ...process.env, DATA_DIR: restored, DATABASE_URL: '' },
    });
    expect(restoredOut.stdout).toContain(`restored ${file} into ${restored}`);
    // a second restore into the same place refuses and changes nothing
    const again = await run(process.execPath, [CLI, 'restore', file], {
      env: { ...process.env, DATA_DIR: restored, DATABASE_URL: '' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('already holds a database') });

    t = await appOn(restored);
    try {
      expect(await countsOf(t)).toEqual(before!);
      const clerk = await t.given.login(clerkPhone!);
      expect((await t.http.get('/api/v1/ledger/verify').set('Authorization', clerk.auth).expect(200)).body).toEqual(
        ledger,
      );
      expect((await t.http.get('/api/v1/audit/verify').set('Authorization', clerk.auth).expect(200)).body).toEqual(
        audit,
      );
      const bytes = await download(t, clerk, document!.listingId, document!.id);
      expect(Buffer.compare(bytes, document!.bytes)).toBe(0);
      expect(readFileSync(join(restored, 'jwt-secret'), 'utf8')).toBe(
        readFileSync(join(original, 'jwt-secret'), 'utf8'),
      );
    } finally {
      await t.close();
    }
  }, 120_000);
});
