import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { isStaff } from '../accounts/domain/roles';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth/auth.decorators';
import { moveStatus } from '../common/database/conditional-move';
import { platformNow } from '../common/database/platform-clock';
import { addDays, chinaDateOf, startOfChinaDay } from '../common/domain/calendar-date';
import { DomainError } from '../common/errors/domain-error';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import type { ContractTerms, TermsParty } from '../contracts/domain/contract.types';
import type { Contract } from '../contracts/entities/contract.entity';
import type { Deal } from '../deals/entities/deal.entity';
import { DivisionsService } from '../divisions/divisions.service';
import { NotificationsService } from '../notifications/notifications.service';
import {
  canMoveFiling,
  canMoveRegistration,
  FilingStatus,
  isFiledCategory,
  needsRegistration,
  RegistrationOutcome,
  RegistrationStatus,
  termYearsOf,
  TransferRow,
  transfersCsv,
} from './domain/filing-rules';
import { Filing } from './filing.entity';
import { registerFieldsOf } from './filing.mapper';

/** At most this many rows in one CSV export of the register (a county's years of transfers fit many times over). */
export const MAX_CSV_ROWS = 50_000;

export interface FilingQuery extends PageQueryDto {
  status?: FilingStatus;
  registration?: RegistrationStatus;
  village?: string;
}

export interface TransfersQuery extends PageQueryDto {
  village?: string;
  from?: string;
  to?: string;
}

/** Who sees which filings: staff all of them, a village collective its own village's. */
type Scope = { all: true } | { all: false; villageCode: string };

/**
 * Filing (备案) of land contracts in force with the issuing collective and the township station, the registration
 * application of a transfer of 5 years or more (土地经营权登记), and each village's transfer register (流转台账),
 * DOMAIN.md §2 step 12. The filing is written by `fileIn`, in the transaction that puts the contract in force;
 * everything the register lists is read from the filing itself.
 */
