import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AccountsService } from '../../accounts/accounts.service';
import { CreateStaffDto } from '../../accounts/dto/account.dto';
import { STAFF_ROLES } from '../../accounts/domain/roles';
import { toUserDto } from '../../accounts/user.mapper';
import { CalendarService } from '../../calendar/calendar.service';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { chinaDateOf } from '../../common/domain/calendar-date';
import { CALENDAR_YEAR_RANGE } from '../../common/domain/working-days';
import { createValidationPipe, validationFailed } from '../../common/errors/validation';
import { PageQueryDto } from '../../common/http/pagination';
import { UuidParam } from '../../common/http/uuid-param';
import { AppConfig } from '../../config/runtime';
import { pageErrorOf } from '../page-errors';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';
import { registerFieldMessage } from './account-pages.controller';

export const STAFF_ROLE_ZH: Readonly<Record<string, string>> = {
  clerk: '交易中心工作人员',
  supervisor: '监管人员',
  admin: '系统管理员',
  lender: '抵押权人（银行）',
  seller: '出让方',
  buyer: '受让方',
};

export const CALENDAR_SOURCE_ZH: Readonly<Record<string, string>> = {
  OFFICIAL: '国务院通知（已录入）',
  PACKAGE: '内置数据',
  WEEKENDS_ONLY: '仅周末（暂定）',
};

const STAFF_PAGE_SIZE = 20;
const STAFF_FIELDS = ['phone', 'name', 'partyType', 'creditCode'] as const;
const MAX_DAYS = 366;

/** The create-staff form's errors next to each field, in Chinese (CreateStaffDto's and createStaff's checks). */
export function staffFieldMessage(field: string, message: string): string {
  const m = message.toLowerCase();
  switch (field) {
    case 'roles':
      return '请选择一个角色：交易中心工作人员、监管人员、系统管理员或抵押权人（银行）';
    case 'partyType':
      return m.includes('lender') ? '抵押权人（银行）须为单位' : '工作人员须为个人';
    case 'creditCode':
      if (m.includes('only for')) return '只有抵押权人（银行）填写统一社会信用代码';
      if (m.includes('required')) return '抵押权人（银行）须填写统一社会信用代码';
      return '统一社会信用代码无效：须为 18 位且校验码正确';
    default:
      return registerFieldMessage(field, message);
  }
}

/** A calendar entry's problem (arrangementProblem, CalendarYearDto) in Chinese. */
export function calendarFieldMessage(message: string, year: number): string {
  const date = /\S+/.exec(message)?.[0] ?? '';
  if (message.includes('YYYY-MM-DD')) return `“${date}”不是日期：请按 YYYY-MM-DD 填写，如 ${year}-10-01`;
  if (message.includes('is not in')) return `${date} 不在 ${year} 年内`;
  if (message.includes('twice')) return '有日期重复填写';
  if (message.includes('both')) return `${/\d{4}-\d{2}-\d{2}/.exec(message)?.[0] ?? ''} 同时填为放假日和调休上班日`;
  if (message.includes('not a weekend')) {
    return `调休上班日 ${/\d{4}-\d{2}-\d{2}/.exec(message)?.[0] ?? ''} 不是周末（调休上班日须为周六或周日）`;
  }
  if (message.includes('at most')) return `最多 ${MAX_DAYS} 个日期`;
  return message;
}

/** One date a line, or separated by commas (either width), 、 or spaces. */
export function datesOf(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  return text
    .split(/[\s,，、;；]+/)
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

/** The configuration's secrets are never shown: what a name holds is masked when it looks like one. */
const SECRET_NAME = /secret|password/i;

/** A database URL without its password (`postgres://user:****@host/db`); unreadable → masked whole. */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_NAME.test(name)) parsed.searchParams.set(name, '****');
    }
    return parsed.toString();
  } catch {
    return '（已设置，不显示）';
  }
}

