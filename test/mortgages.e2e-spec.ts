import { Response } from 'supertest';
import { TestClock, singleBidderDeal } from './support/clock';
import { DealFixture, fullStatementOf, signedContractFor } from './support/deals';
import { expectError, fieldsOf } from './support/errors';
import { Actor, TEST_PASSWORD } from './support/given';
import { uniquePhone, validCreditCode } from './support/identity-numbers';
import { ListingFactory, listingBody, PDF_BYTES } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Mortgage registration of traded rights (抵押登记, DOMAIN.md §2 step 13; API.md "Registers and interventions") and
 * re-transfer (再流转), walked under the test clock: an admin makes banks (`lender`), a bank applies with the
 * certificate's verification code, uploads the consents (the holder's; for a leased right also the lessor's), a clerk
 * registers or refuses, the bank releases. While a mortgage is registered the public certificate check shows it and
 * the holder cannot list the right again (at creation, submission or publication); afterwards it can.
 *
 * Two certified rights: a LAND_CONTRACT lease (its holder a farmer, so the lessor's consent is needed too) and a
 * LAND_CONTRACT share (入股; its holder a company, the holder's consent alone is enough).
 */

const url = (path: string) => `/api/v1${path}`;

interface Certified {
  f: DealFixture;
  holder: Actor;
  certificateNo: string;
  verificationCode: string;
}

interface MortgageBody {
  id: string;
  status: string;
  registeredAt: string | null;
  releasedAt: string | null;
  refusedAt: string | null;
  refusalReason: string | null;
  documents: { id: string; kind: string }[];
  [key: string]: unknown;
}

interface NotificationBody {
  kind: string;
  title: string;
  body: string;
  dealId?: string;
}

describe('mortgage registration of traded rights and re-transfer', () => {
  let t: TestContext;
  let clock: TestClock;
  let admin: Actor;
  let lease: Certified;
  let share: Certified;
  let clerk: Actor;
  let supervisor: Actor;
  let stranger: Actor;
  let bank: Actor;
  let bank2: Actor;
  let bank3: Actor;
  let factory: ListingFactory;
  /** The lease's mortgage by `bank` (registered, then released) and by `bank2` (refused). */
  let m1: MortgageBody;
  let m2: MortgageBody;
  /** The holder's re-transfers made before any mortgage: a draft, and one approved by a clerk. */
  let draft: { id: string };
  let approved: { id: string };

  /** A deal made by the clock, confirmed, its contract signed, its first instalment paid and settled: the certificate. */
  async function certified(announcementEndsAt: string, holder: Actor, overrides = {}): Promise<Certified> {
    const f = await singleBidderDeal(t, clock, {
      code: 'LAND_CONTRACT',
      overrides,
      buyer: holder,
      announcementEndsAt: TestClock.china(announcementEndsAt),
    });
    const contract = await signedContractFor(t, f); // confirmed, generated, signed by both
    const { outstandingFen } = await fullStatementOf(t, f.clerk, contract.id);
    await t.http
      .post(url(`/contracts/${contract.id}/payments`))
      .set('Authorization', f.clerk.auth)
      .send({ amountFen: outstandingFen, bankRef: `PAY-${contract.id.slice(0, 8)}` })
      .expect(201);
    const settled = await t.http
      .post(url(`/contracts/${contract.id}/settle`))
      .set('Authorization', f.clerk.auth)
      .send({ bankRef: `OUT-${contract.id.slice(0, 8)}` })
      .expect(200);
    return { f, holder, certificateNo: settled.body.certificateNo, verificationCode: settled.body.verificationCode };
  }

  function lenderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const phone = uniquePhone();
    return {
      phone,
      password: TEST_PASSWORD,
      name: `农村商业银行怀安支行${phone.slice(-4)}`,
      roles: ['lender'],
      partyType: 'ORGANIZATION',
      creditCode: validCreditCode('91'),
      ...overrides,
    };
  }

  async function lender(): Promise<Actor> {
    const body = lenderBody();
    await t.http.post(url('/admin/users')).set('Authorization', admin.auth).send(body).expect(201);
    return t.given.login(body.phone as string);
  }

  function apply(who: Actor, c: Certified, body: Record<string, unknown> = {}) {
    return t.http
      .post(url(`/certificates/${encodeURIComponent(c.certificateNo)}/mortgages`))
      .set('Authorization', who.auth)
      .send({ code: c.verificationCode, principalFen: 50_000_000, termMonths: 36, ...body });
  }

  function act(who: Actor, id: string, action: 'register' | 'refuse' | 'release', body: object = {}) {
    return t.http
      .post(url(`/mortgages/${id}/${action}`))
      .set('Authorization', who.auth)
      .send(body);
  }

  function upload(who: Actor, id: string, kind: string, bytes = PDF_BYTES, fileName = `${kind}.pdf`) {
    return t.http
      .post(url(`/mortgages/${id}/documents`))
      .set('Authorization', who.auth)
      .field('kind', kind)
      .attach('file', bytes, fileName);
  }

  async function mortgageAs(who: Actor, id: string): Promise<MortgageBody> {
    return (
      await t.http
        .get(url(`/mortgages/${id}`))
        .set('Authorization', who.auth)
        .expect(200)
    ).body;
  }

  function check(c: Certified) {
    return t.http
      .get(url(`/certificates/${encodeURIComponent(c.certificateNo)}?code=${c.verificationCode}`))
      .expect(200);
  }

  /** The certificate's PDF as `who` asks for it (an error body as JSON). */
  function pdfAs(who: Actor, c: Certified) {
    return t.http.get(url(`/certificates/${encodeURIComponent(c.certificateNo)}/pdf`)).set('Authorization', who.auth);
  }

  /** The certificate's PDF bytes as `who` downloads them. */
  function pdf(who: Actor, c: Certified): Promise<Response> {
    return pdfAs(who, c)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  }

  async function notificationsOf(who: Actor): Promise<NotificationBody[]> {
    return (await t.http.get(url('/me/notifications?pageSize=100')).set('Authorization', who.auth).expect(200)).body
      .items;
  }

  function relist(who: Actor, certificateNo: string) {
    return t.http
      .post(url('/listings'))
      .set('Authorization', who.auth)
      .send(listingBody('LAND_CONTRACT', { sourceCertificateNo: certificateNo }));
  }

  async function publish(listingId: string) {
    const now = await clock.now();
    return t.http
      .post(url(`/listings/${listingId}/publish`))
      .set('Authorization', clerk.auth)
      .send({ announcementEndsAt: new Date(now.getTime() + 3 * 86_400_000).toISOString() });
  }

  /** A person's name as the publicity shows it: first and last characters (张*华). */
  const masked = (name: string) => `${name[0]}*${name[name.length - 1]}`;

  beforeAll(async () => {
    t = await createTestApp({ TEST_CLOCK: 'true' });
    admin = await t.given.admin();
    clock = new TestClock(t, admin);
    await clock.moveTo('2027-03-01');
    factory = new ListingFactory(t.http, t.given);
    // the holders also list (re-transfer needs the seller role)
    const [farmer, company] = [
      await t.given.party('PERSON', ['buyer', 'seller']),
      await t.given.party('ORGANIZATION', ['buyer', 'seller']),
    ];
    lease = await certified('2027-03-03', farmer);
    share = await certified('2027-03-05', company, { transferMode: 'SHARE' });
    clerk = lease.f.clerk;
    [supervisor, stranger] = [await t.given.supervisor(), await t.given.seller()];
  }, 120_000);
  afterAll(() => t.close());

  it('an admin makes a lender: an ORGANIZATION with a valid credit code; a lender has no trading actions', async () => {
    const body = lenderBody();
    const res = await t.http.post(url('/admin/users')).set('Authorization', admin.auth).send(body).expect(201);
    expect(res.body).toMatchObject({
      phone: body.phone,
      name: body.name,
      roles: ['lender'],
      partyType: 'ORGANIZATION',
      creditCode: expect.stringMatching(/^91\d{4}\*{8}[0-9A-Z]{4}$/),
      idNumber: null,
      disabled: false,
    });
    const [row] = await t.db.query(`SELECT party_type, credit_code, roles FROM users WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ party_type: 'ORGANIZATION', credit_code: body.creditCode, roles: ['lender'] });
    bank = await t.given.login(body.phone as string);
    expect(bank.roles).toEqual(['lender']);

    const valid = validCreditCode('91');
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    for (const [overrides, fields] of [
      [{ partyType: 'PERSON' }, ['partyType']],
      [{ partyType: undefined }, ['partyType']],
      [{ creditCode: wrongCheck }, ['creditCode']],
      [{ creditCode: undefined }, ['creditCode']],
      [{ partyType: 'COLLECTIVE', creditCode: 'not-a-code' }, ['partyType', 'creditCode']],
      // staff are persons without a credit code
      [{ roles: ['clerk'] }, ['partyType', 'creditCode']],
      [{ roles: ['lender', 'clerk'] }, ['roles']],
    ] as [Record<string, unknown>, string[]][]) {
      const refused = await t.http
        .post(url('/admin/users'))
        .set('Authorization', admin.auth)
        .send(lenderBody(overrides));
      expectError(refused, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(refused).sort()).toEqual(fields.sort());
    }
    // one account per organization
    const again = await t.http
      .post(url('/admin/users'))
      .set('Authorization', admin.auth)
      .send(lenderBody({ creditCode: body.creditCode }));
    expectError(again, 409, 'ID_NUMBER_TAKEN');
    // only an admin makes them
    expectError(
      await t.http.post(url('/admin/users')).set('Authorization', clerk.auth).send(lenderBody()),
      403,
      'FORBIDDEN',
    );

    // a lender trades nothing
    expectError(
      await t.http.post(url('/listings')).set('Authorization', bank.auth).send(listingBody('LAND_CONTRACT')),
      403,
      'FORBIDDEN',
    );
    [bank2, bank3] = [await lender(), await lender()];
  });

  it('before any mortgage the holder may list the right again; anyone else, or an unknown certificate, may not', async () => {
    const res = await relist(lease.holder, lease.certificateNo);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'DRAFT', sourceCertificateNo: lease.certificateNo });
    draft = res.body;
    const [row] = await t.db.query(`SELECT source_certificate_no FROM listings WHERE id = $1`, [draft.id]);
    expect(row.source_certificate_no).toBe(lease.certificateNo);
    // one submitted and approved before any mortgage, to be published later
    const { listing } = await factory.submitted(
      'LAND_CONTRACT',
      { sourceCertificateNo: lease.certificateNo },
      lease.holder,
    );
    approved = (
      await t.http
        .post(url(`/listings/${listing.id}/review`))
        .set('Authorization', clerk.auth)
        .send({ decision: 'APPROVE' })
        .expect(200)
    ).body;
    expect(approved).toMatchObject({ status: 'APPROVED' });

    for (const [who, certificateNo] of [
      [stranger, lease.certificateNo],
      [lease.f.seller, lease.certificateNo], // the lessor is not the holder
      [share.holder, lease.certificateNo],
      [lease.holder, share.certificateNo],
      [lease.holder, 'HA-JZ-1999-999999'],
    ] as [Actor, string][]) {
      const refused = await relist(who, certificateNo);
      expectError(refused, 403, 'NOT_ELIGIBLE');
      expect(fieldsOf(refused)).toEqual(['sourceCertificateNo']);
    }
    // the right a listing re-transfers is fixed when it is made
    const patch = await t.http
      .patch(url(`/listings/${draft.id}`))
      .set('Authorization', lease.holder.auth)
      .send({ sourceCertificateNo: share.certificateNo });
    expectError(patch, 400, 'VALIDATION_FAILED');
  });

  it('a lender applies with the verification code; a wrong code or an unknown certificate is 404', async () => {
    const wrongCode = lease.verificationCode.startsWith('A')
      ? `B${lease.verificationCode.slice(1)}`
      : `A${lease.verificationCode.slice(1)}`;
    expectError(await apply(bank, lease, { code: wrongCode }), 404, 'NOT_FOUND');
    expectError(await apply(bank, lease, { code: share.verificationCode }), 404, 'NOT_FOUND');
    expectError(
      await apply(bank, { ...lease, certificateNo: 'HA-JZ-1999-999999' }, { code: lease.verificationCode }),
      404,
      'NOT_FOUND',
    );
    for (const [body, fields] of [
      [{ code: undefined }, ['code']],
      [{ principalFen: 0 }, ['principalFen']],
      [{ principalFen: 1.5 }, ['principalFen']],
      [{ principalFen: Number.MAX_SAFE_INTEGER + 2 }, ['principalFen']],
      [{ termMonths: 0 }, ['termMonths']],
      [{ termMonths: 601 }, ['termMonths']],
      [{ termMonths: '12' }, ['termMonths']],
    ] as [Record<string, unknown>, string[]][]) {
      const refused = await apply(bank, lease, body);
      expectError(refused, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(refused)).toEqual(fields);
    }
    for (const notLender of [lease.holder, clerk, admin]) {
      expectError(await apply(notLender, lease), 403, 'FORBIDDEN');
    }
    expect(await t.db.query(`SELECT id FROM mortgages`)).toEqual([]);

    // typed from paper: the code's case does not matter
    const res = await apply(bank, lease, { code: lease.verificationCode.toLowerCase() });
    expect(res.status).toBe(201);
    m1 = res.body;
    expect(m1).toEqual({
      id: expect.any(String),
      certificateNo: lease.certificateNo,
      status: 'APPLIED',
      principalFen: 50_000_000,
      termMonths: 36,
      lenderId: bank.id,
      lenderName: bank.name,
      holderId: lease.holder.id,
      holderName: lease.holder.name,
      transferMode: 'LEASE',
      requiredConsents: ['CONSENT', 'LESSOR_CONSENT'],
      appliedAt: expect.stringMatching(/^2027-03-0/), // the platform clock
      registeredAt: null,
      refusedAt: null,
      refusalReason: null,
      releasedAt: null,
      documents: [],
    });
    // the same bank holds one open mortgage on a right at a time; another bank may hold its own
    expectError(await apply(bank, lease, { principalFen: 1 }), 409, 'INVALID_STATE');
    m2 = (await apply(bank2, lease, { principalFen: 20_000_000, termMonths: 12 }).expect(201)).body;

    // two applications at once by one bank: one wins
    const race = await Promise.all([apply(bank3, share), apply(bank3, share)]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);

    const rows = await t.db.query(
      `SELECT lender_id, holder_id, status, principal_fen::text AS principal, term_months, applied_at
       FROM mortgages ORDER BY applied_at, lender_id`,
    );
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          lender_id: bank.id,
          holder_id: lease.holder.id,
          status: 'APPLIED',
          principal: '50000000',
          term_months: 36,
        }),
        expect.objectContaining({ lender_id: bank3.id, holder_id: share.holder.id, status: 'APPLIED' }),
      ]),
    );
    const audit = await t.db.query(
      `SELECT actor_id, to_status, details FROM audit_entries WHERE action = 'mortgage.applied' AND entity_id = $1`,
      [m1.id],
    );
    expect(audit).toEqual([
      {
        actor_id: bank.id,
        to_status: 'APPLIED',
        details: { certificateNo: lease.certificateNo, principalFen: 50_000_000, termMonths: 36 },
      },
    ]);
  });

  it('only its lender, the holder and staff see a mortgage; banks list their own, staff all', async () => {
    for (const who of [bank, lease.holder, clerk, supervisor]) {
      expect(await mortgageAs(who, m1.id)).toMatchObject({ id: m1.id, status: 'APPLIED' });
    }
    for (const who of [bank2, bank3, stranger, share.holder, admin]) {
      expectError(await t.http.get(url(`/mortgages/${m1.id}`)).set('Authorization', who.auth), 404, 'NOT_FOUND');
    }
    expectError(
      await t.http.get(url('/mortgages/not-a-uuid')).set('Authorization', bank.auth),
      400,
      'VALIDATION_FAILED',
    );

    const mine = await t.http.get(url('/me/mortgages')).set('Authorization', bank2.auth).expect(200);
    expect(mine.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(mine.body.items.map((m: MortgageBody) => m.id)).toEqual([m2.id]);
    expectError(await t.http.get(url('/me/mortgages')).set('Authorization', lease.holder.auth), 403, 'FORBIDDEN');

    for (const staff of [clerk, supervisor]) {
      const all = await t.http.get(url('/mortgages?status=APPLIED&pageSize=10')).set('Authorization', staff.auth);
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(3);
      expect(all.body.items.map((m: MortgageBody) => m.id)).toEqual(expect.arrayContaining([m1.id, m2.id]));
    }
    const none = await t.http.get(url('/mortgages?status=REGISTERED')).set('Authorization', clerk.auth).expect(200);
    expect(none.body).toMatchObject({ total: 0, items: [] });
    expectError(
      await t.http.get(url('/mortgages?status=OPEN')).set('Authorization', clerk.auth),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await t.http.get(url('/mortgages')).set('Authorization', bank.auth), 403, 'FORBIDDEN');
  });

  it("registration needs the holder's consent and, for a leased right, the lessor's written consent", async () => {
    expectError(await act(bank, m1.id, 'register'), 403, 'FORBIDDEN');
    const noConsent = await act(clerk, m1.id, 'register');
    expectError(noConsent, 422, 'DOCUMENT_MISSING');
    expect(noConsent.body.details).toEqual([{ field: 'documents', message: 'CONSENT' }]);
    expect(noConsent.body.message).toContain('CONSENT');

    // the bank (or a clerk) uploads, while the mortgage is APPLIED; no one else
    const consent = await upload(bank, m1.id, 'CONSENT', PDF_BYTES, '抵押人同意书.pdf');
    expect(consent.status).toBe(201);
    expect(consent.body).toMatchObject({
      kind: 'CONSENT',
      fileName: '抵押人同意书.pdf',
      contentType: 'application/pdf',
    });
    expectError(await upload(lease.holder, m1.id, 'CONSENT'), 403, 'FORBIDDEN');
    expectError(await upload(supervisor, m1.id, 'CONSENT'), 403, 'FORBIDDEN');
    expectError(await upload(bank2, m1.id, 'CONSENT'), 404, 'NOT_FOUND');
    expectError(await upload(bank, m1.id, 'OWNERSHIP_CERTIFICATE'), 400, 'VALIDATION_FAILED');
    expectError(
      await upload(bank, m1.id, 'CONSENT', Buffer.from('just text, not a PDF'), 'consent.pdf'),
      422,
      'FILE_TYPE_NOT_ALLOWED',
    );

    const noLessor = await act(clerk, m1.id, 'register');
    expectError(noLessor, 422, 'DOCUMENT_MISSING');
    expect(noLessor.body.details).toEqual([{ field: 'documents', message: 'LESSOR_CONSENT' }]);
    const lessor = await upload(clerk, m1.id, 'LESSOR_CONSENT', PDF_BYTES, '出租方书面同意.pdf');
    expect(lessor.status).toBe(201);

    // the documents are the mortgage's, seen by whoever sees it
    expect((await mortgageAs(lease.holder, m1.id)).documents).toEqual([
      expect.objectContaining({ id: consent.body.id, kind: 'CONSENT' }),
      expect.objectContaining({ id: lessor.body.id, kind: 'LESSOR_CONSENT' }),
    ]);
    for (const who of [bank, lease.holder, clerk, supervisor]) {
      const file = await t.http
        .get(url(`/mortgages/${m1.id}/documents/${consent.body.id}`))
        .set('Authorization', who.auth)
        .expect(200);
      expect(file.headers['content-disposition']).toMatch(/^attachment/);
    }
    for (const [who, mortgageId] of [
      [bank2, m1.id],
      [stranger, m1.id],
      [bank2, m2.id], // not that mortgage's document
    ] as [Actor, string][]) {
      expectError(
        await t.http.get(url(`/mortgages/${mortgageId}/documents/${consent.body.id}`)).set('Authorization', who.auth),
        404,
        'NOT_FOUND',
      );
    }
    // not the listing's documents: not listed, not downloadable there
    const listingId = lease.f.listing.id;
    const listed = await t.http
      .get(url(`/listings/${listingId}/documents?pageSize=100`))
      .set('Authorization', lease.f.seller.auth)
      .expect(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).not.toContain(consent.body.id);
    expectError(
      await t.http.get(url(`/listings/${listingId}/documents/${consent.body.id}`)).set('Authorization', clerk.auth),
      404,
      'NOT_FOUND',
    );
    const rows = await t.db.query(
      `SELECT kind, listing_id, contract_id, uploaded_by FROM listing_documents WHERE mortgage_id = $1 ORDER BY created_at`,
      [m1.id],
    );
    expect(rows).toEqual([
      { kind: 'CONSENT', listing_id: listingId, contract_id: null, uploaded_by: bank.id },
      { kind: 'LESSOR_CONSENT', listing_id: listingId, contract_id: null, uploaded_by: clerk.id },
    ]);
  });

  it('a clerk registers it: the lender and the holder are told; the public check shows it, names masked', async () => {
    expect((await check(lease)).body.mortgaged).toBe(false);
    const res = await act(clerk, m1.id, 'register');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m1.id, status: 'REGISTERED', registeredAt: expect.stringMatching(/^2027-/) });
    expectError(await act(clerk, m1.id, 'register'), 409, 'INVALID_STATE');
    expectError(await act(clerk, m1.id, 'refuse', { reason: '已登记' }), 409, 'INVALID_STATE');
    expectError(await upload(bank, m1.id, 'OTHER'), 409, 'INVALID_STATE');
    const [row] = await t.db.query(`SELECT status, registered_at FROM mortgages WHERE id = $1`, [m1.id]);
    expect(row).toEqual({ status: 'REGISTERED', registered_at: expect.any(Date) });

    for (const [who, dealId] of [
      [bank, undefined],
      [lease.holder, lease.f.deal.id],
    ] as [Actor, string | undefined][]) {
      const told = (await notificationsOf(who)).filter((n) => n.kind === 'MORTGAGE_REGISTERED');
      expect(told).toEqual([expect.objectContaining({ title: `抵押登记已办理：鉴证书 ${lease.certificateNo}` })]);
      expect(told[0].dealId).toBe(dealId);
      expect(told[0].body).toContain('500,000.00 元');
      expect(told[0].body).toContain(bank.name);
    }
    expect((await notificationsOf(bank2)).filter((n) => n.kind.startsWith('MORTGAGE_'))).toEqual([]);

    // the public check: mortgaged, a person's name masked like the publicity, an organization's in full
    const view = (await check(lease)).body;
    expect(view).toMatchObject({
      certificateNo: lease.certificateNo,
      valid: true,
      mortgaged: true,
      seller: { name: masked(lease.f.seller.name), partyType: 'PERSON' },
      buyer: { name: masked(lease.holder.name), partyType: 'PERSON' },
    });
    expect(JSON.stringify(view)).not.toContain(lease.holder.name);
    expect(JSON.stringify(view)).not.toContain(lease.f.seller.name);
    const other = (await check(share)).body;
    expect(other).toMatchObject({
      mortgaged: false,
      seller: { name: masked(share.f.seller.name) },
      buyer: { name: share.holder.name, partyType: 'ORGANIZATION' },
    });

    // the certificate's PDF: also for a bank holding an open mortgage on it
    for (const who of [bank, bank2]) {
      const file = await pdf(who, lease);
      expect(file.status).toBe(200);
      expect((file.body as Buffer).subarray(0, 4).toString()).toBe('%PDF');
    }
    expectError(await pdfAs(bank3, lease), 404, 'NOT_FOUND');

    const actions = await t.db.query(
      `SELECT action, actor_id, from_status, to_status FROM audit_entries
       WHERE entity_type = 'mortgage' AND entity_id = $1 ORDER BY seq`,
      [m1.id],
    );
    expect(actions).toEqual([
      { action: 'mortgage.applied', actor_id: bank.id, from_status: null, to_status: 'APPLIED' },
      { action: 'mortgage.document_uploaded', actor_id: bank.id, from_status: null, to_status: null },
      { action: 'mortgage.document_uploaded', actor_id: clerk.id, from_status: null, to_status: null },
      { action: 'mortgage.registered', actor_id: clerk.id, from_status: 'APPLIED', to_status: 'REGISTERED' },
    ]);
  });

  it('while a mortgage is registered the right cannot be listed again: not made, submitted or published', async () => {
    expectError(await relist(lease.holder, lease.certificateNo), 409, 'RIGHT_ENCUMBERED');
    expectError(await relist(stranger, lease.certificateNo), 403, 'NOT_ELIGIBLE');

    for (const kind of ['OWNERSHIP_CERTIFICATE', 'CONSENT']) {
      expect((await factory.upload(lease.holder, draft.id, kind)).status).toBe(201);
    }
    const submit = await t.http.post(url(`/listings/${draft.id}/submit`)).set('Authorization', lease.holder.auth);
    expectError(submit, 409, 'RIGHT_ENCUMBERED');
    expect(fieldsOf(submit)).toEqual(['sourceCertificateNo']);
    expectError(await publish(approved.id), 409, 'RIGHT_ENCUMBERED');
    const statuses = await t.db.query(`SELECT id, status FROM listings WHERE id = ANY($1) ORDER BY status`, [
      [draft.id, approved.id],
    ]);
    expect(statuses).toEqual([
      { id: approved.id, status: 'APPROVED' },
      { id: draft.id, status: 'DRAFT' },
    ]);

    // only the bank that holds it releases it
    expectError(await act(bank2, m1.id, 'release'), 404, 'NOT_FOUND');
    expectError(await act(bank3, m1.id, 'release'), 404, 'NOT_FOUND');
    expectError(await act(lease.holder, m1.id, 'release'), 403, 'FORBIDDEN');
    expectError(await act(clerk, m1.id, 'release'), 403, 'FORBIDDEN');
    // and only a registered one
    expectError(await act(bank2, m2.id, 'release'), 409, 'INVALID_STATE');
    expect((await mortgageAs(bank, m1.id)).status).toBe('REGISTERED');
  });

  it('a clerk refuses a registration with a reason; the lender is told and may apply again', async () => {
    expectError(await act(bank2, m2.id, 'refuse', { reason: '自行撤回' }), 403, 'FORBIDDEN');
    for (const body of [{}, { reason: '   ' }, { reason: 7 }]) {
      const refused = await act(clerk, m2.id, 'refuse', body);
      expectError(refused, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(refused)).toEqual(['reason']);
    }
    const res = await act(clerk, m2.id, 'refuse', { reason: '  抵押人同意书未经公证  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'REFUSED',
      refusalReason: '抵押人同意书未经公证',
      refusedAt: expect.stringMatching(/^2027-/),
      registeredAt: null,
    });
    expectError(await act(clerk, m2.id, 'refuse', { reason: '再次' }), 409, 'INVALID_STATE');
    expectError(await act(clerk, m2.id, 'register'), 409, 'INVALID_STATE');
    expectError(await upload(bank2, m2.id, 'CONSENT'), 409, 'INVALID_STATE');

    const told = (await notificationsOf(bank2)).filter((n) => n.kind === 'MORTGAGE_REFUSED');
    expect(told).toEqual([expect.objectContaining({ title: `抵押登记不予办理：鉴证书 ${lease.certificateNo}` })]);
    expect(told[0].body).toContain('抵押人同意书未经公证');
    expect((await notificationsOf(lease.holder)).filter((n) => n.kind === 'MORTGAGE_REFUSED')).toEqual([]);
    const [audit] = await t.db.query(
      `SELECT actor_id, details FROM audit_entries WHERE action = 'mortgage.refused' AND entity_id = $1`,
      [m2.id],
    );
    expect(audit).toEqual({
      actor_id: clerk.id,
      details: { certificateNo: lease.certificateNo, reason: '抵押人同意书未经公证' },
    });
    // a refused mortgage is not open: the bank may apply again (and a refusal never marks the certificate)
    expect((await apply(bank2, lease)).status).toBe(201);
    expect((await check(lease)).body.mortgaged).toBe(true);
  });

  it('the lender releases it: the certificate is free again and the holder may list the right', async () => {
    const res = await act(bank, m1.id, 'release');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'RELEASED',
      registeredAt: expect.any(String),
      releasedAt: expect.stringMatching(/^2027-/),
    });
    expectError(await act(bank, m1.id, 'release'), 409, 'INVALID_STATE');
    const [row] = await t.db.query(`SELECT status, released_at FROM mortgages WHERE id = $1`, [m1.id]);
    expect(row).toEqual({ status: 'RELEASED', released_at: expect.any(Date) });
    const [audit] = await t.db.query(
      `SELECT actor_id, from_status, to_status FROM audit_entries WHERE action = 'mortgage.released' AND entity_id = $1`,
      [m1.id],
    );
    expect(audit).toEqual({ actor_id: bank.id, from_status: 'REGISTERED', to_status: 'RELEASED' });

    expect((await check(lease)).body.mortgaged).toBe(false);
    // released: the bank no longer holds an open mortgage on the certificate
    expectError(await pdfAs(bank, lease), 404, 'NOT_FOUND');

    const again = await relist(lease.holder, lease.certificateNo);
    expect(again.status).toBe(201);
    const submitted = await t.http
      .post(url(`/listings/${draft.id}/submit`))
      .set('Authorization', lease.holder.auth)
      .expect(200);
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', sourceCertificateNo: lease.certificateNo });
    const published = await publish(approved.id);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'ANNOUNCED', sourceCertificateNo: lease.certificateNo });
  });

  it("a right not leased needs the holder's consent only; several banks may each hold a registered mortgage", async () => {
    const first = await apply(bank, share, { principalFen: 8_000_000, termMonths: 60 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      transferMode: 'SHARE',
      requiredConsents: ['CONSENT'],
      holderId: share.holder.id,
      holderName: share.holder.name,
    });
    const [mine] = (await t.http.get(url('/me/mortgages')).set('Authorization', bank3.auth).expect(200)).body.items;
    for (const m of [first.body, mine] as MortgageBody[]) {
      const lenderOf = m.id === first.body.id ? bank : bank3;
      const missing = await act(clerk, m.id, 'register');
      expectError(missing, 422, 'DOCUMENT_MISSING');
      expect(missing.body.details).toEqual([{ field: 'documents', message: 'CONSENT' }]);
      expect((await upload(lenderOf, m.id, 'CONSENT')).status).toBe(201);
      expect((await act(clerk, m.id, 'register')).body).toMatchObject({ status: 'REGISTERED' });
    }
    expect((await check(share)).body).toMatchObject({ mortgaged: true, buyer: { name: share.holder.name } });
    const registered = await t.db.query(
      `SELECT lender_id FROM mortgages m JOIN certificates c ON c.id = m.certificate_id
       WHERE c.certificate_no = $1 AND m.status = 'REGISTERED' ORDER BY lender_id`,
      [share.certificateNo],
    );
    expect(registered.map((r: { lender_id: string }) => r.lender_id)).toEqual([bank.id, bank3.id].sort());
    expectError(await relist(share.holder, share.certificateNo), 409, 'RIGHT_ENCUMBERED');
    // one released: the other still encumbers the right
    expect((await act(bank, first.body.id, 'release')).status).toBe(200);
    expect((await check(share)).body.mortgaged).toBe(true);
    expectError(await relist(share.holder, share.certificateNo), 409, 'RIGHT_ENCUMBERED');
  });
});
