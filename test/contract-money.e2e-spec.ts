import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ContractsService } from '../src/contracts/contracts.service';
import { balances, expectLedgerOk } from './support/auction-helpers';
import { TestClock, singleBidderDeal } from './support/clock';
import { dealAs, dealEntries, DealFixture, fullStatementOf, InstalmentBody, instalmentsOf } from './support/deals';
import { expectError, fieldsOf } from './support/errors';
import { Actor } from './support/given';
import { ListingFactory, PDF_BYTES } from './support/listings';
import { bootApp, createTestApp, TestContext } from './support/test-app';

/**
 * Contracts and money as practice runs them (issue 10; DOMAIN.md §2 steps 8-9, API.md "Deals and contracts (v1.1)"),
 * walked with the test clock (`TEST_CLOCK=true`, `PUT /admin/clock`): a 10-year land lease paid year by year (on
 * time, late with a late fee, the amount paid but not the late fee), and a village's road procurement through its
 * advance, acceptance, balance, retention and release. Every figure is computed by hand in the comments.
 */

const url = (path: string) => `/api/v1${path}`;

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  dealId?: string | null;
  contractId?: string | null;
}

describe('the test clock (TEST_CLOCK=true)', () => {
  let t: TestContext;
  let admin: Actor;
  beforeAll(async () => {
    t = await createTestApp({ TEST_CLOCK: 'true' });
    admin = await t.given.admin();
  });
  afterAll(() => t.close());

  it('only an admin moves it, only forward; the offset is kept in the database for every instance', async () => {
    const start = await t.http.get(url('/admin/clock')).set('Authorization', admin.auth).expect(200);
    expect(Math.abs(start.body.offsetSeconds)).toBeLessThan(5);
    expect(Math.abs(Date.parse(start.body.now) - Date.now())).toBeLessThan(5000);

    const clerk = await t.given.clerk();
    const target = '2031-06-01T08:00:00+08:00';
    expectError(await t.http.put(url('/admin/clock')).send({ now: target }), 401, 'UNAUTHENTICATED');
    expectError(
      await t.http.put(url('/admin/clock')).set('Authorization', clerk.auth).send({ now: target }),
      403,
      'FORBIDDEN',
    );
    for (const body of [{}, { now: 'tomorrow' }, { now: '2031-02-30T00:00:00Z' }, { now: target, by: 'me' }]) {
      const res = await t.http.put(url('/admin/clock')).set('Authorization', admin.auth).send(body);
      expectError(res, 400, 'VALIDATION_FAILED');
    }

    const moved = await t.http.put(url('/admin/clock')).set('Authorization', admin.auth).send({ now: target });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ now: '2031-06-01T00:00:00.000Z', offsetSeconds: expect.any(Number) });
    const expectedOffset = (Date.parse(target) - Date.now()) / 1000;
    expect(Math.abs(moved.body.offsetSeconds - expectedOffset)).toBeLessThan(5);

    const back = await t.http
      .put(url('/admin/clock'))
      .set('Authorization', admin.auth)
      .send({ now: '2031-05-31T08:00:00+08:00' });
    expectError(back, 409, 'CLOCK_BACKWARDS');
    const [row] = await t.db.query(`SELECT offset_seconds FROM platform_offset WHERE id = 1`);
    expect(Math.abs(Number(row.offset_seconds) - moved.body.offsetSeconds)).toBeLessThan(0.001);

    if (!t.database.embedded) {
      // another instance on the same database runs on the same clock (a restart too)
      const dataDir = mkdtempSync(join(tmpdir(), 'nongjiao-clock-b-'));
      const other = await bootApp(t.database.url, { TEST_CLOCK: 'true', DATA_DIR: dataDir }, false);
      try {
        const seen = await request(other.getHttpServer())
          .get(url('/admin/clock'))
          .set('Authorization', admin.auth)
          .expect(200);
        expect(Math.abs(Date.parse(seen.body.now) - Date.parse(target))).toBeLessThan(5000);
      } finally {
        await other.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }

    // deadlines follow it: an announcement ending tomorrow by the wall clock has already ended on the platform's
    const { listing, clerk: reviewer } = await new ListingFactory(t.http, t.given).approved('LAND_CONTRACT');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const publish = (announcementEndsAt: string) =>
      t.http
        .post(url(`/listings/${listing.id}/publish`))
        .set('Authorization', reviewer.auth)
        .send({ announcementEndsAt });
    const refused = await publish(tomorrow);
    expectError(refused, 422, 'ANNOUNCEMENT_TOO_SHORT');
    expect(fieldsOf(refused)).toEqual(['announcementEndsAt']);
    const published = await publish('2031-06-02T09:00:00+08:00');
    expect(published.status).toBe(200);
    // the HTTP Date header keeps the wall clock
    expect(new Date(published.headers.date).getUTCFullYear()).toBe(new Date().getUTCFullYear());
  });
});