/** The running configuration as name → shown value, secrets masked. */
export function configRows(config: AppConfig): { name: string; value: string }[] {
  const rows: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(config)) {
    if (typeof value === 'function') continue;
    let shown: string;
    if (value === undefined || value === null) shown = '（未设置）';
    else if (/^(DATABASE_URL|databaseUrl)$/.test(name)) shown = maskDatabaseUrl(String(value));
    else if (SECRET_NAME.test(name)) shown = '（已设置，不显示）';
    else shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
    rows.push({ name, value: shown });
  }
  // the variables first (upper case), then what was resolved at start
  const env = (n: string) => n === n.toUpperCase();
  return rows.sort((a, b) => Number(env(b.name)) - Number(env(a.name)) || a.name.localeCompare(b.name));
}

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'string' && /^\d{1,7}$/.test(value) && Number(value) >= 1 ? Number(value) : fallback;
}

/** The create form's fields as CreateStaffDto takes them: empty optional fields left out, the role as a list. */
function staffInput(body: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of STAFF_FIELDS) {
    const value = body[field];
    if (typeof value === 'string' && value.trim() !== '') input[field] = value.trim();
  }
  if (typeof body.password === 'string' && body.password !== '') input.password = body.password;
  input.roles = typeof body.roles === 'string' && body.roles !== '' ? [body.roles] : [];
  return input;
}

/**
 * The admin desk (`/desk/admin`, admins only): staff accounts (list, create, disable, enable), the holiday calendar
 * and the running configuration (read-only), through the same services and checks as the API's `/admin/...`.
 */
