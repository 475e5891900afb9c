import { createTestApp, TestContext } from './support/test-app';

describe('the error model', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers in Simplified Chinese by default and in English with Accept-Language: en', async () => {
    const zh = await t.http
      .post('/api/v1/auth/login')
      .send({ phone: '13700000000', password: 'whatever-123' })
      .expect(401);
    expect(zh.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: '手机号或密码错误', details: [] });
    const en = await t.http
      .post('/api/v1/auth/login')
      .set('Accept-Language', 'en-US,en;q=0.9')
      .send({ phone: '13700000000', password: 'whatever-123' })
      .expect(401);
    expect(en.body).toEqual({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: 'Wrong phone number or password',
      details: [],
    });
    const unauth = await t.http.get('/api/v1/me').set('Accept-Language', 'en').expect(401);
    expect(unauth.body.message).toBe('Authentication required');
    expect((await t.http.get('/api/v1/me').expect(401)).body.message).toBe('未登录或登录已过期');
  });

  it('rejects unknown fields, naming each one, and every invalid field at once', async () => {
    const body: Record<string, unknown> = {
      ...t.given.registrationBody(),
      isAdmin: true,
      roles: ['seller'],
      extra: 1,
      password: 'short',
    };
    const res = await t.http.post('/api/v1/auth/register').send(body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['isAdmin', 'extra', 'password']));
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM users WHERE phone = $1', [body.phone]);
    expect(count).toBe(0);
  });

  it('wrong types are 400, not 500', async () => {
    for (const body of [
      { phone: 13800000000, password: ['x'] },
      { phone: null, password: { $ne: 1 } },
      [1, 2, 3],
      'just a string',
    ]) {
      const res = await t.http
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('malformed JSON is 400 VALIDATION_FAILED', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"phone": ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.details[0].field).toBe('body');
  });

  it('a JSON body over 1 MiB is 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ phone: '13800000000', password: 'x'.repeat(1024 * 1024 + 10) });
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('an unknown path is 404 NOT_FOUND in the same body shape', async () => {
    const res = await t.http.get('/api/v1/no-such-thing').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', details: [] });
  });

  it('a bad page query is 400 (audit list)', async () => {
    const clerk = await t.given.clerk();
    for (const q of ['page=0', 'pageSize=101', 'page=abc', 'pageSize=1.5']) {
      const res = await t.http.get(`/api/v1/audit?${q}`).set('Authorization', clerk.auth);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const past = await t.http.get('/api/v1/audit?page=999&pageSize=100').set('Authorization', clerk.auth).expect(200);
    expect(past.body).toMatchObject({ items: [], page: 999, pageSize: 100 });
    expect(past.body.total).toBeGreaterThan(0);
  });

  describe('hostile input is a 400, never a 500', () => {
    it('a NUL character in a body string, a query or a path', async () => {
      const body: Record<string, unknown> = { ...t.given.registrationBody(), name: 'a\u0000b' };
      const res = await t.http.post('/api/v1/auth/register').send(body).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'name' }] });
      await t.http.post('/api/v1/auth/login').send({ phone: '13800000001\u0000', password: 'x' }).expect(400);
      expect((await t.http.get('/api/v1/listings?q=%00').expect(400)).body.code).toBe('VALIDATION_FAILED');
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM users WHERE phone = $1', [body.phone]);
      expect(count).toBe(0);
    });

    it('JSON nested thousands of levels deep', async () => {
      const deep = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
      const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(deep);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('prototype keys are unknown fields', async () => {
      for (const key of ['constructor', '__proto__']) {
        const raw = `{"phone":"13800000001","password":"x-password-1","${key}":{"a":1}}`;
        const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(raw);
        expect(res.status).toBe(400);
        expect(res.body.details[0].field).toBe(key);
      }
    });

    it('an unsupported charset or content encoding', async () => {
      const charset = await t.http
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json; charset=latin1')
        .send('{"phone":"13800000001","password":"whatever-12"}');
      expect(charset.status).toBe(400);
      const gzip = await t.http
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send('{"phone":"13800000001"}');
      expect(gzip.status).toBe(400);
      expect(gzip.body.code).toBe('VALIDATION_FAILED');
    });

    it('a page number beyond any real page', async () => {
      for (const q of ['page=99999999999999999999', 'page=1e308', 'page=1000001']) {
        const res = await t.http.get(`/api/v1/listings?${q}`);
        expect(res.status).toBe(400);
      }
    });

    it('Accept-Language honours q-values', async () => {
      const login = (lang: string) =>
        t.http.post('/api/v1/auth/login').set('Accept-Language', lang).send({ phone: '13700000001', password: 'x' });
      expect((await login('en;q=0.1, zh;q=0.9')).body.message).toBe('手机号或密码错误');
      expect((await login('fr, en;q=0.5')).body.message).toBe('Wrong phone number or password');
    });
  });
});
