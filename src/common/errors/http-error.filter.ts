import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, FieldError } from './domain-error';
import { errorSpec, languageOf, localizedMessage } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: FieldError[];
  requestId?: string;
}

const STATUS_CODES: Record<number, string> = {
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
  let code: string;
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
    status = error.status;
    code = error.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED';
    if (code === 'VALIDATION_FAILED') {
      status = 400;
      details = [{ field: 'body', message: language === 'en' ? 'malformed JSON body' : '请求体不是合法的 JSON' }];
    }
  } else {
    status = HttpStatus.INTERNAL_SERVER_ERROR;
    code = 'INTERNAL_ERROR';
  }
  const body: ErrorBody = { statusCode: status, code, message: localizedMessage(code, language, params), details };
  if (status >= 500) body.requestId = String((req as Request & { id?: unknown }).id ?? '');
  return { body, headers };
}

interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number' &&
    (error as BodyParserError).type.startsWith('entity.')
  );
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
      this.logger.error({ err: error, requestId: body.requestId }, 'unhandled error');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(body.statusCode).set(headers).json(body);
  }
}
