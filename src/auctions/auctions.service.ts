import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth.decorators';
import { ItemOutcome, SerialBatches } from '../common/concurrency/serial-batches';
import { bigintNumber } from '../common/database/transformers';
import { runStatement } from '../common/database/affected-rows';
import { DomainError } from '../common/errors/domain-error';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { AppConfig } from '../config/runtime';
import { Registration } from '../registrations/entities/registration.entity';
import { AUCTION_EVENTS_CHANNEL, AuctionEvent, AuctionEventsService } from './auction-events.service';
import { BidDecision, decideInOrder, isOpenAt, LotState, SequencedBid } from './domain/bid-rules';
import { publicState } from './domain/public-state';
import { Auction } from './entities/auction.entity';
import { Bid } from './entities/bid.entity';
import { HeldKey, heldKey } from '../idempotency/idempotency-context';

export interface PlacedBid {
  seq: number;
  amountFen: number;
  bidderNo: string;
  placedAt: Date;
  endsAt: Date;
}

@Injectable()
export class AuctionsService {
  /** Each lot's bids, decided and written one batch at a time (see placeBid). */
  private readonly lots = new SerialBatches<BidAttempt, PlacedBid, LotMemo, BidsRead>(
    {
      prepare: (listingId, attempts) => this.readForBids(listingId, attempts),
      run: (listingId, attempts, read, memo) => this.takeBids(listingId, attempts, read, memo),
    },
    () => ({ latest: null }),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly events: AuctionEventsService,
  ) {}

  /** The public state (404 until the announcement has ended with enough bidders), and the caller's bidder number. */
  async state(listingId: string, caller: AuthUser | undefined) {
    const [auction, [{ now }]] = await Promise.all([
      this.dataSource.getRepository(Auction).findOneBy({ listingId }),
      this.dataSource.query('SELECT platform_now() AS now') as Promise<{ now: Date }[]>,
    ]);
    if (!auction) throw new DomainError('NOT_FOUND');
    const mine = caller
      ? await this.dataSource
          .getRepository(Registration)
          .findOneBy({ listingId, buyerId: caller.id, status: 'DEPOSIT_PAID' })
      : null;
    return { ...publicState(auction, new Date(now)), myBidderNo: mine?.bidderNo ?? undefined };
  }

  /** Deletes the bid-attempt counters of windows long past (housekeeping); returns how many. */
  async purgeRateCounters(): Promise<number> {
    const { affected } = await runStatement(
      this.dataSource,
      `DELETE FROM bid_rate_counters WHERE window_start < now() - interval '1 minute'`,
      [],
    );
    return affected;
  }

