import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import { DealsService } from '../deals/deals.service';
import { toListingDto } from '../listings/listing.mapper';
import { ListingsService } from '../listings/listings.service';
import { toPublicResult } from './public-result.mapper';
import { PublicService } from './public.service';

@ApiTags('public')
@Controller('public')
export class PublicController {
  constructor(
    private readonly board: PublicService,
    private readonly listings: ListingsService,
    private readonly deals: DealsService,
  ) {}

  @Public()
  @Get('announcements')
  @ApiDoc({
    zh: '交易公告：公告期与竞价中的项目',
    en: 'The notice board: listings in announcement or bidding',
    roles: ['public'],
    errors: ['VALIDATION_FAILED'],
  })
  async announcements(@Query() query: PageQueryDto) {
    const page = await this.board.announcements(query);
    const names = await this.listings.namesFor(page.items);
    return { ...page, items: page.items.map((l) => toListingDto(l, 'public', names)) };
  }

  @Public()
  @Get('results')
  @ApiDoc({
    zh: '成交公示与成交结果（仅竞买号与价格）',
    en: 'Results: deals in publicity or done (bidder numbers and prices only)',
    roles: ['public'],
    errors: ['VALIDATION_FAILED'],
  })
  async results(@Query() query: PageQueryDto) {
    const page = await this.board.results(query);
    const names = await this.listings.namesFor(page.items.map((i) => i.listing));
    const winners = await this.deals.winnerNames(page.items.map((i) => i.deal));
    return { ...page, items: page.items.map(({ deal, listing }) => toPublicResult(deal, listing, names, winners)) };
  }
}
