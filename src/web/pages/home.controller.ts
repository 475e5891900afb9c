import { Controller, Get, Header, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/auth.decorators';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

/** `/`: live auctions, the latest announcements and results, this year's totals. */
@ApiExcludeController()
@Public()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class HomeController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const ctx = await this.context.of(req, res, '首页');
    return this.views.page('home', ctx, {});
  }
}