  /** 404 unless the listing has an auction (scheduled, open or closed). */
  async assertExists(listingId: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Auction).existsBy({ listingId }))) throw new DomainError('NOT_FOUND');
  }

  async bids(
    listingId: string,
    query: PageQueryDto,
  ): Promise<Page<Pick<Bid, 'seq' | 'bidderNo' | 'amountFen' | 'placedAt'>>> {
    await this.assertExists(listingId);
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
   * Bids on one lot are taken in batches, in the order they arrive: the bids that arrive while the lot's previous batch
   * is being written wait and form the next one. A batch costs two statements, each on its own (no BEGIN/COMMIT round
   * trips), whatever its size:
   *  1. count every attempt (committed on its own: refused attempts count too) and read the bidders' registrations,
   *     the auction and the database clock;
   *  2. the bids accepted by `decideInOrder` (the rules, in one place) on the freshest state known, written by ONE
   *     call of `auction_place_bids`: it writes only if that state is still the current one and the lot is still
   *     open by the database clock read under the row lock; otherwise it answers the current state, on which the
   *     batch is decided again.
   * The lot's row lock is thus held inside one statement, never across a round trip, and the events go out with
   * the commit (NOTIFY in the same transaction).
   */
  placeBid(caller: AuthUser, listingId: string, amountFen: number): Promise<PlacedBid> {
    // the request's Idempotency-Key goes with the bid: its response is recorded in the statement writing the bid
    return this.lots.submit(listingId, { buyerId: caller.id, amountFen, held: heldKey() });
  }

  /** One batch of a lot's bid attempts, in arrival order: an outcome for each. */
  private async takeBids(
    listingId: string,
    attempts: BidAttempt[],
    read: BidsRead,
    memo: LotMemo,
  ): Promise<ItemOutcome<PlacedBid>[]> {
    const limit = this.config.BIDS_PER_SECOND_PER_BIDDER;
    const outcomes: (ItemOutcome<PlacedBid> | null)[] = [];
    const bids: QueuedBid[] = [];
    const unqualified: number[] = [];
    const counted = new Map<string, number>(); // attempts so far, per user, this second
    attempts.forEach((attempt, i) => {
      const user = read.users.get(attempt.buyerId);
      const count = (counted.get(attempt.buyerId) ?? user?.countBefore ?? 0) + 1;
      counted.set(attempt.buyerId, count);
      // attempts are counted per user, bidder or not: hammering the endpoint is limited like bidding
      if (count > limit) {
        outcomes.push({ ok: false, error: new DomainError('RATE_LIMITED', { retryAfter: 1 }) });
      } else if (!user?.registrationId || !user.bidderNo) {
        outcomes.push(null);
        unqualified.push(i);
      } else {
        outcomes.push(null);
        bids.push({
          index: i,
          bidder: { registrationId: user.registrationId, priorityRight: user.priorityRight },
          bidderNo: user.bidderNo,
          amountFen: attempt.amountFen,
          actorId: attempt.buyerId,
          held: attempt.held,
        });
      }
    });
    const lot = await this.decideAndWrite(listingId, freshest([memo.latest, read.lot]), bids, memo);
    // an attempt by someone who is not a bidder here changes nothing: refused, first for a lot that is not open
    const open = lot.state !== null && isOpenAt(lot.state, lot.now);
    for (const i of unqualified) {
      const closed = lot.state?.status === 'SUSPENDED' ? 'LISTING_SUSPENDED' : 'AUCTION_NOT_OPEN';
      outcomes[i] = { ok: false, error: new DomainError(open ? 'NOT_QUALIFIED_BIDDER' : closed) };
    }
    for (const bid of bids) outcomes[bid.index] = bid.outcome ?? null;
    return outcomes.map((o) => o ?? { ok: false, error: new Error('a bid attempt was left undecided') });
  }

  /**
   * Counts the attempts (per user, whether or not a bidder here) and reads what deciding them needs, in one
   * statement. The clock is read after the statement's snapshot, so it is not earlier than the last bid that the
   * snapshot shows.
   */
  private async readForBids(listingId: string, attempts: BidAttempt[]): Promise<BidsRead> {
    const [row] = (await this.dataSource.query(
      `WITH attempts AS (
         SELECT buyer_id, count(*)::int AS n FROM unnest($2::uuid[]) AS t(buyer_id) GROUP BY buyer_id
       ), counted AS (
         INSERT INTO bid_rate_counters AS c (user_id, window_start, count)
         SELECT buyer_id, date_trunc('second', clock_timestamp()), n FROM attempts
         ON CONFLICT (user_id, window_start) DO UPDATE SET count = c.count + excluded.count
         RETURNING c.user_id, c.count
       ), registration AS (
         SELECT r.id, r.buyer_id, r.bidder_no, r.priority_right
         FROM registrations r JOIN attempts t ON t.buyer_id = r.buyer_id
         WHERE r.listing_id = $1 AND r.status = 'DEPOSIT_PAID'
       )
       SELECT ${LOT_COLUMNS}, platform_clock() AS db_now,
         (SELECT coalesce(json_agg(json_build_object(
             'buyerId', t.buyer_id, 'registrationId', r.id, 'bidderNo', r.bidder_no,
             'priorityRight', coalesce(r.priority_right, false), 'countBefore', c.count - t.n)), '[]')
          FROM attempts t JOIN counted c ON c.user_id = t.buyer_id
          LEFT JOIN registration r ON r.buyer_id = t.buyer_id) AS users
       FROM (SELECT 1) AS one
       LEFT JOIN auctions a ON a.listing_id = $1`,
      [listingId, attempts.map((a) => a.buyerId)],
    )) as (LotRow & { users: (AttemptingUser & { buyerId: string })[] })[];
    return { users: new Map(row.users.map((u) => [u.buyerId, u])), lot: lotOf(row) };
  }

  /**
   * Decides a batch's bids (in arrival order) on `lot` and writes the accepted ones, setting each bid's outcome;
   * decides again, on the state the database answers, as long as another writer (another instance, the closing) got
   * there first. Answers the state the bids were finally decided on.
   */
  private async decideAndWrite(
    listingId: string,
    initial: LotSnapshot,
    bids: QueuedBid[],
    memo: LotMemo,
  ): Promise<LotSnapshot> {
    let lot = initial;
    let pending = bids;
    for (let decision = 1; ; decision++) {
      const state = lot.state;
      if (!state || pending.length === 0) {
        for (const bid of pending) bid.outcome = { ok: false, error: new DomainError('AUCTION_NOT_OPEN') };
        return lot;
      }
      const placedAt = lot.now;
      const { decisions, after } = decideInOrder(state, placedAt, pending);
      const placed = decisions.map((d, i) =>
        d.ok
          ? {
              seq: d.seq,
              amountFen: pending[i].amountFen,
              bidderNo: pending[i].bidderNo,
              placedAt,
              endsAt: d.endsAt,
            }
          : null,
      );
      const taken = decisions.flatMap((d, i) =>
        d.ok ? [{ bid: pending[i], decision: d, placed: placed[i] as PlacedBid }] : [],
      );
      const events = taken.flatMap(({ bid, decision: d }) => eventsOf(listingId, bid, d, placedAt));
      if (taken.length > 0) {
        const written = await this.writeBids(listingId, state.bidCount, placedAt, after, taken, events);
        memo.latest = written.lot;
        if (!written.accepted) {
          if (decision >= MAX_DECISIONS) {
            throw new Error(`bids on auction ${listingId} lost ${decision} races in a row`);
          }
          // a bid whose Idempotency-Key was taken over by a retry is refused; the rest are decided again
          const lost = new Set(written.lost.map((i) => taken[i].bid));
          for (const bid of lost) bid.outcome = { ok: false, error: new DomainError('IDEMPOTENCY_KEY_IN_USE') };
          pending = pending.filter((b) => !lost.has(b));
          lot = written.lot;
          continue;
        }
        for (const { bid } of taken) if (bid.held) bid.held.recorded = true;
        this.events.committed(events);
      }
      decisions.forEach((d, i) => {
        pending[i].outcome = d.ok
          ? { ok: true, value: placed[i] as PlacedBid }
          : { ok: false, error: new DomainError(d.refusal) };
      });
      return lot;
    }
  }

  /**
   * One call of `auction_place_bids` (see its migrations, BidPathFast and IdempotentBids): written, or the current
   * state to decide on, with the bids (their indexes in `taken`) whose Idempotency-Key their request no longer holds.
   */
  private async writeBids(
    listingId: string,
    version: number,
    placedAt: Date,
    after: LotState,
    taken: { bid: QueuedBid; decision: BidDecision & { ok: true }; placed: PlacedBid }[],
    events: AuctionEvent[],
  ): Promise<{ accepted: boolean; lost: number[]; lot: LotSnapshot }> {
    const [row] = (await this.dataSource.query(`SELECT * FROM auction_place_bids($1, $2, $3, $4, $5, $6, $7)`, [
      listingId,
      version,
      placedAt,
      JSON.stringify({
        currentPriceFen: after.currentPriceFen,
        leadingRegistrationId: after.leadingRegistrationId,
        leadingBidderNo: after.leadingBidderNo,
        leaderHasPriority: after.leaderHasPriority,
        bidCount: after.bidCount,
        endsAt: after.endsAt,
      }),
      JSON.stringify(
        taken.map(({ bid, decision, placed }, i) => ({
          i,
          seq: decision.seq,
          registrationId: bid.bidder.registrationId,
          bidderNo: bid.bidderNo,
          amountFen: bid.amountFen,
          actorId: bid.actorId,
          // the audit entry's details, as AuditService.record would write them
          details: { seq: decision.seq, amountFen: bid.amountFen, bidderNo: bid.bidderNo, extended: decision.extended },
          ...(bid.held ? { idem: { ...bid.held.claim, status: bid.held.status, body: placed } } : {}),
        })),
      ),
      AUCTION_EVENTS_CHANNEL,
      this.events.notifications(events),
    ])) as (LotRow & { accepted: boolean; lost: number[] })[];
    return { accepted: row.accepted, lost: row.lost, lot: lotOf(row) };
  }
}

