import { createServer, get as httpGet, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuctionLifecycleService } from '../../src/auctions/auction-lifecycle.service';
import { CategoryCode } from '../../src/catalog/domain/category.types';
import { sleep } from './auctions';
import { Actor } from './given';
import { ListingFactory } from './listings';
import { TestContext } from './test-app';

/**
 * Helpers for the registration and auction e2e specs: listings announced with a short announcement whose end is
 * chosen right before publishing (so slow set-up never eats the announcement), bidders enrolled step by step, the
 * ledger, and a raw Server-Sent Events client.
 */

export type Listing = Record<string, unknown> & { id: string; status: string };

/** A buyer whose full identity (as registered) the test knows, to look for it in responses. */
export interface KnownBuyer extends Actor {
  fullIdNumber: string;
  fullPhone: string;
}

export async function knownBuyer(t: TestContext, extra: Record<string, unknown> = {}): Promise<KnownBuyer> {
  const body = { ...t.given.registrationBody('PERSON', ['buyer']), ...extra };
  await t.http.post('/api/v1/auth/register').send(body).expect(201);
  const actor = await t.given.login(body.phone as string);
  return { ...actor, fullIdNumber: body.idNumber as string, fullPhone: body.phone as string };
}

export function knownBuyers(t: TestContext, n: number, extra: Record<string, unknown> = {}): Promise<KnownBuyer[]> {
  return Promise.all(Array.from({ length: n }, () => knownBuyer(t, extra)));
}

/** A listing of `code` taken to APPROVED by `clerk` (and a second clerk if it is a large deal). */
export async function approvedListing(
  t: TestContext,
  clerk: Actor,
  code: CategoryCode = 'LAND_CONTRACT',
  overrides: Record<string, unknown> = {},
  owner?: Actor,
): Promise<{ seller: Actor; listing: Listing }> {
  const factory = new ListingFactory(t.http, t.given);
  const { seller, listing } = await factory.submitted(code, overrides, owner);
  const review = async (reviewer: Actor): Promise<Listing> =>
    (
      await t.http
        .post(`/api/v1/listings/${listing.id}/review`)
        .set('Authorization', reviewer.auth)
        .send({ decision: 'APPROVE' })
        .expect(200)
    ).body;
  let body = await review(clerk);
  if (body.status !== 'APPROVED') body = await review(await t.given.clerk()); // a large deal: four eyes
  expect(body.status).toBe('APPROVED');
  return { seller, listing: body };
}

export interface Timeline {
  announcementEndsAt: Date;
  biddingStartsAt: Date;
  biddingEndsAt: Date;
}

/**
 * Publishes an APPROVED listing whose announcement ends `announceMs` from now; bidding starts `startDelayMs` after
 * that and lasts `biddingMs`.
 */
export async function publish(
  t: TestContext,
  clerk: Actor,
  listingId: string,
  options: { announceMs?: number; startDelayMs?: number; biddingMs?: number } = {},
): Promise<{ listing: Listing } & Timeline> {
  const announcementEndsAt = new Date(Date.now() + (options.announceMs ?? 3000));
  const biddingStartsAt = new Date(announcementEndsAt.getTime() + (options.startDelayMs ?? 0));
  const biddingEndsAt = new Date(biddingStartsAt.getTime() + (options.biddingMs ?? 4000));
  const res = await t.http
    .post(`/api/v1/listings/${listingId}/publish`)
    .set('Authorization', clerk.auth)
    .send({
      announcementEndsAt: announcementEndsAt.toISOString(),
      biddingStartsAt: biddingStartsAt.toISOString(),
      biddingEndsAt: biddingEndsAt.toISOString(),
    })
    .expect(200);
  expect(res.body.status).toBe('ANNOUNCED');
  return { listing: res.body, announcementEndsAt, biddingStartsAt, biddingEndsAt };
}

export interface Enrolled extends KnownBuyer {
  registrationId: string;
  bidderNo: string | null;
}

/** Registers `buyer` on the listing, then (by default) qualifies them and records their deposit. */
export async function enrol(
  t: TestContext,
  clerk: Actor,
  listing: Listing,
  buyer: KnownBuyer,
  options: { qualify?: boolean; pay?: boolean; priority?: boolean } = {},
): Promise<Enrolled> {
  const reg = await t.http
    .post(`/api/v1/listings/${listing.id}/registrations`)
    .set('Authorization', buyer.auth)
    .send({ claimsPriorityRight: options.priority ?? false })
    .expect(201);
  let bidderNo: string | null = null;
  if (options.qualify ?? true) {
    await t.http
      .post(`/api/v1/registrations/${reg.body.id}/qualify`)
      .set('Authorization', clerk.auth)
      .send({ approve: true, priorityRight: options.priority ?? false })
      .expect(200);
    if (options.pay ?? true) {
      const paid = await t.http
        .post(`/api/v1/registrations/${reg.body.id}/deposit`)
        .set('Authorization', clerk.auth)
        .send({ amountFen: listing.depositFen, bankRef: `BANK-${reg.body.id.slice(0, 8)}` })
        .expect(200);
      bidderNo = paid.body.bidderNo;
    }
  }
  return { ...buyer, registrationId: reg.body.id, bidderNo };
}

