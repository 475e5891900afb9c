import { createHash } from 'node:crypto';
import { Actor } from './support/given';
import { ListingFactory, PDF_BYTES } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/**
 * Listing documents (API.md `POST/GET /listings/:id/documents`): PDF, JPEG or PNG judged from the bytes, at most
 * 10 MiB, listed and downloaded with the listing's access rules; ID copies never public.
 */

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A PDF whose bytes differ from every other one in this file (the storage is content-addressed). */
let pdfCounter = 0;
function uniquePdf(): Buffer {
  pdfCounter += 1;
  return Buffer.concat([PDF_BYTES, Buffer.from(`%unique ${process.pid} ${pdfCounter} ${Date.now()}\n`)]);
}
const JPEG_BYTES = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
  Buffer.from('jpeg body'),
  Buffer.from([0xff, 0xd9]),
]);
const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  Buffer.from('png body'),
]);
/** A PDF header followed by zeros, `size` bytes long. */
function pdfOfSize(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  PDF_BYTES.copy(bytes, 0, 0, 9);
  return bytes;
}

describe('listings: documents', () => {
  let t: TestContext;
  let listings: ListingFactory;
  let owner: Actor;
  let clerk: Actor;
  let otherClerk: Actor;
  let stranger: Actor;
  let buyer: Actor;

  beforeAll(async () => {
    t = await createTestApp();
    listings = new ListingFactory(t.http, t.given);
    owner = await t.given.seller();
    clerk = await t.given.clerk();
    otherClerk = await t.given.clerk();
    stranger = await t.given.seller();
    buyer = await t.given.buyer();
  });
  afterAll(() => t.close());

  const upload = (
    actor: Actor | undefined,
    listingId: string,
    kind: string | undefined,
    bytes?: Buffer,
    name?: string,
  ) => {
    const req = t.http.post(`/api/v1/listings/${listingId}/documents`);
    if (actor) void req.set('Authorization', actor.auth);
    if (kind !== undefined) void req.field('kind', kind);
    if (bytes) void req.attach('file', bytes, name ?? 'file.pdf');
    return req;
  };
  const list = (actor: Actor | undefined, listingId: string) => {
    const req = t.http.get(`/api/v1/listings/${listingId}/documents`);
    if (actor) void req.set('Authorization', actor.auth);
    return req;
  };
  const download = (actor: Actor | undefined, listingId: string, docId: string) => {
    const req = t.http.get(`/api/v1/listings/${listingId}/documents/${docId}`).responseType('blob');
    if (actor) void req.set('Authorization', actor.auth);
    return req;
  };

  /** The error code of a download answer (read as raw bytes). */
  const codeOf = (res: { body: unknown }): string => JSON.parse((res.body as Buffer).toString('utf8')).code;

  async function documentRows(listingId: string): Promise<{ kind: string; content_type: string; sha256: string }[]> {
    return t.db.query(
      'SELECT kind, content_type, sha256, size_bytes::int AS size_bytes FROM listing_documents WHERE listing_id = $1 ORDER BY created_at',
      [listingId],
    );
  }

  const draft = async (actor: Actor = owner) => (await listings.draft('LAND_CONTRACT', {}, actor)).listing;

  async function submit(listingId: string, actor: Actor = owner): Promise<void> {
    await t.http.post(`/api/v1/listings/${listingId}/submit`).set('Authorization', actor.auth).expect(200);
  }

  async function approveAndPublish(listingId: string): Promise<void> {
    const reviewed = await t.http
      .post(`/api/v1/listings/${listingId}/review`)
      .set('Authorization', clerk.auth)
      .send({ decision: 'APPROVE' })
      .expect(200);
    expect(reviewed.body.status).toBe('APPROVED');
    const announcementEndsAt = new Date(Date.now() + 3600_000).toISOString();
    const published = await t.http
      .post(`/api/v1/listings/${listingId}/publish`)
      .set('Authorization', clerk.auth)
      .send({ announcementEndsAt })
      .expect(200);
    expect(published.body.status).toBe('ANNOUNCED');
  }

  describe('upload', () => {
    it('a PDF named .jpg is accepted as a PDF, its name given the extension of its type: 201 { id, kind, fileName, sizeBytes, sha256 }', async () => {
      const listing = await draft();
      const bytes = uniquePdf();
      const res = await upload(owner, listing.id, 'OWNERSHIP_CERTIFICATE', bytes, 'scan.jpg').expect(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        kind: 'OWNERSHIP_CERTIFICATE',
        fileName: 'scan.pdf',
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
      });
      expect(await documentRows(listing.id)).toEqual([
        expect.objectContaining({
          kind: 'OWNERSHIP_CERTIFICATE',
          content_type: 'application/pdf',
          sha256: sha256(bytes),
        }),
      ]);
      const file = await download(owner, listing.id, res.body.id).expect(200);
      expect(file.headers['content-type']).toMatch(/^application\/pdf/);
      expect(Buffer.compare(file.body as Buffer, bytes)).toBe(0);
    });

    it.each([
      ['a JPEG', JPEG_BYTES, 'photo.png', 'image/jpeg', 'photo.jpg'],
      ['a PNG', PNG_BYTES, 'plan.pdf', 'image/png', 'plan.png'],
      ['a PDF', PDF_BYTES, 'SCAN.PDF', 'application/pdf', 'SCAN.pdf'],
    ])(
      '%s is accepted whatever its name (stored with its type’s extension), with its sha256, and downloads byte for byte as an attachment',
      async (_, bytes, name, type, stored) => {
        const listing = await draft();
        const res = await upload(owner, listing.id, 'OTHER', bytes, name).expect(201);
        expect(res.body).toMatchObject({
          kind: 'OTHER',
          fileName: stored,
          sizeBytes: bytes.length,
          sha256: sha256(bytes),
        });
        const [row] = await documentRows(listing.id);
        expect(row).toMatchObject({ content_type: type, sha256: sha256(bytes) });
        const file = await download(owner, listing.id, res.body.id).expect(200);
        expect(file.headers['content-type']).toMatch(new RegExp(`^${type}`));
        expect(file.headers['content-disposition']).toBe(
          `attachment; filename="${stored}"; filename*=UTF-8''${encodeURIComponent(stored)}`,
        );
        expect(file.headers['x-content-type-options']).toBe('nosniff');
        expect(Buffer.compare(file.body as Buffer, bytes)).toBe(0);
      },
    );

    it('a Chinese file name comes back as sent, in the answer, the list and the download', async () => {
      const listing = await draft();
      const name = '承包经营权证（张三户）.pdf';
      const res = await upload(owner, listing.id, 'OWNERSHIP_CERTIFICATE', uniquePdf(), name).expect(201);
      expect(res.body.fileName).toBe(name);
      expect((await list(owner, listing.id).expect(200)).body.items[0].fileName).toBe(name);
      const file = await download(owner, listing.id, res.body.id).expect(200);
      expect(file.headers['content-disposition']).toContain(encodeURIComponent(name));
    });

    it.each([
      ['a text file named .pdf', Buffer.from('这不是 PDF 文件，只是文本。\n'), 'contract.pdf'],
      ['a GIF named .png', Buffer.from('GIF89a\x01\x00\x01\x00'), 'image.png'],
      ['a ZIP (docx) named .pdf', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'contract.pdf'],
      ['an HTML page named .jpg', Buffer.from('<html><script>alert(1)</script></html>'), 'x.jpg'],
      ['an empty file', Buffer.alloc(0), 'empty.pdf'],
    ])('%s is 422 FILE_TYPE_NOT_ALLOWED and nothing is stored', async (_, bytes, name) => {
      const listing = await draft();
      const res = await upload(owner, listing.id, 'OWNERSHIP_CERTIFICATE', bytes, name);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ statusCode: 422, code: 'FILE_TYPE_NOT_ALLOWED' });
      expect(await documentRows(listing.id)).toEqual([]);
    });

    it('a file over 10 MiB is 413 FILE_TOO_LARGE; exactly 10 MiB is accepted', async () => {
      const listing = await draft();
      const tooBig = await upload(owner, listing.id, 'OTHER', pdfOfSize(10 * MiB + 1), 'big.pdf');
      expect(tooBig.status).toBe(413);
      expect(tooBig.body).toMatchObject({ statusCode: 413, code: 'FILE_TOO_LARGE' });
      expect(await documentRows(listing.id)).toEqual([]);
      const exact = pdfOfSize(10 * MiB);
      const ok = await upload(owner, listing.id, 'OTHER', exact, 'exact.pdf').expect(201);
      expect(ok.body).toMatchObject({ sizeBytes: 10 * MiB, sha256: sha256(exact) });
    });

    it.each([
      ['an unknown kind', 'PASSPORT'],
      ['a lower-case kind', 'ownership_certificate'],
      ['no kind', undefined],
    ])('%s is 400 naming kind', async (_, kind) => {
      const listing = await draft();
      const res = await upload(owner, listing.id, kind, uniquePdf(), 'a.pdf').expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('kind');
      expect(await documentRows(listing.id)).toEqual([]);
    });

    it('no file is 400', async () => {
      const listing = await draft();
      const res = await upload(owner, listing.id, 'OTHER').expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await documentRows(listing.id)).toEqual([]);
    });

    it('without a token it is 401; another seller or a buyer uploading to a draft gets 404', async () => {
      const listing = await draft();
      expect((await upload(undefined, listing.id, 'OTHER', uniquePdf()).expect(401)).body.code).toBe('UNAUTHENTICATED');
      for (const actor of [stranger, buyer]) {
        const res = await upload(actor, listing.id, 'OTHER', uniquePdf()).expect(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      expect(await documentRows(listing.id)).toEqual([]);
    });

    it('the owner cannot upload after submit (409 LISTING_NOT_EDITABLE), a clerk can', async () => {
      const listing = await draft();
      await upload(owner, listing.id, 'OWNERSHIP_CERTIFICATE', uniquePdf()).expect(201);
      await submit(listing.id);
      const refused = await upload(owner, listing.id, 'OTHER', uniquePdf()).expect(409);
      expect(refused.body.code).toBe('LISTING_NOT_EDITABLE');
      expect(await documentRows(listing.id)).toHaveLength(1);
      const byClerk = await upload(clerk, listing.id, 'OTHER', uniquePdf(), '现场核查照片.pdf').expect(201);
      expect(byClerk.body.kind).toBe('OTHER');
      expect(await documentRows(listing.id)).toHaveLength(2);
      // the owner sees what the clerk added
      const mine = await list(owner, listing.id).expect(200);
      expect(mine.body.items.map((d: { id: string }) => d.id)).toContain(byClerk.body.id);
    });

    it('returned for changes, the owner may upload again; once announced, not', async () => {
      const listing = await draft();
      await upload(owner, listing.id, 'OWNERSHIP_CERTIFICATE', uniquePdf()).expect(201);
      await submit(listing.id);
      await t.http
        .post(`/api/v1/listings/${listing.id}/review`)
        .set('Authorization', clerk.auth)
        .send({ decision: 'RETURN', comment: '请补充四至图' })
        .expect(200);
      await upload(owner, listing.id, 'OTHER', uniquePdf(), '四至图.pdf').expect(201);
      await submit(listing.id);
      await approveAndPublish(listing.id);
      expect((await upload(owner, listing.id, 'OTHER', uniquePdf()).expect(409)).body.code).toBe(
        'LISTING_NOT_EDITABLE',
      );
      await upload(otherClerk, listing.id, 'OTHER', uniquePdf()).expect(201);
    });
  });

  describe('list and download', () => {
    it('a draft’s documents: the owner and staff see them; anyone else gets 404', async () => {
      const listing = await draft();
      const bytes = uniquePdf();
      const doc = (await upload(owner, listing.id, 'OWNERSHIP_CERTIFICATE', bytes, 'cert.pdf').expect(201)).body;
      const idCopy = (await upload(owner, listing.id, 'ID_COPY', JPEG_BYTES, 'id.jpg').expect(201)).body;
      const supervisor = await t.given.supervisor();
      for (const actor of [owner, clerk, supervisor]) {
        const res = await list(actor, listing.id).expect(200);
        expect(res.body.items).toEqual([
          expect.objectContaining({
            id: doc.id,
            kind: 'OWNERSHIP_CERTIFICATE',
            fileName: 'cert.pdf',
            sha256: sha256(bytes),
          }),
          expect.objectContaining({ id: idCopy.id, kind: 'ID_COPY' }),
        ]);
        const file = await download(actor, listing.id, doc.id).expect(200);
        expect(Buffer.compare(file.body as Buffer, bytes)).toBe(0);
      }
      for (const actor of [undefined, stranger, buyer]) {
        expect((await list(actor, listing.id).expect(404)).body.code).toBe('NOT_FOUND');
        expect(codeOf(await download(actor, listing.id, doc.id).expect(404))).toBe('NOT_FOUND');
        expect(codeOf(await download(actor, listing.id, idCopy.id).expect(404))).toBe('NOT_FOUND');
      }
    });

    it('once ANNOUNCED the public lists and downloads them, but never an ID_COPY', async () => {
      const listing = await draft();
      const certBytes = uniquePdf();
      const cert = (await upload(owner, listing.id, 'OWNERSHIP_CERTIFICATE', certBytes, '承包经营权证.pdf').expect(201))
        .body;
      const idCopy = (await upload(owner, listing.id, 'ID_COPY', PNG_BYTES, '身份证.png').expect(201)).body;
      // before publication the public sees nothing
      await list(undefined, listing.id).expect(404);
      await submit(listing.id);
      await list(undefined, listing.id).expect(404);
      await approveAndPublish(listing.id);

      for (const actor of [undefined, stranger, buyer]) {
        const res = await list(actor, listing.id).expect(200);
        expect(res.body.items.map((d: { id: string }) => d.id)).toEqual([cert.id]);
        expect(res.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
        expect(res.body.items[0]).toMatchObject({ kind: 'OWNERSHIP_CERTIFICATE', sha256: sha256(certBytes) });
        const file = await download(actor, listing.id, cert.id).expect(200);
        expect(Buffer.compare(file.body as Buffer, certBytes)).toBe(0);
        expect(file.headers['content-type']).toMatch(/^application\/pdf/);
        expect(codeOf(await download(actor, listing.id, idCopy.id).expect(404))).toBe('NOT_FOUND');
      }
      // the owner and staff still see the ID copy
      for (const actor of [owner, clerk]) {
        const res = await list(actor, listing.id).expect(200);
        expect(res.body.items.map((d: { kind: string }) => d.kind)).toEqual(['OWNERSHIP_CERTIFICATE', 'ID_COPY']);
        const file = await download(actor, listing.id, idCopy.id).expect(200);
        expect(Buffer.compare(file.body as Buffer, PNG_BYTES)).toBe(0);
      }
    });

    it('a document is reached only through its own listing', async () => {
      const a = await draft();
      const b = await draft();
      const doc = (await upload(owner, a.id, 'OTHER', uniquePdf()).expect(201)).body;
      expect(codeOf(await download(owner, b.id, doc.id).expect(404))).toBe('NOT_FOUND');
      expect(codeOf(await download(stranger, b.id, doc.id).expect(404))).toBe('NOT_FOUND');
      await download(owner, a.id, '00000000-0000-4000-8000-000000000000').expect(404);
    });

    it('an unknown listing is 404; a non-UUID listing or document id is 400', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await list(owner, unknown).expect(404);
      const listing = await draft();
      for (const res of [
        await upload(owner, 'not-a-uuid', 'OTHER', uniquePdf()),
        await list(owner, 'not-a-uuid'),
        await list(undefined, "1'--"),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      for (const res of [
        await download(owner, 'not-a-uuid', unknown),
        await download(owner, listing.id, 'not-a-uuid'),
      ]) {
        expect(res.status).toBe(400);
        expect(codeOf(res)).toBe('VALIDATION_FAILED');
      }
    });
  });
});
