import { randomInt } from 'node:crypto';
import { platformNow } from '../common/database/platform-clock';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { isStaff } from '../accounts/domain/roles';
import { User } from '../accounts/entities/user.entity';
import { AuditService } from '../audit/audit.service';
import { getCategory } from '../catalog/domain/category-registry';
import { AuthUser } from '../common/auth/auth.decorators';
import { moveStatus } from '../common/database/conditional-move';
import { platformClock } from '../common/database/platform-clock';
import { DomainError } from '../common/errors/domain-error';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { refundsPayable } from '../ledger/domain/accounts';
import { depositRecorded, refundPaid } from '../ledger/domain/entries';
import { LedgerService } from '../ledger/ledger.service';
import { Listing } from '../listings/entities/listing.entity';
import { ListingsService, viewOf } from '../listings/listings.service';
import { DepositDto, QualifyDto, RefundDto, RegisterForListingDto } from './dto/registration.dto';
import { Registration, RegistrationStatus } from './entities/registration.entity';
import { RegistrationDto, toRegistrationDto } from './registration.mapper';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { NotificationsService } from '../notifications/notifications.service';
import { formatYuan } from '../common/domain/money-words';
import { eligibilityRefusal, offerRefusal } from './domain/eligibility';

/**
 * Bidder registration (意向受让登记), qualification (资格审查) and deposits (保证金): open while the announcement
 * runs, decided against the database clock; every deposit is a ledger entry in the same transaction.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly listings: ListingsService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly notifications: NotificationsService,
  ) {}

  async register(caller: AuthUser, listingId: string, dto: RegisterForListingDto): Promise<Registration> {
    return this.dataSource.transaction(async (em) => {
      const listing = await this.visibleListing(em, caller, listingId);
      if (await this.samePerson(em, listing.ownerId, caller.id)) throw new DomainError('OWN_LISTING');
      await this.assertAnnouncementRunning(em, listing);
      const buyer = await em.getRepository(User).findOneByOrFail({ id: caller.id });
      const refusal = eligibilityRefusal(listing, buyer);
      if (refusal) throw new DomainError(refusal);
      const exists = await em.getRepository(Registration).existsBy({ listingId, buyerId: caller.id });
      if (exists) throw new DomainError('ALREADY_REGISTERED');
      const offerProblem = dto.offerFen === undefined ? null : offerRefusal(listing, dto.offerFen);
      if (offerProblem) {
        throw new DomainError(offerProblem, {}, [
          { field: 'offerFen', message: `the reserve is ${listing.reservePriceFen} fen` },
        ]);
      }
      const registration = em.getRepository(Registration).create({
        listingId,
        buyerId: caller.id,
        status: 'PENDING',
        claimsPriorityRight: dto.claimsPriorityRight ?? false,
        note: dto.note ?? null,
        offerFen: dto.offerFen ?? null,
      });
      await em.getRepository(Registration).save(registration);
      await this.record(em, caller, registration, null, 'registration.created');
      return registration;
    });
  }

  async qualify(caller: AuthUser, id: string, dto: QualifyDto): Promise<Registration> {
    return this.dataSource.transaction(async (em) => {
      const registration = await this.lock(em, id);
      const listing = await this.listings.lock(em, registration.listingId);
      if (registration.status !== 'PENDING') throw new DomainError('INVALID_STATE');
      await this.assertAnnouncementRunning(em, listing);
      const category = getCategory(listing.categoryCode);
      if (dto.priorityRight && !category.rules.priorityRight) throw new DomainError('PRIORITY_RIGHT_NOT_APPLICABLE');
      if (dto.approve && category.rules.buyersLimitedToMembers && !listing.collectiveResolution?.allowOutsiders) {
        const buyer = await em.getRepository(User).findOneByOrFail({ id: registration.buyerId });
        if (buyer.villageCode !== listing.villageCode) throw new DomainError('BUYER_NOT_MEMBER');
      }
      const to: RegistrationStatus = dto.approve ? 'QUALIFIED' : 'DISQUALIFIED';
      return this.move(em, caller, registration, to, 'registration.qualified', {
        priorityRight: dto.approve ? (dto.priorityRight ?? false) : false,
        reason: dto.reason ?? null,
        qualifiedBy: caller.id,
      });
    });
  }

  /**
   * The clerk records the deposit from the bank statement: a ledger entry and a bidder number (竞买号). Answers the
   * registration as the clerk sees it, recorded under the request's Idempotency-Key in the same transaction.
   */
  async recordDeposit(caller: AuthUser, id: string, dto: DepositDto): Promise<RegistrationDto> {
    return this.dataSource.transaction(async (em) => {
      const registration = await this.lock(em, id);
      // the listing row lock also serializes bidder-number draws within the listing
      const listing = await this.listings.lock(em, registration.listingId);
      await this.assertAnnouncementRunning(em, listing);
      if (registration.status !== 'QUALIFIED') throw new DomainError('INVALID_STATE');
      if (dto.amountFen !== listing.depositFen) {
        throw new DomainError('DEPOSIT_AMOUNT_MISMATCH', {}, [
          { field: 'amountFen', message: `the deposit is ${listing.depositFen} fen` },
        ]);
      }
      const bidderNo = await this.drawBidderNo(em, listing.id);
      const now = await platformNow(em);
      const updated = await this.move(em, caller, registration, 'DEPOSIT_PAID', 'registration.deposit_recorded', {
        bidderNo,
        depositFen: dto.amountFen,
        depositBankRef: dto.bankRef,
        depositPaidAt: now,
      });
      await this.ledger.post(em, { ...depositRecorded(id, dto.amountFen), actorId: caller.id });
      await this.notifications.notify(em, [
        {
          userId: updated.buyerId,
          kind: 'DEPOSIT_RECORDED',
          title: `保证金已到账，竞买号 ${bidderNo}`,
          body: `您报名的“${listing.title}”（挂牌编号 ${listing.listingNo}）的交易保证金 ${formatYuan(dto.amountFen)} 元已到账，竞买号 ${bidderNo}。请妥善保管竞买号，按时参加网络竞价。`,
          listingId: listing.id,
        },
      ]);
      const buyer = await em.getRepository(User).findOneBy({ id: updated.buyerId });
      const answer = toRegistrationDto(updated, buyer ?? undefined, isStaff(caller.roles));
      await this.idempotency.recordWithin(em, answer);
      return answer;
    });
  }

  /** Pays a released deposit back (the clerk records the bank transfer). */
  async refund(caller: AuthUser, id: string, dto: RefundDto): Promise<Registration> {
    return this.dataSource.transaction(async (em) => {
      const registration = await this.lock(em, id);
      const payable = await this.ledger.balanceOf(em, refundsPayable(id));
      if (payable <= 0) throw new DomainError('NOTHING_TO_REFUND');
      await this.ledger.post(em, { ...refundPaid(id, payable), actorId: caller.id });
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'registration.refund_paid',
        entityType: 'registration',
        entityId: id,
        details: { amountFen: payable, bankRef: dto.bankRef },
      });
      return registration;
    });
  }

  async findForListing(listingId: string, query: PageQueryDto): Promise<Page<Registration>> {
    const [items, total] = await this.dataSource.getRepository(Registration).findAndCount({
      where: { listingId },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  async findMine(caller: AuthUser, query: PageQueryDto): Promise<Page<Registration>> {
    const [items, total] = await this.dataSource.getRepository(Registration).findAndCount({
      where: { buyerId: caller.id },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  /** A registration for its buyer and staff; 404 for anyone else. */
  async findVisible(caller: AuthUser, id: string): Promise<Registration> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id });
    if (!registration || (registration.buyerId !== caller.id && !isStaff(caller.roles))) {
      throw new DomainError('NOT_FOUND');
    }
    return registration;
  }

  async buyersOf(registrations: Registration[]): Promise<Map<string, User>> {
    const ids = [...new Set(registrations.map((r) => r.buyerId))];
    if (ids.length === 0) return new Map();
    const users = await this.dataSource.getRepository(User).findBy({ id: In(ids) });
    return new Map(users.map((u) => [u.id, u]));
  }

  /**
   * Are two accounts one person (the same account, or the same resident ID number or credit code)? A seller may not
   * bid on their own asset, not even through a second account.
   */
  private async samePerson(em: EntityManager, a: string, b: string): Promise<boolean> {
    if (a === b) return true;
    const users = await em.getRepository(User).find({
      where: { id: In([a, b]) },
      select: { id: true, idNumber: true, creditCode: true },
    });
    if (users.length !== 2) return false;
    const [x, y] = users;
    return (
      (x.idNumber !== null && x.idNumber === y.idNumber) || (x.creditCode !== null && x.creditCode === y.creditCode)
    );
  }

  private async visibleListing(em: EntityManager, caller: AuthUser, listingId: string): Promise<Listing> {
    const listing = await this.listings.lock(em, listingId);
    if (!viewOf(listing, caller)) throw new DomainError('NOT_FOUND');
    return listing;
  }

  /** Registration, qualification and deposits close when the announcement ends (database clock); none while suspended. */
  private async assertAnnouncementRunning(em: EntityManager, listing: Listing): Promise<void> {
    // read after the listing's lock was granted: a request that waited past the end is refused
    const now = await platformClock(em);
    if (listing.status === 'SUSPENDED') throw new DomainError('LISTING_SUSPENDED');
    if (listing.status !== 'ANNOUNCED' || !listing.announcementEndsAt || listing.announcementEndsAt <= now) {
      throw new DomainError('REGISTRATION_CLOSED');
    }
  }

  /** 竞买号: six random digits, unique in the listing (drawn under the listing's row lock). */
  private async drawBidderNo(em: EntityManager, listingId: string): Promise<string> {
    for (;;) {
      const candidate = String(randomInt(100000, 1000000));
      if (!(await em.getRepository(Registration).existsBy({ listingId, bidderNo: candidate }))) return candidate;
    }
  }

  private async lock(em: EntityManager, id: string): Promise<Registration> {
    const registration = await em
      .getRepository(Registration)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!registration) throw new DomainError('NOT_FOUND');
    return registration;
  }

  private async move(
    em: EntityManager,
    caller: AuthUser,
    registration: Registration,
    to: RegistrationStatus,
    action: string,
    patch: Partial<Registration>,
  ): Promise<Registration> {
    await moveStatus(em, Registration, registration, to, patch);
    const updated = await em.getRepository(Registration).findOneByOrFail({ id: registration.id });
    await this.record(em, caller, updated, registration.status, action);
    return updated;
  }

  private record(
    em: EntityManager,
    caller: AuthUser,
    registration: Registration,
    from: RegistrationStatus | null,
    action: string,
  ): Promise<void> {
    return this.audit.record(em, {
      actorId: caller.id,
      action,
      entityType: 'registration',
      entityId: registration.id,
      fromStatus: from,
      toStatus: registration.status,
      details: { listingId: registration.listingId, bidderNo: registration.bidderNo },
    });
  }
}
