/**
 * `npm run screenshots`: every public page, the buyer's pages and the desks, at 360×640 (a phone) and 1280×800, written to
 * `docs/screenshots/<page>-<width>.png`. Boots the app on a fresh embedded database in a temporary folder with the
 * demo data and the test clock, makes a live auction, a deal in publicity and a certificate through the HTTP API
 * (as the centre would), then drives the system Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium).
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';

const OUT = join(__dirname, '..', 'docs', 'screenshots');
const DEMO_PASSWORD = 'Nongjiao@2026';
const SIZES = [
  { width: 360, height: 640 },
  { width: 1280, height: 800 },
];

type Json = Record<string, unknown> & { id: string };

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nongjiao-screens-'));
  Object.assign(process.env, {
    DATA_DIR: join(dataDir, 'data'),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    TEST_CLOCK: 'true',
    ANNOUNCEMENT_MIN_WORKING_DAYS: '0',
    PUBLICITY_WORKING_DAYS: '0',
  });
  delete process.env.DATABASE_URL;
  // imported after the environment is set: the runtime reads it
  const { prepareRuntime } = await import('../src/config/runtime');
  const { createApp } = await import('../src/bootstrap');
  const runtime = await prepareRuntime();
  const app = await createApp(runtime.config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const pages = await makeData(base);
    mkdirSync(OUT, { recursive: true });
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: size, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      for (const [name, path] of Object.entries(pages.public)) {
        await page.goto(base + path, { waitUntil: 'networkidle' });
        await page.screenshot({ path: join(OUT, `${name}-${size.width}.png`), fullPage: size.width > 400 });
      }
      await context.close();
      // signed in: the buyer's pages and the desks (each person's session cookies from an API login)
      for (const [phone, shots] of Object.entries(pages.signedIn)) {
        const signed = await browser.newContext({ viewport: size, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
        await signed.addCookies(await sessionCookies(base, phone));
        const mine = await signed.newPage();
        for (const [name, path] of Object.entries(shots)) {
          await mine.goto(base + path, { waitUntil: 'networkidle' });
          await mine.screenshot({ path: join(OUT, `${name}-${size.width}.png`), fullPage: size.width > 400 });
        }
        await signed.close();
      }
    }
    console.log(`screenshots written to ${OUT}`);
  } finally {
    await browser.close();
    await app.close();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A demo person's session cookies (`nj_at`, `nj_rt`) from an API login. */
async function sessionCookies(base: string, phone: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
  });
  const { accessToken, refreshToken } = (await res.json()) as { accessToken: string; refreshToken: string };
  const cookie = { domain: '127.0.0.1', path: '/', httpOnly: true, secure: false, sameSite: 'Lax' as const };
  return [
    { ...cookie, name: 'nj_at', value: accessToken },
    { ...cookie, name: 'nj_rt', value: refreshToken },
  ];
}

