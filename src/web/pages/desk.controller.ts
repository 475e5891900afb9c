import { Controller, Get, Header, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { ListingsService } from '../../listings/listings.service';
import { MortgagesService } from '../../mortgages/mortgages.service';
import { DeskQueues, queueOf } from '../desk-queues';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

const PAGE_SIZE = 20;
const MORTGAGES_SHOWN = 50;

export const MORTGAGE_STATUS_ZH: Readonly<Record<string, string>> = {
  APPLIED: '已申请',
  REGISTERED: '已登记',
  REFUSED: '不予登记',
  RELEASED: '已注销',
};

/** `?page=` as a page number (1 when absent or not a positive integer). */
function pageNoOf(raw: unknown): number {
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

/**
 * `/desk` (issue 13; API.md "Web pages"): every signed-in user's start page. Admins and supervisors go to their own
 * desks; a clerk sees the work queues with counts (`/desk/queues/:queue` lists one); a seller its own listings; a
 * lender its mortgages; a buyer-only account goes to `/me`.
 */
@ApiExcludeController()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class DeskController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly queues: DeskQueues,
    private readonly listings: ListingsService,
    private readonly mortgages: MortgagesService,
  ) {}

  @Get('desk')
  async desk(
    @CurrentUser() caller: AuthUser,
    @Query('page') rawPage: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const roles = caller.roles;
    if (roles.includes('admin')) return res.redirect(303, '/desk/admin');
    if (roles.includes('supervisor')) return res.redirect(303, '/desk/supervisor');
    const clerk = roles.includes('clerk');
    const seller = roles.includes('seller');
    const lender = roles.includes('lender');
    if (!clerk && !seller && !lender) return res.redirect(303, '/me');
    const pageNo = pageNoOf(rawPage);
    const counts = clerk ? await this.queues.counts(caller.id) : [];
    const listings = seller ? await this.listings.findOwned(caller, { page: pageNo, pageSize: PAGE_SIZE }) : null;
    const mortgages = lender ? await this.mortgages.mine(caller, { page: 1, pageSize: MORTGAGES_SHOWN }) : null;
    const ctx = await this.context.of(req, res, '工作台');
    res.type('text/html; charset=utf-8').send(
      this.views.page('desk', ctx, {
        counts,
        listings,
        pageNo,
        pages: listings ? Math.max(1, Math.ceil(listings.total / PAGE_SIZE)) : 1,
        mortgages,
        mortgageStatus: MORTGAGE_STATUS_ZH,
      }),
    );
  }

  @Get('desk/queues/:queue')
  @Roles('clerk')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async queue(
    @CurrentUser() caller: AuthUser,
    @Param('queue') key: string,
    @Query('page') rawPage: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const queue = queueOf(key);
    if (!queue) throw new DomainError('NOT_FOUND');
    const pageNo = pageNoOf(rawPage);
    const { items, total } = await this.queues.page(queue, caller.id, pageNo, PAGE_SIZE);
    const ctx = await this.context.of(req, res, queue.label);
    return this.views.page('desk-queue', ctx, {
      queue,
      items,
      total,
      pageNo,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    });
  }
}