describe('without TEST_CLOCK the clock cannot be moved', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('PUT and GET /admin/clock answer 404, even to an admin', async () => {
    const admin = await t.given.admin();
    const put = await t.http
      .put(url('/admin/clock'))
      .set('Authorization', admin.auth)
      .send({ now: '2031-01-01T00:00:00Z' });
    expectError(put, 404, 'NOT_FOUND');
    expectError(await t.http.get(url('/admin/clock')).set('Authorization', admin.auth), 404, 'NOT_FOUND');
  });
});

describe('a 10-year land lease, paid year by year under the test clock', () => {
  let t: TestContext;
  let clock: TestClock;
  let f: DealFixture;
  let lessor: Actor;
  let lessee: Actor;
  let contractId: string;

  // 12,000.00 元 a year asked (deposit 20 %: 2,400.00 元); the single lessee offers 12,500.00 元 a year, so the deal
  // is at 12,500.00 × 10 years = 125,000.00 元. Fee: the first band, 1.3 % = 1,625.00 元 (the farmer is exempt),
  // 162.50 元 on each year's rent. Each year: 1,250,000 + 16,250 = 1,266,250 fen.
  const YEAR = 1_250_000;
  const YEAR_FEE = 16_250;
  const DEPOSIT = 240_000;
  const dueOn = (no: number) => `${2026 + no}-04-01`;

  beforeAll(async () => {
    t = await createTestApp({ TEST_CLOCK: 'true' });
    clock = new TestClock(t, await t.given.admin());
    await clock.moveTo('2027-03-01');
    f = await singleBidderDeal(t, clock, {
      code: 'LAND_CONTRACT',
      overrides: { reservePriceFen: 1_200_000, termYears: 10, depositFen: DEPOSIT, incrementFen: 10_000 },
      offerFen: 1_250_000,
      announcementEndsAt: TestClock.china('2027-03-03'),
    });
    lessor = f.seller;
    lessee = f.winner;
  }, 60_000);
  afterAll(() => t.close());

  async function pay(amountFen: number, bankRef: string) {
    return t.http
      .post(url(`/contracts/${contractId}/payments`))
      .set('Authorization', f.clerk.auth)
      .set('Idempotency-Key', `${bankRef}-${randomUUID()}`)
      .send({ amountFen, bankRef });
  }

  function settle(no: number, bankRef: string) {
    const path = no === 1 ? `/contracts/${contractId}/settle` : `/contracts/${contractId}/instalments/${no}/settle`;
    return t.http.post(url(path)).set('Authorization', f.clerk.auth).send({ bankRef });
  }

  async function instalment(no: number): Promise<InstalmentBody> {
    return (await instalmentsOf(t, lessee, contractId))[no - 1];
  }

  async function notificationsOf(who: Actor): Promise<Notification[]> {
    const res = await t.http.get(url('/me/notifications?pageSize=100')).set('Authorization', who.auth).expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 100, total: res.body.items.length });
    return res.body.items;
  }

  it('the sole bidder’s offer above the reserve sets the price; the publicity names the winner, masked', async () => {
    expect(f.deal).toMatchObject({ method: 'SINGLE_BIDDER', priceFen: 1_250_000, totalPriceFen: 12_500_000 });
    // the deal is dated by the platform clock
    expect(f.deal.createdAt).toMatch(/^2027-03-03T01:00/);
    const view = await dealAs(t, f.deal.id);
    const name = lessee.name;
    expect(view).toMatchObject({ status: 'PUBLICITY', winnerName: `${name[0]}*${name[name.length - 1]}` });
    expect(JSON.stringify(view)).not.toContain(lessee.id);
    expect(JSON.stringify(view)).not.toContain(name);
  });

  it('the contract: handed over on 1 April 2027, ten years to 31 March 2037, the lease’s parties and clauses', async () => {
    await t.http
      .post(url(`/deals/${f.deal.id}/confirm`))
      .set('Authorization', f.clerk.auth)
      .expect(200);
    const early = await t.http
      .post(url(`/deals/${f.deal.id}/contract`))
      .set('Authorization', f.clerk.auth)
      .send({ handoverOn: '2027-03-02' });
    expectError(early, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(early)).toEqual(['handoverOn']);
    const res = await t.http
      .post(url(`/deals/${f.deal.id}/contract`))
      .set('Authorization', f.clerk.auth)
      .send({ handoverOn: '2027-04-01' })
      .expect(201);
    const contract = res.body;
    contractId = contract.id;
    expect(contract).toMatchObject({
      handoverOn: '2027-04-01',
      startsOn: '2027-04-01',
      endsOn: '2037-03-31',
      totalPriceFen: 12_500_000,
      depositAppliedFen: DEPOSIT,
      buyerFeeFen: 162_500,
      sellerFeeFen: 0,
    });
    expect(contract.terms).toMatchObject({
      startsOn: '2027-04-01',
      endsOn: '2037-03-31',
      issuingCollective: { villageCode: '130728100213', name: expect.any(String) },
    });
    const text: string = contract.textZh;
    expect(text.split('\n')[0]).toBe('农村土地经营权出租合同');
    expect(text).toContain(`甲方（出租方）：${lessor.name}`);
    expect(text).toContain(`乙方（承租方）：${lessee.name}`);
    expect(text).toContain(`发包方：${contract.terms.issuingCollective.name}`);
    expect(text).toContain('期限为10年，自2027年4月1日起至2037年3月31日止');
    for (const clause of ['地上附着物', '优先承租', '书面同意', '四至', '滞纳金']) expect(text).toContain(clause);

    // ten instalments of a year's rent, in advance, each due on the anniversary of the handover
    expect(await instalmentsOf(t, lessee, contractId)).toEqual(
      Array.from({ length: 10 }, (_, k) => ({
        no: k + 1,
        kind: 'RENT',
        dueOn: dueOn(k + 1),
        payableFrom: k === 0 ? null : `${2027 + k}-03-02`,
        amountFen: YEAR,
        buyerFeeFen: YEAR_FEE,
        sellerFeeFen: 0,
        lateFeeFen: 0,
        retentionFen: 0,
        paidFen: k === 0 ? DEPOSIT : 0,
        status: 'PENDING',
      })),
    );
    // the parties were told to sign
    for (const party of [lessor, lessee]) {
      const signBy = (await notificationsOf(party)).filter((n) => n.kind === 'SIGN_BY');
      expect(signBy).toEqual([expect.objectContaining({ contractId, dealId: f.deal.id, readAt: null })]);
    }
  });

  it('the parties sign with their addresses; the lessee uploads the signed scan', async () => {
    await t.http
      .post(url(`/contracts/${contractId}/sign`))
      .set('Authorization', lessee.auth)
      .send({ address: '张家口市怀安县柴沟堡镇东街18号' })
      .expect(200);
    const both = await t.http
      .post(url(`/contracts/${contractId}/sign`))
      .set('Authorization', lessor.auth)
      .send({ address: '怀安县柴沟堡镇西沙洼村3组' })
      .expect(200);
    expect(both.body).toMatchObject({ status: 'SIGNED', dealStatus: 'CONTRACTED' });
    expect(both.body.textZh).toContain(
      `签字（盖章）：${lessee.name}\n住所：张家口市怀安县柴沟堡镇东街18号\n签订日期：2027年3月3日`,
    );
    expect(both.body.textZh).toContain(
      `签字（盖章）：${lessor.name}\n住所：怀安县柴沟堡镇西沙洼村3组\n签订日期：2027年3月3日`,
    );
    expect(both.body.terms.parties.partyB.address).toBe('张家口市怀安县柴沟堡镇东街18号');

    const upload = (who: Actor, kind = 'SIGNED_CONTRACT') =>
      t.http
        .post(url(`/contracts/${contractId}/documents`))
        .set('Authorization', who.auth)
        .field('kind', kind)
        .attach('file', PDF_BYTES, '合同扫描件.pdf');
    const listingDocs = async () =>
      (
        await t.http
          .get(url(`/listings/${f.listing.id}/documents`))
          .set('Authorization', f.clerk.auth)
          .expect(200)
      ).body.total;
    const before = await listingDocs();
    const scan = await upload(lessee);
    expect(scan.status).toBe(201);
    expect(scan.body).toMatchObject({
      kind: 'SIGNED_CONTRACT',
      fileName: '合同扫描件.pdf',
      contentType: 'application/pdf',
    });
    expectError(await upload(lessee, 'OWNERSHIP_CERTIFICATE'), 400, 'VALIDATION_FAILED');
    const supervisor = await t.given.supervisor();
    expectError(await upload(supervisor), 403, 'FORBIDDEN');
    const stranger = await t.given.buyer();
    expectError(await upload(stranger), 404, 'NOT_FOUND');
    // the parties and staff see it; it is the contract's, not one of the listing's documents
    for (const who of [lessor, lessee, supervisor]) {
      const list = await t.http
        .get(url(`/contracts/${contractId}/documents`))
        .set('Authorization', who.auth)
        .expect(200);
      expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([scan.body.id]);
    }
    expectError(
      await t.http.get(url(`/contracts/${contractId}/documents`)).set('Authorization', stranger.auth),
      404,
      'NOT_FOUND',
    );
    const file = await t.http
      .get(url(`/contracts/${contractId}/documents/${scan.body.id}`))
      .set('Authorization', lessor.auth)
      .expect(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment/);
    expect(await listingDocs()).toBe(before);
    expectError(
      await t.http.get(url(`/listings/${f.listing.id}/documents/${scan.body.id}`)).set('Authorization', lessor.auth),
      404,
      'NOT_FOUND',
    );
  });

  it('year 1: the first year’s rent less the deposit, settled: the lease in force, the certificate issued', async () => {
    await clock.moveTo('2027-03-05');
    // 1,250,000 + 16,250 − 240,000 = 1,026,250
    expectError(await pay(1_026_251, 'Y1-OVER'), 422, 'OVERPAYMENT');
    expect((await pay(1_026_250, 'Y1')).status).toBe(201);
    const res = await settle(1, 'Y1-OUT');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'IN_FORCE', dealStatus: 'SETTLED', certificateNo: expect.any(String) });
    expect(await instalment(1)).toMatchObject({ status: 'SETTLED', paidFen: YEAR + YEAR_FEE });
    expect((await fullStatementOf(t, lessor, contractId)).disbursedToSellerFen).toBe(YEAR);
  });

  it('year 2, on time: payable from 30 days before 1 April 2028, reminded, paid, settled', async () => {
    await clock.moveTo('2028-03-01');
    expectError(await pay(1, 'Y2-EARLY'), 422, 'OVERPAYMENT');
    const reminders = () =>
      notificationsOf(lessee).then((all) =>
        all.filter((n) => n.kind.startsWith('INSTALMENT_') && n.title.startsWith('第2期')),
      );
    expect(await reminders()).toEqual([]);

    await clock.moveTo('2028-03-02');
    const [reminder] = await reminders();
    expect(reminder).toMatchObject({ kind: 'INSTALMENT_REMINDER', contractId, title: '第2期款项将于2028年4月1日到期' });
    expect(reminder.body).toContain('12,662.50 元');
    // running the reminders again sends nothing twice
    await t.app.get(ContractsService).sendReminders();
    expect(await reminders()).toHaveLength(1);
    const read = await t.http
      .post(url(`/me/notifications/${reminder.id}/read`))
      .set('Authorization', lessee.auth)
      .expect(200);
    expect(read.body).toMatchObject({ id: reminder.id, readAt: expect.any(String) });
    expectError(
      await t.http.post(url(`/me/notifications/${reminder.id}/read`)).set('Authorization', lessor.auth),
      404,
      'NOT_FOUND',
    );

    expect(await instalment(2)).toMatchObject({ status: 'PENDING', payableFrom: '2028-03-02' });
    expect((await pay(YEAR + YEAR_FEE, 'Y2')).status).toBe(201);
    expect(await instalment(2)).toMatchObject({ status: 'PAID', lateFeeFen: 0 });
    // paid: no more reminders for it
    await clock.moveTo('2028-03-31');
    expect(await reminders()).toHaveLength(1);
    const res = await settle(2, 'Y2-OUT');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('IN_FORCE');
    expect(res.body.instalments[1]).toMatchObject({ no: 2, status: 'SETTLED' });
  });

  it('year 3, late: 0.05 % a day on what is unpaid, a part paid on day 5, the rest on day 10', async () => {
    await clock.moveTo('2029-03-31');
    expect((await notificationsOf(lessee)).find((n) => n.title.startsWith('第3期'))).toMatchObject({
      kind: 'INSTALMENT_REMINDER',
    });
    await clock.moveTo('2029-04-01');
    expect(await instalment(3)).toMatchObject({ status: 'DUE', lateFeeFen: 0 });
    await clock.moveTo('2029-04-02');
    // one day late: 1,250,000 × 0.05 % = 625
    expect(await instalment(3)).toMatchObject({ status: 'OVERDUE', lateFeeFen: 625 });
    const overdue = (await notificationsOf(lessee)).filter((n) => n.kind === 'INSTALMENT_OVERDUE');
    expect(overdue).toEqual([expect.objectContaining({ title: '第3期款项已逾期（2029年4月1日到期）', contractId })]);
    expect(overdue[0].body).toContain('12,668.75 元'); // 1,266,250 + 625

    await clock.moveTo('2029-04-06');
    expect((await pay(600_000, 'Y3-PART')).status).toBe(201);
    // 2 to 6 April: 5 days × 625 = 3,125 (a payment counts from the next day)
    expect(await instalment(3)).toMatchObject({ status: 'OVERDUE', lateFeeFen: 3_125, paidFen: 600_000 });
    expectError(await settle(3, 'Y3-EARLY'), 409, 'NOT_FULLY_PAID');

    await clock.moveTo('2029-04-11');
    // 7 to 11 April on the 650,000 left: 5 × 325 = 1,625; in all 4,750
    expect(await instalment(3)).toMatchObject({ status: 'OVERDUE', lateFeeFen: 4_750 });
    // owed: 650,000 + 16,250 + 4,750 = 671,000
    const statement = await fullStatementOf(t, lessee, contractId);
    expect(statement.outstandingFen).toBe(671_000);
    expectError(await pay(671_001, 'Y3-OVER'), 422, 'OVERPAYMENT');
    expect((await pay(671_000, 'Y3-REST')).status).toBe(201);
    expect(await instalment(3)).toMatchObject({ status: 'PAID', lateFeeFen: 4_750, paidFen: 1_271_000 });

    const before = await balances(t, f.clerk);
    expect((await settle(3, 'Y3-OUT')).status).toBe(200);
    // the late fee is the lessor's: paid out 1,250,000 + 4,750; the centre keeps only the fee
    const settlement = (await dealEntries(t, f.clerk, f.deal.id)).find(
      (e) => e.kind === 'SETTLEMENT' && e.postings.some((p) => p.amountFen === 1_271_000),
    );
    expect(settlement?.postings).toEqual(
      expect.arrayContaining([
        { account: `BUYER_FUNDS:${f.deal.id}`, amountFen: 1_271_000 },
        { account: 'FEE_INCOME', amountFen: -YEAR_FEE },
        { account: `SELLER_PAYABLE:${f.deal.id}`, amountFen: -1_254_750 },
      ]),
    );
    const after = await balances(t, f.clerk);
    expect(after.get('BANK')).toBe(before.get('BANK')! - 1_254_750);
    expect(after.get(`BUYER_FUNDS:${f.deal.id}`)).toBe(0);
  });

  it('year 4: the rent paid two days late without the late fee stays open until the 12.50 元 come in', async () => {
    await clock.moveTo('2030-04-03');
    expect((await pay(YEAR + YEAR_FEE, 'Y4')).status).toBe(201);
    // 2 and 3 April: 2 × 625 = 1,250; the amount is paid, so it stops there
    expect(await instalment(4)).toMatchObject({ status: 'OVERDUE', lateFeeFen: 1_250, paidFen: 1_266_250 });
    const notYet = await settle(4, 'Y4-EARLY');
    expectError(notYet, 409, 'NOT_FULLY_PAID');
    await clock.moveTo('2030-04-20');
    expect(await instalment(4)).toMatchObject({ status: 'OVERDUE', lateFeeFen: 1_250 });
    expect((await pay(1_250, 'Y4-LATE-FEE')).status).toBe(201);
    expect(await instalment(4)).toMatchObject({ status: 'PAID', paidFen: 1_267_500 });
    expect((await settle(4, 'Y4-OUT')).status).toBe(200);
  });

  it('years 5 to 10 on their due dates; after the last the contract is COMPLETED and the books close', async () => {
    for (let no = 5; no <= 10; no++) {
      await clock.moveTo(dueOn(no));
      expect(await instalment(no)).toMatchObject({ status: 'DUE', lateFeeFen: 0 });
      expect((await pay(YEAR + YEAR_FEE, `Y${no}`)).status).toBe(201);
      const res = await settle(no, `Y${no}-OUT`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(no === 10 ? 'COMPLETED' : 'IN_FORCE');
    }
    expect((await instalmentsOf(t, lessee, contractId)).map((i) => i.status)).toEqual(Array(10).fill('SETTLED'));
    // 10 years' rent 12,500,000 + fees 162,500 + late fees 4,750 + 1,250 − the deposit 240,000 = 12,428,500 paid;
    // the lessor received the rent and the late fees: 12,506,000
    const statement = await fullStatementOf(t, lessor, contractId);
    expect(statement).toMatchObject({
      totalPriceFen: 12_500_000,
      depositAppliedFen: DEPOSIT,
      buyerFeeFen: 162_500,
      amountDueFen: 12_428_500,
      paidFen: 12_428_500,
      outstandingFen: 0,
      disbursedToSellerFen: 12_506_000,
    });
    const fees = (await dealEntries(t, f.clerk, f.deal.id))
      .flatMap((e) => e.postings)
      .filter((p) => p.account === 'FEE_INCOME')
      .reduce((sum, p) => sum - p.amountFen, 0);
    expect(fees).toBe(162_500);
    const books = await balances(t, f.clerk);
    expect(books.get(`BUYER_FUNDS:${f.deal.id}`)).toBe(0);
    expect(books.get(`SELLER_PAYABLE:${f.deal.id}`)).toBe(0);
    expect(
      (
        await t.http
          .get(url(`/contracts/${contractId}`))
          .set('Authorization', lessee.auth)
          .expect(200)
      ).body,
    ).toMatchObject({ status: 'COMPLETED', completedAt: expect.stringMatching(/^2036-04-01T01:00/) });
    expectError(await pay(1, 'AFTER'), 422, 'OVERPAYMENT');
    expectError(await settle(11, 'NONE'), 404, 'NOT_FOUND');
    expectError(await settle(10, 'AGAIN'), 409, 'INVALID_STATE');
    await expectLedgerOk(t, f.clerk);
  });
});

