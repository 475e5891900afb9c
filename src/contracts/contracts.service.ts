import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { isStaff } from '../accounts/domain/roles';
import { User } from '../accounts/entities/user.entity';
import { AuditService } from '../audit/audit.service';
import { CertificatesService } from '../certificates/certificates.service';
import { Certificate } from '../certificates/entities/certificate.entity';
import { AuthUser } from '../common/auth/auth.decorators';
import { addDays, addMonths, chinaDateOf, compareIsoDates, IsoDate } from '../common/domain/calendar-date';
import { CalendarService } from '../calendar/calendar.service';
import { platformNow } from '../common/database/platform-clock';
import { DomainError } from '../common/errors/domain-error';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { AppConfig } from '../config/runtime';
import { feeScheduleOf } from '../config/app-config';
import { DealsService } from '../deals/deals.service';
import { Deal } from '../deals/entities/deal.entity';
import { Division } from '../divisions/entities/division.entity';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { bank, sellerPayable } from '../ledger/domain/accounts';
import {
  depositApplied,
  depositReleased,
  paymentReceived,
  payout,
  retentionReleased,
  settlement,
} from '../ledger/domain/entries';
import { LedgerService } from '../ledger/ledger.service';
import { termEndDate } from '../listings/domain/term';
import { Listing } from '../listings/entities/listing.entity';
import { Registration } from '../registrations/entities/registration.entity';
import { PaymentDto, toPaymentDto } from './contract.mapper';
import { ContractInput, ContractParty as TemplateParty, ContractSignature } from './domain/contract.types';
import {
  Credit,
  InstalmentState,
  planInstalments,
  PlannedInstalment,
  reminderStage,
  scheduleState,
} from './domain/instalments';
import { formatDateZh } from './domain/contract-format';
import { formatYuan } from '../common/domain/money-words';
import { NotificationsService } from '../notifications/notifications.service';
import { SchedulerService } from '../scheduler/scheduler.service';
import { FilingsService } from '../registers/filings.service';
import { renderContract } from './domain/render-contract';
import { dealFees } from './domain/service-fees';
import {
  depositToApply,
  moneyRoles,
  paymentProblem,
  PURCHASE_CATEGORIES,
  Statement,
  statementOf,
} from './domain/settlement';
import { ContractInstalment } from './entities/contract-instalment.entity';
import { ContractPayment } from './entities/contract-payment.entity';
import { Contract, ContractParty } from './entities/contract.entity';

/** Everything a contract's page shows: the contract, its deal and (once in force) its certificate. */
export interface ContractView {
  contract: Contract;
  deal: Deal;
  certificate: Certificate | null;
}

/** Where a contract's money stands today (platform clock, China time). */
interface Schedule {
  today: IsoDate;
  instalments: InstalmentState[];
  statement: Statement;
}

/** How often the reminders are looked for (once across instances). */
const REMINDER_INTERVAL_MS = 60_000;

/** A procurement's warranty when the listing does not set one (months after acceptance). */
const DEFAULT_WARRANTY_MONTHS = 12;

/**
 * Contracts (签订合同) and settlement (价款结算) of a confirmed deal, DOMAIN.md §2 steps 8-10 and §3: one template per
 * category and transfer mode, a term from the handover date, payment by instalments (rent year by year; a
 * procurement's advance and balance less a retention), each instalment settled on its own.
 *
 * Every use case locks the deal row first, then the contract row, so concurrent calls on one deal queue up in the
 * same order (no deadlock) and each decides on what the previous one committed.
 */
