import { Controller, Get, Header, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditService } from '../../audit/audit.service';
import { AuditQueryDto } from '../../audit/dto/audit-query.dto';
import { AuditEntry } from '../../audit/entities/audit-entry.entity';
import { Roles } from '../../common/auth/auth.decorators';
import { addDays, IsoDate, isValidIsoDate, startOfChinaDay } from '../../common/domain/calendar-date';
import { Page } from '../../common/http/pagination';
import { LedgerService } from '../../ledger/ledger.service';
import { OversightService } from '../../oversight/oversight.service';
import { StatsService } from '../../stats/stats.service';
import { CHART_NAMES, CHART_TITLES } from '../stats-charts';
import { UUID } from '../desk-forms';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

/** How many audit entries a page of the browser shows. */
const AUDIT_PAGE_SIZE = 20;
/** The longest details shown in the table (the rest is cut, marked with …). */
const MAX_DETAILS = 240;

export interface AuditForm {
  action: string;
  entityType: string;
  entityId: string;
  actorId: string;
  from: string;
  to: string;
}

/** The audit browser's query parameters, checked: the form as typed, the errors by field (Chinese). */
export function auditFormOf(raw: Record<string, unknown>): { form: AuditForm; errors: Record<string, string> } {
  const text = (key: string, max: number) => {
    const value = raw[key];
    return typeof value === 'string' ? value.trim().slice(0, max) : '';
  };
  const form: AuditForm = {
    action: text('action', 64),
    entityType: text('entityType', 32),
    entityId: text('entityId', 64),
    actorId: text('actorId', 64),
    from: text('from', 10),
    to: text('to', 10),
  };
  const errors: Record<string, string> = {};
  if (form.actorId && !UUID.test(form.actorId)) errors.actorId = '操作人编号格式不正确（应为 36 位 UUID）';
  if (form.from && !isValidIsoDate(form.from)) errors.from = '日期格式应为 年-月-日，如 2026-12-01';
  if (form.to && !isValidIsoDate(form.to)) errors.to = '日期格式应为 年-月-日，如 2026-12-31';
  if (!errors.from && !errors.to && form.from && form.to && form.from > form.to) errors.to = '截止日期不能早于起始日期';
  return { form, errors };
}

/** An entry's details, compact (`key: value`, JSON for nested values), cut to a readable length. */
export function compactDetails(details: Record<string, unknown> | null | undefined): string {
  const text = Object.entries(details ?? {})
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('；');
  return text.length > MAX_DETAILS ? `${text.slice(0, MAX_DETAILS)}…` : text;
}

/**
 * 监管工作台 `/desk/supervisor` (supervisors, and clerks): the year's totals and charts, the ledger's and the audit
 * chain's verification (as `GET /ledger/verify`, `GET /audit/verify`) and the anomalies; `/desk/supervisor/audit` the
 * audit trail (as `GET /audit`, newest first, with the pages' extra filters).
 */
@ApiExcludeController()
@Roles('supervisor', 'clerk')
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class DeskSupervisorController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly stats: StatsService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly oversight: OversightService,
  ) {}

  @Get('desk/supervisor')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async dashboard(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const year = await this.stats.currentYear();
    const [summary, ledger, audit, anomalies] = await Promise.all([
      this.stats.summary({ from: `${year}-01-01`, to: `${year}-12-31` }),
      this.ledger.verify(),
      this.audit.verify(),
      this.oversight.anomalies(),
    ]);
    const ctx = await this.context.of(req, res, '监管工作台');
    return this.views.page('desk-supervisor', ctx, {
      year,
      totals: summary.totals,
      charts: CHART_NAMES.map((name) => ({
        name,
        title: CHART_TITLES[name],
        src: `/stats/charts/${name}.svg?year=${year}`,
      })),
      checks: [
        {
          id: 'ledger',
          name: '资金台账校验',
          ok: ledger.ok,
          checked: ledger.checkedEntries,
          problem: ledger.violations[0] ? `${ledger.violations[0].invariant}：${ledger.violations[0].detail}` : null,
          more: Math.max(0, ledger.violations.length - 1),
        },
        {
          id: 'audit',
          name: '审计日志哈希链校验',
          ok: audit.ok,
          checked: audit.checkedEntries,
          problem: audit.ok ? null : `自第一条断链记录起（记录编号 ${audit.firstBrokenId ?? '—'}）`,
          more: 0,
        },
      ],
      anomalies,
    });
  }

  @Get('desk/supervisor/audit')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async auditTrail(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() raw: Record<string, unknown>,
  ): Promise<string> {
    const { form, errors } = auditFormOf(raw);
    const pageNo = typeof raw.page === 'string' && /^[1-9]\d{0,5}$/.test(raw.page) ? Number(raw.page) : 1;
    let page: Page<AuditEntry> = { items: [], total: 0, page: pageNo, pageSize: AUDIT_PAGE_SIZE };
    if (Object.keys(errors).length === 0) {
      const query = Object.assign(new AuditQueryDto(), {
        page: pageNo,
        pageSize: AUDIT_PAGE_SIZE,
        entityType: form.entityType || undefined,
        entityId: form.entityId || undefined,
      });
      page = await this.audit.list(query, {
        action: form.action || undefined,
        actorId: form.actorId || undefined,
        from: form.from ? startOfChinaDay(form.from as IsoDate) : undefined,
        to: form.to ? startOfChinaDay(addDays(form.to as IsoDate, 1)) : undefined,
        newestFirst: true,
      });
    }
    const actors = await this.oversight.userNames(page.items.map((e) => e.actorId).filter((id) => id !== null));
    const ctx = await this.context.of(req, res, '审计日志');
    if (Object.keys(errors).length > 0) res.status(400);
    return this.views.page('desk-supervisor-audit', ctx, {
      form,
      errors,
      params: form,
      entries: page.items.map((e) => ({
        entry: e,
        actor: e.actorId ? (actors.get(e.actorId) ?? e.actorId) : '系统',
        details: compactDetails(e.details),
      })),
      total: page.total,
      pageNo,
      pages: Math.max(1, Math.ceil(page.total / AUDIT_PAGE_SIZE)),
    });
  }
}
