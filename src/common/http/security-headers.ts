import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The headers every response carries (API.md "Security and operations"): `nosniff`, framing denied (both
 * `X-Frame-Options: DENY` and CSP `frame-ancestors 'none'`), `Referrer-Policy: no-referrer`, and a Content-Security-
 * Policy without inline scripts (the Swagger UI and our pages load their scripts from this server).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // served over plain HTTP on a developer's machine; a TLS proxy in front sets HSTS
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}

/** Paths whose answers are always personal (tokens, one's own account). */
const PERSONAL_PATHS = /^\/api\/v1\/(auth\/|me(\/|$|\?))/;

/**
 * `Cache-Control: no-store` on `/auth/*`, `/me*` and every response to an authenticated request (a bearer token or a
 * session cookie): nothing personal is kept by a browser or a shared cache.
 */
export function noStoreForPersonalData(req: Request, res: Response, next: NextFunction): void {
  if (req.headers.authorization || req.headers.cookie || PERSONAL_PATHS.test(req.originalUrl)) {
    res.setHeader('Cache-Control', 'no-store');
  }
  next();
}
