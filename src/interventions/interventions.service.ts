import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuctionEvent, AuctionEventsService } from '../auctions/auction-events.service';
import { publicState } from '../auctions/domain/public-state';
import { Auction } from '../auctions/entities/auction.entity';
import { AuditService } from '../audit/audit.service';
import { CalendarService } from '../calendar/calendar.service';
import { AuthUser } from '../common/auth/auth.decorators';
import { platformClock } from '../common/database/platform-clock';
import { DomainError } from '../common/errors/domain-error';
import { validationFailed } from '../common/errors/validation';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { AppConfig } from '../config/runtime';
import { Objection } from '../deals/entities/objection.entity';
import { raiseObjection } from '../deals/objections';
import { LedgerService } from '../ledger/ledger.service';
import { announcementMinDays, assertAnnouncementLongEnough, biddingWindow } from '../listings/domain/announcement';
import { SUSPENDABLE_STATUSES } from '../listings/domain/listing-status';
import { Listing } from '../listings/entities/listing.entity';
import { ListingsService, viewOf } from '../listings/listings.service';
import { NotificationKind } from '../notifications/notification.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { paidRegistrations, releaseDeposits } from '../registrations/deposits';
import { Registration } from '../registrations/entities/registration.entity';

export interface ResumeDates {
  announcementEndsAt?: string;
  biddingStartsAt?: string;
  biddingEndsAt?: string;
}

/**
 * The centre's interventions in a running trade (中止、终结, DOMAIN.md §2 step 6a): a clerk suspends an announced or
 * bidding listing (nothing can be registered, paid or bid meanwhile; an auction's remaining time is kept), resumes
 * it, or terminates it (every deposit released); and objections to a listing in its announcement.
 *
 * Locks: the auction row first, then the listing, the order the auction ticker and the bid path use.
 */
