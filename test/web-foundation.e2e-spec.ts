import request from 'supertest';
import { createWebTestApp, expectSoundPage, WebTestContext } from './support/browser';

/**
 * The web layer's foundation (issue 12; API.md "Web pages"): pages at the site's root beside the API, Chinese,
 * a strict Content-Security-Policy, htmx from this server, a session cookie and CSRF tokens, HTML errors.
 */
describe('the web layer', () => {
  let t: WebTestContext;
  beforeAll(async () => {
    t = await createWebTestApp();
  });
  afterAll(() => t.close());

  it('serves pages at the root in Chinese under a strict CSP, the API untouched under /api/v1', async () => {
    const home = await request(t.baseUrl).get('/').expect(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    expect(home.text).toContain('<html lang="zh-CN">');
    expect(home.text).toMatch(/<title>[^<]+<\/title>/);
    const csp = home.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(home.text).not.toMatch(/<script>(?!<\/script>)/); // no inline script
    await request(t.baseUrl)
      .get('/assets/htmx.min.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await request(t.baseUrl).get('/assets/app.css').expect(200).expect('content-type', /css/);
    const api = await request(t.baseUrl).get('/api/v1/listings').expect(200);
    expect(api.body).toHaveProperty('items');
    await request(t.baseUrl).get('/health').expect(200);
  });

  it('answers an unknown page with an HTML 404 saying 未找到', async () => {
    const res = await request(t.baseUrl).get('/no/such/page').expect(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('未找到');
    await request(t.baseUrl).get('/assets/no-such.css').expect(404);
  });

  it('the home page is sound in a browser: no console error, no sideways scroll, no serious axe violation, no JS needed', async () => {
    await expectSoundPage(t, '/');
  });
});
