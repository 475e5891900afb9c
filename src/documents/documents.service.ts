import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In, IsNull, Not } from 'typeorm';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors/domain-error';
import { EDITABLE_STATUSES, isTerminalStatus } from '../listings/domain/listing-status';
import { ListingsService, viewOf } from '../listings/listings.service';
import { Listing } from '../listings/entities/listing.entity';
import { ListingView } from '../listings/listing.mapper';
import { actingAs, onBehalfOf } from '../listings/domain/assisted-listing';
import { ContractsService } from '../contracts/contracts.service';
import { Contract } from '../contracts/entities/contract.entity';
import { DocumentKind, ListingDocument } from './document.entity';
import { DocumentStorage } from './document-storage';
import { cleanFileName, sniffFileType } from './domain/file-type';

/** A listing holds at most this many documents (API.md: `422 DOCUMENT_QUOTA`). */
export const MAX_DOCUMENTS_PER_LISTING = 30;
/** A contract holds at most this many documents (the signed scan, a corrected one, an annex or two). */
export const MAX_DOCUMENTS_PER_CONTRACT = 10;
/** A mortgage holds at most this many documents (the consents, a corrected one, the loan contract). */
export const MAX_DOCUMENTS_PER_MORTGAGE = 10;

/** Kinds only the owner and staff may see (personal data). */
// ID copies, the households' mandates and a farmer's authorization (代办) carry personal data: the owner and staff only
const PRIVATE_KINDS: DocumentKind[] = ['ID_COPY', 'MANDATE', 'AUTHORIZATION'];

export interface UploadedFile {
  originalname?: string;
  buffer: Buffer;
  size: number;
}

