import { Controller, Get, Header, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { StatsGroup, StatsGroupBy, StatsService } from '../../stats/stats.service';
import { allMonths, CHART_NAMES, CHART_TITLES, statsChartSvg } from '../stats-charts';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

/** An SVG image is a document of its own: its inline styles are ECharts' (no script: ECharts writes none). */
const CHART_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * `/stats` 交易统计: turnover, count and area by township, category and month for a year, as charts rendered on the
 * server (`/stats/charts/:name.svg`, shown as images) with the same numbers in a table under each.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class StatsPagesController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly stats: StatsService,
  ) {}

  @Get('stats')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() raw: Record<string, unknown>,
  ): Promise<string> {
    const current = await this.stats.currentYear();
    const year = this.yearOf(raw.year, current);
    const [totals, ...grouped] = await Promise.all([
      this.stats.summary({ from: `${year}-01-01`, to: `${year}-12-31` }),
      ...CHART_NAMES.map((name) => this.groups(name, year)),
    ]);
    const ctx = await this.context.of(req, res, '交易统计');
    const first = Number(current) - 4;
    return this.views.page('stats', ctx, {
      year,
      years: Array.from({ length: 5 }, (_, i) => String(first + 4 - i)),
      totals: totals.totals,
      charts: CHART_NAMES.map((name, i) => ({
        name,
        title: CHART_TITLES[name],
        src: `/stats/charts/${name}.svg?year=${year}`,
        groups: grouped[i],
      })),
    });
  }

  @Get('stats/charts/:name.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  async chart(
    @Res({ passthrough: true }) res: Response,
    @Param('name') name: string,
    @Query() raw: Record<string, unknown>,
  ): Promise<string> {
    if (!(CHART_NAMES as readonly string[]).includes(name)) throw new DomainError('NOT_FOUND');
    const year = this.yearOf(raw.year, await this.stats.currentYear());
    const groupBy = name as StatsGroupBy;
    res.setHeader('Content-Security-Policy', CHART_POLICY);
    return statsChartSvg(groupBy, await this.groups(groupBy, year), year);
  }

  private async groups(groupBy: StatsGroupBy, year: string): Promise<StatsGroup[]> {
    const summary = await this.stats.summary({ from: `${year}-01-01`, to: `${year}-12-31`, groupBy });
    return groupBy === 'month' ? allMonths(year, summary.groups) : summary.groups;
  }

  /** The year asked for (`?year=2026`, 2000 to next year), else this year. */
  private yearOf(raw: unknown, current: string): string {
    const year = typeof raw === 'string' && /^\d{4}$/.test(raw) ? raw : '';
    return year && Number(year) >= 2000 && Number(year) <= Number(current) + 1 ? year : current;
  }
}
