import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import { offsetOf, Page, PageQueryDto, pageOf } from '../common/http/pagination';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors/domain-error';
import { EDITABLE_STATUSES, isTerminalStatus } from '../listings/domain/listing-status';
import { ListingsService } from '../listings/listings.service';
import { ListingView } from '../listings/listing.mapper';
import { DocumentKind, ListingDocument } from './document.entity';
import { DocumentStorage } from './document-storage';
import { cleanFileName, sniffFileType } from './domain/file-type';

/** Kinds only the owner and staff may see (personal data). */
const PRIVATE_KINDS: DocumentKind[] = ['ID_COPY'];

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
  ) {}

  /**
   * The owner uploads while the listing is editable; a clerk at any time before it is closed.
   * The type is judged from the bytes; the file is stored (content-addressed) before the row is written.
   */
  async upload(caller: AuthUser, listingId: string, kind: DocumentKind, file: UploadedFile): Promise<ListingDocument> {
    const { listing, view } = await this.listings.findVisible(caller, listingId);
    const isClerk = caller.roles.includes('clerk');
    if (view !== 'owner' && !isClerk) throw new DomainError(view === 'public' ? 'FORBIDDEN' : 'NOT_FOUND');
    if (view === 'owner' && !isClerk && !EDITABLE_STATUSES.includes(listing.status)) {
      throw new DomainError('LISTING_NOT_EDITABLE');
    }
    if (isTerminalStatus(listing.status)) throw new DomainError('INVALID_STATE');
    const type = sniffFileType(file.buffer);
    if (!type) throw new DomainError('FILE_TYPE_NOT_ALLOWED', {}, [{ field: 'file', message: 'PDF, JPEG or PNG' }]);
    const { key, sha256 } = await this.storage.put(file.buffer);
    return this.dataSource.transaction(async (em) => {
      const doc = em.getRepository(ListingDocument).create({
        listingId,
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
        action: 'listing.document_uploaded',
        entityType: 'listing',
        entityId: listingId,
        details: { documentId: doc.id, kind, sha256, sizeBytes: file.size },
      });
      return doc;
    });
  }

  async list(caller: AuthUser | undefined, listingId: string, query: PageQueryDto): Promise<Page<ListingDocument>> {
    const { view } = await this.listings.findVisible(caller, listingId);
    const [items, total] = await this.dataSource.getRepository(ListingDocument).findAndCount({
      where: { listingId, ...(view === 'public' ? { kind: Not(In(PRIVATE_KINDS)) } : {}) },
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
    const doc = await this.dataSource.getRepository(ListingDocument).findOneBy({ id: documentId, listingId });
    if (!doc || !this.canSee(view, doc)) throw new DomainError('NOT_FOUND');
    return { doc, bytes: await this.storage.get(doc.storageKey) };
  }

  private canSee(view: ListingView, doc: ListingDocument): boolean {
    return view !== 'public' || !PRIVATE_KINDS.includes(doc.kind);
  }
}