@ApiExcludeController()
@Roles('admin')
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class DeskAdminController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly accounts: AccountsService,
    private readonly calendar: CalendarService,
    private readonly config: AppConfig,
  ) {}

  @Get('desk/admin')
  async staffPage(
    @Query('page') page: unknown,
    @Query('done') done: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.sendStaff(req, res, 200, positiveInt(page, 1), {
      values: { roles: 'clerk', partyType: 'PERSON' },
      fields: {},
      done: typeof done === 'string' ? done : undefined,
    });
  }

  @Post('desk/admin/staff')
  async createStaff(
    @Body() body: Record<string, unknown>,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const input = staffInput(body);
    try {
      const dto = (await createValidationPipe().transform(input, {
        type: 'body',
        metatype: CreateStaffDto,
      })) as CreateStaffDto;
      await this.accounts.createStaff(dto, caller.id);
      res.redirect(303, '/desk/admin?done=created');
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500) throw error;
      const fields: Record<string, string> = {};
      for (const [path, message] of Object.entries(problem.fields)) {
        const field = path.split(/[.[]/)[0];
        fields[field] ??= staffFieldMessage(field, message);
      }
      if (problem.code === 'PHONE_TAKEN') fields.phone = problem.message;
      if (problem.code === 'ID_NUMBER_TAKEN') fields.creditCode = problem.message;
      const { password: _password, roles, ...rest } = input;
      const values = { ...rest, roles: Array.isArray(roles) ? roles[0] : undefined };
      const summary = problem.code === 'VALIDATION_FAILED' ? '请按提示修改标出的项目后再提交' : problem.message;
      await this.sendStaff(req, res, problem.status, 1, { values, fields, error: summary });
    }
  }

  @Post('desk/admin/staff/:id/disable')
  disable(
    @UuidParam() id: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.setDisabled(caller, id, true, positiveInt(body.page, 1), req, res);
  }

  @Post('desk/admin/staff/:id/enable')
  enable(
    @UuidParam() id: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.setDisabled(caller, id, false, positiveInt(body.page, 1), req, res);
  }

  @Get('desk/admin/calendar')
  async calendarPage(
    @Query('year') year: unknown,
    @Query('done') done: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.sendCalendar(req, res, 200, this.yearOf(year), { fields: {}, saved: done === 'saved' });
  }

  @Post('desk/admin/calendar')
  async enterCalendar(
    @Body() body: Record<string, unknown>,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const year = this.yearOf(body.year);
    const holidays = datesOf(body.holidays);
    const workdays = datesOf(body.workdays);
    try {
      for (const [field, days] of [
        ['holidays', holidays],
        ['workdays', workdays],
      ] as const) {
        if (days.length > MAX_DAYS) throw validationFailed([{ field, message: `at most ${MAX_DAYS} dates` }]);
      }
      await this.calendar.enter(caller, year, { holidays, workdays });
      res.redirect(303, `/desk/admin/calendar?year=${year}&done=saved`);
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500) throw error;
      const fields: Record<string, string> = {};
      for (const [path, message] of Object.entries(problem.fields)) {
        const field = path.split(/[.[]/)[0];
        fields[field] ??= calendarFieldMessage(message, year);
      }
      await this.sendCalendar(req, res, problem.status, year, {
        fields,
        error: problem.code === 'VALIDATION_FAILED' ? '请按提示修改后再提交' : problem.message,
        entered: {
          holidays: typeof body.holidays === 'string' ? body.holidays : '',
          workdays: typeof body.workdays === 'string' ? body.workdays : '',
        },
      });
    }
  }

  @Get('desk/admin/config')
  async configPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const ctx = await this.context.of(req, res, '运行配置');
    res
      .status(200)
      .type('html')
      .send(this.views.page('desk-admin-config', ctx, { rows: configRows(this.config) }));
  }

  private async setDisabled(
    caller: AuthUser,
    id: string,
    disabled: boolean,
    page: number,
    req: Request,
    res: Response,
  ): Promise<void> {
    try {
      await this.accounts.setDisabled(caller.id, id, disabled);
      res.redirect(303, `/desk/admin?page=${page}&done=${disabled ? 'disabled' : 'enabled'}`);
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500) throw error;
      const message =
        problem.code === 'INVALID_STATE' && disabled && id === caller.id ? '不能停用自己的账号' : problem.message;
      await this.sendStaff(req, res, problem.status, page, {
        values: { roles: 'clerk', partyType: 'PERSON' },
        fields: {},
        listError: message,
      });
    }
  }

  private yearOf(value: unknown): number {
    if (value === undefined || value === '') return Number(chinaDateOf(new Date()).slice(0, 4));
    const year = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
    if (!(year >= CALENDAR_YEAR_RANGE.first && year <= CALENDAR_YEAR_RANGE.last)) {
      throw validationFailed([{ field: 'year', message: 'year must be a year' }]);
    }
    return year;
  }

  private async sendStaff(
    req: Request,
    res: Response,
    status: number,
    pageNo: number,
    data: {
      values: Record<string, unknown>;
      fields: Record<string, string>;
      error?: string;
      listError?: string;
      done?: string;
    },
  ): Promise<void> {
    const page = await this.accounts.listStaff(
      Object.assign(new PageQueryDto(), { page: pageNo, pageSize: STAFF_PAGE_SIZE }),
    );
    const ctx = await this.context.of(req, res, '系统管理');
    res
      .status(status)
      .type('html')
      .send(
        this.views.page('desk-admin', ctx, {
          ...data,
          staff: page.items.map((u) => toUserDto(u, { showPhone: true })),
          total: page.total,
          pageNo,
          pages: Math.max(1, Math.ceil(page.total / STAFF_PAGE_SIZE)),
          roles: STAFF_ROLES,
          roleLabels: STAFF_ROLE_ZH,
          me: ctx.user?.id,
        }),
      );
  }

  private async sendCalendar(
    req: Request,
    res: Response,
    status: number,
    year: number,
    data: {
      fields: Record<string, string>;
      error?: string;
      saved?: boolean;
      entered?: { holidays: string; workdays: string };
    },
  ): Promise<void> {
    const calendar = await this.calendar.year(year);
    const ctx = await this.context.of(req, res, `${year}年节假日`);
    res
      .status(status)
      .type('html')
      .send(
        this.views.page('desk-admin-calendar', ctx, {
          ...data,
          calendar,
          year,
          source: CALENDAR_SOURCE_ZH[calendar.source] ?? calendar.source,
          // the form starts from what the platform counts by now (the package's data for a year not yet entered)
          entered: data.entered ?? { holidays: calendar.holidays.join('\n'), workdays: calendar.workdays.join('\n') },
        }),
      );
  }
}