describe('a road procurement: advance, acceptance, balance less the retention, release after the warranty', () => {
  let t: TestContext;
  let clock: TestClock;
  let f: DealFixture;
  let collective: Actor;
  let supplier: DealFixture['winner'];
  let contractId: string;

  // The village buys a road of at most 500,000.00 元; one company offers 480,000.00 元: the deal is at the lower.
  // The supplier's fee: 1.3 % = 6,240.00 元 (the purchasing collective pays none). The advance 30 % = 144,000.00 元
  // carries 1,872.00 元 of it; the balance 336,000.00 元 carries 4,368.00 元 and leaves 3 % of the price
  // (14,400.00 元) retained for the 12 months' warranty. The supplier's deposit 50,000.00 元 is its performance bond.
  const PRICE = 48_000_000;
  const BOND = 5_000_000;

  beforeAll(async () => {
    t = await createTestApp({ TEST_CLOCK: 'true' });
    clock = new TestClock(t, await t.given.admin());
    await clock.moveTo('2027-05-10');
    f = await singleBidderDeal(t, clock, {
      code: 'AGRI_PROJECT',
      overrides: {
        priceUnit: 'TOTAL',
        reservePriceFen: 50_000_000,
        incrementFen: 100_000,
        depositFen: BOND,
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
      offerFen: PRICE,
      announcementEndsAt: TestClock.china('2027-05-12'),
    });
    collective = f.seller;
    supplier = f.winner;
  }, 60_000);
  afterAll(() => t.close());

  const post = (path: string, who: Actor, body: object = {}) =>
    t.http.post(url(path)).set('Authorization', who.auth).send(body);

  it('the lower of the ceiling and the offer; the company named in full in the publicity', async () => {
    expect(f.deal).toMatchObject({ method: 'SINGLE_BIDDER', priceFen: PRICE, totalPriceFen: PRICE });
    expect(await dealAs(t, f.deal.id)).toMatchObject({ winnerName: supplier.name });
  });

  it('the contract: 采购人/供应商, delivery in 90 days, the advance due at the start, the balance at acceptance', async () => {
    await post(`/deals/${f.deal.id}/confirm`, f.clerk).expect(200);
    const res = await post(`/deals/${f.deal.id}/contract`, f.clerk, { handoverOn: '2027-06-01' }).expect(201);
    contractId = res.body.id;
    expect(res.body).toMatchObject({
      startsOn: '2027-06-01',
      endsOn: null,
      buyerFeeFen: 0,
      sellerFeeFen: 624_000,
      depositAppliedFen: 0,
      retentionFen: 1_440_000,
      warrantyMonths: 12,
    });
    const text: string = res.body.textZh;
    expect(text.split('\n')[0]).toBe('涉农项目采购合同');
    expect(text).toContain(`甲方（采购人）：${collective.name}`);
    expect(text).toContain(`乙方（供应商）：${supplier.name}`);
    expect(text).toContain('自2027年6月1日起90日内，即2027年8月30日前完成交付（竣工）');
    for (const clause of ['验收', '质量保证金', '履约保证金', '安全']) expect(text).toContain(clause);
    expect(await instalmentsOf(t, collective, contractId)).toEqual([
      expect.objectContaining({
        no: 1,
        kind: 'ADVANCE',
        dueOn: '2027-06-01',
        amountFen: 14_400_000,
        buyerFeeFen: 0,
        sellerFeeFen: 187_200,
        retentionFen: 0,
        status: 'PENDING',
      }),
      expect.objectContaining({
        no: 2,
        kind: 'BALANCE',
        dueOn: null,
        payableFrom: null,
        amountFen: 33_600_000,
        sellerFeeFen: 436_800,
        retentionFen: 1_440_000,
        status: 'PENDING',
      }),
    ]);
  });

  it('the advance: paid by the collective, the supplier paid less its share of the fee; the bond stays held', async () => {
    await post(`/contracts/${contractId}/sign`, supplier).expect(200);
    await post(`/contracts/${contractId}/sign`, collective).expect(200);
    await clock.moveTo('2027-05-28');
    expectError(
      await post(`/contracts/${contractId}/payments`, f.clerk, { amountFen: 14_400_001, bankRef: 'ADV-OVER' }),
      422,
      'OVERPAYMENT',
    );
    await post(`/contracts/${contractId}/payments`, f.clerk, { amountFen: 14_400_000, bankRef: 'ADV' }).expect(201);
    const settled = await post(`/contracts/${contractId}/settle`, f.clerk, { bankRef: 'ADV-OUT' }).expect(200);
    expect(settled.body).toMatchObject({ status: 'IN_FORCE', dealStatus: 'SETTLED' });
    // 14,400,000 − 187,200 = 14,212,800
    expect((await fullStatementOf(t, supplier, contractId)).disbursedToSellerFen).toBe(14_212_800);
    expect((await balances(t, f.clerk)).get(`DEPOSITS_HELD:${supplier.registrationId}`)).toBe(BOND);
    // the balance is not payable before acceptance; the retention cannot be released
    expectError(
      await post(`/contracts/${contractId}/payments`, f.clerk, { amountFen: 1, bankRef: 'BAL-EARLY' }),
      422,
      'OVERPAYMENT',
    );
    expectError(
      await post(`/contracts/${contractId}/retention/release`, f.clerk, { bankRef: 'R-EARLY' }),
      409,
      'INVALID_STATE',
    );
  });

  it('acceptance: the collective first, then a clerk, each once; the bond released, the balance due', async () => {
    await clock.moveTo('2027-09-15');
    const accept = (who: Actor, body: object = { accepted: true, note: '经村民代表现场验收，质量合格' }) =>
      post(`/contracts/${contractId}/acceptance`, who, body);
    expectError(await accept(f.clerk), 409, 'INVALID_STATE'); // the purchaser accepts first
    expectError(await accept(supplier), 403, 'FORBIDDEN');
    for (const body of [{}, { accepted: false, note: '不合格' }, { accepted: true }, { accepted: 'yes', note: 'x' }]) {
      expectError(await accept(collective, body), 400, 'VALIDATION_FAILED');
    }
    const first = await accept(collective).expect(200);
    expect(first.body.acceptance).toMatchObject({ purchaserAcceptedAt: expect.any(String), clerkAcceptedAt: null });
    expectError(await accept(collective), 409, 'ALREADY_ACCEPTED');
    expect((await instalmentsOf(t, collective, contractId))[1]).toMatchObject({ dueOn: null, status: 'PENDING' });

    const countersigned = await accept(f.clerk, { accepted: true, note: '资料齐全，同意验收' }).expect(200);
    expect(countersigned.body.acceptance.clerkAcceptedAt).toMatch(/^2027-09-15T01:00/);
    expectError(await accept(f.clerk), 409, 'ALREADY_ACCEPTED');
    expect((await instalmentsOf(t, collective, contractId))[1]).toMatchObject({
      dueOn: '2027-09-15',
      payableFrom: '2027-09-15',
      status: 'DUE',
    });
    const books = await balances(t, f.clerk);
    expect(books.get(`DEPOSITS_HELD:${supplier.registrationId}`)).toBe(0);
    expect(books.get(`REFUNDS_PAYABLE:${supplier.registrationId}`)).toBe(BOND);
    // the collective is reminded of the balance
    await t.app.get(ContractsService).sendReminders();
    const notes = (
      await t.http.get(url('/me/notifications?pageSize=100')).set('Authorization', collective.auth).expect(200)
    ).body.items as Notification[];
    expect(notes.some((n) => n.kind === 'INSTALMENT_REMINDER' && n.title.startsWith('第2期'))).toBe(true);
  });

  it('the balance: paid, settled with 3 % retained; released only when the 12 months’ warranty is over', async () => {
    await post(`/contracts/${contractId}/payments`, f.clerk, { amountFen: 33_600_000, bankRef: 'BAL' }).expect(201);
    const done = await post(`/contracts/${contractId}/instalments/2/settle`, f.clerk, { bankRef: 'BAL-OUT' }).expect(
      200,
    );
    expect(done.body.status).toBe('IN_FORCE');
    // 33,600,000 − 436,800 − 1,440,000 = 31,723,200; in all 14,212,800 + 31,723,200 = 45,936,000 so far
    expect((await fullStatementOf(t, supplier, contractId)).disbursedToSellerFen).toBe(45_936_000);
    expect((await balances(t, f.clerk)).get(`RETENTION_HELD:${f.deal.id}`)).toBe(1_440_000);

    await clock.moveTo('2028-09-14');
    const early = await post(`/contracts/${contractId}/retention/release`, f.clerk, { bankRef: 'RET-EARLY' });
    expectError(early, 409, 'WARRANTY_NOT_OVER');
    await clock.moveTo('2028-09-15');
    expectError(
      await post(`/contracts/${contractId}/retention/release`, supplier, { bankRef: 'RET' }),
      403,
      'FORBIDDEN',
    );
    const released = await post(`/contracts/${contractId}/retention/release`, f.clerk, { bankRef: 'RET' }).expect(200);
    expect(released.body).toMatchObject({
      status: 'COMPLETED',
      retentionReleasedAt: expect.stringMatching(/^2028-09-15/),
    });
    expectError(
      await post(`/contracts/${contractId}/retention/release`, f.clerk, { bankRef: 'RET-2' }),
      409,
      'INVALID_STATE',
    );
    // the supplier received the price less its fee: 48,000,000 − 624,000 = 47,376,000
    expect((await fullStatementOf(t, supplier, contractId)).disbursedToSellerFen).toBe(47_376_000);
    const entries = await dealEntries(t, f.clerk, f.deal.id);
    expect(entries.find((e) => e.kind === 'RETENTION_RELEASED')?.postings).toEqual(
      expect.arrayContaining([
        { account: `RETENTION_HELD:${f.deal.id}`, amountFen: 1_440_000 },
        { account: `SELLER_PAYABLE:${f.deal.id}`, amountFen: -1_440_000 },
      ]),
    );
    const books = await balances(t, f.clerk);
    for (const account of ['BUYER_FUNDS', 'SELLER_PAYABLE', 'RETENTION_HELD']) {
      expect(books.get(`${account}:${f.deal.id}`)).toBe(0);
    }
    // the bond is refunded like any released deposit
    await post(`/registrations/${supplier.registrationId}/refund`, f.clerk, { bankRef: 'BOND-BACK' }).expect(200);
    await expectLedgerOk(t, f.clerk);
  });

  it('an offer above the ceiling is refused, one below a lease’s reserve too', async () => {
    const buyer = await t.given.buyer('ORGANIZATION');
    const factory = new ListingFactory(t.http, t.given);
    const announced = await factory.approved('AGRI_PROJECT', { priceUnit: 'TOTAL', reservePriceFen: 5_000_000 });
    const now = await clock.now();
    await post(`/listings/${announced.listing.id}/publish`, announced.clerk, {
      announcementEndsAt: new Date(now.getTime() + 86_400_000).toISOString(),
    }).expect(200);
    const high = await post(`/listings/${announced.listing.id}/registrations`, buyer, { offerFen: 5_000_001 });
    expectError(high, 422, 'OFFER_TOO_HIGH');
    expect(fieldsOf(high)).toEqual(['offerFen']);
    await post(`/listings/${announced.listing.id}/registrations`, buyer, { offerFen: 4_000_000 }).expect(201);

    const lease = await factory.approved('LAND_CONTRACT');
    await post(`/listings/${lease.listing.id}/publish`, lease.clerk, {
      announcementEndsAt: new Date(now.getTime() + 86_400_000).toISOString(),
    }).expect(200);
    const person = await t.given.buyer();
    const low = await post(`/listings/${lease.listing.id}/registrations`, person, { offerFen: 999_999 });
    expectError(low, 422, 'OFFER_TOO_LOW');
    for (const offerFen of [0, -5, 1.5, '1000000']) {
      expectError(
        await post(`/listings/${lease.listing.id}/registrations`, person, { offerFen }),
        400,
        'VALIDATION_FAILED',
      );
    }
    const ok = await post(`/listings/${lease.listing.id}/registrations`, person, { offerFen: 1_000_000 }).expect(201);
    expect(ok.body.offerFen).toBe(1_000_000);
  });
});
