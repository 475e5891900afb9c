import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, FieldError } from './domain-error';
import { ErrorCode, errorSpec, languageOf, localizedMessage } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: FieldError[];
  requestId?: string;
}

/** At most this many offending fields are listed (a hostile body cannot make the answer large). */
export const MAX_ERROR_DETAILS = 20;

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'INVALID_STATE',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Maps anything thrown to the contract's error body; a 500 carries the request id and nothing internal. */
export function toErrorBody(error: unknown, req: Request): { body: ErrorBody; headers: Record<string, string> } {
  const language = languageOf(req.headers['accept-language']);
  const headers: Record<string, string> = {};
  let code: ErrorCode;
  let params: Record<string, string | number> = {};
  let details: FieldError[] = [];
  let status: number;
  if (error instanceof DomainError) {
    code = error.code;
    params = error.params;
    details = error.details;
    status = errorSpec(code).status;
    if (code === 'RATE_LIMITED' && params.retryAfter !== undefined) headers['Retry-After'] = String(params.retryAfter);
  } else if (error instanceof HttpException) {
    status = error.getStatus();
    code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
    if (status === 405) status = 404;
  } else if (isBodyParserError(error)) {
    // body-parser (malformed JSON, too large, unsupported charset or encoding) and our own body refusals
    if (error.type === 'entity.too.large') {
      status = 413;
      code = 'PAYLOAD_TOO_LARGE';
    } else {
      status = 400;
      code = 'VALIDATION_FAILED';
      const field = (error as { field?: string }).field ?? 'body';
      const fallback =
        language === 'en' ? 'malformed or unsupported request body' : '请求体不是合法的 JSON 或编码不受支持';
      details = [
        { field, message: (error as { field?: string }).field ? (error as unknown as Error).message : fallback },
      ];
    }
  } else {
    status = HttpStatus.INTERNAL_SERVER_ERROR;
    code = 'INTERNAL_ERROR';
  }
  const body: ErrorBody = {
    statusCode: status,
    code,
    message: localizedMessage(code, language, params),
    details: details.slice(0, MAX_ERROR_DETAILS),
  };
  if (status >= 500) body.requestId = String((req as Request & { id?: unknown }).id ?? '') || randomUUID();
  return { body, headers };
}

interface BodyParserError {
  type: string;
  status: number;
}

/** An error from request-body handling (body-parser, multer-less JSON, our own refusals): a 4xx `status`. */
function isBodyParserError(error: unknown): error is BodyParserError {
  if (typeof error !== 'object' || error === null || error instanceof HttpException) return false;
  const status = (error as BodyParserError).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** What is logged of an unexpected error: never the SQL parameters (they may hold hashes or ID numbers). */
function loggable(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const driver = (error as { driverError?: { code?: string } }).driverError;
  return { name: error.name, message: error.message.slice(0, 500), code: driver?.code, stack: error.stack };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const { body, headers } = toErrorBody(error, req);
    if (body.statusCode >= 500) {
      this.logger.error({ err: loggable(error), requestId: body.requestId }, 'unhandled error');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(body.statusCode).set(headers).json(body);
  }
}
