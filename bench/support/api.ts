/**
 * The HTTP API as the benches drive it (with `fetch`, for set-up; the measured load uses plain `http`), the bench
 * app's environment, its users and its lot. Shared by `bench:bids`, `bench:closing` and `bench:crowd`.
 */
import { residentIdCheckChar } from '../../src/accounts/domain/identity';
import { sampleAreaMu, sampleAttributes } from '../../src/catalog/domain/category-samples';

export interface Res {
  status: number;
  body: Record<string, unknown>;
}

/** The bench app's bootstrap admin (ADMIN_PHONE, ADMIN_PASSWORD). */
export const ADMIN = { phone: '13999999999', password: 'Admin-password-1' };

export class Api {
  /** Every bench user's password (but the admin's). */
  static readonly PASSWORD = 'Bench-password-1';

  constructor(private readonly base: string) {}

  async call(method: string, path: string, options: { auth?: string; body?: unknown; form?: FormData } = {}) {
    const headers: Record<string, string> = {};
    if (options.auth) headers.Authorization = options.auth;
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(this.base + path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} } satisfies Res;
  }

  /** Like `call`, but throws unless the status is `expected`. */
  async ok(expected: number, method: string, path: string, options: Parameters<Api['call']>[2] = {}) {
    const res = await this.call(method, path, options);
    if (res.status !== expected) {
      throw new Error(`${method} ${path}: ${res.status} (expected ${expected}) ${JSON.stringify(res.body)}`);
    }
    return res.body;
  }

  async login(phone: string, password = Api.PASSWORD): Promise<{ id: string; auth: string }> {
    const body = await this.ok(200, 'POST', '/auth/login', { body: { phone, password } });
    return { id: (body.user as { id: string }).id, auth: `Bearer ${body.accessToken as string}` };
  }
}

export interface User {
  id: string;
  auth: string;
}

/** A clerk created by the admin (`n` distinct per bench run), signed in. */
export async function benchClerk(api: Api, admin: User, n: number): Promise<User> {
  const phone = `137${String(n).padStart(8, '0')}`;
  await api.ok(201, 'POST', '/admin/users', {
    auth: admin.auth,
    body: { phone, password: Api.PASSWORD, name: `压测工作人员${n}`, roles: ['clerk'] },
  });
  return api.login(phone);
}

/** A seller (`n` distinct per bench run) or a buyer (likewise), registered as a person and signed in. */
export async function benchParty(api: Api, role: 'seller' | 'buyer', n: number): Promise<User> {
  const phone = `${role === 'seller' ? '135' : '136'}${String(n).padStart(8, '0')}`;
  await api.ok(201, 'POST', '/auth/register', {
    body: {
      phone,
      password: Api.PASSWORD,
      name: `压测${role === 'seller' ? '卖方' : '竞买人'}${n}`,
      partyType: 'PERSON',
      idNumber: residentId(role === 'seller' ? 5000 + n : n),
      roles: [role],
    },
  });
  return api.login(phone);
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** A valid resident ID from Huai'an (130728), distinct per `n`. */
export function residentId(n: number): string {
  const first17 = `130728${1960 + (n % 40)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * The environment of a bench app on `url`: quiet, no demo data, the given admin, limits that one machine's
 * simulated crowd (every user at 127.0.0.1, bidding as fast as it can) would otherwise hit, no extensions, no
 * minimum announcement, the test clock (the set-up moves it past the announcements); `extra` on top.
 */
export function benchEnvironment(
  url: string,
  dataDir: string,
  admin: { phone: string; password: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    ADMIN_PHONE: admin.phone,
    ADMIN_PASSWORD: admin.password,
    BIDS_PER_SECOND_PER_BIDDER: '1000000',
    REGISTRATIONS_PER_IP_PER_HOUR: '1000000',
    AUCTION_EXTENSION_SECONDS: '0',
    ANNOUNCEMENT_MIN_WORKING_DAYS: '0',
    TEST_CLOCK: 'true',
    ...extra,
  };
}

/** A valid LAND_CONTRACT lease: reserve 10,000.00 元 a year for 5 years, increment 100.00 元, deposit 2,000.00 元 (20 % of a year). */
export function lotListingBody(): Record<string, unknown> {
  const body: Record<string, unknown> = {
    categoryCode: 'LAND_CONTRACT',
    title: '压测土地承包经营权流转',
    villageCode: '130728100213',
    description: '压测用土地承包经营权挂牌',
    transferMode: 'LEASE',
    attributes: { ...sampleAttributes('LAND_CONTRACT') },
    priceUnit: 'PER_YEAR',
    reservePriceFen: 1_000_000,
    incrementFen: 10_000,
    depositFen: 200_000,
    termYears: 5,
    tradingMethod: 'AUCTION',
  };
  const area = sampleAreaMu('LAND_CONTRACT');
  if (area !== undefined) body.areaMu = area;
  return body;
}

/** The ownership certificate a listing needs before it is submitted (a minimal PDF). */
export function ownershipDocument(): FormData {
  const form = new FormData();
  form.append('kind', 'OWNERSHIP_CERTIFICATE');
  form.append(
    'file',
    new Blob([Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')], { type: 'application/pdf' }),
    'ownership.pdf',
  );
  return form;
}
