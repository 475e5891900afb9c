import { Body, Controller, Get, Header, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Public } from '../../common/auth/auth.decorators';
import { flattenValidationErrors, validationFailed } from '../../common/errors/validation';
import { PageQueryDto } from '../../common/http/pagination';
import { DealsService } from '../../deals/deals.service';
import { ObjectionDto } from '../../deals/dto/deal.dto';
import { ListingsService } from '../../listings/listings.service';
import { toPublicResult } from '../../public/public-result.mapper';
import { PublicService } from '../../public/public.service';
import { PageError, pageErrorOf } from '../page-errors';
import { pageNoOf, UUID } from '../desk-forms';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

/** The deal's stage as the results board shows it. */
const DEAL_STAGES: Readonly<Record<string, string>> = {
  PUBLICITY: '公示中',
  CONFIRMED: '已确认成交',
  CONTRACTED: '已签订合同',
  SETTLED: '已结算',
};

function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof v === 'string' ? v : undefined;
}

/**
 * `/results` 成交公示: the deals in publicity and done, as `GET /public/results` shows them (the winner named as the
 * publicity names them), and for a signed-in user an objection form per deal in publicity
 * (`POST /results/:dealId/objections`, the API's rules and messages).
 */
@ApiExcludeController()
@Public()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class ResultsPagesController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly board: PublicService,
    private readonly listings: ListingsService,
    private readonly deals: DealsService,
  ) {}

  @Get('results')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async results(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() raw: Record<string, unknown>,
  ): Promise<string> {
    const objected = first(raw.objected);
    return this.render(req, res, pageNoOf(raw.page), {
      objected: objected && UUID.test(objected) ? objected : null,
    });
  }

  @Post('results/:dealId/objections')
  async object(
    @Req() req: Request,
    @Res() res: Response,
    @Param('dealId') dealId: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() caller: AuthUser | undefined,
  ): Promise<void> {
    if (!caller) {
      res.redirect(303, `/login?next=${encodeURIComponent('/results')}`);
      return;
    }
    const page = pageNoOf(body?.page);
    try {
      if (!UUID.test(dealId)) throw validationFailed([{ field: 'id', message: 'id must be a UUID' }]);
      const dto = plainToInstance(ObjectionDto, { reason: first(body?.reason) ?? '' });
      const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length) throw validationFailed(flattenValidationErrors(errors));
      await this.deals.object(caller, dealId, dto.reason);
    } catch (failure) {
      const problem = pageErrorOf(failure, req);
      const html = await this.render(req, res, page, {
        problem: { dealId, ...problem },
        reason: first(body?.reason) ?? '',
      });
      res.status(problem.status).type('html').send(html);
      return;
    }
    res.redirect(
      303,
      `/results?objected=${encodeURIComponent(dealId)}${page > 1 ? `&page=${page}` : ''}#deal-${dealId}`,
    );
  }

  private async render(
    req: Request,
    res: Response,
    pageNo: number,
    extra: { objected?: string | null; problem?: PageError & { dealId: string }; reason?: string },
  ): Promise<string> {
    const query = Object.assign(new PageQueryDto(), { page: pageNo, pageSize: 20 });
    const page = await this.board.results(query);
    const names = await this.listings.namesFor(page.items.map((i) => i.listing));
    const winners = await this.deals.winnerNames(page.items.map((i) => i.deal));
    const ctx = await this.context.of(req, res, '成交公示');
    return this.views.page('results', ctx, {
      items: page.items.map(({ deal, listing }) => toPublicResult(deal, listing, names, winners)),
      pageNo: page.page,
      pages: Math.max(1, Math.ceil(page.total / page.pageSize)),
      total: page.total,
      stages: DEAL_STAGES,
      objected: extra.objected ?? null,
      problem: extra.problem ?? null,
      problemFields: Object.keys(extra.problem?.fields ?? {}).map((f) => (f === 'reason' ? '异议理由' : f)),
      reason: extra.reason ?? '',
    });
  }
}
