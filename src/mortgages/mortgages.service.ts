import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import { isStaff } from '../accounts/domain/roles';
import { User } from '../accounts/entities/user.entity';
import { AuditService } from '../audit/audit.service';
import { CertifiedRight, findCertifiedRight, findCertifiedRights } from '../certificates/certified-right';
import { AuthUser } from '../common/auth/auth.decorators';
import { moveStatus } from '../common/database/conditional-move';
import { platformNow } from '../common/database/platform-clock';
import { DomainError } from '../common/errors/domain-error';
import { formatYuan } from '../common/domain/money-words';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { DocumentKind, ListingDocument } from '../documents/document.entity';
import { DocumentsService, UploadedFile } from '../documents/documents.service';
import { NotificationsService } from '../notifications/notifications.service';
import { canMortgageTransition, isMortgageable, missingConsent, MortgageStatus } from './domain/mortgage-rules';
import { ApplyMortgageDto, MortgageSearchDto } from './dto/mortgage.dto';
import { Mortgage } from './entities/mortgage.entity';
import { MortgageView } from './mortgage.mapper';
import { holdsOpenMortgage } from './encumbrance';

/** The columns a move sets besides the status. */
type MovePatch = Partial<Pick<Mortgage, 'registeredAt' | 'refusedAt' | 'refusalReason' | 'releasedAt'>>;

/**
 * Mortgage registration of traded rights (抵押登记, DOMAIN.md §2 step 13): a lender applies with the certificate's
 * verification code and uploads the consents, a clerk registers or refuses, the lender releases. Every move is one
 * transaction that first locks the certificate's row (so moves on one right, and a re-transfer checked meanwhile,
 * queue there), then moves the mortgage with a conditional UPDATE; every move audited, the parties told in the same
 * transaction.
 */
