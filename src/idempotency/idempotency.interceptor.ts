import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, Observable, of } from 'rxjs';
import { HeldKey, runHoldingKey } from './idempotency-context';
import { AuthUser } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors/domain-error';
import { languageOf } from '../common/errors/error-codes';
import { validationFailed } from '../common/errors/validation';
import { IDEMPOTENCY_HEADER, parseIdempotencyKey, requestHash } from './domain/idempotency-decision';
import { IdempotencyService } from './idempotency.service';

/** Longer paths are not real routes of an idempotent endpoint (a bad id): such a request runs without a key. */
const MAX_PATH_LENGTH = 512;

/** Set on a replayed response (as Stripe does), so a client and a log can tell it from a first run. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Honours the Idempotency-Key header (API.md "Conventions") on the handlers marked `@Idempotent()`.
 * It runs after the guards (the caller is known) and around the pipes and the handler, so the body it fingerprints
 * is the JSON as received and a validation failure counts as a failed attempt. The claim and its release run on the
 * DataSource, outside the handler's transaction; the response is recorded inside it (see `HeldKey`).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const res = http.getResponse<Response>();

    const header = parseIdempotencyKey(req.headers['idempotency-key']);
    if (header.kind === 'INVALID') {
      const en = languageOf(req.headers['accept-language']) === 'en';
      throw validationFailed([
        {
          field: IDEMPOTENCY_HEADER,
          message: en
            ? `the ${IDEMPOTENCY_HEADER} header must be 1 to 64 characters`
            : `${IDEMPOTENCY_HEADER} 请求头须为 1 至 64 个字符`,
        },
      ]);
    }
    const path = pathOf(req);
    // Without a key (or a caller to scope it to) the handler runs normally.
    if (header.kind === 'ABSENT' || !req.user || path.length > MAX_PATH_LENGTH) return next.handle();

    const scope = { userId: req.user.id, method: req.method, path, key: header.key };
    const outcome = await this.idempotency.claim(scope, requestHash(req.body));
    switch (outcome.kind) {
      case 'REPLAY':
        res.status(outcome.status).setHeader(REPLAYED_HEADER, 'true');
        return of(outcome.body);
      case 'REUSED':
        throw new DomainError('IDEMPOTENCY_KEY_REUSED');
      case 'IN_USE':
        throw new DomainError('IDEMPOTENCY_KEY_IN_USE');
      case 'RUN': {
        const { claim } = outcome;
        // Nest set the status (201, or @HttpCode) before the interceptors ran
        const held: HeldKey = { claim, status: res.statusCode, recorded: false };
        // the handler runs holding the key, so its use case can record the response with its effect
        const handled = new Observable<unknown>((subscriber) =>
          runHoldingKey(held, () => next.handle().subscribe(subscriber)),
        );
        return handled.pipe(
          // A failed attempt (any error: 4xx or 5xx) is not kept, so a corrected retry runs.
          catchError((error: unknown) =>
            from(this.idempotency.release(claim)).pipe(
              concatMap(() => {
                throw error;
              }),
            ),
          ),
          // recorded with the effect (the rule); else stored now, after the commit (a crash in between leaves the key
          // to be taken over when its lease ends)
          concatMap((body: unknown) =>
            held.recorded ? of(body) : from(this.idempotency.complete(claim, res.statusCode, body).then(() => body)),
          ),
        );
      }
    }
  }
}

/**
 * The resource a key is scoped to, spelled one way whatever the client typed: the matched route with its parameters
 * as the router decoded them, lower-cased (`/api/v1/contracts/:id/payments` with `id` = `C1%2D…/` → `…/c1-…/payments`).
 * Without a matched route: the path without its query, decoded, lower-cased, without trailing slashes. Otherwise an
 * upper-case id, a trailing `/` or a %-encoded character would make a retry a new request and book twice.
 */
export function pathOf(
  req: Pick<Request, 'originalUrl' | 'url'> & { route?: { path?: unknown }; params?: unknown },
): string {
  const pattern = req.route?.path;
  const params = (req.params ?? {}) as Record<string, unknown>;
  if (typeof pattern === 'string') {
    return pattern.replace(/:(\w+)/g, (whole, name: string) =>
      typeof params[name] === 'string' ? (params[name] as string).toLowerCase() : whole,
    );
  }
  const url = req.originalUrl ?? req.url;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // a malformed escape: keep the text as sent
  }
  return decoded.toLowerCase().replace(/\/+$/, '') || '/';
}
