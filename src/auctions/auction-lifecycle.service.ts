import { platformNow } from '../common/database/platform-clock';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { getCategory } from '../catalog/domain/category-registry';
import { AppConfig } from '../config/runtime';
import { SchedulerService } from '../scheduler/scheduler.service';
import { DealsService } from '../deals/deals.service';
import { LedgerService } from '../ledger/ledger.service';
import { Listing } from '../listings/entities/listing.entity';
import { canTransition, LISTING_STATUSES } from '../listings/domain/listing-status';
import { Registration } from '../registrations/entities/registration.entity';
import { DomainError } from '../common/errors/domain-error';
import { ListingsService } from '../listings/listings.service';
import { paidRegistrations, releaseDeposits } from '../registrations/deposits';
import { AUCTION_EVENTS_CHANNEL, AuctionEvent, AuctionEventsService, closedEvent } from './auction-events.service';
import { outcomeAfterAnnouncement, soleBidderPriceFen } from './domain/bid-rules';
import { Auction } from './entities/auction.entity';

/** How often each instance looks for due work: well within the contract's 2 seconds. */
const TICK_MS = 500;
/** Rows one transaction decides at most: fewer commits than one per row, yet short enough not to hold up bids. */
const BATCH = 100;
/**
 * Transactions one instance runs at once for a step on a PostgreSQL server (its pool holds 10 connections; bids
 * keep the rest). The embedded database has one session, so there they would only queue behind each other.
 */
const WORKERS = 4;

/**
 * Claims up to BATCH due rows (`FOR UPDATE SKIP LOCKED`, none of `skip`; only `only` if given), answering their ids;
 * with `lock` false, only looks (outside a transaction: is anything due at all?).
 */
type Claim = (em: EntityManager, skip: string[], only: string[] | null, lock?: boolean) => Promise<string[]>;
/** Decides the claimed rows in the claim's transaction, answering the events to send when it commits. */
type Decide = (em: EntityManager, ids: string[]) => Promise<AuctionEvent[]>;

/**
 * The platform's own decisions, made by a ticker in every instance (no request needed):
 * 1. an announcement ended → auction scheduled, single-bidder deal, or failed (流拍);
 * 2. a scheduled auction reached its start → open (listing BIDDING);
 * 3. an open auction reached its end → closed, deal in publicity or failed, losers' deposits released.
 * Each step claims a batch of due rows with `FOR UPDATE SKIP LOCKED` and re-checks the condition inside its
 * transaction, so with several instances (and several workers in each) every row is decided exactly once. A batch
 * that fails is decided again row by row, so that one row that cannot be decided holds up no other.
 */
@Injectable()
export class AuctionLifecycleService implements OnModuleInit {
  private readonly logger = new Logger(AuctionLifecycleService.name);
  /** The instance's latest pass: the next one starts after it (see tick). */
  private lastPass: Promise<void> = Promise.resolve();

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

  /**
   * One pass over all due work (also called by tests that do not want to wait for the ticker). Every step runs even
   * if an earlier one could not decide a row: a failure is reported at the end of the pass, never holds up a close.
   *
   * An instance's passes run one after another: a call made while a pass runs (the ticker's, or a test's) waits for
   * it, then makes its own. So when `tick()` returns, every row due at the call is decided, except rows another
   * instance's pass holds at that moment: those are skipped, not waited for, and that pass decides them.
   */
  tick(): Promise<void> {
    const pass = this.lastPass.catch(() => undefined).then(() => this.pass());
    this.lastPass = pass;
    return pass;
  }

