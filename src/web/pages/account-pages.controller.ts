import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AccountsService } from '../../accounts/accounts.service';
import { AuthService } from '../../accounts/auth.service';
import { RegisterDto } from '../../accounts/dto/account.dto';
import { AuthUser, CurrentUser, Public } from '../../common/auth/auth.decorators';
import { createValidationPipe } from '../../common/errors/validation';
import { clientIp } from '../../common/http/client-ip';
import { AppConfig } from '../../config/runtime';
import { DivisionsService } from '../../divisions/divisions.service';
import { pageErrorOf } from '../page-errors';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';
import { clearSession, REFRESH_COOKIE, setSession } from '../web-session';

/** Where to go after signing in: a local path only (never another site, never `//host`), else `/me`. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 512) return '/me';
  return /^\/(?![/\\])[^\s\\]*$/.test(next) ? next : '/me';
}

const REGISTER_FIELDS = ['partyType', 'name', 'idNumber', 'creditCode', 'villageCode', 'phone', 'address'] as const;

/**
 * The registration form's errors next to each field, in Chinese: the API's checks (RegisterDto, AccountsService)
 * report them in English for API clients; the page says the same in the user's language.
 */
export function registerFieldMessage(field: string, message: string): string {
  const m = message.toLowerCase();
  switch (field) {
    case 'phone':
      return '请填写 11 位手机号（以 1 开头）';
    case 'password':
      return m.includes('at least') || m.includes('longer') || m.includes('must be shorter')
        ? '密码至少 10 个字符'
        : '密码太容易被猜到：请用更长、不含手机号和姓名的密码（如几个不相关的词加数字和符号）';
    case 'name':
      return '请填写姓名或单位名称（1 至 100 字）';
    case 'partyType':
      return '请选择主体类型';
    case 'idNumber':
      if (m.includes('required')) return '个人须填写 18 位居民身份证号';
      if (m.includes('not for')) return '单位和集体经济组织不填身份证号，请填写统一社会信用代码';
      return '身份证号无效：须为 18 位且校验码正确';
    case 'creditCode':
      if (m.includes('required')) return '单位和集体经济组织须填写统一社会信用代码';
      if (m.includes('not for')) return '个人不填统一社会信用代码，请填写身份证号';
      return '统一社会信用代码无效：须为 18 位且校验码正确';
    case 'villageCode':
      return m.includes('required') ? '集体经济组织须选择所在村' : '请选择列表中的村';
    case 'roles':
      return '请至少选择一项：我要受让（买方）或我要出让（卖方）';
    case 'address':
      return '住所最多 200 字';
    default:
      return message;
  }
}

interface VillageGroup {
  township: string;
  villages: { code: string; name: string }[];
}

/** Reference data for the village list, kept a minute (an admin may import new division codes). */
const VILLAGES_TTL_MS = 60_000;

