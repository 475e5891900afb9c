import type { BrowserContext, Cookie } from 'playwright-core';
import {
  createWebTestApp,
  expectSoundPage,
  newVisitor,
  sessionCookies as sessionCookiesOf,
  WebTestContext,
} from './support/browser';
import { Actor } from './support/given';
import { fillLandContractForm, landDraftBody, PDF_FILE, PNG_BYTES, uploadThroughPage } from './support/seller-pages';

/**
 * The seller's listing pages (issue 13 "Sellers"): the wizard `/desk/listings/new`, the listing's page with its
 * timeline, documents (upload), edit and submit.
 */
describe('seller listing pages (/desk/listings/...)', () => {
  let t: WebTestContext;
  beforeAll(async () => {
    t = await createWebTestApp();
  });
  afterAll(() => t.close());

  const cookiesOf = (actor: Actor): Cookie[] => sessionCookiesOf(t, actor);

  async function signedIn(actor: Actor, options: Parameters<typeof newVisitor>[1] = {}): Promise<BrowserContext> {
    const visitor = await newVisitor(t, options);
    await visitor.addCookies(cookiesOf(actor));
    return visitor;
  }

  it('a farmer lists through the wizard: a Chinese error beside its field (values kept), a draft, documents, submit, the timeline', async () => {
    const farmer = await t.given.seller();
    const clerk = await t.given.clerk();
    const visitor = await signedIn(farmer);
    try {
      const page = await visitor.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));

      // the desk leads to the wizard; step 1 lists only what a farmer may list
      await page.goto('/desk');
      await page.click('a.new-listing');
      expect(new URL(page.url()).pathname).toBe('/desk/listings/new');
      const categories = await page.locator('.category-choice h3').allTextContents();
      expect(categories).toContain('农村承包土地经营权');
      expect(categories).not.toContain('涉农项目招标采购'); // collectives only
      expect(categories).not.toContain('农村集体经营性资产');
      await page.click('text=农村承包土地经营权');
      expect(await page.locator('h1').textContent()).toBe('我要挂牌');

      // a required attribute left out: 400, in Chinese beside the field, the typed values kept
      await fillLandContractForm(page, { '#f-attr-certificateNo': '' });
      // the live total (the script) and the server's 计算 agree
      await expect(page.locator('#reserve-summary').textContent()).resolves.toContain('50,000.00 元');
      await Promise.all([page.waitForLoadState('load'), page.click('button[value="save"]')]);
      expect(await page.locator('#f-attr-certificateNo-error').textContent()).toBe('请填写承包经营权证号');
      expect(await page.getAttribute('#f-attr-certificateNo', 'aria-invalid')).toBe('true');
      expect(await page.inputValue('#f-title')).toBe('西沙洼村 12.5 亩水浇地出租');
      expect(await page.inputValue('#f-attr-boundaries-west')).toBe('水渠');
      expect(await page.inputValue('#f-reservePrice')).toBe('800');

      // a deposit outside 10%-30% of one year's value: 422 beside the deposit, with the range computed by the server
      await page.fill('#f-attr-certificateNo', '130728100213J0001');
      await page.fill('#f-deposit', '5000.00');
      await Promise.all([page.waitForLoadState('load'), page.click('button[value="save"]')]);
      expect(await page.locator('#f-deposit-error').textContent()).toContain('保证金');
      expect(await page.locator('#reserve-summary .deposit-range').textContent()).toBe('1,000.00 元 至 3,000.00 元');
      expect(await page.inputValue('#f-deposit')).toBe('5000.00');

      // 计算 re-renders without saving
      await page.fill('#f-deposit', '2000.50');
      await Promise.all([page.waitForLoadState('load'), page.click('button[value="calc"]')]);
      expect(await page.locator('#reserve-summary .total').textContent()).toBe('50,000.00 元');
      expect(await page.locator('.field-error').count()).toBe(0);

      // saved as a draft → the listing's page
      await Promise.all([
        page.waitForURL(/\/desk\/listings\/[0-9a-f-]{36}\?done=created$/),
        page.click('button[value="save"]'),
      ]);
      const id = new URL(page.url()).pathname.split('/')[3];
      expect(await page.locator('.badge').first().textContent()).toBe('草稿');
      expect(await page.locator('.missing-documents').textContent()).toContain('权属证明');
      const draft = await t.http.get(`/api/v1/listings/${id}`).set('Authorization', farmer.auth).expect(200);
      expect(draft.body).toMatchObject({
        status: 'DRAFT',
        ownerId: farmer.id,
        reservePriceFen: 80_000,
        depositFen: 200_050,
        areaMu: 12.5,
        totalReservePriceFen: 5_000_000,
        attributes: { parcelCodes: ['1307281002130100001', '1307281002130100002'] },
      });
      expect(draft.body.assistedBy).toBeUndefined();

      // the desk lists the draft, linking to its page
      await page.goto('/desk');
      const card = page.locator('.my-listing', { hasText: '西沙洼村 12.5 亩水浇地出租' });
      expect(await card.locator('.badge').textContent()).toBe('草稿');
      expect(await card.locator('h3 a').getAttribute('href')).toBe(`/desk/listings/${id}`);
      await page.goto(`/desk/listings/${id}`);

      // a file that is not PDF/JPEG/PNG: 422 in Chinese beside the file field
      await uploadThroughPage(page, 'OTHER', {
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('hello'),
      });
      expect(await page.locator('#file-error').textContent()).toContain('PDF');
      // a PNG and a PDF
      await uploadThroughPage(page, 'OWNERSHIP_CERTIFICATE', {
        name: '承包经营权证.png',
        mimeType: 'image/png',
        buffer: PNG_BYTES,
      });
      expect(page.url()).toContain('done=uploaded');
      await uploadThroughPage(page, 'OTHER', { name: '地块图.pdf', mimeType: 'application/pdf', buffer: PDF_FILE });
      expect(await page.locator('.documents li').allTextContents()).toEqual([
        expect.stringContaining('承包经营权证.png'),
        expect.stringContaining('地块图.pdf'),
      ]);
      expect(await page.locator('.missing-documents').count()).toBe(0);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('.documents a >> text=地块图.pdf'),
      ]);
      expect(download.suggestedFilename()).toBe('地块图.pdf');

      // submit
      await Promise.all([page.waitForURL(/done=submitted/), page.click('button:has-text("提交审核")')]);
      expect(await page.locator('.badge').first().textContent()).toBe('待审核');

      // a clerk returns it (API): the comment shows on the page and in the timeline
      await t.http
        .post(`/api/v1/listings/${id}/review`)
        .set('Authorization', clerk.auth)
        .send({ decision: 'RETURN', comment: '请补充地块四至的村委会证明' })
        .expect(200);
      await page.goto(`/desk/listings/${id}`);
      const steps = await page.locator('.timeline li .what').allTextContents();
      expect(steps).toEqual([
        '创建挂牌草稿',
        '上传材料：权属证明',
        '上传材料：其他材料',
        '提交审核',
        `工作人员 ${clerk.name}：退回修改`,
      ]);
      expect(await page.locator('.timeline li .comment').textContent()).toBe('意见：请补充地块四至的村委会证明');
      expect(await page.locator('.review-comment').textContent()).toContain('请补充地块四至的村委会证明');

      // edit (the same form, prefilled) and submit again
      await page.click('a:has-text("修改挂牌信息")');
      expect(await page.inputValue('#f-deposit')).toBe('2000.50');
      expect(await page.inputValue('#f-attr-parcelCodes')).toBe('1307281002130100001，1307281002130100002');
      await page.fill('#f-description', '附村委会四至证明');
      await page.fill('#f-termYears', '');
      await Promise.all([page.waitForLoadState('load'), page.click('button[value="save"]')]);
      expect(await page.locator('#f-termYears-error').textContent()).toBe('请填写流转期限（年）');
      await page.fill('#f-termYears', '5');
      await Promise.all([page.waitForURL(/done=saved/), page.click('button[value="save"]')]);
      await Promise.all([page.waitForURL(/done=submitted/), page.click('button:has-text("提交审核")')]);
      expect(await page.locator('.timeline li .what').allTextContents()).toEqual(
        expect.arrayContaining(['修改挂牌信息']),
      );
      expect(errors).toEqual([]);
    } finally {
      await visitor.close();
    }
  });

  it('every page is sound (200, no console error, no sideways scroll, axe, works without JavaScript)', async () => {
    const farmer = await t.given.seller();
    const collective = await t.given.collective();
    const draft = await t.http
      .post('/api/v1/listings')
      .set('Authorization', farmer.auth)
      .send(landDraftBody('页面检查用承包地'))
      .expect(201);
    const id = draft.body.id as string;
    for (const path of [
      '/desk/listings/new',
      '/desk/listings/new?category=LAND_CONTRACT',
      '/desk/listings/new?category=RURAL_HOUSING',
      `/desk/listings/${id}`,
      `/desk/listings/${id}/edit`,
      '/desk',
    ]) {
      await expectSoundPage(t, path, cookiesOf(farmer));
    }
    // a collective: its resolution fields, its own village only
    await expectSoundPage(t, '/desk/listings/new?category=FOUR_WASTES', cookiesOf(collective));
    const visitor = await signedIn(collective);
    try {
      const page = await visitor.newPage();
      await page.goto('/desk/listings/new?category=FOUR_WASTES');
      expect(await page.locator('#f-villageCode option[value]:not([value=""])').count()).toBe(1);
      expect(await page.locator('#f-res-votesFor').count()).toBe(1);
    } finally {
      await visitor.close();
    }
  });

  it('a file over 10 MiB: 413 in Chinese beside the file field', async () => {
    const farmer = await t.given.seller();
    const draft = await t.http
      .post('/api/v1/listings')
      .set('Authorization', farmer.auth)
      .send(landDraftBody('大文件测试承包地'))
      .expect(201);
    const visitor = await signedIn(farmer);
    try {
      const page = await visitor.newPage();
      await page.goto(`/desk/listings/${draft.body.id}`);
      const big = Buffer.concat([PNG_BYTES, Buffer.alloc(10 * 1024 * 1024)]);
      await uploadThroughPage(page, 'OWNERSHIP_CERTIFICATE', { name: 'big.png', mimeType: 'image/png', buffer: big });
      expect(await page.locator('#file-error').textContent()).toBe('文件不得超过 10 MiB');
      expect(await page.locator('.documents li').count()).toBe(0);
    } finally {
      await visitor.close();
    }
  });

  it('pages guard who may see and act: another seller gets 404, a buyer cannot open the wizard, POSTs need the CSRF token', async () => {
    const farmer = await t.given.seller();
    const other = await t.given.seller();
    const buyer = await t.given.buyer();
    const draft = await t.http
      .post('/api/v1/listings')
      .set('Authorization', farmer.auth)
      .send(landDraftBody('他人的草稿'))
      .expect(201);
    const id = draft.body.id as string;
    const visitor = await signedIn(other);
    const buyerVisitor = await signedIn(buyer);
    try {
      expect((await visitor.request.get(`/desk/listings/${id}`)).status()).toBe(404);
      expect((await visitor.request.get(`/desk/listings/${id}/edit`)).status()).toBe(404);
      const post = await visitor.request.post(`/desk/listings/${id}/submit`, { form: {} });
      expect(post.status()).toBe(403); // no CSRF token
      const wizard = await buyerVisitor.request.get('/desk/listings/new');
      expect(wizard.status()).toBe(403);
    } finally {
      await visitor.close();
      await buyerVisitor.close();
    }
  });
});
