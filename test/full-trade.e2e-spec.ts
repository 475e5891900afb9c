import { auctionWithBidders, passTime } from './support/auctions';
import { eventually } from './support/auction-helpers';
import { contractFor, DealFixture, dealInPublicity, signers } from './support/deals';
import { Actor } from './support/given';
import { createTestApp, TestContext } from './support/test-app';

/**
 * The whole trade, for a per-mu-per-year land lease and a reverse AGRI_PROJECT procurement, with every balance
 * computed by hand (in the comments) and checked against the API. The statistics at the end are checked against
 * the same hand computation. One database for the file, so the figures are exactly these trades'.
 */
describe('a whole trade, from the listing to the certificate', () => {
  let t: TestContext;
  let land: DealFixture;
  let procurement: DealFixture;
  let failedListingId: string;

  beforeAll(async () => {
    t = await createTestApp({ AUCTION_EXTENSION_SECONDS: '1' });
    // the three listings run side by side (each auction needs a few seconds of real time)
    [land, procurement, failedListingId] = await Promise.all([
      // 25.5 mu for 5 years at a reserve of 800.00 元/mu/year: total reserve 80,000 × 25.5 × 5 = 10,200,000 fen
      dealInPublicity(t, {
        code: 'LAND_CONTRACT',
        overrides: {
          priceUnit: 'PER_MU_PER_YEAR',
          reservePriceFen: 80_000,
          incrementFen: 1_000,
          depositFen: 400_000, // 19.6 % of one year's value at the reserve (800.00 × 25.5 = 20,400.00 元)
          areaMu: 25.5,
          termYears: 5,
        },
        // A bids the start (800.00), B bids three increments more (830.00) and wins
        steps: [
          [0, 0],
          [1, 3],
        ],
      }),
      // a ceiling of 50,000.00 元; two companies offer down: A 50,000.00, B 49,500.00, A 49,200.00 wins
      dealInPublicity(t, {
        code: 'AGRI_PROJECT',
        overrides: { priceUnit: 'TOTAL', reservePriceFen: 5_000_000, incrementFen: 10_000, depositFen: 1_000_000 },
        buyerType: 'ORGANIZATION',
        steps: [
          [0, 0],
          [1, 5],
          [0, 8],
        ],
      }),
      (async () => {
        const f = await auctionWithBidders(t, { code: 'FOREST', bidders: 0, announceMs: 2500 });
        await passTime(t, f.announcementEndsAt);
        return f.listing.id;
      })(),
    ]);
  }, 60_000);
  afterAll(() => t.close());

  async function get(path: string, who: Actor) {
    return (await t.http.get(`/api/v1${path}`).set('Authorization', who.auth).expect(200)).body;
  }

  async function accounts(clerk: Actor): Promise<Map<string, number>> {
    const page = await get('/ledger/accounts?pageSize=100', clerk);
    return new Map(page.items.map((a: { code: string; balanceFen: number }) => [a.code, a.balanceFen]));
  }

  async function pdfOf(certificateNo: string, who: Actor): Promise<Buffer> {
    const res = await t.http
      .get(`/api/v1/certificates/${certificateNo}/pdf`)
      .set('Authorization', who.auth)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    return res.body as Buffer;
  }

  async function post(path: string, who: Actor, body: object = {}, status = 200) {
    return (await t.http.post(`/api/v1${path}`).set('Authorization', who.auth).send(body).expect(status)).body;
  }

  it('the land lease: 830.00 元/mu/year × 25.5 mu × 5 years, rent by the year, the farmer exempt', async () => {
    const { clerk, seller, winner, deal } = land;
    const [loser] = land.bidders.filter((b) => b !== winner);
    expect(winner).toBe(land.bidders[1]);
    // 83,000 × 25.5 × 5 = 10,582,500 fen
    expect(deal).toMatchObject({ method: 'AUCTION', priceFen: 83_000, totalPriceFen: 10_582_500, status: 'PUBLICITY' });
    expect(deal.buyerBidderNo).toBe(winner.bidderNo);

    const contract = await contractFor(t, land);
    expect(contract).toMatchObject({ status: 'AWAITING_SIGNATURES', signatures: [], dealId: deal.id });
    expect(contract.contractNo).toMatch(/^HA-HT-\d{4}-\d{6}$/);
    // the farmer (lister) is paid: the contract's SELLER; the winner pays: its BUYER
    expect(contract.sellerId).toBe(seller.id);
    expect(contract.buyerId).toBe(winner.id);
    expect(contract.textZh).toContain('农村土地经营权出租合同');
    expect(contract.textZh).toContain(`甲方（出租方）：${seller.name}`);
    expect(contract.textZh).toContain(`乙方（承租方）：${winner.name}`);
    expect(contract.textZh).toContain('发包方：');
    expect(contract.textZh).toContain(contract.contractNo);
    // the full copy names the parties' phones; the public copy masks them (and the ID numbers)
    expect(contract.textZh).toContain(winner.phone);
    const publicCopy = await get(`/contracts/${contract.id}?copy=public`, clerk);
    expect(publicCopy.copy).toBe('public');
    expect(publicCopy.textZh).toContain(contract.contractNo);
    expect(publicCopy.textZh).not.toContain(winner.phone);
    expect(publicCopy.textZh).toContain(`${winner.phone.slice(0, 3)}****${winner.phone.slice(-4)}`);
    expect(JSON.stringify(publicCopy.terms)).not.toContain(winner.phone);

    // fee: 105,825.00 元 lies in the first band: 1.3% = 137,572.5 → 137,573 fen (half up); the PERSON seller is
    // exempt. Rent by the year: 10,582,500 ÷ 5 = 2,116,500 a year; the fee's share 137,573 ÷ 5 = 27,514.6 → 27,515
    // for each of the first four years, 137,573 − 4 × 27,515 = 27,513 for the last.
    const instalments = await get(`/contracts/${contract.id}/instalments`, winner);
    expect(instalments.map((i: { amountFen: number; buyerFeeFen: number }) => [i.amountFen, i.buyerFeeFen])).toEqual([
      [2_116_500, 27_515],
      [2_116_500, 27_515],
      [2_116_500, 27_515],
      [2_116_500, 27_515],
      [2_116_500, 27_513],
    ]);
    const unsigned = await get(`/contracts/${contract.id}/statement`, winner);
    expect(unsigned).toMatchObject({
      totalPriceFen: 10_582_500,
      depositAppliedFen: 400_000,
      buyerFeeFen: 137_573,
      sellerFeeFen: 0,
      amountDueFen: 0, // nothing is payable before both have signed
      paidFen: 0,
      outstandingFen: 0,
      disbursedToSellerFen: 0,
    });

    const { seller: sellerSigner, buyer: buyerSigner } = signers(land, contract);
    const first = await post(`/contracts/${contract.id}/sign`, buyerSigner);
    expect(first.signatures).toEqual([{ party: 'BUYER', signedAt: expect.any(String) }]);
    const both = await post(`/contracts/${contract.id}/sign`, sellerSigner);
    expect(both.status).toBe('SIGNED');
    expect((await get(`/deals/${deal.id}`, clerk)).status).toBe('CONTRACTED');
    // the first year: 2,116,500 + 27,515 − the deposit 400,000 = 1,744,015
    expect(await get(`/contracts/${contract.id}/statement`, winner)).toMatchObject({
      amountDueFen: 1_744_015,
      outstandingFen: 1_744_015,
    });

    // paid in two transfers
    for (const [amountFen, bankRef] of [
      [1_000_000, 'LAND-PAY-1'],
      [744_015, 'LAND-PAY-2'],
    ] as const) {
      await t.http
        .post(`/api/v1/contracts/${contract.id}/payments`)
        .set('Authorization', clerk.auth)
        .set('Idempotency-Key', bankRef)
        .send({ amountFen, bankRef })
        .expect(201);
    }
    expect((await get(`/contracts/${contract.id}/statement`, clerk)).outstandingFen).toBe(0);

    const settled = await post(`/contracts/${contract.id}/settle`, clerk, { bankRef: 'LAND-OUT-1' });
    expect(settled).toMatchObject({
      status: 'IN_FORCE',
      dealStatus: 'SETTLED',
      certificateNo: expect.stringMatching(/^HA-JZ-/),
    });
    const { certificateNo, verificationCode } = settled;

    // the loser's deposit was released at the close; the clerk records its refund
    await post(`/registrations/${loser.registrationId}/refund`, clerk, { bankRef: 'LAND-REFUND-1' });

    const balances = await accounts(clerk);
    expect(balances.get(`DEPOSITS_HELD:${winner.registrationId}`)).toBe(0); // applied to the first year
    expect(balances.get(`DEPOSITS_HELD:${loser.registrationId}`)).toBe(0); // released
    expect(balances.get(`REFUNDS_PAYABLE:${loser.registrationId}`)).toBe(0); // refunded
    expect(balances.get(`BUYER_FUNDS:${deal.id}`)).toBe(0); // 400,000 + 1,744,015 − 2,144,015
    expect(balances.get(`SELLER_PAYABLE:${deal.id}`)).toBe(0); // 2,116,500 paid out
    expect((await get(`/contracts/${contract.id}/statement`, seller)).disbursedToSellerFen).toBe(2_116_500);

    // the deal's entries
    const entries = await get(`/ledger/entries?dealId=${deal.id}&pageSize=100`, clerk);
    const kinds = entries.items.map((e: { kind: string }) => e.kind).sort();
    expect(kinds).toEqual(['DEPOSIT_APPLIED', 'PAYMENT_RECEIVED', 'PAYMENT_RECEIVED', 'PAYOUT', 'SETTLEMENT']);
    const settlement = entries.items.find((e: { kind: string }) => e.kind === 'SETTLEMENT');
    expect(settlement.postings).toEqual(
      expect.arrayContaining([
        { account: `BUYER_FUNDS:${deal.id}`, amountFen: 2_144_015 },
        { account: 'FEE_INCOME', amountFen: -27_515 },
        { account: `SELLER_PAYABLE:${deal.id}`, amountFen: -2_116_500 },
      ]),
    );

    // the certificate: public verification with the code, the PDF for the parties
    const publicView = await t.http.get(`/api/v1/certificates/${certificateNo}?code=${verificationCode}`).expect(200);
    expect(publicView.body).toMatchObject({
      certificateNo,
      contractNo: contract.contractNo,
      categoryCode: 'LAND_CONTRACT',
      transferMode: 'LEASE',
      tradingMethod: 'AUCTION',
      priceUnit: 'PER_MU_PER_YEAR',
      unitPriceFen: 83_000,
      totalPriceFen: 10_582_500,
      areaMu: 25.5,
      term: { years: 5 },
    });
    expect(JSON.stringify(publicView.body)).not.toContain(winner.phone);
    await t.http.get(`/api/v1/certificates/${certificateNo}?code=WRONG123`).expect(404);
    await t.http.get(`/api/v1/certificates/${certificateNo}`).expect(404);
    const pdf = await pdfOf(certificateNo, seller);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes(Buffer.from(certificateNo))).toBe(true);

    const verify = await get('/ledger/verify', clerk);
    expect(verify).toMatchObject({ ok: true, violations: [] });
  });

  it('the road procurement: the collective pays 49,200.00 元 in an advance and a balance, 3 % retained', async () => {
    const { clerk, seller: collective, winner, deal } = procurement;
    const [loser] = procurement.bidders.filter((b) => b !== winner);
    expect(winner).toBe(procurement.bidders[0]);
    expect(deal).toMatchObject({ priceFen: 4_920_000, totalPriceFen: 4_920_000 }); // 5,000,000 − 8 × 10,000

    const contract = await contractFor(t, procurement);
    // the money flips: the winning supplier is paid (SELLER), the purchasing collective pays (BUYER)
    expect(contract.sellerId).toBe(winner.id);
    expect(contract.buyerId).toBe(collective.id);
    expect(contract.textZh).toContain(`甲方（采购人）：${collective.name}`);
    expect(contract.textZh).toContain(`乙方（供应商）：${winner.name}`);
    for (const clause of ['验收', '质量保证金', '质量保证期', '安全', '履约保证金'])
      expect(contract.textZh).toContain(clause);

    // the purchasing collective pays no fee; the supplier (an ORGANIZATION) pays 1.3% of 4,920,000 = 63,960,
    // shared by the advance (30 % = 1,476,000: 19,188) and the balance (3,444,000: 44,772). The retention is 3 % of
    // the total: 147,600. The supplier's deposit is its performance bond, not the purchaser's money.
    const statement = await get(`/contracts/${contract.id}/statement`, collective);
    expect(statement).toMatchObject({
      totalPriceFen: 4_920_000,
      depositAppliedFen: 0,
      buyerFeeFen: 0,
      sellerFeeFen: 63_960,
    });
    expect(statement.instalments).toEqual([
      expect.objectContaining({ no: 1, kind: 'ADVANCE', amountFen: 1_476_000, sellerFeeFen: 19_188, retentionFen: 0 }),
      expect.objectContaining({
        no: 2,
        kind: 'BALANCE',
        dueOn: null,
        amountFen: 3_444_000,
        sellerFeeFen: 44_772,
        retentionFen: 147_600,
        status: 'PENDING',
      }),
    ]);

    await post(`/contracts/${contract.id}/sign`, winner);
    await post(`/contracts/${contract.id}/sign`, collective);
    // only the advance is payable before acceptance
    const tooMuch = await t.http
      .post(`/api/v1/contracts/${contract.id}/payments`)
      .set('Authorization', clerk.auth)
      .send({ amountFen: 1_476_001, bankRef: 'AGRI-PAY-0' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('OVERPAYMENT');
    await post(`/contracts/${contract.id}/payments`, clerk, { amountFen: 1_476_000, bankRef: 'AGRI-PAY-1' }, 201);
    const settled = await post(`/contracts/${contract.id}/settle`, clerk, { bankRef: 'AGRI-OUT-1' });
    expect(settled).toMatchObject({ dealStatus: 'SETTLED', status: 'IN_FORCE' });
    // the supplier receives the advance less its share of the fee: 1,476,000 − 19,188 = 1,456,812
    expect((await get(`/contracts/${contract.id}/statement`, winner)).disbursedToSellerFen).toBe(1_456_812);
    // its deposit stays held as the performance bond until acceptance
    expect((await accounts(clerk)).get(`DEPOSITS_HELD:${winner.registrationId}`)).toBe(1_000_000);

    // the road is built: the collective accepts, then a clerk countersigns; the balance falls due
    const byCollective = await post(`/contracts/${contract.id}/acceptance`, collective, {
      accepted: true,
      note: '道路硬化工程完工，经村民代表验收合格',
    });
    expect(byCollective.acceptance).toMatchObject({ purchaserAcceptedAt: expect.any(String), clerkAcceptedAt: null });
    const byClerk = await post(`/contracts/${contract.id}/acceptance`, clerk, { accepted: true, note: '核验无误' });
    expect(byClerk.acceptance.clerkAcceptedAt).toEqual(expect.any(String));
    const balanceDue = (await get(`/contracts/${contract.id}/instalments`, collective))[1];
    expect(balanceDue).toMatchObject({ kind: 'BALANCE', status: 'DUE', dueOn: expect.any(String) });
    await post(`/contracts/${contract.id}/payments`, clerk, { amountFen: 3_444_000, bankRef: 'AGRI-PAY-2' }, 201);
    const done = await post(`/contracts/${contract.id}/instalments/2/settle`, clerk, { bankRef: 'AGRI-OUT-2' });
    expect(done.status).toBe('IN_FORCE'); // the retention is still held

    const balances = await accounts(clerk);
    // both suppliers' deposits are released for refund: the loser's at the close, the winner's bond at acceptance
    expect(balances.get(`REFUNDS_PAYABLE:${winner.registrationId}`)).toBe(1_000_000);
    expect(balances.get(`REFUNDS_PAYABLE:${loser.registrationId}`)).toBe(1_000_000);
    expect(balances.get(`DEPOSITS_HELD:${winner.registrationId}`)).toBe(0);
    expect(balances.get(`BUYER_FUNDS:${deal.id}`)).toBe(0);
    expect(balances.get(`SELLER_PAYABLE:${deal.id}`)).toBe(0);
    expect(balances.get(`RETENTION_HELD:${deal.id}`)).toBe(147_600);
    // the balance pays 3,444,000 − 44,772 − 147,600 = 3,251,628; in all 4,920,000 − 63,960 − 147,600 = 4,708,440
    expect((await get(`/contracts/${contract.id}/statement`, winner)).disbursedToSellerFen).toBe(4_708_440);

    const { certificateNo, verificationCode } = settled;
    const publicView = await t.http.get(`/api/v1/certificates/${certificateNo}?code=${verificationCode}`).expect(200);
    expect(publicView.body).toMatchObject({ categoryCode: 'AGRI_PROJECT', totalPriceFen: 4_920_000 });
    const pdf = await pdfOf(certificateNo, winner);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes(Buffer.from(certificateNo))).toBe(true);

    const verify = await get('/ledger/verify', clerk);
    expect(verify).toMatchObject({ ok: true, violations: [] });
  });

  it('the books of both trades: BANK holds exactly the fees, the unpaid refunds and the retention', async () => {
    const balances = await eventually(() => accounts(land.clerk));
    // land: the first year's fee 27,515 (its loser refunded); procurement: the supplier's fee 63,960, two deposits
    // of 1,000,000 owed back and the retention 147,600
    expect(balances.get('FEE_INCOME')).toBe(27_515 + 63_960);
    expect(balances.get('BANK')).toBe(27_515 + 63_960 + 2_000_000 + 147_600);
  });

  it('the statistics match the hand computation', async () => {
    const supervisor = await t.given.staff(['supervisor']);
    const byCategory = await get('/stats/summary?groupBy=category', supervisor);
    // two deals stand; the FOREST listing failed (no bidder)
    expect(byCategory.totals).toEqual({
      dealCount: 2,
      turnoverFen: 15_502_500, // 10,582,500 + 4,920,000
      areaMu: 25.5,
      reserveFen: 15_200_000, // 10,200,000 + 5,000,000
      premiumFen: 302_500,
      premiumRate: 0.0199, // 302,500 / 15,200,000 = 0.019901…
      failedCount: 1,
      failureRate: 0.3333,
    });
    const group = (code: string) => byCategory.groups.find((g: { key: string }) => g.key === code);
    expect(group('LAND_CONTRACT')).toMatchObject({
      label: '农村承包土地经营权',
      dealCount: 1,
      premiumFen: 382_500,
      premiumRate: 0.0375, // 382,500 / 10,200,000
      failureRate: 0,
    });
    expect(group('AGRI_PROJECT')).toMatchObject({ premiumFen: -80_000, premiumRate: -0.016 });
    expect(group('FOREST')).toMatchObject({ dealCount: 0, failedCount: 1, failureRate: 1, turnoverFen: 0 });

    const byTownship = await get('/stats/summary?groupBy=township', supervisor);
    expect(byTownship.groups).toEqual([
      expect.objectContaining({ key: '130728100', label: '柴沟堡镇', dealCount: 2, failedCount: 1 }),
    ]);
    const byMonth = await get('/stats/summary?groupBy=month', supervisor);
    expect(byMonth.groups).toHaveLength(1);
    expect(byMonth.groups[0]).toMatchObject({ dealCount: 2, turnoverFen: 15_502_500 });

    // a period before these trades is empty
    const past = await get('/stats/summary?from=2020-01-01&to=2020-12-31', supervisor);
    expect(past.totals).toMatchObject({ dealCount: 0, failedCount: 0, turnoverFen: 0, failureRate: 0 });
    const bad = await t.http
      .get('/api/v1/stats/summary?from=2026-12-01&to=2026-01-01')
      .set('Authorization', supervisor.auth)
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await t.http.get('/api/v1/stats/summary?groupBy=village').set('Authorization', supervisor.auth).expect(400);
    await t.http.get('/api/v1/stats/summary').set('Authorization', land.winner.auth).expect(403);
  });

  it('the public results name the winners (a person masked, a company in full), never a loser', async () => {
    const results = await t.http.get('/api/v1/public/results').expect(200);
    expect(results.body.total).toBe(2);
    const byDeal = (id: string) => results.body.items.find((i: { id: string }) => i.id === id);
    const masked = (name: string) => `${name[0]}*${name[name.length - 1]}`;
    expect(byDeal(land.deal.id)).toMatchObject({
      status: 'SETTLED',
      buyerBidderNo: land.winner.bidderNo,
      winnerName: masked(land.winner.name),
      totalPriceFen: 10_582_500,
      listing: { categoryCode: 'LAND_CONTRACT', areaMu: 25.5 },
    });
    expect(byDeal(procurement.deal.id)).toMatchObject({ winnerName: procurement.winner.name });
    const text = JSON.stringify(results.body);
    for (const person of [...land.bidders, ...procurement.bidders]) {
      expect(text).not.toContain(person.id);
      expect(text).not.toContain(person.phone);
    }
    expect(text).not.toContain(land.winner.name);
    for (const loser of [...land.bidders, ...procurement.bidders].filter(
      (b) => b !== land.winner && b !== procurement.winner,
    )) {
      expect(text).not.toContain(loser.name);
    }
    expect(text).not.toContain('verificationCode');
    const announcements = await t.http.get('/api/v1/public/announcements').expect(200);
    expect(announcements.body).toMatchObject({ items: [], total: 0, page: 1, pageSize: 20 });
    expect(failedListingId).toBeDefined();
    await t.http.get('/api/v1/public/results?pageSize=101').expect(400);
  });
});
