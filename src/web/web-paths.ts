import type { NextFunction, Request, Response } from 'express';

/**
 * The pages live at the site's root (`/`, `/listings`, `/auctions/:no`, ...) beside the API under `/api/v1`. Nest's
 * global prefix cannot tell `GET /listings` (a page) from the API's `GET /listings` (which it prefixes), so the
 * pages' controllers are mounted under an internal `/web` prefix and every request that is not for the API, the
 * documentation, the health probe or the static assets is routed there. Links, redirects and forms use the public
 * paths; `req.originalUrl` keeps the path the browser asked for.
 */
export const WEB_PREFIX = '/web';

const NOT_PAGES = /^\/(api|docs|docs-json|health|assets|web)(\/|$|\?)/;

export function isPagePath(url: string): boolean {
  return !NOT_PAGES.test(url);
}

export function routePagesToWeb(req: Request, _res: Response, next: NextFunction): void {
  if (isPagePath(req.url))
    req.url = WEB_PREFIX + (req.url === '/' || req.url.startsWith('/?') ? req.url.slice(1) : req.url);
  next();
}
