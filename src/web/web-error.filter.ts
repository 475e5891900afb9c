import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pageErrorOf } from './page-errors';
import { Views } from './views';
import { WebContext } from './web-context';

/**
 * Errors on pages answer pages: not signed in → the login page (then back); not found → an HTML 404 saying 未找到;
 * anything else → an error page with the contract's message in Chinese. Never JSON, never a stack.
 */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
  ) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = pageErrorOf(error, req);
    if (body.code === 'UNAUTHENTICATED' && req.method === 'GET') {
      res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    const status = body.status;
    const title = status === 404 ? '未找到' : status === 403 ? '无权访问' : '出错了';
    try {
      const ctx = await this.context.of(req, res, title);
      res
        .status(status)
        .type('html')
        .send(this.views.page('error', ctx, { status, message: status === 404 ? '未找到该页面或记录' : body.message }));
    } catch {
      res.status(status).type('text').send(title);
    }
  }
}
