import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { helpers } from './view-helpers';

/** Where the templates are: beside this file (`src/web/views`, or `dist/src/web/views` copied by the build). */
export const VIEWS_DIR = join(__dirname, 'views');
export const ASSETS_DIR = join(__dirname, 'assets');

/** What every page's layout needs besides the page's own data. */
export interface PageContext {
  title: string;
  /** The signed-in user, if any: their name and roles (for the menu). */
  user?: { id: string; name: string; roles: string[] } | null;
  /** The signed-in user's unread messages (for the menu). */
  unread?: number;
  /** The CSRF token for the page's forms (`_csrf`). */
  csrf: string;
  /** The path asked for (to mark the menu's current item). */
  path: string;
}

/**
 * The view adapter: Eta 4 renders `views/<name>.eta` (paths relative to the views folder) inside
 * `views/layout.eta`. Templates auto-escape (`<%= %>`); the helpers format money, dates and labels once for all
 * pages. Templates are cached in production (`NODE_ENV=production`), read afresh otherwise.
 */
@Injectable()
export class Views {
  private readonly eta = new Eta({
    views: VIEWS_DIR,
    cache: process.env.NODE_ENV === 'production',
    autoEscape: true,
    autoTrim: false,
    varName: 'it',
  });

  constructor() {
    if (!existsSync(join(VIEWS_DIR, 'layout.eta'))) throw new Error(`page templates not found in ${VIEWS_DIR}`);
  }

  /** A whole page: the template inside the layout. */
  page(name: string, ctx: PageContext, data: Record<string, unknown> = {}): string {
    return this.eta.render(`./${name}`, { ...data, page: ctx, h: helpers });
  }

  /** A fragment without the layout (an htmx partial). */
  fragment(name: string, data: Record<string, unknown> = {}): string {
    return this.eta.render(`./${name}`, { ...data, h: helpers });
  }
}
