import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PageContext, Views } from './views';
import { WebContext } from './web-context';

/** A page's data, or how to make it from the page's context (the menu's unread count, the signed-in user). */
export type PageData = Record<string, unknown> | ((ctx: PageContext) => Record<string, unknown>);

/** Renders a page in the layout with its title (the caller's context: menu, CSRF token) and sends it. */
@Injectable()
export class PageRenderer {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
  ) {}

  async send(req: Request, res: Response, status: number, view: string, title: string, data: PageData): Promise<void> {
    const ctx = await this.context.of(req, res, title);
    res
      .status(status)
      .type('html')
      .send(this.views.page(view, ctx, typeof data === 'function' ? data(ctx) : data));
  }
}
