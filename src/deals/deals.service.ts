import { platformNow } from '../common/database/platform-clock';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { publicPartyName } from '../accounts/domain/identity';
import { User } from '../accounts/entities/user.entity';
import { isStaff } from '../accounts/domain/roles';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { formatYuan } from '../common/domain/money-words';
import { PRICE_UNIT_LABELS } from '../catalog/domain/category.types';
import { AuthUser } from '../common/auth/auth.decorators';
import { CalendarService } from '../calendar/calendar.service';
import { moveStatus } from '../common/database/conditional-move';
import { DomainError } from '../common/errors/domain-error';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { AppConfig } from '../config/runtime';
import { totalValueFen } from '../listings/domain/total-value';
import { Listing } from '../listings/entities/listing.entity';
import { LedgerService } from '../ledger/ledger.service';
import { ListingsService } from '../listings/listings.service';
import { paidRegistrations, releaseDeposits } from '../registrations/deposits';
import { Registration } from '../registrations/entities/registration.entity';
import { depositForfeited, paymentReturned, payout } from '../ledger/domain/entries';
import { buyerFunds, sellerPayable } from '../ledger/domain/accounts';
import { canDealTransition, DealStatus } from './domain/deal-status';
import { Objection } from './entities/objection.entity';
import { raiseObjection, recordResolution } from './objections';
import { Contract } from '../contracts/entities/contract.entity';
import { Certificate } from '../certificates/entities/certificate.entity';
import { Deal, DealMethod } from './entities/deal.entity';

export type DealView = 'public' | 'party' | 'staff';

export interface DealPapers {
  contractId: string | null;
  certificateNo: string | null;
  verificationCode: string | null;
  /** The winner as the publicity names it (a person `张*华`, an organization in full). */
  winnerName: string | null;
}

