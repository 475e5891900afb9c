import TestAgent from 'supertest/lib/agent';
import { getCategory } from '../../src/catalog/domain/category-registry';
import { sampleAreaMu, sampleAttributes } from '../../src/catalog/domain/category-samples';
import { CATEGORY_CODES, CategoryCode } from '../../src/catalog/domain/category.types';
import { Actor, Given } from './given';

export const ALL_CATEGORIES: readonly CategoryCode[] = CATEGORY_CODES;

export const VALID_RESOLUTION = { meetingDate: '2026-10-20', eligibleVoters: 30, attendees: 25, votesFor: 21 };

/** Which party type lists a category in the factories: a farmer where the category allows it, else a collective. */
export function listerTypeFor(code: CategoryCode): 'PERSON' | 'COLLECTIVE' | 'ORGANIZATION' {
  const types = getCategory(code).listerTypes;
  return types.includes('PERSON') ? 'PERSON' : 'COLLECTIVE';
}

/**
 * A valid listing body for `code` (a lease per year where the category allows it): reserve 10,000.00 元 a year for
 * 5 years = 50,000.00 元 total, deposit 20 % (of one year's value for a price per year: 2,000.00 元).
 */
export function listingBody(code: CategoryCode, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const category = getCategory(code);
  const perYear = category.priceUnits.includes('PER_YEAR');
  const attributes: Record<string, unknown> = { ...sampleAttributes(code) };
  if (code === 'COLLECTIVE_OPERATING_ASSET') attributes.appraisedValueFen = 5_000_000;
  const body: Record<string, unknown> = {
    categoryCode: code,
    title: `${category.nameZh}测试项目`,
    villageCode: '130728100213',
    description: `测试用${category.nameZh}挂牌`,
    transferMode: category.transferModes[0],
    attributes,
    priceUnit: perYear ? 'PER_YEAR' : 'TOTAL',
    reservePriceFen: perYear ? 1_000_000 : 5_000_000,
    incrementFen: 10_000,
    depositFen: perYear ? 200_000 : 1_000_000,
    termYears: 5,
    tradingMethod: 'AUCTION',
  };
  const area = sampleAreaMu(code);
  if (area !== undefined) body.areaMu = area;
  if (listerTypeFor(code) === 'COLLECTIVE' || category.rules.resolutionRequired) {
    body.collectiveResolution = VALID_RESOLUTION;
  }
  return { ...body, ...overrides };
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/** Listing factories through the real HTTP API: draft → documents → submitted → approved → announced. */
export class ListingFactory {
  constructor(
    private readonly http: TestAgent,
    private readonly given: Given,
  ) {}

  async listerFor(code: CategoryCode): Promise<Actor> {
    return listerTypeFor(code) === 'PERSON' ? this.given.seller() : this.given.collective();
  }

  async draft(code: CategoryCode = 'LAND_CONTRACT', overrides: Record<string, unknown> = {}, owner?: Actor) {
    const seller = owner ?? (await this.listerFor(code));
    const res = await this.http
      .post('/api/v1/listings')
      .set('Authorization', seller.auth)
      .send(listingBody(code, overrides))
      .expect(201);
    return { seller, listing: res.body as Record<string, unknown> & { id: string; status: string } };
  }

  upload(actor: Actor, listingId: string, kind: string, bytes = PDF_BYTES, fileName = `${kind}.pdf`) {
    return this.http
      .post(`/api/v1/listings/${listingId}/documents`)
      .set('Authorization', actor.auth)
      .field('kind', kind)
      .attach('file', bytes, fileName);
  }

  /** Uploads every document the listing needs and submits it. */
  async submitted(code: CategoryCode = 'LAND_CONTRACT', overrides: Record<string, unknown> = {}, owner?: Actor) {
    const { seller, listing } = await this.draft(code, overrides, owner);
    for (const kind of ['OWNERSHIP_CERTIFICATE', 'RESOLUTION', 'CONSENT']) {
      await (
        await this.upload(seller, listing.id, kind)
      ).body;
    }
    const res = await this.http
      .post(`/api/v1/listings/${listing.id}/submit`)
      .set('Authorization', seller.auth)
      .expect(200);
    return { seller, listing: res.body as typeof listing };
  }

  async approved(code: CategoryCode = 'LAND_CONTRACT', overrides: Record<string, unknown> = {}, clerks?: Actor[]) {
    const { seller, listing } = await this.submitted(code, overrides);
    const reviewers = clerks ?? [await this.given.clerk(), await this.given.clerk()];
    let body = listing;
    for (const clerk of reviewers) {
      body = (
        await this.http
          .post(`/api/v1/listings/${listing.id}/review`)
          .set('Authorization', clerk.auth)
          .send({ decision: 'APPROVE' })
          .expect(200)
      ).body;
      if (body.status === 'APPROVED') break;
    }
    return { seller, listing: body, clerk: reviewers[0] };
  }

  async announced(code: CategoryCode = 'LAND_CONTRACT', overrides: Record<string, unknown> = {}, publish = {}) {
    const { seller, listing, clerk } = await this.approved(code, overrides);
    const announcementEndsAt = new Date(Date.now() + 60 * 60_000).toISOString();
    const res = await this.http
      .post(`/api/v1/listings/${listing.id}/publish`)
      .set('Authorization', clerk.auth)
      .send({ announcementEndsAt, ...publish })
      .expect(200);
    return { seller, clerk, listing: res.body as typeof listing };
  }
}
