import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { UuidParam } from '../common/http/uuid-param';
import { DealsService, toDealDto } from './deals.service';

class NegotiatedDealDto {
  @ApiProperty()
  @IsUUID()
  registrationId: string;

  @ApiProperty({ description: 'agreed price in the listing’s price unit, fen (≥ reserve)' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  priceFen: number;
}

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

  @Post('listings/:id/negotiated-deal')
  @Roles('clerk')
  @ApiDoc({
    zh: '登记协议成交（协商交易项目公告期满后）',
    en: 'Record the negotiated deal (after a NEGOTIATED listing’s announcement)',
    roles: ['clerk'],
    created: true,
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'PRICE_BELOW_RESERVE', 'FORBIDDEN'],
  })
  async negotiated(@UuidParam() id: string, @Body() dto: NegotiatedDealDto, @CurrentUser() caller: AuthUser) {
    return toDealDto(await this.deals.recordNegotiated(caller, id, dto.registrationId, dto.priceFen), 'staff');
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
