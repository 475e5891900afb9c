import request from 'supertest';
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { consoleErrorsOf, createWebTestApp, expectSoundPage, newVisitor, WebTestContext } from './support/browser';
import { TEST_PASSWORD } from './support/given';
import { uniquePhone, validCreditCode } from './support/identity-numbers';
import { TEST_ADMIN, TEST_JWT_SECRET } from './support/test-app';
import { maskDatabaseUrl } from '../src/web/pages/desk-admin.controller';

/**
 * The admin desk (issue 13 item 4): staff accounts (create through the form with the API's checks next to each
 * field, disable, enable), the holiday calendar (enter the State Council notice), the running configuration without
 * its secrets; admins only, CSRF-protected, sound pages.
 */
describe('the admin desk in the browser', () => {
  let t: WebTestContext;
  let admin: BrowserContext;
  let adminPage: Page;
  beforeAll(async () => {
    t = await createWebTestApp();
    admin = await newVisitor(t);
    adminPage = await signIn(admin, TEST_ADMIN.phone, TEST_ADMIN.password, '/desk/admin');
  });
  afterAll(async () => {
    await admin?.close();
    await t.close();
  });

  async function signIn(visitor: BrowserContext, phone: string, password: string, next: string): Promise<Page> {
    const page = await visitor.newPage();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('手机号').fill(phone);
    await page.getByLabel('密码').fill(password);
    await Promise.all([
      page.waitForURL((u) => u.pathname === next),
      page.getByRole('button', { name: '登录' }).click(),
    ]);
    return page;
  }

  /** A supertest agent signed in through `/login` (cookies kept), with the `_csrf` of the page it read last. */
  async function formAgent(phone: string, password: string) {
    const agent = request.agent(t.baseUrl);
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const login = await agent.get('/login').expect(200);
    await agent
      .post('/login')
      .type('form')
      .send({ phone, password, next: '/me', _csrf: csrfOf(login.text) })
      .expect(303);
    return { agent, csrfOf };
  }

  const expectSoundSignedInPage = (path: string, cookies: Cookie[]) => expectSoundPage(t, path, cookies);

  it('/desk/admin, /desk/admin/calendar and /desk/admin/config are sound pages for an admin', async () => {
    const cookies = (await admin.cookies()).filter((c) => c.name === 'nj_at' || c.name === 'nj_rt');
    expect(cookies.length).toBe(2);
    for (const path of [
      '/desk/admin',
      '/desk/admin/calendar',
      '/desk/admin/config',
      '/desk/admin/calendar?year=2027',
    ]) {
      await expectSoundSignedInPage(path, cookies);
    }
  });

  it('creates a clerk through the form (a field error first), who signs in; disable refuses the login, enable restores it', async () => {
    const page = adminPage;
    const errors = consoleErrorsOf(page);
    await page.goto('/desk/admin');
    const phone = uniquePhone();
    await page.getByLabel('角色').selectOption('clerk');
    await page.getByLabel('姓名或单位名称').fill('李办事');
    await page.getByLabel('手机号（登录用）').fill(phone);
    await page.getByLabel('初始密码').fill('short');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/desk/admin/staff') && r.request().method() === 'POST'),
      page.getByRole('button', { name: '创建账号' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState();
    const password = page.getByLabel('初始密码');
    expect(await page.locator('#password-error').textContent()).toContain('密码至少 10 个字符');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toContain('password-error');
    expect(await page.locator('.field-error').count()).toBe(1);
    expect(await page.getByLabel('手机号（登录用）').inputValue()).toBe(phone);
    expect(await page.getByLabel('姓名或单位名称').inputValue()).toBe('李办事');

    await password.fill(TEST_PASSWORD);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/desk/admin' && u.searchParams.get('done') === 'created'),
      page.getByRole('button', { name: '创建账号' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toContain('账号已创建');
    const row = page.locator(`tr.staff-row[data-phone="${phone}"]`);
    expect(await row.textContent()).toContain('交易中心工作人员');
    expect(await row.textContent()).toContain('正常');

    // the account is the API's: a clerk
    const clerk = await t.given.login(phone);
    expect(clerk.roles).toEqual(['clerk']);

    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('done') === 'disabled'),
      row.getByRole('button', { name: '停用 李办事' }).click(),
    ]);
    expect(await row.textContent()).toContain('已停用');
    const disabled = await t.http.post('/api/v1/auth/login').send({ phone, password: TEST_PASSWORD });
    expect([disabled.status, disabled.body.code]).toEqual([403, 'ACCOUNT_DISABLED']);

    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('done') === 'enabled'),
      row.getByRole('button', { name: '启用 李办事' }).click(),
    ]);
    expect(await row.textContent()).toContain('正常');
    await t.given.login(phone);
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  it('creates a lender (an organization with a credit code); a staff account with a credit code is refused next to the field', async () => {
    const { agent, csrfOf } = await formAgent(TEST_ADMIN.phone, TEST_ADMIN.password);
    const form = await agent.get('/desk/admin').expect(200);
    const phone = uniquePhone();
    const creditCode = validCreditCode('91');
    const refused = await agent
      .post('/desk/admin/staff')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        roles: 'supervisor',
        partyType: 'PERSON',
        name: '某监管',
        phone,
        password: TEST_PASSWORD,
        creditCode,
      })
      .expect(400);
    expect(refused.text).toMatch(/id="creditCode-error">只有抵押权人（银行）填写统一社会信用代码</);
    expect(refused.text).not.toContain(TEST_PASSWORD);

    const lender = await agent
      .post('/desk/admin/staff')
      .type('form')
      .send({
        _csrf: csrfOf(refused.text),
        roles: 'lender',
        partyType: 'ORGANIZATION',
        name: '怀安农商银行',
        phone,
        password: TEST_PASSWORD,
        creditCode,
      })
      .expect(303);
    expect(lender.headers.location).toBe('/desk/admin?done=created');
    const actor = await t.given.login(phone);
    expect(actor.roles).toEqual(['lender']);
    const list = await agent.get('/desk/admin').expect(200);
    expect(list.text).toContain('怀安农商银行');
    expect(list.text).toContain('抵押权人（银行）');
    expect(list.text).not.toContain(creditCode); // masked like the API's user DTO

    // the same phone again: PHONE_TAKEN next to the phone field
    const taken = await agent
      .post('/desk/admin/staff')
      .type('form')
      .send({ _csrf: csrfOf(list.text), roles: 'clerk', name: '重复', phone, password: TEST_PASSWORD })
      .expect(409);
    expect(taken.text).toMatch(/id="phone-error">该手机号已注册</);
  });

  it('an admin cannot disable itself', async () => {
    const { agent, csrfOf } = await formAgent(TEST_ADMIN.phone, TEST_ADMIN.password);
    const me = await t.given.admin();
    const page = await agent.get('/desk/admin').expect(200);
    const refused = await agent
      .post(`/desk/admin/staff/${me.id}/disable`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), page: '1' })
      .expect(409);
    expect(refused.text).toContain('不能停用自己的账号');
    await t.given.login(TEST_ADMIN.phone, TEST_ADMIN.password);
  });

  it('enters a 2027 calendar through the form (a weekday make-up day refused next to its field) → the API says OFFICIAL', async () => {
    const page = adminPage;
    const errors = consoleErrorsOf(page);
    await page.goto('/desk/admin/calendar?year=2027');
    expect(await page.locator('h1').textContent()).toBe('2027年节假日日历');
    await page.getByLabel('放假日').fill('2027-01-01\n2027-02-05, 2027-02-08，2027-02-09');
    await page.getByLabel('调休上班日').fill('2027-02-22');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/desk/admin/calendar') && r.request().method() === 'POST'),
      page.getByRole('button', { name: '录入 2027 年安排' }).click(),
    ]);
    expect(refused.status()).toBe(400);
    await page.waitForLoadState();
    expect(await page.locator('#workdays-error').textContent()).toContain('不是周末');
    expect(await page.getByLabel('调休上班日').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('放假日').inputValue()).toContain('2027-02-09');

    await page.getByLabel('调休上班日').fill('2027-02-20');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/desk/admin/calendar' && u.searchParams.get('done') === 'saved'),
      page.getByRole('button', { name: '录入 2027 年安排' }).click(),
    ]);
    expect(await page.locator('.calendar-source').textContent()).toBe('国务院通知（已录入）');
    const api = await t.http.get('/api/v1/calendar/2027').expect(200);
    expect(api.body).toEqual({
      year: 2027,
      source: 'OFFICIAL',
      holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09'],
      workdays: ['2027-02-20'],
    });
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  it('shows the running configuration without its secrets', async () => {
    const { agent } = await formAgent(TEST_ADMIN.phone, TEST_ADMIN.password);
    const res = await agent.get('/desk/admin/config').expect(200);
    expect(res.text).toContain('LISTING_NO_PREFIX');
    expect(res.text).toContain('JWT_SECRET');
    expect(res.text).toContain('（已设置，不显示）');
    expect(res.text).not.toContain(TEST_JWT_SECRET);
    expect(res.text).not.toContain(TEST_ADMIN.password);
    expect(res.text).toMatch(/REFRESH_TOKEN_DAYS<\/code><\/th><td class="config-value">30</);
    // the database URL is shown with its password masked (the embedded one's user and password are both "postgres")
    const url = new URL(t.database.url);
    if (url.password) {
      expect(res.text).not.toContain(`:${url.password}@`);
      expect(res.text).toContain(maskDatabaseUrl(t.database.url).replace(/&/g, '&amp;'));
    }
    // a database password in the URL (the test database has none) is masked, in the user part or as a parameter
    expect(maskDatabaseUrl('postgres://nj:S3cret-pw@db:5432/nj?password=Other-pw')).toBe(
      'postgres://nj:****@db:5432/nj?password=****',
    );
    expect(maskDatabaseUrl('not a url S3cret-pw')).not.toContain('S3cret-pw');
  });

  it('is for admins only: a clerk gets 403, a signed-out visitor goes to /login, a POST without _csrf is 403', async () => {
    const clerk = await t.given.staff(['clerk']);
    const { agent, csrfOf } = await formAgent(clerk.phone, TEST_PASSWORD);
    for (const path of ['/desk/admin', '/desk/admin/calendar', '/desk/admin/config']) {
      const refused = await agent.get(path).expect(403);
      expect(refused.text).toContain('无权访问');
    }
    const me = await agent.get('/me').expect(200);
    await agent
      .post('/desk/admin/staff')
      .type('form')
      .send({ _csrf: csrfOf(me.text), roles: 'admin', name: 'x', phone: uniquePhone(), password: TEST_PASSWORD })
      .expect(403);

    const visitor = await newVisitor(t);
    try {
      const page = await visitor.newPage();
      await page.goto('/desk/admin/config');
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/desk/admin/config');
    } finally {
      await visitor.close();
    }

    const signedIn = await formAgent(TEST_ADMIN.phone, TEST_ADMIN.password);
    await signedIn.agent.get('/desk/admin').expect(200);
    const phone = uniquePhone();
    await signedIn.agent
      .post('/desk/admin/staff')
      .type('form')
      .send({ roles: 'clerk', name: '无令牌', phone, password: TEST_PASSWORD })
      .expect(403);
    await signedIn.agent
      .post('/desk/admin/calendar')
      .type('form')
      .send({ year: '2028', holidays: '2028-01-01', workdays: '', _csrf: 'forged' })
      .expect(403);
    await t.http.post('/api/v1/auth/login').send({ phone, password: TEST_PASSWORD }).expect(401);
  });
});
