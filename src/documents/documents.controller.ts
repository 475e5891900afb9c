import {
  BadRequestException,
  Body,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Inject,
  Injectable,
  mixin,
  NestInterceptor,
  Type,
  PayloadTooLargeException,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Observable } from 'rxjs';
import { AuthUser, CurrentUser, Public } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors/domain-error';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { CONTRACT_DOCUMENT_KINDS, DocumentKind, LISTING_DOCUMENT_KINDS, ListingDocument } from './document.entity';
import {
  DocumentsService,
  MAX_DOCUMENTS_PER_CONTRACT,
  MAX_DOCUMENTS_PER_LISTING,
  UploadedFile as StoredUpload,
} from './documents.service';
import { attachmentDisposition, cleanFileName, sniffFileType } from './domain/file-type';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

class UploadDocumentDto {
  @ApiProperty({ enum: LISTING_DOCUMENT_KINDS })
  @IsIn(LISTING_DOCUMENT_KINDS)
  kind: DocumentKind;
}

class UploadContractDocumentDto {
  @ApiProperty({ enum: CONTRACT_DOCUMENT_KINDS })
  @IsIn(CONTRACT_DOCUMENT_KINDS)
  kind: DocumentKind;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks the caller's right to upload (and the quota) to the owner in the path (a listing, a contract, a mortgage:
 * `check`, with `service` of the owner's module) before anything of the file is read, then reads it with multer
 * (10 MiB at most: a larger file is the contract's `413 FILE_TOO_LARGE`).
 */
export function DocumentUpload<S>(
  service: Type<S>,
  check: (service: S, caller: AuthUser, ownerId: string) => Promise<unknown>,
): Type<NestInterceptor> {
  @Injectable()
  class DocumentUploadInterceptor implements NestInterceptor {
    private readonly multer = new (FileInterceptor('file', {
      limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10, parts: 12 },
      defParamCharset: 'utf8', // browsers send UTF-8 file names (承包经营权证.pdf); multer's default is Latin-1
    }))();

    constructor(@Inject(service) private readonly checker: S) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<{ params: { id?: string }; user?: AuthUser }>();
      // the path id is validated by its pipe after this interceptor: refuse a bad one here the same way
      if (!req.params.id || !UUID.test(req.params.id)) {
        throw new DomainError('VALIDATION_FAILED', {}, [{ field: 'id', message: 'id must be a UUID' }]);
      }
      await check(this.checker, req.user!, req.params.id);
      try {
        return await this.multer.intercept(context, next);
      } catch (error) {
        if (error instanceof PayloadTooLargeException) throw new DomainError('FILE_TOO_LARGE');
        if (error instanceof BadRequestException) {
          // multer: a second file, a file under another field, a malformed multipart body
          throw new DomainError('VALIDATION_FAILED', {}, [
            { field: 'file', message: `one file in the multipart field "file" (${error.message})` },
          ]);
        }
        throw error;
      }
    }
  }
  return mixin(DocumentUploadInterceptor);
}

/** The download of a stored document: the type judged again from the bytes, always as an attachment. */
export function fileOf({ doc, bytes }: { doc: ListingDocument; bytes: Buffer }): StreamableFile {
  const type = sniffFileType(bytes);
  return new StreamableFile(bytes, {
    type: type?.contentType ?? 'application/octet-stream',
    length: bytes.length,
    disposition: attachmentDisposition(cleanFileName(doc.fileName, type?.extension ?? 'bin')),
  });
}

export function multipartBody(kinds: readonly string[]) {
  return {
    schema: {
      type: 'object' as const,
      required: ['file', 'kind'],
      properties: { file: { type: 'string', format: 'binary' }, kind: { type: 'string', enum: [...kinds] } },
    },
  };
}

export function toDocumentDto(doc: ListingDocument) {
  return {
    id: doc.id,
    kind: doc.kind,
    fileName: doc.fileName,
    contentType: doc.contentType,
    sizeBytes: doc.sizeBytes,
    sha256: doc.sha256,
    createdAt: doc.createdAt,
  };
}