@Injectable()
export class FilingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly accounts: AccountsService,
    private readonly divisions: DivisionsService,
  ) {}

  /**
   * Files a contract that has just come into force, in the caller's transaction: a `LAND_CONTRACT` contract gets one
   * filing (FILED), with a registration application (APPLIED) when its term is 5 years or more; any other category
   * is not filed (null). Filing twice is impossible (`uq_filings_contract`): a second call answers the first filing.
   */
  async fileIn(em: EntityManager, contract: Contract, deal: Deal, actorId: string): Promise<Filing | null> {
    const terms = contract.terms as unknown as ContractTerms;
    if (!isFiledCategory(terms.asset.categoryCode)) return null;
    const villageCode = terms.asset.village.code;
    const village = await this.divisions.findVillage(villageCode, em);
    const term = { termYears: terms.term?.years ?? null, startsOn: contract.startsOn, endsOn: contract.endsOn };
    const registration: RegistrationStatus | null = needsRegistration(term) ? 'APPLIED' : null;
    const seller = partyOf(terms, 'SELLER');
    const buyer = partyOf(terms, 'BUYER');
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(Filing)
      .values({
        contractId: contract.id,
        dealId: deal.id,
        listingId: deal.listingId,
        contractNo: contract.contractNo,
        listingNo: terms.asset.listingNo,
        villageCode,
        villageName: village?.name ?? terms.asset.village.name,
        townshipCode: village?.parentCode ?? villageCode.slice(0, 9),
        issuingCollective: terms.issuingCollective?.name ?? `${terms.asset.village.name}股份经济合作社`,
        transferMode: terms.transferMode,
        areaMu: terms.asset.areaMu === null ? null : Number(terms.asset.areaMu),
        sellerId: contract.sellerId,
        sellerName: seller.name,
        buyerId: contract.buyerId,
        buyerName: buyer.name,
        startsOn: contract.startsOn,
        endsOn: contract.endsOn,
        termYears: termYearsOf(term),
        priceFen: deal.priceFen,
        priceUnit: terms.priceUnit,
        totalPriceFen: contract.totalPriceFen,
        status: 'FILED',
        filedAt: () => 'platform_now()',
        registrationStatus: registration,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const created = (inserted.raw as { id: string }[]).length > 0;
    const filing = await em.getRepository(Filing).findOneByOrFail({ contractId: contract.id });
    if (created) {
      await this.audit.record(em, {
        actorId,
        action: 'filing.filed',
        entityType: 'filing',
        entityId: filing.id,
        toStatus: 'FILED',
        details: {
          contractId: contract.id,
          contractNo: contract.contractNo,
          villageCode,
          townshipCode: filing.townshipCode,
          termYears: filing.termYears,
          registration,
        },
      });
    }
    return filing;
  }

  /** The filings the caller may see, newest first: staff all, a village collective its own village's. */
  async list(caller: AuthUser, query: FilingQuery): Promise<Page<Filing>> {
    const village = this.villageFor(await this.scopeOf(caller), query.village);
    const qb = this.dataSource.getRepository(Filing).createQueryBuilder('f');
    if (village) qb.andWhere('f.villageCode = :village', { village });
    if (query.status) qb.andWhere('f.status = :status', { status: query.status });
    if (query.registration) qb.andWhere('f.registrationStatus = :reg', { reg: query.registration });
    const [items, total] = await qb
      .orderBy('f.filedAt', 'DESC')
      .addOrderBy('f.id', 'ASC')
      .skip(offsetOf(query))
      .take(query.pageSize)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  /** One filing: staff any, a village collective its own village's (another's is 404); anyone else 403. */
  async findVisible(caller: AuthUser, id: string): Promise<Filing> {
    const scope = await this.scopeOf(caller);
    const filing = await this.dataSource.getRepository(Filing).findOneBy({ id });
    if (!filing || (!scope.all && filing.villageCode !== scope.villageCode)) throw new DomainError('NOT_FOUND');
    return filing;
  }

  /** The clerk acknowledges a filing (FILED → ACKNOWLEDGED, once); both parties are told. */
  async acknowledge(caller: AuthUser, id: string): Promise<Filing> {
    return this.dataSource.transaction(async (em) => {
      const filing = await this.findIn(em, id);
      if (!canMoveFiling(filing.status, 'ACKNOWLEDGED')) throw new DomainError('INVALID_STATE');
      const now = await platformNow(em);
      await moveStatus(em, Filing, filing, 'ACKNOWLEDGED', { acknowledgedAt: now, acknowledgedBy: caller.id });
      await this.notifications.notify(
        em,
        [filing.sellerId, filing.buyerId].map((userId) => ({
          userId,
          kind: 'FILING_ACKNOWLEDGED' as const,
          title: `合同 ${filing.contractNo} 已备案`,
          body:
            `合同 ${filing.contractNo}（${filing.villageName}，挂牌编号 ${filing.listingNo}）已报发包方` +
            `${filing.issuingCollective}和乡镇农村经营管理站备案，备案已确认。`,
          listingId: filing.listingId,
          dealId: filing.dealId,
          contractId: filing.contractId,
        })),
      );
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'filing.acknowledged',
        entityType: 'filing',
        entityId: filing.id,
        fromStatus: filing.status,
        toStatus: 'ACKNOWLEDGED',
        details: { contractNo: filing.contractNo },
      });
      return em.getRepository(Filing).findOneByOrFail({ id });
    });
  }

  /**
   * The clerk records the outcome of the registration application (REGISTERED or REFUSED, once, from APPLIED); a
   * filing without an application is `409 INVALID_STATE`.
   */
  async recordRegistration(
    caller: AuthUser,
    id: string,
    outcome: RegistrationOutcome,
    note: string | undefined,
  ): Promise<Filing> {
    return this.dataSource.transaction(async (em) => {
      const filing = await this.findIn(em, id);
      if (!canMoveRegistration(filing.registrationStatus, outcome)) throw new DomainError('INVALID_STATE');
      const now = await platformNow(em);
      const result = await em
        .createQueryBuilder()
        .update(Filing)
        .set({
          registrationStatus: outcome,
          registrationNote: note ?? null,
          registrationDecidedAt: now,
          registrationDecidedBy: caller.id,
        })
        .where('id = :id AND registration_status = :from', { id, from: filing.registrationStatus })
        .execute();
      if (result.affected !== 1) throw new DomainError('INVALID_STATE');
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'filing.registration_recorded',
        entityType: 'filing',
        entityId: filing.id,
        fromStatus: filing.registrationStatus,
        toStatus: outcome,
        details: { contractNo: filing.contractNo, note: note ?? null },
      });
      return em.getRepository(Filing).findOneByOrFail({ id });
    });
  }

  /** A page of the transfer register (流转台账), in the order filed. */
  async transfers(caller: AuthUser, query: TransfersQuery): Promise<Page<Filing>> {
    const village = this.villageFor(await this.scopeOf(caller), query.village);
    const qb = this.registerQuery(village, query);
    const [items, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
    return pageOf(items, total, query);
  }

  /**
   * The whole register as CSV (at most MAX_CSV_ROWS rows; `total` says how many there were), for the village asked
   * for (a collective: its own).
   */
  async transfersCsv(
    caller: AuthUser,
    query: Omit<TransfersQuery, 'page' | 'pageSize'>,
  ): Promise<{ village: string | null; csv: string; total: number }> {
    const village = this.villageFor(await this.scopeOf(caller), query.village) ?? null;
    const qb = this.registerQuery(village, query);
    const [items, total] = await qb.take(MAX_CSV_ROWS).getManyAndCount();
    return { village, csv: transfersCsv(items.map(toTransferRow)), total };
  }

  /** The register's rows of `village` (null or undefined: every village) filed from `from` to `to`, in order. */
  private registerQuery(
    village: string | null | undefined,
    query: Pick<TransfersQuery, 'from' | 'to'>,
  ): SelectQueryBuilder<Filing> {
    if (query.from && query.to && query.from > query.to) {
      throw new DomainError('VALIDATION_FAILED', {}, [{ field: 'from', message: 'from must not be after to' }]);
    }
    const qb = this.dataSource.getRepository(Filing).createQueryBuilder('f');
    if (village) qb.andWhere('f.villageCode = :village', { village });
    // calendar days in China time, both ends included
    if (query.from) qb.andWhere('f.filedAt >= :start', { start: startOfChinaDay(query.from) });
    if (query.to) qb.andWhere('f.filedAt < :end', { end: startOfChinaDay(addDays(query.to, 1)) });
    return qb.orderBy('f.filedAt', 'ASC').addOrderBy('f.id', 'ASC');
  }

  /** Staff see every village; a COLLECTIVE seller account with a village its own; anyone else is refused. */
  private async scopeOf(caller: AuthUser): Promise<Scope> {
    if (isStaff(caller.roles)) return { all: true };
    if (caller.roles.includes('seller')) {
      const account = await this.accounts.findById(caller.id);
      if (account.partyType === 'COLLECTIVE' && account.villageCode) {
        return { all: false, villageCode: account.villageCode };
      }
    }
    throw new DomainError('FORBIDDEN');
  }

  /** The village to filter on: the one asked for (staff: any or none), a collective's own (another: 403). */
  private villageFor(scope: Scope, requested: string | undefined): string | undefined {
    if (scope.all) return requested;
    if (requested !== undefined && requested !== scope.villageCode) throw new DomainError('FORBIDDEN');
    return scope.villageCode;
  }

  private async findIn(em: EntityManager, id: string): Promise<Filing> {
    const filing = await em.getRepository(Filing).findOneBy({ id });
    if (!filing) throw new DomainError('NOT_FOUND');
    return filing;
  }
}

function partyOf(terms: ContractTerms, role: TermsParty['role']): TermsParty {
  const party = [terms.parties.partyA, terms.parties.partyB].find((p) => p.role === role);
  if (!party) throw new Error(`contract ${terms.contractNo} names no ${role}`);
  return party;
}

/** A filing as a row of the register (its day filed in China time). */
export function toTransferRow(f: Filing): TransferRow {
  return {
    ...registerFieldsOf(f),
    filedOn: chinaDateOf(f.filedAt),
    status: f.status,
    registrationStatus: f.registrationStatus,
  };
}
