import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './support/auctions';
import { ChildServer, ensureBuilt } from './support/child-server';
import { TEST_PASSWORD } from './support/given';
import { uniquePhone, validResidentId } from './support/identity-numbers';
import { listingBody, PDF_BYTES } from './support/listings';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { TEST_ADMIN, TEST_JWT_SECRET } from './support/test-app';

/**
 * Issue 9 §10: the server is killed (SIGKILL) at random moments while deposits, bids and payments with
 * Idempotency-Keys are in flight; every request that got no answer is retried with its key until it gets one.
 * Afterwards nothing is lost or doubled: every 201 bid is stored (and nothing else), no deposit or payment is booked
 * twice, the ledger and the audit chain verify, and an auction whose end passed while the server was down is
 * decided within 2 s of the restart. Runs on the embedded database (its data directory must survive every kill) and,
 * with DATABASE_URL, on the PostgreSQL server too.
 */

const MIN_KILLS = 20;
const LOTS = 3;
const BIDDERS_PER_LOT = 3;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  replayed: boolean;
}

interface Actor {
  id: string;
  token: string;
}

interface Lot {
  id: string;
  start: number;
  increment: number;
  deposit: number;
  seller: Actor;
  registrations: { id: string; buyer: Actor }[];
}

interface Figures {
  kills: number;
  restartsMs: number[];
  requests: number;
  retries: number;
  replays: number;
  closedAfterRestartMs?: number;
}

const modes: [string, boolean][] = [['embedded', true]];
if (process.env.DATABASE_URL) modes.push(['PostgreSQL server', false]);

