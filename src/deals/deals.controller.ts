import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { UuidParam } from '../common/http/uuid-param';
import { DealsService, toDealDto } from './deals.service';

@ApiTags('deals')
@Controller()
export class DealsController {
  constructor(private readonly deals: DealsService) {}

  @Public()
  @Get('deals/:id')
  @ApiDoc({
    zh: '成交信息（公众仅见竞买号与价格）',
    en: 'A deal (the public sees the bidder number and prices only)',
    roles: ['public', 'parties', 'staff'],
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  })
  async get(@UuidParam() id: string, @CurrentUser() caller: AuthUser | undefined) {
    const { deal, view } = await this.deals.findVisible(caller, { id });
    return toDealDto(deal, view);
  }

  @Public()
  @Get('listings/:id/deal')
  @ApiDoc({
    zh: '挂牌项目的成交信息',
    en: "A listing's deal",
    roles: ['public', 'parties', 'staff'],
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  })
  async forListing(@UuidParam() id: string, @CurrentUser() caller: AuthUser | undefined) {
    const { deal, view } = await this.deals.findVisible(caller, { listingId: id });
    return toDealDto(deal, view);
  }
}