@Injectable()
export class ContractsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly deals: DealsService,
    private readonly ledger: LedgerService,
    private readonly certificates: CertificatesService,
    private readonly idempotency: IdempotencyService,
    private readonly notifications: NotificationsService,
    private readonly scheduler: SchedulerService,
    private readonly filings: FilingsService,
    private readonly calendar: CalendarService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'instalment-reminders',
      everyMs: REMINDER_INTERVAL_MS,
      scope: 'cluster',
      run: () => this.sendReminders(),
    });
  }

  /**
   * Reminds the paying party of each unpaid instalment 30, 7 and 1 days before its due date, on the day, and once it
   * is overdue (the latest stage reached, once each: `dedupeKey`). Runs once per period across instances.
   */
  async sendReminders(): Promise<{ sent: number }> {
    const today = chinaDateOf(await platformNow(this.dataSource.manager));
    const due: { contract_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT i.contract_id FROM contract_instalments i JOIN contracts c ON c.id = i.contract_id
       WHERE i.settled_at IS NULL AND i.due_on IS NOT NULL AND i.due_on <= $1::date + 30
         AND c.status IN ('SIGNED', 'IN_FORCE')`,
      [today],
    );
    let sent = 0;
    for (const { contract_id } of due) {
      await this.dataSource.transaction(async (em) => {
        const contract = await em.getRepository(Contract).findOneByOrFail({ id: contract_id });
        const deal = await em.getRepository(Deal).findOneByOrFail({ id: contract.dealId });
        const schedule = await this.scheduleIn(em, contract, deal);
        const title = (contract.terms as { titleZh?: string }).titleZh ?? '合同';
        const messages = schedule.instalments.flatMap((i) => {
          const stage =
            i.dueOn && (i.status === 'PENDING' || i.status === 'DUE' || i.status === 'OVERDUE')
              ? reminderStage(i.dueOn, today)
              : null;
          if (!stage || !i.dueOn) return [];
          const owed = formatYuan(i.amountFen + i.buyerFeeFen + i.lateFeeFen - i.paidFen);
          const dueZh = formatDateZh(i.dueOn);
          return [
            {
              userId: contract.buyerId,
              kind: stage === 'OVERDUE' ? ('INSTALMENT_OVERDUE' as const) : ('INSTALMENT_REMINDER' as const),
              title: stage === 'OVERDUE' ? `第${i.no}期款项已逾期（${dueZh}到期）` : `第${i.no}期款项将于${dueZh}到期`,
              body:
                stage === 'OVERDUE'
                  ? `${title}（${contract.contractNo}）第${i.no}期款项已逾期，尚欠 ${owed} 元（含滞纳金 ${formatYuan(i.lateFeeFen)} 元）；滞纳金按日继续计收，请尽快付至交易中心资金监管账户。`
                  : `${title}（${contract.contractNo}）第${i.no}期款项 ${owed} 元将于${dueZh}到期，请按时付至交易中心资金监管账户。`,
              dealId: deal.id,
              contractId: contract.id,
              dedupeKey: `instalment:${contract.id}:${i.no}:${stage}`,
            },
          ];
        });
        await this.notifications.notify(em, messages);
        sent += messages.length;
      });
    }
    return { sent };
  }

  /**
   * The clerk generates the contract of a CONFIRMED deal from its category's and mode's template, its term starting
   * on `handoverOn` (default: the day after the confirmation). One per deal.
   */
  async generate(caller: AuthUser, dealId: string, handoverOn?: IsoDate): Promise<ContractView> {
    return this.dataSource.transaction(async (em) => {
      const deal = await this.deals.lock(em, dealId);
      if (deal.status !== 'CONFIRMED') throw new DomainError('INVALID_STATE');
      if (await em.getRepository(Contract).existsBy({ dealId })) throw new DomainError('INVALID_STATE');
      const confirmedOn = chinaDateOf(deal.confirmedAt ?? deal.createdAt);
      const startsOn = handoverOn ?? addDays(confirmedOn, 1);
      if (compareIsoDates(startsOn, confirmedOn) < 0) {
        throw new DomainError('VALIDATION_FAILED', {}, [
          { field: 'handoverOn', message: `handoverOn may not be before the deal's confirmation (${confirmedOn})` },
        ]);
      }
      const listing = await em.getRepository(Listing).findOneByOrFail({ id: deal.listingId });
      const winner = await em.getRepository(Registration).findOneByOrFail({ id: deal.registrationId });
      const users = await this.usersOf(em, [deal.sellerId, deal.buyerId]);
      const roles = moneyRoles(listing.categoryCode);
      const sellerId = roles.payee === 'LISTER' ? deal.sellerId : deal.buyerId;
      const buyerId = roles.payer === 'LISTER' ? deal.sellerId : deal.buyerId;
      const procurement = PURCHASE_CATEGORIES.includes(listing.categoryCode);
      const fees = dealFees(
        deal.totalPriceFen,
        { sellerPartyType: users.get(sellerId)!.partyType, buyerPartyType: users.get(buyerId)!.partyType, procurement },
        { schedule: feeScheduleOf(this.config), waived: this.config.SERVICE_FEES_WAIVED },
      );
      const warrantyMonths = numberAttr(listing.attributes, 'warrantyMonths') ?? DEFAULT_WARRANTY_MONTHS;
      const advancePercent = numberAttr(listing.attributes, 'advancePercent') ?? 0;
      // a procurement runs for its delivery period (工期), not for years
      const termYears = procurement ? null : listing.termYears;
      const instalments = planInstalments({
        totalFen: deal.totalPriceFen,
        priceUnit: listing.priceUnit,
        termYears,
        startsOn,
        ...fees,
        ...(procurement ? { procurement: { advancePercent, retentionBp: this.config.RETENTION_BP } } : {}),
      });
      // the deposit goes towards the first instalment (at most all of it); any excess is released at settlement
      const depositAppliedFen = depositToApply(roles, winner.depositFen ?? 0, instalments[0].amountFen);
      const endsOn = termYears ? termEndDate(startsOn, termYears) : null;

      const now = await platformNow(em);
      const signBy = (await this.calendar.current(em)).addWorkingDays(now, this.config.SIGNING_WORKING_DAYS);
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
        address: user.address,
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
          termYears,
          attributes: listing.attributes,
          tradingMethod: listing.tradingMethod,
          collectiveResolution: listing.collectiveResolution,
          households: listing.onBehalfOfHouseholds ? listing.households : null,
        },
        deal: {
          method: deal.method,
          priceFen: deal.priceFen,
          totalPriceFen: deal.totalPriceFen,
          buyerBidderNo: deal.buyerBidderNo,
          dealDate: chinaDateOf(deal.createdAt),
        },
        parties: [party('SELLER', users.get(sellerId)!), party('BUYER', users.get(buyerId)!)],
        money: {
          depositAppliedFen,
          ...fees,
          instalments,
          lateFeeBpPerDay: this.config.LATE_FEE_BP_PER_DAY,
          ...(procurement
            ? {
                procurement: {
                  advancePercent,
                  retentionBp: this.config.RETENTION_BP,
                  warrantyMonths,
                  bondFen: winner.depositFen ?? 0,
                },
              }
            : {}),
        },
        term: { startsOn, endsOn },
        signingDeadline: lastDayBefore(signBy, today),
        issuingCollective:
          listing.categoryCode === 'LAND_CONTRACT' ? await this.issuingCollective(em, listing, village) : null,
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
          renderInput: input as unknown as Record<string, unknown>,
          status: 'AWAITING_SIGNATURES',
          totalPriceFen: deal.totalPriceFen,
          depositAppliedFen,
          buyerFeeFen: fees.buyerFeeFen,
          sellerFeeFen: fees.sellerFeeFen,
          handoverOn: startsOn,
          startsOn,
          endsOn,
          retentionFen: instalments.reduce((sum, i) => sum + i.retentionFen, 0),
          warrantyMonths: procurement ? warrantyMonths : null,
          signBy,
          sellerSignedAt: null,
          buyerSignedAt: null,
          createdBy: caller.id,
        }),
      );
      await em.getRepository(ContractInstalment).insert(
        instalments.map((i) => ({
          contractId: contract.id,
          no: i.no,
          kind: i.kind,
          dueOn: i.dueOn,
          amountFen: i.amountFen,
          buyerFeeFen: i.buyerFeeFen,
          sellerFeeFen: i.sellerFeeFen,
          retentionFen: i.retentionFen,
        })),
      );
      const deadlineZh = formatDateZh(input.signingDeadline);
      await this.notifications.notify(
        em,
        [sellerId, buyerId].map((userId) => ({
          userId,
          kind: 'SIGN_BY' as const,
          title: `请于${deadlineZh}前签订合同 ${contractNo}`,
          body: `“${listing.title}”的${rendered.terms.titleZh}已生成，请于${deadlineZh}前（含当日）签订；逾期未签订的，按交易规则处理。`,
          listingId: listing.id,
          dealId,
          contractId: contract.id,
        })),
      );
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'contract.generated',
        entityType: 'contract',
        entityId: contract.id,
        toStatus: 'AWAITING_SIGNATURES',
        details: { dealId, contractNo, ...fees, depositAppliedFen, startsOn, endsOn, instalments: instalments.length },
      });
      return { contract, deal, certificate: null };
    });
  }

  /**
   * Each party signs once, with its address (住所; default the account's): the name, address and date are written
   * into the text. When both have signed, the contract is SIGNED and the deal CONTRACTED.
   */
  async sign(caller: AuthUser, contractId: string, address?: string): Promise<ContractView> {
    return this.dataSource.transaction(async (em) => {
      const { contract, deal } = await this.lockVisible(em, caller, contractId);
      const party: ContractParty | null =
        caller.id === contract.sellerId ? 'SELLER' : caller.id === contract.buyerId ? 'BUYER' : null;
      if (!party) throw new DomainError('FORBIDDEN');
      if ((party === 'SELLER' ? contract.sellerSignedAt : contract.buyerSignedAt) !== null) {
        throw new DomainError('ALREADY_SIGNED');
      }
      if (deal.status !== 'CONFIRMED' || contract.status !== 'AWAITING_SIGNATURES') {
        throw new DomainError('INVALID_STATE');
      }
      const signer = await em.getRepository(User).findOneByOrFail({ id: caller.id });
      const now = await platformNow(em);
      const signAddress = address ?? signer.address ?? null;
      const signed: Partial<Contract> =
        party === 'SELLER'
          ? { sellerSignedAt: now, sellerSignAddress: signAddress }
          : { buyerSignedAt: now, buyerSignAddress: signAddress };
      const bothSigned = (party === 'SELLER' ? contract.buyerSignedAt : contract.sellerSignedAt) !== null;
      const after = { ...contract, ...signed } as Contract;
      await em.getRepository(Contract).save({
        ...after,
        ...this.rerender(after),
        ...(bothSigned ? { status: 'SIGNED' as const } : {}),
      });
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'contract.signed',
        entityType: 'contract',
        entityId: contract.id,
        fromStatus: contract.status,
        toStatus: bothSigned ? 'SIGNED' : contract.status,
        details: { party, address: signAddress },
      });
      const updatedDeal = bothSigned ? await this.deals.move(em, caller, deal, 'CONTRACTED', 'deal.contracted') : deal;
      const updated = await em.getRepository(Contract).findOneByOrFail({ id: contract.id });
      return { contract: updated, deal: updatedDeal, certificate: null };
    });
  }

  /**
   * Records a payment of the paying party from the bank statement (Dr BANK, Cr BUYER_FUNDS). It fills the oldest
   * open instalment first and may not exceed what is payable now (`422 OVERPAYMENT`): the first instalment from the
   * signing, each later one from 30 days before its due date. The answer is recorded under the request's
   * Idempotency-Key in the same transaction.
   */
  async recordPayment(caller: AuthUser, contractId: string, amountFen: number, bankRef: string): Promise<PaymentDto> {
    return this.dataSource.transaction(async (em) => {
      const { contract, deal } = await this.lockVisible(em, caller, contractId);
      if (!['CONFIRMED', 'CONTRACTED', 'SETTLED'].includes(deal.status)) throw new DomainError('INVALID_STATE');
      const before = await this.scheduleIn(em, contract, deal);
      if (paymentProblem(amountFen, before.statement)) {
        throw new DomainError('OVERPAYMENT', { outstandingFen: before.statement.outstandingFen }, [
          { field: 'amountFen', message: `at most ${before.statement.outstandingFen} fen is payable now` },
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
          receivedAt: await platformNow(em),
        }),
      );
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'contract.payment_recorded',
        entityType: 'contract',
        entityId: contract.id,
        details: { paymentId: payment.id, amountFen, bankRef },
      });
      const answer = toPaymentDto(payment, (await this.scheduleIn(em, contract, deal)).statement);
      await this.idempotency.recordWithin(em, answer);
      return answer;
    });
  }

  /**
   * Settles the first instalment of a signed contract (the whole price when there is one): the winner's deposit
   * applied to it (any excess released; a procurement's supplier's deposit stays as the performance bond), its fees
   * booked, the payee paid, the certificate issued, the deal SETTLED and the contract IN_FORCE (COMPLETED at once when
   * nothing else is left).
   */
  async settle(caller: AuthUser, contractId: string, bankRef: string): Promise<ContractView> {
    return this.dataSource.transaction(async (em) => {
      const { contract, deal } = await this.lockVisible(em, caller, contractId);
      if (deal.status !== 'CONTRACTED' || contract.status !== 'SIGNED') throw new DomainError('INVALID_STATE');
      const schedule = await this.scheduleIn(em, contract, deal);
      const first = schedule.instalments[0];
      if (first.status !== 'PAID') {
        throw new DomainError('NOT_FULLY_PAID', { outstandingFen: dueOf(first) - first.paidFen });
      }
      const winner = await em.getRepository(Registration).findOneByOrFail({ id: deal.registrationId });
      const actorId = caller.id;
      if (contract.depositAppliedFen > 0) {
        await this.ledger.post(em, { ...depositApplied(winner.id, deal.id, contract.depositAppliedFen), actorId });
      }
      const procurement = PURCHASE_CATEGORIES.includes(await this.categoryOf(em, deal));
      // a deposit not applied to the price goes back to the bidder, except a supplier's: its performance bond
      const depositLeft = (winner.depositFen ?? 0) - contract.depositAppliedFen;
      if (depositLeft > 0 && !procurement) {
        await this.ledger.post(em, { ...depositReleased(winner.id, depositLeft), actorId });
      }
      const paidOutFen = await this.settleInstalmentIn(em, actorId, deal, first);
      const now = await platformNow(em);
      const settled = await this.deals.move(em, caller, deal, 'SETTLED', 'deal.settled', { closedAt: now });
      const certificate = await this.certificates.issue(em, settled, contract, now);
      const status = await this.moveContract(em, caller, contract, 'IN_FORCE');
      await this.filings.fileIn(em, contract, settled, actorId); // 备案: a land contract in force, DOMAIN.md §2 step 12
      await this.audit.record(em, {
        actorId,
        action: 'contract.settled',
        entityType: 'contract',
        entityId: contract.id,
        toStatus: status,
        details: { bankRef, instalment: first.no, paidOutFen, certificateNo: certificate.certificateNo },
      });
      return {
        contract: await em.getRepository(Contract).findOneByOrFail({ id: contract.id }),
        deal: settled,
        certificate,
      };
    });
  }

  /**
   * Settles a later instalment once it is paid in full (`409 NOT_FULLY_PAID`), the earlier ones settled first: its
   * fees and late fee booked, the payee paid. The contract is COMPLETED after the last (and any retention).
   */
  async settleInstalment(
    caller: AuthUser,
    contractId: string,
    no: number,
    bankRef: string,
  ): Promise<ContractView & { instalments: InstalmentState[] }> {
    if (no === 1) {
      const view = await this.settle(caller, contractId, bankRef);
      return { ...view, instalments: await this.instalments(caller, contractId) };
    }
    return this.dataSource.transaction(async (em) => {
      const { contract, deal } = await this.lockVisible(em, caller, contractId);
      if (!(await em.getRepository(ContractInstalment).existsBy({ contractId, no })))
        throw new DomainError('NOT_FOUND');
      if (contract.status !== 'IN_FORCE') throw new DomainError('INVALID_STATE');
      const schedule = await this.scheduleIn(em, contract, deal);
      const instalment = schedule.instalments.find((i) => i.no === no)!;
      if (instalment.status === 'SETTLED') throw new DomainError('INVALID_STATE');
      if (schedule.instalments.some((i) => i.no < no && i.status !== 'SETTLED')) throw new DomainError('INVALID_STATE');
      if (instalment.status !== 'PAID') {
        throw new DomainError('NOT_FULLY_PAID', { outstandingFen: dueOf(instalment) - instalment.paidFen });
      }
      const paidOutFen = await this.settleInstalmentIn(em, caller.id, deal, instalment);
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'contract.instalment_settled',
        entityType: 'contract',
        entityId: contract.id,
        details: { bankRef, instalment: no, lateFeeFen: instalment.lateFeeFen, paidOutFen },
      });
      await this.completeIfDone(em, caller, contract);
      const updated = await em.getRepository(Contract).findOneByOrFail({ id: contract.id });
      const certificate = await em.getRepository(Certificate).findOneBy({ dealId: deal.id });
      return {
        contract: updated,
        deal,
        certificate,
        instalments: (await this.scheduleIn(em, updated, deal)).instalments,
      };
    });
  }

  /**
   * A procurement's acceptance (验收): by the purchasing collective, then countersigned by a clerk, each once
   * (`409 ALREADY_ACCEPTED`). When both have accepted, the balance falls due today and the supplier's performance
   * bond is released for refund.
   */
  async accept(caller: AuthUser, contractId: string, note: string): Promise<ContractView> {
    return this.dataSource.transaction(async (em) => {
      const { contract, deal } = await this.lockVisible(em, caller, contractId);
      if (!PURCHASE_CATEGORIES.includes(await this.categoryOf(em, deal))) throw new DomainError('INVALID_STATE');
      if (contract.status !== 'SIGNED' && contract.status !== 'IN_FORCE') throw new DomainError('INVALID_STATE');
      const now = await platformNow(em);
      const byPurchaser = caller.id === contract.buyerId;
      const byClerk = caller.roles.includes('clerk');
      if (!byPurchaser && !byClerk) throw new DomainError('FORBIDDEN');
      if (byPurchaser) {
        if (contract.purchaserAcceptedAt) throw new DomainError('ALREADY_ACCEPTED');
        await em
          .getRepository(Contract)
          .update({ id: contract.id }, { purchaserAcceptedAt: now, acceptanceNote: note });
      } else {
        if (contract.clerkAcceptedAt) throw new DomainError('ALREADY_ACCEPTED');
        if (!contract.purchaserAcceptedAt) throw new DomainError('INVALID_STATE'); // the purchaser accepts first
        await em.getRepository(Contract).update({ id: contract.id }, { clerkAcceptedAt: now });
        const acceptedOn = chinaDateOf(now);
        await em
          .getRepository(ContractInstalment)
          .update({ contractId: contract.id, kind: 'BALANCE' }, { dueOn: acceptedOn });
        // the supplier's deposit, held as the performance bond, is released at acceptance
        const winner = await em.getRepository(Registration).findOneByOrFail({ id: deal.registrationId });
        const held = await this.ledger.balanceOf(em, `DEPOSITS_HELD:${winner.id}`);
        if (held > 0) await this.ledger.post(em, { ...depositReleased(winner.id, held), actorId: caller.id });
      }
      await this.audit.record(em, {
        actorId: caller.id,
        action: byPurchaser ? 'contract.accepted_by_purchaser' : 'contract.accepted_by_clerk',
        entityType: 'contract',
        entityId: contract.id,
        details: { note },
      });
      const updated = await em.getRepository(Contract).findOneByOrFail({ id: contract.id });
      const certificate = await em.getRepository(Certificate).findOneBy({ dealId: deal.id });
      return { contract: updated, deal, certificate };
    });
  }

  /** Releases a procurement's retention once the warranty has ended (`409 WARRANTY_NOT_OVER`), and pays it out. */
  async releaseRetention(caller: AuthUser, contractId: string, bankRef: string): Promise<ContractView> {
    return this.dataSource.transaction(async (em) => {
      const { contract, deal } = await this.lockVisible(em, caller, contractId);
      if (contract.retentionFen <= 0 || contract.retentionReleasedAt || !contract.clerkAcceptedAt) {
        throw new DomainError('INVALID_STATE');
      }
      const held = await this.ledger.balanceOf(em, `RETENTION_HELD:${deal.id}`);
      if (held <= 0) throw new DomainError('INVALID_STATE'); // the balance is not settled yet
      const now = await platformNow(em);
      const warrantyEnds = addMonths(chinaDateOf(contract.clerkAcceptedAt), contract.warrantyMonths ?? 0);
      if (compareIsoDates(chinaDateOf(now), warrantyEnds) < 0) {
        throw new DomainError('WARRANTY_NOT_OVER', { warrantyEndsOn: warrantyEnds });
      }
      await this.ledger.post(em, { ...retentionReleased(deal.id, held), actorId: caller.id });
      const owed = await this.ledger.balanceOf(em, sellerPayable(deal.id));
      if (owed > 0) await this.ledger.post(em, { ...payout(deal.id, owed), actorId: caller.id });
      await em.getRepository(Contract).update({ id: contract.id }, { retentionReleasedAt: now });
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'contract.retention_released',
        entityType: 'contract',
        entityId: contract.id,
        details: { bankRef, amountFen: held, warrantyEndsOn: warrantyEnds },
      });
      await this.completeIfDone(em, caller, { ...contract, retentionReleasedAt: now });
      const updated = await em.getRepository(Contract).findOneByOrFail({ id: contract.id });
      const certificate = await em.getRepository(Certificate).findOneBy({ dealId: deal.id });
      return { contract: updated, deal, certificate };
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

  async statement(caller: AuthUser, contractId: string): Promise<Statement & { instalments: InstalmentState[] }> {
    const { contract, deal } = await this.findVisible(caller, contractId);
    const schedule = await this.scheduleIn(this.dataSource.manager, contract, deal);
    return { ...schedule.statement, instalments: schedule.instalments };
  }

  /** The instalments with where each stands today (API.md `GET /contracts/:id/instalments`). */
  async instalments(caller: AuthUser, contractId: string): Promise<InstalmentState[]> {
    const { contract, deal } = await this.findVisible(caller, contractId);
    return (await this.scheduleIn(this.dataSource.manager, contract, deal)).instalments;
  }

  /** A contract's payments, oldest first, with its statement (one visibility check for both). */
  async payments(
    caller: AuthUser,
    contractId: string,
    query: PageQueryDto,
  ): Promise<{ page: Page<ContractPayment>; statement: Statement }> {
    const { contract, deal } = await this.findVisible(caller, contractId);
    const [items, total] = await this.dataSource.getRepository(ContractPayment).findAndCount({
      where: { contractId: contract.id },
      order: { receivedAt: 'ASC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    const schedule = await this.scheduleIn(this.dataSource.manager, contract, deal);
    return { page: pageOf(items, total, query), statement: schedule.statement };
  }

  /** Books one instalment's settlement (its fees, late fee and any retention) and pays the payee what is owed. */
  private async settleInstalmentIn(
    em: EntityManager,
    actorId: string,
    deal: Deal,
    instalment: InstalmentState,
  ): Promise<number> {
    await this.ledger.post(em, {
      ...settlement(deal.id, {
        totalFen: instalment.amountFen,
        buyerFeeFen: instalment.buyerFeeFen,
        sellerFeeFen: instalment.sellerFeeFen,
        lateFeeFen: instalment.lateFeeFen,
        retentionFen: instalment.retentionFen,
      }),
      actorId,
    });
    const owed = await this.ledger.balanceOf(em, sellerPayable(deal.id));
    if (owed > 0) await this.ledger.post(em, { ...payout(deal.id, owed), actorId });
    await em
      .getRepository(ContractInstalment)
      .update(
        { contractId: (await this.contractOf(em, deal)).id, no: instalment.no },
        { settledAt: await platformNow(em), lateFeeFen: instalment.lateFeeFen },
      );
    return owed;
  }

  /** IN_FORCE → COMPLETED once every instalment is settled and no retention is still held. */
  private async completeIfDone(em: EntityManager, caller: AuthUser, contract: Contract): Promise<void> {
    const unsettled = await em
      .getRepository(ContractInstalment)
      .countBy({ contractId: contract.id, settledAt: IsNull() });
    if (unsettled > 0) return;
    if (contract.retentionFen > 0 && !contract.retentionReleasedAt) return;
    await this.moveContract(em, caller, contract, 'COMPLETED');
  }

  /** Moves the contract's status (IN_FORCE, COMPLETED), audited; answers the status it ends in. */
  private async moveContract(
    em: EntityManager,
    caller: AuthUser,
    contract: Contract,
    to: 'IN_FORCE' | 'COMPLETED',
  ): Promise<Contract['status']> {
    const now = await platformNow(em);
    await em
      .getRepository(Contract)
      .update({ id: contract.id }, { status: to, ...(to === 'COMPLETED' ? { completedAt: now } : {}) });
    await this.audit.record(em, {
      actorId: caller.id,
      action: to === 'IN_FORCE' ? 'contract.in_force' : 'contract.completed',
      entityType: 'contract',
      entityId: contract.id,
      fromStatus: contract.status,
      toStatus: to,
    });
    if (to === 'IN_FORCE') {
      await this.completeIfDone(em, caller, { ...contract, status: 'IN_FORCE' });
      const [{ status }] = (await em.query(`SELECT status FROM contracts WHERE id = $1`, [contract.id])) as {
        status: Contract['status'];
      }[];
      return status;
    }
    return to;
  }

  /**
   * Where the contract's money stands today: its instalments filled by the deposit and the payments (oldest first),
   * their late fees and statuses, and the statement (what is payable, paid, outstanding and paid out).
   */
  private async scheduleIn(em: EntityManager, contract: Contract, deal: Deal): Promise<Schedule> {
    const today = chinaDateOf(await platformNow(em));
    const rows = await em.getRepository(ContractInstalment).find({
      where: { contractId: contract.id },
      order: { no: 'ASC' },
    });
    const plan: PlannedInstalment[] = rows.map((r) => ({
      no: r.no,
      kind: r.kind,
      dueOn: r.dueOn,
      amountFen: r.amountFen,
      buyerFeeFen: r.buyerFeeFen,
      sellerFeeFen: r.sellerFeeFen,
      retentionFen: r.retentionFen,
    }));
    const payments = await em.getRepository(ContractPayment).find({
      where: { contractId: contract.id },
      order: { receivedAt: 'ASC', id: 'ASC' },
    });
    const credits: Credit[] = [
      ...(contract.depositAppliedFen > 0
        ? [{ on: chinaDateOf(deal.confirmedAt ?? deal.createdAt), amountFen: contract.depositAppliedFen }]
        : []),
      ...payments.map((p) => ({ on: chinaDateOf(p.receivedAt), amountFen: p.amountFen })),
    ];
    const signedAt =
      contract.sellerSignedAt && contract.buyerSignedAt
        ? new Date(Math.max(contract.sellerSignedAt.getTime(), contract.buyerSignedAt.getTime()))
        : null;
    const state = scheduleState(plan, {
      credits,
      today,
      lateFeeBpPerDay:
        (contract.terms as { paymentSchedule?: { lateFeeBpPerDay?: number } }).paymentSchedule?.lateFeeBpPerDay ??
        this.config.LATE_FEE_BP_PER_DAY,
      signedOn: signedAt ? chinaDateOf(signedAt) : null,
      acceptedOn: contract.clerkAcceptedAt ? chinaDateOf(contract.clerkAcceptedAt) : null,
      settled: new Map(rows.filter((r) => r.settledAt).map((r) => [r.no, { lateFeeFen: r.lateFeeFen ?? 0 }])),
    });
    // what came in from the payer (less what a default returned) and what went out to the payee, from the ledger
    const bankRows: { kind: string; bank: string }[] = await em.query(
      `SELECT e.kind, SUM(p.amount_fen)::text AS bank
         FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id
        WHERE e.deal_id = $1 AND p.account = $2 AND e.kind IN ('PAYMENT_RECEIVED', 'PAYMENT_RETURNED', 'PAYOUT')
        GROUP BY e.kind`,
      [contract.dealId, bank()],
    );
    const bankBy = (kind: string): number => Number(bankRows.find((r) => r.kind === kind)?.bank ?? 0);
    const statement = statementOf({
      totalPriceFen: contract.totalPriceFen,
      depositAppliedFen: contract.depositAppliedFen,
      buyerFeeFen: contract.buyerFeeFen,
      sellerFeeFen: contract.sellerFeeFen,
      payableFen: state.payableFen,
      paidFen: bankBy('PAYMENT_RECEIVED') + bankBy('PAYMENT_RETURNED'),
      disbursedToSellerFen: -bankBy('PAYOUT'),
    });
    // a defaulted deal owes nothing more: its payments went back and its deposit was forfeited
    const ended = deal.status === 'DEFAULTED' || deal.status === 'CANCELLED';
    return {
      today,
      instalments: state.instalments,
      statement: ended ? { ...statement, outstandingFen: 0 } : statement,
    };
  }

  /** The text and public copy again, from what the contract was rendered from and its signatures so far. */
  private rerender(contract: Contract): Pick<Contract, 'terms' | 'textZh' | 'publicTerms' | 'publicTextZh'> {
    const input = contract.renderInput as unknown as ContractInput | null;
    if (!input)
      return {
        terms: contract.terms,
        textZh: contract.textZh,
        publicTerms: contract.publicTerms,
        publicTextZh: contract.publicTextZh,
      };
    const nameOf = (role: ContractParty): string => input.parties.find((p) => p.role === role)?.name ?? '';
    const signatures: ContractSignature[] = [];
    if (contract.sellerSignedAt) {
      signatures.push({
        role: 'SELLER',
        name: nameOf('SELLER'),
        address: contract.sellerSignAddress,
        signedOn: chinaDateOf(contract.sellerSignedAt),
      });
    }
    if (contract.buyerSignedAt) {
      signatures.push({
        role: 'BUYER',
        name: nameOf('BUYER'),
        address: contract.buyerSignAddress,
        signedOn: chinaDateOf(contract.buyerSignedAt),
      });
    }
    const full = renderContract({ ...input, signatures, publicCopy: false });
    const copy = renderContract({ ...input, signatures, publicCopy: true });
    return {
      terms: full.terms as unknown as Record<string, unknown>,
      textZh: full.textZh,
      publicTerms: copy.terms as unknown as Record<string, unknown>,
      publicTextZh: copy.textZh,
    };
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

  private async contractOf(em: EntityManager, deal: Deal): Promise<Contract> {
    return em.getRepository(Contract).findOneByOrFail({ dealId: deal.id });
  }

  private async categoryOf(em: EntityManager, deal: Deal): Promise<Listing['categoryCode']> {
    const listing = await em.getRepository(Listing).findOneOrFail({
      where: { id: deal.listingId },
      select: { id: true, categoryCode: true },
    });
    return listing.categoryCode;
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

  /**
   * The issuing collective (发包方) of the land: the village's collective economic organization as registered on the
   * platform (its oldest COLLECTIVE account), or named after the village.
   */
  private async issuingCollective(
    em: EntityManager,
    listing: Listing,
    villageName: string,
  ): Promise<{ name: string; villageCode: string }> {
    const registered = await em.getRepository(User).findOne({
      where: { partyType: 'COLLECTIVE', villageCode: listing.villageCode },
      order: { createdAt: 'ASC' },
    });
    return { name: registered?.name ?? `${villageName}股份经济合作社`, villageCode: listing.villageCode };
  }

  /** `HA-HT-2026-000123` (合同): county prefix, the year (China time), a database sequence. */
  private async nextContractNo(em: EntityManager, now: Date): Promise<string> {
    const [{ n }] = await em.query(`SELECT nextval('contract_no_seq')::text AS n`);
    return `${this.config.LISTING_NO_PREFIX}-HT-${chinaDateOf(now).slice(0, 4)}-${String(n).padStart(6, '0')}`;
  }
}

/** What an instalment asks in all: its amount, its buyer fee and its late fee so far. */
function dueOf(i: InstalmentState): number {
  return i.amountFen + i.buyerFeeFen + i.lateFeeFen;
}

function numberAttr(attrs: Record<string, unknown>, key: string): number | undefined {
  const value = attrs[key];
  return typeof value === 'number' ? value : undefined;
}

/** The last calendar day (China time) before the instant `deadline`, but not before `today`. */
function lastDayBefore(deadline: Date, today: IsoDate): IsoDate {
  const day = chinaDateOf(new Date(deadline.getTime() - 1));
  return day < today ? today : day;
}
