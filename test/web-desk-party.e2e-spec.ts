import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { createWebTestApp, expectSoundPage, newVisitor, sessionCookies, WebTestContext } from './support/browser';
import { singleBidderDeal, TestClock } from './support/clock';
import { contractFor, DealFixture, signers, statementOf } from './support/deals';
import { Actor } from './support/given';
import { PDF_BYTES } from './support/listings';

/**
 * The pages of a deal's parties (issue 13, "Sellers" part 2, and the buyer's side): the contract page
 * (`/desk/contracts/:id`: signing, the signed scan, the schedule, the statement, the certificate), the seller's deals
 * on `/desk`, `/desk/payments` (the caller's ledger entries) and `/desk/notifications`. Set up through the API with
 * the test clock: a 3-year land lease priced per year, one bidder.
 */
describe('the parties’ pages: contract, payments, notifications', () => {
  let t: WebTestContext;
  let clock: TestClock;
  let f: DealFixture;
  let contract: { id: string; contractNo: string; sellerId: string; buyerId: string };
  let seller: Actor;
  let buyer: Actor;

  const SELLER_ADDRESS = '怀安县柴沟堡镇西沙洼村 1 号';
  const SELLER_SIGN_ADDRESS = '怀安县柴沟堡镇西沙洼村 8 号';
  const BUYER_ADDRESS = '怀安县柴沟堡镇东沙洼村 5 号';

  beforeAll(async () => {
    t = await createWebTestApp({ TEST_CLOCK: 'true' });
    clock = new TestClock(t, await t.given.admin());
    await clock.moveTo('2027-03-01');
    // 12,000.00 元 a year for 3 years (deposit 2,400.00 元): 36,000.00 元 in all
    f = await singleBidderDeal(t, clock, {
      code: 'LAND_CONTRACT',
      overrides: {
        title: '三年租期的承包地',
        priceUnit: 'PER_YEAR',
        reservePriceFen: 1_200_000,
        termYears: 3,
        depositFen: 240_000,
        incrementFen: 10_000,
      },
      announcementEndsAt: TestClock.china('2027-03-03'),
    });
    contract = await contractFor(t, f);
    ({ seller, buyer } = signers(f, contract));
    await t.http.patch('/api/v1/me').set('Authorization', seller.auth).send({ address: SELLER_ADDRESS }).expect(200);
    await t.http.patch('/api/v1/me').set('Authorization', buyer.auth).send({ address: BUYER_ADDRESS }).expect(200);
  }, 90_000);
  afterAll(() => t.close());

  const cookiesOf = (actor: Actor): Cookie[] => sessionCookies(t, actor);

  async function browse<T>(actor: Actor, run: (visitor: BrowserContext) => Promise<T>): Promise<T> {
    const visitor = await newVisitor(t);
    try {
      await visitor.addCookies(cookiesOf(actor));
      return await run(visitor);
    } finally {
      await visitor.close();
    }
  }

  async function open(visitor: BrowserContext, path: string): Promise<Page> {
    const page = await visitor.newPage();
    const res = await page.goto(path);
    expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
    return page;
  }

  const contractPath = () => `/desk/contracts/${contract.id}`;

  async function contractOf(actor: Actor) {
    return (await t.http.get(`/api/v1/contracts/${contract.id}`).set('Authorization', actor.auth).expect(200)).body;
  }

  it('the seller signs on the contract page with an edited address, written into the text', async () => {
    await browse(seller, async (visitor) => {
      const page = await open(visitor, contractPath());
      expect(await page.locator('h1').textContent()).toBe(`合同 ${contract.contractNo}`);
      expect(await page.locator('.contract-status').textContent()).toContain('待签署');
      expect(await page.locator('.contract-text').textContent()).toContain('三年租期的承包地');
      const address = page.locator('input#address');
      expect(await address.inputValue()).toBe(SELLER_ADDRESS); // prefilled from the account
      await address.fill(SELLER_SIGN_ADDRESS);
      await Promise.all([page.waitForURL(/done=signed/), page.getByRole('button', { name: '签署合同' }).click()]);
      expect(await page.locator('p.ok').textContent()).toBe('您已签署合同。');
      expect(await page.locator('.contract-text').textContent()).toContain(SELLER_SIGN_ADDRESS);
      expect(await page.locator('li.signature[data-party="SELLER"]').textContent()).toContain('已于');
      expect(await page.locator('form.sign-form').count()).toBe(0);
    });
    const body = await contractOf(seller);
    expect(body.status).toBe('AWAITING_SIGNATURES');
    expect(body.signatures.map((s: { party: string }) => s.party)).toEqual(['SELLER']);
    expect(body.textZh).toContain(SELLER_SIGN_ADDRESS);
  });

  it('the buyer signs in its own browser; a second signature (a stale tab) gets the Chinese message', async () => {
    await browse(buyer, async (visitor) => {
      const first = await open(visitor, contractPath());
      const stale = await open(visitor, contractPath());
      expect(await first.locator('input#address').inputValue()).toBe(BUYER_ADDRESS);
      await Promise.all([first.waitForURL(/done=signed/), first.getByRole('button', { name: '签署合同' }).click()]);
      expect(await first.locator('.contract-status').textContent()).toContain('已签署');
      expect(await first.locator('.contract-text').textContent()).toContain(BUYER_ADDRESS);

      const [res] = await Promise.all([
        stale.waitForResponse((r) => r.request().method() === 'POST'),
        stale.getByRole('button', { name: '签署合同' }).click(),
      ]);
      expect(res.status()).toBe(409);
      await stale.waitForLoadState();
      expect(await stale.locator('#sign-error').textContent()).toBe('您已签署该合同');
    });
    const body = await contractOf(buyer);
    expect(body).toMatchObject({ status: 'SIGNED', dealStatus: 'CONTRACTED' });
    expect(body.textZh).toContain(BUYER_ADDRESS);
  });

  it('the rent schedule of the 3-year lease: one instalment a year, the first due on the handover date', async () => {
    await browse(buyer, async (visitor) => {
      const page = await open(visitor, contractPath());
      const rows = page.locator('tr.instalment');
      expect(await rows.count()).toBe(3);
      const body = await contractOf(buyer);
      const startsOn = body.startsOn as string;
      const year = Number(startsOn.slice(0, 4));
      for (let k = 0; k < 3; k++) {
        const text = (await rows.nth(k).textContent()) ?? '';
        expect(text).toContain(`第 ${k + 1} 期`);
        expect(text).toContain(`${year + k}${startsOn.slice(4)}`);
        expect(text).toContain('12,000.00 元');
      }
      const statement = (await page.locator('dl.statement').textContent()) ?? '';
      expect(statement).toContain('36,000.00 元');
      expect(statement).toContain('2,400.00 元');
    });
  });

  it('a party uploads the signed scan (a file of another type is refused next to the field)', async () => {
    await browse(seller, async (visitor) => {
      const page = await open(visitor, contractPath());
      await page
        .locator('input#file')
        .setInputFiles({ name: '合同.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: '上传扫描件' }).click(),
      ]);
      expect(res.status()).toBe(422);
      await page.waitForLoadState();
      expect(await page.locator('#file-error').textContent()).toContain('PDF');
      expect(await page.locator('input#file').getAttribute('aria-invalid')).toBe('true');

      await page
        .locator('input#file')
        .setInputFiles({ name: '签字合同.pdf', mimeType: 'application/pdf', buffer: PDF_BYTES });
      await Promise.all([page.waitForURL(/done=uploaded/), page.getByRole('button', { name: '上传扫描件' }).click()]);
      expect(await page.locator('ul.documents').textContent()).toContain('签字合同.pdf');
    });
    const docs = await t.http
      .get(`/api/v1/contracts/${contract.id}/documents`)
      .set('Authorization', buyer.auth)
      .expect(200);
    expect(docs.body.items).toEqual([expect.objectContaining({ kind: 'SIGNED_CONTRACT', fileName: '签字合同.pdf' })]);
  });

  it('after payment and settlement: the seller sees the payout on /desk/payments, the buyer the certificate', async () => {
    const { outstandingFen } = await statementOf(t, f.clerk, contract.id);
    await t.http
      .post(`/api/v1/contracts/${contract.id}/payments`)
      .set('Authorization', f.clerk.auth)
      .send({ amountFen: outstandingFen, bankRef: 'Y1' })
      .expect(201);
    const settled = await t.http
      .post(`/api/v1/contracts/${contract.id}/settle`)
      .set('Authorization', f.clerk.auth)
      .send({ bankRef: 'Y1-OUT' })
      .expect(200);
    const certificateNo = settled.body.certificateNo as string;
    const { disbursedToSellerFen } = await statementOf(t, seller, contract.id);
    expect(disbursedToSellerFen).toBe(1_200_000);

    await browse(seller, async (visitor) => {
      const page = await open(visitor, '/desk/payments');
      expect(await page.locator('h1').textContent()).toBe('收款与付款记录');
      const payout = page.locator('tr.ledger-entry[data-kind="PAYOUT"]');
      expect(await payout.count()).toBe(1);
      expect(await payout.textContent()).toContain('已支付给出让方');
      expect(await payout.textContent()).toContain('12,000.00 元');
      expect(await payout.locator(`a[href="${contractPath()}"]`).textContent()).toBe(contract.contractNo);

      const desk = await open(visitor, '/desk');
      const deal = desk.locator('li.my-deal');
      expect(await deal.count()).toBe(1);
      expect(await deal.locator('.deal-status').textContent()).toBe('已结算');
      expect(await deal.locator(`a[href="${contractPath()}"]`).count()).toBeGreaterThan(0);
    });

    await browse(buyer, async (visitor) => {
      const page = await open(visitor, contractPath());
      expect(await page.locator('.certificate-no').textContent()).toBe(certificateNo);
      const pdfHref = await page.locator('a.certificate-pdf').getAttribute('href');
      expect(pdfHref).toBe(`/desk/certificates/${encodeURIComponent(certificateNo)}/pdf`);
      const pdf = await visitor.request.get(pdfHref!);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toContain('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      const verify = await page.locator('a.certificate-verify').getAttribute('href');
      expect(verify).toMatch(new RegExp(`^/verify/${certificateNo}\\?code=`));
      const check = await open(visitor, verify!);
      expect(await check.locator('main').textContent()).toContain(certificateNo);

      // /me links the contract to its page
      const me = await open(visitor, '/me');
      expect(await me.locator(`a[href="${contractPath()}"]`).count()).toBeGreaterThan(0);
      const payments = await open(visitor, '/desk/payments');
      const kinds = await payments
        .locator('tr.ledger-entry')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
      expect(kinds).toEqual(expect.arrayContaining(['DEPOSIT_RECORDED', 'DEPOSIT_APPLIED', 'PAYMENT_RECEIVED']));
      expect(kinds).not.toContain('PAYOUT');
    });
    // another user gets no certificate
    const stranger = await t.given.buyer();
    await browse(stranger, async (visitor) => {
      const res = await visitor.request.get(`/desk/certificates/${encodeURIComponent(certificateNo)}/pdf`);
      expect(res.status()).toBe(404);
      const page = await visitor.newPage();
      expect((await page.goto(contractPath()))?.status()).toBe(404);
    });
  });

  it('notifications: listed newest first with the unread ones marked; one marked read (checked through the API)', async () => {
    const api = async () =>
      (await t.http.get('/api/v1/me/notifications?pageSize=100').set('Authorization', buyer.auth).expect(200)).body
        .items as { id: string; title: string; readAt: string | null; contractId?: string | null }[];
    const before = await api();
    expect(before.length).toBeGreaterThan(0);
    const unread = before.filter((n) => !n.readAt);
    expect(unread.length).toBeGreaterThan(0);
    await browse(buyer, async (visitor) => {
      const page = await open(visitor, '/desk/notifications');
      expect(await page.locator('h1').textContent()).toBe('消息通知');
      const cards = page.locator('li.notification');
      expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(
        before.map((n) => n.id),
      );
      expect(await page.locator('li.notification.unread').count()).toBe(unread.length);
      expect(await page.locator('.nav-messages').textContent()).toBe(`消息（${unread.length}）`);
      const signBy = before.find((n) => n.contractId === contract.id);
      if (signBy) {
        expect(await cards.filter({ has: page.locator(`a[href="${contractPath()}"]`) }).count()).toBeGreaterThan(0);
      }
      const target = unread[0];
      const card = page.locator(`li.notification[data-id="${target.id}"]`);
      await Promise.all([page.waitForURL(/done=read/), card.getByRole('button', { name: '标为已读' }).click()]);
      expect(await page.locator('p.ok').textContent()).toBe('已标为已读。');
      expect(await page.locator(`li.notification[data-id="${target.id}"]`).getAttribute('class')).not.toContain(
        'unread',
      );
      expect(await page.locator('.unread-count').textContent()).toBe(String(unread.length - 1));
    });
    const after = await api();
    expect(after.find((n) => n.id === unread[0].id)?.readAt).toEqual(expect.any(String));
    expect(after.filter((n) => !n.readAt).length).toBe(unread.length - 1);
    // another's notification cannot be marked
    await browse(seller, async (visitor) => {
      const page = await open(visitor, '/desk/notifications');
      const token = await page.locator('input[name="_csrf"]').first().inputValue();
      const res = await visitor.request.post(`/desk/notifications/${after[0].id}/read`, {
        form: { _csrf: token },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(404);
    });
  });

  it('a procurement: the purchasing collective accepts the works on the contract page (the note is required)', async () => {
    await clock.moveTo('2027-05-10');
    const p = await singleBidderDeal(t, clock, {
      code: 'AGRI_PROJECT',
      overrides: {
        title: '村内道路硬化工程',
        priceUnit: 'TOTAL',
        reservePriceFen: 50_000_000,
        incrementFen: 100_000,
        depositFen: 5_000_000,
        attributes: {
          projectType: 'WORKS',
          scope: '村内道路硬化工程，长1.2公里，宽4.5米',
          budgetFen: 50_000_000,
          deliveryDays: 90,
          advancePercent: 30,
          warrantyMonths: 12,
        },
      },
      buyerType: 'ORGANIZATION',
      offerFen: 48_000_000,
      announcementEndsAt: TestClock.china('2027-05-12'),
    });
    const procurement = await contractFor(t, p);
    const parties = signers(p, procurement);
    expect(parties).toEqual({
      seller: expect.objectContaining({ id: p.winner.id }),
      buyer: expect.objectContaining({ id: p.seller.id }),
    });
    const path = `/desk/contracts/${procurement.id}`;
    for (const party of [parties.seller, parties.buyer]) {
      await browse(party, async (visitor) => {
        const page = await open(visitor, path);
        await Promise.all([page.waitForURL(/done=signed/), page.getByRole('button', { name: '签署合同' }).click()]);
        // the supplier is paid: no acceptance form for it
        expect(await page.locator('form.acceptance-form').count()).toBe(party === parties.buyer ? 1 : 0);
      });
    }
    await browse(parties.buyer, async (visitor) => {
      const page = await open(visitor, path);
      expect(await page.locator('tr.instalment').count()).toBe(2); // the advance and the balance
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: '提交验收' }).click(),
      ]);
      expect(res.status()).toBe(400);
      expect(await page.locator('#note-error').textContent()).toBe('请填写验收意见（不超过 2000 字）');
      await page.locator('textarea#note').fill('道路已按设计完工，验收合格');
      await Promise.all([page.waitForURL(/done=accepted/), page.getByRole('button', { name: '提交验收' }).click()]);
      expect(await page.locator('main').textContent()).toContain('验收意见：道路已按设计完工，验收合格');
      expect(await page.locator('form.acceptance-form').count()).toBe(0);
    });
    const body = (
      await t.http.get(`/api/v1/contracts/${procurement.id}`).set('Authorization', p.clerk.auth).expect(200)
    ).body;
    expect(body.acceptance).toMatchObject({ purchaserAcceptedAt: expect.any(String), clerkAcceptedAt: null });
  });

  it('every party page is sound (200, no console error, no sideways scroll at 360 px, axe, no JavaScript)', async () => {
    for (const path of [contractPath(), '/desk/payments', '/desk/notifications', '/desk']) {
      await expectSoundPage(t, path, cookiesOf(seller));
    }
    for (const path of [contractPath(), '/desk/payments', '/desk/notifications', '/me']) {
      await expectSoundPage(t, path, cookiesOf(buyer));
    }
  });
});
