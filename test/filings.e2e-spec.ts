import { Response } from 'supertest';
import { CategoryCode } from '../src/catalog/domain/category.types';
import { Contract } from '../src/contracts/entities/contract.entity';
import { Deal } from '../src/deals/entities/deal.entity';
import { FilingsService } from '../src/registers/filings.service';
import { eventually } from './support/auction-helpers';
import { TestClock } from './support/clock';
import { DealFixture, signedContractFor, statementOf } from './support/deals';
import { expectError, fieldsOf } from './support/errors';
import { Actor } from './support/given';
import { ListingFactory } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Filing (备案) and the transfer register (流转台账), DOMAIN.md §2 step 12 and API.md "Registers and interventions":
 * a LAND_CONTRACT contract is filed once, in the transaction that puts it in force; a term of 5 years or more also
 * gets a registration application (土地经营权登记) whose outcome the clerk records; a village collective sees its own
 * village only; the register comes as JSON or as CSV.
 *
 * Walked with the test clock. Four single-bidder deals at their reserve (10,000.00 元 a year, deposit 2,000.00 元):
 * - `five`: a 5-year LAND_CONTRACT lease in 西沙洼村 (130728100213), its seller named like a spreadsheet formula;
 * - `three`: a 3-year LAND_CONTRACT lease in 西沙洼村: filed without a registration application;
 * - `ten`: a 10-year LAND_CONTRACT lease in 东沙洼村 (130728100214);
 * - `forest`: a 5-year FOREST lease in 西沙洼村: not a land contract, never filed.
 * `five`, `ten` and `forest` are settled on day D at 10:00 China time; `three` on D+2 at 00:30 China time, which is
 * still D+1 in UTC (the register's days are China days).
 */

const url = (path: string) => `/api/v1${path}`;
const WEST = '130728100213'; // 西沙洼村
const WEST_NAME = '西沙洼村民委员会'; // as the division codes name it
const EAST = '130728100214'; // 东沙洼村
const TOWNSHIP = '130728100'; // 柴沟堡镇
const FORMULA_NAME = '=HYPERLINK("http://evil.example","点我")';

/** `YYYY-MM-DD` plus days. */
function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The China calendar date of an instant. */
function chinaDate(instant: Date | string): string {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Collects a CSV body as raw bytes (to see the BOM exactly as sent); an error body is JSON as ever. */
function rawBody(res: Response, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => {
    const bytes = Buffer.concat(chunks);
    const json = /json/.test(String(res.headers['content-type']));
    done(null, json ? JSON.parse(bytes.toString('utf8')) : bytes);
  });
}

type ContractBody = Record<string, unknown> & { id: string; sellerId: string; buyerId: string; contractNo: string };

interface FilingBody {
  id: string;
  contractId: string;
  contractNo: string;
  villageCode: string;
  status: 'FILED' | 'ACKNOWLEDGED';
  registration?: { status: string; note?: string; decidedAt?: string };
  [key: string]: unknown;
}

describe('filing (备案) and the transfer register (流转台账)', () => {
  let t: TestContext;
  let clock: TestClock;
  let clerk: Actor;
  let clerk2: Actor;
  let supervisor: Actor;
  let westCollective: Actor;
  let eastCollective: Actor;
  let buyerCollectiveLess: Actor;
  let formulaSeller: Actor;
  let five: DealFixture;
  let three: DealFixture;
  let ten: DealFixture;
  let forest: DealFixture;
  const contracts: Record<'five' | 'three' | 'ten' | 'forest', ContractBody> = {} as never;
  /** Day D (China time): the first settlements. */
  let dayD: string;

  beforeAll(async () => {
    t = await createTestApp({ TEST_CLOCK: 'true' });
    const admin = await t.given.admin();
    clock = new TestClock(t, admin);
    [clerk, clerk2, supervisor, westCollective, eastCollective, buyerCollectiveLess, formulaSeller] = await Promise.all(
      [
        t.given.clerk(),
        t.given.clerk(),
        t.given.supervisor(),
        t.given.collective(WEST),
        t.given.collective(EAST),
        t.given.buyer(),
        t.given.party('PERSON', ['seller'], { name: FORMULA_NAME }),
      ],
    );
    const farmerBuyer = await t.given.party('PERSON', ['buyer'], { name: '王建国' });
    five = await singleBidderDeal({ seller: formulaSeller, buyer: farmerBuyer });
    three = await singleBidderDeal({ overrides: { termYears: 3 } });
    ten = await singleBidderDeal({ overrides: { termYears: 10, villageCode: EAST } });
    forest = await singleBidderDeal({ code: 'FOREST' });
    dayD = plusDays(chinaDate(await clock.now()), 1);
    await clock.moveTo(TestClock.china(dayD, '10:00:00'));
    for (const [name, f] of [
      ['five', five],
      ['three', three],
      ['ten', ten],
      ['forest', forest],
    ] as const) {
      contracts[name] = await signedAndPaid(f);
    }
  }, 180_000);
  afterAll(() => t.close());

  /**
   * A single-bidder deal in publicity made by the clock: `seller` lists (a new farmer by default) and `buyer` (a new
   * one by default) registers, is qualified and pays the deposit; the announcement ends and the platform makes the deal.
   */
  async function singleBidderDeal(options: {
    code?: CategoryCode;
    overrides?: Record<string, unknown>;
    seller?: Actor;
    buyer?: Actor;
  }): Promise<DealFixture> {
    const factory = new ListingFactory(t.http, t.given);
    const buyer = options.buyer ?? (await t.given.buyer());
    const { seller, listing: submitted } = await factory.submitted(
      options.code ?? 'LAND_CONTRACT',
      options.overrides ?? {},
      options.seller,
    );
    let approved = submitted;
    for (const reviewer of [clerk, clerk2]) {
      approved = (
        await t.http
          .post(url(`/listings/${submitted.id}/review`))
          .set('Authorization', reviewer.auth)
          .send({ decision: 'APPROVE' })
          .expect(200)
      ).body;
      if (approved.status === 'APPROVED') break;
    }
    const endsAt = new Date((await clock.now()).getTime() + 3600_000);
    const listing = (
      await t.http
        .post(url(`/listings/${approved.id}/publish`))
        .set('Authorization', clerk.auth)
        .send({
          announcementEndsAt: endsAt.toISOString(),
          biddingEndsAt: new Date(endsAt.getTime() + 3600_000).toISOString(),
        })
        .expect(200)
    ).body as DealFixture['listing'];
    const reg = await t.http
      .post(url(`/listings/${listing.id}/registrations`))
      .set('Authorization', buyer.auth)
      .send({})
      .expect(201);
    await t.http
      .post(url(`/registrations/${reg.body.id}/qualify`))
      .set('Authorization', clerk.auth)
      .send({ approve: true })
      .expect(200);
    const paid = await t.http
      .post(url(`/registrations/${reg.body.id}/deposit`))
      .set('Authorization', clerk.auth)
      .send({ amountFen: listing.depositFen, bankRef: `DEP-${reg.body.id.slice(0, 8)}` })
      .expect(200);
    await clock.moveTo(new Date(endsAt.getTime() + 1000).toISOString());
    const deal = await eventually(async () => {
      const res = await t.http
        .get(url(`/listings/${listing.id}/deal`))
        .set('Authorization', clerk.auth)
        .expect(200);
      return res.body as DealFixture['deal'];
    });
    const winner = { ...buyer, registrationId: reg.body.id as string, bidderNo: paid.body.bidderNo as string };
    return { listing, clerk, seller, bidders: [winner], winner, deal };
  }

  /** The contract confirmed, generated, signed by both and its first year paid (not yet settled). */
  async function signedAndPaid(f: DealFixture): Promise<ContractBody> {
    const contract = await signedContractFor(t, f);
    const { outstandingFen } = await statementOf(t, clerk, contract.id);
    await t.http
      .post(url(`/contracts/${contract.id}/payments`))
      .set('Authorization', clerk.auth)
      .send({ amountFen: outstandingFen, bankRef: `PAY-${contract.id.slice(0, 8)}` })
      .expect(201);
    return contract;
  }

  const settle = (contractId: string) =>
    t.http
      .post(url(`/contracts/${contractId}/settle`))
      .set('Authorization', clerk.auth)
      .send({ bankRef: `SETTLE-${contractId.slice(0, 8)}` });

  async function filingRows(contractId: string): Promise<Record<string, unknown>[]> {
    // dates as written (the driver would make them local midnights)
    return t.db.query(
      `SELECT *, starts_on::text AS starts_on, ends_on::text AS ends_on FROM filings WHERE contract_id = $1`,
      [contractId],
    );
  }

  const get = (actor: Actor | null, path: string) => {
    const req = t.http.get(url(path));
    return actor ? req.set('Authorization', actor.auth) : req;
  };

  async function filingsAs(actor: Actor, query = ''): Promise<{ items: FilingBody[]; total: number }> {
    return (await get(actor, `/filings?pageSize=100${query}`).expect(200)).body;
  }

  async function filingOf(contractId: string): Promise<FilingBody> {
    const { items } = await filingsAs(clerk);
    const found = items.find((f) => f.contractId === contractId);
    if (!found) throw new Error(`no filing for contract ${contractId}`);
    return found;
  }

  describe('filing when a land contract comes into force', () => {
    it('files a 5-year land lease once, when it comes into force, with a registration application', async () => {
      const c = contracts.five;
      // signed and paid, not yet in force: not filed
      expect(await filingRows(c.id)).toHaveLength(0);
      expect((await filingsAs(clerk)).items.map((f) => f.contractId)).not.toContain(c.id);

      const settled = await settle(c.id);
      expect(settled.status).toBe(200);
      expect(settled.body.status).toBe('IN_FORCE');

      const [row] = await filingRows(c.id);
      expect(row).toMatchObject({
        contract_id: c.id,
        deal_id: five.deal.id,
        listing_id: five.listing.id,
        contract_no: c.contractNo,
        listing_no: five.listing.listingNo,
        village_code: WEST,
        village_name: WEST_NAME,
        township_code: TOWNSHIP,
        issuing_collective: westCollective.name,
        transfer_mode: 'LEASE',
        seller_id: formulaSeller.id,
        seller_name: FORMULA_NAME,
        buyer_id: five.winner.id,
        buyer_name: '王建国',
        term_years: 5,
        price_fen: '1000000',
        price_unit: 'PER_YEAR',
        total_price_fen: '5000000',
        status: 'FILED',
        registration_status: 'APPLIED',
        acknowledged_at: null,
        registration_decided_at: null,
      });
      expect(Number(row.area_mu)).toBe(Number(five.listing.areaMu));
      expect(chinaDate(row.filed_at as Date)).toBe(dayD);
      const contract = (await get(clerk, `/contracts/${c.id}`).expect(200)).body;
      expect(row.starts_on).toBe(contract.terms.startsOn);
      expect(row.ends_on).toBe(contract.terms.endsOn);

      const filing = await filingOf(c.id);
      expect(filing).toMatchObject({
        id: row.id,
        contractNo: c.contractNo,
        villageCode: WEST,
        villageName: WEST_NAME,
        townshipCode: TOWNSHIP,
        sellerName: FORMULA_NAME,
        buyerName: '王建国',
        termYears: 5,
        priceFen: 1_000_000,
        priceUnit: 'PER_YEAR',
        totalPriceFen: 5_000_000,
        status: 'FILED',
        acknowledgedAt: null,
        registration: { status: 'APPLIED' },
      });
      expect(filing.registration).not.toHaveProperty('decidedAt');
      expect((await get(clerk, `/filings/${filing.id}`).expect(200)).body).toEqual(filing);

      // a replayed settlement is refused and files nothing more
      expectError(await settle(c.id), 409, 'INVALID_STATE');
      expect(await filingRows(c.id)).toHaveLength(1);
      // filing the same contract again (the unique index) answers the first filing and audits nothing more
      const again = await t.db.transaction(async (em) => {
        const entity = await em.getRepository(Contract).findOneByOrFail({ id: c.id });
        const deal = await em.getRepository(Deal).findOneByOrFail({ id: entity.dealId });
        return t.app.get(FilingsService).fileIn(em, entity, deal, clerk.id);
      });
      expect(again?.id).toBe(row.id);
      expect(await filingRows(c.id)).toHaveLength(1);
      const audit = await get(clerk, `/audit?entityType=filing&entityId=${row.id}&pageSize=100`).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['filing.filed']);
      expect(audit.body.items[0]).toMatchObject({ actorId: clerk.id, toStatus: 'FILED' });
    });

    it('files the other land contracts in force too, and never a contract of another category', async () => {
      expect((await settle(contracts.ten.id)).status).toBe(200);
      expect((await settle(contracts.forest.id)).status).toBe(200);
      expect(await filingRows(contracts.ten.id)).toEqual([
        expect.objectContaining({ village_code: EAST, term_years: 10, registration_status: 'APPLIED' }),
      ]);
      // a 5-year forest lease is not a land contract: in force, certified, but not filed
      const forestContract = (await get(clerk, `/contracts/${contracts.forest.id}`).expect(200)).body;
      expect(forestContract.status).toBe('IN_FORCE');
      expect(await filingRows(contracts.forest.id)).toHaveLength(0);
      const three = contracts.three;
      expect(await filingRows(three.id)).toHaveLength(0);
    });

    it('files a lease under 5 years without a registration application', async () => {
      // D+2 at 00:30 China time is still D+1 in UTC
      await clock.moveTo(`${plusDays(dayD, 2)}T00:30:00+08:00`);
      expect((await settle(contracts.three.id)).status).toBe(200);
      const [row] = await filingRows(contracts.three.id);
      expect(row).toMatchObject({ term_years: 3, registration_status: null, status: 'FILED' });
      expect(chinaDate(row.filed_at as Date)).toBe(plusDays(dayD, 2));
      expect((row.filed_at as Date).toISOString().slice(0, 10)).toBe(plusDays(dayD, 1));
      const filing = await filingOf(contracts.three.id);
      expect(filing.termYears).toBe(3);
      expect(filing).not.toHaveProperty('registration');

      const res = await t.http
        .post(url(`/filings/${filing.id}/registration`))
        .set('Authorization', clerk.auth)
        .send({ status: 'REGISTERED', note: '不需要' });
      expectError(res, 409, 'INVALID_STATE');
      expect((await filingRows(contracts.three.id))[0]).toMatchObject({ registration_status: null });
    });
  });

  describe('who sees the filings', () => {
    it('staff see every filing, newest first, filtered by status, registration and village', async () => {
      const all = await filingsAs(clerk);
      expect(all.total).toBe(3);
      expect(all.items.map((f) => f.contractId)).toEqual([contracts.three.id, contracts.ten.id, contracts.five.id]);
      expect((await filingsAs(supervisor)).items).toEqual(all.items);
      const page = (await get(supervisor, '/filings?page=2&pageSize=2').expect(200)).body;
      expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page.items.map((f: FilingBody) => f.contractId)).toEqual([contracts.five.id]);

      const west = await filingsAs(clerk, `&village=${WEST}`);
      expect(west.items.map((f) => f.contractId).sort()).toEqual([contracts.five.id, contracts.three.id].sort());
      const applied = await filingsAs(clerk, '&registration=APPLIED');
      expect(applied.items.map((f) => f.contractId).sort()).toEqual([contracts.five.id, contracts.ten.id].sort());
      expect((await filingsAs(clerk, '&status=ACKNOWLEDGED')).total).toBe(0);
      expect((await filingsAs(clerk, '&status=FILED')).total).toBe(3);
    });

    it('a village collective sees its own village only; anyone else is refused', async () => {
      const west = await filingsAs(westCollective);
      expect(west.total).toBe(2);
      expect(west.items.every((f) => f.villageCode === WEST)).toBe(true);
      expect((await filingsAs(westCollective, `&village=${WEST}`)).total).toBe(2);
      expectError(await get(westCollective, `/filings?village=${EAST}`), 403, 'FORBIDDEN');
      const east = await filingsAs(eastCollective);
      expect(east.items.map((f) => f.contractId)).toEqual([contracts.ten.id]);

      const eastFiling = east.items[0];
      const westFiling = await filingOf(contracts.five.id);
      expect((await get(eastCollective, `/filings/${eastFiling.id}`).expect(200)).body.contractId).toBe(
        contracts.ten.id,
      );
      expectError(await get(westCollective, `/filings/${eastFiling.id}`), 404, 'NOT_FOUND');
      expectError(await get(eastCollective, `/filings/${westFiling.id}`), 404, 'NOT_FOUND');
      expectError(await get(clerk, `/filings/00000000-0000-4000-8000-000000000000`), 404, 'NOT_FOUND');

      // a buyer, a farmer seller (even the deal's own) and an admin are refused; no token is 401
      for (const actor of [buyerCollectiveLess, five.winner, formulaSeller, await t.given.admin()]) {
        expectError(await get(actor, '/filings'), 403, 'FORBIDDEN');
        expectError(await get(actor, `/filings/${westFiling.id}`), 403, 'FORBIDDEN');
      }
      expectError(await get(null, '/filings'), 401, 'UNAUTHENTICATED');
    });

    it('refuses bad query parameters and ids', async () => {
      for (const query of ['village=13072810021', 'village=abc', 'status=DONE', 'registration=NONE', 'pageSize=101']) {
        const res = await get(clerk, `/filings?${query}`);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual([query.split('=')[0]]);
      }
      expectError(await get(clerk, '/filings?foo=1'), 400, 'VALIDATION_FAILED');
      expectError(await get(clerk, '/filings/not-a-uuid'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('the clerk acknowledges a filing and records the registration', () => {
    const post = (actor: Actor, path: string, body: object = {}) =>
      t.http.post(url(path)).set('Authorization', actor.auth).send(body);

    it('acknowledges once, tells both parties, and audits it', async () => {
      const filing = await filingOf(contracts.five.id);
      for (const actor of [supervisor, westCollective, formulaSeller]) {
        expectError(await post(actor, `/filings/${filing.id}/acknowledge`), 403, 'FORBIDDEN');
      }
      expectError(await post(clerk, `/filings/00000000-0000-4000-8000-000000000000/acknowledge`), 404, 'NOT_FOUND');

      const res = await post(clerk2, `/filings/${filing.id}/acknowledge`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: filing.id, status: 'ACKNOWLEDGED', acknowledgedBy: clerk2.id });
      expect(Date.parse(res.body.acknowledgedAt)).toBeGreaterThan(Date.parse(filing.filedAt as string));
      expect((await filingRows(contracts.five.id))[0]).toMatchObject({
        status: 'ACKNOWLEDGED',
        acknowledged_by: clerk2.id,
      });

      const twice = await post(clerk, `/filings/${filing.id}/acknowledge`);
      expectError(twice, 409, 'INVALID_STATE');
      expect((await filingRows(contracts.five.id))[0]).toMatchObject({ acknowledged_by: clerk2.id });

      // both parties are told, once each
      for (const party of [formulaSeller, five.winner]) {
        const inbox = (await get(party, '/me/notifications?pageSize=100').expect(200)).body.items as {
          kind: string;
          contractId?: string;
          dealId?: string;
          title: string;
        }[];
        const told = inbox.filter((n) => n.kind === 'FILING_ACKNOWLEDGED');
        expect(told).toEqual([expect.objectContaining({ contractId: contracts.five.id, dealId: five.deal.id })]);
        expect(told[0].title).toContain(contracts.five.contractNo);
      }
      // nobody else is
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM notifications WHERE kind = 'FILING_ACKNOWLEDGED'`,
      );
      expect(n).toBe(2);

      const audit = await get(supervisor, `/audit?entityType=filing&entityId=${filing.id}&pageSize=100`).expect(200);
      expect(
        audit.body.items.map((e: { action: string; actorId: string; fromStatus: string | null; toStatus: string }) => [
          e.action,
          e.actorId,
          e.fromStatus,
          e.toStatus,
        ]),
      ).toEqual([
        ['filing.filed', clerk.id, null, 'FILED'],
        ['filing.acknowledged', clerk2.id, 'FILED', 'ACKNOWLEDGED'],
      ]);
      expect((await filingsAs(clerk, '&status=ACKNOWLEDGED')).items.map((f) => f.id)).toEqual([filing.id]);
    });

    it('records the registration outcome once, from APPLIED only', async () => {
      const filing = await filingOf(contracts.five.id);
      const path = `/filings/${filing.id}/registration`;
      for (const body of [
        {},
        { status: 'APPLIED', note: '申请中' },
        { status: 'registered', note: 'x' },
        { status: 'REFUSED' },
        { status: 'REFUSED', note: '   ' },
        { status: 'REGISTERED', note: 'x'.repeat(2001) },
        { status: 'REGISTERED', note: 'ok', extra: 1 },
      ]) {
        expectError(await post(clerk, path, body), 400, 'VALIDATION_FAILED');
      }
      expectError(await post(supervisor, path, { status: 'REGISTERED' }), 403, 'FORBIDDEN');
      expect((await filingRows(contracts.five.id))[0]).toMatchObject({ registration_status: 'APPLIED' });

      const res = await post(clerk, path, { status: 'REGISTERED', note: '冀(2027)怀安县土地经营权第0001号' });
      expect(res.status).toBe(200);
      expect(res.body.registration).toEqual({
        status: 'REGISTERED',
        note: '冀(2027)怀安县土地经营权第0001号',
        decidedAt: expect.any(String),
        decidedBy: clerk.id,
      });
      expect(res.body.status).toBe('ACKNOWLEDGED');
      expectError(await post(clerk, path, { status: 'REFUSED', note: '改判' }), 409, 'INVALID_STATE');
      expect((await filingRows(contracts.five.id))[0]).toMatchObject({
        registration_status: 'REGISTERED',
        registration_note: '冀(2027)怀安县土地经营权第0001号',
        registration_decided_by: clerk.id,
      });

      // a refusal (its reason is required), on a filing not yet acknowledged
      const east = await filingOf(contracts.ten.id);
      const refused = await post(clerk2, `/filings/${east.id}/registration`, { status: 'REFUSED', note: '材料不全' });
      expect(refused.status).toBe(200);
      expect(refused.body).toMatchObject({ status: 'FILED', registration: { status: 'REFUSED', note: '材料不全' } });
      // the collective of the village sees the outcome
      expect((await get(eastCollective, `/filings/${east.id}`).expect(200)).body.registration.status).toBe('REFUSED');

      const audit = await get(clerk, `/audit?entityType=filing&entityId=${filing.id}&pageSize=100`).expect(200);
      expect(audit.body.items.at(-1)).toMatchObject({
        action: 'filing.registration_recorded',
        actorId: clerk.id,
        fromStatus: 'APPLIED',
        toStatus: 'REGISTERED',
      });
    });
  });

  describe('the transfer register (流转台账)', () => {
    const register = (actor: Actor | null, query: string, csv = false) => {
      const req = get(actor, `/registers/transfers${query}`);
      return csv ? req.set('Accept', 'text/csv').buffer(true).parse(rawBody) : req;
    };

    it('lists a village’s filed land contracts in the order filed, with the register’s fields', async () => {
      const res = await register(clerk, `?village=${WEST}`).expect(200);
      expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
      expect(res.body.items.map((r: { contractNo: string }) => r.contractNo)).toEqual([
        contracts.five.contractNo,
        contracts.three.contractNo,
      ]);
      const contract = (await get(clerk, `/contracts/${contracts.five.id}`).expect(200)).body;
      expect(res.body.items[0]).toEqual({
        filingId: (await filingOf(contracts.five.id)).id,
        contractNo: contracts.five.contractNo,
        listingNo: five.listing.listingNo,
        villageCode: WEST,
        villageName: WEST_NAME,
        townshipCode: TOWNSHIP,
        issuingCollective: westCollective.name,
        transferMode: 'LEASE',
        areaMu: Number(five.listing.areaMu),
        sellerName: FORMULA_NAME,
        buyerName: '王建国',
        startsOn: contract.terms.startsOn,
        endsOn: contract.terms.endsOn,
        termYears: 5,
        priceFen: 1_000_000,
        priceUnit: 'PER_YEAR',
        totalPriceFen: 5_000_000,
        filedAt: expect.any(String),
        status: 'ACKNOWLEDGED',
        registrationStatus: 'REGISTERED',
      });
      expect(res.body.items[1]).toMatchObject({ termYears: 3, totalPriceFen: 3_000_000, registrationStatus: null });
      // staff without a village: every village; pages
      const all = await register(supervisor, '?pageSize=2').expect(200);
      expect(all.body).toMatchObject({ total: 3, pageSize: 2 });
      expect(all.body.items.map((r: { contractNo: string }) => r.contractNo)).toEqual([
        contracts.five.contractNo,
        contracts.ten.contractNo,
      ]);
    });

    it('shows a collective its own village (by default) and refuses another village and other users', async () => {
      const own = await register(westCollective, '').expect(200);
      expect(own.body.items.map((r: { villageCode: string }) => r.villageCode)).toEqual([WEST, WEST]);
      expect((await register(westCollective, `?village=${WEST}`).expect(200)).body.total).toBe(2);
      expectError(await register(westCollective, `?village=${EAST}`), 403, 'FORBIDDEN');
      expect((await register(eastCollective, '').expect(200)).body.items).toEqual([
        expect.objectContaining({ contractNo: contracts.ten.contractNo, registrationStatus: 'REFUSED' }),
      ]);
      for (const actor of [buyerCollectiveLess, formulaSeller]) {
        expectError(await register(actor, ''), 403, 'FORBIDDEN');
        expectError(await register(actor, '', true), 403, 'FORBIDDEN');
      }
      expectError(await register(null, ''), 401, 'UNAUTHENTICATED');
    });

    it('filters on the day filed, China time, both days included; refuses bad dates', async () => {
      const numbers = async (query: string) =>
        (await register(clerk, `?village=${WEST}&${query}`).expect(200)).body.items.map(
          (r: { contractNo: string }) => r.contractNo,
        );
      const d1 = plusDays(dayD, 1);
      const d2 = plusDays(dayD, 2);
      expect(await numbers(`from=${dayD}&to=${dayD}`)).toEqual([contracts.five.contractNo]);
      // `three` was filed at 00:30 on D+2 China time (D+1 in UTC): not on D+1
      expect(await numbers(`to=${d1}`)).toEqual([contracts.five.contractNo]);
      expect(await numbers(`from=${d1}&to=${d1}`)).toEqual([]);
      expect(await numbers(`from=${d2}&to=${d2}`)).toEqual([contracts.three.contractNo]);
      expect(await numbers(`from=${d1}`)).toEqual([contracts.three.contractNo]);
      expect(await numbers(`from=${dayD}&to=${d2}`)).toEqual([contracts.five.contractNo, contracts.three.contractNo]);
      expect(await numbers(`from=${plusDays(dayD, 3)}`)).toEqual([]);
      expect(await numbers(`to=${plusDays(dayD, -1)}`)).toEqual([]);

      for (const [query, field] of [
        ['from=2027-02-30', 'from'],
        ['to=tomorrow', 'to'],
        ['from=2027/01/01', 'from'],
        [`from=${d2}&to=${dayD}`, 'from'],
        ['village=1307281002', 'village'],
        ['page=0', 'page'],
      ]) {
        const res = await register(clerk, `?${query}`);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual([field]);
        expectError(await register(clerk, `?${query}`, true), 400, 'VALIDATION_FAILED');
      }
    });

    it('exports the register as CSV: BOM, Chinese header, 元 with 2 decimals, formulas defused', async () => {
      const res = await register(clerk, `?village=${WEST}`, true).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="transfers-${WEST}.csv"`);
      expect(res.headers['x-total-count']).toBe('2');
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      expect(text.endsWith('\r\n')).toBe(true);
      const lines = text.split('\r\n').slice(0, -1);
      expect(lines).toHaveLength(3);
      expect(lines[0]).toBe(
        '合同编号,挂牌编号,村代码,村名称,乡镇代码,发包方,流转方式,面积（亩）,出让方,受让方,起始日期,终止日期,期限（年）,' +
          '成交价格（元）,计价方式,成交总价（元）,备案日期,备案状态,登记状态',
      );
      const contract = (await get(clerk, `/contracts/${contracts.five.id}`).expect(200)).body;
      expect(lines[1]).toBe(
        [
          contracts.five.contractNo,
          five.listing.listingNo,
          WEST,
          WEST_NAME,
          TOWNSHIP,
          westCollective.name,
          '出租',
          Number(five.listing.areaMu).toFixed(2),
          // the formula is defused with a leading apostrophe, and quoted (it holds quotes and a comma)
          `"'=HYPERLINK(""http://evil.example"",""点我"")"`,
          '王建国',
          contract.terms.startsOn,
          contract.terms.endsOn,
          '5',
          '10000.00',
          '元/年',
          '50000.00',
          dayD,
          '已确认备案',
          '已登记',
        ].join(','),
      );
      expect(lines[2]).toContain(`${contracts.three.contractNo},`);
      expect(lines[2]).toContain(',3,10000.00,元/年,30000.00,');
      expect(lines[2].endsWith(`,${plusDays(dayD, 2)},已备案,`)).toBe(true);

      // the CSV takes the same filters, and every row (not a page)
      const filtered = await register(clerk, `?village=${WEST}&from=${plusDays(dayD, 1)}&pageSize=1`, true).expect(200);
      const filteredLines = (filtered.body as Buffer).toString('utf8').split('\r\n');
      expect(filteredLines).toHaveLength(3);
      expect(filteredLines[1]).toContain(contracts.three.contractNo);

      // a collective's export is its own village's, named after it; staff without a village get every village
      const own = await register(eastCollective, '', true).expect(200);
      expect(own.headers['content-disposition']).toBe(`attachment; filename="transfers-${EAST}.csv"`);
      expect((own.body as Buffer).toString('utf8').split('\r\n')).toHaveLength(3);
      const all = await register(supervisor, '?pageSize=1', true).expect(200);
      expect(all.headers['content-disposition']).toBe('attachment; filename="transfers-all.csv"');
      expect((all.body as Buffer).toString('utf8').split('\r\n')).toHaveLength(5);
    });
  });
});
