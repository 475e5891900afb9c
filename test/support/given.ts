import TestAgent from 'supertest/lib/agent';
import { TEST_ADMIN } from './test-app';
import { uniquePhone, validCreditCode, validResidentId } from './identity-numbers';

export const TEST_PASSWORD = 'Test-password-1';

export interface Actor {
  id: string;
  phone: string;
  name: string;
  roles: string[];
  token: string;
  refreshToken: string;
  /** `Authorization` header value. */
  auth: string;
}

type PartyType = 'PERSON' | 'ORGANIZATION' | 'COLLECTIVE';

/**
 * Factories that go through the real HTTP API, as a user would: `given.seller()`, `given.clerk()`, ...
 * Each returns a logged-in actor.
 */
export class Given {
  constructor(private readonly http: TestAgent) {}

  registrationBody(partyType: PartyType = 'PERSON', roles: string[] = ['seller']): Record<string, unknown> {
    const phone = uniquePhone();
    const body: Record<string, unknown> = {
      phone,
      password: TEST_PASSWORD,
      name: `测试用户${phone.slice(-4)}`,
      partyType,
      roles,
    };
    if (partyType === 'PERSON') body.idNumber = validResidentId();
    else body.creditCode = validCreditCode(partyType === 'COLLECTIVE' ? 'N2' : '91');
    if (partyType === 'COLLECTIVE') body.villageCode = '130728100213';
    return body;
  }

  async login(phone: string, password = TEST_PASSWORD): Promise<Actor> {
    const res = await this.http.post('/api/v1/auth/login').send({ phone, password }).expect(200);
    const { accessToken, refreshToken, user } = res.body;
    return { ...user, token: accessToken, refreshToken, auth: `Bearer ${accessToken}` };
  }

  async party(partyType: PartyType, roles: string[], extra: Record<string, unknown> = {}): Promise<Actor> {
    const body = { ...this.registrationBody(partyType, roles), ...extra };
    await this.http.post('/api/v1/auth/register').send(body).expect(201);
    return this.login(body.phone as string);
  }

  seller(extra: Record<string, unknown> = {}): Promise<Actor> {
    return this.party('PERSON', ['seller'], extra);
  }

  collective(villageCode = '130728100213'): Promise<Actor> {
    return this.party('COLLECTIVE', ['seller'], { villageCode });
  }

  buyer(partyType: PartyType = 'PERSON'): Promise<Actor> {
    return this.party(partyType, ['buyer']);
  }

  /**
   * The bootstrap admin, logged in once per test file: a login is counted as a failure until its password is
   * checked, so many parallel logins of one phone (factories building several deals at once) would trip the
   * login rate limit.
   */
  admin(): Promise<Actor> {
    this.adminLogin ??= this.login(TEST_ADMIN.phone, TEST_ADMIN.password).catch((error: unknown) => {
      this.adminLogin = undefined;
      throw error;
    });
    return this.adminLogin;
  }

  private adminLogin?: Promise<Actor>;

  async staff(roles: string[]): Promise<Actor> {
    const admin = await this.admin();
    const phone = uniquePhone();
    await this.http
      .post('/api/v1/admin/users')
      .set('Authorization', admin.auth)
      .send({ phone, password: TEST_PASSWORD, name: `工作人员${phone.slice(-4)}`, roles })
      .expect(201);
    return this.login(phone);
  }

  clerk(): Promise<Actor> {
    return this.staff(['clerk']);
  }

  supervisor(): Promise<Actor> {
    return this.staff(['supervisor']);
  }
}
