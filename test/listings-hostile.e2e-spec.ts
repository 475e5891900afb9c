import { ListingFactory, listingBody, PDF_BYTES } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/** Inputs a careless or hostile client sends: each a 400 naming the field, never a 500, nothing changed. */
describe('listings: awkward input', () => {
  let t: TestContext;
  let listings: ListingFactory;
  beforeAll(async () => {
    t = await createTestApp();
    listings = new ListingFactory(t.http, t.given);
  });
  afterAll(() => t.close());

  it('a total that rounds to 0 fen is a 400 naming reservePriceFen', async () => {
    const seller = await t.given.seller();
    const body = listingBody('LAND_CONTRACT', {
      priceUnit: 'PER_MU_PER_YEAR',
      reservePriceFen: 1,
      areaMu: 0.15,
      termYears: 3,
      depositFen: 0,
    });
    const res = await t.http.post('/api/v1/listings').set('Authorization', seller.auth).send(body).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('reservePriceFen');
  });

  it.each(['title', 'villageCode', 'incrementFen', 'tradingMethod', 'transferMode', 'priceUnit', 'depositFen'])(
    'PATCH %s: null is a 400 naming it, and the row is unchanged',
    async (field) => {
      const { seller, listing } = await listings.draft('LAND_CONTRACT');
      const before = await t.db.query('SELECT * FROM listings WHERE id = $1', [listing.id]);
      const res = await t.http
        .patch(`/api/v1/listings/${listing.id}`)
        .set('Authorization', seller.auth)
        .send({ [field]: null })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await t.db.query('SELECT * FROM listings WHERE id = $1', [listing.id])).toEqual(before);
    },
  );

  it('PATCH description: null clears it', async () => {
    const { seller, listing } = await listings.draft('LAND_CONTRACT');
    const res = await t.http
      .patch(`/api/v1/listings/${listing.id}`)
      .set('Authorization', seller.auth)
      .send({ description: null })
      .expect(200);
    expect(res.body.description).toBeNull();
  });

  it('publish: a time without an offset is a 400 (ambiguous: local or UTC?)', async () => {
    const { listing, clerk } = await listings.approved('LAND_CONTRACT');
    for (const value of ['2026-12-30T10:00:00', '2026-12-30']) {
      const res = await t.http
        .post(`/api/v1/listings/${listing.id}/publish`)
        .set('Authorization', clerk.auth)
        .send({ announcementEndsAt: value })
        .expect(400);
      expect(res.body.details[0].field).toBe('announcementEndsAt');
    }
  });

  it('withdraw: a blank reason is a 400', async () => {
    const { seller, listing } = await listings.draft('LAND_CONTRACT');
    const res = await t.http
      .post(`/api/v1/listings/${listing.id}/withdraw`)
      .set('Authorization', seller.auth)
      .send({ reason: '   ' })
      .expect(400);
    expect(res.body.details[0].field).toBe('reason');
  });

  it('upload: two files, or a file under another field name, is a 400 naming file', async () => {
    const { seller, listing } = await listings.draft('LAND_CONTRACT');
    const two = await t.http
      .post(`/api/v1/listings/${listing.id}/documents`)
      .set('Authorization', seller.auth)
      .field('kind', 'OTHER')
      .attach('file', PDF_BYTES, 'a.pdf')
      .attach('file', PDF_BYTES, 'b.pdf')
      .expect(400);
    expect(two.body.details[0].field).toBe('file');
    const other = await t.http
      .post(`/api/v1/listings/${listing.id}/documents`)
      .set('Authorization', seller.auth)
      .field('kind', 'OTHER')
      .attach('attachment', PDF_BYTES, 'a.pdf')
      .expect(400);
    expect(other.body.details[0].field).toBe('file');
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM listing_documents WHERE listing_id = $1', [
      listing.id,
    ]);
    expect(count).toBe(0);
  });
});
