import { Body, Controller, Get, MessageEvent, Post, Query, Req, Sse, SseSignal } from '@nestjs/common';
import type { Request } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { map, Observable } from 'rxjs';
import { clientIp } from '../common/http/client-ip';
import { AuthUser, CurrentUser, Public } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { IDEMPOTENCY_ERRORS, Idempotent } from '../idempotency/idempotent.decorator';
import { AuctionEventsService } from './auction-events.service';
import { AuctionsService } from './auctions.service';
import { PlaceBidDto } from './dto/bid.dto';

@ApiTags('auction')
@Controller('listings/:id/auction')
export class AuctionsController {
  constructor(
    private readonly auctions: AuctionsService,
    private readonly events: AuctionEventsService,
  ) {}

  @Public()
  @Get()
  @ApiDoc({
    zh: '竞价状态（含服务器时间）',
    en: 'Auction state (with the server time)',
    roles: ['public'],
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  })
  state(@UuidParam() id: string, @CurrentUser() caller: AuthUser | undefined) {
    return this.auctions.state(id, caller);
  }

  @Post('bids')
  @Idempotent()
  @ApiDoc({
    zh: '出价',
    en: 'Place a bid',
    roles: ['buyer with DEPOSIT_PAID'],
    created: true,
    errors: [
      'AUCTION_NOT_OPEN',
      'LISTING_SUSPENDED',
      'NOT_QUALIFIED_BIDDER',
      'BID_TOO_LOW',
      'BID_TOO_HIGH',
      'BID_NOT_ON_INCREMENT',
      'ALREADY_LEADING',
      'RATE_LIMITED',
      ...IDEMPOTENCY_ERRORS,
    ],
  })
  bid(@UuidParam() id: string, @Body() dto: PlaceBidDto, @CurrentUser() caller: AuthUser) {
    return this.auctions.placeBid(caller, id, dto.amountFen);
  }

  @Public()
  @Get('bids')
  @ApiDoc({
    zh: '出价记录（仅显示竞买号）',
    en: 'Bid history (bidder numbers only)',
    roles: ['public'],
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  })
  bids(@UuidParam() id: string, @Query() query: PageQueryDto) {
    return this.auctions.bids(id, query);
  }

  @Public()
  @Sse('events')
  @ApiDoc({
    zh: '竞价实时事件（SSE：bid、extended、closed）',
    en: 'Live auction events (SSE: bid, extended, closed)',
    roles: ['public'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
    description: 'At most SSE_MAX_STREAMS_PER_IP open streams per client; 404 for a listing without an auction.',
  })
  async stream(
    @UuidParam() id: string,
    @Req() req: Request,
    @SseSignal() ended: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    await this.auctions.assertExists(id);
    const release = this.events.streamSlots.acquire(clientIp(req));
    // the signal aborts on every end of the stream, also when the client left before it was subscribed
    if (ended.aborted) release();
    else ended.addEventListener('abort', release, { once: true });
    return this.events
      .stream(id)
      .pipe(map((e) => ({ type: e.type, data: { type: e.data.type, auction: e.data.auction, bid: e.data.bid } })));
  }
}
