import { Body, Controller, Get, Patch, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Public, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { clientIp } from '../common/http/client-ip';
import { UuidParam } from '../common/http/uuid-param';
import { AccountsService } from './accounts.service';
import { AuthService, IssuedTokens } from './auth.service';
import {
  CreateStaffDto,
  LoginDto,
  LogoutDto,
  RefreshDto,
  RegisterDto,
  TokenPairDto,
  UpdateMeDto,
  UserDto,
} from './dto/account.dto';
import { toUserDto } from './user.mapper';

function toTokenPair(tokens: IssuedTokens): TokenPairDto {
  return { ...tokens, user: toUserDto(tokens.user, { showPhone: true }) };
}

@ApiTags('accounts')
@Controller()
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
  ) {}

  @Public()
  @Post('auth/register')
  @ApiCreatedResponse({ type: UserDto })
  @ApiDoc({
    zh: '注册（实名：身份证号或统一社会信用代码）',
    created: true,
    en: 'Register (real name: resident ID or unified social credit code)',
    roles: ['public'],
    errors: ['VALIDATION_FAILED', 'PHONE_TAKEN', 'ID_NUMBER_TAKEN', 'RATE_LIMITED'],
    description:
      'One account per person: a resident ID number or credit code registers once. The password must be hard to ' +
      'guess (zxcvbn score ≥ 3). At most REGISTRATIONS_PER_IP_PER_HOUR successful registrations per client.',
  })
  async register(@Body() dto: RegisterDto, @Req() req: Request): Promise<UserDto> {
    return toUserDto(await this.accounts.registerFrom(clientIp(req), dto), { showPhone: true });
  }

  @Public()
  @Post('auth/login')
  @ApiOkResponse({ type: TokenPairDto })
  @ApiDoc({
    zh: '登录',
    en: 'Log in',
    roles: ['public'],
    errors: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'RATE_LIMITED'],
  })
  async login(@Body() dto: LoginDto, @Req() req: Request): Promise<TokenPairDto> {
    return toTokenPair(await this.auth.login(dto.phone, dto.password, clientIp(req)));
  }

  @Public()
  @Post('auth/refresh')
  @ApiOkResponse({ type: TokenPairDto })
  @ApiDoc({
    zh: '刷新令牌（轮换）',
    en: 'Refresh the token pair (rotating)',
    roles: ['public'],
    errors: ['VALIDATION_FAILED', 'INVALID_REFRESH_TOKEN'],
  })
  async refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return toTokenPair(await this.auth.refresh(dto.refreshToken));
  }

  @Public()
  @Post('auth/logout')
  @ApiNoContentResponse({ description: "the refresh token's family is revoked" })
  @ApiDoc({
    zh: '退出登录（吊销刷新令牌及其同族令牌）',
    en: "Log out (revokes the refresh token's whole family)",
    roles: ['public'],
    status: 204,
    errors: ['VALIDATION_FAILED'],
  })
  async logout(@Body() dto: LogoutDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @ApiOkResponse({ type: UserDto })
  @ApiDoc({ zh: '我的资料与角色', en: 'My profile and roles', roles: ['any'], errors: [] })
  async me(@CurrentUser() caller: AuthUser): Promise<UserDto> {
    return toUserDto(await this.accounts.findById(caller.id), { showPhone: true });
  }

  @Patch('me')
  @ApiOkResponse({ type: UserDto })
  @ApiDoc({ zh: '修改我的住所', en: 'Change my address (住所)', roles: ['any'], errors: ['VALIDATION_FAILED'] })
  async updateMe(@Body() dto: UpdateMeDto, @CurrentUser() caller: AuthUser): Promise<UserDto> {
    return toUserDto(await this.accounts.updateAddress(caller.id, dto.address), { showPhone: true });
  }

  @Post('admin/users/:id/disable')
  @Roles('admin')
  @ApiOkResponse({ type: UserDto })
  @ApiDoc({
    zh: '停用账号（立即无法登录，令牌 1 秒内失效）',
    en: 'Disable an account (no more sign-in; its tokens stop working within 1 s)',
    roles: ['admin'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  })
  async disable(@UuidParam() id: string, @CurrentUser() caller: AuthUser): Promise<UserDto> {
    return toUserDto(await this.accounts.setDisabled(caller.id, id, true), { showPhone: true });
  }

  @Post('admin/users/:id/enable')
  @Roles('admin')
  @ApiOkResponse({ type: UserDto })
  @ApiDoc({
    zh: '启用账号',
    en: 'Enable an account',
    roles: ['admin'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND'],
  })
  async enable(@UuidParam() id: string, @CurrentUser() caller: AuthUser): Promise<UserDto> {
    return toUserDto(await this.accounts.setDisabled(caller.id, id, false), { showPhone: true });
  }

  @Post('admin/users')
  @Roles('admin')
  @ApiCreatedResponse({ type: UserDto })
  @ApiDoc({
    zh: '创建工作人员账号（交易中心工作人员、监管、管理员）或抵押权人（银行）账号',
    created: true,
    en: 'Create a staff account (clerk, supervisor, admin) or a lender (a bank): exactly one role',
    roles: ['admin'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'PHONE_TAKEN', 'ID_NUMBER_TAKEN'],
    description:
      'A lender is an ORGANIZATION with a valid unified social credit code (`partyType`, `creditCode`); staff are ' +
      'PERSONs without one.',
  })
  async createStaff(@Body() dto: CreateStaffDto, @CurrentUser() caller: AuthUser): Promise<UserDto> {
    return toUserDto(await this.accounts.createStaff(dto, caller.id), { showPhone: true });
  }
}
