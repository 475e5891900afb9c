import { platformNow } from '../common/database/platform-clock';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { getCategory } from '../catalog/domain/category-registry';
import { AppConfig } from '../config/runtime';
import { SchedulerService } from '../scheduler/scheduler.service';
import { DealsService } from '../deals/deals.service';
import { LedgerService } from '../ledger/ledger.service';
import { Listing } from '../listings/entities/listing.entity';
import { ListingsService } from '../listings/listings.service';
import { paidRegistrations, releaseDeposits } from '../registrations/deposits';
import { AuctionEvent, AuctionEventsService } from './auction-events.service';
import { publicState } from './auctions.service';
import { outcomeAfterAnnouncement, soleBidderPriceFen } from './domain/bid-rules';
import { Auction } from './entities/auction.entity';

/** How often each instance looks for due work: well within the contract's 2 seconds. */
const TICK_MS = 500;

/**
 * The platform's own decisions, made by a ticker in every instance (no request needed):
 * 1. an announcement ended → auction scheduled, single-bidder deal, or failed (流拍);
 * 2. a scheduled auction reached its start → open (listing BIDDING);
 * 3. an open auction reached its end → closed, deal in publicity or failed, losers' deposits released.
 * Each step claims its row with `FOR UPDATE SKIP LOCKED` and re-checks the condition inside its transaction, so
 * with several instances each step happens exactly once.
 */
