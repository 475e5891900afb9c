import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isStaff } from '../accounts/domain/roles';
import { User } from '../accounts/entities/user.entity';
import { AuctionEvent, AuctionEventsService, closedEvent } from '../auctions/auction-events.service';
import { Auction } from '../auctions/entities/auction.entity';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { AttributeRecord } from '../catalog/domain/category.types';
import { AuthUser } from '../common/auth/auth.decorators';
import { chinaDateOf } from '../common/domain/calendar-date';
import { CalendarService } from '../calendar/calendar.service';
import { announcementMinDays, assertAnnouncementLongEnough, biddingWindow } from './domain/announcement';
import { platformNow } from '../common/database/platform-clock';
import { moveStatus } from '../common/database/conditional-move';
import { DomainError } from '../common/errors/domain-error';
import { offsetOf, Page, pageOf, SearchPage } from '../common/http/pagination';
import { AppConfig } from '../config/runtime';
import { Division } from '../divisions/entities/division.entity';
import { LedgerService } from '../ledger/ledger.service';
import { paidRegistrations, releaseDeposits } from '../registrations/deposits';
import { ListingDocument } from '../documents/document.entity';
import { assertMayRelistRight } from '../mortgages/encumbrance';
import { relistCutAllowed } from './domain/listing-rules';
import { actingAs, assistedClientProblem, mayReview, onBehalfOf } from './domain/assisted-listing';
import {
  canTransition,
  EDITABLE_STATUSES,
  isPublicStatus,
  ListingStatus,
  PUBLIC_STATUSES,
} from './domain/listing-status';
import { checkListing, CheckedListing, ListingTerms, NewListing } from './domain/listing-validation';
import { requiredDocumentKinds } from './domain/required-documents';
import { searchTokens } from './domain/search-tokens';
import {
  ESTIMATE_SAMPLE_ROWS,
  ESTIMATE_SEED,
  estimatedTotal,
  SEARCH_WALK_ROWS,
  SearchSample,
  worthWalking,
} from './domain/search-total';
import {
  ListingSearchDto,
  ListingSort,
  PublishListingDto,
  RelistDto,
  ReviewListingDto,
  UpdateListingDto,
  WithdrawListingDto,
} from './dto/listing.dto';
import { ListingReview } from './entities/listing-review.entity';
import { Listing } from './entities/listing.entity';
import { ListingNames, ListingView } from './listing.mapper';

/** Fields a PATCH may clear with null; any other field set to null is a 400. */
const CLEARABLE = ['description', 'areaMu', 'termYears', 'collectiveResolution', 'households'];

