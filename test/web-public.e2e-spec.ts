import request from 'supertest';
import * as certificatePdf from '../src/certificates/domain/certificate-pdf';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../src/web/web-session';
import { auctionWithBidders, passTime } from './support/auctions';
import { createWebTestApp, expectSoundPage, newVisitor, WebTestContext } from './support/browser';
import { DealFixture, dealsInPublicity, fullStatementOf, signedContractFor } from './support/deals';
import { Actor } from './support/given';
import { ListingFactory } from './support/listings';

/**
 * The public pages (issue 12 items 1-3, 5, 6; API.md "Web pages"): the home page, the notice board with the API's
 * filters, a listing's page with the buyer's registration, the results with objections, the certificate check (where
 * the certificate's QR code leads) and the statistics drawn on the server. Data made through the API.
 */

const PUBLIC_BASE_URL = 'https://jiaoyi.example.cn';

type Listed = Record<string, unknown> & { id: string; listingNo: string };

/** A browser's cookies for supertest: a signed-in person (the API's tokens as the session cookies) or a stranger. */
class PageClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    actor?: Actor,
  ) {
    if (actor) {
      this.cookies.set(ACCESS_COOKIE, actor.token);
      this.cookies.set(REFRESH_COOKIE, actor.refreshToken);
    }
  }

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: request.Response): request.Response {
    const set = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const cookie of set ?? []) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value) this.cookies.set(pair.slice(0, at), decodeURIComponent(value));
      else this.cookies.delete(pair.slice(0, at));
    }
    return res;
  }

  async get(path: string): Promise<request.Response> {
    return this.keep(await request(this.baseUrl).get(path).set('Cookie', this.header()));
  }

  async post(path: string, form: Record<string, string>): Promise<request.Response> {
    return this.keep(await request(this.baseUrl).post(path).set('Cookie', this.header()).type('form').send(form));
  }

  /** The session's access token (after any renewal). */
  get accessToken(): string | undefined {
    return this.cookies.get(ACCESS_COOKIE);
  }

  /** Forgets the session (the browser keeps its CSRF cookies). */
  signOut(): void {
    this.cookies.delete(ACCESS_COOKIE);
    this.cookies.delete(REFRESH_COOKIE);
  }

  /** The CSRF token of a page's forms. */
  static csrfOf(html: string): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match) throw new Error('no _csrf field on the page');
    return match[1];
  }
}