/** Past this many decisions of one batch lost to other writers, something is wrong: the bidders get an error. */
const MAX_DECISIONS = 20;

/** The auction columns a bid is decided on, as `readForBids` and `auction_place_bids` answer them. */
const LOT_COLUMNS = `a.listing_id, a.status, a.direction, a.starts_at, a.ends_at, a.start_price_fen, a.increment_fen,
  a.current_price_fen, a.leading_registration_id, a.leading_bidder_no, a.leader_has_priority, a.bid_count,
  a.extension_seconds`;

interface LotRow {
  listing_id: string | null;
  status: LotState['status'];
  direction: LotState['direction'];
  starts_at: Date;
  ends_at: Date;
  start_price_fen: string;
  increment_fen: string;
  current_price_fen: string | null;
  leading_registration_id: string | null;
  leading_bidder_no: string | null;
  leader_has_priority: boolean;
  bid_count: number;
  extension_seconds: number;
  db_now: Date;
}

/** The auction as read at one moment (null if there is none) and the database clock just after that read. */
interface LotSnapshot {
  state: LotState | null;
  now: Date;
}

/** A user who attempts a bid: their registration as a bidder of the lot, if any, and their attempts so far. */
interface AttemptingUser {
  registrationId: string | null;
  bidderNo: string | null;
  priorityRight: boolean;
  /** This second's attempts before the batch's. */
  countBefore: number;
}

