/**
 * Bench support: live auctions set up through the HTTP API of a running app (`setUpLots`). Shared by `bench:bids`
 * and `bench:crowd`.
 */
import type { AuctionLifecycleService } from '../../src/auctions/auction-lifecycle.service';
import { ADMIN, Api, benchClerk, benchParty, lotListingBody, mapLimit, ownershipDocument, User } from './api';
import { sleep } from './bid-load';

/**
 * A LAND_CONTRACT lot listed by `seller` with its ownership document, submitted, approved (by a second clerk too
 * where four eyes are required) and published for `timeline`.
 */
export async function publishedLot(
  api: Api,
  seller: User,
  clerks: User[],
  timeline: { announcementEndsAt: Date; biddingStartsAt?: Date; biddingEndsAt: Date },
): Promise<{ id: string; depositFen: number; reservePriceFen: number }> {
  const listing = await api.ok(201, 'POST', '/listings', { auth: seller.auth, body: lotListingBody() });
  const id = listing.id as string;
  await api.ok(201, 'POST', `/listings/${id}/documents`, { auth: seller.auth, form: ownershipDocument() });
  await api.ok(200, 'POST', `/listings/${id}/submit`, { auth: seller.auth });
  for (const clerk of clerks) {
    const reviewed = await api.ok(200, 'POST', `/listings/${id}/review`, {
      auth: clerk.auth,
      body: { decision: 'APPROVE' },
    });
    if (reviewed.status === 'APPROVED') break;
  }
  const published = await api.ok(200, 'POST', `/listings/${id}/publish`, {
    auth: clerks[0].auth,
    body: Object.fromEntries(Object.entries(timeline).map(([key, at]) => [key, (at as Date).toISOString()])),
  });
  return { id, depositFen: published.depositFen as number, reservePriceFen: published.reservePriceFen as number };
}

export interface Lot {
  listingId: string;
  startPriceFen: number;
  incrementFen: number;
  bidders: { auth: string; bidderNo: string }[];
}

/**
 * `lots` announced LAND_CONTRACT lots, each with `bidders` buyers of its own qualified and their deposits recorded,
 * then opened: their announcement runs for a day of the platform's test clock, which is then moved past it (the app
 * needs TEST_CLOCK=true), so that a slow set-up on a busy machine cannot outlast it. Calls in the same app need
 * distinct `tag`s (up to 8 calls, up to 1,000 buyers each).
 */
export async function setUpLots(
  api: Api,
  lifecycle: AuctionLifecycleService,
  options: { lots: number; bidders: number; tag?: number },
): Promise<Lot[]> {
  const { lots, bidders: perLot } = options;
  const tag = options.tag ?? 0; // users of different calls in one app are told apart by it
  const admin = await api.login(ADMIN.phone, ADMIN.password);
  const clerks = await mapLimit([0, 1], 2, (n) => benchClerk(api, admin, tag * 2 + n));
  const seller = await benchParty(api, 'seller', tag);
  const buyers = await mapLimit(
    Array.from({ length: lots * perLot }, (_, i) => i),
    8,
    (i) => benchParty(api, 'buyer', tag * 1000 + i),
  );
  const clock = await api.ok(200, 'GET', '/admin/clock', { auth: admin.auth });
  const announcementEndsAt = new Date(new Date(clock.now as string).getTime() + 86_400_000);
  const listingIds = await mapLimit(
    Array.from({ length: lots }, (_, i) => i),
    4,
    async () => {
      return publishedLot(api, seller, clerks, {
        announcementEndsAt,
        biddingEndsAt: new Date(announcementEndsAt.getTime() + 3600_000),
      });
    },
  );
  const enrolled = await mapLimit(buyers, 8, async (buyer, i) => {
    const listing = listingIds[Math.floor(i / perLot)];
    const reg = await api.ok(201, 'POST', `/listings/${listing.id}/registrations`, { auth: buyer.auth, body: {} });
    await api.ok(200, 'POST', `/registrations/${reg.id as string}/qualify`, {
      auth: clerks[0].auth,
      body: { approve: true, priorityRight: false },
    });
    const paid = await api.ok(200, 'POST', `/registrations/${reg.id as string}/deposit`, {
      auth: clerks[0].auth,
      body: { amountFen: listing.depositFen, bankRef: `BENCH-${i}` },
    });
    return { auth: buyer.auth, bidderNo: paid.bidderNo as string };
  });
  await api.ok(200, 'PUT', '/admin/clock', {
    auth: admin.auth,
    body: { now: new Date(announcementEndsAt.getTime() + 1_000).toISOString() },
  });
  return Promise.all(
    listingIds.map(async ({ id }, k) => {
      for (let attempt = 0; ; attempt++) {
        await lifecycle.tick();
        const state = await api.call('GET', `/listings/${id}/auction`);
        if (state.status === 200 && state.body.status === 'OPEN') {
          return {
            listingId: id,
            startPriceFen: state.body.startPriceFen as number,
            incrementFen: state.body.incrementFen as number,
            bidders: enrolled.slice(k * perLot, (k + 1) * perLot),
          };
        }
        if (attempt > 50) throw new Error(`auction not open: ${state.status} ${JSON.stringify(state.body)}`);
        await sleep(100);
      }
    }),
  );
}
