import TestAgent from 'supertest/lib/agent';
import { AuctionLifecycleService } from '../../src/auctions/auction-lifecycle.service';
import { Actor, Given } from './given';
import { ListingFactory } from './listings';
import { TestContext } from './test-app';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Waits until `at` has passed, then runs one lifecycle pass (as the ticker would within 0.5 s). */
export async function passTime(t: TestContext, at: Date | string): Promise<void> {
  await sleep(new Date(at).getTime() - Date.now() + 50);
  await t.app.get(AuctionLifecycleService).tick();
}

export interface Bidder extends Actor {
  registrationId: string;
  bidderNo: string;
}

/**
 * An announced listing whose announcement ends `announceMs` from now and whose bidding runs `biddingMs` after that,
 * with `bidders` buyers registered, qualified and with their deposits recorded.
 */
export async function auctionWithBidders(
  t: TestContext,
  options: {
    code?: Parameters<ListingFactory['announced']>[0];
    overrides?: Record<string, unknown>;
    bidders?: number;
    priority?: number[];
    announceMs?: number;
    biddingMs?: number;
    buyerType?: 'PERSON' | 'ORGANIZATION' | 'COLLECTIVE';
  } = {},
) {
  const http: TestAgent = t.http;
  const given: Given = t.given;
  const factory = new ListingFactory(http, given);
  const buyers = await Promise.all(Array.from({ length: options.bidders ?? 2 }, () => given.buyer(options.buyerType)));
  const approved = await factory.approved(options.code ?? 'LAND_CONTRACT', options.overrides ?? {});
  const { clerk, seller } = approved;
  // the window opens now: everything slow (accounts, documents, review) is done before it
  const announcementEndsAt = new Date(Date.now() + (options.announceMs ?? 4000));
  const biddingEndsAt = new Date(announcementEndsAt.getTime() + (options.biddingMs ?? 4000));
  const listing = (
    await http
      .post(`/api/v1/listings/${approved.listing.id}/publish`)
      .set('Authorization', clerk.auth)
      .send({ announcementEndsAt: announcementEndsAt.toISOString(), biddingEndsAt: biddingEndsAt.toISOString() })
      .expect(200)
  ).body as typeof approved.listing;
  const bidders: Bidder[] = [];
  for (const [i, buyer] of buyers.entries()) {
    const reg = await http
      .post(`/api/v1/listings/${listing.id}/registrations`)
      .set('Authorization', buyer.auth)
      .send({})
      .expect(201);
    await http
      .post(`/api/v1/registrations/${reg.body.id}/qualify`)
      .set('Authorization', clerk.auth)
      .send({ approve: true, priorityRight: options.priority?.includes(i) ?? false })
      .expect(200);
    const paid = await http
      .post(`/api/v1/registrations/${reg.body.id}/deposit`)
      .set('Authorization', clerk.auth)
      .send({ amountFen: listing.depositFen, bankRef: `BANK-${i}-${reg.body.id.slice(0, 8)}` })
      .expect(200);
    bidders.push({ ...buyer, registrationId: reg.body.id, bidderNo: paid.body.bidderNo });
  }
  return { listing, clerk, seller, bidders, announcementEndsAt, biddingEndsAt };
}
