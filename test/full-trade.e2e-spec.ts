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
          depositFen: 2_000_000,
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

  it('the land lease: 830.00 元/mu/year × 25.5 mu × 5 years, the buyer pays the fee, the farmer is exempt', async () => {
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
    expect(contract.textZh).toContain('农村土地经营权流转合同');
    expect(contract.textZh).toContain(contract.contractNo);
    // the full copy names the parties' phones; the public copy masks them (and the ID numbers)
    expect(contract.textZh).toContain(winner.phone);
    const publicCopy = await get(`/contracts/${contract.id}?copy=public`, clerk);
    expect(publicCopy.copy).toBe('public');
    expect(publicCopy.textZh).toContain(contract.contractNo);
    expect(publicCopy.textZh).not.toContain(winner.phone);
    expect(publicCopy.textZh).toContain(`${winner.phone.slice(0, 3)}****${winner.phone.slice(-4)}`);
    expect(JSON.stringify(publicCopy.terms)).not.toContain(winner.phone);

    // fee: 10,582,500 is under 500,000 元, so 1.3% = 137,572.5 → 137,573 fen (half up); the PERSON seller is exempt
    const statement = await get(`/contracts/${contract.id}/statement`, winner);
    expect(statement).toEqual({
      totalPriceFen: 10_582_500,
      depositAppliedFen: 2_000_000,
      buyerFeeFen: 137_573,
      sellerFeeFen: 0,
      amountDueFen: 8_720_073, // 10,582,500 − 2,000,000 + 137,573
      paidFen: 0,
      outstandingFen: 8_720_073,
      disbursedToSellerFen: 0,
    });

    const { seller: sellerSigner, buyer: buyerSigner } = signers(land, contract);
    const first = await t.http
      .post(`/api/v1/contracts/${contract.id}/sign`)
      .set('Authorization', buyerSigner.auth)
      .expect(200);
    expect(first.body.signatures).toEqual([{ party: 'BUYER', signedAt: expect.any(String) }]);
    const both = await t.http
      .post(`/api/v1/contracts/${contract.id}/sign`)
      .set('Authorization', sellerSigner.auth)
      .expect(200);
    expect(both.body.status).toBe('SIGNED');
    expect((await get(`/deals/${deal.id}`, clerk)).status).toBe('CONTRACTED');

    // paid in two transfers
    for (const [amountFen, bankRef] of [
      [5_000_000, 'LAND-PAY-1'],
      [3_720_073, 'LAND-PAY-2'],
    ] as const) {
      await t.http
        .post(`/api/v1/contracts/${contract.id}/payments`)
        .set('Authorization', clerk.auth)
        .set('Idempotency-Key', bankRef)
        .send({ amountFen, bankRef })
        .expect(201);
    }
    expect((await get(`/contracts/${contract.id}/statement`, clerk)).outstandingFen).toBe(0);

    const settled = await t.http
      .post(`/api/v1/contracts/${contract.id}/settle`)
      .set('Authorization', clerk.auth)
      .send({ bankRef: 'LAND-OUT-1' })
      .expect(200);
    expect(settled.body).toMatchObject({ dealStatus: 'SETTLED', certificateNo: expect.stringMatching(/^HA-JZ-/) });
    const { certificateNo, verificationCode } = settled.body;

    // the loser's deposit was released at the close; the clerk records its refund
    await t.http
      .post(`/api/v1/registrations/${loser.registrationId}/refund`)
      .set('Authorization', clerk.auth)
      .send({ bankRef: 'LAND-REFUND-1' })
      .expect(200);

    const balances = await accounts(clerk);
    expect(balances.get(`DEPOSITS_HELD:${winner.registrationId}`)).toBe(0); // applied to the price
    expect(balances.get(`DEPOSITS_HELD:${loser.registrationId}`)).toBe(0); // released
    expect(balances.get(`REFUNDS_PAYABLE:${loser.registrationId}`)).toBe(0); // refunded
    expect(balances.get(`BUYER_FUNDS:${deal.id}`)).toBe(0); // 2,000,000 + 8,720,073 − 10,720,073
    expect(balances.get(`SELLER_PAYABLE:${deal.id}`)).toBe(0); // 10,582,500 paid out
    expect((await get(`/contracts/${contract.id}/statement`, seller)).disbursedToSellerFen).toBe(10_582_500);

    // the deal's entries, in order
    const entries = await get(`/ledger/entries?dealId=${deal.id}&pageSize=100`, clerk);
    const kinds = entries.items.map((e: { kind: string }) => e.kind).sort();
    expect(kinds).toEqual(['DEPOSIT_APPLIED', 'PAYMENT_RECEIVED', 'PAYMENT_RECEIVED', 'PAYOUT', 'SETTLEMENT']);
    const settlement = entries.items.find((e: { kind: string }) => e.kind === 'SETTLEMENT');
    expect(settlement.postings).toEqual(
      expect.arrayContaining([
        { account: `BUYER_FUNDS:${deal.id}`, amountFen: 10_720_073 },
        { account: 'FEE_INCOME', amountFen: -137_573 },
        { account: `SELLER_PAYABLE:${deal.id}`, amountFen: -10_582_500 },
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

  it('the reverse procurement: the collective pays 49,200.00 元, the supplier is paid less its fee', async () => {
    const { clerk, seller: collective, winner, deal } = procurement;
    const [loser] = procurement.bidders.filter((b) => b !== winner);
    expect(winner).toBe(procurement.bidders[0]);
    expect(deal).toMatchObject({ priceFen: 4_920_000, totalPriceFen: 4_920_000 }); // 5,000,000 − 8 × 10,000

    const contract = await contractFor(t, procurement);
    // the money flips: the winning supplier is paid (SELLER), the purchasing collective pays (BUYER)
    expect(contract.sellerId).toBe(winner.id);
    expect(contract.buyerId).toBe(collective.id);
    expect(contract.textZh).toContain('采购');

    // 1.3% of 4,920,000 = 63,960 fen for each side: the supplier is an ORGANIZATION, so not exempt
    const statement = await get(`/contracts/${contract.id}/statement`, collective);
    expect(statement).toEqual({
      totalPriceFen: 4_920_000,
      depositAppliedFen: 0, // the supplier's deposit is not the purchaser's money
      buyerFeeFen: 63_960,
      sellerFeeFen: 63_960,
      amountDueFen: 4_983_960,
      paidFen: 0,
      outstandingFen: 4_983_960,
      disbursedToSellerFen: 0,
    });

    await t.http.post(`/api/v1/contracts/${contract.id}/sign`).set('Authorization', winner.auth).expect(200);
    await t.http.post(`/api/v1/contracts/${contract.id}/sign`).set('Authorization', collective.auth).expect(200);
    await t.http
      .post(`/api/v1/contracts/${contract.id}/payments`)
      .set('Authorization', clerk.auth)
      .send({ amountFen: 4_983_960, bankRef: 'AGRI-PAY-1' })
      .expect(201);
    const settled = await t.http
      .post(`/api/v1/contracts/${contract.id}/settle`)
      .set('Authorization', clerk.auth)
      .send({ bankRef: 'AGRI-OUT-1' })
      .expect(200);
    expect(settled.body.dealStatus).toBe('SETTLED');

    const balances = await accounts(clerk);
    // both suppliers' deposits are released for refund: the loser's at the close, the winner's at settlement
    expect(balances.get(`REFUNDS_PAYABLE:${winner.registrationId}`)).toBe(1_000_000);
    expect(balances.get(`REFUNDS_PAYABLE:${loser.registrationId}`)).toBe(1_000_000);
    expect(balances.get(`DEPOSITS_HELD:${winner.registrationId}`)).toBe(0);
    expect(balances.get(`BUYER_FUNDS:${deal.id}`)).toBe(0);
    expect(balances.get(`SELLER_PAYABLE:${deal.id}`)).toBe(0);
    // the supplier receives 4,920,000 − 63,960 = 4,856,040
    expect((await get(`/contracts/${contract.id}/statement`, winner)).disbursedToSellerFen).toBe(4_856_040);

    const { certificateNo, verificationCode } = settled.body;
    const publicView = await t.http.get(`/api/v1/certificates/${certificateNo}?code=${verificationCode}`).expect(200);
    expect(publicView.body).toMatchObject({ categoryCode: 'AGRI_PROJECT', totalPriceFen: 4_920_000 });
    const pdf = await pdfOf(certificateNo, winner);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes(Buffer.from(certificateNo))).toBe(true);

    const verify = await get('/ledger/verify', clerk);
    expect(verify).toMatchObject({ ok: true, violations: [] });
  });

  it('the books of both trades: BANK holds exactly the fees and the unpaid refunds', async () => {
    const balances = await eventually(() => accounts(land.clerk));
    // land: fee 137,573 (its loser refunded); procurement: fees 2 × 63,960 and two deposits of 1,000,000 owed back
    expect(balances.get('FEE_INCOME')).toBe(137_573 + 127_920);
    expect(balances.get('BANK')).toBe(137_573 + 127_920 + 2_000_000);
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

  it('the public notice board shows the results by bidder number only, and nothing in announcement now', async () => {
    const results = await t.http.get('/api/v1/public/results').expect(200);
    expect(results.body.total).toBe(2);
    const landResult = results.body.items.find((i: { id: string }) => i.id === land.deal.id);
    expect(landResult).toMatchObject({
      status: 'SETTLED',
      buyerBidderNo: land.winner.bidderNo,
      totalPriceFen: 10_582_500,
      listing: { categoryCode: 'LAND_CONTRACT', areaMu: 25.5 },
    });
    const text = JSON.stringify(results.body);
    for (const person of [...land.bidders, ...procurement.bidders]) {
      expect(text).not.toContain(person.id);
      expect(text).not.toContain(person.name);
      expect(text).not.toContain(person.phone);
    }
    expect(text).not.toContain('verificationCode');
    const announcements = await t.http.get('/api/v1/public/announcements').expect(200);
    expect(announcements.body).toMatchObject({ items: [], total: 0, page: 1, pageSize: 20 });
    expect(failedListingId).toBeDefined();
    await t.http.get('/api/v1/public/results?pageSize=101').expect(400);
  });
});
