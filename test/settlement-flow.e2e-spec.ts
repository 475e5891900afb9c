import { dealInPublicity, contractFor, signers } from './support/deals';
import { createTestApp, TestContext } from './support/test-app';

describe('settlement: from the hammer to the certificate', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp({ AUCTION_EXTENSION_SECONDS: '1' });
  });
  afterAll(() => t.close());

  it('a per-mu-per-year land lease: publicity, confirm, contract, signatures, payments, settle, certificate', async () => {
    const f = await dealInPublicity(t, {
      overrides: { priceUnit: 'PER_MU_PER_YEAR', reservePriceFen: 80_000, incrementFen: 1_000, depositFen: 2_000_000 },
      steps: [
        [0, 0],
        [1, 3],
      ],
    });
    expect(f.deal.status).toBe('PUBLICITY');
    const contract = await contractFor(t, f);
    expect(contract.status).toBe('AWAITING_SIGNATURES');
    const { seller, buyer } = signers(f, contract);
    await t.http.post(`/api/v1/contracts/${contract.id}/sign`).set('Authorization', seller.auth).expect(200);
    const signed = await t.http
      .post(`/api/v1/contracts/${contract.id}/sign`)
      .set('Authorization', buyer.auth)
      .expect(200);
    expect(signed.body.status).toBe('SIGNED');
    const st = (
      await t.http.get(`/api/v1/contracts/${contract.id}/statement`).set('Authorization', buyer.auth).expect(200)
    ).body;
    await t.http
      .post(`/api/v1/contracts/${contract.id}/payments`)
      .set('Authorization', f.clerk.auth)
      .send({ amountFen: st.outstandingFen, bankRef: 'PAY-1' })
      .expect(201);
    const settled = await t.http
      .post(`/api/v1/contracts/${contract.id}/settle`)
      .set('Authorization', f.clerk.auth)
      .send({ bankRef: 'OUT-1' })
      .expect(200);
    expect(settled.body.dealStatus).toBe('SETTLED');
    const verify = await t.http
      .get(`/api/v1/certificates/${settled.body.certificateNo}?code=${settled.body.verificationCode}`)
      .expect(200);
    expect(verify.body.contractNo).toBe(contract.contractNo);
    const pdf = await t.http
      .get(`/api/v1/certificates/${settled.body.certificateNo}/pdf`)
      .set('Authorization', buyer.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
    expect(bytes.includes(Buffer.from(settled.body.certificateNo))).toBe(true);
    const ledger = await t.http.get('/api/v1/ledger/verify').set('Authorization', f.clerk.auth).expect(200);
    expect(ledger.body).toMatchObject({ ok: true, violations: [] });
  });
});
