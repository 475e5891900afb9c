import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, from, map, Observable, of } from 'rxjs';
import { IDEMPOTENCY_HEADER } from '../../idempotency/domain/idempotency-decision';
import { pageErrorOf } from '../page-errors';

/** The hidden field of a money form that carries the Idempotency-Key made when the form was rendered. */
export const WORK_KEY_FIELD = 'idempotencyKey';

/** Set by a work form's handler before it calls its service: renders the page again with the error. */
export const RENDER_FAILURE = Symbol('renderFailure');

export type FailureRenderer = (error: unknown) => Promise<void>;

const WORK_ACTION = /\/desk\/work\/([a-z]+)\/([0-9a-fA-F-]{36})\/([a-z-]+)/;

/**
 * The clerk's money forms (record a deposit, record a payment) around the API's own IdempotencyInterceptor, which
 * runs inside this one, then the service holding the key, exactly as the API's `@Idempotent()` endpoints:
 *  - before: the form's hidden `idempotencyKey` (one per rendered form) becomes the Idempotency-Key header, so a
 *    double submit of one form records one deposit or payment (the second replays the first);
 *  - after: success (first run or replay) → 303 back to the work page with `?done=<action>`; a failure → the page
 *    rendered again by the handler's `RENDER_FAILURE` (the API's status, the message beside the field); a duplicate
 *    still running → 303 back with `?done=pending`.
 */
@Injectable()
export class DeskWorkFormInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { [RENDER_FAILURE]?: FailureRenderer }>();
    const res = http.getResponse<Response>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = body[WORK_KEY_FIELD];
    if (typeof key === 'string' && key !== '' && req.headers['idempotency-key'] === undefined) {
      req.headers[IDEMPOTENCY_HEADER.toLowerCase()] = key;
    }
    const m = WORK_ACTION.exec(req.originalUrl ?? req.url);
    const page = m ? `/desk/work/${m[1]}/${m[2].toLowerCase()}` : '/desk';
    const done = m ? m[3] : 'done';
    return next.handle().pipe(
      map(() => {
        res.redirect(303, `${page}?done=${done}`);
        return undefined;
      }),
      catchError((error: unknown) => {
        const render = req[RENDER_FAILURE];
        if (pageErrorOf(error, req).code === 'IDEMPOTENCY_KEY_IN_USE') {
          res.redirect(303, `${page}?done=pending`);
          return of(undefined);
        }
        if (!render) throw error;
        return from(render(error)).pipe(map(() => undefined));
      }),
    );
  }
}