  private async pass(): Promise<void> {
    const steps: [Claim, Decide][] = [
      [this.claimEndedAnnouncements, (em, ids) => this.endAnnouncements(em, ids)],
      [this.claimDueOpenings, (em, ids) => this.open(em, ids)],
      [this.claimDueClosings, (em, ids) => this.close(em, ids)],
    ];
    const errors: unknown[] = [];
    for (const [claim, decide] of steps) await this.drain(claim, decide).catch((error: unknown) => errors.push(error));
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, errors.map((e) => (e as Error).message).join('; '));
  }

  /**
   * Runs batches of one step in WORKERS concurrent transactions until no due row is left. Rows that could not be
   * decided are left out for the rest of the pass and reported by one error at its end.
   */
  private async drain(claim: Claim, decide: Decide): Promise<void> {
    // one plain look first: an idle pass costs one statement per step, and a few rows one worker
    const due = await claim(this.dataSource.manager, [], null, false);
    if (due.length === 0) return;
    const failed: { id: string; error: unknown }[] = [];
    const skip: string[] = [];
    const worker = async (): Promise<void> => {
      while ((await this.batch(claim, decide, skip, failed)) > 0);
    };
    const count = this.config.embedded || due.length < BATCH ? 1 : WORKERS;
    const workers = await Promise.allSettled(Array.from({ length: count }, worker));
    const broken = workers.find((w): w is PromiseRejectedResult => w.status === 'rejected');
    if (broken) throw broken.reason; // e.g. the database went away: after every worker has stopped
    if (failed.length > 0) {
      throw new AggregateError(
        failed.map((f) => f.error),
        `could not decide ${failed.map((f) => f.id).join(', ')}`,
      );
    }
  }

  /** One transaction over a batch; if it fails, each of its rows in a transaction of its own. Answers rows claimed. */
  private async batch(
    claim: Claim,
    decide: Decide,
    skip: string[],
    failed: { id: string; error: unknown }[],
  ): Promise<number> {
    let claimed: string[] = [];
    try {
      await this.decideCommitted(async (em) => {
        claimed = await claim(em, skip, null);
        return claimed.length > 0 ? decide(em, claimed) : [];
      });
      return claimed.length;
    } catch (error) {
      if (claimed.length === 0) throw error;
    }
    for (const id of claimed) {
      try {
        await this.decideCommitted(async (em) => {
          const again = await claim(em, skip, [id]);
          return again.length > 0 ? decide(em, again) : [];
        });
      } catch (error) {
        this.logger.error({ err: error, id }, 'lifecycle step failed');
        skip.push(id);
        failed.push({ id, error });
      }
    }
    return claimed.length;
  }

  /** Runs `decide` in a transaction that also NOTIFYs its events, so they go out exactly when it commits. */
  private async decideCommitted(decide: (em: EntityManager) => Promise<AuctionEvent[]>): Promise<void> {
    const events = await this.dataSource.transaction(async (em) => {
      const decided = await decide(em);
      const payloads = this.events.notifications(decided);
      if (payloads.length > 0) {
        await em.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) p`, [AUCTION_EVENTS_CHANNEL, payloads]);
      }
      return decided;
    });
    this.events.committed(events);
  }

  private readonly claimEndedAnnouncements: Claim = async (em, skip, only, lock = true) =>
    ids(
      await em.query(
        `SELECT l.id FROM listings l
         WHERE l.status = 'ANNOUNCED' AND l.trading_method = 'AUCTION' AND l.announcement_ends_at <= platform_now()
           AND NOT EXISTS (SELECT 1 FROM auctions a WHERE a.listing_id = l.id)
           AND l.id <> ALL($1::uuid[]) AND ($2::uuid[] IS NULL OR l.id = ANY($2::uuid[]))
         ORDER BY l.announcement_ends_at LIMIT ${BATCH}
         ${lock ? 'FOR UPDATE SKIP LOCKED' : ''}`,
        [skip, only],
      ),
      'id',
    );

  private readonly claimDueOpenings = auctionsDue(
    `a.status = 'SCHEDULED' AND a.starts_at <= platform_now()`,
    'a.starts_at',
  );

  private readonly claimDueClosings = auctionsDue(`a.status = 'OPEN' AND a.ends_at <= platform_clock()`, 'a.ends_at');

  /** Announcements ended: an auction scheduled with enough paid bidders, else a single-bidder deal or 流拍. */
  private async endAnnouncements(em: EntityManager, claimed: string[]): Promise<AuctionEvent[]> {
    // Scheduling an auction writes no listing column, so a claim that waited for another pass's lock is not
    // re-checked by PostgreSQL against that pass's auction: look again, with a snapshot taken after the lock.
    const scheduled = new Set(
      ids(
        await em.query(`SELECT listing_id FROM auctions WHERE listing_id = ANY($1::uuid[])`, [claimed]),
        'listing_id',
      ),
    );
    const listings = await em.getRepository(Listing).findBy({ id: In(claimed.filter((id) => !scheduled.has(id))) });
    const paidBy = await this.paidByListing(em, listings);
    const now = await platformNow(em);
    for (const listing of listings) {
      const paid = paidBy.get(listing.id) ?? [];
      switch (outcomeAfterAnnouncement(paid.length, this.config.MIN_BIDDERS_FOR_AUCTION)) {
        case 'AUCTION': {
          await em.getRepository(Auction).insert({
            listingId: listing.id,
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
            entityId: listing.id,
            toStatus: 'SCHEDULED',
            details: { bidders: paid.length },
          });
          break;
        }
        case 'SINGLE_BIDDER': {
          const direction = getCategory(listing.categoryCode).direction;
          const price = soleBidderPriceFen(direction, listing.reservePriceFen, paid[0].offerFen);
          await this.deals.create(em, listing, paid[0], 'SINGLE_BIDDER', price, now, null);
          await this.listings.move(em, listing, 'SOLD', null, 'listing.sold');
          break;
        }
        case 'FAILED': {
          await releaseDeposits(em, this.ledger, paid, null);
          await this.listings.move(em, listing, 'FAILED', null, 'listing.failed');
          break;
        }
      }
    }
    return [];
  }

  /**
   * Scheduled auctions reached their start: opened and their listings moved to BIDDING, in three statements for the
   * whole batch (the moves are the listing domain's: only from a status that may go to BIDDING, each audited).
   */
  private async open(em: EntityManager, claimed: string[]): Promise<AuctionEvent[]> {
    const moved: { id: string; from: string }[] = await em.query(
      `WITH due AS (
         SELECT l.id, l.status AS "from" FROM listings l
         WHERE l.id = ANY($1::uuid[]) AND l.status = ANY($2::varchar[])
         FOR UPDATE
       ), opened AS (
         UPDATE auctions a SET status = 'OPEN' FROM due WHERE a.listing_id = due.id AND a.status = 'SCHEDULED'
       ), moved AS (
         UPDATE listings l SET status = 'BIDDING', updated_at = now() FROM due WHERE l.id = due.id
       )
       SELECT id, "from" FROM due`,
      [claimed, LISTING_STATUSES.filter((s) => canTransition(s, 'BIDDING'))],
    );
    // a listing that may not go to BIDDING: the batch fails, and its row alone is reported (as a move would)
    if (moved.length !== claimed.length) throw new DomainError('INVALID_STATE');
    await this.audit.recordMany(
      em,
      moved.map((m) => ({
        actorId: null,
        action: 'listing.bidding',
        entityType: 'listing',
        entityId: m.id,
        fromStatus: m.from,
        toStatus: 'BIDDING',
      })),
    );
    return [];
  }

  /**
   * Open auctions reached their end (`platform_clock()`, as a bid's extension may have just moved it): closed, the
   * deal in publicity with the leader or the listing failed, and every deposit but the winner's released.
   */
  private async close(em: EntityManager, claimed: string[]): Promise<AuctionEvent[]> {
    const now = await platformNow(em);
    const auctions = await em.getRepository(Auction).findBy({ listingId: In(claimed) });
    await em
      .getRepository(Auction)
      .update({ listingId: In(claimed), status: 'OPEN' }, { status: 'CLOSED', closedAt: now });
    await this.audit.recordMany(
      em,
      auctions.map((auction) => ({
        actorId: null,
        action: 'auction.closed',
        entityType: 'auction',
        entityId: auction.listingId,
        fromStatus: 'OPEN',
        toStatus: 'CLOSED',
        details: { bidCount: auction.bidCount, priceFen: auction.currentPriceFen },
      })),
    );
    const listings = new Map(
      (
        await em.getRepository(Listing).find({
          where: { id: In(claimed) },
          order: { id: 'ASC' },
          lock: { mode: 'pessimistic_write' },
        })
      ).map((l) => [l.id, l]),
    );
    const paidBy = await this.paidByListing(em, [...listings.values()]);
    const events: AuctionEvent[] = [];
    for (const auction of auctions) {
      const listing = listings.get(auction.listingId)!;
      const paid = paidBy.get(listing.id) ?? [];
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
      events.push(closedEvent(auction, now));
    }
    return events;
  }

  /** The paid registrations of each of `listings`, oldest first (one query). */
  private async paidByListing(em: EntityManager, listings: Listing[]): Promise<Map<string, Registration[]>> {
    const paid = await paidRegistrations(
      em,
      listings.map((l) => l.id),
    );
    const byListing = new Map<string, Registration[]>();
    for (const r of paid) byListing.set(r.listingId, [...(byListing.get(r.listingId) ?? []), r]);
    return byListing;
  }
}

/** Claims the auctions (`a`) that meet `due`, earliest `first` first. */
function auctionsDue(due: string, first: string): Claim {
  return async (em, skip, only, lock = true) =>
    ids(
      await em.query(
        `SELECT a.listing_id FROM auctions a
         WHERE ${due}
           AND a.listing_id <> ALL($1::uuid[]) AND ($2::uuid[] IS NULL OR a.listing_id = ANY($2::uuid[]))
         ORDER BY ${first} LIMIT ${BATCH}
         ${lock ? 'FOR UPDATE SKIP LOCKED' : ''}`,
        [skip, only],
      ),
      'listing_id',
    );
}

function ids<K extends string>(rows: Record<K, string>[], key: K): string[] {
  return rows.map((row) => row[key]);
}