@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly listings: ListingsService,
    private readonly storage: DocumentStorage,
    private readonly audit: AuditService,
    private readonly contracts: ContractsService,
  ) {}

  /**
   * May `caller` upload a document to the listing now? The owner while the listing is editable, a clerk at any time
   * before it is closed, and only below the quota. Checked before the file is read (so a stranger cannot make the
   * server buffer 10 MiB) and again, under the listing's lock, when it is stored.
   */
  async assertCanUpload(caller: AuthUser, listingId: string): Promise<void> {
    const { listing, view } = await this.listings.findVisible(caller, listingId);
    this.assertUploader(caller, listing, view);
    await this.assertBelowQuota(this.dataSource.manager, { listingId });
  }

  /** May `caller` upload a document to the contract now? Its parties and a clerk may, below the quota. */
  async assertCanUploadToContract(caller: AuthUser, contractId: string): Promise<{ listingId: string }> {
    const { contract, deal } = await this.contracts.findVisible(caller, contractId);
    this.assertContractUploader(caller, contract);
    await this.assertBelowQuota(this.dataSource.manager, { contractId });
    return { listingId: deal.listingId };
  }

  /**
   * Stores an uploaded document: the type is judged from the bytes, the file stored (content-addressed) before the
   * row is written, the rights and the quota checked again under the listing's lock (parallel uploads queue there).
   */
  async upload(caller: AuthUser, listingId: string, kind: DocumentKind, file: UploadedFile): Promise<ListingDocument> {
    await this.assertCanUpload(caller, listingId);
    return this.store(caller, file, kind, async (em) => {
      const listing = await this.listings.lock(em, listingId);
      const view = viewOf(listing, caller);
      if (!view) throw new DomainError('NOT_FOUND');
      this.assertUploader(caller, listing, view);
      await this.assertBelowQuota(em, { listingId });
      // the clerk who drafted the listing for its owner (代办) uploads on the owner's behalf
      const details = actingAs(listing, caller) === 'assistant' ? onBehalfOf(listing, caller.id) : {};
      return { listingId, contractId: null, entityType: 'listing', entityId: listingId, details };
    });
  }

  /** Stores a document of the contract (API.md: `POST /contracts/:id/documents`, the signed scan). */
  async uploadToContract(
    caller: AuthUser,
    contractId: string,
    kind: DocumentKind,
    file: UploadedFile,
  ): Promise<ListingDocument> {
    const { listingId } = await this.assertCanUploadToContract(caller, contractId);
    return this.store(caller, file, kind, async (em) => {
      // the contract's row is the lock parallel uploads queue on
      await em
        .getRepository(Contract)
        .findOneOrFail({ where: { id: contractId }, lock: { mode: 'pessimistic_write' } });
      await this.assertBelowQuota(em, { contractId });
      return { listingId, contractId, entityType: 'contract', entityId: contractId };
    });
  }

  /**
   * Stores a document of a mortgage (API.md `POST /mortgages/:id/documents`, the consents) under the listing its
   * right was traded on. The mortgages module decides who may: `recheck` runs first in the transaction (it locks the
   * mortgage and checks the caller's right again); here the file's type and the quota.
   */
  async uploadToMortgage(
    caller: AuthUser,
    owner: { mortgageId: string; listingId: string },
    kind: DocumentKind,
    file: UploadedFile,
    recheck: (em: EntityManager) => Promise<void>,
  ): Promise<ListingDocument> {
    return this.store(caller, file, kind, async (em) => {
      await recheck(em);
      await this.assertBelowQuota(em, { mortgageId: owner.mortgageId });
      return { ...owner, contractId: null, entityType: 'mortgage', entityId: owner.mortgageId };
    });
  }

  /** `422 DOCUMENT_QUOTA` when the mortgage holds its maximum of documents (checked before a file is read). */
  async assertMortgageBelowQuota(mortgageId: string): Promise<void> {
    await this.assertBelowQuota(this.dataSource.manager, { mortgageId });
  }

  /** The documents of these mortgages, oldest first (the mortgages module decides who sees them). */
  async ofMortgages(em: EntityManager, mortgageIds: string[]): Promise<ListingDocument[]> {
    if (mortgageIds.length === 0) return [];
    return em
      .getRepository(ListingDocument)
      .find({ where: { mortgageId: In(mortgageIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** A mortgage's document and its bytes (404 when it is not that mortgage's). */
  async downloadOfMortgage(mortgageId: string, documentId: string): Promise<{ doc: ListingDocument; bytes: Buffer }> {
    const doc = await this.dataSource.getRepository(ListingDocument).findOneBy({ id: documentId, mortgageId });
    if (!doc) throw new DomainError('NOT_FOUND');
    return { doc, bytes: await this.storage.get(doc.storageKey) };
  }

  /**
   * Judges the type from the bytes, stores the file (content-addressed) before the row is written, then, in one
   * transaction, lets `claim` lock the owner and check the rights and the quota again, and writes the row.
   */
  private async store(
    caller: AuthUser,
    file: UploadedFile,
    kind: DocumentKind,
    claim: (em: EntityManager) => Promise<{
      listingId: string;
      contractId: string | null;
      mortgageId?: string;
      entityType: 'listing' | 'contract' | 'mortgage';
      entityId: string;
      details?: Record<string, unknown>;
    }>,
  ): Promise<ListingDocument> {
    const type = sniffFileType(file.buffer);
    if (!type) throw new DomainError('FILE_TYPE_NOT_ALLOWED', {}, [{ field: 'file', message: 'PDF, JPEG or PNG' }]);
    const { key, sha256 } = await this.storage.put(file.buffer);
    return this.dataSource.transaction(async (em) => {
      const owner = await claim(em);
      const doc = em.getRepository(ListingDocument).create({
        listingId: owner.listingId,
        contractId: owner.contractId,
        mortgageId: owner.mortgageId ?? null,
        kind,
        fileName: cleanFileName(file.originalname, type.extension),
        contentType: type.contentType,
        sizeBytes: file.size,
        sha256,
        storageKey: key,
        uploadedBy: caller.id,
      });
      await em.getRepository(ListingDocument).save(doc);
      await this.audit.record(em, {
        actorId: caller.id,
        action: `${owner.entityType}.document_uploaded`,
        entityType: owner.entityType,
        entityId: owner.entityId,
        details: { documentId: doc.id, kind, sha256, sizeBytes: file.size, ...owner.details },
      });
      return doc;
    });
  }

  private async assertBelowQuota(
    em: EntityManager,
    owner: { listingId: string } | { contractId: string } | { mortgageId: string },
  ): Promise<void> {
    const [where, max]: [FindOptionsWhere<ListingDocument>, number] =
      'listingId' in owner
        ? [{ listingId: owner.listingId, contractId: IsNull(), mortgageId: IsNull() }, MAX_DOCUMENTS_PER_LISTING]
        : 'contractId' in owner
          ? [{ contractId: owner.contractId }, MAX_DOCUMENTS_PER_CONTRACT]
          : [{ mortgageId: owner.mortgageId }, MAX_DOCUMENTS_PER_MORTGAGE];
    const count = await em.getRepository(ListingDocument).countBy(where);
    if (count >= max) throw new DomainError('DOCUMENT_QUOTA', { max });
  }

  /** A contract's parties and the clerks attach documents to it; supervisors and admins only read them. */
  private assertContractUploader(caller: AuthUser, contract: Contract): void {
    const isParty = caller.id === contract.sellerId || caller.id === contract.buyerId;
    if (!isParty && !caller.roles.includes('clerk')) throw new DomainError('FORBIDDEN');
  }

  /** The owner uploads while the listing is editable; a clerk at any time before it is closed. */
  private assertUploader(caller: AuthUser, listing: Listing, view: ListingView): void {
    const isClerk = caller.roles.includes('clerk');
    if (view !== 'owner' && !isClerk) throw new DomainError(view === 'public' ? 'FORBIDDEN' : 'NOT_FOUND');
    if (view === 'owner' && !isClerk && !EDITABLE_STATUSES.includes(listing.status)) {
      throw new DomainError('LISTING_NOT_EDITABLE');
    }
    if (isTerminalStatus(listing.status)) throw new DomainError('INVALID_STATE');
  }

  async list(caller: AuthUser | undefined, listingId: string, query: PageQueryDto): Promise<Page<ListingDocument>> {
    const { view } = await this.listings.findVisible(caller, listingId);
    const [items, total] = await this.dataSource.getRepository(ListingDocument).findAndCount({
      where: {
        listingId,
        contractId: IsNull(),
        mortgageId: IsNull(),
        ...(view === 'public' ? { kind: Not(In(PRIVATE_KINDS)) } : {}),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  async download(
    caller: AuthUser | undefined,
    listingId: string,
    documentId: string,
  ): Promise<{ doc: ListingDocument; bytes: Buffer }> {
    const { view } = await this.listings.findVisible(caller, listingId);
    const doc = await this.dataSource
      .getRepository(ListingDocument)
      .findOneBy({ id: documentId, listingId, contractId: IsNull(), mortgageId: IsNull() });
    if (!doc || !this.canSee(view, doc)) throw new DomainError('NOT_FOUND');
    return { doc, bytes: await this.storage.get(doc.storageKey) };
  }

  /** A contract's documents, for its parties and staff. */
  async listOfContract(caller: AuthUser, contractId: string, query: PageQueryDto): Promise<Page<ListingDocument>> {
    await this.contracts.findVisible(caller, contractId);
    const [items, total] = await this.dataSource.getRepository(ListingDocument).findAndCount({
      where: { contractId },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  async downloadOfContract(
    caller: AuthUser,
    contractId: string,
    documentId: string,
  ): Promise<{ doc: ListingDocument; bytes: Buffer }> {
    await this.contracts.findVisible(caller, contractId);
    const doc = await this.dataSource.getRepository(ListingDocument).findOneBy({ id: documentId, contractId });
    if (!doc) throw new DomainError('NOT_FOUND');
    return { doc, bytes: await this.storage.get(doc.storageKey) };
  }

  private canSee(view: ListingView, doc: ListingDocument): boolean {
    return view !== 'public' || !PRIVATE_KINDS.includes(doc.kind);
  }
}
