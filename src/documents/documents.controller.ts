import {
  BadRequestException,
  Body,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  Injectable,
  NestInterceptor,
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
import { DOCUMENT_KINDS, DocumentKind, ListingDocument } from './document.entity';
import { DocumentsService, MAX_DOCUMENTS_PER_LISTING, UploadedFile as StoredUpload } from './documents.service';
import { attachmentDisposition, cleanFileName, sniffFileType } from './domain/file-type';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

class UploadDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS)
  kind: DocumentKind;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks the caller's right to upload (and the quota) before anything of the file is read, then reads it with multer
 * (10 MiB at most: a larger file is the contract's `413 FILE_TOO_LARGE`).
 */
@Injectable()
class DocumentUploadInterceptor implements NestInterceptor {
  private readonly multer = new (FileInterceptor('file', {
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10, parts: 12 },
    defParamCharset: 'utf8', // browsers send UTF-8 file names (承包经营权证.pdf); multer's default is Latin-1
  }))();

  constructor(private readonly documents: DocumentsService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<{ params: { id?: string }; user?: AuthUser }>();
    // the path id is validated by its pipe after this interceptor: refuse a bad one here the same way
    if (!req.params.id || !UUID.test(req.params.id)) {
      throw new DomainError('VALIDATION_FAILED', {}, [{ field: 'id', message: 'id must be a UUID' }]);
    }
    await this.documents.assertCanUpload(req.user!, req.params.id);
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

function toDocumentDto(doc: ListingDocument) {
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
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: { file: { type: 'string', format: 'binary' }, kind: { type: 'string', enum: [...DOCUMENT_KINDS] } },
    },
  })
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
    const { doc, bytes } = await this.documents.download(caller, id, docId);
    const type = sniffFileType(bytes);
    return new StreamableFile(bytes, {
      type: type?.contentType ?? 'application/octet-stream',
      length: bytes.length,
      disposition: attachmentDisposition(cleanFileName(doc.fileName, type?.extension ?? 'bin')),
    });
  }
}
