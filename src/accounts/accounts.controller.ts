import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Public, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { AccountsService } from './accounts.service';
import { AuthService, IssuedTokens } from './auth.service';
import { CreateStaffDto, LoginDto, RefreshDto, RegisterDto, TokenPairDto, UserDto } from './dto/account.dto';
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
    errors: ['VALIDATION_FAILED', 'PHONE_TAKEN'],
  })
  async register(@Body() dto: RegisterDto): Promise<UserDto> {
    return toUserDto(await this.accounts.register(dto), { showPhone: true });
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto })
  @ApiDoc({
    zh: '登录',
    en: 'Log in',
    roles: ['public'],
    errors: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'RATE_LIMITED'],
  })
  async login(@Body() dto: LoginDto, @Req() req: Request): Promise<TokenPairDto> {
    return toTokenPair(await this.auth.login(dto.phone, dto.password, req.ip ?? 'unknown'));
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
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

  @Get('me')
  @ApiOkResponse({ type: UserDto })
  @ApiDoc({ zh: '我的资料与角色', en: 'My profile and roles', roles: ['any'], errors: [] })
  async me(@CurrentUser() caller: AuthUser): Promise<UserDto> {
    return toUserDto(await this.accounts.findById(caller.id), { showPhone: true });
  }

  @Post('admin/users')
  @Roles('admin')
  @ApiCreatedResponse({ type: UserDto })
  @ApiDoc({
    zh: '创建工作人员账号（交易中心工作人员、监管、管理员）',
    created: true,
    en: 'Create a staff account (clerk, supervisor, admin)',
    roles: ['admin'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'PHONE_TAKEN'],
  })
  async createStaff(@Body() dto: CreateStaffDto, @CurrentUser() caller: AuthUser): Promise<UserDto> {
    return toUserDto(await this.accounts.createStaff(dto, caller.id), { showPhone: true });
  }
}