@Injectable()
export class InterventionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly listings: ListingsService,
    private readonly ledger: LedgerService,
    private readonly notifications: NotificationsService,
    private readonly calendar: CalendarService,
    private readonly events: AuctionEventsService,
  ) {}

  async suspend(caller: AuthUser, listingId: string, reason: string): Promise<Listing> {
    const { listing, events } = await this.dataSource.transaction(async (em) => {
      const auction = await this.lockAuction(em, listingId);
      const found = await this.listings.lock(em, listingId);
      if (!SUSPENDABLE_STATUSES.includes(found.status)) throw new DomainError('INVALID_STATE');
      const now = await platformClock(em);
      const events: AuctionEvent[] = [];
      if (auction && (auction.status === 'SCHEDULED' || auction.status === 'OPEN')) {
        // the time left: until the close of an open auction, until the opening of a scheduled one
        const until = auction.status === 'OPEN' ? auction.endsAt : auction.startsAt;
        const remainingMs = Math.max(0, until.getTime() - now.getTime());
        if (auction.status === 'OPEN' && remainingMs === 0) throw new DomainError('INVALID_STATE'); // closing now
        await em
          .getRepository(Auction)
          .update({ listingId, status: auction.status }, { status: 'SUSPENDED', remainingMs });
        await this.audit.record(em, {
          actorId: caller.id,
          action: 'auction.suspended',
          entityType: 'auction',
          entityId: listingId,
          fromStatus: auction.status,
          toStatus: 'SUSPENDED',
          details: { remainingMs },
        });
        events.push(this.event('suspended', { ...auction, status: 'SUSPENDED', remainingMs }, now));
      }
      const listing = await this.listings.move(em, found, 'SUSPENDED', caller, 'listing.suspended', {
        suspendedFrom: found.status as 'ANNOUNCED' | 'BIDDING',
        suspendedAt: now,
        suspensionReason: reason,
      });
      await this.tell(em, listing, 'LISTING_SUSPENDED', `“${listing.title}”已中止交易`, [
        `挂牌编号 ${listing.listingNo} 已由交易中心中止交易，原因：${reason}。`,
        '中止期间不能报名、交纳保证金或出价；恢复交易时交易中心将另行公告时间。',
      ]);
      return { listing, events };
    });
    await this.events.publish(events);
    return listing;
  }

  async resume(caller: AuthUser, listingId: string, dates: ResumeDates): Promise<Listing> {
    const { listing, events } = await this.dataSource.transaction(async (em) => {
      const auction = await this.lockAuction(em, listingId);
      const found = await this.listings.lock(em, listingId);
      if (found.status !== 'SUSPENDED' || !found.suspendedFrom) throw new DomainError('INVALID_STATE');
      const now = await platformClock(em);
      const events: AuctionEvent[] = [];
      let patch: Partial<Listing>;
      if (auction?.status === 'SUSPENDED') {
        const times = auctionTimesOnResume(auction, found.suspendedFrom === 'BIDDING', now, dates);
        const status = found.suspendedFrom === 'BIDDING' ? 'OPEN' : 'SCHEDULED';
        await em
          .getRepository(Auction)
          .update({ listingId, status: 'SUSPENDED' }, { status, ...times, remainingMs: null });
        await this.audit.record(em, {
          actorId: caller.id,
          action: 'auction.resumed',
          entityType: 'auction',
          entityId: listingId,
          fromStatus: 'SUSPENDED',
          toStatus: status,
          details: { startsAt: times.startsAt, endsAt: times.endsAt },
        });
        events.push(this.event('resumed', { ...auction, status, ...times }, now));
        patch = { biddingStartsAt: times.startsAt, biddingEndsAt: times.endsAt };
      } else {
        patch = await this.announcementOnResume(em, found, now, dates);
      }
      const listing = await this.listings.move(em, found, found.suspendedFrom, caller, 'listing.resumed', {
        ...patch,
        suspendedFrom: null,
      });
      const schedule =
        listing.status === 'BIDDING'
          ? `竞价恢复，结束时间 ${chinaTime(listing.biddingEndsAt)}。`
          : `公告期至 ${chinaTime(listing.announcementEndsAt)}，竞价 ${chinaTime(listing.biddingStartsAt)} 开始。`;
      await this.tell(em, listing, 'LISTING_RESUMED', `“${listing.title}”已恢复交易`, [
        `挂牌编号 ${listing.listingNo} 已恢复交易。`,
        schedule,
      ]);
      return { listing, events };
    });
    await this.events.publish(events);
    return listing;
  }

  async terminate(caller: AuthUser, listingId: string, reason: string): Promise<Listing> {
    const { listing, events } = await this.dataSource.transaction(async (em) => {
      const auction = await this.lockAuction(em, listingId);
      const found = await this.listings.lock(em, listingId);
      if (!['ANNOUNCED', 'BIDDING', 'SUSPENDED'].includes(found.status)) throw new DomainError('INVALID_STATE');
      const now = await platformClock(em);
      const events: AuctionEvent[] = [];
      if (auction && auction.status !== 'CLOSED') {
        await em
          .getRepository(Auction)
          .update({ listingId, status: auction.status }, { status: 'CLOSED', closedAt: now, remainingMs: null });
        await this.audit.record(em, {
          actorId: caller.id,
          action: 'auction.terminated',
          entityType: 'auction',
          entityId: listingId,
          fromStatus: auction.status,
          toStatus: 'CLOSED',
          details: { reason },
        });
        events.push(this.event('closed', { ...auction, status: 'CLOSED' }, now));
      }
      // every deposit held for this listing goes to refunds payable, with the termination
      await releaseDeposits(em, this.ledger, await paidRegistrations(em, listingId), caller.id);
      const listing = await this.listings.move(em, found, 'TERMINATED', caller, 'listing.terminated', {
        suspendedFrom: null,
        terminationReason: reason,
      });
      await this.tell(em, listing, 'LISTING_TERMINATED', `“${listing.title}”已终结交易`, [
        `挂牌编号 ${listing.listingNo} 已由交易中心终结交易，原因：${reason}。`,
        '已交纳的交易保证金将全额退还。',
      ]);
      return { listing, events };
    });
    await this.events.publish(events);
    return listing;
  }

  /** 异议 during the announcement (or while suspended): any signed-in user who can see the listing; one open each. */
  async object(caller: AuthUser, listingId: string, reason: string): Promise<Objection> {
    return this.dataSource.transaction(async (em) => {
      const listing = await this.listings.lock(em, listingId);
      if (!viewOf(listing, caller)) throw new DomainError('NOT_FOUND');
      if (listing.status !== 'ANNOUNCED' && listing.status !== 'SUSPENDED') throw new DomainError('INVALID_STATE');
      return raiseObjection(em, this.audit, caller, { listingId }, reason);
    });
  }

  /** A listing's objections, oldest first: its owner and staff see them all; anyone else only their own. */
  async objectionsOf(caller: AuthUser, listingId: string, query: PageQueryDto): Promise<Page<Objection>> {
    const { listing, view } = await this.listings.findVisible(caller, listingId);
    const [items, total] = await this.dataSource.getRepository(Objection).findAndCount({
      where: view === 'public' ? { listingId: listing.id, raisedBy: caller.id } : { listingId: listing.id },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  private async lockAuction(em: EntityManager, listingId: string): Promise<Auction | null> {
    return em.getRepository(Auction).findOne({ where: { listingId }, lock: { mode: 'pessimistic_write' } });
  }

  /** A resumed announcement runs again at least its minimum from now (working days, the centre's calendar). */
  private async announcementOnResume(
    em: EntityManager,
    listing: Listing,
    now: Date,
    dates: ResumeDates,
  ): Promise<Partial<Listing>> {
    if (!dates.announcementEndsAt) {
      throw validationFailed([
        { field: 'announcementEndsAt', message: 'a resumed announcement needs its new end (at least its minimum)' },
      ]);
    }
    const minDays = announcementMinDays(listing.categoryCode, this.config.ANNOUNCEMENT_MIN_WORKING_DAYS);
    const endsAt = new Date(dates.announcementEndsAt);
    const calendar = await this.calendar.current(em);
    assertAnnouncementLongEnough(calendar, now, endsAt, minDays);
    const { biddingStartsAt, biddingEndsAt } = biddingWindow(endsAt, dates);
    return {
      announcementEndsAt: endsAt,
      biddingStartsAt,
      biddingEndsAt,
      calendarProvisional: calendar.isProvisional(now, minDays),
    };
  }

  /** The listing's owner and everyone registered for it (the disqualified too: they applied). */
  private async tell(
    em: EntityManager,
    listing: Listing,
    kind: NotificationKind,
    title: string,
    lines: string[],
  ): Promise<void> {
    const registrations = await em.getRepository(Registration).find({ where: { listingId: listing.id } });
    const users = [...new Set([listing.ownerId, ...registrations.map((r) => r.buyerId)])];
    await this.notifications.notify(
      em,
      users.map((userId) => ({
        userId,
        kind,
        title,
        body: lines.join(''),
        listingId: listing.id,
      })),
    );
  }

  private event(type: 'suspended' | 'resumed' | 'closed', auction: Auction, now: Date): AuctionEvent {
    return {
      type,
      listingId: auction.listingId,
      auction: { ...publicState(auction, now), remainingMs: auction.remainingMs ?? undefined },
    };
  }
}

/** An instant as China time, e.g. 2027-02-23 09:00. */
function chinaTime(at: Date | null): string {
  if (!at) return '—';
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * An auction's times when its listing resumes: the clerk's new dates, or else the time that was left (an open
 * auction closes its remaining time from now; a scheduled one opens its remaining wait from now and keeps its
 * length).
 */
function auctionTimesOnResume(
  auction: Auction,
  wasOpen: boolean,
  now: Date,
  dates: ResumeDates,
): { startsAt: Date; endsAt: Date } {
  const remaining = auction.remainingMs ?? 0;
  const length = auction.endsAt.getTime() - auction.startsAt.getTime();
  const startsAt = wasOpen
    ? auction.startsAt
    : dates.biddingStartsAt
      ? new Date(dates.biddingStartsAt)
      : new Date(now.getTime() + remaining);
  const endsAt = dates.biddingEndsAt
    ? new Date(dates.biddingEndsAt)
    : wasOpen
      ? new Date(now.getTime() + remaining)
      : new Date(startsAt.getTime() + length);
  if (!wasOpen && startsAt < now) {
    throw validationFailed([{ field: 'biddingStartsAt', message: 'must not be in the past' }]);
  }
  if (endsAt <= now || endsAt <= startsAt) {
    throw new DomainError('INVALID_BIDDING_WINDOW', {}, [
      { field: 'biddingEndsAt', message: 'must be in the future and after biddingStartsAt' },
    ]);
  }
  return { startsAt, endsAt };
}
