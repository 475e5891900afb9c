import { randomUUID } from 'node:crypto';
import { balances, expectLedgerOk } from './support/auction-helpers';
import {
  contractFor,
  dealAs,
  dealEntries,
  DealFixture,
  dealsInPublicity,
  fullStatementOf,
  instalmentsOf,
  signedContractFor,
  signers,
  StatementBody,
  statementOf,
} from './support/deals';
import { Actor } from './support/given';
import { expectError, fieldsOf } from './support/errors';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Contracts, payments and settlement (API.md "Deals, contracts and settlement", DOMAIN.md §2 steps 8-10 and §3):
 * the contract generated once, signed once by each party, paid through escrow (idempotently, never beyond what is
 * owed), settled once, and the certificate verifiable with its code. Every refusal is checked with its status, its
 * code and the state left unchanged.
 *
 * The deals: a LAND_CONTRACT lease at its reserve, 10,000.00 元 a year for 5 years = 5,000,000 fen, deposit
 * 200,000 fen (20 % of a year's rent), a PERSON seller (exempt) and a buyer's fee of 1.3% = 65,000 fen (the first
 * band). The rent is paid year by year: five instalments of 1,000,000 fen, each carrying 13,000 fen of the fee. Once
 * both have signed, the first year is payable: 1,000,000 + 13,000 − the deposit 200,000 = 813,000 fen in payments.
 */

const TOTAL = 5_000_000;
const DEPOSIT = 200_000;
const BUYER_FEE = 65_000;
const YEAR = 1_000_000;
const YEAR_FEE = 13_000;
const AMOUNT_DUE = YEAR + YEAR_FEE - DEPOSIT;

/** `YYYY-MM-DD` plus whole years (the platform's handover dates here are never 29 February). */
function plusYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}

/** `YYYY-MM-DD` plus days. */
function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

type Contract = Record<string, unknown> & { id: string; sellerId: string; buyerId: string; contractNo: string };

