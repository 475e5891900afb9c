import { TEST_PASSWORD } from './support/given';
import { createTestApp, TestContext } from './support/test-app';

describe('login rate limit under parallel attempts', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_PHONE: '3', LOGIN_MAX_FAILURES_PER_IP: '1000' });
  });
  afterAll(() => t.close());

  it('20 simultaneous wrong guesses for one phone: at most 3 are checked, the rest are 429', async () => {
    const user = await t.given.buyer();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http.post('/api/v1/auth/login').send({ phone: user.phone, password: 'wrong-password-x' }),
      ),
    );
    const statuses = results.map((r) => r.status);
    const checked = statuses.filter((s) => s === 401).length;
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(checked).toBeLessThanOrEqual(3);
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM rate_events WHERE scope = 'login.phone' AND subject = $1`,
      [user.phone],
    );
    expect(count).toBe(checked);
    // sequential attempts then use up exactly the rest of the allowance: 3 checked guesses in all, then 429
    for (let i = checked; i < 3; i++) {
      await t.http.post('/api/v1/auth/login').send({ phone: user.phone, password: 'wrong-password-x' }).expect(401);
    }
    const right = await t.http.post('/api/v1/auth/login').send({ phone: user.phone, password: TEST_PASSWORD });
    expect(right.status).toBe(429);
  });

  it('a successful login leaves no failure behind', async () => {
    const user = await t.given.buyer();
    await t.given.login(user.phone);
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM rate_events WHERE scope = 'login.phone' AND subject = $1`,
      [user.phone],
    );
    expect(count).toBe(0);
  });
});