/** What a batch's attempts were counted and are decided on: the users attempting (by id) and the lot then. */
interface BidsRead {
  users: Map<string, AttemptingUser>;
  lot: LotSnapshot;
}

/** One POST of a bid, as it waits in its lot's queue. */
interface BidAttempt {
  buyerId: string;
  amountFen: number;
  /** The Idempotency-Key its request holds, if any. */
  held?: HeldKey;
}

/** An attempt by a bidder of the lot, within the limit: decided by the rules; `outcome` once it is. */
interface QueuedBid extends SequencedBid {
  /** Its place in the batch. */
  index: number;
  actorId: string;
  held?: HeldKey;
  outcome?: ItemOutcome<PlacedBid>;
}

/** What a lot's queue remembers between its batches: the state the last write answered (fresher than older reads). */
interface LotMemo {
  latest: LotSnapshot | null;
}

function lotOf(row: LotRow): LotSnapshot {
  const now = new Date(row.db_now);
  if (row.listing_id === null) return { state: null, now };
  return {
    now,
    state: {
      status: row.status,
      direction: row.direction,
      startsAt: new Date(row.starts_at),
      endsAt: new Date(row.ends_at),
      startPriceFen: bigintNumber.from(row.start_price_fen) as number,
      incrementFen: bigintNumber.from(row.increment_fen) as number,
      currentPriceFen: bigintNumber.from(row.current_price_fen) as number | null,
      leadingRegistrationId: row.leading_registration_id,
      leadingBidderNo: row.leading_bidder_no,
      leaderHasPriority: row.leader_has_priority,
      bidCount: row.bid_count,
      extensionSeconds: row.extension_seconds,
    },
  };
}

/**
 * What a batch is decided on: the newest state known (the most bids; on a tie, the later read) and the latest clock
 * read. A read is made after the batch's requests arrived, so the bids are never placed before they were sent; the
 * state that the lot's last write answered may be newer than that read (which may have run during the write), and
 * `auction_place_bids` checks that it is still the current one.
 */
function freshest(snapshots: (LotSnapshot | null)[]): LotSnapshot {
  const known = snapshots.filter((s): s is LotSnapshot => s !== null);
  const newest = known.reduce((best, s) => {
    const [a, b] = [s.state?.bidCount ?? -1, best.state?.bidCount ?? -1];
    return a > b || (a === b && s.now > best.now) ? s : best;
  });
  return { state: newest.state, now: new Date(Math.max(...known.map((s) => s.now.getTime()))) };
}

/** The SSE events of one accepted bid: `bid`, and `extended` when it moved the end. */
function eventsOf(
  listingId: string,
  bid: QueuedBid,
  decision: BidDecision & { ok: true },
  placedAt: Date,
): AuctionEvent[] {
  const auction = { ...publicState(decision.after, placedAt) };
  const out: AuctionEvent[] = [
    {
      type: 'bid',
      listingId,
      auction,
      bid: { seq: decision.seq, bidderNo: bid.bidderNo, amountFen: bid.amountFen, placedAt },
    },
  ];
  if (decision.extended) out.push({ type: 'extended', listingId, auction: { ...auction } });
  return out;
}
