import { get as httpGet, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScheduledJob } from '../src/scheduler/scheduled-job.entity';
import { eventually } from './support/auction-helpers';
import { auctionWithBidders, passTime } from './support/auctions';
import { dealInPublicity, signedContractFor, signers } from './support/deals';
import { expectError, fieldsOf } from './support/errors';
import { Actor } from './support/given';
import { ListingFactory, listingBody, PDF_BYTES } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

/** Issue 9, requests: headers, cheap refusals, per-client limits, quotas, dates. */
describe('security: requests', () => {
  let t: TestContext;
  let factory: ListingFactory;
  beforeAll(async () => {
    t = await createTestApp({ SSE_MAX_STREAMS_PER_IP: '2', BIDS_PER_SECOND_PER_BIDDER: '2' });
    factory = new ListingFactory(t.http, t.given);
  });
  afterAll(() => t.close());

  describe('headers', () => {
    it.each([['/health'], ['/api/v1/categories'], ['/api/v1/no-such-path'], ['/docs/'], ['/docs-json']])(
      '%s: nosniff, framing denied, no referrer',
      async (path) => {
        const res = await t.http.get(path);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-powered-by']).toBeUndefined();
      },
    );

    it('Cache-Control: no-store on /auth/*, /me and every authenticated request; not on an anonymous public read', async () => {
      const user = await t.given.buyer();
      const login = await t.http.post('/api/v1/auth/login').send({ phone: user.phone, password: 'x' });
      expect(login.headers['cache-control']).toBe('no-store');
      expect((await t.http.get('/api/v1/me').set('Authorization', user.auth)).headers['cache-control']).toBe(
        'no-store',
      );
      expect((await t.http.get('/api/v1/me')).headers['cache-control']).toBe('no-store'); // 401, still personal
      const authenticated = await t.http.get('/api/v1/me/registrations').set('Authorization', user.auth);
      expect(authenticated.headers['cache-control']).toBe('no-store');
      const publicRead = await t.http.get('/api/v1/categories').expect(200);
      expect(publicRead.headers['cache-control']).toBeUndefined();
    });
  });

  describe('cheap refusals', () => {
    it('at most 20 offending fields are listed, however many were sent', async () => {
      const seller = await t.given.seller();
      const body = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`unknown${i}`, i]));
      const res = await t.http.post('/api/v1/listings').set('Authorization', seller.auth).send(body);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toHaveLength(20);
    });

    it.each([['[]'], ['[{"phone":"13800000001"}]'], ['"text"'], ['123'], ['null'], ['true']])(
      'a body %s that is not a JSON object is 400 naming body, before validation',
      async (raw) => {
        const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(raw);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual(['body']);
      },
    );

    it('a body with more than 10,000 values is refused before validation', async () => {
      const values = Array.from({ length: 10_001 }, (_, i) => i);
      const res = await t.http.post('/api/v1/auth/login').send({ phone: '13800000001', password: 'x', values });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([{ field: 'body', message: 'more than 10000 values in one request' }]);
    });
  });

  describe('dates lie between 1900-01-01 and 9998-12-31', () => {
    it.each([
      ['to=9999-12-31', 'to'],
      ['from=1899-12-31', 'from'],
      ['from=0001-01-01&to=0001-01-02', 'from'],
      ['to=99999-01-01', 'to'],
    ])('GET /stats/summary?%s is 400 naming %s', async (query, field) => {
      const clerk = await t.given.clerk();
      const res = await t.http.get(`/api/v1/stats/summary?${query}`).set('Authorization', clerk.auth);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain(field);
    });

    it('the edges themselves are accepted', async () => {
      const clerk = await t.given.clerk();
      await t.http
        .get('/api/v1/stats/summary?from=1900-01-01&to=9998-12-31')
        .set('Authorization', clerk.auth)
        .expect(200);
    });

    it('an attribute date or an instant beyond the range is 400, never 500', async () => {
      const seller = await t.given.seller();
      const body = listingBody('FOREST');
      const res = await t.http
        .post('/api/v1/listings')
        .set('Authorization', seller.auth)
        .send({ ...body, attributes: { ...(body.attributes as object), rightEndsOn: '9999-12-31' } });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(['attributes.rightEndsOn']);

      const clerk = await t.given.clerk();
      const { listing } = await factory.approved('LAND_CONTRACT', {}, [clerk, await t.given.clerk()]);
      const publish = await t.http
        .post(`/api/v1/listings/${listing.id}/publish`)
        .set('Authorization', clerk.auth)
        .send({ announcementEndsAt: '9999-06-01T00:00:00+08:00' });
      expectError(publish, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(publish)).toEqual(['announcementEndsAt']);
    });
  });

  describe('documents', () => {
    it('a listing holds at most 30 documents: the 31st is 422 DOCUMENT_QUOTA and nothing is stored', async () => {
      const { seller, listing } = await factory.draft();
      for (let i = 0; i < 30; i++) {
        await factory.upload(seller, listing.id, 'OTHER', Buffer.concat([PDF_BYTES, Buffer.from(`%${i}`)])).expect(201);
      }
      const res = await factory.upload(seller, listing.id, 'OTHER');
      expectError(res, 422, 'DOCUMENT_QUOTA');
      const [{ count }] = await t.db.query(
        `SELECT count(*)::int AS count FROM listing_documents WHERE listing_id = $1`,
        [listing.id],
      );
      expect(count).toBe(30);
    });

    it("the caller's right is checked before the file is read: a stranger's 11 MiB upload is 404, not 413", async () => {
      const { listing } = await factory.draft();
      const stranger = await t.given.seller();
      const huge = Buffer.alloc(11 * 1024 * 1024, 0x25);
      const res = await factory.upload(stranger, listing.id, 'OTHER', huge, 'huge.pdf').catch((e: unknown) => e);
      // the server answers without reading the body: the client may see the answer or a reset connection
      if (res && typeof res === 'object' && 'status' in res) expectError(res as never, 404, 'NOT_FOUND');
      const [{ count }] = await t.db.query(
        `SELECT count(*)::int AS count FROM listing_documents WHERE listing_id = $1`,
        [listing.id],
      );
      expect(count).toBe(0);
    });

    it('stored names lose control, bidi and zero-width characters; downloads are attachments named by their type', async () => {
      const { seller, listing } = await factory.draft();
      const name = '\u202Eslp.\u200B承包\u2028证\uFEFF.exe';
      const res = await factory.upload(seller, listing.id, 'OTHER', PNG_BYTES, name).expect(201);
      expect(res.body.fileName).toBe('slp.承包证.png');
      const file = await t.http
        .get(`/api/v1/listings/${listing.id}/documents/${res.body.id}`)
        .set('Authorization', seller.auth)
        .expect(200);
      expect(file.headers['content-type']).toMatch(/^image\/png/);
      expect(file.headers['content-disposition']).toBe(
        `attachment; filename="slp.___.png"; filename*=UTF-8''${encodeURIComponent('slp.承包证.png')}`,
      );
    });
  });

  describe('Server-Sent Events', () => {
    it('a listing without an auction is 404', async () => {
      const { listing } = await factory.announced();
      const res = await t.http.get(`/api/v1/listings/${listing.id}/auction/events`);
      expectError(res, 404, 'NOT_FOUND');
    });

    it('at most SSE_MAX_STREAMS_PER_IP (2 here) open streams per client: the 3rd is 429; a closed one frees its place', async () => {
      const fixture = await auctionWithBidders(t, { announceMs: 2500, biddingMs: 60_000 });
      await passTime(t, fixture.announcementEndsAt);
      const port = await listeningPort(t);
      const path = `/api/v1/listings/${fixture.listing.id}/auction/events`;
      const first = await openStream(port, path);
      const second = await openStream(port, path);
      expect([first.res.statusCode, second.res.statusCode]).toEqual([200, 200]);
      const third = await openStream(port, path);
      expect(third.res.statusCode).toBe(429);
      expect(JSON.parse(await third.body())).toMatchObject({ code: 'RATE_LIMITED' });
      first.close();
      await eventually(async () => {
        const fourth = await openStream(port, path);
        fourth.close();
        expect(fourth.res.statusCode).toBe(200);
      });
      second.close();
    });
  });

  describe('bid attempts count per user, bidder or not', () => {
    it('a non-bidder hammering the bid endpoint is rate limited like a bidder (2 per second here)', async () => {
      const fixture = await auctionWithBidders(t, { announceMs: 2500, biddingMs: 60_000 });
      await passTime(t, fixture.announcementEndsAt);
      const outsider = await t.given.buyer();
      const attempts = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.http
            .post(`/api/v1/listings/${fixture.listing.id}/auction/bids`)
            .set('Authorization', outsider.auth)
            .send({ amountFen: fixture.listing.reservePriceFen }),
        ),
      );
      const codes = attempts.map((r) => r.body.code as string);
      expect(codes).toContain('RATE_LIMITED');
      expect(codes.filter((c) => c === 'NOT_QUALIFIED_BIDDER').length).toBeLessThanOrEqual(4); // ≤ 2 per second
      expect(codes.every((c) => c === 'RATE_LIMITED' || c === 'NOT_QUALIFIED_BIDDER')).toBe(true);
      const limited = attempts.find((r) => r.status === 429)!;
      expect(limited.headers['retry-after']).toBe('1');
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM bids WHERE listing_id = $1`, [
        fixture.listing.id,
      ]);
      expect(count).toBe(0);
    });
  });

  describe('documented statuses', () => {
    it('POST /listings/:id/registrations documents 201, as it answers', async () => {
      const doc = (await t.http.get('/docs-json').expect(200)).body;
      const responses = doc.paths['/api/v1/listings/{id}/registrations'].post.responses;
      expect(responses['201']).toBeDefined();
      expect(responses['200']).toBeUndefined();
      const logout = doc.paths['/api/v1/auth/logout'].post.responses;
      expect(logout['204']).toBeDefined();
    });
  });
});

describe('security: an AGRI_PROJECT payment is the purchaser’s money', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ AUCTION_EXTENSION_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it("it shows in the listing collective's GET /me/ledger, not in the supplier's", async () => {
    const f = await dealInPublicity(t, {
      code: 'AGRI_PROJECT',
      overrides: { priceUnit: 'TOTAL', reservePriceFen: 5_000_000, incrementFen: 10_000, depositFen: 1_000_000 },
      buyerType: 'ORGANIZATION',
    });
    const contract = await signedContractFor(t, f);
    const { seller: supplier, buyer: purchaser } = signers(f, contract);
    expect(purchaser.id).toBe(f.seller.id); // the lister pays
    await t.http
      .post(`/api/v1/contracts/${contract.id}/payments`)
      .set('Authorization', f.clerk.auth)
      .send({ amountFen: 10_000, bankRef: 'AGRI-PAY-1' })
      .expect(201);
    const kindsOf = async (who: Actor) =>
      (
        (await t.http.get('/api/v1/me/ledger?pageSize=100').set('Authorization', who.auth).expect(200)).body.items as {
          kind: string;
          dealId?: string;
        }[]
      ).map((e) => e.kind);
    expect(await kindsOf(purchaser)).toContain('PAYMENT_RECEIVED');
    expect(await kindsOf(supplier)).not.toContain('PAYMENT_RECEIVED');
    // the supplier's own deposit is theirs
    expect(await kindsOf(supplier)).toContain('DEPOSIT_RECORDED');
    expect(await kindsOf(purchaser)).not.toContain('DEPOSIT_RECORDED');
  });
});

describe('security: SWAGGER=false', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ SWAGGER: 'false' });
  });
  afterAll(() => t.close());

  it('/docs and /docs-json answer 404; the API still works', async () => {
    expectError(await t.http.get('/docs-json'), 404, 'NOT_FOUND');
    expect((await t.http.get('/docs/')).status).toBe(404);
    await t.http.get('/api/v1/categories').expect(200);
  });
});

describe('housekeeping', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('purges expired idempotency keys, refresh tokens, rate events and bid counters; its last run shows in /health', async () => {
    const user = await t.given.buyer();
    await t.db.query(
      `INSERT INTO idempotency_keys
         (user_id, method, path, key, request_hash, state, response_status, locked_until, created_at)
       VALUES ($1, 'POST', '/old', 'k-old', repeat('0', 64), 'DONE', 201, now(), now() - interval '8 days'),
              ($1, 'POST', '/new', 'k-new', repeat('0', 64), 'DONE', 201, now(), now() - interval '6 days')`,
      [user.id],
    );
    await t.db.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
       VALUES ($1, gen_random_uuid(), repeat('a', 64), now() - interval '1 second')`,
      [user.id],
    );
    await t.db.query(
      `INSERT INTO rate_events (scope, subject, occurred_at) VALUES ('login.ip', 'old', now() - interval '2 days')`,
    );
    await t.db.query(
      `INSERT INTO bid_rate_counters (user_id, window_start, count) VALUES ($1, now() - interval '1 hour', 3)`,
      [user.id],
    );
    const before = await lastRun();
    await t.db.query(`UPDATE scheduled_jobs SET next_run_at = now() WHERE name = 'housekeeping'`);
    const after = await eventually(async () => {
      const job = await lastRun();
      expect(job.runs).toBe(before.runs + 1);
      expect(job.lastFinishedAt).not.toBeNull();
      expect(job.lastFinishedAt!.getTime()).toBeGreaterThanOrEqual(job.lastStartedAt!.getTime());
      return job;
    });
    expect(after.lastError).toBeNull();
    expect(await t.db.query(`SELECT key FROM idempotency_keys WHERE user_id = $1`, [user.id])).toEqual([
      { key: 'k-new' },
    ]);
    expect(await t.db.query(`SELECT 1 FROM refresh_tokens WHERE token_hash = repeat('a', 64)`)).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM rate_events WHERE subject = 'old'`)).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM bid_rate_counters WHERE user_id = $1`, [user.id])).toEqual([]);
    // /health shows it once its next probe of the database has run (within a second or so)
    await eventually(async () => {
      const health = await t.http.get('/health').expect(200);
      expect(new Date(health.body.housekeeping.lastRunAt).getTime()).toBe(after.lastFinishedAt!.getTime());
    });
  });

  async function lastRun(): Promise<ScheduledJob> {
    return t.db.getRepository(ScheduledJob).findOneByOrFail({ name: 'housekeeping' });
  }
});

describe('docker-compose.yml', () => {
  it('has no default for JWT_SECRET, ADMIN_PASSWORD or the database password', () => {
    const compose = readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8');
    for (const variable of ['JWT_SECRET', 'ADMIN_PASSWORD', 'POSTGRES_PASSWORD']) {
      const uses = compose.match(new RegExp(`\\$\\{${variable}[^}]*\\}`, 'g')) ?? [];
      expect(uses.length).toBeGreaterThan(0);
      for (const use of uses) expect(use).toMatch(new RegExp(`^\\$\\{${variable}:\\?`));
    }
    expect(compose).not.toMatch(/change-me/i);
  });
});

async function listeningPort(t: TestContext): Promise<number> {
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Opens a raw SSE request; answers once the status line is in. */
function openStream(
  port: number,
  path: string,
): Promise<{ res: IncomingMessage; close(): void; body(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = httpGet({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream' } });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('error', () => undefined);
      const ended = new Promise<string>((done) => res.on('end', () => done(text)));
      resolve({ res, close: () => req.destroy(), body: () => ended });
    });
  });
}