@Injectable()
export class AuctionLifecycleService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly listings: ListingsService,
    private readonly deals: DealsService,
    private readonly ledger: LedgerService,
    private readonly events: AuctionEventsService,
    private readonly audit: AuditService,
    private readonly scheduler: SchedulerService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'auction-lifecycle', everyMs: TICK_MS, scope: 'instance', run: () => this.tick() });
  }

  /** One pass over all due work (also called by tests that do not want to wait for the ticker). */
  async tick(): Promise<void> {
    const ended: { id: string }[] = await this.dataSource.query(
      `SELECT l.id FROM listings l
       WHERE l.status = 'ANNOUNCED' AND l.trading_method = 'AUCTION' AND l.announcement_ends_at <= platform_now()
         AND NOT EXISTS (SELECT 1 FROM auctions a WHERE a.listing_id = l.id)
       ORDER BY l.announcement_ends_at LIMIT 50`,
    );
    for (const { id } of ended) await this.endAnnouncement(id);
    const toOpen: { listing_id: string }[] = await this.dataSource.query(
      `SELECT listing_id FROM auctions WHERE status = 'SCHEDULED' AND starts_at <= platform_now() ORDER BY starts_at LIMIT 50`,
    );
    for (const { listing_id } of toOpen) await this.open(listing_id);
    const toClose: { listing_id: string }[] = await this.dataSource.query(
      `SELECT listing_id FROM auctions WHERE status = 'OPEN' AND ends_at <= platform_clock() ORDER BY ends_at LIMIT 50`,
    );
    for (const { listing_id } of toClose) await this.close(listing_id);
  }

  private async endAnnouncement(listingId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const listing = await this.claim<Listing>(
        em,
        `SELECT id FROM listings WHERE id = $1 AND status = 'ANNOUNCED' AND announcement_ends_at <= platform_now()
           AND NOT EXISTS (SELECT 1 FROM auctions a WHERE a.listing_id = listings.id)
         FOR UPDATE SKIP LOCKED`,
        listingId,
        () => em.getRepository(Listing).findOneByOrFail({ id: listingId }),
      );
      if (!listing) return;
      // Scheduling an auction writes no listing column, so a claim that waited for another pass's lock is not
      // re-checked by PostgreSQL against that pass's auction: look again, with a snapshot taken after the lock.
      if (await em.getRepository(Auction).existsBy({ listingId })) return;
      const paid = await paidRegistrations(em, listingId);
      const now = await platformNow(em);
      switch (outcomeAfterAnnouncement(paid.length, this.config.MIN_BIDDERS_FOR_AUCTION)) {
        case 'AUCTION': {
          await em.getRepository(Auction).insert({
            listingId,
            status: 'SCHEDULED',
            direction: getCategory(listing.categoryCode).direction,
            startsAt: listing.biddingStartsAt ?? now,
            endsAt: listing.biddingEndsAt ?? new Date(now.getTime() + 3600_000),
            startPriceFen: listing.reservePriceFen,
            incrementFen: listing.incrementFen,
            extensionSeconds: this.config.AUCTION_EXTENSION_SECONDS,
          });
          await this.audit.record(em, {
            actorId: null,
            action: 'auction.scheduled',
            entityType: 'auction',
            entityId: listingId,
            toStatus: 'SCHEDULED',
            details: { bidders: paid.length },
          });
          return;
        }
        case 'SINGLE_BIDDER': {
          const direction = getCategory(listing.categoryCode).direction;
          const price = soleBidderPriceFen(direction, listing.reservePriceFen, paid[0].offerFen);
          await this.deals.create(em, listing, paid[0], 'SINGLE_BIDDER', price, now, null);
          await this.listings.move(em, listing, 'SOLD', null, 'listing.sold');
          return;
        }
        case 'FAILED': {
          await releaseDeposits(em, this.ledger, paid, null);
          await this.listings.move(em, listing, 'FAILED', null, 'listing.failed');
          return;
        }
      }
    });
  }

  private async open(listingId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const auction = await this.claim<Auction>(
        em,
        `SELECT listing_id FROM auctions WHERE listing_id = $1 AND status = 'SCHEDULED' AND starts_at <= platform_now()
         FOR UPDATE SKIP LOCKED`,
        listingId,
        () => em.getRepository(Auction).findOneByOrFail({ listingId }),
      );
      if (!auction) return;
      await em.getRepository(Auction).update({ listingId, status: 'SCHEDULED' }, { status: 'OPEN' });
      const listing = await this.listings.lock(em, listingId);
      await this.listings.move(em, listing, 'BIDDING', null, 'listing.bidding');
    });
  }

  private async close(listingId: string): Promise<void> {
    const events = await this.dataSource.transaction(async (em) => {
      const auction = await this.claim<Auction>(
        em,
        `SELECT listing_id FROM auctions WHERE listing_id = $1 AND status = 'OPEN' AND ends_at <= platform_clock()
         FOR UPDATE SKIP LOCKED`,
        listingId,
        () => em.getRepository(Auction).findOneByOrFail({ listingId }),
      );
      if (!auction) return [];
      const now = await platformNow(em);
      await em.getRepository(Auction).update({ listingId, status: 'OPEN' }, { status: 'CLOSED', closedAt: now });
      await this.audit.record(em, {
        actorId: null,
        action: 'auction.closed',
        entityType: 'auction',
        entityId: listingId,
        fromStatus: 'OPEN',
        toStatus: 'CLOSED',
        details: { bidCount: auction.bidCount, priceFen: auction.currentPriceFen },
      });
      const listing = await this.listings.lock(em, listingId);
      const paid = await paidRegistrations(em, listingId);
      const winner = paid.find((r) => r.id === auction.leadingRegistrationId);
      if (winner && auction.currentPriceFen !== null) {
        await this.deals.create(em, listing, winner, 'AUCTION', auction.currentPriceFen, now, null);
        await this.listings.move(em, listing, 'SOLD', null, 'listing.sold');
      } else {
        await this.listings.move(em, listing, 'FAILED', null, 'listing.failed');
      }
      // losers' deposits (every paid deposit but the winner's) are released in the same transaction as the close
      await releaseDeposits(
        em,
        this.ledger,
        paid.filter((r) => r.id !== winner?.id),
        null,
      );
      const closed = { ...auction, status: 'CLOSED' as const };
      return [{ type: 'closed', listingId, auction: { ...publicState(closed, now) } } satisfies AuctionEvent];
    });
    await this.events.publish(events);
  }

  /** Locks the row `sql` selects, skipping it if another instance holds it; loads the entity if claimed. */
  private async claim<T>(em: EntityManager, sql: string, id: string, load: () => Promise<T>): Promise<T | null> {
    const rows: unknown[] = await em.query(sql, [id]);
    return rows.length > 0 ? load() : null;
  }
}
