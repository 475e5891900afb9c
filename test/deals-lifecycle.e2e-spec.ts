import { randomUUID } from 'node:crypto';
import { balances, entriesOf, expectLedgerOk, listingStatus } from './support/auction-helpers';
import {
  dealAs,
  dealEntries,
  DealFixture,
  dealInPublicity,
  dealsInPublicity,
  signedContractFor,
  statementOf,
} from './support/deals';
import { Actor } from './support/given';
import { expectError, fieldsOf } from './support/errors';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Deals after the hammer (API.md "Deals, contracts and settlement", DOMAIN.md §2 steps 7-9 and §3): publicity and
 * objections, confirmation, default with the deposit forfeited, the payout, and the listing back to FAILED for
 * relisting. Every refusal is checked with its status, its code and the state left unchanged.
 */

describe('deals: publicity, objections, confirmation, default and payout', () => {
  let t: TestContext;
  let upheld: DealFixture;
  let rejected: DealFixture;
  let defaulted: DealFixture;
  let partlyPaid: DealFixture;
  let untouched: DealFixture;
  let twoObjections: DealFixture;
  let stranger: Actor;
  let supervisor: Actor;

  beforeAll(async () => {
    t = await createTestApp({ AUCTION_EXTENSION_SECONDS: '1' });
    [[upheld, rejected, defaulted, partlyPaid, untouched, twoObjections], stranger, supervisor] = await Promise.all([
      dealsInPublicity(t, 6),
      t.given.buyer(),
      t.given.supervisor(),
    ]);
  }, 90_000);
  afterAll(() => t.close());

  const url = (path: string) => `/api/v1${path}`;

  async function dealStatus(f: DealFixture): Promise<string> {
    return (await dealAs(t, f.deal.id, f.clerk)).status as string;
  }

  async function objectionsAs(f: DealFixture, actor: Actor) {
    const res = await t.http
      .get(url(`/deals/${f.deal.id}/objections?pageSize=100`))
      .set('Authorization', actor.auth)
      .expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 100, total: res.body.items.length });
    return res.body.items as {
      id: string;
      status: string;
      reason: string;
      upheld: boolean | null;
      raisedBy?: string;
    }[];
  }

  it('the deals start in publicity, at the reserve, won by the first bidder', () => {
    for (const f of [upheld, rejected, defaulted, partlyPaid, untouched]) {
      expect(f.deal).toMatchObject({ status: 'PUBLICITY', method: 'AUCTION', priceFen: f.listing.reservePriceFen });
      expect(f.winner.id).toBe(f.bidders[0].id);
    }
  });

  it('an upheld objection cancels the deal, releases the winner’s deposit and lets the seller relist', async () => {
    const f = upheld;
    const raised = await t.http
      .post(url(`/deals/${f.deal.id}/objections`))
      .set('Authorization', stranger.auth)
      .send({ reason: '  竞买人之间疑似串通  ' })
      .expect(201);
    expect(raised.body).toMatchObject({
      dealId: f.deal.id,
      status: 'OPEN',
      reason: '竞买人之间疑似串通',
      upheld: null,
    });
    expect(raised.body.raisedBy).toBeUndefined(); // the objector's identity is for staff only

    // visibility: the objector sees their own, another outsider nothing, the parties and staff all
    const other = await t.given.buyer();
    expect((await objectionsAs(f, stranger)).map((o) => o.id)).toEqual([raised.body.id]);
    expect(await objectionsAs(f, other)).toEqual([]);
    for (const insider of [f.seller, f.winner, f.clerk, supervisor]) {
      expect((await objectionsAs(f, insider)).map((o) => o.id)).toEqual([raised.body.id]);
    }
    expect((await objectionsAs(f, f.clerk))[0].raisedBy).toBe(stranger.id);
    expect((await objectionsAs(f, f.seller))[0].raisedBy).toBeUndefined();

    // while it is open the deal cannot be confirmed
    const blocked = await t.http.post(url(`/deals/${f.deal.id}/confirm`)).set('Authorization', f.clerk.auth);
    expectError(blocked, 409, 'OBJECTION_OPEN');
    expect(await dealStatus(f)).toBe('PUBLICITY');

    const resolved = await t.http
      .post(url(`/objections/${raised.body.id}/resolve`))
      .set('Authorization', f.clerk.auth)
      .send({ upheld: true, comment: '经核实，异议成立' })
      .expect(200);
    expect(resolved.body).toMatchObject({
      id: raised.body.id,
      status: 'UPHELD',
      upheld: true,
      comment: '经核实，异议成立',
    });

    const deal = await dealAs(t, f.deal.id, f.clerk);
    expect(deal).toMatchObject({ status: 'CANCELLED', closeReason: '经核实，异议成立' });
    expect((await t.http.get(url(`/listings/${f.listing.id}`)).expect(200)).body.status).toBe('FAILED');

    // the winner's deposit is released for refund (DEPOSIT_RELEASED, REFUNDS_PAYABLE = deposit, nothing held)
    const entries = await entriesOf(t, f.clerk, f.winner.registrationId);
    const released = entries.filter((e) => e.kind === 'DEPOSIT_RELEASED');
    expect(released).toHaveLength(1);
    expect(released[0].postings).toEqual(
      expect.arrayContaining([
        { account: `DEPOSITS_HELD:${f.winner.registrationId}`, amountFen: f.listing.depositFen },
        { account: `REFUNDS_PAYABLE:${f.winner.registrationId}`, amountFen: -f.listing.depositFen },
      ]),
    );
    expect(entries.map((e) => e.kind)).not.toContain('DEPOSIT_FORFEITED');
    const money = await balances(t, f.clerk);
    expect(money.get(`REFUNDS_PAYABLE:${f.winner.registrationId}`)).toBe(f.listing.depositFen);
    expect(money.get(`DEPOSITS_HELD:${f.winner.registrationId}`)).toBe(0);
    expect(money.has(`SELLER_PAYABLE:${f.deal.id}`)).toBe(false);
    await expectLedgerOk(t, f.clerk);

    // resolving it again, or objecting to the cancelled deal, is refused and changes nothing
    const again = await t.http
      .post(url(`/objections/${raised.body.id}/resolve`))
      .set('Authorization', f.clerk.auth)
      .send({ upheld: false, comment: '再次处理' });
    expectError(again, 409, 'INVALID_STATE');
    const late = await t.http
      .post(url(`/deals/${f.deal.id}/objections`))
      .set('Authorization', other.auth)
      .send({ reason: '迟到的异议' });
    expectError(late, 409, 'DEAL_NOT_IN_PUBLICITY');
    expect((await objectionsAs(f, f.clerk)).map((o) => [o.status, o.upheld])).toEqual([['UPHELD', true]]);
    const confirm = await t.http.post(url(`/deals/${f.deal.id}/confirm`)).set('Authorization', f.clerk.auth);
    expectError(confirm, 409, 'INVALID_STATE');
    const deflt = await t.http
      .post(url(`/deals/${f.deal.id}/default`))
      .set('Authorization', f.clerk.auth)
      .send({ reason: '已撤销的成交不能违约' });
    expectError(deflt, 409, 'INVALID_STATE');
    expect(await dealStatus(f)).toBe('CANCELLED');
    expect((await entriesOf(t, f.clerk, f.winner.registrationId)).length).toBe(entries.length);

    // the seller relists the failed listing
    const relisted = await t.http
      .post(url(`/listings/${f.listing.id}/relist`))
      .set('Authorization', f.seller.auth)
      .send({ reservePriceFen: Math.round(f.listing.reservePriceFen * 0.9) })
      .expect(201);
    expect(relisted.body).toMatchObject({ status: 'SUBMITTED', previousListingId: f.listing.id });
    expect(relisted.body.id).not.toBe(f.listing.id);
  });

  it('two objections open: the first upheld cancels the deal; the second can still be resolved, with no effect', async () => {
    const f = twoObjections;
    const raise = async (who: Actor, reason: string) =>
      (
        await t.http
          .post(url(`/deals/${f.deal.id}/objections`))
          .set('Authorization', who.auth)
          .send({ reason })
          .expect(201)
      ).body.id as string;
    const first = await raise(stranger, '第一项异议');
    // one open objection per user: the same user again is refused, another user may object too
    const again = await t.http
      .post(url(`/deals/${f.deal.id}/objections`))
      .set('Authorization', stranger.auth)
      .send({ reason: '再提一次' });
    expectError(again, 409, 'OBJECTION_EXISTS');
    const second = await raise(supervisor, '第二项异议');
    await t.http
      .post(url(`/objections/${first}/resolve`))
      .set('Authorization', f.clerk.auth)
      .send({ upheld: true, comment: '成立' })
      .expect(200);
    expect(await dealStatus(f)).toBe('CANCELLED');
    const entries = (await entriesOf(t, f.clerk, f.winner.registrationId)).length;
    const later = await t.http
      .post(url(`/objections/${second}/resolve`))
      .set('Authorization', f.clerk.auth)
      .send({ upheld: true, comment: '同样成立' })
      .expect(200);
    expect(later.body).toMatchObject({ status: 'UPHELD', upheld: true });
    expect(await dealStatus(f)).toBe('CANCELLED');
    // the deposit was released once, by the first
    expect((await entriesOf(t, f.clerk, f.winner.registrationId)).length).toBe(entries);
    expect((await objectionsAs(f, f.clerk)).map((o) => o.status)).toEqual(['UPHELD', 'UPHELD']);
    await expectLedgerOk(t, f.clerk);
  });

  it('a rejected objection leaves the deal in publicity; then it can be confirmed, once', async () => {
    const f = rejected;
    const raised = await t.http
      .post(url(`/deals/${f.deal.id}/objections`))
      .set('Authorization', f.bidders[1].auth)
      .send({ reason: '对竞价过程有疑问' })
      .expect(201);
    expectError(
      await t.http.post(url(`/deals/${f.deal.id}/confirm`)).set('Authorization', f.clerk.auth),
      409,
      'OBJECTION_OPEN',
    );
    const resolved = await t.http
      .post(url(`/objections/${raised.body.id}/resolve`))
      .set('Authorization', f.clerk.auth)
      .send({ upheld: false, comment: '竞价记录完整，异议不成立' })
      .expect(200);
    expect(resolved.body).toMatchObject({ status: 'REJECTED', upheld: false });
    expect(await dealStatus(f)).toBe('PUBLICITY');
    expect(await listingStatus(t, f.listing.id, f.clerk)).toBe('SOLD');
    expect(await entriesOf(t, f.clerk, f.winner.registrationId)).toEqual([
      expect.objectContaining({ kind: 'DEPOSIT_RECORDED' }),
    ]);

    // an already resolved objection cannot be resolved again (either way)
    for (const upheldAgain of [true, false]) {
      const again = await t.http
        .post(url(`/objections/${raised.body.id}/resolve`))
        .set('Authorization', f.clerk.auth)
        .send({ upheld: upheldAgain, comment: '再次处理' });
      expectError(again, 409, 'INVALID_STATE');
    }
    expect(await dealStatus(f)).toBe('PUBLICITY');

    // a buyer or a supervisor may not confirm
    for (const who of [f.winner, supervisor]) {
      expectError(
        await t.http.post(url(`/deals/${f.deal.id}/confirm`)).set('Authorization', who.auth),
        403,
        'FORBIDDEN',
      );
    }
    expect(await dealStatus(f)).toBe('PUBLICITY');

    const confirmed = await t.http
      .post(url(`/deals/${f.deal.id}/confirm`))
      .set('Authorization', f.clerk.auth)
      .expect(200);
    expect(confirmed.body).toMatchObject({ id: f.deal.id, status: 'CONFIRMED' });
    expect(confirmed.body.confirmedAt).toEqual(expect.any(String));

    const twice = await t.http.post(url(`/deals/${f.deal.id}/confirm`)).set('Authorization', f.clerk.auth);
    expectError(twice, 409, 'INVALID_STATE');
    const late = await t.http
      .post(url(`/deals/${f.deal.id}/objections`))
      .set('Authorization', stranger.auth)
      .send({ reason: '确认后的异议' });
    expectError(late, 409, 'DEAL_NOT_IN_PUBLICITY');
    expect(await dealStatus(f)).toBe('CONFIRMED');
    expect((await objectionsAs(f, f.clerk)).map((o) => o.status)).toEqual(['REJECTED']);
    await expectLedgerOk(t, f.clerk);
  });

  it('default after confirmation: the deposit is forfeited to the seller, paid out once, the listing relistable', async () => {
    const f = defaulted;
    const held = `DEPOSITS_HELD:${f.winner.registrationId}`;
    const payable = `SELLER_PAYABLE:${f.deal.id}`;

    // before confirmation there is nothing to default and nothing to pay out
    expectError(
      await t.http
        .post(url(`/deals/${f.deal.id}/default`))
        .set('Authorization', f.clerk.auth)
        .send({ reason: '公示期内不能认定违约' }),
      409,
      'INVALID_STATE',
    );
    expectError(
      await t.http
        .post(url(`/deals/${f.deal.id}/payout`))
        .set('Authorization', f.clerk.auth)
        .send({ bankRef: 'P-0' }),
      409,
      'NOTHING_TO_PAY',
    );
    expect(await dealStatus(f)).toBe('PUBLICITY');
    expect(await dealEntries(t, f.clerk, f.deal.id)).toEqual([]);

    await t.http
      .post(url(`/deals/${f.deal.id}/confirm`))
      .set('Authorization', f.clerk.auth)
      .expect(200);
    // a buyer cannot declare a default
    expectError(
      await t.http
        .post(url(`/deals/${f.deal.id}/default`))
        .set('Authorization', f.winner.auth)
        .send({ reason: 'x' }),
      403,
      'FORBIDDEN',
    );
    const res = await t.http
      .post(url(`/deals/${f.deal.id}/default`))
      .set('Authorization', f.clerk.auth)
      .send({ reason: '受让方未在期限内签订合同' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'DEFAULTED', closeReason: '受让方未在期限内签订合同' });
    expect((await t.http.get(url(`/listings/${f.listing.id}`)).expect(200)).body.status).toBe('FAILED');

    const entries = await dealEntries(t, f.clerk, f.deal.id);
    expect(entries.map((e) => e.kind)).toEqual(['DEPOSIT_FORFEITED']); // nothing was paid: nothing to return
    expect(entries[0]).toMatchObject({ registrationId: f.winner.registrationId, dealId: f.deal.id });
    expect(entries[0].postings).toEqual(
      expect.arrayContaining([
        { account: held, amountFen: f.listing.depositFen },
        { account: payable, amountFen: -f.listing.depositFen },
      ]),
    );
    let money = await balances(t, f.clerk);
    expect(money.get(held)).toBe(0);
    expect(money.get(payable)).toBe(f.listing.depositFen);
    expect(money.has(`REFUNDS_PAYABLE:${f.winner.registrationId}`)).toBe(false); // forfeited, not refunded
    await expectLedgerOk(t, f.clerk);

    // defaulting again is refused; nothing more is booked
    expectError(
      await t.http
        .post(url(`/deals/${f.deal.id}/default`))
        .set('Authorization', f.clerk.auth)
        .send({ reason: '再次认定' }),
      409,
      'INVALID_STATE',
    );
    expect(await dealEntries(t, f.clerk, f.deal.id)).toHaveLength(1);

    // the payout of the forfeited deposit, once
    const bankBefore = money.get('BANK')!;
    const paid = await t.http
      .post(url(`/deals/${f.deal.id}/payout`))
      .set('Authorization', f.clerk.auth)
      .send({ bankRef: 'PAYOUT-DEFAULT-1' })
      .expect(200);
    expect(paid.body).toMatchObject({ id: f.deal.id, status: 'DEFAULTED', paidOutFen: f.listing.depositFen });
    const payouts = (await dealEntries(t, f.clerk, f.deal.id)).filter((e) => e.kind === 'PAYOUT');
    expect(payouts).toHaveLength(1);
    expect(payouts[0].postings).toEqual(
      expect.arrayContaining([
        { account: payable, amountFen: f.listing.depositFen },
        { account: 'BANK', amountFen: -f.listing.depositFen },
      ]),
    );
    money = await balances(t, f.clerk);
    expect(money.get(payable)).toBe(0);
    expect(money.get('BANK')).toBe(bankBefore - f.listing.depositFen);
    await expectLedgerOk(t, f.clerk);

    const second = await t.http
      .post(url(`/deals/${f.deal.id}/payout`))
      .set('Authorization', f.clerk.auth)
      .send({ bankRef: 'PAYOUT-DEFAULT-2' });
    expectError(second, 409, 'NOTHING_TO_PAY');
    expect(await dealEntries(t, f.clerk, f.deal.id)).toHaveLength(2);
    expect((await balances(t, f.clerk)).get('BANK')).toBe(bankBefore - f.listing.depositFen);

    const relisted = await t.http
      .post(url(`/listings/${f.listing.id}/relist`))
      .set('Authorization', f.seller.auth)
      .send({ reservePriceFen: f.listing.reservePriceFen })
      .expect(201);
    expect(relisted.body).toMatchObject({ status: 'SUBMITTED', previousListingId: f.listing.id });
    await expectLedgerOk(t, f.clerk);
  });

  it('default after a partial payment: the payment is returned, the deposit forfeited and paid out', async () => {
    const f = partlyPaid;
    const contract = await signedContractFor(t, f);
    const before = await statementOf(t, f.clerk, contract.id);
    const part = 300_000;
    await t.http
      .post(url(`/contracts/${contract.id}/payments`))
      .set('Authorization', f.clerk.auth)
      .send({ amountFen: part, bankRef: 'PART-1' })
      .expect(201);
    expect((await statementOf(t, f.clerk, contract.id)).outstandingFen).toBe(before.outstandingFen - part);
    let money = await balances(t, f.clerk);
    expect(money.get(`BUYER_FUNDS:${f.deal.id}`)).toBe(part);
    const bankBefore = money.get('BANK')!;
    await expectLedgerOk(t, f.clerk);

    await t.http
      .post(url(`/deals/${f.deal.id}/default`))
      .set('Authorization', f.clerk.auth)
      .send({ reason: '受让方未按期付清价款' })
      .expect(200);
    expect(await dealStatus(f)).toBe('DEFAULTED');
    expect((await t.http.get(url(`/listings/${f.listing.id}`)).expect(200)).body.status).toBe('FAILED');

    const entries = await dealEntries(t, f.clerk, f.deal.id);
    expect(entries.map((e) => e.kind).sort()).toEqual(['DEPOSIT_FORFEITED', 'PAYMENT_RECEIVED', 'PAYMENT_RETURNED']);
    const returned = entries.find((e) => e.kind === 'PAYMENT_RETURNED')!;
    expect(returned.postings).toEqual(
      expect.arrayContaining([
        { account: `BUYER_FUNDS:${f.deal.id}`, amountFen: part },
        { account: 'BANK', amountFen: -part },
      ]),
    );
    money = await balances(t, f.clerk);
    expect(money.get(`BUYER_FUNDS:${f.deal.id}`)).toBe(0);
    expect(money.get(`DEPOSITS_HELD:${f.winner.registrationId}`)).toBe(0);
    expect(money.get(`SELLER_PAYABLE:${f.deal.id}`)).toBe(f.listing.depositFen);
    expect(money.get('BANK')).toBe(bankBefore - part);
    await expectLedgerOk(t, f.clerk);

    // the contract of a defaulted deal takes no more money
    expectError(
      await t.http
        .post(url(`/contracts/${contract.id}/payments`))
        .set('Authorization', f.clerk.auth)
        .send({ amountFen: 1_000, bankRef: 'LATE-1' }),
      409,
      'INVALID_STATE',
    );
    expect(await dealEntries(t, f.clerk, f.deal.id)).toHaveLength(3);

    const paid = await t.http
      .post(url(`/deals/${f.deal.id}/payout`))
      .set('Authorization', f.clerk.auth)
      .send({ bankRef: 'PAYOUT-PART-1' })
      .expect(200);
    expect(paid.body.paidOutFen).toBe(f.listing.depositFen);
    expect((await balances(t, f.clerk)).get(`SELLER_PAYABLE:${f.deal.id}`)).toBe(0);
    await expectLedgerOk(t, f.clerk);
    // the statement of the defaulted contract: the payment went back, nothing is owed, the forfeit was paid out
    expect(await statementOf(t, f.clerk, contract.id)).toMatchObject({
      paidFen: 0,
      outstandingFen: 0,
      disbursedToSellerFen: f.listing.depositFen,
    });
    expectError(
      await t.http
        .post(url(`/deals/${f.deal.id}/payout`))
        .set('Authorization', f.clerk.auth)
        .send({ bankRef: 'P-2' }),
      409,
      'NOTHING_TO_PAY',
    );
    expect((await dealEntries(t, f.clerk, f.deal.id)).filter((e) => e.kind === 'PAYOUT')).toHaveLength(1);

    await t.http
      .post(url(`/listings/${f.listing.id}/relist`))
      .set('Authorization', f.seller.auth)
      .send({ reservePriceFen: f.listing.reservePriceFen })
      .expect(201);
  });

  it('bad bodies are 400 VALIDATION_FAILED naming the field, and change nothing', async () => {
    const f = untouched;
    const long = 'x'.repeat(2001);
    const objectionBodies: [unknown, string][] = [
      [{}, 'reason'],
      [{ reason: '' }, 'reason'],
      [{ reason: '   ' }, 'reason'],
      [{ reason: 42 }, 'reason'],
      [{ reason: long }, 'reason'],
      [{ reason: '理由', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of objectionBodies) {
      const res = await t.http
        .post(url(`/deals/${f.deal.id}/objections`))
        .set('Authorization', stranger.auth)
        .send(body as object);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain(field);
    }
    expect(await objectionsAs(f, f.clerk)).toEqual([]);
    for (const query of ['page=0', 'pageSize=101', 'page=x']) {
      const res = await t.http.get(url(`/deals/${f.deal.id}/objections?${query}`)).set('Authorization', f.clerk.auth);
      expectError(res, 400, 'VALIDATION_FAILED');
    }

    // resolve: a real open objection, resolved with bad bodies
    const open = await t.http
      .post(url(`/deals/${f.deal.id}/objections`))
      .set('Authorization', stranger.auth)
      .send({ reason: '有效的异议' })
      .expect(201);
    const resolveBodies: [unknown, string][] = [
      [{ comment: '意见' }, 'upheld'],
      [{ upheld: 'true', comment: '意见' }, 'upheld'],
      [{ upheld: true }, 'comment'],
      [{ upheld: true, comment: '  ' }, 'comment'],
      [{ upheld: true, comment: '意见', cancel: true }, 'cancel'],
    ];
    for (const [body, field] of resolveBodies) {
      const res = await t.http
        .post(url(`/objections/${open.body.id}/resolve`))
        .set('Authorization', f.clerk.auth)
        .send(body as object);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain(field);
    }
    expect((await objectionsAs(f, f.clerk)).map((o) => o.status)).toEqual(['OPEN']);

    // a buyer may not resolve; an unknown objection is 404
    expectError(
      await t.http
        .post(url(`/objections/${open.body.id}/resolve`))
        .set('Authorization', f.winner.auth)
        .send({ upheld: true, comment: '我说成立' }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await t.http
        .post(url(`/objections/${randomUUID()}/resolve`))
        .set('Authorization', f.clerk.auth)
        .send({ upheld: false, comment: '无此异议' }),
      404,
      'NOT_FOUND',
    );
    await t.http
      .post(url(`/objections/${open.body.id}/resolve`))
      .set('Authorization', f.clerk.auth)
      .send({ upheld: false, comment: '不成立' })
      .expect(200);
    await t.http
      .post(url(`/deals/${f.deal.id}/confirm`))
      .set('Authorization', f.clerk.auth)
      .expect(200);

    // default and payout bodies
    for (const [body, field] of [
      [{}, 'reason'],
      [{ reason: ' \t ' }, 'reason'],
      [{ reason: null }, 'reason'],
      [{ reason: '违约', forfeit: false }, 'forfeit'],
    ] as [unknown, string][]) {
      const res = await t.http
        .post(url(`/deals/${f.deal.id}/default`))
        .set('Authorization', f.clerk.auth)
        .send(body as object);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain(field);
    }
    for (const [body, field] of [
      [{}, 'bankRef'],
      [{ bankRef: '' }, 'bankRef'],
      [{ bankRef: 'R'.repeat(65) }, 'bankRef'],
      [{ bankRef: 'R-1', amountFen: 1 }, 'amountFen'],
    ] as [unknown, string][]) {
      const res = await t.http
        .post(url(`/deals/${f.deal.id}/payout`))
        .set('Authorization', f.clerk.auth)
        .send(body as object);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain(field);
    }
    expect(await dealStatus(f)).toBe('CONFIRMED');
    expect(await dealEntries(t, f.clerk, f.deal.id)).toEqual([]);
    await expectLedgerOk(t, f.clerk);
  });

  it('malformed ids are 400, unknown ids 404, and every call but the public reads needs a token', async () => {
    const f = untouched;
    const clerk = f.clerk;
    for (const [method, path] of [
      ['get', '/deals/not-a-uuid'],
      ['get', '/deals/123/objections'],
      ['post', '/deals/abc/confirm'],
      ['post', '/deals/abc/default'],
      ['post', '/deals/abc/payout'],
      ['post', '/deals/abc/objections'],
      ['post', '/objections/abc/resolve'],
      ['get', '/listings/abc/deal'],
    ] as ['get' | 'post', string][]) {
      const res = await t.http[method](url(path)).set('Authorization', clerk.auth).send({});
      expectError(res, 400, 'VALIDATION_FAILED');
    }

    const unknown = randomUUID();
    expectError(await t.http.get(url(`/deals/${unknown}`)), 404, 'NOT_FOUND');
    expectError(await t.http.get(url(`/listings/${unknown}/deal`)), 404, 'NOT_FOUND');
    expectError(
      await t.http.get(url(`/deals/${unknown}/objections`)).set('Authorization', clerk.auth),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http
        .post(url(`/deals/${unknown}/objections`))
        .set('Authorization', stranger.auth)
        .send({ reason: '理由' }),
      404,
      'NOT_FOUND',
    );
    expectError(await t.http.post(url(`/deals/${unknown}/confirm`)).set('Authorization', clerk.auth), 404, 'NOT_FOUND');
    expectError(
      await t.http
        .post(url(`/deals/${unknown}/default`))
        .set('Authorization', clerk.auth)
        .send({ reason: '违约' }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http
        .post(url(`/deals/${unknown}/payout`))
        .set('Authorization', clerk.auth)
        .send({ bankRef: 'R-1' }),
      404,
      'NOT_FOUND',
    );

    for (const [method, path, body] of [
      ['post', `/deals/${f.deal.id}/objections`, { reason: '匿名异议' }],
      ['get', `/deals/${f.deal.id}/objections`, undefined],
      ['post', `/deals/${f.deal.id}/confirm`, undefined],
      ['post', `/deals/${f.deal.id}/default`, { reason: '违约' }],
      ['post', `/deals/${f.deal.id}/payout`, { bankRef: 'R-1' }],
      ['post', `/objections/${unknown}/resolve`, { upheld: true, comment: 'x' }],
    ] as ['get' | 'post', string, object | undefined][]) {
      const req = t.http[method](url(path));
      expectError(await (body ? req.send(body) : req), 401, 'UNAUTHENTICATED');
    }
    const bad = await t.http.get(url(`/deals/${f.deal.id}/objections`)).set('Authorization', 'Bearer not.a.token');
    expectError(bad, 401, 'UNAUTHENTICATED');
    expect(await dealStatus(f)).toBe('CONFIRMED');
  });

  it('the public sees the bidder number and the prices; the parties and staff see the parties', async () => {
    const f = untouched;
    for (const res of [
      await t.http.get(url(`/deals/${f.deal.id}`)).expect(200),
      await t.http.get(url(`/listings/${f.listing.id}/deal`)).expect(200),
      await t.http
        .get(url(`/deals/${f.deal.id}`))
        .set('Authorization', stranger.auth)
        .expect(200),
      await t.http
        .get(url(`/deals/${f.deal.id}`))
        .set('Authorization', f.bidders[1].auth)
        .expect(200),
    ]) {
      expect(res.body).toMatchObject({
        id: f.deal.id,
        listingId: f.listing.id,
        buyerBidderNo: f.winner.bidderNo,
        priceFen: f.deal.priceFen,
        totalPriceFen: f.deal.totalPriceFen,
      });
      for (const hidden of ['buyerId', 'sellerId', 'registrationId', 'verificationCode', 'contractId']) {
        expect(res.body).not.toHaveProperty(hidden);
      }
      expect(JSON.stringify(res.body)).not.toContain(f.winner.id);
      expect(JSON.stringify(res.body)).not.toContain(f.seller.id);
    }
    for (const insider of [f.seller, f.winner, f.clerk, supervisor]) {
      expect(await dealAs(t, f.deal.id, insider)).toMatchObject({
        buyerId: f.winner.id,
        sellerId: f.seller.id,
        registrationId: f.winner.registrationId,
        contractId: null,
        verificationCode: null,
      });
    }
  });
});

describe('deals: the publicity period runs its course', () => {
  let t: TestContext;
  let f: DealFixture;
  beforeAll(async () => {
    t = await createTestApp({ AUCTION_EXTENSION_SECONDS: '1', PUBLICITY_WORKING_DAYS: '5' });
    f = await dealInPublicity(t);
  }, 60_000);
  afterAll(() => t.close());

  it('confirming before publicityEndsAt is 409 PUBLICITY_NOT_OVER, and objections stay open to anyone', async () => {
    expect(new Date(f.deal.publicityEndsAt as string).getTime()).toBeGreaterThan(Date.now() + 5 * 24 * 3600_000);
    const res = await t.http.post(`/api/v1/deals/${f.deal.id}/confirm`).set('Authorization', f.clerk.auth);
    expectError(res, 409, 'PUBLICITY_NOT_OVER');
    const deal = await dealAs(t, f.deal.id, f.clerk);
    expect(deal).toMatchObject({ status: 'PUBLICITY', confirmedAt: null });
    expectError(
      await t.http.post(`/api/v1/deals/${f.deal.id}/contract`).set('Authorization', f.clerk.auth),
      409,
      'INVALID_STATE',
    );
    await t.http
      .post(`/api/v1/deals/${f.deal.id}/objections`)
      .set('Authorization', f.bidders[1].auth)
      .send({ reason: '公示期内的异议' })
      .expect(201);
    // still the period that blocks first; the deal stays in publicity
    expectError(
      await t.http.post(`/api/v1/deals/${f.deal.id}/confirm`).set('Authorization', f.clerk.auth),
      409,
      'PUBLICITY_NOT_OVER',
    );
    expect((await dealAs(t, f.deal.id, f.clerk)).status).toBe('PUBLICITY');
  });
});
