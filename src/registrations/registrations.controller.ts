import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { isStaff } from '../accounts/domain/roles';
import { AuthUser, CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { DepositDto, QualifyDto, RefundDto, RegisterForListingDto } from './dto/registration.dto';
import { Registration } from './entities/registration.entity';
import { toRegistrationDto } from './registration.mapper';
import { RegistrationsService } from './registrations.service';

@ApiTags('registrations')
@Controller()
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  private async one(r: Registration, caller: AuthUser) {
    const buyers = await this.registrations.buyersOf([r]);
    return toRegistrationDto(r, buyers.get(r.buyerId), isStaff(caller.roles));
  }

  private async page(page: { items: Registration[]; total: number; page: number; pageSize: number }, caller: AuthUser) {
    const buyers = await this.registrations.buyersOf(page.items);
    const staff = isStaff(caller.roles);
    return { ...page, items: page.items.map((r) => toRegistrationDto(r, buyers.get(r.buyerId), staff)) };
  }

  @Post('listings/:id/registrations')
  @Roles('buyer')
  @ApiDoc({
    zh: '意向受让登记（公告期内）',
    en: 'Register to bid (during the announcement)',
    roles: ['buyer'],
    created: true,
    errors: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'REGISTRATION_CLOSED',
      'LISTING_SUSPENDED',
      'NOT_ELIGIBLE',
      'OWN_LISTING',
      'ALREADY_REGISTERED',
      'FORBIDDEN',
    ],
  })
  async register(@UuidParam() id: string, @Body() dto: RegisterForListingDto, @CurrentUser() caller: AuthUser) {
    return this.one(await this.registrations.register(caller, id, dto), caller);
  }

  @Get('listings/:id/registrations')
  @Roles('clerk', 'supervisor')
  @ApiDoc({
    zh: '项目的全部报名',
    en: "A listing's registrations",
    roles: ['clerk', 'supervisor'],
    errors: ['FORBIDDEN'],
  })
  async forListing(@UuidParam() id: string, @Query() query: PageQueryDto, @CurrentUser() caller: AuthUser) {
    return this.page(await this.registrations.findForListing(id, query), caller);
  }

  @Get('me/registrations')
  @ApiDoc({ zh: '我的报名', en: 'My registrations', roles: ['buyer'], errors: ['VALIDATION_FAILED'] })
  async mine(@Query() query: PageQueryDto, @CurrentUser() caller: AuthUser) {
    return this.page(await this.registrations.findMine(caller, query), caller);
  }

  @Get('registrations/:id')
  @ApiDoc({ zh: '报名详情', en: 'A registration', roles: ['its buyer', 'staff'], errors: ['NOT_FOUND'] })
  async get(@UuidParam() id: string, @CurrentUser() caller: AuthUser) {
    return this.one(await this.registrations.findVisible(caller, id), caller);
  }

  @Post('registrations/:id/qualify')
  @Roles('clerk')
  @ApiDoc({
    zh: '资格审查（可标记优先权）',
    en: 'Qualify or disqualify (may mark the priority right)',
    roles: ['clerk'],
    errors: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'INVALID_STATE',
      'REGISTRATION_CLOSED',
      'LISTING_SUSPENDED',
      'PRIORITY_RIGHT_NOT_APPLICABLE',
      'BUYER_NOT_MEMBER',
    ],
  })
  async qualify(@UuidParam() id: string, @Body() dto: QualifyDto, @CurrentUser() caller: AuthUser) {
    return this.one(await this.registrations.qualify(caller, id, dto), caller);
  }

  @Post('registrations/:id/deposit')
  @Roles('clerk')
  @Idempotent()
  @ApiDoc({
    zh: '登记保证金到账（依银行流水），生成竞买号',
    en: 'Record the deposit received (bank statement); assigns the bidder number',
    roles: ['clerk'],
    errors: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'INVALID_STATE',
      'REGISTRATION_CLOSED',
      'LISTING_SUSPENDED',
      'DEPOSIT_AMOUNT_MISMATCH',
      'IDEMPOTENCY_KEY_REUSED',
      'IDEMPOTENCY_KEY_IN_USE',
    ],
  })
  async deposit(@UuidParam() id: string, @Body() dto: DepositDto, @CurrentUser() caller: AuthUser) {
    return this.registrations.recordDeposit(caller, id, dto);
  }

  @Post('registrations/:id/refund')
  @Roles('clerk')
  @ApiDoc({
    zh: '登记保证金退还（银行转账）',
    en: 'Record the refund of a released deposit (bank transfer)',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'NOTHING_TO_REFUND'],
  })
  async refund(@UuidParam() id: string, @Body() dto: RefundDto, @CurrentUser() caller: AuthUser) {
    return this.one(await this.registrations.refund(caller, id, dto), caller);
  }
}
