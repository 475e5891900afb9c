import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { isStaff } from '../accounts/domain/roles';
import { User } from '../accounts/entities/user.entity';
import { AuditService } from '../audit/audit.service';
import { CertificatesService } from '../certificates/certificates.service';
import { Certificate } from '../certificates/entities/certificate.entity';
import { AuthUser } from '../common/auth/auth.decorators';
import { addYears, chinaDateOf, IsoDate } from '../common/domain/calendar-date';
import { addWorkingDays } from '../common/domain/working-days';
import { dbNow } from '../common/database/db-clock';
import { DomainError } from '../common/errors/domain-error';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { AppConfig } from '../config/runtime';
import { feeScheduleOf } from '../config/app-config';
import { DealsService } from '../deals/deals.service';
import { Deal } from '../deals/entities/deal.entity';
import { Division } from '../divisions/entities/division.entity';
import { bank, sellerPayable } from '../ledger/domain/accounts';
import { depositApplied, depositReleased, paymentReceived, payout, settlement } from '../ledger/domain/entries';
import { LedgerService } from '../ledger/ledger.service';
import { Listing } from '../listings/entities/listing.entity';
import { Registration } from '../registrations/entities/registration.entity';
import { ContractInput, ContractParty as TemplateParty } from './domain/contract.types';
import { renderContract } from './domain/render-contract';
import { dealFees } from './domain/service-fees';
import { depositToApply, moneyRoles, paymentProblem, Statement, statementOf } from './domain/settlement';
import { ContractPayment } from './entities/contract-payment.entity';
import { PaymentDto, toPaymentDto } from './contract.mapper';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { Contract, ContractParty } from './entities/contract.entity';

/** Everything a contract's page shows: the contract, its deal and (once settled) its certificate. */
export interface ContractView {
  contract: Contract;
  deal: Deal;
  certificate: Certificate | null;
}

/**
 * Contracts (签订合同) and settlement (价款结算) of a confirmed deal, DOMAIN.md §2 steps 8-10 and §3.
 *
 * Every use case locks the deal row first, then the contract row, so concurrent calls on one deal queue up in the
 * same order (no deadlock) and each decides on what the previous one committed.
 */
