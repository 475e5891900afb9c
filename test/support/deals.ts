import { CategoryCode } from '../../src/catalog/domain/category.types';
import { auctionWithBidders, Bidder, passTime } from './auctions';
import { eventually } from './auction-helpers';
import { Actor } from './given';
import { TestContext } from './test-app';

export interface DealFixture {
  listing: Record<string, unknown> & { id: string; reservePriceFen: number; incrementFen: number; depositFen: number };
  clerk: Actor;
  seller: Actor;
  bidders: Bidder[];
  /** The winning bidder. */
  winner: Bidder;
  /** The deal as staff see it. */
  deal: Record<string, unknown> & { id: string; status: string; totalPriceFen: number; priceFen: number };
}

/**
 * A deal in PUBLICITY through the real API: an announced listing with `bidders` paid bidders, the auction run with
 * `steps` bids (bidder index, increments above the start; ascending, or descending for AGRI_PROJECT), closed by
 * the platform. With `bidders: 1` the deal is the single bidder's at the reserve.
 */
export async function dealInPublicity(
  t: TestContext,
  options: {
    code?: CategoryCode;
    overrides?: Record<string, unknown>;
    bidders?: number;
    steps?: [bidder: number, increments: number][];
    buyerType?: 'PERSON' | 'ORGANIZATION' | 'COLLECTIVE';
  } = {},
): Promise<DealFixture> {
  const code = options.code ?? 'LAND_CONTRACT';
  const fixture = await auctionWithBidders(t, {
    code,
    overrides: options.overrides,
    bidders: options.bidders ?? 2,
    buyerType: options.buyerType,
    // registrations and deposits must be done before the announcement ends, also when several deals are built at
    // once on a loaded machine
    announceMs: 4000,
    biddingMs: 2500,
  });
  const listing = fixture.listing as unknown as DealFixture['listing'];
  const { clerk, bidders } = fixture;
  await passTime(t, fixture.announcementEndsAt);
  const direction = code === 'AGRI_PROJECT' ? -1 : 1;
  const steps = options.steps ?? (bidders.length > 1 ? [[0, 0]] : []);
  if (bidders.length > 1) {
    await eventually(async () => {
      const res = await t.http.get(`/api/v1/listings/${listing.id}/auction`).expect(200);
      if (res.body.status !== 'OPEN') throw new Error(`auction ${res.body.status}`);
    });
    for (const [who, k] of steps) {
      await t.http
        .post(`/api/v1/listings/${listing.id}/auction/bids`)
        .set('Authorization', bidders[who].auth)
        .send({ amountFen: listing.reservePriceFen + direction * k * listing.incrementFen })
        .expect(201);
    }
    await passTime(t, fixture.biddingEndsAt);
  }
  const deal = await eventually(async () => {
    const res = await t.http.get(`/api/v1/listings/${listing.id}/deal`).set('Authorization', clerk.auth).expect(200);
    return res.body as DealFixture['deal'];
  });
  const winner = bidders.find((b) => b.registrationId === deal.registrationId)!;
  return { listing, clerk, seller: fixture.seller, bidders, winner, deal };
}

/** Confirms a deal in publicity (PUBLICITY_WORKING_DAYS=0 in the tests) and generates its contract. */
export async function contractFor(t: TestContext, f: DealFixture) {
  await t.http.post(`/api/v1/deals/${f.deal.id}/confirm`).set('Authorization', f.clerk.auth).expect(200);
  const res = await t.http.post(`/api/v1/deals/${f.deal.id}/contract`).set('Authorization', f.clerk.auth).expect(201);
  return res.body as Record<string, unknown> & { id: string; sellerId: string; buyerId: string; contractNo: string };
}

/** Confirms the deal, generates its contract and has both parties sign it: the first instalment is payable. */
export async function signedContractFor(t: TestContext, f: DealFixture) {
  const contract = await contractFor(t, f);
  const { seller, buyer } = signers(f, contract);
  for (const party of [seller, buyer]) {
    await t.http.post(`/api/v1/contracts/${contract.id}/sign`).set('Authorization', party.auth).expect(200);
  }
  return contract;
}

/** The actor who must sign as SELLER (paid) or BUYER (paying) of the contract. */
export function signers(f: DealFixture, contract: { sellerId: string; buyerId: string }) {
  const all: Actor[] = [f.seller, ...f.bidders];
  return {
    seller: all.find((a) => a.id === contract.sellerId)!,
    buyer: all.find((a) => a.id === contract.buyerId)!,
  };
}

/** `n` deals in publicity built at once: their auction windows overlap, so they take about as long as one. */
export function dealsInPublicity(
  t: TestContext,
  n: number,
  options: Parameters<typeof dealInPublicity>[1] = {},
): Promise<DealFixture[]> {
  return Promise.all(Array.from({ length: n }, () => dealInPublicity(t, options)));
}

export interface DealLedgerEntry {
  id: string;
  kind: string;
  dealId?: string;
  registrationId?: string;
  postings: { account: string; amountFen: number }[];
}

/** The ledger entries booked against a deal (GET /ledger/entries?dealId=), newest first. */
export async function dealEntries(t: TestContext, staff: Actor, dealId: string): Promise<DealLedgerEntry[]> {
  const res = await t.http
    .get(`/api/v1/ledger/entries?dealId=${dealId}&pageSize=100`)
    .set('Authorization', staff.auth)
    .expect(200);
  return res.body.items;
}

/** GET /deals/:id as `actor` sees it (anonymously without one). */
export async function dealAs(t: TestContext, dealId: string, actor?: Actor): Promise<Record<string, unknown>> {
  const req = t.http.get(`/api/v1/deals/${dealId}`);
  if (actor) req.set('Authorization', actor.auth);
  return (await req.expect(200)).body;
}

/** The money of a contract's statement (its instalments aside). */
export interface StatementBody {
  totalPriceFen: number;
  depositAppliedFen: number;
  buyerFeeFen: number;
  sellerFeeFen: number;
  amountDueFen: number;
  paidFen: number;
  outstandingFen: number;
  disbursedToSellerFen: number;
}

/** An instalment as `GET /contracts/:id/instalments` and the statement show it. */
export interface InstalmentBody {
  no: number;
  kind: 'PRICE' | 'RENT' | 'ADVANCE' | 'BALANCE';
  dueOn: string | null;
  payableFrom: string | null;
  amountFen: number;
  buyerFeeFen: number;
  sellerFeeFen: number;
  lateFeeFen: number;
  retentionFen: number;
  paidFen: number;
  status: 'PENDING' | 'DUE' | 'OVERDUE' | 'PAID' | 'SETTLED';
}

/** GET /contracts/:id/statement as `actor` (a party or staff), with its instalments. */
export async function fullStatementOf(
  t: TestContext,
  actor: Actor,
  contractId: string,
): Promise<StatementBody & { instalments: InstalmentBody[] }> {
  return (await t.http.get(`/api/v1/contracts/${contractId}/statement`).set('Authorization', actor.auth).expect(200))
    .body;
}

/** The money of GET /contracts/:id/statement as `actor` (the instalments left out: `instalmentsOf` has them). */
export async function statementOf(t: TestContext, actor: Actor, contractId: string): Promise<StatementBody> {
  const { instalments: _instalments, ...money } = await fullStatementOf(t, actor, contractId);
  return money;
}

/** GET /contracts/:id/instalments as `actor`. */
export async function instalmentsOf(t: TestContext, actor: Actor, contractId: string): Promise<InstalmentBody[]> {
  return (await t.http.get(`/api/v1/contracts/${contractId}/instalments`).set('Authorization', actor.auth).expect(200))
    .body;
}