/** The cards' titles on a board page, in order. */
function cardTitles(html: string): string[] {
  return [...html.matchAll(/<h3><a href="\/listings\/[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1]);
}

describe('the public pages', () => {
  let t: WebTestContext;
  let factory: ListingFactory;
  let land: Listed;
  let forest: Listed;
  let suspended: Listed;
  let bidding: Listed;
  let draftNo: string;
  let publicity: DealFixture;
  let settledDeal: DealFixture;
  let certificate: { certificateNo: string; verificationCode: string };
  let buyer: Actor;

  beforeAll(async () => {
    t = await createWebTestApp({ AUCTION_EXTENSION_SECONDS: '1', PUBLIC_BASE_URL: `${PUBLIC_BASE_URL}/` });
    factory = new ListingFactory(t.http, t.given);
    const announced = async (code: 'LAND_CONTRACT' | 'FOREST', title: string) => {
      const { listing, clerk } = await factory.announced(code, { title });
      return { listing: listing as unknown as Listed, clerk };
    };
    const [deals, landAnnounced, forestAnnounced, toSuspend, aBuyer, draft, auction] = await Promise.all([
      dealsInPublicity(t, 2),
      announced('LAND_CONTRACT', '西沙洼村水浇地出租'),
      announced('FOREST', '柴沟堡镇商品林转让'),
      announced('LAND_CONTRACT', '暂停交易的耕地'),
      t.given.buyer(),
      factory.draft('LAND_CONTRACT', { title: '尚未发布的草稿' }),
      // an auction running through the whole file
      (async () => {
        const f = await auctionWithBidders(t, {
          overrides: { title: '正在竞价的耕地' },
          announceMs: 3000,
          biddingMs: 600_000,
        });
        await passTime(t, f.announcementEndsAt);
        return f;
      })(),
    ]);
    bidding = auction.listing as unknown as Listed;
    [publicity, settledDeal] = deals;
    [land, forest, suspended] = [landAnnounced.listing, forestAnnounced.listing, toSuspend.listing];
    buyer = aBuyer;
    draftNo = draft.listing.listingNo as string;
    const clerk = toSuspend.clerk;
    await t.http
      .post(`/api/v1/listings/${suspended.id}/suspend`)
      .set('Authorization', clerk.auth)
      .send({ reason: '权属争议待核实' })
      .expect(200);

    // the second deal settled: its certificate issued
    const contract = await signedContractFor(t, settledDeal);
    const { outstandingFen } = await fullStatementOf(t, settledDeal.clerk, contract.id);
    await t.http
      .post(`/api/v1/contracts/${contract.id}/payments`)
      .set('Authorization', settledDeal.clerk.auth)
      .set('Idempotency-Key', `WEB-PAY-${contract.id}`)
      .send({ amountFen: outstandingFen, bankRef: 'WEB-PAY-1' })
      .expect(201);
    const settled = await t.http
      .post(`/api/v1/contracts/${contract.id}/settle`)
      .set('Authorization', settledDeal.clerk.auth)
      .send({ bankRef: 'WEB-OUT-1' })
      .expect(200);
    certificate = { certificateNo: settled.body.certificateNo, verificationCode: settled.body.verificationCode };
  }, 120_000);
  afterAll(() => t.close());

  const page = (path: string) => request(t.baseUrl).get(path);

  it('every public page is sound: 200, no console error, no sideways scroll, no serious axe violation, no JS needed', async () => {
    const code = encodeURIComponent(certificate.verificationCode);
    for (const path of [
      '/',
      '/listings',
      `/listings?category=LAND_CONTRACT&status=ANNOUNCED&q=${encodeURIComponent('水浇地')}`,
      `/listings/${land.listingNo}`,
      `/listings/${suspended.listingNo}`,
      `/listings/${bidding.listingNo}`,
      '/results',
      '/verify',
      `/verify/${certificate.certificateNo}?code=${code}`,
      '/stats',
    ]) {
      await expectSoundPage(t, path);
    }
  }, 180_000);

  it('the home page shows this year’s totals, the latest announcements and the results', async () => {
    const home = (await page('/').expect(200)).text;
    expect(home).toContain('年交易概况');
    expect(cardTitles(home)).toEqual(expect.arrayContaining(['西沙洼村水浇地出租', '柴沟堡镇商品林转让']));
    expect(home).toContain('<h2 id="results-h">成交公示</h2>');
    // the live auction, with its end time, leads to its bidding room
    const live = home.slice(home.indexOf('<h2 id="live-h">'), home.indexOf('<h2 id="latest-h">'));
    expect(live).toContain(`<a href="/auctions/${bidding.listingNo}">正在竞价的耕地</a>`);
    expect(live).toContain('<span class="badge badge-BIDDING">竞价中</span>');
    expect(live).toMatch(/<dt>截止时间<\/dt><dd><time datetime="20[^"]+Z">20\d\d-\d\d-\d\d \d\d:\d\d<\/time><\/dd>/);
    // both deals made this year: their turnover counted
    const turnover = publicity.deal.totalPriceFen + settledDeal.deal.totalPriceFen;
    expect(home).toContain(`${(turnover / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`);
    expect(home).toMatch(/<dt>成交宗数<\/dt><dd>2 宗<\/dd>/);
  });

  it('the board filters with the API’s parameters, and each card carries the listing’s particulars', async () => {
    const landAndAnnounced = (await page('/listings?category=LAND_CONTRACT&status=ANNOUNCED').expect(200)).text;
    expect(cardTitles(landAndAnnounced)).toContain('西沙洼村水浇地出租');
    expect(cardTitles(landAndAnnounced)).not.toContain('柴沟堡镇商品林转让');
    expect(cardTitles(landAndAnnounced)).not.toContain('暂停交易的耕地');
    // the filters are shown as chosen
    expect(landAndAnnounced).toContain('<option value="LAND_CONTRACT" selected>');
    expect(landAndAnnounced).toContain('<option value="ANNOUNCED" selected>报名中</option>');

    const q = (await page(`/listings?q=${encodeURIComponent('水浇地')}`).expect(200)).text;
    expect(cardTitles(q)).toEqual(['西沙洼村水浇地出租']);
    expect(cardTitles((await page('/listings?category=FOREST').expect(200)).text)).toEqual(['柴沟堡镇商品林转让']);
    const bySuspended = (await page('/listings?status=SUSPENDED').expect(200)).text;
    expect(cardTitles(bySuspended)).toEqual(['暂停交易的耕地']);
    expect(bySuspended).toContain('<span class="badge badge-SUSPENDED">中止</span>');
    expect(cardTitles((await page('/listings?status=BIDDING').expect(200)).text)).toEqual(['正在竞价的耕地']);
    // the sold ones: 已成交
    const sold = (await page('/listings?status=SOLD').expect(200)).text;
    expect(cardTitles(sold)).toHaveLength(2);
    expect(sold).toContain('<span class="badge badge-SOLD">已成交</span>');

    // place: the listings lie in 柴沟堡镇 (130728100), village 130728100213
    expect(cardTitles((await page('/listings?township=130728101').expect(200)).text)).toEqual([]);
    const village = (await page('/listings?township=130728100&village=130728100213&status=ANNOUNCED').expect(200)).text;
    expect(cardTitles(village)).toEqual(expect.arrayContaining(['西沙洼村水浇地出租', '柴沟堡镇商品林转让']));
    expect(village).toContain('<option value="130728100213" selected>');

    // the price range in 元 (the land's total reserve: 50,000.00 元), or in fen as the API takes it
    const inRange = (await page('/listings?q=%E6%B0%B4%E6%B5%87%E5%9C%B0&minPrice=20000&maxPrice=60%2C000').expect(200))
      .text;
    expect(cardTitles(inRange)).toEqual(['西沙洼村水浇地出租']);
    expect(inRange).toContain('value="20000"');
    expect(cardTitles((await page('/listings?q=%E6%B0%B4%E6%B5%87%E5%9C%B0&maxPrice=10000').expect(200)).text)).toEqual(
      [],
    );
    expect(
      cardTitles((await page('/listings?q=%E6%B0%B4%E6%B5%87%E5%9C%B0&minPriceFen=5000000').expect(200)).text),
    ).toEqual(['西沙洼村水浇地出租']);

    // a card: title linked, category, place, area, term, reserve with its unit, deposit, dates, badge
    const card = q.slice(q.indexOf('<li class="card">'), q.indexOf('</li>', q.indexOf('<li class="card">')));
    expect(card).toContain(`<a href="/listings/${land.listingNo}">西沙洼村水浇地出租</a>`);
    expect(card).toContain('<span class="badge badge-ANNOUNCED">报名中</span>');
    expect(card).toContain('<dd>农村承包土地经营权</dd>');
    expect(card).toContain(`<dd>${land.townshipName as string}${land.villageName as string}</dd>`);
    expect(card).toContain(`<dd>${String(land.areaMu)} 亩</dd>`);
    expect(card).toContain('<dd>5 年</dd>');
    expect(card).toContain('<dd>10,000.00 元/年</dd>');
    expect(card).toContain('<dd>2,000.00 元</dd>');
    expect(card).toMatch(/<dt>报名截止<\/dt><dd>20\d\d-\d\d-\d\d \d\d:\d\d<\/dd>/);
  });

  it('pagination keeps the filters; invalid filters are a message (400), never a 500', async () => {
    const first = (await page('/listings?status=ANNOUNCED&pageSize=1').expect(200)).text;
    expect(cardTitles(first)).toHaveLength(1);
    const next = /<a href="([^"]+)" rel="next">下一页<\/a>/.exec(first)?.[1].replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const params = new URL(next!, t.baseUrl).searchParams;
    expect(Object.fromEntries(params)).toEqual({ status: 'ANNOUNCED', pageSize: '1', page: '2' });
    const second = (await page(next!).expect(200)).text;
    expect(cardTitles(second)).toHaveLength(1);
    expect(cardTitles(second)).not.toEqual(cardTitles(first));
    expect(second).toContain('rel="prev">上一页</a>');

    for (const [query, labels] of [
      ['category=NOPE', ['品种']],
      ['status=DRAFTY&township=12', ['乡镇', '状态']],
      ['minPrice=abc&maxPrice=-1', ['最低价（元）', '最高价（元）']],
      ['village=1', ['村']],
      ['page=0', ['页码']],
      [`q=${'长'.repeat(101)}`, ['关键词']],
    ] as const) {
      const res = await page(`/listings?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('筛选条件有误');
      for (const label of labels) expect(res.text).toContain(label);
    }
  });

  it('with JavaScript the board’s results update in place (htmx), the address keeping the filters', async () => {
    const visitor = await newVisitor(t);
    try {
      const tab = await visitor.newPage();
      const errors: string[] = [];
      tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await tab.goto('/listings', { waitUntil: 'networkidle' });
      await tab.evaluate('window.__samePage = true');
      // the township brings its villages
      await tab.getByLabel('乡镇').selectOption('130728100');
      await tab.locator('#f-village option[value="130728100213"]').waitFor({ state: 'attached' });
      await tab.getByLabel('品种').selectOption('FOREST');
      await tab.getByRole('button', { name: '查询' }).click();
      await tab.waitForURL(/category=FOREST/);
      await tab.locator('#results h3').first().waitFor();
      expect(await tab.locator('#results h3').allInnerTexts()).toEqual(['柴沟堡镇商品林转让']);
      expect(await tab.evaluate('window.__samePage')).toBe(true); // no page load: swapped in place
      expect(new URL(tab.url()).searchParams.get('township')).toBe('130728100');
      expect(errors).toEqual([]);
    } finally {
      await visitor.close();
    }
  });

  it('the village list follows the township (the htmx fragment)', async () => {
    const res = await page('/listings/villages?township=130728100').expect(200);
    expect(res.text).toContain('<option value="130728100213">');
    expect(res.text).not.toContain('<html');
    expect((await page('/listings/villages?township=x').expect(200)).text.trim()).toBe(
      '<option value="">全部村</option>',
    );
  });

  it('a listing’s page: its attributes with their labels, public documents, schedule, rules and status', async () => {
    const html = (await page(`/listings/${land.listingNo}`).expect(200)).text;
    expect(html).toContain('<h1>西沙洼村水浇地出租</h1>');
    expect(html).toContain('<span class="badge badge-ANNOUNCED">报名中</span>');
    // the category registry's labels, enum values in Chinese
    expect(html).toContain('<dt>承包经营权证号</dt><dd>130728100213J0001</dd>');
    expect(html).toMatch(/<dt>地类<\/dt><dd>(水浇地|旱地|水田|其他)<\/dd>/);
    expect(html).toMatch(/<dt>四至<\/dt><dd>东至[^<]+；南至[^<]+；西至[^<]+；北至[^<]+<\/dd>/);
    // the documents: links to the API's public download
    const links = [...html.matchAll(/href="(\/api\/v1\/listings\/[^"]+\/documents\/[^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    await request(t.baseUrl).get(links[0]).expect(200);
    // schedule and rules
    expect(html).toContain('<dt>报名截止</dt>');
    expect(html).toContain('<dt>竞价开始</dt>');
    expect(html).toContain('<dt>竞价幅度</dt><dd>100.00 元</dd>');
    expect(html).toContain('截止时间延至该出价后 1 秒');
    expect(html).toContain('<dt>交易保证金</dt><dd>2,000.00 元（贰仟元整）</dd>');
    expect(html).toContain('按交易中心通知缴纳');
    expect(html).toContain('<dt>挂牌底价</dt><dd>10,000.00 元/年</dd>');
    // not signed in: a way to sign in instead of the form
    expect(html).toContain(`href="/login?next=${encodeURIComponent(`/listings/${land.listingNo}`)}"`);
    expect(html).not.toContain('name="offer"');

    const stopped = (await page(`/listings/${suspended.listingNo}`).expect(200)).text;
    expect(stopped).toContain('<span class="badge badge-SUSPENDED">中止</span>');
    expect(stopped).toContain('权属争议待核实');

    const live = (await page(`/listings/${bidding.listingNo}`).expect(200)).text;
    expect(live).toContain('<span class="badge badge-BIDDING">竞价中</span>');
    expect(live).toContain(`href="/auctions/${bidding.listingNo}">进入竞价大厅</a>`);
    expect(live).not.toContain('报名参加竞买');

    const sold = (await page(`/listings/${publicity.listing.listingNo as string}`).expect(200)).text;
    expect(sold).toContain('<span class="badge badge-SOLD">已成交</span>');

    // a draft, or no such number: an HTML 404 saying 未找到
    for (const no of [draftNo, 'HA-1999-999999']) {
      const res = await page(`/listings/${no}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('未找到');
    }
  });

  it('a signed-in buyer registers from the listing’s page in a browser; a second time says 您已报名该项目', async () => {
    const visitor = await newVisitor(t);
    try {
      await visitor.addCookies([
        { name: ACCESS_COOKIE, value: buyer.token, url: t.baseUrl },
        { name: REFRESH_COOKIE, value: buyer.refreshToken, url: t.baseUrl },
      ]);
      const tab = await visitor.newPage();
      await tab.goto(`/listings/${land.listingNo}`);
      await tab.getByLabel('备注（选填）').fill('愿意长期经营');
      await Promise.all([tab.waitForURL(/registered=1/), tab.getByRole('button', { name: '报名' }).click()]);
      expect(new URL(tab.url()).pathname).toBe(`/listings/${land.listingNo}`);
      await expect(tab.getByRole('status').filter({ hasText: '报名已提交' }).count()).resolves.toBe(1);

      const [again] = await Promise.all([
        tab.waitForResponse((r) => r.request().method() === 'POST'),
        tab.getByRole('button', { name: '报名' }).click(),
      ]);
      expect(again.status()).toBe(409);
      await tab.waitForLoadState();
      await expect(tab.getByRole('alert').innerText()).resolves.toContain('您已报名该项目');
    } finally {
      await visitor.close();
    }
    // the API sees the one registration
    const mine = await t.http.get('/api/v1/me/registrations').set('Authorization', buyer.auth).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ listingId: land.id, note: '愿意长期经营' })]);
  });

  it('registration refusals are the API’s messages on the page; a POST without _csrf is 403', async () => {
    const seller = new PageClient(t.baseUrl, await t.given.seller());
    const sellerPage = await seller.get(`/listings/${forest.listingNo}`);
    expect(sellerPage.text).toContain('您的账号不是竞买人账号');
    const refused = await seller.post(`/listings/${forest.listingNo}/register`, {
      _csrf: PageClient.csrfOf(sellerPage.text),
    });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('role="alert"');

    const client = new PageClient(t.baseUrl, await t.given.buyer());
    const form = await client.get(`/listings/${forest.listingNo}`);
    const csrf = PageClient.csrfOf(form.text);
    const badOffer = await client.post(`/listings/${forest.listingNo}/register`, { _csrf: csrf, offer: '12.345' });
    expect(badOffer.status).toBe(400);
    expect(badOffer.text).toMatch(/role="alert">请求参数不合法（请检查：意向报价）/);
    expect(badOffer.text).toContain('value="12.345"');
    const low = await client.post(`/listings/${forest.listingNo}/register`, { _csrf: csrf, offer: '1' });
    expect(low.status).toBe(422);
    expect(low.text).toMatch(/role="alert"[^>]*>[^<]*报价/);

    const suspendedRes = await client.post(`/listings/${suspended.listingNo}/register`, { _csrf: csrf });
    expect(suspendedRes.status).toBeGreaterThanOrEqual(400);
    expect(suspendedRes.status).toBeLessThan(500);

    const noToken = await client.post(`/listings/${forest.listingNo}/register`, {});
    expect(noToken.status).toBe(403);
    const wrongToken = await client.post(`/listings/${forest.listingNo}/register`, { _csrf: 'forged' });
    expect(wrongToken.status).toBe(403);
    // none of the refused ones registered
    const mine = await t.http
      .get('/api/v1/me/registrations')
      .set('Authorization', `Bearer ${client.accessToken}`)
      .expect(200);
    expect(mine.body.items).toEqual([]);

    // signed out since the page was loaded: to the login page, then back
    client.signOut();
    const anon = await client.post(`/listings/${forest.listingNo}/register`, { _csrf: csrf });
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toBe(`/login?next=${encodeURIComponent(`/listings/${forest.listingNo}`)}`);
  });

  it('the results: deals in publicity and done, the winner as the publicity names them; objections for the signed-in', async () => {
    const anon = (await page('/results').expect(200)).text;
    const winner = publicity.winner.name;
    expect(anon).toContain(`<dd>${winner.slice(0, 1)}*${winner.slice(-1)}</dd>`);
    expect(anon).not.toContain(winner);
    expect(anon).toContain(`<dd>${publicity.winner.bidderNo}</dd>`);
    expect(anon).toContain('公示中');
    expect(anon).toContain('已结算');
    expect(anon).toContain(
      `${(publicity.deal.totalPriceFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`,
    );
    expect(anon).toContain('登录后提出异议');
    expect(anon).not.toContain('name="reason"');

    const objector = new PageClient(t.baseUrl, await t.given.buyer());
    const signedIn = await objector.get('/results');
    expect(signedIn.text.match(/name="reason"/g)).toHaveLength(1); // one deal in publicity
    const csrf = PageClient.csrfOf(signedIn.text);
    const path = `/results/${publicity.deal.id}/objections`;

    const empty = await objector.post(path, { _csrf: csrf, reason: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('role="alert"');

    const ok = await objector.post(path, { _csrf: csrf, reason: '竞买人之间存在串通' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/results?objected=${publicity.deal.id}#deal-${publicity.deal.id}`);
    expect((await objector.get(ok.headers.location as string)).text).toContain('异议已提交');

    const twice = await objector.post(path, { _csrf: csrf, reason: '再次提出' });
    expect(twice.status).toBe(409);
    expect(twice.text).toMatch(/role="alert">[^<]*异议/);

    const settled = await objector.post(`/results/${settledDeal.deal.id}/objections`, {
      _csrf: csrf,
      reason: '迟到的异议',
    });
    expect(settled.status).toBe(409);
    expect((await objector.post(path, { reason: '没有令牌' })).status).toBe(403);

    // the clerk sees the objection through the API
    const objections = await t.http
      .get(`/api/v1/deals/${publicity.deal.id}/objections`)
      .set('Authorization', publicity.clerk.auth)
      .expect(200);
    expect(objections.body.items).toEqual([expect.objectContaining({ reason: '竞买人之间存在串通', status: 'OPEN' })]);
  });

  it('the certificate check: the form leads to /verify/:no?code=, a person’s name masked; a wrong or missing code is a 404 saying 未找到', async () => {
    const { certificateNo, verificationCode } = certificate;
    const form = await page(`/verify?no=${encodeURIComponent(certificateNo)}&code=${verificationCode}`).expect(303);
    expect(form.headers.location).toBe(`/verify/${encodeURIComponent(certificateNo)}?code=${verificationCode}`);

    const html = (await page(form.headers.location as string).expect(200)).text;
    const api = (await t.http.get(`/api/v1/certificates/${certificateNo}?code=${verificationCode}`).expect(200)).body;
    expect(html).toContain('真实有效');
    expect(html).toContain(`<dd>${certificateNo}</dd>`);
    expect(html).toContain(`<dd>${api.buyer.name as string}</dd>`);
    expect(api.buyer.name).toMatch(/^.\*.$/);
    expect(html).not.toContain(settledDeal.winner.name);
    expect(html).toContain(`<dd>${api.contractNo as string}</dd>`);
    expect(html).toContain('<dd>农村承包土地经营权</dd>');
    expect(html).toContain('<dd>出租</dd>');
    expect(html).toContain(
      `<dd>${(api.totalPriceFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元（`,
    );
    expect(html).toContain('<dt>抵押状态</dt><dd>未抵押</dd>');

    const wrong = verificationCode.startsWith('A') ? `B${verificationCode.slice(1)}` : `A${verificationCode.slice(1)}`;
    for (const path of [
      `/verify/${certificateNo}?code=${wrong}`,
      `/verify/${certificateNo}`,
      `/verify/${certificateNo}?code=`,
      `/verify/HA-JZ-1999-999999?code=${verificationCode}`,
    ]) {
      const res = await page(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('未找到');
      expect(res.text).not.toContain(api.contractNo);
    }
  });

  it('the certificate PDF’s QR code links to the check page at PUBLIC_BASE_URL', async () => {
    const spy = jest.spyOn(certificatePdf, 'renderCertificatePdf');
    try {
      await t.http
        .get(`/api/v1/certificates/${certificate.certificateNo}/pdf`)
        .set('Authorization', settledDeal.winner.auth)
        .expect(200);
      expect(spy).toHaveBeenCalledTimes(1);
      const url = spy.mock.calls[0][1];
      expect(url).toBe(
        `${PUBLIC_BASE_URL}/verify/${encodeURIComponent(certificate.certificateNo)}?code=${certificate.verificationCode}`,
      );
      // that address (on this server) is the check page
      const here = new URL(url);
      const res = await page(`${here.pathname}${here.search}`).expect(200);
      expect(res.text).toContain('真实有效');
    } finally {
      spy.mockRestore();
    }
  });

  it('the statistics: charts drawn on the server as SVG images, the same numbers in tables', async () => {
    const html = (await page('/stats').expect(200)).text;
    for (const name of ['township', 'category', 'month']) {
      const src = new RegExp(`<img src="(/stats/charts/${name}\\.svg\\?year=\\d{4})" alt="[^"]+"`).exec(html)?.[1];
      expect(src).toBeDefined();
      const svg = await page(src!)
        .buffer(true)
        .parse((r, done) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (chunk: string) => (body += chunk));
          r.on('end', () => done(null, body));
        })
        .expect(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(String(svg.body)).toMatch(/^<svg[\s>]/);
    }
    expect(html.match(/<table>/g)).toHaveLength(3);
    const turnover = publicity.deal.totalPriceFen + settledDeal.deal.totalPriceFen;
    const yuan = `${(turnover / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`;
    expect(html).toContain(`<tr><th scope="row">柴沟堡镇</th><td>${yuan}</td><td>2</td>`);
    expect(html).toContain(`<tr><th scope="row">农村承包土地经营权</th><td>${yuan}</td><td>2</td>`);
    await page('/stats/charts/nope.svg').expect(404);
    await page('/stats?year=abcd').expect(200);
  });
});