/** Waits until `at` has passed and runs one lifecycle pass (the ticker would do it within 0.5 s anyway). */
export async function after(t: TestContext, at: Date | string, extraMs = 50): Promise<void> {
  await sleep(new Date(at).getTime() - Date.now() + extraMs);
  await t.app.get(AuctionLifecycleService).tick();
}

/**
 * Retries `check` until it passes or `timeoutMs` (the contract's 2 s for the platform's own decisions, plus slack)
 * has passed; then throws its last error. Needed because the background ticker may hold a row our own tick skips.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(150);
    }
  }
}

export function bid(t: TestContext, listingId: string, actor: Actor | undefined, amountFen: unknown, key?: string) {
  const req = t.http.post(`/api/v1/listings/${listingId}/auction/bids`);
  if (actor) req.set('Authorization', actor.auth);
  if (key) req.set('Idempotency-Key', key);
  return req.send({ amountFen });
}

export async function listingStatus(t: TestContext, listingId: string, staff: Actor): Promise<string> {
  return (await t.http.get(`/api/v1/listings/${listingId}`).set('Authorization', staff.auth).expect(200)).body.status;
}

/** Natural balances of every ledger account (GET /ledger/accounts, all pages). */
export async function balances(t: TestContext, staff: Actor): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let page = 1; ; page++) {
    const res = await t.http
      .get(`/api/v1/ledger/accounts?page=${page}&pageSize=100`)
      .set('Authorization', staff.auth)
      .expect(200);
    for (const a of res.body.items as { code: string; balanceFen: number }[]) out.set(a.code, a.balanceFen);
    if (page * 100 >= res.body.total) return out;
  }
}

export interface LedgerEntry {
  id: string;
  kind: string;
  registrationId?: string;
  dealId?: string;
  postings: { account: string; amountFen: number }[];
}

export async function entriesOf(t: TestContext, staff: Actor, registrationId: string): Promise<LedgerEntry[]> {
  const res = await t.http
    .get(`/api/v1/ledger/entries?registrationId=${registrationId}&pageSize=100`)
    .set('Authorization', staff.auth)
    .expect(200);
  return res.body.items;
}

/** Sorted postings of an entry, for order-independent comparison. */
export function postingsOf(entry: LedgerEntry): { account: string; amountFen: number }[] {
  return [...entry.postings].sort((a, b) => a.account.localeCompare(b.account));
}

export async function expectLedgerOk(t: TestContext, staff: Actor): Promise<void> {
  const verify = await t.http.get('/api/v1/ledger/verify').set('Authorization', staff.auth).expect(200);
  expect(verify.body.violations).toEqual([]);
  expect(verify.body.ok).toBe(true);
}

/** Fails if `text` (a response body or an event stream) names any of the bidders. */
export function expectAnonymous(text: string, people: (KnownBuyer & { registrationId?: string })[]): void {
  for (const p of people) {
    expect(text).not.toContain(p.name);
    expect(text).not.toContain(p.fullPhone);
    expect(text).not.toContain(p.fullIdNumber);
    expect(text).not.toContain(p.id);
  }
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
  raw: string;
}

/**
 * A raw Server-Sent Events client on its own HTTP server (the application's Express instance listening on an
 * ephemeral port), so supertest's per-request servers are left alone.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  text = '';
  status?: number;
  contentType?: string;
  private server?: Server;
  private response?: IncomingMessage;
  private buffer = '';

  static async open(t: TestContext, listingId: string): Promise<SseClient> {
    const client = new SseClient();
    const server = createServer(t.app.getHttpAdapter().getInstance());
    client.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client.response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpGet(
        {
          host: '127.0.0.1',
          port,
          path: `/api/v1/listings/${listingId}/auction/events`,
          headers: { Accept: 'text/event-stream' },
        },
        resolve,
      );
      req.on('error', reject);
    });
    client.status = client.response.statusCode;
    client.contentType = String(client.response.headers['content-type'] ?? '');
    client.response.setEncoding('utf8');
    client.response.on('data', (chunk: string) => client.push(chunk));
    client.response.on('error', () => undefined);
    return client;
  }

  private push(chunk: string): void {
    this.text += chunk;
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.search(/\r?\n\r?\n/)) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length === 0) continue;
      const raw = data.join('\n');
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        parsed = { unparsed: raw };
      }
      this.events.push({ event, data: parsed, raw });
    }
  }

  of(type: string): SseEvent[] {
    return this.events.filter((e) => e.event === type);
  }

  /** Waits until `count` events of `type` have arrived. */
  async waitFor(type: string, count = 1, timeoutMs = 5000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.of(type).length < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `SSE: expected ${count} "${type}" event(s), got ${JSON.stringify(this.events.map((e) => e.event))}`,
        );
      }
      await sleep(50);
    }
    return this.of(type);
  }

  async close(): Promise<void> {
    this.response?.destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
