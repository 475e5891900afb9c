import { Controller, Get, Header, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuctionsService } from '../../auctions/auctions.service';
import { Public } from '../../common/auth/auth.decorators';
import { DealsService } from '../../deals/deals.service';
import { ListingSearchDto } from '../../listings/dto/listing.dto';
import { toListingDto } from '../../listings/listing.mapper';
import { ListingsService } from '../../listings/listings.service';
import { toPublicResult } from '../../public/public-result.mapper';
import { PublicService } from '../../public/public.service';
import { StatsService } from '../../stats/stats.service';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

/** How many of each the home page lists. */
const LIVE = 6;
const LATEST = 6;

function searchOf(values: Partial<ListingSearchDto>): ListingSearchDto {
  return Object.assign(new ListingSearchDto(), values);
}

/** `/`: live auctions, the latest announcements and results, this year's totals. */
@ApiExcludeController()
@Public()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class HomeController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly listings: ListingsService,
    private readonly auctions: AuctionsService,
    private readonly board: PublicService,
    private readonly deals: DealsService,
    private readonly stats: StatsService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const year = await this.stats.currentYear();
    const [live, latest, results, summary] = await Promise.all([
      this.listings.search(undefined, searchOf({ status: 'BIDDING', sort: 'endingSoon', pageSize: LIVE })),
      this.listings.search(undefined, searchOf({ status: 'ANNOUNCED', sort: 'newest', pageSize: LATEST })),
      this.board.results({ page: 1, pageSize: LATEST }),
      this.stats.summary({ from: `${year}-01-01`, to: `${year}-12-31` }),
    ]);
    const names = await this.listings.namesFor([
      ...live.items,
      ...latest.items,
      ...results.items.map((r) => r.listing),
    ]);
    const winners = await this.deals.winnerNames(results.items.map((r) => r.deal));
    // an auction's end moves with late bids: its own end, not the listing's planned one
    const auctions = await Promise.all(live.items.map((l) => this.auctions.state(l.id, undefined).catch(() => null)));
    const ctx = await this.context.of(req, res, '首页');
    return this.views.page('home', ctx, {
      live: live.items.map((l, i) => ({ listing: toListingDto(l, 'public', names), auction: auctions[i] })),
      latest: latest.items.map((l) => toListingDto(l, 'public', names)),
      results: results.items.map(({ deal, listing }) => toPublicResult(deal, listing, names, winners)),
      year,
      totals: summary.totals,
    });
  }
}