describe('contracts: signatures, payments, settlement and the certificate', () => {
  let t: TestContext;
  let main: DealFixture;
  let idem: DealFixture;
  let race: DealFixture;
  let stranger: Actor;
  let supervisor: Actor;
  let otherClerk: Actor;
  let contract: Contract;
  let seller: Actor;
  let buyer: Actor;
  let settled: Record<string, unknown> & { certificateNo: string; verificationCode: string };

  beforeAll(async () => {
    t = await createTestApp({ AUCTION_EXTENSION_SECONDS: '1' });
    [[main, idem, race], stranger, supervisor, otherClerk] = await Promise.all([
      dealsInPublicity(t, 3),
      t.given.buyer(),
      t.given.supervisor(),
      t.given.clerk(),
    ]);
  }, 90_000);
  afterAll(() => t.close());

  const url = (path: string) => `/api/v1${path}`;

  function pay(f: DealFixture, contractId: string, body: unknown, key?: string, clerk: Actor = f.clerk) {
    const req = t.http.post(url(`/contracts/${contractId}/payments`)).set('Authorization', clerk.auth);
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(body as object);
  }

  async function paymentsOf(actor: Actor, contractId: string) {
    const res = await t.http
      .get(url(`/contracts/${contractId}/payments?pageSize=100`))
      .set('Authorization', actor.auth)
      .expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 100, total: res.body.items.length });
    return res.body.items as { id: string; amountFen: number; bankRef: string }[];
  }

  async function contractAs(actor: Actor, contractId: string) {
    return (
      await t.http
        .get(url(`/contracts/${contractId}`))
        .set('Authorization', actor.auth)
        .expect(200)
    ).body;
  }

  async function kindsOf(f: DealFixture): Promise<string[]> {
    return (await dealEntries(t, f.clerk, f.deal.id)).map((e) => e.kind).sort();
  }

  /** The statement once both have signed (the first year payable), or before (nothing payable yet). */
  const statementAfter = (paidFen: number, signed = true): StatementBody => ({
    totalPriceFen: TOTAL,
    depositAppliedFen: DEPOSIT,
    buyerFeeFen: BUYER_FEE,
    sellerFeeFen: 0,
    amountDueFen: signed ? AMOUNT_DUE : 0,
    paidFen,
    outstandingFen: (signed ? AMOUNT_DUE : 0) - paidFen,
    disbursedToSellerFen: 0,
  });

  it('the contract is generated once, from a confirmed deal only, and shown to the parties and staff', async () => {
    const f = main;
    expect(f.deal).toMatchObject({ totalPriceFen: TOTAL, status: 'PUBLICITY' });
    expect(f.listing.depositFen).toBe(DEPOSIT);

    const early = await t.http.post(url(`/deals/${f.deal.id}/contract`)).set('Authorization', f.clerk.auth);
    expectError(early, 409, 'INVALID_STATE');
    expect(await dealAs(t, f.deal.id, f.clerk)).toMatchObject({ status: 'PUBLICITY', contractId: null });

    contract = await contractFor(t, f);
    ({ seller, buyer } = signers(f, contract));
    expect(seller.id).toBe(f.seller.id);
    expect(buyer.id).toBe(f.winner.id);
    expect(contract).toMatchObject({
      dealId: f.deal.id,
      status: 'AWAITING_SIGNATURES',
      signatures: [],
      totalPriceFen: TOTAL,
      depositAppliedFen: DEPOSIT,
      buyerFeeFen: BUYER_FEE,
      sellerFeeFen: 0,
      dealStatus: 'CONFIRMED',
    });
    expect(contract.contractNo).toEqual(expect.any(String));
    expect(contract.textZh).toEqual(expect.stringContaining(contract.contractNo));
    expect(contract.terms).toEqual(expect.any(Object));
    // the term runs from the handover (the day after the confirmation) to the day before its 5th anniversary
    const confirmedOn = new Date(Date.parse(String(contract.createdAt)) + 8 * 3600_000).toISOString().slice(0, 10);
    const startsOn = String(contract.handoverOn);
    expect([plusDays(confirmedOn, 1), plusDays(confirmedOn, 0)]).toContain(startsOn); // the clerk acted near midnight
    expect(contract).toMatchObject({ startsOn, endsOn: plusDays(plusYears(startsOn, 5), -1) });
    expect(contract.terms).toMatchObject({ startsOn, endsOn: contract.endsOn });
    // the rent year by year, in advance: five instalments, the first due at the start
    expect(await instalmentsOf(t, f.clerk, contract.id)).toEqual(
      [0, 1, 2, 3, 4].map((k) => ({
        no: k + 1,
        kind: 'RENT',
        dueOn: plusYears(startsOn, k),
        payableFrom: k === 0 ? null : plusDays(plusYears(startsOn, k), -30),
        amountFen: YEAR,
        buyerFeeFen: YEAR_FEE,
        sellerFeeFen: 0,
        lateFeeFen: 0,
        retentionFen: 0,
        paidFen: k === 0 ? DEPOSIT : 0,
        status: 'PENDING',
      })),
    );

    // a second contract for the same deal is refused; a buyer may not generate one
    expectError(
      await t.http.post(url(`/deals/${f.deal.id}/contract`)).set('Authorization', f.clerk.auth),
      409,
      'INVALID_STATE',
    );
    expectError(
      await t.http.post(url(`/deals/${f.deal.id}/contract`)).set('Authorization', buyer.auth),
      403,
      'FORBIDDEN',
    );
    expect((await dealAs(t, f.deal.id, f.clerk)).contractId).toBe(contract.id);

    for (const insider of [seller, buyer, f.clerk, supervisor]) {
      expect((await contractAs(insider, contract.id)).id).toBe(contract.id);
      expect(await statementOf(t, insider, contract.id)).toEqual(statementAfter(0, false));
      expect(await paymentsOf(insider, contract.id)).toEqual([]);
    }
    // a losing bidder and an outsider do not learn that it exists
    for (const outsider of [f.bidders[1], stranger]) {
      for (const path of [
        `/contracts/${contract.id}`,
        `/contracts/${contract.id}/statement`,
        `/contracts/${contract.id}/instalments`,
      ]) {
        expectError(await t.http.get(url(path)).set('Authorization', outsider.auth), 404, 'NOT_FOUND');
      }
      expectError(
        await t.http.get(url(`/contracts/${contract.id}/payments`)).set('Authorization', outsider.auth),
        404,
        'NOT_FOUND',
      );
    }
    expectError(
      await t.http.get(url(`/contracts/${contract.id}/payments?pageSize=500`)).set('Authorization', f.clerk.auth),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('each party signs once; staff and outsiders cannot sign; settling needs both signatures', async () => {
    const f = main;
    for (const staff of [f.clerk, supervisor]) {
      const res = await t.http.post(url(`/contracts/${contract.id}/sign`)).set('Authorization', staff.auth);
      expectError(res, 403, 'FORBIDDEN');
    }
    expectError(
      await t.http.post(url(`/contracts/${contract.id}/sign`)).set('Authorization', f.bidders[1].auth),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http
        .post(url(`/contracts/${contract.id}/settle`))
        .set('Authorization', f.clerk.auth)
        .send({ bankRef: 'OUT-EARLY' }),
      409,
      'INVALID_STATE',
    );
    expect((await contractAs(f.clerk, contract.id)).signatures).toEqual([]);

    const first = await t.http
      .post(url(`/contracts/${contract.id}/sign`))
      .set('Authorization', seller.auth)
      .send({ address: '怀安县柴沟堡镇西沙洼村3组12号' })
      .expect(200);
    expect(first.body).toMatchObject({
      status: 'AWAITING_SIGNATURES',
      dealStatus: 'CONFIRMED',
      signatures: [{ party: 'SELLER', signedAt: expect.any(String) }],
    });
    // the signer's name, address and the date are written into the text (China time)
    const signedOn = new Date(Date.parse(first.body.signatures[0].signedAt) + 8 * 3600_000);
    const dateZh = `${signedOn.getUTCFullYear()}年${signedOn.getUTCMonth() + 1}月${signedOn.getUTCDate()}日`;
    expect(first.body.textZh).toContain(`签字（盖章）：${seller.name}`);
    expect(first.body.textZh).toContain('住所：怀安县柴沟堡镇西沙洼村3组12号');
    expect(first.body.textZh).toContain(`签订日期：${dateZh}`);
    // the public copy keeps the signature but not the address
    const publicCopy = await t.http
      .get(url(`/contracts/${contract.id}?copy=public`))
      .set('Authorization', seller.auth)
      .expect(200);
    expect(publicCopy.body.textZh).toContain(`签订日期：${dateZh}`);
    const again = await t.http.post(url(`/contracts/${contract.id}/sign`)).set('Authorization', seller.auth);
    expectError(again, 409, 'ALREADY_SIGNED');
    const now = await contractAs(f.clerk, contract.id);
    expect(now.signatures).toEqual(first.body.signatures);
    expect(now.status).toBe('AWAITING_SIGNATURES');

    // signed by one party only: nothing is payable yet, nothing can be settled
    const early = await pay(f, contract.id, { amountFen: AMOUNT_DUE, bankRef: 'PAY-EARLY' });
    expectError(early, 422, 'OVERPAYMENT');
    expectError(
      await t.http
        .post(url(`/contracts/${contract.id}/settle`))
        .set('Authorization', f.clerk.auth)
        .send({ bankRef: 'OUT-EARLY' }),
      409,
      'INVALID_STATE',
    );
    expect(await kindsOf(f)).toEqual([]);
    expect((await dealAs(t, f.deal.id, f.clerk)).status).toBe('CONFIRMED');

    const both = await t.http
      .post(url(`/contracts/${contract.id}/sign`))
      .set('Authorization', buyer.auth)
      .expect(200);
    expect(both.body).toMatchObject({ status: 'SIGNED', dealStatus: 'CONTRACTED' });
    expect(both.body.signatures.map((s: { party: string }) => s.party)).toEqual(['SELLER', 'BUYER']);
    expectError(
      await t.http.post(url(`/contracts/${contract.id}/sign`)).set('Authorization', buyer.auth),
      409,
      'ALREADY_SIGNED',
    );
    expect((await dealAs(t, f.deal.id, f.clerk)).status).toBe('CONTRACTED');
    expect((await contractAs(f.clerk, contract.id)).signatures).toEqual(both.body.signatures);

    // signed by both: the first year is payable, not yet fully paid
    await pay(f, contract.id, { amountFen: AMOUNT_DUE - 1_000, bankRef: 'PAY-MAIN-1' }).expect(201);
    expect(await kindsOf(f)).toEqual(['PAYMENT_RECEIVED']);
  });

  it('bad payment bodies are 400 and an overpayment 422, and neither books anything', async () => {
    const f = main;
    const before = await statementOf(t, f.clerk, contract.id);
    expect(before).toEqual(statementAfter(AMOUNT_DUE - 1_000));
    const bodies: [unknown, string][] = [
      [{ bankRef: 'B-1' }, 'amountFen'],
      [{ amountFen: 0, bankRef: 'B-1' }, 'amountFen'],
      [{ amountFen: -500, bankRef: 'B-1' }, 'amountFen'],
      [{ amountFen: 10.5, bankRef: 'B-1' }, 'amountFen'],
      [{ amountFen: '500', bankRef: 'B-1' }, 'amountFen'],
      [{ amountFen: null, bankRef: 'B-1' }, 'amountFen'],
      [{ amountFen: 9_007_199_254_740_992, bankRef: 'B-1' }, 'amountFen'],
      [{ amountFen: 500 }, 'bankRef'],
      [{ amountFen: 500, bankRef: '' }, 'bankRef'],
      [{ amountFen: 500, bankRef: '   ' }, 'bankRef'],
      [{ amountFen: 500, bankRef: 12345 }, 'bankRef'],
      [{ amountFen: 500, bankRef: 'B'.repeat(65) }, 'bankRef'],
      [{ amountFen: 500, bankRef: 'B-1', payer: 'buyer' }, 'payer'],
    ];
    for (const [body, field] of bodies) {
      const res = await pay(f, contract.id, body);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain(field);
    }
    // an Idempotency-Key longer than 64 characters is refused too
    const longKey = await pay(f, contract.id, { amountFen: 500, bankRef: 'B-1' }, 'k'.repeat(65));
    expectError(longKey, 400, 'VALIDATION_FAILED');

    const over = await pay(f, contract.id, { amountFen: 1_001, bankRef: 'PAY-TOO-MUCH' });
    expectError(over, 422, 'OVERPAYMENT');
    expect(fieldsOf(over)).toEqual(['amountFen']);

    expect(await statementOf(t, f.clerk, contract.id)).toEqual(before);
    expect((await paymentsOf(f.clerk, contract.id)).map((p) => p.amountFen)).toEqual([AMOUNT_DUE - 1_000]);
    expect(await kindsOf(f)).toEqual(['PAYMENT_RECEIVED']);
    expect((await balances(t, f.clerk)).get(`BUYER_FUNDS:${f.deal.id}`)).toBe(AMOUNT_DUE - 1_000);

    // a buyer or a supervisor may not record payments
    for (const who of [buyer, supervisor]) {
      expectError(await pay(f, contract.id, { amountFen: 500, bankRef: 'B-1' }, undefined, who), 403, 'FORBIDDEN');
    }
    expect(await statementOf(t, f.clerk, contract.id)).toEqual(before);
  });

  it('settling before the last fen is paid is 409 NOT_FULLY_PAID; then it settles, books the fee and pays the seller', async () => {
    const f = main;
    const notYet = await t.http
      .post(url(`/contracts/${contract.id}/settle`))
      .set('Authorization', f.clerk.auth)
      .send({ bankRef: 'OUT-1' });
    expectError(notYet, 409, 'NOT_FULLY_PAID');
    expect((await dealAs(t, f.deal.id, f.clerk)).status).toBe('CONTRACTED');
    expect(await kindsOf(f)).toEqual(['PAYMENT_RECEIVED']);

    // settle: bad bodies and the wrong role first
    for (const body of [{}, { bankRef: '' }, { bankRef: 'O'.repeat(65) }, { bankRef: 'OUT-1', waive: true }]) {
      expectError(
        await t.http
          .post(url(`/contracts/${contract.id}/settle`))
          .set('Authorization', f.clerk.auth)
          .send(body),
        400,
        'VALIDATION_FAILED',
      );
    }
    expectError(
      await t.http
        .post(url(`/contracts/${contract.id}/settle`))
        .set('Authorization', seller.auth)
        .send({ bankRef: 'X' }),
      403,
      'FORBIDDEN',
    );

    await pay(f, contract.id, { amountFen: 1_000, bankRef: 'PAY-MAIN-2' }).expect(201);
    expect(await statementOf(t, f.clerk, contract.id)).toEqual(statementAfter(AMOUNT_DUE));
    // nothing is outstanding any more: not even one fen is accepted
    expectError(await pay(f, contract.id, { amountFen: 1, bankRef: 'PAY-EXTRA' }), 422, 'OVERPAYMENT');

    const before = await balances(t, f.clerk);
    const res = await t.http
      .post(url(`/contracts/${contract.id}/settle`))
      .set('Authorization', f.clerk.auth)
      .send({ bankRef: 'OUT-1' })
      .expect(200);
    settled = res.body;
    expect(res.body).toMatchObject({ id: contract.id, dealStatus: 'SETTLED', status: 'IN_FORCE' });
    expect(res.body.certificateNo).toEqual(expect.any(String));
    expect(res.body.verificationCode).toMatch(/^[A-Z2-9]{8}$/);
    // the first year's rent went to the lessor; the four later years are still to come
    const after = await fullStatementOf(t, f.clerk, contract.id);
    expect(after).toMatchObject({ ...statementAfter(AMOUNT_DUE), disbursedToSellerFen: YEAR });
    expect(after.instalments.map((i) => [i.no, i.status, i.paidFen])).toEqual([
      [1, 'SETTLED', YEAR + YEAR_FEE],
      [2, 'PENDING', 0],
      [3, 'PENDING', 0],
      [4, 'PENDING', 0],
      [5, 'PENDING', 0],
    ]);

    const entries = await dealEntries(t, f.clerk, f.deal.id);
    expect(entries.map((e) => e.kind).sort()).toEqual([
      'DEPOSIT_APPLIED',
      'PAYMENT_RECEIVED',
      'PAYMENT_RECEIVED',
      'PAYOUT',
      'SETTLEMENT',
    ]);
    expect(entries.find((e) => e.kind === 'SETTLEMENT')!.postings).toEqual(
      expect.arrayContaining([
        { account: `BUYER_FUNDS:${f.deal.id}`, amountFen: YEAR + YEAR_FEE },
        { account: 'FEE_INCOME', amountFen: -YEAR_FEE },
        { account: `SELLER_PAYABLE:${f.deal.id}`, amountFen: -YEAR },
      ]),
    );
    const books = await balances(t, f.clerk);
    expect(books.get(`BUYER_FUNDS:${f.deal.id}`)).toBe(0);
    expect(books.get(`SELLER_PAYABLE:${f.deal.id}`)).toBe(0);
    expect(books.get(`DEPOSITS_HELD:${f.winner.registrationId}`)).toBe(0);
    expect(books.get('FEE_INCOME')).toBe((before.get('FEE_INCOME') ?? 0) + YEAR_FEE);
    expect(books.get('BANK')).toBe(before.get('BANK')! - YEAR);
    await expectLedgerOk(t, f.clerk);

    // after settlement nothing more can happen to the deal, and nothing more is booked
    expectError(
      await t.http
        .post(url(`/contracts/${contract.id}/settle`))
        .set('Authorization', f.clerk.auth)
        .send({ bankRef: 'OUT-2' }),
      409,
      'INVALID_STATE',
    );
    expectError(
      await t.http
        .post(url(`/deals/${f.deal.id}/default`))
        .set('Authorization', f.clerk.auth)
        .send({ reason: '结算后不能违约' }),
      409,
      'INVALID_STATE',
    );
    // the second year's rent is payable only from 30 days before its due date
    expectError(await pay(f, contract.id, { amountFen: 1, bankRef: 'PAY-LATE' }), 422, 'OVERPAYMENT');
    expectError(
      await t.http
        .post(url(`/deals/${f.deal.id}/payout`))
        .set('Authorization', f.clerk.auth)
        .send({ bankRef: 'P-1' }),
      409,
      'NOTHING_TO_PAY',
    );
    expectError(
      await t.http.post(url(`/contracts/${contract.id}/sign`)).set('Authorization', seller.auth),
      409,
      'ALREADY_SIGNED',
    );
    expect((await dealAs(t, f.deal.id, f.clerk)).status).toBe('SETTLED');
    expect(await dealEntries(t, f.clerk, f.deal.id)).toHaveLength(entries.length);
    expect((await t.http.get(url(`/listings/${f.listing.id}`)).expect(200)).body.status).toBe('SOLD');
    await expectLedgerOk(t, f.clerk);
  });

  it('after settlement the parties and staff see the contract and the verification code; the public does not', async () => {
    const f = main;
    for (const res of [
      await t.http.get(url(`/deals/${f.deal.id}`)).expect(200),
      await t.http
        .get(url(`/deals/${f.deal.id}`))
        .set('Authorization', stranger.auth)
        .expect(200),
      await t.http
        .get(url(`/listings/${f.listing.id}/deal`))
        .set('Authorization', f.bidders[1].auth)
        .expect(200),
    ]) {
      expect(res.body).toMatchObject({ id: f.deal.id, status: 'SETTLED', buyerBidderNo: f.winner.bidderNo });
      for (const hidden of ['buyerId', 'sellerId', 'verificationCode', 'contractId']) {
        expect(res.body).not.toHaveProperty(hidden);
      }
      expect(JSON.stringify(res.body)).not.toContain(settled.verificationCode);
    }
    for (const insider of [seller, buyer, f.clerk, otherClerk, supervisor]) {
      expect(await dealAs(t, f.deal.id, insider)).toMatchObject({
        status: 'SETTLED',
        buyerId: f.winner.id,
        sellerId: f.seller.id,
        contractId: contract.id,
        certificateNo: settled.certificateNo,
        verificationCode: settled.verificationCode,
      });
    }
    expect(await contractAs(buyer, contract.id)).toMatchObject({
      dealStatus: 'SETTLED',
      certificateNo: settled.certificateNo,
      verificationCode: settled.verificationCode,
    });
    expectError(
      await t.http.get(url(`/contracts/${contract.id}`)).set('Authorization', stranger.auth),
      404,
      'NOT_FOUND',
    );
  });

  it('the certificate verifies publicly with its code only; the PDF is for the parties and staff', async () => {
    const no = encodeURIComponent(settled.certificateNo);
    const ok = await t.http.get(url(`/certificates/${no}?code=${settled.verificationCode}`)).expect(200);
    expect(ok.body).toMatchObject({
      certificateNo: settled.certificateNo,
      valid: true,
      contractNo: contract.contractNo,
      totalPriceFen: TOTAL,
      unitPriceFen: main.deal.priceFen,
      tradingMethod: 'AUCTION',
    });
    expect(ok.body).not.toHaveProperty('verificationCode');
    // typed from paper: case does not matter
    await t.http.get(url(`/certificates/${no}?code=${settled.verificationCode.toLowerCase()}`)).expect(200);

    const wrongCode = settled.verificationCode.startsWith('A')
      ? `B${settled.verificationCode.slice(1)}`
      : `A${settled.verificationCode.slice(1)}`;
    for (const path of [
      `/certificates/${no}?code=${wrongCode}`,
      `/certificates/${no}?code=`,
      `/certificates/${no}`,
      `/certificates/HA-JZ-1999-999999?code=${settled.verificationCode}`,
    ]) {
      const res = await t.http.get(url(path));
      expectError(res, 404, 'NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain(contract.contractNo);
    }

    for (const insider of [buyer, supervisor]) {
      const pdf = await t.http
        .get(url(`/certificates/${no}/pdf`))
        .set('Authorization', insider.auth)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
      expect((pdf.body as Buffer).subarray(0, 4).toString()).toBe('%PDF');
    }
    for (const outsider of [stranger, main.bidders[1]]) {
      expectError(
        await t.http.get(url(`/certificates/${no}/pdf`)).set('Authorization', outsider.auth),
        404,
        'NOT_FOUND',
      );
    }
    expectError(await t.http.get(url(`/certificates/${no}/pdf`)), 401, 'UNAUTHENTICATED');
    expectError(
      await t.http.get(url('/certificates/HA-JZ-1999-999999/pdf')).set('Authorization', main.clerk.auth),
      404,
      'NOT_FOUND',
    );
  });

  it('a payment replayed with its Idempotency-Key is booked once; another body with the key is 422', async () => {
    const f = idem;
    const c = await signedContractFor(t, f);
    const body = { amountFen: 100_000, bankRef: 'IDEM-1' };
    const first = await pay(f, c.id, body, 'pay-once-1').expect(201);
    expect(first.body).toMatchObject({ contractId: c.id, amountFen: 100_000, paidFen: 100_000 });
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const replay = await pay(f, c.id, { bankRef: 'IDEM-1', amountFen: 100_000 }, 'pay-once-1').expect(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');

    const reused = await pay(f, c.id, { amountFen: 200_000, bankRef: 'IDEM-1' }, 'pay-once-1');
    expectError(reused, 422, 'IDEMPOTENCY_KEY_REUSED');

    expect((await paymentsOf(f.clerk, c.id)).map((p) => p.id)).toEqual([first.body.id]);
    expect(await kindsOf(f)).toEqual(['PAYMENT_RECEIVED']);
    expect((await statementOf(t, f.clerk, c.id)).paidFen).toBe(100_000);
    expect((await balances(t, f.clerk)).get(`BUYER_FUNDS:${f.deal.id}`)).toBe(100_000);

    // the key belongs to its user: another clerk's identical request is a payment of its own
    const other = await pay(f, c.id, body, 'pay-once-1', otherClerk).expect(201);
    expect(other.body.id).not.toBe(first.body.id);
    expect(other.body.paidFen).toBe(200_000);
    expect(await kindsOf(f)).toEqual(['PAYMENT_RECEIVED', 'PAYMENT_RECEIVED']);
    await expectLedgerOk(t, f.clerk);
  });

  it('a retry to the same contract spelled differently (id case, trailing slash, %-encoding) still replays', async () => {
    const f = idem;
    const contractId = (await dealAs(t, f.deal.id, f.clerk)).contractId as string;
    const body = { amountFen: 20_000, bankRef: 'IDEM-PATH' };
    const first = await pay(f, contractId, body, 'pay-path-1').expect(201);
    const count = (await paymentsOf(f.clerk, contractId)).length;
    // the same route and the same contract to the router and the database: the same request
    const encoded = `%${contractId.charCodeAt(0).toString(16)}${contractId.slice(1)}`;
    for (const path of [
      `/contracts/${contractId.toUpperCase()}/payments`,
      `/contracts/${contractId}/payments/`,
      `/contracts/${encoded}/payments`,
    ]) {
      const res = await t.http
        .post(url(path))
        .set('Authorization', f.clerk.auth)
        .set('Idempotency-Key', 'pay-path-1')
        .send(body);
      expect({ path, status: res.status, id: res.body.id }).toEqual({ path, status: 201, id: first.body.id });
    }
    expect(await paymentsOf(f.clerk, contractId)).toHaveLength(count);
  });

  it('five concurrent requests with one key book exactly one payment', async () => {
    const f = idem;
    const c = { id: (await dealAs(t, f.deal.id, f.clerk)).contractId as string };
    const before = await statementOf(t, f.clerk, c.id);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => pay(f, c.id, { amountFen: 50_000, bankRef: 'IDEM-RACE' }, 'pay-race-1')),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    const created = results.filter((r) => r.status === 201);
    const fresh = created.filter((r) => r.headers['idempotent-replayed'] === undefined);
    expect(fresh).toHaveLength(1);
    for (const r of created) expect(r.body).toEqual(fresh[0].body);
    for (const r of results.filter((x) => x.status === 409)) expectError(r, 409, 'IDEMPOTENCY_KEY_IN_USE');

    const payments = await paymentsOf(f.clerk, c.id);
    expect(payments.filter((p) => p.bankRef === 'IDEM-RACE').map((p) => p.id)).toEqual([fresh[0].body.id]);
    expect(await statementOf(t, f.clerk, c.id)).toEqual({
      ...before,
      paidFen: before.paidFen + 50_000,
      outstandingFen: before.outstandingFen - 50_000,
    });
    expect((await dealEntries(t, f.clerk, f.deal.id)).filter((e) => e.kind === 'PAYMENT_RECEIVED')).toHaveLength(
      payments.length,
    );
    // once it is done the key replays
    const late = await pay(f, c.id, { amountFen: 50_000, bankRef: 'IDEM-RACE' }, 'pay-race-1').expect(201);
    expect(late.body).toEqual(fresh[0].body);
    expect(await paymentsOf(f.clerk, c.id)).toHaveLength(payments.length);
    await expectLedgerOk(t, f.clerk);
  });

  it('a refused attempt is not kept: the corrected retry with the same key runs', async () => {
    const f = idem;
    const contractId = (await dealAs(t, f.deal.id, f.clerk)).contractId as string;
    const before = await statementOf(t, f.clerk, contractId);
    const entriesBefore = (await dealEntries(t, f.clerk, f.deal.id)).length;

    const over = await pay(f, contractId, { amountFen: before.outstandingFen + 1, bankRef: 'IDEM-FIX' }, 'pay-fix-1');
    expectError(over, 422, 'OVERPAYMENT');
    const invalid = await pay(f, contractId, { amountFen: 'lots', bankRef: 'IDEM-FIX' }, 'pay-fix-1');
    expectError(invalid, 400, 'VALIDATION_FAILED');
    expect(await statementOf(t, f.clerk, contractId)).toEqual(before);
    expect(await dealEntries(t, f.clerk, f.deal.id)).toHaveLength(entriesBefore);

    const fixed = await pay(f, contractId, { amountFen: before.outstandingFen, bankRef: 'IDEM-FIX' }, 'pay-fix-1');
    expect(fixed.status).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect(fixed.body).toMatchObject({ amountFen: before.outstandingFen, outstandingFen: 0 });
    const replay = await pay(f, contractId, { amountFen: before.outstandingFen, bankRef: 'IDEM-FIX' }, 'pay-fix-1');
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(fixed.body);
    expect(await dealEntries(t, f.clerk, f.deal.id)).toHaveLength(entriesBefore + 1);
    expect((await statementOf(t, f.clerk, contractId)).outstandingFen).toBe(0);
    await expectLedgerOk(t, f.clerk);
  });

  it('two payments that together exceed what is owed, sent at once: one is booked, one is OVERPAYMENT', async () => {
    const f = race;
    const c = await contractFor(t, f);
    const parties = signers(f, c);
    // the two signatures at once: both land, the deal is contracted once
    const signed = await Promise.all(
      [parties.seller, parties.buyer].map((p) =>
        t.http.post(url(`/contracts/${c.id}/sign`)).set('Authorization', p.auth),
      ),
    );
    expect(signed.map((r) => r.status)).toEqual([200, 200]);
    expect(await contractAs(f.clerk, c.id)).toMatchObject({ status: 'SIGNED', dealStatus: 'CONTRACTED' });
    const part = Math.ceil(AMOUNT_DUE * 0.6);
    const results = await Promise.all([
      pay(f, c.id, { amountFen: part, bankRef: 'RACE-A' }),
      pay(f, c.id, { amountFen: part, bankRef: 'RACE-B' }, undefined, otherClerk),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    expectError(
      results.find((r) => r.status === 422)!,
      422,
      'OVERPAYMENT',
    );
    expect((await paymentsOf(f.clerk, c.id)).map((p) => p.amountFen)).toEqual([part]);
    expect(await statementOf(t, f.clerk, c.id)).toEqual(statementAfter(part));
    expect(await kindsOf(f)).toEqual(['PAYMENT_RECEIVED']);
    expect((await balances(t, f.clerk)).get(`BUYER_FUNDS:${f.deal.id}`)).toBe(part);
    await expectLedgerOk(t, f.clerk);
  });

  it('two clerks settling the same contract at once: one settles, the other is 409, one settlement booked', async () => {
    const f = race;
    const contractId = (await dealAs(t, f.deal.id, f.clerk)).contractId as string;
    await pay(f, contractId, { amountFen: AMOUNT_DUE - Math.ceil(AMOUNT_DUE * 0.6), bankRef: 'RACE-C' }).expect(201);

    const results = await Promise.all(
      [f.clerk, otherClerk].map((clerk, i) =>
        t.http
          .post(url(`/contracts/${contractId}/settle`))
          .set('Authorization', clerk.auth)
          .send({ bankRef: `RACE-OUT-${i}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expectError(
      results.find((r) => r.status === 409)!,
      409,
      'INVALID_STATE',
    );

    const entries = await dealEntries(t, f.clerk, f.deal.id);
    expect(entries.filter((e) => e.kind === 'SETTLEMENT')).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'PAYOUT')).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'DEPOSIT_APPLIED')).toHaveLength(1);
    expect(await dealAs(t, f.deal.id, f.clerk)).toMatchObject({
      status: 'SETTLED',
      certificateNo: winner.body.certificateNo,
      verificationCode: winner.body.verificationCode,
    });
    const money = await balances(t, f.clerk);
    expect(money.get(`BUYER_FUNDS:${f.deal.id}`)).toBe(0);
    expect(money.get(`SELLER_PAYABLE:${f.deal.id}`)).toBe(0);
    expect((await statementOf(t, f.clerk, contractId)).disbursedToSellerFen).toBe(YEAR);
    await expectLedgerOk(t, f.clerk);
  });

  it('malformed ids are 400, unknown ids 404, and nothing here is public', async () => {
    const clerk = main.clerk;
    for (const [method, path] of [
      ['get', '/contracts/not-a-uuid'],
      ['get', '/contracts/123/statement'],
      ['get', '/contracts/123/payments'],
      ['post', '/contracts/abc/sign'],
      ['post', '/contracts/abc/payments'],
      ['post', '/contracts/abc/settle'],
      ['get', '/contracts/abc/instalments'],
      ['post', '/contracts/abc/instalments/2/settle'],
      ['post', '/contracts/abc/acceptance'],
      ['post', '/contracts/abc/retention/release'],
      ['get', '/contracts/abc/documents'],
      ['post', `/contracts/${contract.id}/instalments/0/settle`],
      ['post', `/contracts/${contract.id}/instalments/two/settle`],
      ['post', '/deals/abc/contract'],
    ] as ['get' | 'post', string][]) {
      expectError(await t.http[method](url(path)).set('Authorization', clerk.auth).send({}), 400, 'VALIDATION_FAILED');
    }
    const unknown = randomUUID();
    for (const [method, path, body] of [
      ['get', `/contracts/${unknown}`, undefined],
      ['get', `/contracts/${unknown}/statement`, undefined],
      ['get', `/contracts/${unknown}/payments`, undefined],
      ['post', `/contracts/${unknown}/sign`, undefined],
      ['post', `/contracts/${unknown}/payments`, { amountFen: 100, bankRef: 'B-1' }],
      ['post', `/contracts/${unknown}/settle`, { bankRef: 'B-1' }],
      ['get', `/contracts/${unknown}/instalments`, undefined],
      ['post', `/contracts/${unknown}/instalments/2/settle`, { bankRef: 'B-1' }],
      ['post', `/contracts/${unknown}/acceptance`, { accepted: true, note: '验收合格' }],
      ['post', `/contracts/${unknown}/retention/release`, { bankRef: 'B-1' }],
      ['get', `/contracts/${unknown}/documents`, undefined],
      ['post', `/deals/${unknown}/contract`, undefined],
    ] as ['get' | 'post', string, object | undefined][]) {
      const req = t.http[method](url(path)).set('Authorization', clerk.auth);
      expectError(await (body ? req.send(body) : req), 404, 'NOT_FOUND');
    }
    for (const [method, path, body] of [
      ['get', `/contracts/${contract.id}`, undefined],
      ['get', `/contracts/${contract.id}/statement`, undefined],
      ['get', `/contracts/${contract.id}/payments`, undefined],
      ['post', `/contracts/${contract.id}/sign`, undefined],
      ['post', `/contracts/${contract.id}/payments`, { amountFen: 100, bankRef: 'B-1' }],
      ['post', `/contracts/${contract.id}/settle`, { bankRef: 'B-1' }],
      ['get', `/contracts/${contract.id}/instalments`, undefined],
      ['post', `/contracts/${contract.id}/instalments/2/settle`, { bankRef: 'B-1' }],
      ['get', `/contracts/${contract.id}/documents`, undefined],
      ['post', `/deals/${main.deal.id}/contract`, undefined],
      ['get', '/ledger/accounts', undefined],
      ['get', '/ledger/verify', undefined],
    ] as ['get' | 'post', string, object | undefined][]) {
      const req = t.http[method](url(path));
      expectError(await (body ? req.send(body) : req), 401, 'UNAUTHENTICATED');
    }
    // the ledger is for staff only
    expectError(await t.http.get(url('/ledger/accounts')).set('Authorization', buyer.auth), 403, 'FORBIDDEN');
  });
});