describe.each(modes)('crash safety: SIGKILL at random moments (%s)', (mode, embedded) => {
  let server: ChildServer;
  let dataDir: string;
  let database: TestDatabase | undefined;
  const figures: Figures = { kills: 0, restartsMs: [], requests: 0, retries: 0, replays: 0 };
  /** The random kills (see the test); `halted` by afterAll when the test failed while they ran. */
  let killer: Promise<void> = Promise.resolve();
  let halted = false;

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'nongjiao-crash-'));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      DATA_DIR: dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_PHONE: TEST_ADMIN.phone,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      ANNOUNCEMENT_MIN_WORKING_DAYS: '0',
      PUBLICITY_WORKING_DAYS: '0',
      AUCTION_EXTENSION_SECONDS: '1',
      BIDS_PER_SECOND_PER_BIDDER: '1000',
      REGISTRATIONS_PER_IP_PER_HOUR: '1000000',
    };
    if (!embedded) {
      database = await createTestDatabase();
      env.DATABASE_URL = database.url;
    }
    server = new ChildServer(env);
    figures.restartsMs.push(await server.start());
  }, 120_000);

  afterAll(async () => {
    // a test that failed mid-way left the killer restarting the server: stop it first, or jest never exits
    halted = true;
    await killer;
    await server?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Resolves when the next request with an Idempotency-Key is sent: the killer aims at requests in flight. */
  let keyedSent: () => void = () => undefined;
  const nextKeyedRequest = (): Promise<void> => new Promise((resolve) => (keyedSent = resolve));

  /** One request, answered or not (a connection the kill cut off, or a 5xx while dying). */
  async function once(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    key?: string,
  ): Promise<Answer | null> {
    figures.requests++;
    if (key) keyedSent();
    try {
      const res = await fetch(await server.url(`/api/v1${path}`), {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...(key ? { 'Idempotency-Key': key } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      if (res.status >= 500) return null;
      const replayed = res.headers.get('idempotent-replayed') === 'true';
      if (replayed) figures.replays++;
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, replayed };
    } catch {
      return null;
    }
  }

  /**
   * Sends until answered: a request the kill cut off is sent again, with the same Idempotency-Key when it has one
   * (as a careful client does); a key still held by a request that died is waited out (409 IDEMPOTENCY_KEY_IN_USE).
   */
  async function reliably(method: string, path: string, token?: string, body?: unknown, key?: string): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) figures.retries++;
      const answer = await once(method, path, token, body, key);
      if (answer && !(answer.status === 409 && answer.body.code === 'IDEMPOTENCY_KEY_IN_USE')) return answer;
      if (attempt > 400) throw new Error(`${method} ${path} never answered`);
      await sleep(100 + randomInt(150));
    }
  }

  async function ok(method: string, path: string, token: string | undefined, body: unknown, status: number) {
    const answer = await reliably(method, path, token, body);
    if (answer.status !== status) {
      throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)} (expected ${status})`);
    }
    return answer.body;
  }

  async function login(phone: string, password = TEST_PASSWORD): Promise<Actor> {
    const body = await ok('POST', '/auth/login', undefined, { phone, password }, 200);
    return { id: (body.user as { id: string }).id, token: body.accessToken as string };
  }

  async function party(roles: string[]): Promise<Actor> {
    const phone = uniquePhone();
    await ok(
      'POST',
      '/auth/register',
      undefined,
      {
        phone,
        password: TEST_PASSWORD,
        name: `压测${phone.slice(-4)}`,
        partyType: 'PERSON',
        idNumber: validResidentId(),
        roles,
      },
      201,
    );
    return login(phone);
  }

  async function upload(token: string, listingId: string, kind: string): Promise<void> {
    for (;;) {
      const form = new FormData();
      form.set('kind', kind);
      form.set('file', new Blob([PDF_BYTES], { type: 'application/pdf' }), `${kind}.pdf`);
      try {
        const res = await fetch(await server.url(`/api/v1/listings/${listingId}/documents`), {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}` },
          body: form,
        });
        if (res.status === 201) return;
        if (res.status < 500) throw new Error(`upload → ${res.status} ${await res.text()}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('upload')) throw error;
      }
      await sleep(200);
    }
  }

  /**
   * A production-facility lot (10,000.00 元 a year for 5 years) listed by a new seller, approved by the clerks
   * (four eyes where needed), announced until `announcementEndsAt` with bidding until `biddingEndsAt`, and `bidders`
   * new buyers registered and qualified (their deposits are left to the caller).
   */
  async function announcedLot(
    clerks: Actor[],
    announcementEndsAt: Date,
    biddingEndsAt: Date,
    bidders: number,
  ): Promise<Lot> {
    const seller = await party(['seller']);
    const draft = await ok('POST', '/listings', seller.token, listingBody('PRODUCTION_FACILITY'), 201);
    const id = draft.id as string;
    await upload(seller.token, id, 'OWNERSHIP_CERTIFICATE');
    await ok('POST', `/listings/${id}/submit`, seller.token, undefined, 200);
    for (const clerk of clerks) {
      const reviewed = await ok('POST', `/listings/${id}/review`, clerk.token, { decision: 'APPROVE' }, 200);
      if (reviewed.status === 'APPROVED') break;
    }
    const published = await ok(
      'POST',
      `/listings/${id}/publish`,
      clerks[0].token,
      { announcementEndsAt: announcementEndsAt.toISOString(), biddingEndsAt: biddingEndsAt.toISOString() },
      200,
    );
    const registrations: Lot['registrations'] = [];
    for (let b = 0; b < bidders; b++) {
      const buyer = await party(['buyer']);
      const reg = await ok('POST', `/listings/${id}/registrations`, buyer.token, {}, 201);
      await ok('POST', `/registrations/${reg.id as string}/qualify`, clerks[0].token, { approve: true }, 200);
      registrations.push({ id: reg.id as string, buyer });
    }
    return {
      id,
      seller,
      registrations,
      start: published.reservePriceFen as number,
      increment: published.incrementFen as number,
      deposit: published.depositFen as number,
    };
  }

  it('loses nothing and books nothing twice', async () => {
    // ---- set-up, without kills: staff, lots announced, bidders qualified (deposits come under fire)
    const admin = await login(TEST_ADMIN.phone, TEST_ADMIN.password);
    const staff = async (): Promise<Actor> => {
      const phone = uniquePhone();
      await ok(
        'POST',
        '/admin/users',
        admin.token,
        { phone, password: TEST_PASSWORD, name: '科员', roles: ['clerk'] },
        201,
      );
      return login(phone);
    };
    const [clerk, secondClerk] = [await staff(), await staff()];
    const announcementEndsAt = new Date(Date.now() + 40_000);
    const biddingEndsAt = new Date(announcementEndsAt.getTime() + 30_000);
    const lots: Lot[] = [];
    for (let i = 0; i < LOTS; i++) {
      lots.push(await announcedLot([clerk, secondClerk], announcementEndsAt, biddingEndsAt, BIDDERS_PER_LOT));
    }

    // ---- the killer: SIGKILL after a random 0.3-1.5 s of service, half the time aimed 0-20 ms after a request with
    // a key was sent (so that some die while their transaction commits); restart at once; until told to stop
    let killing = true;
    let restartFailure: unknown;
    killer = (async () => {
      while (!halted && (killing || figures.kills < MIN_KILLS)) {
        await sleep(300 + randomInt(1200));
        if (randomInt(2) === 0) {
          await Promise.race([nextKeyedRequest(), sleep(1000)]);
          await sleep(randomInt(20));
        }
        await server.kill();
        figures.kills++;
        try {
          figures.restartsMs.push(await server.start());
        } catch (error) {
          restartFailure = error;
          return;
        }
      }
    })();

    // ---- deposits under fire, each with its key
    const deposits = lots.flatMap((lot) =>
      lot.registrations.map(async (r) => {
        const answer = await reliably(
          'POST',
          `/registrations/${r.id}/deposit`,
          clerk.token,
          {
            amountFen: lot.deposit,
            bankRef: `CRASH-DEP-${r.id.slice(0, 8)}`,
          },
          `dep-${r.id}`,
        );
        expect(answer.status).toBe(200);
        expect(answer.body.status).toBe('DEPOSIT_PAID');
      }),
    );
    await Promise.all(deposits);

    // ---- bids under fire: each bidder raises the price by one increment, each bid with its own key
    const accepted: { lot: string; seq: number; amountFen: number; bidderNo: string; placedAt: string }[] = [];
    await sleep(announcementEndsAt.getTime() - Date.now() + 500);
    await Promise.all(
      lots.flatMap((lot) =>
        lot.registrations.map(async (r) => {
          while (Date.now() < biddingEndsAt.getTime() + 1000) {
            const state = await once('GET', `/listings/${lot.id}/auction`);
            if (!state || state.status !== 200) {
              await sleep(200);
              continue;
            }
            if (state.body.status === 'CLOSED') return;
            if (state.body.status !== 'OPEN') {
              await sleep(200);
              continue;
            }
            const current = state.body.currentPriceFen as number | null;
            const amountFen = current === null ? lot.start : current + lot.increment;
            const answer = await reliably(
              'POST',
              `/listings/${lot.id}/auction/bids`,
              r.buyer.token,
              { amountFen },
              randomUUID(),
            );
            if (answer.status === 201) {
              accepted.push({
                lot: lot.id,
                ...(answer.body as { seq: number; amountFen: number; bidderNo: string; placedAt: string }),
              });
            }
            await sleep(50 + randomInt(250));
          }
        }),
      ),
    );

    // ---- deals: confirm, contract, sign; payments under fire, each with its key
    const payments: { contractId: string; bankRef: string; amountFen: number }[] = [];
    for (const lot of lots) {
      let deal: Record<string, unknown> | undefined;
      for (const deadline = Date.now() + 60_000; !deal;) {
        const answer = await once('GET', `/listings/${lot.id}/deal`, clerk.token);
        if (answer?.status === 200) deal = answer.body;
        else if (Date.now() > deadline) {
          const listing = await reliably('GET', `/listings/${lot.id}`, clerk.token);
          const auction = await reliably('GET', `/listings/${lot.id}/auction`);
          throw new Error(
            `no deal for lot ${lot.id}: listing ${JSON.stringify(listing.body.status)}, auction ` +
              `${JSON.stringify(auction.body)}, ${accepted.filter((b) => b.lot === lot.id).length} bids answered 201`,
          );
        } else await sleep(200);
      }
      const dealId = deal!.id as string;
      const confirmed = await reliably('POST', `/deals/${dealId}/confirm`, clerk.token);
      expect([200, 409]).toContain(confirmed.status); // 409: a retry of a confirmation that committed
      let contract = await reliably('POST', `/deals/${dealId}/contract`, clerk.token);
      if (contract.status === 409) {
        const again = await reliably('GET', `/deals/${dealId}`, clerk.token);
        contract = await reliably('GET', `/contracts/${again.body.contractId as string}`, clerk.token);
      }
      const contractId = contract.body.id as string;
      const winner = lot.registrations.find((r) => r.id === deal!.registrationId)!;
      for (const signer of [lot.seller, winner.buyer]) {
        const signed = await reliably('POST', `/contracts/${contractId}/sign`, signer.token);
        expect([200, 409]).toContain(signed.status);
      }
      const statement = await reliably('GET', `/contracts/${contractId}/statement`, clerk.token);
      const due = statement.body.outstandingFen as number;
      const parts = [Math.floor(due / 3), Math.floor(due / 3)];
      parts.push(due - parts[0] - parts[1]);
      await Promise.all(
        parts.map(async (amountFen, n) => {
          const bankRef = `CRASH-PAY-${contractId.slice(0, 8)}-${n}`;
          const answer = await reliably(
            'POST',
            `/contracts/${contractId}/payments`,
            clerk.token,
            { amountFen, bankRef },
            `pay-${contractId}-${n}`,
          );
          expect(answer.status).toBe(201);
          payments.push({ contractId, bankRef, amountFen });
        }),
      );
    }

    // ---- stop the random kills (after at least MIN_KILLS)
    killing = false;
    await killer;
    if (restartFailure) throw restartFailure;

    // ---- an auction that ends while the server is down is decided within 2 s of the restart
    const lastLot = await announcedLotEndingSoon(clerk, secondClerk);
    await server.kill();
    figures.kills++;
    await sleep(lastLot.endsAt.getTime() - Date.now() + 1500);
    figures.restartsMs.push(await server.start());
    const healthyAt = Date.now();
    for (;;) {
      const state = await once('GET', `/listings/${lastLot.id}/auction`);
      if (state?.body.status === 'CLOSED') break;
      if (Date.now() - healthyAt > 10_000) throw new Error('the auction was not closed after the restart');
      await sleep(25);
    }
    figures.closedAfterRestartMs = Date.now() - healthyAt;

    // ---- nothing lost, nothing doubled
    for (const lot of lots) {
      const rows: string[] = [];
      for (let page = 1; ; page++) {
        const stored = await reliably('GET', `/listings/${lot.id}/auction/bids?pageSize=100&page=${page}`);
        const items = stored.body.items as { seq: number; amountFen: number; bidderNo: string; placedAt: string }[];
        rows.push(...items.map((b) => `${b.seq}:${b.amountFen}:${b.bidderNo}:${b.placedAt}`));
        if (items.length < 100) break;
      }
      rows.sort();
      const answered = accepted
        .filter((b) => b.lot === lot.id)
        .map((b) => `${b.seq}:${b.amountFen}:${b.bidderNo}:${b.placedAt}`)
        .sort();
      expect(rows).toEqual([...new Set(answered)]);
      for (const r of lot.registrations) {
        const entries = await reliably('GET', `/ledger/entries?registrationId=${r.id}&pageSize=100`, clerk.token);
        const booked = (entries.body.items as { kind: string }[]).filter((e) => e.kind === 'DEPOSIT_RECORDED');
        expect(booked).toHaveLength(1);
      }
    }
    for (const contractId of new Set(payments.map((p) => p.contractId))) {
      const listed = await reliably('GET', `/contracts/${contractId}/payments?pageSize=100`, clerk.token);
      const refs = (listed.body.items as { bankRef: string }[]).map((p) => p.bankRef).sort();
      expect(refs).toEqual(
        payments
          .filter((p) => p.contractId === contractId)
          .map((p) => p.bankRef)
          .sort(),
      );
      const statement = await reliably('GET', `/contracts/${contractId}/statement`, clerk.token);
      expect(statement.body.outstandingFen).toBe(0);
    }
    const ledger = await reliably('GET', '/ledger/verify', clerk.token);
    expect(ledger.body).toMatchObject({ ok: true, violations: [] });
    const audit = await reliably('GET', '/audit/verify', clerk.token);
    expect(audit.body).toMatchObject({ ok: true });

    expect(figures.kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(figures.closedAfterRestartMs).toBeLessThanOrEqual(2000);
    const sorted = [...figures.restartsMs].sort((a, b) => a - b);
    console.log(
      `crash safety (${mode}): ${figures.kills} kills, every restart healthy ` +
        `(${sorted.length} starts: median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms); ` +
        `${figures.requests} requests, ${figures.retries} retried, ${figures.replays} replayed; ` +
        `${accepted.length} bids answered 201 and stored, ${LOTS * BIDDERS_PER_LOT} deposits and ${payments.length} ` +
        `payments booked once; an auction that ended during a kill was closed ${figures.closedAfterRestartMs} ms ` +
        `after the restart`,
    );

    /** A lot with two paid bidders whose auction opens now and ends 3 s from now. */
    /** A lot with two paid bidders whose auction opens now, ends 3 s from now, and has a bid. */
    async function announcedLotEndingSoon(first: Actor, second: Actor): Promise<{ id: string; endsAt: Date }> {
      const announcementEnds = new Date(Date.now() + 4000);
      const endsAt = new Date(announcementEnds.getTime() + 3000);
      const lot = await announcedLot([first, second], announcementEnds, endsAt, 2);
      for (const [b, r] of lot.registrations.entries()) {
        await ok(
          'POST',
          `/registrations/${r.id}/deposit`,
          first.token,
          { amountFen: lot.deposit, bankRef: `LAST-${b}` },
          200,
        );
      }
      await sleep(announcementEnds.getTime() - Date.now() + 100);
      for (;;) {
        const state = await once('GET', `/listings/${lot.id}/auction`);
        if (state?.body.status === 'OPEN') break;
        await sleep(100);
      }
      await ok(
        'POST',
        `/listings/${lot.id}/auction/bids`,
        lot.registrations[0].buyer.token,
        { amountFen: lot.start },
        201,
      );
      return { id: lot.id, endsAt };
    }
  }, 600_000);
});
