import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors/domain-error';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { AppConfig } from '../config/runtime';
import { Registration } from '../registrations/entities/registration.entity';
import { AuctionEvent, AuctionEventsService } from './auction-events.service';
import { checkBid } from './domain/bid-rules';
import { Auction } from './entities/auction.entity';
import { Bid } from './entities/bid.entity';

export interface PublicAuctionState {
  status: Auction['status'];
  direction: Auction['direction'];
  startsAt: Date;
  endsAt: Date;
  startPriceFen: number;
  incrementFen: number;
  currentPriceFen: number | null;
  leadingBidderNo: string | null;
  bidCount: number;
  extensionSeconds: number;
  serverTime: Date;
}

export interface PlacedBid {
  seq: number;
  amountFen: number;
  bidderNo: string;
  placedAt: Date;
  endsAt: Date;
}

/** What the public sees of an auction: bidder numbers only, never a name or an account. */
export function publicState(auction: Auction, serverTime: Date): PublicAuctionState {
  return {
    status: auction.status,
    direction: auction.direction,
    startsAt: auction.startsAt,
    endsAt: auction.endsAt,
    startPriceFen: auction.startPriceFen,
    incrementFen: auction.incrementFen,
    currentPriceFen: auction.currentPriceFen,
    leadingBidderNo: auction.leadingBidderNo,
    bidCount: auction.bidCount,
    extensionSeconds: auction.extensionSeconds,
    serverTime,
  };
}

@Injectable()
export class AuctionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly events: AuctionEventsService,
  ) {}

  /** The public state (404 until the announcement has ended with enough bidders), and the caller's bidder number. */
  async state(listingId: string, caller: AuthUser | undefined) {
    const [auction, [{ now }]] = await Promise.all([
      this.dataSource.getRepository(Auction).findOneBy({ listingId }),
      this.dataSource.query('SELECT now() AS now') as Promise<{ now: Date }[]>,
    ]);
    if (!auction) throw new DomainError('NOT_FOUND');
    const mine = caller
      ? await this.dataSource
          .getRepository(Registration)
          .findOneBy({ listingId, buyerId: caller.id, status: 'DEPOSIT_PAID' })
      : null;
    return { ...publicState(auction, new Date(now)), myBidderNo: mine?.bidderNo ?? undefined };
  }

  async bids(
    listingId: string,
    query: PageQueryDto,
  ): Promise<Page<Pick<Bid, 'seq' | 'bidderNo' | 'amountFen' | 'placedAt'>>> {
    if (!(await this.dataSource.getRepository(Auction).existsBy({ listingId }))) throw new DomainError('NOT_FOUND');
    const [items, total] = await this.dataSource.getRepository(Bid).findAndCount({
      where: { listingId },
      select: { seq: true, bidderNo: true, amountFen: true, placedAt: true },
      order: { seq: 'DESC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(
      items.map(({ seq, bidderNo, amountFen, placedAt }) => ({ seq, bidderNo, amountFen, placedAt })),
      total,
      query,
    );
  }

  /**
   * One short transaction: lock the auction row, decide against the database clock, insert the bid, move the price
   * (and the end, inside the extension window), audit, commit. Events go out after the commit.
   */
  async placeBid(caller: AuthUser, listingId: string, amountFen: number): Promise<PlacedBid> {
    const registration = await this.dataSource
      .getRepository(Registration)
      .findOneBy({ listingId, buyerId: caller.id, status: 'DEPOSIT_PAID' });
    if (registration) await this.countAttempt(registration.id); // committed on its own: refused attempts count too
    const { placed, events } = await this.dataSource.transaction(async (em) => {
      // lock the lot, then read the database clock: a clock read in the locking statement itself would be taken
      // before waiting for the lock, and a bid that waited past the end would look as if placed in time
      const auction = await em
        .getRepository(Auction)
        .findOne({ where: { listingId }, lock: { mode: 'pessimistic_write' } });
      const [{ now }] = (await em.query('SELECT clock_timestamp() AS now')) as { now: Date }[];
      const placedAt = new Date(now);
      if (!auction || auction.status !== 'OPEN' || placedAt >= auction.endsAt || placedAt < auction.startsAt) {
        throw new DomainError('AUCTION_NOT_OPEN');
      }
      if (!registration || !registration.bidderNo) throw new DomainError('NOT_QUALIFIED_BIDDER');
      const check = checkBid(
        auction,
        { registrationId: registration.id, priorityRight: registration.priorityRight },
        amountFen,
        placedAt,
      );
      if (!check.ok) throw new DomainError(check.refusal);
      const seq = auction.bidCount + 1;
      // the bid, the new price and the audit entry in ONE statement (the audit row as AuditService.record writes it;
      // its trigger chains it): the lot's row lock is held for as few round trips as possible (lock, this, commit)
      await em.query(
        `WITH bid AS (
           INSERT INTO bids (listing_id, seq, registration_id, bidder_no, amount_fen, placed_at)
           VALUES ($1, $2, $3, $4, $5, $6)
         ), lot AS (
           UPDATE auctions SET current_price_fen = $5, leading_registration_id = $3, leading_bidder_no = $4,
             leader_has_priority = $7, bid_count = $2, ends_at = $8
           WHERE listing_id = $1
         )
         INSERT INTO audit_entries (actor_id, action, entity_type, entity_id, details)
         VALUES ($9, 'auction.bid', 'auction', $1, $10)`,
        [
          listingId,
          seq,
          registration.id,
          registration.bidderNo,
          amountFen,
          placedAt,
          check.leaderHasPriority,
          check.endsAt,
          caller.id,
          JSON.stringify({ seq, amountFen, bidderNo: registration.bidderNo, extended: check.extended }),
        ],
      );
      const after = { ...auction, currentPriceFen: amountFen, leadingBidderNo: registration.bidderNo, bidCount: seq };
      const state = publicState({ ...after, endsAt: check.endsAt } as Auction, placedAt);
      const bid = { seq, bidderNo: registration.bidderNo, amountFen, placedAt };
      const out: AuctionEvent[] = [{ type: 'bid', listingId, auction: { ...state }, bid }];
      if (check.extended) out.push({ type: 'extended', listingId, auction: { ...state } });
      return {
        placed: { seq, amountFen, bidderNo: registration.bidderNo, placedAt, endsAt: check.endsAt },
        events: out,
      };
    });
    await this.events.publish(events);
    return placed;
  }

  /**
   * At most BIDS_PER_SECOND_PER_BIDDER attempts per bidder per second, counted in the database (so across
   * instances): one upsert per attempt; attempts past the limit are refused with 429 and change nothing else.
   */
  private async countAttempt(registrationId: string): Promise<void> {
    const [{ count }] = (await this.dataSource.query(
      `INSERT INTO bid_rate_counters (registration_id, window_start, count)
       VALUES ($1, date_trunc('second', clock_timestamp()), 1)
       ON CONFLICT (registration_id, window_start) DO UPDATE SET count = bid_rate_counters.count + 1
       RETURNING count`,
      [registrationId],
    )) as { count: number }[];
    if (count > this.config.BIDS_PER_SECOND_PER_BIDDER) throw new DomainError('RATE_LIMITED', { retryAfter: 1 });
  }
}
