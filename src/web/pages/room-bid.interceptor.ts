import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, map, Observable, of } from 'rxjs';
import type { PlacedBid } from '../../auctions/auctions.service';
import { IDEMPOTENCY_HEADER } from '../../idempotency/domain/idempotency-decision';
import { pageErrorOf } from '../page-errors';

/** The hidden field of the confirmation form that carries the Idempotency-Key made when it was rendered. */
export const KEY_FIELD = 'idempotencyKey';

/** The refusals a bidder can correct or wait out: shown on the room page (by code) after a form's bid. */
export const ROOM_BID_ERRORS: ReadonlySet<string> = new Set([
  'AUCTION_NOT_OPEN',
  'LISTING_SUSPENDED',
  'NOT_QUALIFIED_BIDDER',
  'BID_TOO_LOW',
  'BID_TOO_HIGH',
  'BID_NOT_ON_INCREMENT',
  'ALREADY_LEADING',
  'RATE_LIMITED',
  'VALIDATION_FAILED',
  'IDEMPOTENCY_KEY_REUSED',
]);

/**
 * The bidding room's `POST /auctions/:listingNo/bids`, around the API's own IdempotencyInterceptor (which runs inside
 * this one, then `AuctionsService.placeBid` holding the key, exactly as `POST /api/v1/listings/:id/auction/bids`):
 *  - before: a form's hidden `idempotencyKey` becomes the Idempotency-Key header (a script sends the header itself),
 *    and the body is cut to the use case's input `{ amountFen }` (the form's text as a number), so the key's
 *    fingerprint is the bid's and a double-submitted confirmation replays the first bid instead of placing another;
 *  - after: a form gets a redirect back to the room (303, the bid or the refusal shown there); a script gets the
 *    placed bid as JSON (201) or the error body (with the message in Chinese).
 * The handler declares `@Res()`: this interceptor writes every response, the replayed ones too.
 */
@Injectable()
export class RoomBidInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const fromForm = Boolean(req.is('application/x-www-form-urlencoded'));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = body[KEY_FIELD];
    if (fromForm && typeof key === 'string' && req.headers['idempotency-key'] === undefined) {
      req.headers[IDEMPOTENCY_HEADER.toLowerCase()] = key;
    }
    const amount = body.amountFen;
    req.body = { amountFen: typeof amount === 'string' && /^\d{1,16}$/.test(amount) ? Number(amount) : amount };
    const room = `/auctions/${encodeURIComponent(String(req.params.listingNo))}`;

    return next.handle().pipe(
      map((placed: unknown) => {
        if (fromForm) res.redirect(303, `${room}?placed=${(placed as PlacedBid).seq}`);
        else res.json(placed);
        return undefined;
      }),
      catchError((error: unknown) => {
        const page = pageErrorOf(error, req);
        if (!fromForm) {
          res.status(page.status).json({ statusCode: page.status, code: page.code, message: page.message });
          return of(undefined);
        }
        // the same confirmation submitted twice while the first still runs: that one places the bid
        if (page.code === 'IDEMPOTENCY_KEY_IN_USE') res.redirect(303, `${room}?pending=1`);
        else if (ROOM_BID_ERRORS.has(page.code)) res.redirect(303, `${room}?error=${page.code}`);
        else throw error;
        return of(undefined);
      }),
    );
  }
}