@ApiTags('listings')
@Controller('listings/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @UseInterceptors(DocumentUpload(DocumentsService, (documents, caller, id) => documents.assertCanUpload(caller, id)))
  @ApiConsumes('multipart/form-data')
  @ApiBody(multipartBody(LISTING_DOCUMENT_KINDS))
  @ApiDoc({
    zh: '上传挂牌材料（PDF/JPEG/PNG，≤ 10 MiB）',
    created: true,
    en: 'Upload a listing document (PDF/JPEG/PNG, ≤ 10 MiB)',
    roles: ['owner', 'clerk'],
    errors: [
      'VALIDATION_FAILED',
      'FORBIDDEN',
      'NOT_FOUND',
      'LISTING_NOT_EDITABLE',
      'FILE_TYPE_NOT_ALLOWED',
      'FILE_TOO_LARGE',
      'DOCUMENT_QUOTA',
    ],
    description: `At most ${MAX_DOCUMENTS_PER_LISTING} documents per listing. The caller's right is checked before the file is read.`,
  })
  async upload(
    @UuidParam() id: string,
    @Body() dto: UploadDocumentDto,
    @UploadedFile() file: StoredUpload | undefined,
    @CurrentUser() caller: AuthUser,
  ) {
    if (!file) throw new DomainError('VALIDATION_FAILED', {}, [{ field: 'file', message: 'file is required' }]);
    return toDocumentDto(await this.documents.upload(caller, id, dto.kind, file));
  }

  @Public()
  @Get()
  @ApiDoc({
    zh: '挂牌材料列表',
    en: "A listing's documents",
    roles: ['public (public listings)', 'owner', 'staff'],
    errors: ['NOT_FOUND'],
  })
  async list(@UuidParam() id: string, @Query() query: PageQueryDto, @CurrentUser() caller: AuthUser | undefined) {
    const page = await this.documents.list(caller, id, query);
    return { ...page, items: page.items.map(toDocumentDto) };
  }

  @Public()
  @Get(':docId')
  @ApiDoc({
    zh: '下载挂牌材料',
    en: 'Download a listing document',
    roles: ['public (public listings)', 'owner', 'staff'],
    errors: ['NOT_FOUND'],
  })
  async download(
    @UuidParam() id: string,
    @UuidParam('docId') docId: string,
    @CurrentUser() caller: AuthUser | undefined,
  ): Promise<StreamableFile> {
    return fileOf(await this.documents.download(caller, id, docId));
  }
}

@ApiTags('contracts')
@Controller('contracts/:id/documents')
export class ContractDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @UseInterceptors(
    DocumentUpload(DocumentsService, (documents, caller, id) => documents.assertCanUploadToContract(caller, id)),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody(multipartBody(CONTRACT_DOCUMENT_KINDS))
  @ApiDoc({
    zh: '上传合同材料（签字盖章的合同扫描件）',
    created: true,
    en: 'Upload a contract document (the signed scan)',
    roles: ['party', 'clerk'],
    errors: [
      'VALIDATION_FAILED',
      'FORBIDDEN',
      'NOT_FOUND',
      'FILE_TYPE_NOT_ALLOWED',
      'FILE_TOO_LARGE',
      'DOCUMENT_QUOTA',
    ],
    description: `At most ${MAX_DOCUMENTS_PER_CONTRACT} documents per contract. Supervisors and admins only read them.`,
  })
  async upload(
    @UuidParam() id: string,
    @Body() dto: UploadContractDocumentDto,
    @UploadedFile() file: StoredUpload | undefined,
    @CurrentUser() caller: AuthUser,
  ) {
    if (!file) throw new DomainError('VALIDATION_FAILED', {}, [{ field: 'file', message: 'file is required' }]);
    return toDocumentDto(await this.documents.uploadToContract(caller, id, dto.kind, file));
  }

  @Get()
  @ApiDoc({
    zh: '合同材料列表',
    en: "A contract's documents",
    roles: ['party', 'staff'],
    errors: ['NOT_FOUND'],
  })
  async list(@UuidParam() id: string, @Query() query: PageQueryDto, @CurrentUser() caller: AuthUser) {
    const page = await this.documents.listOfContract(caller, id, query);
    return { ...page, items: page.items.map(toDocumentDto) };
  }

  @Get(':docId')
  @ApiDoc({
    zh: '下载合同材料',
    en: 'Download a contract document',
    roles: ['party', 'staff'],
    errors: ['NOT_FOUND'],
  })
  async download(
    @UuidParam() id: string,
    @UuidParam('docId') docId: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<StreamableFile> {
    return fileOf(await this.documents.downloadOfContract(caller, id, docId));
  }
}
