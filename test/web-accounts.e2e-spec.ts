import request from 'supertest';
import {
  consoleErrorsOf,
  createWebTestApp,
  expectSoundPage,
  newVisitor,
  scrollsSideways,
  seriousA11yViolations,
  WebTestContext,
} from './support/browser';
import { TEST_PASSWORD } from './support/given';
import { uniquePhone, validResidentId, withWrongCheckChar } from './support/identity-numbers';
import { ListingFactory } from './support/listings';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * The buyers' account pages (issue 12 item 7; API.md "Web pages"): real-name registration through `/register` with
 * the API's checks shown next to each field, `/login` and `POST /logout` over the API's token pair in httpOnly
 * cookies, `/me` with one's registrations (deposit, transfer reference, bidder number).
 */
describe('accounts in the browser', () => {
  let t: WebTestContext;
  beforeAll(async () => {
    t = await createWebTestApp();
  });
  afterAll(() => t.close());

  async function signIn(visitor: BrowserContext, phone: string, password = TEST_PASSWORD): Promise<Page> {
    const page = await visitor.newPage();
    await page.goto('/login?next=/me');
    await page.getByLabel('手机号').fill(phone);
    await page.getByLabel('密码').fill(password);
    await Promise.all([page.waitForURL('**/me'), page.getByRole('button', { name: '登录' }).click()]);
    return page;
  }

  it('/login and /register are sound pages (no console error, no sideways scroll, no serious axe violation, no JS needed)', async () => {
    await expectSoundPage(t, '/login');
    await expectSoundPage(t, '/register');
  });

  it('registers through /register: a wrong ID number is shown next to its field, the corrected form signs in', async () => {
    const visitor = await newVisitor(t);
    try {
      const page = await visitor.newPage();
      const errors = consoleErrorsOf(page);
      await page.goto('/register');
      const phone = uniquePhone();
      const idNumber = validResidentId();
      await page.getByLabel('个人（农户、自然人）').check();
      await page.getByLabel('姓名或单位名称').fill('张三丰');
      await page.getByLabel('居民身份证号（个人填写）').fill(withWrongCheckChar(idNumber));
      await page.getByLabel('手机号（登录用）').fill(phone);
      await page.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
      await page.getByLabel('受让（竞买、承租）').check();
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/register') && r.request().method() === 'POST'),
        page.getByRole('button', { name: '注册并登录' }).click(),
      ]);
      expect(refused.status()).toBe(400); // VALIDATION_FAILED, as the API
      await page.waitForLoadState();
      // the message is next to the field, tied to it, in Chinese; what was typed is kept (never the password)
      const idField = page.getByLabel('居民身份证号（个人填写）');
      expect(await page.locator('#idNumber-error').textContent()).toContain('身份证号无效');
      expect(await idField.getAttribute('aria-invalid')).toBe('true');
      expect(await idField.getAttribute('aria-describedby')).toContain('idNumber-error');
      expect(await page.getByLabel('姓名或单位名称').inputValue()).toBe('张三丰');
      expect(await page.getByLabel('手机号（登录用）').inputValue()).toBe(phone);
      expect(await page.getByLabel('密码', { exact: true }).inputValue()).toBe('');
      expect(await page.locator('.field-error').count()).toBe(1);

      await idField.fill(idNumber);
      await page.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
      await Promise.all([page.waitForURL('**/me'), page.getByRole('button', { name: '注册并登录' }).click()]);
      expect(await page.locator('h1').textContent()).toBe('我的');
      expect(await page.getByRole('navigation', { name: '主菜单' }).textContent()).toContain('我的（张三丰）');
      // nothing but Chrome's note on the refused form's status (a form with errors answers 400, as the API)
      expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);

      // the account is the API's: the same phone and password sign in there
      await t.given.login(phone);
    } finally {
      await visitor.close();
    }
  });

  it('logs in and out: wrong password in Chinese, back to `next`, logout revokes the session', async () => {
    const buyer = await t.given.buyer();
    const visitor = await newVisitor(t);
    try {
      const page = await visitor.newPage();
      // signed out, /me leads to the login page, which comes back to /me
      await page.goto('/me');
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/me');

      await page.getByLabel('手机号').fill(buyer.phone);
      await page.getByLabel('密码').fill('Wrong-password-1');
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
        page.getByRole('button', { name: '登录' }).click(),
      ]);
      expect(refused.status()).toBe(401);
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toContain('手机号或密码错误');

      await page.getByLabel('密码').fill(TEST_PASSWORD);
      await Promise.all([page.waitForURL('**/me'), page.getByRole('button', { name: '登录' }).click()]);
      const cookies = await visitor.cookies();
      const session = cookies.filter((c) => c.name === 'nj_at' || c.name === 'nj_rt');
      expect(session.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual(
        expect.arrayContaining([
          ['nj_at', true, 'Lax'],
          ['nj_rt', true, 'Lax'],
        ]),
      );
      const refreshToken = session.find((c) => c.name === 'nj_rt')!.value;

      await Promise.all([
        page.waitForURL((url) => url.pathname === '/'),
        page.getByRole('button', { name: '退出' }).click(),
      ]);
      expect(await page.getByRole('navigation', { name: '主菜单' }).textContent()).toContain('登录');
      expect((await visitor.cookies()).filter((c) => c.name === 'nj_at' || c.name === 'nj_rt')).toEqual([]);
      // the refresh token is revoked, not only forgotten by the browser
      await t.http.post('/api/v1/auth/refresh').send({ refreshToken }).expect(401);
      await page.goto('/me');
      expect(new URL(page.url()).pathname).toBe('/login');
    } finally {
      await visitor.close();
    }
  });

  it('never follows `next` off the site', async () => {
    const buyer = await t.given.buyer();
    const visitor = await newVisitor(t);
    try {
      const page = await visitor.newPage();
      await page.goto('/login?next=//evil.example/x');
      await page.getByLabel('手机号').fill(buyer.phone);
      await page.getByLabel('密码').fill(TEST_PASSWORD);
      await Promise.all([page.waitForURL('**/me'), page.getByRole('button', { name: '登录' }).click()]);
      expect(new URL(page.url()).host).toBe(new URL(t.baseUrl).host);
    } finally {
      await visitor.close();
    }
  });

  it('refuses a POST without a valid _csrf with 403', async () => {
    const agent = request.agent(t.baseUrl);
    await agent.get('/login').expect(200);
    await agent.post('/login').type('form').send({ phone: '13900000000', password: 'x' }).expect(403);
    await agent.post('/login').type('form').send({ phone: '13900000000', password: 'x', _csrf: 'forged' }).expect(403);
    await agent.post('/register').type('form').send({ phone: '13900000000' }).expect(403);
    await agent.post('/logout').type('form').send({}).expect(403);
  });

  it('/me shows a registration with its deposit, the transfer reference and, once the clerk records it, the bidder number', async () => {
    const buyer = await t.given.buyer();
    const { listing, clerk } = await new ListingFactory(t.http, t.given).announced();
    const registration = await t.http
      .post(`/api/v1/listings/${listing.id}/registrations`)
      .set('Authorization', buyer.auth)
      .send({})
      .expect(201);
    // axe is injected into the page: this browser bypasses the CSP (the other tests keep it)
    const visitor = await newVisitor(t, { bypassCSP: true });
    try {
      const page = await signIn(visitor, buyer.phone);
      expect(await scrollsSideways(page)).toBe(false);
      expect(await seriousA11yViolations(page)).toEqual([]);
      const row = page.locator('li.registration');
      expect(await row.count()).toBe(1);
      const before = (await row.textContent()) ?? '';
      expect(before).toContain(listing.listingNo as string);
      expect(before).toContain('待资格审查');
      expect(before).toContain('应交 2,000.00 元');
      expect(before).toContain(
        `${listing.listingNo as string}-${(registration.body.id as string).slice(0, 8).toUpperCase()}`,
      );
      expect(before).toContain('交纳保证金后生成');

      await t.http
        .post(`/api/v1/registrations/${registration.body.id}/qualify`)
        .set('Authorization', clerk.auth)
        .send({ approve: true })
        .expect(200);
      const paid = await t.http
        .post(`/api/v1/registrations/${registration.body.id}/deposit`)
        .set('Authorization', clerk.auth)
        .send({ amountFen: listing.depositFen, bankRef: `BANK-${(registration.body.id as string).slice(0, 8)}` })
        .expect(200);
      await page.reload();
      const after = (await row.textContent()) ?? '';
      expect(after).toContain('保证金已到账');
      expect(after).toContain('已交 2,000.00 元');
      expect(paid.body.bidderNo).toEqual(expect.any(String));
      expect(await row.locator('.bidder-no').textContent()).toBe(paid.body.bidderNo);
    } finally {
      await visitor.close();
    }
  });
});
