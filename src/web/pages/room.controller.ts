import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuctionsService, PlacedBid } from '../../auctions/auctions.service';
import { PublicAuctionState } from '../../auctions/domain/public-state';
import { PlaceBidDto } from '../../auctions/dto/bid.dto';
import { AuthUser, CurrentUser, Public } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import type { ErrorCode } from '../../common/errors/error-codes';
import { PageQueryDto } from '../../common/http/pagination';
import { IdempotencyInterceptor } from '../../idempotency/idempotency.interceptor';
import type { Listing } from '../../listings/entities/listing.entity';
import { ListingsService } from '../../listings/listings.service';
import { pageErrorOf } from '../page-errors';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';
import { KEY_FIELD, ROOM_BID_ERRORS, RoomBidInterceptor } from './room-bid.interceptor';

/** How many of the latest bids the room shows. */
const HISTORY_SIZE = 50;

/** The quick-bid buttons: 1, 2 and 5 increments better than the current price (API.md "Web pages"). */
const QUICK_STEPS = [1, 2, 5] as const;

export interface QuickBid {
  steps: number;
  amountFen: number;
  /** The increments over the base (the current price, or the start price before the first bid). */
  over: number;
}

/**
 * The quick-bid amounts: the current price plus 1, 2 or 5 increments; before the first bid the start price plus 0, 1
 * or 4 (the first bid may be the start price). A descending auction (procurement) goes down; never below 1 fen.
 */
export function quickBids(
  state: Pick<PublicAuctionState, 'direction' | 'startPriceFen' | 'incrementFen' | 'currentPriceFen'>,
): QuickBid[] {
  const sign = state.direction === 'DESCENDING' ? -1 : 1;
  const first = state.currentPriceFen === null;
  const base = state.currentPriceFen ?? state.startPriceFen;
  return QUICK_STEPS.map((steps) => {
    const over = first ? steps - 1 : steps;
    return { steps, over, amountFen: base + sign * over * state.incrementFen };
  }).filter((q) => q.amountFen > 0);
}

/** `12:03:07` (or `2 天 03:04:05`) until an instant; `00:00:00` once it has passed. */
export function countdownText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number): string => String(n).padStart(2, '0');
  const days = Math.floor(total / 86400);
  const clock = `${two(Math.floor((total % 86400) / 3600))}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
  return days > 0 ? `${days} 天 ${clock}` : clock;
}

function firstPage(pageSize: number): PageQueryDto {
  return Object.assign(new PageQueryDto(), { page: 1, pageSize });
}

/**
 * The bidding room (竞价大厅) `/auctions/:listingNo`: the state and the bid history rendered on the server (bidder
 * numbers only), quick-bid buttons for a bidder that lead to a confirmation (元 and 大写, 确认出价) whose form posts the
 * bid with one Idempotency-Key. `room.js` makes the same live: the API's SSE stream, a countdown synced to the
 * server's clock, the confirmation in a dialog. The rules are the API's: AuctionsService, its guards and
 * IdempotencyInterceptor.
 */
@ApiExcludeController()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class RoomController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly listings: ListingsService,
    private readonly auctions: AuctionsService,
  ) {}

  @Public()
  @Get('auctions/:listingNo')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async room(
    @Param('listingNo') listingNo: string,
    @Query('placed') placed: string | undefined,
    @Query('error') error: string | undefined,
    @Query('pending') pending: string | undefined,
    @CurrentUser() caller: AuthUser | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const listing = await this.listingOf(caller, listingNo);
    const [state, history] = await Promise.all([
      this.auctions.state(listing.id, caller),
      this.auctions.bids(listing.id, firstPage(HISTORY_SIZE)),
    ]);
    const mine = state.myBidderNo ?? null;
    const placedBid = placed ? history.items.find((b) => String(b.seq) === placed && b.bidderNo === mine) : undefined;
    const refusal =
      error && ROOM_BID_ERRORS.has(error) ? pageErrorOf(new DomainError(error as ErrorCode), req).message : null;
    const ctx = await this.context.of(req, res, `竞价大厅 · ${listing.title}`);
    return this.views.page('room', ctx, {
      scripts: ['/assets/room.js'],
      listing,
      state,
      history: history.items,
      mine,
      quick: mine && (state.status === 'OPEN' || state.status === 'SCHEDULED') ? quickBids(state) : [],
      extended: listing.biddingEndsAt !== null && state.endsAt.getTime() > listing.biddingEndsAt.getTime(),
      timer: countdownText(
        (state.status === 'SCHEDULED' ? state.startsAt : state.endsAt).getTime() - state.serverTime.getTime(),
      ),
      placedBid,
      pending: pending !== undefined,
      refusal,
      next: encodeURIComponent(req.originalUrl.split('?')[0]),
    });
  }

  /**
   * The confirmation of a quick bid: the amount in 元 and in 大写 and a 确认出价 form carrying a fresh Idempotency-Key
   * (one per confirmation: submitting it twice places one bid). `?partial=1`: the form alone, for room.js's dialog.
   */
  @Get('auctions/:listingNo/confirm')
  async confirm(
    @Param('listingNo') listingNo: string,
    @Query('amountFen') amount: string | undefined,
    @Query('partial') partial: string | undefined,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const listing = await this.listingOf(caller, listingNo);
    const state = await this.auctions.state(listing.id, caller);
    const room = `/auctions/${encodeURIComponent(listing.listingNo)}`;
    const amountFen = typeof amount === 'string' && /^\d{1,15}$/.test(amount) ? Number(amount) : null;
    if (!state.myBidderNo || amountFen === null || amountFen < 1) {
      res.redirect(303, `${room}?error=${state.myBidderNo ? 'VALIDATION_FAILED' : 'NOT_QUALIFIED_BIDDER'}`);
      return;
    }
    const ctx = await this.context.of(req, res, `确认出价 · ${listing.title}`);
    const data = {
      listing,
      state,
      room,
      amountFen,
      bidderNo: state.myBidderNo,
      csrf: ctx.csrf,
      key: randomUUID(),
      keyField: KEY_FIELD,
    };
    res
      .type('html')
      .send(
        partial === '1' ? this.views.fragment('room-confirm-form', data) : this.views.page('room-confirm', ctx, data),
      );
  }

  /**
   * A bid, as `POST /api/v1/listings/:id/auction/bids`: the same DTO, service and IdempotencyInterceptor (inside
   * RoomBidInterceptor, which takes the form's hidden key and answers the form or the script).
   */
  @Post('auctions/:listingNo/bids')
  @UseInterceptors(RoomBidInterceptor, IdempotencyInterceptor)
  async bid(
    @Param('listingNo') listingNo: string,
    @Body() dto: PlaceBidDto,
    @CurrentUser() caller: AuthUser,
    // the response is written by RoomBidInterceptor (a redirect for a form, JSON for a script)
    @Res() _res: Response,
  ): Promise<PlacedBid> {
    const listing = await this.listingOf(caller, listingNo);
    return this.auctions.placeBid(caller, listing.id, dto.amountFen);
  }

  /** The listing with this number, if the caller may see it (404 otherwise, as the API). */
  private async listingOf(caller: AuthUser | undefined, listingNo: string): Promise<Listing> {
    if (typeof listingNo !== 'string' || listingNo.length > 64) throw new DomainError('NOT_FOUND');
    return (await this.listings.findVisibleByNo(caller, listingNo)).listing;
  }
}