/**
 * `/login`, `/register`, `POST /logout`: the API's own account use cases (AuthService.login, AccountsService.registerFrom
 * with RegisterDto's checks, AuthService.logout), the session being the API's token pair in httpOnly cookies.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class AccountPagesController {
  private villages?: { at: number; groups: Promise<VillageGroup[]> };

  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
    private readonly divisions: DivisionsService,
    private readonly config: AppConfig,
  ) {}

  @Get('login')
  async loginPage(
    @Query('next') next: unknown,
    @CurrentUser() caller: AuthUser | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (caller) {
      res.redirect(302, safeNext(next));
      return;
    }
    await this.sendLogin(req, res, 200, { next: safeNext(next), phone: '' });
  }

  @Post('login')
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const phone = typeof body.phone === 'string' ? body.phone.trim().slice(0, 32) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 128) : '';
    const next = safeNext(body.next);
    try {
      const tokens = await this.auth.login(phone, password, clientIp(req));
      setSession(req, res, tokens, this.config.REFRESH_TOKEN_DAYS);
      res.redirect(303, next);
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500) throw error;
      await this.sendLogin(req, res, problem.status, { next, phone, error: problem.message });
    }
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const refresh = (req as Request & { cookies?: Record<string, string | undefined> }).cookies?.[REFRESH_COOKIE];
    if (refresh) await this.auth.logout(refresh);
    clearSession(req, res);
    res.redirect(303, '/');
  }

  @Get('register')
  async registerPage(@CurrentUser() caller: AuthUser | undefined, @Req() req: Request, @Res() res: Response) {
    if (caller) {
      res.redirect(302, '/me');
      return;
    }
    await this.sendRegister(req, res, 200, { values: { partyType: 'PERSON', roles: ['buyer'] }, fields: {} });
  }

  @Post('register')
  async register(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const input = registrationInput(body);
    try {
      const dto = (await createValidationPipe().transform(input, {
        type: 'body',
        metatype: RegisterDto,
      })) as RegisterDto;
      await this.accounts.registerFrom(clientIp(req), dto);
      const tokens = await this.auth.login(dto.phone, dto.password, clientIp(req));
      setSession(req, res, tokens, this.config.REFRESH_TOKEN_DAYS);
      res.redirect(303, '/me');
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500) throw error;
      const fields: Record<string, string> = {};
      for (const [field, message] of Object.entries(problem.fields)) {
        fields[field.split(/[.[]/)[0]] ??= registerFieldMessage(field.split(/[.[]/)[0], message);
      }
      if (problem.code === 'PHONE_TAKEN') fields.phone = problem.message;
      if (problem.code === 'ID_NUMBER_TAKEN')
        fields[input.partyType === 'PERSON' ? 'idNumber' : 'creditCode'] = problem.message;
      const { password: _password, ...values } = input;
      const summary = problem.code === 'VALIDATION_FAILED' ? '请按提示修改标出的项目后再提交' : problem.message;
      await this.sendRegister(req, res, problem.status, { values, fields, error: summary });
    }
  }

  private async sendLogin(
    req: Request,
    res: Response,
    status: number,
    data: { next: string; phone: string; error?: string },
  ): Promise<void> {
    const ctx = await this.context.of(req, res, '登录');
    res
      .status(status)
      .type('html')
      .send(this.views.page('login', ctx, data));
  }

  private async sendRegister(
    req: Request,
    res: Response,
    status: number,
    data: { values: Record<string, unknown>; fields: Record<string, string>; error?: string },
  ): Promise<void> {
    const ctx = await this.context.of(req, res, '注册');
    const villages = await this.villageGroups();
    res
      .status(status)
      .type('html')
      .send(this.views.page('register', ctx, { ...data, villages }));
  }

  /** The county's villages by township (the divisions' reference data), for a collective's 所在村. */
  private villageGroups(): Promise<VillageGroup[]> {
    if (this.villages && Date.now() - this.villages.at < VILLAGES_TTL_MS) return this.villages.groups;
    const groups = this.divisions.townships().then((townships) =>
      Promise.all(
        townships.map(async (township) => ({
          township: township.name,
          villages: (await this.divisions.children(township.code))
            .filter((d) => d.level === 'village')
            .map((d) => ({ code: d.code, name: d.name })),
        })),
      ),
    );
    this.villages = { at: Date.now(), groups };
    groups.catch(() => (this.villages = undefined));
    return groups;
  }
}

/** The form's fields as the API's RegisterDto takes them: empty optional fields left out, roles as a list. */
function registrationInput(body: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of REGISTER_FIELDS) {
    const value = body[field];
    if (typeof value === 'string' && value.trim() !== '') input[field] = value.trim();
  }
  if (typeof body.password === 'string' && body.password !== '') input.password = body.password;
  const roles = body.roles;
  input.roles = Array.isArray(roles) ? roles : typeof roles === 'string' ? [roles] : [];
  // a person has no credit code, an organization no ID number: the form shows both, the party type decides
  if (input.partyType === 'PERSON') delete input.creditCode;
  else if (input.partyType === 'ORGANIZATION' || input.partyType === 'COLLECTIVE') delete input.idNumber;
  if (input.partyType !== 'COLLECTIVE') delete input.villageCode;
  return input;
}