@Injectable()
export class MortgagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly documents: DocumentsService,
  ) {}

  /**
   * The lender applies for a mortgage on the right certified under `certificateNo`. A wrong code is answered like an
   * unknown certificate (404: no oracle). The right must be in force and one that can secure a loan (409
   * INVALID_STATE otherwise), and the lender may hold one open mortgage on it at a time (409 INVALID_STATE).
   */
  async apply(caller: AuthUser, certificateNo: string, dto: ApplyMortgageDto): Promise<MortgageView> {
    const id = await this.dataSource.transaction(async (em) => {
      const right = await findCertifiedRight(em, { certificateNo }, { lock: 'update', code: dto.code });
      if (!right) throw new DomainError('NOT_FOUND');
      if (right.dealStatus !== 'SETTLED' || !isMortgageable(right.transferMode)) {
        throw new DomainError('INVALID_STATE');
      }
      if (await holdsOpenMortgage(em, right.certificateId, caller.id)) throw new DomainError('INVALID_STATE');
      const mortgage = em.getRepository(Mortgage).create({
        certificateId: right.certificateId,
        lenderId: caller.id,
        holderId: right.holderId,
        status: 'APPLIED',
        principalFen: dto.principalFen,
        termMonths: dto.termMonths,
        appliedAt: await platformNow(em),
      });
      await em.getRepository(Mortgage).save(mortgage);
      await this.audit.record(em, {
        actorId: caller.id,
        action: 'mortgage.applied',
        entityType: 'mortgage',
        entityId: mortgage.id,
        toStatus: 'APPLIED',
        details: {
          certificateNo: right.certificateNo,
          principalFen: dto.principalFen,
          termMonths: dto.termMonths,
        },
      });
      return mortgage.id;
    });
    return this.viewOf(this.dataSource.manager, await this.dataSource.getRepository(Mortgage).findOneByOrFail({ id }));
  }

  /**
   * A clerk registers the mortgage: it must be APPLIED and carry the consents its right needs (the holder's; for a
   * leased right also the lessor's): `422 DOCUMENT_MISSING` naming the first one missing. The lender and the holder
   * are told.
   */
  async register(caller: AuthUser, id: string): Promise<MortgageView> {
    return this.move(caller, id, 'REGISTERED', async (em, mortgage, right, now) => {
      const kinds = (await this.documents.ofMortgages(em, [mortgage.id])).map((d) => d.kind);
      const missing = missingConsent(right.transferMode, kinds);
      if (missing) {
        throw new DomainError('DOCUMENT_MISSING', { kind: missing }, [{ field: 'documents', message: missing }]);
      }
      const title = `抵押登记已办理：鉴证书 ${right.certificateNo}`;
      const body =
        `交易鉴证书 ${right.certificateNo} 项下权利的抵押已登记，抵押权人 ${await this.nameOf(em, mortgage.lenderId)}，` +
        `担保主债权 ${formatYuan(mortgage.principalFen)} 元，期限 ${mortgage.termMonths} 个月。` +
        '抵押登记期间该权利不得再流转。';
      await this.notifications.notify(em, [
        { userId: mortgage.lenderId, kind: 'MORTGAGE_REGISTERED', title, body },
        { userId: mortgage.holderId, kind: 'MORTGAGE_REGISTERED', title, body, dealId: right.dealId },
      ]);
      return { registeredAt: now };
    });
  }

  /** A clerk refuses the registration of an APPLIED mortgage, with a reason; the lender is told. */
  async refuse(caller: AuthUser, id: string, reason: string): Promise<MortgageView> {
    return this.move(caller, id, 'REFUSED', async (em, mortgage, right, now) => {
      await this.notifications.notify(em, [
        {
          userId: mortgage.lenderId,
          kind: 'MORTGAGE_REFUSED',
          title: `抵押登记不予办理：鉴证书 ${right.certificateNo}`,
          body: `交易中心不予办理交易鉴证书 ${right.certificateNo} 项下权利的抵押登记，理由：${reason}`,
        },
      ]);
      return { refusedAt: now, refusalReason: reason };
    });
  }

  /** The lender that holds a REGISTERED mortgage releases it (the loan repaid); the right may be listed again. */
  async release(caller: AuthUser, id: string): Promise<MortgageView> {
    return this.move(caller, id, 'RELEASED', async (_em, _mortgage, _right, now) => ({ releasedAt: now }));
  }

  /** A mortgage the caller may see: its lender, its holder, staff; anyone else 404. */
  async findVisible(caller: AuthUser, id: string): Promise<MortgageView> {
    const mortgage = await this.dataSource.getRepository(Mortgage).findOneBy({ id });
    if (!mortgage || !mayView(caller, mortgage)) throw new DomainError('NOT_FOUND');
    return this.viewOf(this.dataSource.manager, mortgage);
  }

  /** `GET /me/mortgages`: the lender's own, newest first. */
  async mine(caller: AuthUser, query: PageQueryDto): Promise<Page<MortgageView>> {
    return this.page({ lenderId: caller.id }, query);
  }

  /** `GET /mortgages`: every mortgage, for staff, newest first, optionally of one status. */
  async search(query: MortgageSearchDto): Promise<Page<MortgageView>> {
    return this.page(query.status ? { status: query.status } : {}, query);
  }

  /**
   * May `caller` upload a document to the mortgage now? Its lender and a clerk, while it is APPLIED, below the quota.
   * Checked before the file is read, and again (`recheck`, under the mortgage's lock) when it is stored.
   */
  async assertCanUpload(caller: AuthUser, id: string): Promise<Mortgage> {
    const mortgage = await this.dataSource.getRepository(Mortgage).findOneBy({ id });
    assertUploader(caller, mortgage);
    await this.documents.assertMortgageBelowQuota(id);
    return mortgage;
  }

  async upload(caller: AuthUser, id: string, kind: DocumentKind, file: UploadedFile): Promise<ListingDocument> {
    const mortgage = await this.assertCanUpload(caller, id);
    const right = await findCertifiedRight(this.dataSource.manager, { id: mortgage.certificateId });
    return this.documents.uploadToMortgage(caller, { mortgageId: id, listingId: right!.listingId }, kind, file, (em) =>
      // the mortgage's row is the lock parallel uploads queue on; a move made meanwhile is seen here
      em
        .getRepository(Mortgage)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
        .then((locked) => assertUploader(caller, locked)),
    );
  }

  async download(caller: AuthUser, id: string, documentId: string): Promise<{ doc: ListingDocument; bytes: Buffer }> {
    await this.findVisible(caller, id);
    return this.documents.downloadOfMortgage(id, documentId);
  }

  /**
   * One move of the mortgage to `to`, in one transaction: the certificate's row locked first (moves on one right
   * queue there, and a re-transfer's check waits for them), the caller's right and the move checked, `decide` run
   * (it may refuse, tell the parties, and answers the columns the move sets), then the conditional UPDATE and the
   * audit entry.
   */
  private async move(
    caller: AuthUser,
    id: string,
    to: MortgageStatus,
    decide: (em: EntityManager, mortgage: Mortgage, right: CertifiedRight, now: Date) => Promise<MovePatch>,
  ): Promise<MortgageView> {
    await this.dataSource.transaction(async (em) => {
      const found = await em.getRepository(Mortgage).findOneBy({ id });
      if (!found) throw new DomainError('NOT_FOUND');
      const right = await findCertifiedRight(em, { id: found.certificateId }, { lock: 'update' });
      const mortgage = await em.getRepository(Mortgage).findOneByOrFail({ id });
      // only the lender that holds it releases it; another lender does not learn it exists
      if (to === 'RELEASED' && mortgage.lenderId !== caller.id) throw new DomainError('NOT_FOUND');
      if (!canMortgageTransition(mortgage.status, to)) throw new DomainError('INVALID_STATE');
      const patch = await decide(em, mortgage, right!, await platformNow(em));
      await moveStatus(em, Mortgage, mortgage, to, patch);
      await this.audit.record(em, {
        actorId: caller.id,
        action: `mortgage.${to.toLowerCase()}`,
        entityType: 'mortgage',
        entityId: id,
        fromStatus: mortgage.status,
        toStatus: to,
        details: {
          certificateNo: right!.certificateNo,
          ...(patch.refusalReason ? { reason: patch.refusalReason } : {}),
        },
      });
    });
    return this.viewOf(this.dataSource.manager, await this.dataSource.getRepository(Mortgage).findOneByOrFail({ id }));
  }

  private async page(where: FindOptionsWhere<Mortgage>, query: PageQueryDto): Promise<Page<MortgageView>> {
    const [items, total] = await this.dataSource.getRepository(Mortgage).findAndCount({
      where,
      order: { appliedAt: 'DESC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(await this.viewsOf(this.dataSource.manager, items), total, query);
  }

  private async viewOf(em: EntityManager, mortgage: Mortgage): Promise<MortgageView> {
    return (await this.viewsOf(em, [mortgage]))[0];
  }

  /** The views of a page of mortgages: one query each for their rights, their lenders' names and their documents. */
  private async viewsOf(em: EntityManager, mortgages: Mortgage[]): Promise<MortgageView[]> {
    if (mortgages.length === 0) return [];
    const [rights, lenders, documents] = await Promise.all([
      findCertifiedRights(
        em,
        mortgages.map((m) => m.certificateId),
      ),
      em.getRepository(User).find({
        where: { id: In([...new Set(mortgages.map((m) => m.lenderId))]) },
        select: { id: true, name: true },
      }),
      this.documents.ofMortgages(
        em,
        mortgages.map((m) => m.id),
      ),
    ]);
    const lenderNames = new Map(lenders.map((u) => [u.id, u.name]));
    return mortgages.map((mortgage) => ({
      mortgage,
      right: rights.get(mortgage.certificateId)!,
      lenderName: lenderNames.get(mortgage.lenderId) ?? '',
      documents: documents.filter((d) => d.mortgageId === mortgage.id),
    }));
  }

  private async nameOf(em: EntityManager, userId: string): Promise<string> {
    return (await em.getRepository(User).findOneOrFail({ where: { id: userId }, select: { name: true } })).name;
  }
}

/** The lender that applied, the holder of the right, and staff see a mortgage. */
function mayView(caller: AuthUser, mortgage: Mortgage): boolean {
  return mortgage.lenderId === caller.id || mortgage.holderId === caller.id || isStaff(caller.roles);
}

/**
 * The mortgage's lender and clerks upload its documents, while it is APPLIED; others who see it (its holder, a
 * supervisor) get 403, anyone else 404.
 */
function assertUploader(caller: AuthUser, mortgage: Mortgage | null): asserts mortgage is Mortgage {
  if (!mortgage || !mayView(caller, mortgage)) throw new DomainError('NOT_FOUND');
  if (mortgage.lenderId !== caller.id && !caller.roles.includes('clerk')) throw new DomainError('FORBIDDEN');
  if (mortgage.status !== 'APPLIED') throw new DomainError('INVALID_STATE');
}
