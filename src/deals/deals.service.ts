import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isStaff } from '../accounts/domain/roles';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth/auth.decorators';
import { addWorkingDays } from '../common/domain/working-days';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/runtime';
import { totalValueFen } from '../listings/domain/total-value';
import { Listing } from '../listings/entities/listing.entity';
import { LedgerService } from '../ledger/ledger.service';
import { ListingsService } from '../listings/listings.service';
import { paidRegistrations, releaseDeposits } from '../registrations/deposits';
import { Registration } from '../registrations/entities/registration.entity';
import { Deal, DealMethod } from './entities/deal.entity';

export type DealView = 'public' | 'party' | 'staff';

/** Deals (成交): made by the auction's close, a single bidder, or a negotiated agreement; then publicity. */
@Injectable()
export class DealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly listings: ListingsService,
    private readonly ledger: LedgerService,
  ) {}

  /**
   * A NEGOTIATED listing after its announcement (协议转让): the clerk records the agreed buyer (deposit paid) and
   * price (≥ reserve). The listing is SOLD; the other bidders' deposits are released.
   */
  async recordNegotiated(caller: AuthUser, listingId: string, registrationId: string, priceFen: number): Promise<Deal> {
    return this.dataSource.transaction(async (em) => {
      const listing = await this.listings.lock(em, listingId);
      const now = await this.listings.dbNow(em);
      const ended = listing.announcementEndsAt !== null && listing.announcementEndsAt <= now;
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
      publicityEndsAt: addWorkingDays(now, this.config.PUBLICITY_WORKING_DAYS),
    });
    await em.getRepository(Deal).save(deal);
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

/** The public sees the bidder number and the prices; parties and staff see everything. */
export function toDealDto(deal: Deal, view: DealView) {
  const inside = view !== 'public';
  return {
    id: deal.id,
    listingId: deal.listingId,
    method: deal.method,
    priceFen: deal.priceFen,
    totalPriceFen: deal.totalPriceFen,
    buyerBidderNo: deal.buyerBidderNo,
    status: deal.status,
    publicityEndsAt: deal.publicityEndsAt,
    createdAt: deal.createdAt,
    buyerId: inside ? deal.buyerId : undefined,
    sellerId: inside ? deal.sellerId : undefined,
    registrationId: inside ? deal.registrationId : undefined,
  };
}