/** Deals (成交): made by the auction's close, a single bidder, or a negotiated agreement; then publicity. */
@Injectable()
export class DealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly listings: ListingsService,
    private readonly ledger: LedgerService,
    private readonly notifications: NotificationsService,
    private readonly calendar: CalendarService,
  ) {}

  /**
   * A NEGOTIATED listing after its announcement (协议转让): the clerk records the agreed buyer (deposit paid) and
   * price (≥ reserve). The listing is SOLD; the other bidders' deposits are released.
   */
  async recordNegotiated(caller: AuthUser, listingId: string, registrationId: string, priceFen: number): Promise<Deal> {
    return this.dataSource.transaction(async (em) => {
      const listing = await this.listings.lock(em, listingId);
      const now = await platformNow(em);
      const ended = listing.announcementEndsAt !== null && listing.announcementEndsAt <= now;
      if (listing.status === 'SUSPENDED') throw new DomainError('LISTING_SUSPENDED');
      if (listing.tradingMethod !== 'NEGOTIATED' || listing.status !== 'ANNOUNCED' || !ended) {
        throw new DomainError('INVALID_STATE');
      }
      const paid = await paidRegistrations(em, listingId);
      const buyer = paid.find((r) => r.id === registrationId);
      if (!buyer) {
        throw new DomainError('INVALID_STATE', {}, [
          { field: 'registrationId', message: 'not a registration of this listing with its deposit paid' },
        ]);
      }
      if (priceFen < listing.reservePriceFen) {
        throw new DomainError('PRICE_BELOW_RESERVE', {}, [{ field: 'priceFen', message: 'below the reserve' }]);
      }
      const deal = await this.create(em, listing, buyer, 'NEGOTIATED', priceFen, now, caller.id);
      await this.listings.move(em, listing, 'SOLD', caller, 'listing.sold');
      await releaseDeposits(
        em,
        this.ledger,
        paid.filter((r) => r.id !== buyer.id),
        caller.id,
      );
      return deal;
    });
  }

  /** Creates the deal in PUBLICITY (成交公示) within the caller's transaction. */
  async create(
    em: EntityManager,
    listing: Listing,
    registration: Registration,
    method: DealMethod,
    priceFen: number,
    now: Date,
    actorId: string | null,
  ): Promise<Deal> {
    const calendar = await this.calendar.current(em);
    const publicityDays = this.config.PUBLICITY_WORKING_DAYS;
    const deal = em.getRepository(Deal).create({
      listingId: listing.id,
      method,
      registrationId: registration.id,
      buyerId: registration.buyerId,
      sellerId: listing.ownerId,
      buyerBidderNo: registration.bidderNo ?? '',
      priceFen,
      totalPriceFen: totalValueFen({
        priceUnit: listing.priceUnit,
        priceFen,
        termYears: listing.termYears,
        areaMu: listing.areaMu,
      }),
      status: 'PUBLICITY',
      createdAt: now,
      publicityEndsAt: calendar.addWorkingDays(now, publicityDays),
      calendarProvisional: calendar.isProvisional(now, publicityDays),
    });
    await em.getRepository(Deal).save(deal);
    await this.notifications.notify(em, [
      {
        userId: deal.buyerId,
        kind: 'AUCTION_WON',
        title: `您已竞得“${listing.title}”`,
        body: `挂牌编号 ${listing.listingNo}，成交价 ${formatYuan(priceFen)} 元（${PRICE_UNIT_LABELS[listing.priceUnit].zh}）。成交结果公示期满且无异议后，交易中心将确认成交并通知签订合同。`,
        listingId: listing.id,
        dealId: deal.id,
      },
    ]);
    await this.audit.record(em, {
      actorId,
      action: 'deal.created',
      entityType: 'deal',
      entityId: deal.id,
      toStatus: 'PUBLICITY',
      details: { listingId: listing.id, method, priceFen, totalPriceFen: deal.totalPriceFen },
    });
    return deal;
  }

  /** 异议: any signed-in user, while the deal is in publicity (until the clerk confirms it); one open per user. */
  async object(caller: AuthUser, dealId: string, reason: string): Promise<Objection> {
    return this.dataSource.transaction(async (em) => {
      const deal = await this.lock(em, dealId);
      if (deal.status !== 'PUBLICITY') throw new DomainError('DEAL_NOT_IN_PUBLICITY');
      return raiseObjection(em, this.audit, caller, { dealId }, reason);
    });
  }

  /**
   * A clerk resolves an objection. To a deal, upheld: the deal in publicity is CANCELLED, the winner's deposit
   * released for refund, the listing back to FAILED so the seller can relist. To a listing in its announcement,
   * upheld: recorded; the clerk then suspends or terminates the listing (a separate, deliberate step). Rejected:
   * nothing else changes.
   */
  async resolveObjection(caller: AuthUser, objectionId: string, upheld: boolean, comment: string): Promise<Objection> {
    return this.dataSource.transaction(async (em) => {
      const objection = await em
        .getRepository(Objection)
        .findOne({ where: { id: objectionId }, lock: { mode: 'pessimistic_write' } });
      if (!objection) throw new DomainError('NOT_FOUND');
      if (objection.status !== 'OPEN') throw new DomainError('INVALID_STATE');
      // a listing's objection upheld is recorded only: suspending or terminating is the clerk's next decision
      if (objection.listingId) return recordResolution(em, this.audit, caller, objection, upheld, comment);
      const deal = await this.lock(em, objection.dealId as string);
      // a second objection upheld after the deal was cancelled by the first is recorded with no further effect
      if (upheld && deal.status !== 'CANCELLED') {
        if (deal.status !== 'PUBLICITY') throw new DomainError('DEAL_NOT_IN_PUBLICITY');
        await this.end(em, caller, deal, 'CANCELLED', 'deal.cancelled', comment);
        const winner = await em.getRepository(Registration).findOneByOrFail({ id: deal.registrationId });
        await releaseDeposits(em, this.ledger, [winner], caller.id);
      }
      return recordResolution(em, this.audit, caller, objection, upheld, comment);
    });
  }

  /** The objections to a deal, oldest first: its parties and staff see them all; anyone else only their own. */
  async objectionsOf(caller: AuthUser, dealId: string, query: PageQueryDto): Promise<Page<Objection>> {
    const { deal, view } = await this.findVisible(caller, { id: dealId });
    const [items, total] = await this.dataSource.getRepository(Objection).findAndCount({
      where: view === 'public' ? { dealId: deal.id, raisedBy: caller.id } : { dealId: deal.id },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  /** A clerk confirms the deal once publicity is over with no objection open (database clock). */
  async confirm(caller: AuthUser, dealId: string): Promise<Deal> {
    return this.dataSource.transaction(async (em) => {
      const deal = await this.lock(em, dealId);
      if (deal.status !== 'PUBLICITY') throw new DomainError('INVALID_STATE');
      const now = await platformNow(em);
      if (now < deal.publicityEndsAt) throw new DomainError('PUBLICITY_NOT_OVER');
      const open = await em.getRepository(Objection).existsBy({ dealId, status: 'OPEN' });
      if (open) throw new DomainError('OBJECTION_OPEN');
      return this.move(em, caller, deal, 'CONFIRMED', 'deal.confirmed', { confirmedAt: now });
    });
  }

  /**
   * The winner failed to sign or pay in time (违约): the deal is DEFAULTED, the winner's deposit forfeited to the
   * seller's payable account, whatever the winner had paid towards the price returned, and the listing back to
   * FAILED for relisting. The clerk judges the deadlines.
   */
  async declareDefault(caller: AuthUser, dealId: string, reason: string): Promise<Deal> {
    return this.dataSource.transaction(async (em) => {
      const deal = await this.lock(em, dealId);
      if (!canDealTransition(deal.status, 'DEFAULTED')) throw new DomainError('INVALID_STATE');
      const winner = await em.getRepository(Registration).findOneByOrFail({ id: deal.registrationId });
      if (winner.depositFen) {
        await this.ledger.post(em, { ...depositForfeited(winner.id, deal.id, winner.depositFen), actorId: caller.id });
      }
      const paid = await this.ledger.balanceOf(em, buyerFunds(deal.id));
      if (paid > 0) await this.ledger.post(em, { ...paymentReturned(deal.id, paid), actorId: caller.id });
      return this.end(em, caller, deal, 'DEFAULTED', 'deal.defaulted', reason);
    });
  }

  /** Pays out what the seller is owed outside a settlement (a forfeited deposit): Dr SELLER_PAYABLE, Cr BANK. */
  async payout(caller: AuthUser, dealId: string, bankRef: string): Promise<{ deal: Deal; paidOutFen: number }> {
    return this.dataSource.transaction(async (em) => {
      const deal = await this.lock(em, dealId);
      const owed = await this.ledger.balanceOf(em, sellerPayable(deal.id));
      if (owed <= 0) throw new DomainError('NOTHING_TO_PAY');
      await this.ledger.post(em, { ...payout(deal.id, owed), actorId: caller.id });
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'deal.payout',
        entityType: 'deal',
        entityId: deal.id,
        // outside a settlement what is owed is a forfeited deposit: it goes to the lister (for AGRI_PROJECT too)
        details: { amountFen: owed, bankRef, payeeId: deal.sellerId },
      });
      return { deal, paidOutFen: owed };
    });
  }

  /** Locks the deal row for the rest of the transaction (404 when it does not exist). */
  async lock(em: EntityManager, id: string): Promise<Deal> {
    const deal = await em.getRepository(Deal).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!deal) throw new DomainError('NOT_FOUND');
    return deal;
  }

  /**
   * Moves the deal with one conditional UPDATE (the row count proves no concurrent move won) and audits it in the
   * same transaction.
   */
  async move(
    em: EntityManager,
    caller: AuthUser | null,
    deal: Deal,
    to: DealStatus,
    action: string,
    patch: Partial<Deal> = {},
  ): Promise<Deal> {
    if (!canDealTransition(deal.status, to)) throw new DomainError('INVALID_STATE');
    await moveStatus(em, Deal, deal, to, patch);
    await this.audit.record(em, {
      actorId: caller?.id ?? null,
      action,
      entityType: 'deal',
      entityId: deal.id,
      fromStatus: deal.status,
      toStatus: to,
      details: patch.closeReason ? { reason: patch.closeReason } : {},
    });
    return em.getRepository(Deal).findOneByOrFail({ id: deal.id });
  }

  /** A CANCELLED or DEFAULTED deal puts its listing back to FAILED, so the seller can relist. */
  private async end(
    em: EntityManager,
    caller: AuthUser,
    deal: Deal,
    to: 'CANCELLED' | 'DEFAULTED',
    action: string,
    reason: string,
  ): Promise<Deal> {
    const now = await platformNow(em);
    const ended = await this.move(em, caller, deal, to, action, { closedAt: now, closeReason: reason });
    const listing = await this.listings.lock(em, deal.listingId);
    await this.listings.move(
      em,
      listing,
      'FAILED',
      caller,
      to === 'CANCELLED' ? 'listing.deal_cancelled' : 'listing.deal_defaulted',
    );
    return ended;
  }

  /** The deal's contract and certificate, if any (shown on the deal). */
  async papersOf(deal: Deal): Promise<DealPapers> {
    const contract = await this.dataSource
      .getRepository(Contract)
      .findOne({ where: { dealId: deal.id }, select: { id: true } });
    const certificate = await this.dataSource
      .getRepository(Certificate)
      .findOne({ where: { dealId: deal.id }, select: { id: true, certificateNo: true, verificationCode: true } });
    return {
      contractId: contract?.id ?? null,
      certificateNo: certificate?.certificateNo ?? null,
      verificationCode: certificate?.verificationCode ?? null,
      winnerName: (await this.winnerNames([deal])).get(deal.id) ?? null,
    };
  }

  /**
   * The winners of `deals` as the result publicity names them (成交公示 names the winner so that anyone may object):
   * a person as `张*华`, an organization or collective in full. Bids stay anonymous.
   */
  async winnerNames(deals: Deal[]): Promise<Map<string, string>> {
    const ids = [...new Set(deals.map((d) => d.buyerId))];
    if (ids.length === 0) return new Map();
    const users = await this.dataSource
      .getRepository(User)
      .find({ where: { id: In(ids) }, select: { id: true, name: true, partyType: true } });
    const byId = new Map(users.map((u) => [u.id, publicPartyName(u.name, u.partyType)]));
    return new Map(deals.flatMap((d) => (byId.has(d.buyerId) ? [[d.id, byId.get(d.buyerId)!]] : [])));
  }

  async findVisible(caller: AuthUser | undefined, where: { id: string } | { listingId: string }) {
    const deal = await this.dataSource
      .getRepository(Deal)
      .findOne({ where: { ...where }, order: { createdAt: 'DESC' } });
    if (!deal) throw new DomainError('NOT_FOUND');
    const view: DealView =
      caller && isStaff(caller.roles)
        ? 'staff'
        : caller && (caller.id === deal.buyerId || caller.id === deal.sellerId)
          ? 'party'
          : 'public';
    return { deal, view };
  }
}
