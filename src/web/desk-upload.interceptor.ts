import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  mixin,
  NestInterceptor,
  PayloadTooLargeException,
  Type,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import type { AuthUser } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors/domain-error';
import { validationFailed } from '../common/errors/validation';
import { MAX_DOCUMENT_BYTES } from '../documents/documents.controller';
import { DocumentsService } from '../documents/documents.service';
import { isUuid } from './desk-forms';

/** A page upload's request: multer's refusal (too large, a malformed body) kept for the page to show by the field. */
export type UploadRequest = Request & { user?: AuthUser; uploadProblem?: unknown };

/** The caller's right to upload to the thing of the path's `:id` (throws as the API does: 404, 403, 409, ...). */
export type UploadRight = (documents: DocumentsService, caller: AuthUser, id: string) => Promise<unknown>;

/**
 * A desk page's file upload (a listing's document, a contract's signed scan): the caller's right is checked first,
 * before the file is read (as the API), then multer reads one file of 10 MiB at most. Multer's own refusals are not
 * thrown but kept on the request (`uploadProblem`), so the page shows them beside the file field instead of an error
 * page. A path id that is not a UUID is a 404.
 */
export function DeskUploadInterceptor(right: UploadRight): Type<NestInterceptor> {
  @Injectable()
  class DeskUpload implements NestInterceptor {
    private readonly multer = new (FileInterceptor('file', {
      limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 10, parts: 12 },
      defParamCharset: 'utf8',
    }))();

    constructor(@Inject(DocumentsService) private readonly documents: DocumentsService) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<UploadRequest>();
      const id: unknown = req.params.id;
      if (!isUuid(id)) throw new DomainError('NOT_FOUND');
      await right(this.documents, req.user!, id);
      try {
        return await this.multer.intercept(context, next);
      } catch (error) {
        if (error instanceof PayloadTooLargeException) req.uploadProblem = new DomainError('FILE_TOO_LARGE');
        else if (error instanceof BadRequestException) {
          req.uploadProblem = validationFailed([{ field: 'file', message: 'one file in the field "file"' }]);
        } else throw error;
        return next.handle();
      }
    }
  }
  return mixin(DeskUpload);
}

/** An upload's problem in words beside the file field (the same on every page that takes a file). */
export function uploadFileMessage(code: string, message: string): string {
  switch (code) {
    case 'FILE_TYPE_NOT_ALLOWED':
      return '只能上传 PDF、JPEG 或 PNG 文件（按文件内容判断）';
    case 'FILE_TOO_LARGE':
      return '文件不得超过 10 MiB';
    case 'VALIDATION_FAILED':
      return '请选择一个文件（PDF、JPEG 或 PNG，不超过 10 MiB）';
    default:
      return message;
  }
}

/** A listing's document: its owner or the clerk assisting it, while it may take documents. */
export const ListingDocumentUpload = DeskUploadInterceptor((documents, caller, id) =>
  documents.assertCanUpload(caller, id),
);

/** A contract's signed scan: one of its parties. */
export const ContractScanUpload = DeskUploadInterceptor((documents, caller, id) =>
  documents.assertCanUploadToContract(caller, id),
);