@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly deals: DealsService,
    private readonly ledger: LedgerService,
    private readonly certificates: CertificatesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** The clerk generates the contract of a CONFIRMED deal from its category's template. One per deal. */
  async generate(caller: AuthUser, dealId: string): Promise<ContractView> {
    return this.dataSource.transaction(async (em) => {
      const deal = await this.deals.lock(em, dealId);
      if (deal.status !== 'CONFIRMED') throw new DomainError('INVALID_STATE');
      if (await em.getRepository(Contract).existsBy({ dealId })) throw new DomainError('INVALID_STATE');
      const listing = await em.getRepository(Listing).findOneByOrFail({ id: deal.listingId });
      const winner = await em.getRepository(Registration).findOneByOrFail({ id: deal.registrationId });
      const users = await this.usersOf(em, [deal.sellerId, deal.buyerId]);
      const roles = moneyRoles(listing.categoryCode);
      const sellerId = roles.payee === 'LISTER' ? deal.sellerId : deal.buyerId;
      const buyerId = roles.payer === 'LISTER' ? deal.sellerId : deal.buyerId;
      const fees = dealFees(deal.totalPriceFen, users.get(sellerId)!.partyType, {
        schedule: feeScheduleOf(this.config),
        waived: this.config.SERVICE_FEES_WAIVED,
      });
      const depositAppliedFen = depositToApply(roles, winner.depositFen ?? 0, deal.totalPriceFen);
      const statement = statementOf({
        totalPriceFen: deal.totalPriceFen,
        depositAppliedFen,
        ...fees,
        paidFen: 0,
        disbursedToSellerFen: 0,
      });

      const now = await dbNow(em);
      const signBy = addWorkingDays(now, this.config.SIGNING_WORKING_DAYS);
      const today = chinaDateOf(now);
      const contractNo = await this.nextContractNo(em, now);
      const village = await this.villageName(em, listing);
      const party = (role: ContractParty, user: User): TemplateParty => ({
        role,
        name: user.name,
        partyType: user.partyType,
        idNumber: user.idNumber,
        creditCode: user.creditCode,
        phone: user.phone,
      });
      const input: ContractInput = {
        contractNo,
        categoryCode: listing.categoryCode,
        listing: {
          listingNo: listing.listingNo,
          title: listing.title,
          villageName: village,
          villageCode: listing.villageCode,
          transferMode: listing.transferMode,
          priceUnit: listing.priceUnit,
          areaMu: listing.areaMu,
          termYears: listing.termYears,
          attributes: listing.attributes,
          tradingMethod: listing.tradingMethod,
          collectiveResolution: listing.collectiveResolution,
        },
        deal: {
          method: deal.method,
          priceFen: deal.priceFen,
          totalPriceFen: deal.totalPriceFen,
          buyerBidderNo: deal.buyerBidderNo,
          dealDate: chinaDateOf(deal.createdAt),
        },
        parties: [party('SELLER', users.get(sellerId)!), party('BUYER', users.get(buyerId)!)],
        money: { depositAppliedFen, ...fees, amountDueFen: statement.amountDueFen },
        term: { startsOn: today, endsOn: listing.termYears ? addYears(today, listing.termYears) : null },
        signingDeadline: lastDayBefore(signBy, today),
        centreName: this.config.CENTRE_NAME,
        publicCopy: false,
      };
      const rendered = renderContract(input);
      const publicCopy = renderContract({ ...input, publicCopy: true });

      const contract = await em.getRepository(Contract).save(
        em.getRepository(Contract).create({
          contractNo,
          dealId,
          sellerId,
          buyerId,
          terms: rendered.terms as unknown as Record<string, unknown>,
          textZh: rendered.textZh,
          publicTerms: publicCopy.terms as unknown as Record<string, unknown>,
          publicTextZh: publicCopy.textZh,
          status: 'AWAITING_SIGNATURES',
          totalPriceFen: deal.totalPriceFen,
          depositAppliedFen,
          buyerFeeFen: fees.buyerFeeFen,
          sellerFeeFen: fees.sellerFeeFen,
          signBy,
          sellerSignedAt: null,
          buyerSignedAt: null,
          createdBy: caller.id,
        }),
      );
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'contract.generated',
        entityType: 'contract',
        entityId: contract.id,
        toStatus: 'AWAITING_SIGNATURES',
        details: { dealId, contractNo, ...fees, depositAppliedFen },
      });
      return { contract, deal, certificate: null };
    });
  }

  /** Each party signs once; when both have, the contract is SIGNED and the deal CONTRACTED. */
  async sign(caller: AuthUser, contractId: string): Promise<ContractView> {
    return this.dataSource.transaction(async (em) => {
      const { contract, deal } = await this.lockVisible(em, caller, contractId);
      const party: ContractParty | null =
        caller.id === contract.sellerId ? 'SELLER' : caller.id === contract.buyerId ? 'BUYER' : null;
      if (!party) throw new DomainError('FORBIDDEN');
      if ((party === 'SELLER' ? contract.sellerSignedAt : contract.buyerSignedAt) !== null) {
        throw new DomainError('ALREADY_SIGNED');
      }
      if (deal.status !== 'CONFIRMED') throw new DomainError('INVALID_STATE');
      const now = await dbNow(em);
      const signedAt = party === 'SELLER' ? { sellerSignedAt: now } : { buyerSignedAt: now };
      const bothSigned = (party === 'SELLER' ? contract.buyerSignedAt : contract.sellerSignedAt) !== null;
      await em
        .getRepository(Contract)
        .update({ id: contract.id }, { ...signedAt, ...(bothSigned ? { status: 'SIGNED' as const } : {}) });
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'contract.signed',
        entityType: 'contract',
        entityId: contract.id,
        fromStatus: contract.status,
        toStatus: bothSigned ? 'SIGNED' : contract.status,
        details: { party },
      });
      const updatedDeal = bothSigned ? await this.deals.move(em, caller, deal, 'CONTRACTED', 'deal.contracted') : deal;
      const updated = await em.getRepository(Contract).findOneByOrFail({ id: contract.id });
      return { contract: updated, deal: updatedDeal, certificate: null };
    });
  }

  /**
   * Records a payment of the paying party from the bank statement (Dr BANK, Cr BUYER_FUNDS). It may not exceed what
   * is outstanding; the deal must be confirmed or contracted (money may arrive before the signatures). The answer is
   * recorded under the request's Idempotency-Key in the same transaction.
   */
  async recordPayment(caller: AuthUser, contractId: string, amountFen: number, bankRef: string): Promise<PaymentDto> {
    return this.dataSource.transaction(async (em) => {
      const { contract, deal } = await this.lockVisible(em, caller, contractId);
      if (deal.status !== 'CONFIRMED' && deal.status !== 'CONTRACTED') throw new DomainError('INVALID_STATE');
      const before = await this.statementIn(em, contract);
      if (paymentProblem(amountFen, before)) {
        throw new DomainError('OVERPAYMENT', { outstandingFen: before.outstandingFen }, [
          { field: 'amountFen', message: `at most ${before.outstandingFen} fen is outstanding` },
        ]);
      }
      const entry = await this.ledger.post(em, { ...paymentReceived(deal.id, amountFen), actorId: caller.id });
      const payment = await em.getRepository(ContractPayment).save(
        em.getRepository(ContractPayment).create({
          contractId: contract.id,
          amountFen,
          bankRef,
          ledgerEntryId: entry.id,
          recordedBy: caller.id,
        }),
      );
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'contract.payment_recorded',
        entityType: 'contract',
        entityId: contract.id,
        details: { paymentId: payment.id, amountFen, bankRef },
      });
      const answer = toPaymentDto(payment, await this.statementIn(em, contract));
      await this.idempotency.recordWithin(em, answer);
      return answer;
    });
  }

  /**
   * Settles a fully paid, signed contract in one transaction: the winner's deposit applied to the price (or, when
   * the winner is the paid supplier, released for refund), the settlement entry booking both fees, the payout to
   * the paid party, the certificate, and the deal SETTLED.
   */
  async settle(caller: AuthUser, contractId: string, bankRef: string): Promise<ContractView> {
    return this.dataSource.transaction(async (em) => {
      const { contract, deal } = await this.lockVisible(em, caller, contractId);
      if (deal.status !== 'CONTRACTED') throw new DomainError('INVALID_STATE');
      const statement = await this.statementIn(em, contract);
      if (statement.outstandingFen > 0) {
        throw new DomainError('NOT_FULLY_PAID', { outstandingFen: statement.outstandingFen });
      }
      const winner = await em.getRepository(Registration).findOneByOrFail({ id: deal.registrationId });
      const actorId = caller.id;
      if (contract.depositAppliedFen > 0) {
        await this.ledger.post(em, { ...depositApplied(winner.id, deal.id, contract.depositAppliedFen), actorId });
      }
      // A deposit not applied to the price (the paid supplier's, or any excess) goes back to the bidder.
      const depositLeft = (winner.depositFen ?? 0) - contract.depositAppliedFen;
      if (depositLeft > 0) await this.ledger.post(em, { ...depositReleased(winner.id, depositLeft), actorId });
      const amounts = {
        totalFen: contract.totalPriceFen,
        buyerFeeFen: contract.buyerFeeFen,
        sellerFeeFen: contract.sellerFeeFen,
      };
      await this.ledger.post(em, { ...settlement(deal.id, amounts), actorId });
      const owed = await this.ledger.balanceOf(em, sellerPayable(deal.id));
      if (owed > 0) await this.ledger.post(em, { ...payout(deal.id, owed), actorId });
      const now = await dbNow(em);
      const settled = await this.deals.move(em, caller, deal, 'SETTLED', 'deal.settled', { closedAt: now });
      const certificate = await this.certificates.issue(em, settled, contract, now);
      await this.audit.record(em, {
        actorId,
        action: 'contract.settled',
        entityType: 'contract',
        entityId: contract.id,
        details: { bankRef, paidOutFen: owed, certificateNo: certificate.certificateNo, ...amounts },
      });
      return { contract, deal: settled, certificate };
    });
  }

  /** A contract for its parties and staff; anyone else gets 404. */
  async findVisible(caller: AuthUser, contractId: string): Promise<ContractView> {
    const contract = await this.dataSource.getRepository(Contract).findOneBy({ id: contractId });
    if (!contract || !this.mayView(caller, contract)) throw new DomainError('NOT_FOUND');
    const deal = await this.dataSource.getRepository(Deal).findOneByOrFail({ id: contract.dealId });
    const certificate = await this.dataSource.getRepository(Certificate).findOneBy({ dealId: deal.id });
    return { contract, deal, certificate };
  }

  async statement(caller: AuthUser, contractId: string): Promise<Statement> {
    const { contract } = await this.findVisible(caller, contractId);
    return this.statementIn(this.dataSource.manager, contract);
  }

  /** A contract's payments, oldest first, with its statement (one visibility check for both). */
  async payments(
    caller: AuthUser,
    contractId: string,
    query: PageQueryDto,
  ): Promise<{ page: Page<ContractPayment>; statement: Statement }> {
    const { contract } = await this.findVisible(caller, contractId);
    const [items, total] = await this.dataSource.getRepository(ContractPayment).findAndCount({
      where: { contractId: contract.id },
      order: { receivedAt: 'ASC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return { page: pageOf(items, total, query), statement: await this.statementIn(this.dataSource.manager, contract) };
  }

  /** What is due, paid and paid out, from the contract's fixed terms and the ledger. */
  private async statementIn(em: EntityManager, contract: Contract): Promise<Statement> {
    // what came in from the payer (less what a default returned) and what went out to the payee, from the ledger
    const rows: { kind: string; bank: string }[] = await em.query(
      `SELECT e.kind, SUM(p.amount_fen)::text AS bank
         FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id
        WHERE e.deal_id = $1 AND p.account = $2 AND e.kind IN ('PAYMENT_RECEIVED', 'PAYMENT_RETURNED', 'PAYOUT')
        GROUP BY e.kind`,
      [contract.dealId, bank()],
    );
    const bankBy = (kind: string) => Number(rows.find((r) => r.kind === kind)?.bank ?? 0);
    const statement = statementOf({
      totalPriceFen: contract.totalPriceFen,
      depositAppliedFen: contract.depositAppliedFen,
      buyerFeeFen: contract.buyerFeeFen,
      sellerFeeFen: contract.sellerFeeFen,
      paidFen: bankBy('PAYMENT_RECEIVED') + bankBy('PAYMENT_RETURNED'),
      disbursedToSellerFen: -bankBy('PAYOUT'),
    });
    // a defaulted deal owes nothing more: its payments went back and its deposit was forfeited
    const [{ status }] = await em.query(`SELECT status FROM deals WHERE id = $1`, [contract.dealId]);
    return status === 'DEFAULTED' ? { ...statement, outstandingFen: 0 } : statement;
  }

  /** Locks the contract's deal, then the contract; 404 unless the caller may see it. */
  private async lockVisible(
    em: EntityManager,
    caller: AuthUser,
    contractId: string,
  ): Promise<{ contract: Contract; deal: Deal }> {
    const found = await em.getRepository(Contract).findOneBy({ id: contractId });
    if (!found || !this.mayView(caller, found)) throw new DomainError('NOT_FOUND');
    const deal = await this.deals.lock(em, found.dealId);
    const contract = await em
      .getRepository(Contract)
      .findOneOrFail({ where: { id: contractId }, lock: { mode: 'pessimistic_write' } });
    return { contract, deal };
  }

  private mayView(caller: AuthUser, contract: Contract): boolean {
    return isStaff(caller.roles) || caller.id === contract.sellerId || caller.id === contract.buyerId;
  }

  private async usersOf(em: EntityManager, ids: string[]): Promise<Map<string, User>> {
    const users = await em.getRepository(User).findBy({ id: In(ids) });
    return new Map(users.map((u) => [u.id, u]));
  }

  /** `柴沟堡镇西沙洼村`: the township's and the village's names. */
  private async villageName(em: EntityManager, listing: Listing): Promise<string> {
    const rows = await em.getRepository(Division).findBy({ code: In([listing.townshipCode, listing.villageCode]) });
    const name = (code: string) => rows.find((d) => d.code === code)?.name ?? code;
    return `${name(listing.townshipCode)}${name(listing.villageCode)}`;
  }

  /** `HA-HT-2026-000123` (合同): county prefix, the year (China time), a database sequence. */
  private async nextContractNo(em: EntityManager, now: Date): Promise<string> {
    const [{ n }] = await em.query(`SELECT nextval('contract_no_seq')::text AS n`);
    return `${this.config.LISTING_NO_PREFIX}-HT-${chinaDateOf(now).slice(0, 4)}-${String(n).padStart(6, '0')}`;
  }
}

/** The last calendar day (China time) before the instant `deadline`, but not before `today`. */
function lastDayBefore(deadline: Date, today: IsoDate): IsoDate {
  const day = chinaDateOf(new Date(deadline.getTime() - 1));
  return day < today ? today : day;
}