/** Statuses from which a listing may still be withdrawn (before bidding starts). */
const WITHDRAWABLE: ListingStatus[] = ['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'ANNOUNCED'];

/** How a caller relates to a listing: decides what they see and may do. */
export function viewOf(listing: Listing, caller: AuthUser | undefined): ListingView | null {
  if (caller && listing.ownerId === caller.id) return 'owner';
  if (caller && isStaff(caller.roles)) return 'staff';
  return PUBLIC_STATUSES.includes(listing.status) ? 'public' : null;
}

function termsOf(listing: Listing): ListingTerms {
  return {
    categoryCode: listing.categoryCode,
    villageCode: listing.villageCode,
    transferMode: listing.transferMode,
    attributes: listing.attributes,
    areaMu: listing.areaMu,
    priceUnit: listing.priceUnit,
    reservePriceFen: listing.reservePriceFen,
    incrementFen: listing.incrementFen,
    depositFen: listing.depositFen,
    termYears: listing.termYears,
    tradingMethod: listing.tradingMethod,
    collectiveResolution: listing.collectiveResolution,
    onBehalfOfHouseholds: listing.onBehalfOfHouseholds,
    households: listing.households,
  };
}

/** The sorts' keys, in order; the same expressions as their indexes (SearchScale migration). */
const SORT_KEYS: Record<ListingSort, [string, 'ASC' | 'DESC', 'NULLS LAST'?][]> = {
  newest: [
    ['l.created_at', 'DESC'],
    ['l.id', 'ASC'],
  ],
  price: [
    ['l.total_reserve_price_fen', 'ASC'],
    ['l.created_at', 'DESC'],
    ['l.id', 'ASC'],
  ],
  // open listings first, by the deadline that comes next (announcement end, or bidding end once bidding)
  endingSoon: [
    [`CASE WHEN l.status IN ('ANNOUNCED', 'BIDDING') THEN 0 ELSE 1 END`, 'ASC'],
    [`CASE WHEN l.status = 'BIDDING' THEN l.bidding_ends_at ELSE l.announcement_ends_at END`, 'ASC', 'NULLS LAST'],
    ['l.created_at', 'DESC'],
    ['l.id', 'ASC'],
  ],
};

/** The text condition of a search for `q`: the token index's candidates, then the exact substring. */
function textFilter(query: ListingSearchDto): { sql: string; params: Record<string, unknown> } | null {
  if (!query.q) return null;
  const q = query.q.toLowerCase();
  return {
    sql: 'l.search_text LIKE :pattern AND l.search_tokens @> :tokens::text[]',
    params: { pattern: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, tokens: searchTokens(q) },
  };
}

/** The sample's size in percent of the table: about ESTIMATE_SAMPLE_ROWS rows of the planner's row count. */
const SAMPLE_PERCENT = `(SELECT least(100, ${100 * ESTIMATE_SAMPLE_ROWS} / greatest(reltuples::float8, 1))
   FROM pg_class WHERE oid = 'listings'::regclass)`;

/**
 * The listing use cases (挂牌、审核、公告): each one transaction; every status move a conditional update
 * (`WHERE status = <expected>`), so two concurrent moves cannot both succeed; every move audited.
 */
@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly notifications: NotificationsService,
    private readonly calendar: CalendarService,
    private readonly events: AuctionEventsService,
  ) {}

  /**
   * A new listing in DRAFT. With `assisted` (代办挂牌), a clerk creates it for a seller account (`forSellerId`, found
   * with `findAssistable`): the farmer owns it and every rule is checked against the farmer; the clerk is its
   * `assistedBy`, and the audit says the clerk did it on the farmer's behalf.
   */
  async create(
    caller: AuthUser,
    dto: NewListing & { sourceCertificateNo?: string },
    assisted?: { forSellerId: string },
  ): Promise<Listing> {
    return this.dataSource.transaction(async (em) => {
      const lister = assisted
        ? await this.assistableIn(em, caller, { id: assisted.forSellerId })
        : await em.getRepository(User).findOneByOrFail({ id: caller.id });
      const now = await platformNow(em);
      if (dto.sourceCertificateNo) await assertMayRelistRight(em, dto.sourceCertificateNo, lister.id);
      const checked = await this.check(em, dto, lister, now);
      const listingNo = await this.nextListingNo(em, now);
      const listing = em.getRepository(Listing).create({
        ...this.columnsOf(dto, checked),
        listingNo,
        ownerId: lister.id,
        listerPartyType: lister.partyType,
        title: dto.title.trim(),
        description: dto.description ?? null,
        sourceCertificateNo: dto.sourceCertificateNo ?? null,
        assistedBy: assisted ? caller.id : null,
        status: 'DRAFT',
      });
      await em.getRepository(Listing).save(listing);
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'listing.created',
        entityType: 'listing',
        entityId: listing.id,
        toStatus: 'DRAFT',
        details: {
          listingNo,
          categoryCode: dto.categoryCode,
          totalReservePriceFen: checked.totalReservePriceFen,
          ...onBehalfOf(listing, caller.id),
        },
      });
      return listing;
    });
  }

  /**
   * A seller account a clerk may list for (代办挂牌), by its phone: an enabled PERSON or COLLECTIVE with the seller
   * role, not a staff account; `404 NOT_FOUND` when there is none, `422 VALIDATION_FAILED` naming `phone` otherwise.
   */
  async findAssistable(caller: AuthUser, by: { phone: string } | { id: string }): Promise<User> {
    return this.assistableIn(this.dataSource.manager, caller, by);
  }

  private async assistableIn(em: EntityManager, caller: AuthUser, by: { phone: string } | { id: string }) {
    if (!caller.roles.includes('clerk')) throw new DomainError('FORBIDDEN');
    const user = await em.getRepository(User).findOneBy('phone' in by ? { phone: by.phone } : { id: by.id });
    if (!user) throw new DomainError('NOT_FOUND');
    const problem = user.id === caller.id ? 'STAFF_ACCOUNT' : assistedClientProblem(user);
    if (problem) throw new DomainError('VALIDATION_FAILED', {}, [{ field: 'phone', message: problem }]);
    return user;
  }

  /** The listings a clerk drafted for farmers (代办), newest first. */
  async findAssisted(caller: AuthUser, take = 20): Promise<Listing[]> {
    return this.dataSource.getRepository(Listing).find({
      where: { assistedBy: caller.id },
      order: { createdAt: 'DESC', id: 'ASC' },
      take,
    });
  }

  async update(caller: AuthUser, id: string, dto: UpdateListingDto): Promise<Listing> {
    return this.dataSource.transaction(async (em) => {
      const listing = await this.lockActing(em, caller, id);
      if (!EDITABLE_STATUSES.includes(listing.status)) throw new DomainError('LISTING_NOT_EDITABLE');
      const nulled = Object.entries(dto).filter(([key, value]) => value === null && !CLEARABLE.includes(key));
      if (nulled.length > 0) {
        throw new DomainError(
          'VALIDATION_FAILED',
          {},
          nulled.map(([field]) => ({ field, message: `${field} cannot be null` })),
        );
      }
      const terms: ListingTerms & { title: string; description: string | null } = {
        ...termsOf(listing),
        title: listing.title,
        description: listing.description,
      };
      for (const [key, value] of Object.entries(dto)) {
        if (value !== undefined) (terms as unknown as Record<string, unknown>)[key] = value;
      }
      const lister = await em.getRepository(User).findOneByOrFail({ id: listing.ownerId });
      const checked = await this.check(em, terms, lister, await platformNow(em));
      await em
        .getRepository(Listing)
        .update(
          { id, status: listing.status },
          { ...this.columnsOf(terms, checked), title: terms.title.trim(), description: terms.description },
        );
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'listing.edited',
        entityType: 'listing',
        entityId: id,
        details: { fields: Object.keys(dto), ...onBehalfOf(listing, caller.id) },
      });
      return em.getRepository(Listing).findOneByOrFail({ id });
    });
  }

  async submit(caller: AuthUser, id: string): Promise<Listing> {
    return this.dataSource.transaction(async (em) => {
      const listing = await this.lockActing(em, caller, id);
      if (!EDITABLE_STATUSES.includes(listing.status)) throw new DomainError('INVALID_STATE');
      const lister = await em.getRepository(User).findOneByOrFail({ id: listing.ownerId });
      const now = await platformNow(em);
      const checked = await this.check(em, termsOf(listing), lister, now);
      const present = new Set(
        (
          await em
            .getRepository(ListingDocument)
            .find({ where: { listingId: id, contractId: IsNull(), mortgageId: IsNull() }, select: { kind: true } })
        ).map((d) => d.kind),
      );
      const required = requiredDocumentKinds(
        checked.category,
        listing.listerPartyType,
        listing.transferMode,
        listing.onBehalfOfHouseholds,
        listing.assistedBy !== null,
      );
      for (const kind of required) {
        if (!present.has(kind)) {
          throw new DomainError('DOCUMENT_MISSING', { kind }, [{ field: 'documents', message: kind }]);
        }
      }
      if (listing.sourceCertificateNo) await assertMayRelistRight(em, listing.sourceCertificateNo, listing.ownerId);
      return this.move(
        em,
        listing,
        'SUBMITTED',
        caller,
        'listing.submitted',
        { submittedAt: now, approvedBy: [], reviewComment: null },
        onBehalfOf(listing, caller.id),
      );
    });
  }

  async review(caller: AuthUser, id: string, dto: ReviewListingDto): Promise<Listing> {
    const comment = dto.comment?.trim() || null;
    if (dto.decision !== 'APPROVE' && !comment) {
      throw new DomainError('VALIDATION_FAILED', {}, [
        { field: 'comment', message: `a comment is required to ${dto.decision.toLowerCase()}` },
      ]);
    }
    return this.dataSource.transaction(async (em) => {
      const listing = await this.lock(em, id);
      // never one's own listing, nor one drafted for a farmer (代办)
      if (!mayReview(listing, caller.id)) throw new DomainError('FORBIDDEN');
      if (listing.status !== 'SUBMITTED') throw new DomainError('INVALID_STATE');
      await em
        .getRepository(ListingReview)
        .insert({ listingId: id, clerkId: caller.id, decision: dto.decision, comment });
      if (dto.decision === 'RETURN') {
        await this.notifications.notify(em, [
          {
            userId: listing.ownerId,
            kind: 'LISTING_RETURNED',
            title: `挂牌项目“${listing.title}”退回修改`,
            body: `交易中心审核意见：${comment ?? ''}。请修改后重新提交（挂牌编号 ${listing.listingNo}）。`,
            listingId: listing.id,
          },
        ]);
        return this.move(em, listing, 'RETURNED', caller, 'listing.returned', {
          reviewComment: comment,
          approvedBy: [],
        });
      }
      if (dto.decision === 'REJECT') {
        return this.move(em, listing, 'REJECTED', caller, 'listing.rejected', { reviewComment: comment });
      }
      if (listing.approvedBy.includes(caller.id)) throw new DomainError('ALREADY_APPROVED_BY_YOU');
      const approvedBy = [...listing.approvedBy, caller.id];
      const needed = listing.largeDeal ? 2 : 1;
      if (approvedBy.length < needed) {
        await em.getRepository(Listing).update({ id, status: 'SUBMITTED' }, { approvedBy, reviewComment: comment });
        await this.audit.record(em, {
          actorId: caller.id,
          action: 'listing.first_approval',
          entityType: 'listing',
          entityId: id,
          fromStatus: 'SUBMITTED',
          toStatus: 'SUBMITTED',
          details: { approvals: approvedBy.length, needed },
        });
        return em.getRepository(Listing).findOneByOrFail({ id });
      }
      return this.move(em, listing, 'APPROVED', caller, 'listing.approved', { approvedBy, reviewComment: comment });
    });
  }

  async publish(caller: AuthUser, id: string, dto: PublishListingDto): Promise<Listing> {
    return this.dataSource.transaction(async (em) => {
      const listing = await this.lock(em, id);
      if (listing.status !== 'APPROVED') throw new DomainError('INVALID_STATE');
      if (listing.sourceCertificateNo) await assertMayRelistRight(em, listing.sourceCertificateNo, listing.ownerId);
      const now = await platformNow(em);
      const minDays = announcementMinDays(listing.categoryCode, this.config.ANNOUNCEMENT_MIN_WORKING_DAYS);
      const endsAt = new Date(dto.announcementEndsAt);
      const calendar = await this.calendar.current(em);
      assertAnnouncementLongEnough(calendar, now, endsAt, minDays);
      const { biddingStartsAt, biddingEndsAt } = biddingWindow(endsAt, dto);
      return this.move(em, listing, 'ANNOUNCED', caller, 'listing.published', {
        calendarProvisional: calendar.isProvisional(now, minDays),
        publishedAt: now,
        announcementEndsAt: endsAt,
        biddingStartsAt,
        biddingEndsAt,
      });
    });
  }

  async withdraw(caller: AuthUser, id: string, dto: WithdrawListingDto): Promise<Listing> {
    const { listing, events } = await this.dataSource.transaction(async (em) => {
      // the auction first, as the ticker and the interventions lock them (auction, then listing)
      const scheduled = await em
        .getRepository(Auction)
        .findOne({ where: { listingId: id, status: 'SCHEDULED' }, lock: { mode: 'pessimistic_write' } });
      const listing = await this.lock(em, id);
      const isClerk = caller.roles.includes('clerk');
      if (listing.ownerId !== caller.id && !isClerk) {
        throw new DomainError(viewOf(listing, caller) ? 'FORBIDDEN' : 'NOT_FOUND');
      }
      if (!WITHDRAWABLE.includes(listing.status)) throw new DomainError('INVALID_STATE');
      const now = await platformNow(em);
      if (listing.status === 'ANNOUNCED' && listing.biddingStartsAt && listing.biddingStartsAt <= now) {
        throw new DomainError('INVALID_STATE');
      }
      const events: AuctionEvent[] = [];
      // an auction already scheduled (the announcement over, bidding not yet begun) is called off with it
      if (scheduled) {
        await em
          .getRepository(Auction)
          .update({ listingId: id, status: 'SCHEDULED' }, { status: 'CLOSED', closedAt: now });
        await this.audit.record(em, {
          actorId: caller.id,
          action: 'auction.withdrawn',
          entityType: 'auction',
          entityId: id,
          fromStatus: 'SCHEDULED',
          toStatus: 'CLOSED',
        });
        // whoever watches the auction's events (waiting for its start) hears that it will not take place
        events.push(closedEvent(scheduled, now));
      }
      // deposits already paid move to refunds payable, in the same transaction
      await releaseDeposits(em, this.ledger, await paidRegistrations(em, id), caller.id);
      const withdrawn = await this.move(
        em,
        listing,
        'WITHDRAWN',
        caller,
        'listing.withdrawn',
        { withdrawReason: dto.reason.trim() },
        actingAs(listing, caller) === 'assistant' ? onBehalfOf(listing, caller.id) : {},
      );
      return { listing: withdrawn, events };
    });
    await this.events.publish(events);
    return listing;
  }

  /** A new round for a failed listing: same asset, new reserve (cut ≤ 20%), straight back to review. */
  async relist(caller: AuthUser, id: string, dto: RelistDto): Promise<Listing> {
    return this.dataSource.transaction(async (em) => {
      const old = await this.lockOwned(em, caller, id);
      if (old.status !== 'FAILED') throw new DomainError('INVALID_STATE');
      if (await em.getRepository(Listing).existsBy({ previousListingId: id })) throw new DomainError('INVALID_STATE');
      if (!relistCutAllowed(old.reservePriceFen, dto.reservePriceFen)) {
        throw new DomainError('PRICE_CUT_TOO_LARGE', {}, [{ field: 'reservePriceFen', message: 'cut > 20%' }]);
      }
      const terms: ListingTerms = {
        ...termsOf(old),
        reservePriceFen: dto.reservePriceFen,
        incrementFen: dto.incrementFen ?? old.incrementFen,
        depositFen: dto.depositFen ?? old.depositFen,
      };
      const lister = await em.getRepository(User).findOneByOrFail({ id: caller.id });
      const now = await platformNow(em);
      const checked = await this.check(em, terms, lister, now);
      if (old.sourceCertificateNo) await assertMayRelistRight(em, old.sourceCertificateNo, old.ownerId);
      const listing = em.getRepository(Listing).create({
        ...this.columnsOf(terms, checked),
        listingNo: await this.nextListingNo(em, now),
        ownerId: old.ownerId,
        listerPartyType: old.listerPartyType,
        title: old.title,
        description: dto.description ?? old.description,
        status: 'SUBMITTED',
        submittedAt: now,
        previousListingId: old.id,
        sourceCertificateNo: old.sourceCertificateNo,
      });
      await em.getRepository(Listing).save(listing);
      const documents = await em
        .getRepository(ListingDocument)
        .findBy({ listingId: old.id, contractId: IsNull(), mortgageId: IsNull() });
      if (documents.length > 0) {
        await em
          .getRepository(ListingDocument)
          .insert(
            documents.map(({ id: _id, createdAt: _c, listing: _l, ...doc }) => ({ ...doc, listingId: listing.id })),
          );
      }
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'listing.relisted',
        entityType: 'listing',
        entityId: listing.id,
        toStatus: 'SUBMITTED',
        details: { previousListingId: old.id, reservePriceFen: dto.reservePriceFen },
      });
      return listing;
    });
  }

  /** A listing the caller may see (404 otherwise, its existence not disclosed). */
  async findVisible(caller: AuthUser | undefined, id: string): Promise<{ listing: Listing; view: ListingView }> {
    const listing = await this.dataSource.getRepository(Listing).findOneBy({ id });
    const view = listing && viewOf(listing, caller);
    if (!listing || !view) throw new DomainError('NOT_FOUND');
    return { listing, view };
  }

  /** The same, by its listing number (`HA-2026-000123`: the pages' addresses). */
  async findVisibleByNo(
    caller: AuthUser | undefined,
    listingNo: string,
  ): Promise<{ listing: Listing; view: ListingView }> {
    const listing = await this.dataSource.getRepository(Listing).findOneBy({ listingNo });
    const view = listing && viewOf(listing, caller);
    if (!listing || !view) throw new DomainError('NOT_FOUND');
    return { listing, view };
  }

  /**
   * The listings matching `query` that the caller may see, one page of them, and their total: exact up to
   * SEARCH_EXACT_TOTAL_CAP matches, estimated beyond (`totalIsEstimate`). Past the cap the page of a common word is
   * read along its sort's index (`walkedPage`), so no search fetches and sorts every match of a common word over a
   * province's listings (docs/listings.md, "Search").
   */
  async search(caller: AuthUser | undefined, query: ListingSearchDto): Promise<SearchPage<Listing>> {
    const cap = this.config.SEARCH_EXACT_TOTAL_CAP;
    const { counted, sample } = await this.countMatches(caller, query, cap);
    if (!sample) {
      const items = counted > offsetOf(query) ? await this.sortedPage(caller, query) : [];
      return { ...pageOf(items, counted, query), totalIsEstimate: false };
    }
    // one row more than the page: whether another page follows, whatever the estimate says
    const take = query.pageSize + 1;
    const walk = query.q && worthWalking(sample, offsetOf(query) + take, SEARCH_WALK_ROWS);
    const rows =
      (walk ? await this.walkedPage(caller, query, take) : null) ?? (await this.sortedPage(caller, query, take));
    const items = rows.slice(0, query.pageSize);
    if (items.length > 0 && rows.length < take) {
      // the last page shows where the matches end: the total, exactly
      return { ...pageOf(items, offsetOf(query) + items.length, query), totalIsEstimate: false };
    }
    // never fewer than a full page and the next one's first row show, nor more than a page past the end leaves
    const estimate = estimatedTotal(sample.hits, sample.percent, cap);
    const bounded = items.length > 0 ? Math.max(estimate, offsetOf(query) + take) : Math.min(estimate, offsetOf(query));
    return { ...pageOf(items, bounded, query), totalIsEstimate: true };
  }

  /**
   * How many listings match, counted no further than cap + 1 (the count stops at that row); and only when more than
   * the cap match, in the same statement, a repeatable sample of the table's pages (TABLESAMPLE SYSTEM, about
   * ESTIMATE_SAMPLE_ROWS rows): how many of its rows pass the filters but the text (`plain`), how many match
   * (`hits`), and its size in percent.
   */
  private async countMatches(
    caller: AuthUser | undefined,
    query: ListingSearchDto,
    cap: number,
  ): Promise<{ counted: number; sample: SearchSample | null }> {
    const capped = this.matching(this.dataSource.createQueryBuilder().select('1').from(Listing, 'l'), caller, query);
    const text = textFilter(query);
    const sampled = this.dataSource
      .createQueryBuilder()
      .select('count(*)::int', 'plain')
      .addSelect(text ? `(count(*) FILTER (WHERE ${text.sql}))::int` : 'count(*)::int', 'hits')
      .from(`(SELECT * FROM listings TABLESAMPLE SYSTEM (${SAMPLE_PERCENT}) REPEATABLE (${ESTIMATE_SEED}))`, 'l')
      .where('counted.n > :cap', { cap }); // a one-time filter: no sample unless more than the cap match
    this.plainFilters(sampled, caller, query);
    const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT counted.n AS counted, s.plain, s.hits, ${SAMPLE_PERCENT}::float8 AS percent
       FROM (SELECT count(*)::int AS n FROM (${capped.limit(cap + 1).getQuery()}) capped) counted
       CROSS JOIN LATERAL (${sampled.getQuery()}) s`,
      { ...capped.getParameters(), ...sampled.getParameters(), ...(text?.params ?? {}) },
    );
    const [row] = await this.dataSource.query<{ counted: number; plain: number; hits: number; percent: number }[]>(
      sql,
      parameters,
    );
    return {
      counted: row.counted,
      sample: row.counted > cap ? { plain: row.plain, hits: row.hits, percent: row.percent } : null,
    };
  }

  /** The page as the planner reads it (through the search index when the matches are few). */
  private async sortedPage(
    caller: AuthUser | undefined,
    query: ListingSearchDto,
    take = query.pageSize,
  ): Promise<Listing[]> {
    const qb = this.matching(this.dataSource.getRepository(Listing).createQueryBuilder('l'), caller, query);
    for (const [expression, order, nulls] of SORT_KEYS[query.sort ?? 'newest']) qb.addOrderBy(expression, order, nulls);
    return qb.offset(offsetOf(query)).limit(take).getMany();
  }

  /**
   * The page of a common word, read in the sort's order: the first SEARCH_WALK_ROWS listings passing the other
   * filters, along the sort's index, of which the text's matches make the page. Null when those rows hold fewer than
   * the page (the planner's page then decides), so the page is always the one `sortedPage` reads.
   */
  private async walkedPage(
    caller: AuthUser | undefined,
    query: ListingSearchDto,
    take: number,
  ): Promise<Listing[] | null> {
    const keys = SORT_KEYS[query.sort ?? 'newest'];
    const text = textFilter(query);
    const inner = this.dataSource
      .createQueryBuilder()
      .select('l.search_text', 'search_text')
      .addSelect('l.search_tokens', 'search_tokens')
      .from(Listing, 'l');
    keys.forEach(([expression, order, nulls], i) => {
      inner.addSelect(expression, `k${i}`).addOrderBy(expression, order, nulls);
    });
    this.plainFilters(inner, caller, query).limit(SEARCH_WALK_ROWS);
    const outer = this.dataSource
      .createQueryBuilder()
      .select(`l.k${keys.length - 1}`, 'id') // every sort ends with the id
      .from(`(${inner.getQuery()})`, 'l')
      .setParameters(inner.getParameters());
    if (text) outer.andWhere(text.sql, text.params);
    keys.forEach(([, order, nulls], i) => outer.addOrderBy(`l.k${i}`, order, nulls));
    outer.offset(offsetOf(query)).limit(take);
    const page = this.dataSource
      .getRepository(Listing)
      .createQueryBuilder('l')
      .innerJoin(`(${outer.getQuery()})`, 'w', 'w.id = l.id')
      .setParameters(outer.getParameters());
    for (const [expression, order, nulls] of keys) page.addOrderBy(expression, order, nulls);
    const items = await page.getMany();
    return items.length < take ? null : items;
  }

  /** The search's filters on `qb` (alias `l`): the caller's visibility, the query's fields, the text. */
  private matching<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    caller: AuthUser | undefined,
    query: ListingSearchDto,
  ): SelectQueryBuilder<T> {
    const text = textFilter(query);
    this.plainFilters(qb, caller, query);
    return text ? qb.andWhere(text.sql, text.params) : qb;
  }

  /** The filters other than the text: what the caller may see and the query's fields. */
  private plainFilters<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    caller: AuthUser | undefined,
    query: ListingSearchDto,
  ): SelectQueryBuilder<T> {
    // A public status asked for needs no visibility list beside it: one index condition less for the search index.
    if ((!caller || !isStaff(caller.roles)) && !(query.status && isPublicStatus(query.status))) {
      if (caller) {
        qb.andWhere('(l.status IN (:...publicStatuses) OR l.owner_id = :callerId)', {
          publicStatuses: PUBLIC_STATUSES,
          callerId: caller.id,
        });
      } else {
        // `IS TRUE` keeps this list out of the search index's scan (as the OR above does): half the statuses are
        // public, and six status entries in a GIN scan cost more than checking its rows (8 ms against 2 ms for 大棚
        // in one township of 1,000,000 listings)
        qb.andWhere('(l.status IN (:...publicStatuses)) IS TRUE', { publicStatuses: PUBLIC_STATUSES });
      }
    }
    if (query.category) qb.andWhere('l.category_code = :category', { category: query.category });
    if (query.township) qb.andWhere('l.township_code = :township', { township: query.township });
    if (query.village) qb.andWhere('l.village_code = :village', { village: query.village });
    if (query.status) qb.andWhere('l.status = :status', { status: query.status });
    if (query.minPriceFen !== undefined) qb.andWhere('l.total_reserve_price_fen >= :min', { min: query.minPriceFen });
    if (query.maxPriceFen !== undefined) qb.andWhere('l.total_reserve_price_fen <= :max', { max: query.maxPriceFen });
    return qb;
  }

  /** The caller's own listings, every status, newest first (the seller's desk). */
  async findOwned(caller: AuthUser, query: { page: number; pageSize: number }): Promise<Page<Listing>> {
    const [items, total] = await this.dataSource.getRepository(Listing).findAndCount({
      where: { ownerId: caller.id },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** Names shown beside listings (village, township, lister), fetched for a whole page at once. */
  async namesFor(listings: Listing[]): Promise<ListingNames> {
    const codes = [...new Set(listings.flatMap((l) => [l.villageCode, l.townshipCode]))];
    // owners and the clerks who drafted listings for them (代办)
    const owners = [...new Set(listings.flatMap((l) => (l.assistedBy ? [l.ownerId, l.assistedBy] : [l.ownerId])))];
    const [divisions, users] = await Promise.all([
      codes.length ? this.dataSource.getRepository(Division).findBy({ code: In(codes) }) : [],
      owners.length
        ? this.dataSource.getRepository(User).find({ where: { id: In(owners) }, select: { id: true, name: true } })
        : [],
    ]);
    return {
      divisions: new Map(divisions.map((d) => [d.code, d.name])),
      owners: new Map(users.map((u) => [u.id, u.name])),
    };
  }

  /** Locks the listing row for the rest of the transaction (404 when it does not exist). */
  async lock(em: EntityManager, id: string): Promise<Listing> {
    const listing = await em.getRepository(Listing).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!listing) throw new DomainError('NOT_FOUND');
    return listing;
  }

  /**
   * Locks a listing the caller acts on as seller: its owner, or the clerk who drafted it for the owner (代办) while it
   * is DRAFT or RETURNED; staff who can see it otherwise get 403 (an assisted listing no longer editable: 409
   * LISTING_NOT_EDITABLE), anyone else 404.
   */
  private async lockActing(em: EntityManager, caller: AuthUser, id: string): Promise<Listing> {
    const listing = await this.lock(em, id);
    if (actingAs(listing, caller)) return listing;
    if (listing.assistedBy === caller.id && caller.roles.includes('clerk')) {
      throw new DomainError('LISTING_NOT_EDITABLE');
    }
    throw new DomainError(viewOf(listing, caller) ? 'FORBIDDEN' : 'NOT_FOUND');
  }

  /** Locks a listing the caller owns: staff who can see it get 403, anyone else 404. */
  private async lockOwned(em: EntityManager, caller: AuthUser, id: string): Promise<Listing> {
    const listing = await this.lock(em, id);
    if (listing.ownerId !== caller.id) throw new DomainError(viewOf(listing, caller) ? 'FORBIDDEN' : 'NOT_FOUND');
    return listing;
  }

  /**
   * Moves the listing from its current status to `to` with one conditional UPDATE (the row count proves no other
   * move won in between) and audits it in the same transaction.
   */
  async move(
    em: EntityManager,
    listing: Listing,
    to: ListingStatus,
    caller: AuthUser | null,
    action: string,
    patch: Partial<Listing> = {},
    details: Record<string, unknown> = {},
  ): Promise<Listing> {
    if (!canTransition(listing.status, to)) throw new DomainError('INVALID_STATE');
    await moveStatus(em, Listing, listing, to, patch);
    await this.audit.record(em, {
      actorId: caller?.id ?? null,
      action,
      entityType: 'listing',
      entityId: listing.id,
      fromStatus: listing.status,
      toStatus: to,
      details: { ...reasonIn(patch), ...details },
    });
    return em.getRepository(Listing).findOneByOrFail({ id: listing.id });
  }

  private async check(em: EntityManager, terms: ListingTerms, lister: User, now: Date): Promise<CheckedListing> {
    const village = await em.getRepository(Division).findOneBy({ code: terms.villageCode, level: 'village' });
    const villageErrors = village ? [] : [{ field: 'villageCode', message: 'unknown village code' }];
    return checkListing(
      terms,
      lister,
      { today: chinaDateOf(now), maxAdvanceBp: this.config.PROCUREMENT_ADVANCE_MAX_BP },
      villageErrors,
    );
  }

  private columnsOf(terms: ListingTerms, checked: CheckedListing): Partial<Listing> {
    return {
      categoryCode: checked.category.code,
      villageCode: terms.villageCode,
      townshipCode: terms.villageCode.slice(0, 9),
      transferMode: terms.transferMode,
      attributes: terms.attributes as AttributeRecord,
      areaMu: terms.areaMu ?? null,
      priceUnit: terms.priceUnit,
      reservePriceFen: terms.reservePriceFen,
      incrementFen: terms.incrementFen,
      depositFen: terms.depositFen,
      termYears: terms.termYears ?? null,
      tradingMethod: terms.tradingMethod,
      collectiveResolution: terms.collectiveResolution ?? null,
      onBehalfOfHouseholds: terms.onBehalfOfHouseholds ?? false,
      households: terms.onBehalfOfHouseholds ? (terms.households ?? null) : null,
      totalReservePriceFen: checked.totalReservePriceFen,
      largeDeal: checked.largeDeal,
    };
  }

  /** `HA-2026-000123`: county prefix, the year (China time), a database sequence. */
  private async nextListingNo(em: EntityManager, now: Date): Promise<string> {
    const [{ n }] = await em.query(`SELECT nextval('listing_no_seq')::text AS n`);
    return `${this.config.LISTING_NO_PREFIX}-${chinaDateOf(now).slice(0, 4)}-${String(n).padStart(6, '0')}`;
  }
}

/** The reason a move gives (withdrawal, suspension, termination), for the audit trail. */
function reasonIn(patch: Partial<Listing>): Record<string, unknown> {
  const reason = patch.withdrawReason ?? patch.suspensionReason ?? patch.terminationReason;
  return reason ? { reason } : {};
}