/** A live auction, a deal in publicity and a certificate, through the API as the demo people. */
async function makeData(base: string) {
  const api = async (method: string, path: string, token: string | null, body?: unknown): Promise<Json> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(method === 'POST' && path.includes('/bids') ? { 'idempotency-key': crypto.randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as Json;
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const login = async (phone: string) =>
    (await api('POST', '/auth/login', null, { phone, password: DEMO_PASSWORD })).accessToken as string;
  const [farmer, farm, villager, clerk, admin] = await Promise.all(
    ['13800000001', '13800000003', '13800000004', '13800000005', '13800000000'].map(login),
  );
  const now = async () => new Date((await api('GET', '/admin/clock', admin)).now as string);
  const moveClock = (at: Date) => api('PUT', '/admin/clock', admin, { now: at.toISOString() });

  const enrol = async (listing: Json, buyer: string): Promise<Json> => {
    const reg = await api('POST', `/listings/${listing.id}/registrations`, buyer, {});
    await api('POST', `/registrations/${reg.id}/qualify`, clerk, { approve: true });
    await api('POST', `/registrations/${reg.id}/deposit`, clerk, {
      amountFen: listing.depositFen,
      bankRef: `DEMO-${reg.id.slice(0, 8)}`,
    });
    return reg;
  };
  const listingBody = (title: string, reserve: number) => ({
    categoryCode: 'LAND_CONTRACT',
    title,
    villageCode: '130728100213',
    description: '地块平整，灌溉方便。',
    transferMode: 'LEASE',
    attributes: {
      certificateNo: '130728100213010002J',
      parcelCodes: ['1307281002130100003'],
      boundaries: { east: '村道', south: '李家地', west: '水渠', north: '林带' },
      landClass: 'IRRIGATED',
      rightEndsOn: '2058-12-31',
      permittedUse: '种植业',
    },
    areaMu: 30,
    priceUnit: 'PER_MU_PER_YEAR',
    reservePriceFen: reserve,
    incrementFen: 1_000,
    depositFen: Math.round(reserve * 30 * 0.2),
    termYears: 5,
    tradingMethod: 'AUCTION',
  });
  /** A listing with its certificate, submitted for review (the clerk's 待审核). */
  const submitted = async (title: string, reserve: number): Promise<Json> => {
    const listing = await api('POST', '/listings', farmer, listingBody(title, reserve));
    const form = new FormData();
    form.set('kind', 'OWNERSHIP_CERTIFICATE');
    form.set('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), '承包经营权证.pdf');
    const up = await fetch(`${base}/api/v1/listings/${listing.id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${farmer}` },
      body: form,
    });
    if (up.status !== 201) throw new Error(`upload: ${up.status}`);
    return api('POST', `/listings/${listing.id}/submit`, farmer);
  };
  const published = async (title: string, reserve: number, endsAt: Date, biddingEndsAt: Date) => {
    const listing = await submitted(title, reserve);
    await api('POST', `/listings/${listing.id}/review`, clerk, { decision: 'APPROVE' });
    return api('POST', `/listings/${listing.id}/publish`, clerk, {
      announcementEndsAt: endsAt.toISOString(),
      biddingEndsAt: biddingEndsAt.toISOString(),
    });
  };

  const start = await now();
  const at = (ms: number) => new Date(start.getTime() + ms);
  // a single bidder → a deal; then contract, signatures, payment, settlement → a certificate
  const sold = await published('西沙洼村30亩水浇地经营权出租', 70_000, at(60_000), at(3_600_000));
  await enrol(sold, farm);
  // a live auction with two bidders, closing in two hours
  const live = await published('西沙洼村30亩菜地经营权出租', 90_000, at(60_000), at(2 * 3_600_000));
  const liveRegistration = await enrol(live, farm);
  await enrol(live, villager);
  await moveClock(at(65_000));
  const wait = async <T>(read: () => Promise<T>): Promise<T> => {
    for (let i = 0; ; i++) {
      try {
        return await read();
      } catch (error) {
        if (i > 40) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  await wait(() =>
    api('GET', `/listings/${live.id}/auction`, null).then((s) => {
      if (s.status !== 'OPEN') throw new Error('not open yet');
    }),
  );
  await api('POST', `/listings/${live.id}/auction/bids`, farm, { amountFen: 90_000 });
  await api('POST', `/listings/${live.id}/auction/bids`, villager, { amountFen: 92_000 });
  await api('POST', `/listings/${live.id}/auction/bids`, farm, { amountFen: 93_000 });

  const deal = await wait(() => api('GET', `/listings/${sold.id}/deal`, clerk));
  await api('POST', `/deals/${deal.id}/confirm`, clerk);
  const contract = await api('POST', `/deals/${deal.id}/contract`, clerk, {});
  await api('POST', `/contracts/${contract.id}/sign`, farmer, { address: '怀安县柴沟堡镇西沙洼村3组12号' });
  await api('POST', `/contracts/${contract.id}/sign`, farm, { address: '怀安县柴沟堡镇东街8号' });
  const statement = await api('GET', `/contracts/${contract.id}/statement`, clerk);
  await api('POST', `/contracts/${contract.id}/payments`, clerk, {
    amountFen: statement.outstandingFen,
    bankRef: 'DEMO-PAY-1',
  });
  const settled = await api('POST', `/contracts/${contract.id}/settle`, clerk, { bankRef: 'DEMO-OUT-1' });
  const certificateNo = settled.certificateNo as string;
  const code = settled.verificationCode as string;
  // and a deal in publicity for the results board
  const third = await published('东沙洼村果园经营权出租', 60_000, at(70_000), at(3_600_000));
  await enrol(third, villager);
  await moveClock(at(75_000));
  const publicity = await wait(() => api('GET', `/listings/${third.id}/deal`, clerk));
  // and one waiting for the clerk's review
  const toReview = await submitted('西沙洼村20亩旱地经营权出租', 50_000);

  return {
    public: {
      home: '/',
      board: '/listings',
      detail: `/listings/${live.listingNo as string}`,
      room: `/auctions/${live.listingNo as string}`,
      results: '/results',
      verify: '/verify',
      certificate: `/verify/${certificateNo}?code=${code}`,
      stats: '/stats',
      login: '/login',
      register: '/register',
    },
    signedIn: {
      '13800000003': {
        me: '/me',
        'room-bidder': `/auctions/${live.listingNo as string}`,
        'desk-contract-buyer': `/desk/contracts/${contract.id}`,
      },
      '13800000001': {
        'desk-seller': '/desk',
        'desk-wizard': '/desk/listings/new',
        'desk-wizard-form': '/desk/listings/new?category=LAND_CONTRACT',
        'desk-listing': `/desk/listings/${toReview.id}`,
        'desk-contract': `/desk/contracts/${contract.id}`,
        'desk-payments': '/desk/payments',
        'desk-notifications': '/desk/notifications',
      },
      '13800000005': {
        'desk-clerk': '/desk',
        'desk-queue': '/desk/queues/confirm',
        'desk-work-review': `/desk/work/listings/${toReview.id}`,
        'desk-work-registration': `/desk/work/registrations/${liveRegistration.id}`,
        'desk-work-deal': `/desk/work/deals/${publicity.id}`,
        'desk-work-contract': `/desk/work/contracts/${contract.id}`,
        'desk-assisted': '/desk/assisted/new',
      },
      '13800000007': { 'desk-supervisor': '/desk/supervisor', 'desk-audit': '/desk/supervisor/audit' },
      '13800000000': { 'desk-admin': '/desk/admin', 'desk-calendar': '/desk/admin/calendar?year=2027' },
    } as Record<string, Record<string, string>>,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
