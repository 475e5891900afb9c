import type { BrowserContext, Page } from 'playwright-core';
import { createWebTestApp, expectSoundPage, newVisitor, sessionCookies, WebTestContext } from './support/browser';
import { Actor } from './support/given';
import { fillLandContractForm, PDF_FILE, PNG_BYTES, uploadThroughPage } from './support/seller-pages';

/**
 * 代办挂牌 (issue 13 "Assisted listing"): a clerk at a township station drafts and submits a listing for a farmer who
 * came in person, with the farmer's signed authorization; audited as done on the farmer's behalf, visible to the
 * farmer; the assisting clerk never reviews it.
 */
describe('assisted listing (/desk/assisted/new)', () => {
  let t: WebTestContext;
  beforeAll(async () => {
    t = await createWebTestApp();
  });
  afterAll(() => t.close());

  async function signedIn(actor: Actor): Promise<{ visitor: BrowserContext; page: Page }> {
    const visitor = await newVisitor(t);
    await visitor.addCookies(sessionCookies(t, actor));
    return { visitor, page: await visitor.newPage() };
  }

  async function lookUp(page: Page, phone: string): Promise<void> {
    await page.goto('/desk/assisted/new');
    await page.fill('#phone', phone);
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("查找")')]);
  }

  it('a clerk lists for a farmer through the pages; AUTHORIZATION needed to submit; audited on the farmer’s behalf; another clerk reviews', async () => {
    const farmer = await t.given.seller();
    const clerk = await t.given.clerk();
    const otherClerk = await t.given.clerk();
    const { visitor, page } = await signedIn(clerk);
    let id: string;
    try {
      // the clerk's desk leads to 代办挂牌; the farmer found by phone, name and masked ID shown
      await page.goto('/desk');
      await page.click('a.assisted-link');
      expect(new URL(page.url()).pathname).toBe('/desk/assisted/new');
      await lookUp(page, farmer.phone);
      expect(new URL(page.url()).searchParams.get('seller')).toBe(farmer.id);
      expect(await page.locator('.client-name').textContent()).toBe(farmer.name);
      expect(await page.locator('.assisted-client').textContent()).toMatch(/\d{6}\*{8}[\dX]{4}/);
      await page.click('text=农村承包土地经营权');
      expect(await page.locator('h1').textContent()).toBe('代办挂牌');
      expect(await page.locator('.client-name').textContent()).toBe(farmer.name);

      // the same form: an error beside its field, then the draft
      await fillLandContractForm(page, { '#f-title': '代办：王家 12.5 亩水浇地出租', '#f-areaMu': '' });
      await Promise.all([page.waitForLoadState('load'), page.click('button[value="save"]')]);
      expect(await page.locator('#f-areaMu-error').textContent()).toBe('请填写面积（亩）');
      expect(await page.locator('.client-name').textContent()).toBe(farmer.name);
      await page.fill('#f-areaMu', '12.5');
      await Promise.all([
        page.waitForURL(/\/desk\/listings\/[0-9a-f-]{36}\?done=created$/),
        page.click('button[value="save"]'),
      ]);
      id = new URL(page.url()).pathname.split('/')[3];
      expect(await page.locator('.assisted-by').textContent()).toContain(`代办：${clerk.name}`);
      expect(await page.locator('.missing-documents').textContent()).toContain('授权委托书');

      // submit without the farmer's authorization → DOCUMENT_MISSING in Chinese
      await uploadThroughPage(page, 'OWNERSHIP_CERTIFICATE', {
        name: '权证.png',
        mimeType: 'image/png',
        buffer: PNG_BYTES,
      });
      await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("提交审核")')]);
      expect(await page.locator('#submit-error').textContent()).toBe('缺少必需的材料：授权委托书，请先上传');
      // with it → SUBMITTED
      await uploadThroughPage(page, 'AUTHORIZATION', {
        name: '授权委托书.pdf',
        mimeType: 'application/pdf',
        buffer: PDF_FILE,
      });
      await Promise.all([page.waitForURL(/done=submitted/), page.click('button:has-text("提交审核")')]);
      expect(await page.locator('.badge').first().textContent()).toBe('待审核');
      // once submitted the clerk no longer edits it
      expect((await visitor.request.get(`/desk/listings/${id}/edit`)).status()).toBe(409);
    } finally {
      await visitor.close();
    }

    // the API: the farmer owns it, assistedBy is the clerk (owner and staff views only)
    const own = await t.http.get(`/api/v1/listings/${id}`).set('Authorization', farmer.auth).expect(200);
    expect(own.body).toMatchObject({
      status: 'SUBMITTED',
      ownerId: farmer.id,
      assistedBy: { id: clerk.id, name: clerk.name },
    });

    // the audit trail: the clerk as actor, on the farmer's behalf
    const audit = await t.http
      .get(`/api/v1/audit?entityType=listing&entityId=${id}&pageSize=100`)
      .set('Authorization', clerk.auth)
      .expect(200);
    const entries = audit.body.items as { action: string; actorId: string; details: Record<string, unknown> }[];
    for (const action of ['listing.created', 'listing.document_uploaded', 'listing.submitted']) {
      const entry = entries.find((e) => e.action === action);
      expect({ action, actorId: entry?.actorId, onBehalfOf: entry?.details.onBehalfOf }).toEqual({
        action,
        actorId: clerk.id,
        onBehalfOf: farmer.id,
      });
    }

    // the farmer sees it: 代办 with the clerk's name on the desk, 工作人员 X 代为… in the timeline
    const farmerSide = await signedIn(farmer);
    try {
      await farmerSide.page.goto('/desk');
      const card = farmerSide.page.locator('.my-listing', { hasText: '代办：王家 12.5 亩水浇地出租' });
      expect(await card.locator('.assisted-by').textContent()).toBe(`代办：${clerk.name}`);
      await card.locator('h3 a').click();
      const steps = await farmerSide.page.locator('.timeline li .what').allTextContents();
      expect(steps).toEqual(
        expect.arrayContaining([
          `工作人员 ${clerk.name} 代为创建挂牌草稿`,
          `工作人员 ${clerk.name} 代为上传材料：授权委托书`,
          `工作人员 ${clerk.name} 代为提交审核`,
        ]),
      );
    } finally {
      await farmerSide.visitor.close();
    }

    // the assisting clerk may not review it: not in their 待审核, no review form on its work page, 403 from the API
    const queueOf = async (who: typeof clerk) => {
      const desk = await signedIn(who);
      try {
        await desk.page.goto('/desk/queues/review');
        const rows = await desk.page.locator('tr.queue-item').allTextContents();
        await desk.page.goto(`/desk/work/listings/${id}`);
        const reviewButtons = await desk.page.getByRole('button', { name: '审核通过' }).count();
        return { listed: rows.some((row) => row.includes('王家 12.5 亩水浇地出租')), reviewButtons };
      } finally {
        await desk.visitor.close();
      }
    };
    expect(await queueOf(clerk)).toEqual({ listed: false, reviewButtons: 0 });
    expect(await queueOf(otherClerk)).toEqual({ listed: true, reviewButtons: 1 });
    await t.http
      .post(`/api/v1/listings/${id}/review`)
      .set('Authorization', clerk.auth)
      .send({ decision: 'APPROVE' })
      .expect(403);
    const approved = await t.http
      .post(`/api/v1/listings/${id}/review`)
      .set('Authorization', otherClerk.auth)
      .send({ decision: 'APPROVE' })
      .expect(200);
    expect(approved.body.status).toBe('APPROVED');
    // the assisting clerk's help ends at submission: editing now is refused (409), and the farmer's authorization
    // never reaches the public once the listing is announced
    await t.http
      .patch(`/api/v1/listings/${id}`)
      .set('Authorization', clerk.auth)
      .send({ title: '改个名字' })
      .expect(409);
    await t.http
      .post(`/api/v1/listings/${id}/publish`)
      .set('Authorization', otherClerk.auth)
      .send({ announcementEndsAt: new Date(Date.now() + 3_600_000).toISOString() })
      .expect(200);
    const publicDocs = await t.http.get(`/api/v1/listings/${id}/documents`).expect(200);
    const kinds = (publicDocs.body.items as { kind: string }[]).map((d) => d.kind);
    expect(kinds).toContain('OWNERSHIP_CERTIFICATE');
    expect(kinds).not.toContain('AUTHORIZATION');
    const ownerDocs = await t.http
      .get(`/api/v1/listings/${id}/documents`)
      .set('Authorization', farmer.auth)
      .expect(200);
    expect((ownerDocs.body.items as { kind: string }[]).map((d) => d.kind)).toContain('AUTHORIZATION');
  });

  it('finds only a seller account of a farmer or a collective, in Chinese beside the phone', async () => {
    const clerk = await t.given.clerk();
    const colleague = await t.given.clerk();
    const buyer = await t.given.buyer();
    const { visitor, page } = await signedIn(clerk);
    try {
      await lookUp(page, '13900000000');
      expect(await page.locator('#phone-error').textContent()).toContain('未找到该手机号的账号');
      expect(await page.inputValue('#phone')).toBe('13900000000');
      await lookUp(page, colleague.phone);
      expect(await page.locator('#phone-error').textContent()).toBe('不能为工作人员账号代办挂牌');
      await lookUp(page, buyer.phone);
      expect(await page.locator('#phone-error').textContent()).toContain('不是出让方账号');
      await lookUp(page, '123');
      expect(await page.locator('#phone-error').textContent()).toBe('请填写 11 位手机号');
      // a seller cannot open the clerk's page
      const seller = await t.given.seller();
      const sellerSide = await signedIn(seller);
      try {
        expect((await sellerSide.visitor.request.get('/desk/assisted/new')).status()).toBe(403);
      } finally {
        await sellerSide.visitor.close();
      }
    } finally {
      await visitor.close();
    }
  });

  it('every assisted page is sound', async () => {
    const farmer = await t.given.seller();
    const clerk = await t.given.clerk();
    const cookies = sessionCookies(t, clerk);
    for (const path of [
      '/desk/assisted/new',
      `/desk/assisted/new?seller=${farmer.id}`,
      `/desk/assisted/new?seller=${farmer.id}&category=LAND_CONTRACT`,
      '/desk',
    ]) {
      await expectSoundPage(t, path, cookies);
    }
    const collective = await t.given.collective();
    await expectSoundPage(t, `/desk/assisted/new?seller=${collective.id}&category=AGRI_PROJECT`, cookies);
  });
});
