import { ALL_CATEGORIES, ListingFactory, listingBody } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

describe('listings: the lifecycle', () => {
  let t: TestContext;
  let listings: ListingFactory;
  beforeAll(async () => {
    t = await createTestApp();
    listings = new ListingFactory(t.http, t.given);
  });
  afterAll(() => t.close());

  it.each(ALL_CATEGORIES)('%s: a valid listing is created as DRAFT with its number and total', async (code) => {
    const { listing } = await listings.draft(code);
    expect(listing).toMatchObject({ categoryCode: code, status: 'DRAFT' });
    expect(listing.listingNo).toMatch(/^HA-\d{4}-\d{6}$/);
    const body = listingBody(code);
    const expectedTotal =
      body.priceUnit === 'PER_YEAR'
        ? (body.reservePriceFen as number) * (body.termYears as number)
        : body.reservePriceFen;
    expect(listing.totalReservePriceFen).toBe(expectedTotal);
  });

  it('walks DRAFT → SUBMITTED → APPROVED → ANNOUNCED', async () => {
    const { listing } = await listings.announced('LAND_CONTRACT');
    expect(listing.status).toBe('ANNOUNCED');
    const pub = await t.http.get(`/api/v1/listings/${listing.id}`).expect(200);
    expect(pub.body.status).toBe('ANNOUNCED');
    expect(pub.body.ownerId).toBeUndefined();
  });
});
