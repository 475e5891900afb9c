import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
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
  @Get('events')
  @ApiDoc({
    zh: '竞价实时事件（SSE：bid、extended、closed）',
    en: 'Live auction events (SSE: bid, extended, closed)',
    roles: ['public'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
    description: 'At most SSE_MAX_STREAMS_PER_IP open streams per client; 404 for a listing without an auction.',
  })
  async stream(@UuidParam() id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.auctions.assertExists(id);
    if (res.destroyed || req.socket.destroyed) return; // the client left during the check
    // written by the events service rather than by Nest's @Sse(), which costs a crowd an rxjs pipeline, a
    // transform stream and a socket write per viewer and event (see AuctionFanOut)
    this.events.watch(id, req, res, this.events.streamSlots.acquire(clientIp(req)));
  }
}
