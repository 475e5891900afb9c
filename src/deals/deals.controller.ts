import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { isStaff } from '../accounts/domain/roles';
import { AuthUser, CurrentUser, Public, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { toDealDto, toObjectionDto } from './deal.mapper';
import { DealsService, DealView } from './deals.service';
import { BankRefDto, DefaultDto, NegotiatedDealDto, ObjectionDto, ResolveObjectionDto } from './dto/deal.dto';
import { Deal } from './entities/deal.entity';

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
    return this.dto(deal, view);
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
    return this.dto(deal, view);
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
    return this.dto(await this.deals.recordNegotiated(caller, id, dto.registrationId, dto.priceFen), 'staff');
  }

  @Post('deals/:id/objections')
  @ApiDoc({
    zh: '对公示中的成交提出异议',
    en: 'Object to a deal in publicity',
    roles: ['any authenticated user'],
    created: true,
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'DEAL_NOT_IN_PUBLICITY', 'OBJECTION_EXISTS'],
  })
  async object(@UuidParam() id: string, @Body() dto: ObjectionDto, @CurrentUser() caller: AuthUser) {
    return toObjectionDto(await this.deals.object(caller, id, dto.reason), isStaff(caller.roles));
  }

  @Get('deals/:id/objections')
  @ApiDoc({
    zh: '成交的异议（当事人与工作人员可见全部，其他人仅见本人提出的）',
    en: "A deal's objections, paginated (parties and staff see all; others their own)",
    roles: ['any authenticated user'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  async objections(@UuidParam() id: string, @Query() query: PageQueryDto, @CurrentUser() caller: AuthUser) {
    const page = await this.deals.objectionsOf(caller, id, query);
    return { ...page, items: page.items.map((o) => toObjectionDto(o, isStaff(caller.roles))) };
  }

  @Post('objections/:id/resolve')
  @Roles('clerk')
  @ApiDoc({
    zh: '处理异议（成交异议成立则成交撤销；挂牌公告异议成立后由工作人员中止或终结交易）',
    en: "Resolve an objection (a deal's upheld: the deal is cancelled; a listing's upheld: the clerk then suspends or terminates it)",
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'DEAL_NOT_IN_PUBLICITY', 'FORBIDDEN'],
  })
  async resolve(@UuidParam() id: string, @Body() dto: ResolveObjectionDto, @CurrentUser() caller: AuthUser) {
    return toObjectionDto(await this.deals.resolveObjection(caller, id, dto.upheld, dto.comment), true);
  }

  @Post('deals/:id/confirm')
  @Roles('clerk')
  @ApiDoc({
    zh: '公示期满且无未决异议后确认成交',
    en: 'Confirm the deal (publicity over, no objection open)',
    roles: ['clerk'],
    errors: ['NOT_FOUND', 'INVALID_STATE', 'PUBLICITY_NOT_OVER', 'OBJECTION_OPEN', 'FORBIDDEN', 'VALIDATION_FAILED'],
  })
  async confirm(@UuidParam() id: string, @CurrentUser() caller: AuthUser) {
    return this.dto(await this.deals.confirm(caller, id), 'staff');
  }

  @Post('deals/:id/default')
  @Roles('clerk')
  @ApiDoc({
    zh: '认定受让方违约（保证金没收归出让方，项目可重新挂牌）',
    en: 'Declare the winner in default (deposit forfeited to the seller; the listing can be relisted)',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'FORBIDDEN'],
  })
  async declareDefault(@UuidParam() id: string, @Body() dto: DefaultDto, @CurrentUser() caller: AuthUser) {
    return this.dto(await this.deals.declareDefault(caller, id, dto.reason), 'staff');
  }

  @Post('deals/:id/payout')
  @Roles('clerk')
  @ApiDoc({
    zh: '向出让方支付结算外的应付款（如没收的保证金）',
    en: 'Pay out what the seller is owed outside a settlement (a forfeited deposit)',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'NOTHING_TO_PAY', 'FORBIDDEN'],
  })
  async payout(@UuidParam() id: string, @Body() dto: BankRefDto, @CurrentUser() caller: AuthUser) {
    const { deal, paidOutFen } = await this.deals.payout(caller, id, dto.bankRef);
    return { ...(await this.dto(deal, 'staff')), paidOutFen, bankRef: dto.bankRef };
  }

  private async dto(deal: Deal, view: DealView) {
    return toDealDto(deal, view, await this.deals.papersOf(deal));
  }
}
