import { Controller, Get, Header, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { ListingsService } from '../../listings/listings.service';
import { MortgagesService } from '../../mortgages/mortgages.service';
import { pageCount, pageNoOf, PAGE_SIZE } from '../desk-forms';
import { PartyDeskData } from '../party-desk-data';
import { DeskQueues, queueOf } from '../desk-queues';
import { CONTRACT_STATUS_ZH, DEAL_STATUS_ZH, MORTGAGE_STATUS_ZH } from '../status-labels';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

const MORTGAGES_SHOWN = 50;

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
    private readonly party: PartyDeskData,
  ) {}

  @Get('desk')
  async desk(
    @CurrentUser() caller: AuthUser,
    @Query('page') rawPage: unknown,
    @Query('dealsPage') rawDealsPage: unknown,
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
    // the clerk who drafted a listing for the seller (代办), by name
    const listingNames = listings ? await this.listings.namesFor(listings.items) : null;
    const mortgages = lender ? await this.mortgages.mine(caller, { page: 1, pageSize: MORTGAGES_SHOWN }) : null;
    const deals = seller ? await this.party.dealsAsSeller(caller.id, pageNoOf(rawDealsPage)) : null;
    const ctx = await this.context.of(req, res, '工作台');
    res.type('text/html; charset=utf-8').send(
      this.views.page('desk', ctx, {
        counts,
        listings,
        listingNames,
        pageNo,
        pages: listings ? pageCount(listings.total) : 1,
        mortgages,
        mortgageStatus: MORTGAGE_STATUS_ZH,
        deals,
        unread: ctx.unread,
        dealStatus: DEAL_STATUS_ZH,
        contractStatus: CONTRACT_STATUS_ZH,
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
      pages: pageCount(total),
    });
  }
}
