import { randomUUID } from 'node:crypto';
import { eventually } from './support/auction-helpers';
import { expectError, fieldsOf } from './support/errors';
import { Actor, TEST_PASSWORD } from './support/given';
import { uniquePhone, validCreditCode, validResidentId } from './support/identity-numbers';
import { ListingFactory } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';
import { accessTokenFor } from './support/tokens';

/** Issue 9, accounts: tokens checked against the account, disabling, logout, staff roles, one person one account. */
describe('security: accounts', () => {
  let t: TestContext;
  let admin: Actor;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.given.admin();
  });
  afterAll(() => t.close());

  const me = (actor: Actor | string) =>
    t.http.get('/api/v1/me').set('Authorization', typeof actor === 'string' ? `Bearer ${actor}` : actor.auth);

  describe('tokens are checked against the account', () => {
    it('a correctly signed token whose subject does not exist is 401 (a token cannot be forged for anyone)', async () => {
      expectError(await me(accessTokenFor(randomUUID(), ['admin'])), 401, 'UNAUTHENTICATED');
      // and on a public endpoint it is simply anonymous
      await t.http
        .get('/api/v1/categories')
        .set('Authorization', `Bearer ${accessTokenFor(randomUUID())}`)
        .expect(200);
    });

    it("the roles used are the account's, not the token's: a token claiming admin for a buyer gets 403", async () => {
      const buyer = await t.given.buyer();
      const claimsAdmin = accessTokenFor(buyer.id, ['admin', 'clerk']);
      await me(claimsAdmin).expect(200);
      const res = await t.http
        .post('/api/v1/admin/users')
        .set('Authorization', `Bearer ${claimsAdmin}`)
        .send({ phone: uniquePhone(), password: TEST_PASSWORD, name: '冒充', roles: ['admin'] });
      expectError(res, 403, 'FORBIDDEN');
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM users WHERE name = '冒充'`);
      expect(count).toBe(0);
    });

    it('a role taken away from the account stops working within a second, with the same token', async () => {
      const seller = await t.given.seller();
      const factory = new ListingFactory(t.http, t.given);
      await factory.draft('LAND_CONTRACT', {}, seller);
      await t.db.query(`UPDATE users SET roles = '{buyer}' WHERE id = $1`, [seller.id]);
      await eventually(async () => {
        const res = await t.http.post('/api/v1/listings').set('Authorization', seller.auth).send({});
        expect(res.status).toBe(403);
      }, 3000);
      expect((await me(seller).expect(200)).body.roles).toEqual(['buyer']);
    });
  });

  describe('disabling an account', () => {
    it('admin disables: the token stops working, login is 403 ACCOUNT_DISABLED, refresh 401; enable restores login', async () => {
      const user = await t.given.buyer();
      await me(user).expect(200);
      const disabled = await t.http
        .post(`/api/v1/admin/users/${user.id}/disable`)
        .set('Authorization', admin.auth)
        .expect(200);
      expect(disabled.body).toMatchObject({ id: user.id, disabled: true });
      // this instance forgets its cached view at once; others within a second
      expectError(await me(user), 401, 'UNAUTHENTICATED');
      expectError(
        await t.http.post('/api/v1/auth/login').send({ phone: user.phone, password: TEST_PASSWORD }),
        403,
        'ACCOUNT_DISABLED',
      );
      // a wrong password reveals nothing about the account's state
      expectError(
        await t.http.post('/api/v1/auth/login').send({ phone: user.phone, password: 'Wrong-password-99' }),
        401,
        'INVALID_CREDENTIALS',
      );
      expectError(
        await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      const [row] = await t.db.query(`SELECT disabled_at FROM users WHERE id = $1`, [user.id]);
      expect(row.disabled_at).not.toBeNull();

      const enabled = await t.http
        .post(`/api/v1/admin/users/${user.id}/enable`)
        .set('Authorization', admin.auth)
        .expect(200);
      expect(enabled.body).toMatchObject({ id: user.id, disabled: false });
      const again = await t.given.login(user.phone);
      await me(again).expect(200);
      const actions = await t.db.query(
        `SELECT action FROM audit_entries WHERE entity_id = $1 AND action IN ('user.disabled', 'user.enabled') ORDER BY seq`,
        [user.id],
      );
      expect(actions.map((a: { action: string }) => a.action)).toEqual(['user.disabled', 'user.enabled']);
    });

    it('only an admin disables; an unknown account is 404; an admin cannot disable their own account', async () => {
      const clerk = await t.given.clerk();
      const user = await t.given.buyer();
      expectError(
        await t.http.post(`/api/v1/admin/users/${user.id}/disable`).set('Authorization', clerk.auth),
        403,
        'FORBIDDEN',
      );
      expectError(
        await t.http.post(`/api/v1/admin/users/${randomUUID()}/disable`).set('Authorization', admin.auth),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t.http.post(`/api/v1/admin/users/${admin.id}/disable`).set('Authorization', admin.auth),
        409,
        'INVALID_STATE',
      );
      await me(user).expect(200);
    });
  });

  describe('POST /auth/logout', () => {
    it("revokes the refresh token's family: neither it nor a token rotated from it refreshes any more", async () => {
      const user = await t.given.buyer();
      const rotated = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
      const res = await t.http.post('/api/v1/auth/logout').send({ refreshToken: rotated.body.refreshToken });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectError(
        await t.http.post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      const [{ live }] = await t.db.query(
        `SELECT count(*)::int AS live FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`,
        [user.id],
      );
      expect(live).toBe(0);
      // another login (another family) is unaffected
      const other = await t.given.login(user.phone);
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
    });

    it('an unknown token is 204 too (nothing to reveal); a missing one is 400', async () => {
      await t.http.post('/api/v1/auth/logout').send({ refreshToken: 'no-such-token' }).expect(204);
      const res = await t.http.post('/api/v1/auth/logout').send({});
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(['refreshToken']);
    });
  });

  describe('staff accounts hold exactly one role', () => {
    it.each([[['clerk', 'supervisor']], [['admin', 'clerk']], [['clerk', 'seller']], [['buyer']], [[]]])(
      '%j is 400 naming roles, and nothing is created',
      async (roles) => {
        const phone = uniquePhone();
        const res = await t.http
          .post('/api/v1/admin/users')
          .set('Authorization', admin.auth)
          .send({ phone, password: TEST_PASSWORD, name: '组合角色', roles });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual(['roles']);
        expect(await t.db.query(`SELECT 1 FROM users WHERE phone = $1`, [phone])).toEqual([]);
      },
    );

    it.each([['admin'], ['clerk'], ['supervisor']])('[%s] alone is created', async (role) => {
      const res = await t.http
        .post('/api/v1/admin/users')
        .set('Authorization', admin.auth)
        .send({ phone: uniquePhone(), password: TEST_PASSWORD, name: '工作人员', roles: [role] })
        .expect(201);
      expect(res.body.roles).toEqual([role]);
    });
  });

  describe('one person, one account', () => {
    it('a resident ID number already registered is 409 ID_NUMBER_TAKEN, whatever the phone; nothing is created', async () => {
      const body = t.given.registrationBody('PERSON', ['seller']);
      await t.http.post('/api/v1/auth/register').send(body).expect(201);
      const second = { ...t.given.registrationBody('PERSON', ['buyer']), idNumber: body.idNumber };
      expectError(await t.http.post('/api/v1/auth/register').send(second), 409, 'ID_NUMBER_TAKEN');
      // lower-case x is the same number
      const id = body.idNumber as string;
      if (id.endsWith('X')) {
        const lower = { ...t.given.registrationBody('PERSON', ['buyer']), idNumber: id.toLowerCase() };
        expectError(await t.http.post('/api/v1/auth/register').send(lower), 409, 'ID_NUMBER_TAKEN');
      }
      const rows = await t.db.query(`SELECT phone FROM users WHERE id_number = $1`, [id]);
      expect(rows).toEqual([{ phone: body.phone }]);
    });

    it('a credit code already registered is 409 ID_NUMBER_TAKEN, also across party types', async () => {
      const creditCode = validCreditCode('91');
      const org = { ...t.given.registrationBody('ORGANIZATION', ['buyer']), creditCode };
      await t.http.post('/api/v1/auth/register').send(org).expect(201);
      const again = { ...t.given.registrationBody('ORGANIZATION', ['seller']), creditCode };
      expectError(await t.http.post('/api/v1/auth/register').send(again), 409, 'ID_NUMBER_TAKEN');
      const asCollective = { ...t.given.registrationBody('COLLECTIVE', ['seller']), creditCode };
      expectError(await t.http.post('/api/v1/auth/register').send(asCollective), 409, 'ID_NUMBER_TAKEN');
    });
  });

  describe('passwords', () => {
    it.each([
      ['a common password', 'password123'],
      ['a sequence', '1234567890'],
      ['a keyboard row', 'qwertyuiop'],
      ['whitespace only', '            '],
      ['the phone and name', 'PHONE-wang'],
    ])('%s is 400 VALIDATION_FAILED naming password, at register and for staff', async (_, password) => {
      const body = t.given.registrationBody('PERSON', ['seller']);
      const pwd = password.replace('PHONE', body.phone as string);
      const res = await t.http.post('/api/v1/auth/register').send({ ...body, name: 'wang', password: pwd });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(['password']);
      expect(await t.db.query(`SELECT 1 FROM users WHERE phone = $1`, [body.phone])).toEqual([]);
      const staff = await t.http
        .post('/api/v1/admin/users')
        .set('Authorization', admin.auth)
        .send({ phone: body.phone, password: pwd, name: 'wang', roles: ['clerk'] });
      expectError(staff, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(staff)).toEqual(['password']);
    });

    it('a strong password is accepted', async () => {
      const body = { ...t.given.registrationBody('PERSON', ['seller']), password: '西沙洼村承包地-2026!' };
      await t.http.post('/api/v1/auth/register').send(body).expect(201);
    });
  });

  describe('address (住所)', () => {
    it('is given at register, shown on /me, and changed with PATCH /me', async () => {
      const body: Record<string, unknown> = {
        ...t.given.registrationBody('PERSON', ['seller']),
        address: '河北省怀安县柴沟堡镇西沙洼村 12 号',
      };
      const created = await t.http.post('/api/v1/auth/register').send(body).expect(201);
      expect(created.body.address).toBe('河北省怀安县柴沟堡镇西沙洼村 12 号');
      const user = await t.given.login(body.phone as string);
      const changed = await t.http
        .patch('/api/v1/me')
        .set('Authorization', user.auth)
        .send({ address: '  河北省怀安县左卫镇 3 号  ' })
        .expect(200);
      expect(changed.body.address).toBe('河北省怀安县左卫镇 3 号');
      expect((await me(user).expect(200)).body.address).toBe('河北省怀安县左卫镇 3 号');
      const bad = await t.http.patch('/api/v1/me').set('Authorization', user.auth).send({ address: '' });
      expectError(bad, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(bad)).toEqual(['address']);
    });
  });
});

describe('security: registrations per client', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ REGISTRATIONS_PER_IP_PER_HOUR: '3', TRUST_PROXY: '1' });
  });
  afterAll(() => t.close());

  const register = (forwardedFor: string, body = t.given.registrationBody('PERSON', ['buyer'])) =>
    t.http.post('/api/v1/auth/register').set('X-Forwarded-For', forwardedFor).send(body);

  it('counts successful registrations per client (behind one trusted proxy): the 4th is 429 with Retry-After', async () => {
    for (let i = 0; i < 3; i++) await register('203.0.113.7').expect(201);
    const refused = await register('203.0.113.7');
    expectError(refused, 429, 'RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // another client behind the same proxy is counted on its own
    await register('203.0.113.8').expect(201);
  });

  it('a refused registration does not count', async () => {
    const body = t.given.registrationBody('PERSON', ['buyer']);
    for (let i = 0; i < 5; i++) {
      const weak = await register('198.51.100.1', { ...body, password: '1234567890' });
      expectError(weak, 400, 'VALIDATION_FAILED');
    }
    for (let i = 0; i < 3; i++) await register('198.51.100.1').expect(201);
    expectError(await register('198.51.100.1'), 429, 'RATE_LIMITED');
  });
});

describe('security: without TRUST_PROXY, X-Forwarded-For is ignored', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ REGISTRATIONS_PER_IP_PER_HOUR: '1' });
  });
  afterAll(() => t.close());

  it('a client cannot escape the limit by inventing forwarded addresses', async () => {
    await t.http
      .post('/api/v1/auth/register')
      .set('X-Forwarded-For', '192.0.2.1')
      .send(t.given.registrationBody('PERSON', ['buyer']))
      .expect(201);
    const res = await t.http
      .post('/api/v1/auth/register')
      .set('X-Forwarded-For', '192.0.2.2')
      .send(t.given.registrationBody('PERSON', ['buyer']));
    expectError(res, 429, 'RATE_LIMITED');
  });
});

describe('security: a seller cannot bid on their own asset through a second account', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
    // the unique index makes two accounts with one ID number impossible now; accounts made before it existed may
    // still share one: this database plays such a legacy pair
    await t.db.query(`DROP INDEX uq_users_id_number`);
  });
  afterAll(() => t.close());

  it('a buyer account with the lister’s resident ID number is 422 OWN_LISTING at registration', async () => {
    const idNumber = validResidentId();
    const seller = await t.given.party('PERSON', ['seller'], { idNumber });
    const secondAccount = await t.given.party('PERSON', ['buyer'], { idNumber });
    const stranger = await t.given.buyer();
    const factory = new ListingFactory(t.http, t.given);
    const { listing } = await factory.submitted('LAND_CONTRACT', {}, seller);
    const clerks = [await t.given.clerk(), await t.given.clerk()];
    for (const clerk of clerks) {
      const reviewed = await t.http
        .post(`/api/v1/listings/${listing.id}/review`)
        .set('Authorization', clerk.auth)
        .send({ decision: 'APPROVE' })
        .expect(200);
      if (reviewed.body.status === 'APPROVED') break;
    }
    await t.http
      .post(`/api/v1/listings/${listing.id}/publish`)
      .set('Authorization', clerks[0].auth)
      .send({ announcementEndsAt: new Date(Date.now() + 3600_000).toISOString() })
      .expect(200);
    const register = (who: Actor) =>
      t.http.post(`/api/v1/listings/${listing.id}/registrations`).set('Authorization', who.auth).send({});
    expectError(await register(secondAccount), 422, 'OWN_LISTING');
    expect(await t.db.query(`SELECT 1 FROM registrations WHERE buyer_id = $1`, [secondAccount.id])).toEqual([]);
    await register(stranger).expect(201);
  });
});
