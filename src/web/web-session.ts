import { randomBytes } from 'node:crypto';
import cookieParser from 'cookie-parser';
import express, {
  type CookieOptions,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { AuthService, IssuedTokens } from '../accounts/auth.service';
import type { AppConfig } from '../config/runtime';

/**
 * Cookie sessions for the pages (API.md "Web pages": an httpOnly cookie, CSRF tokens on every form).
 *
 * The session is the API's own pair of tokens kept in httpOnly cookies (`nj_at`: the access token, `nj_rt`: the
 * refresh token, SameSite=Lax, Secure behind TLS): for a page request the access token is handed to the same global
 * JWT guard as an API call (`Authorization: Bearer`), so pages and API share one authentication, one role check and
 * one account-status check. An access token about to expire is renewed with the refresh token (rotated, as
 * `POST /auth/refresh` does). Only page requests read these cookies: the API never takes a cookie, so it needs no
 * CSRF protection of its own.
 *
 * CSRF: the double-submit pattern of `csrf-csrf`, bound to a random per-browser id (`nj_sid`): every form carries
 * `_csrf` (htmx and scripts send `X-CSRF-Token`); a POST without a valid one is `403`.
 */
export const ACCESS_COOKIE = 'nj_at';
export const REFRESH_COOKIE = 'nj_rt';
export const SID_COOKIE = 'nj_sid';
export const CSRF_COOKIE = 'nj_csrf';

/** Renew the access token when it has less than this left. */
const RENEW_BEFORE_MS = 60_000;

type CookieRequest = Request & { cookies: Record<string, string | undefined> };

export function cookieOptions(req: Request, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}

export function setSession(req: Request, res: Response, tokens: IssuedTokens, refreshDays: number): void {
  res.cookie(ACCESS_COOKIE, tokens.accessToken, cookieOptions(req, refreshDays * 86400_000));
  res.cookie(REFRESH_COOKIE, tokens.refreshToken, cookieOptions(req, refreshDays * 86400_000));
}

export function clearSession(req: Request, res: Response): void {
  res.clearCookie(ACCESS_COOKIE, cookieOptions(req));
  res.clearCookie(REFRESH_COOKIE, cookieOptions(req));
}

/** The `exp` of a JWT, read without verifying it (the guard verifies); null if unreadable. */
function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * The pages' Content-Security-Policy, stricter than the API's (which lets Swagger UI inline its styles): scripts and
 * styles only from this server, no inline script, style or event handler, no plugins, no framing, forms only here.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

const strictPagePolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', PAGE_POLICY);
  next();
};

export interface WebSecurity {
  /** The middleware for page requests, in order. */
  middleware: RequestHandler[];
  /** A CSRF token for the page being rendered (sets its cookie). */
  csrfToken(req: Request, res: Response): string;
  /** Is the request's CSRF token valid? */
  csrfValid(req: Request): boolean;
}

/** A token only as one string (a repeated field or header is no token). */
function tokenOf(raw: unknown): string | undefined {
  return typeof raw === 'string' ? raw : undefined;
}

export function webSecurity(config: AppConfig, auth: () => AuthService): WebSecurity {
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => `${config.jwtSecret}:csrf`,
    getSessionIdentifier: (req) => (req as CookieRequest).cookies[SID_COOKIE] ?? '',
    cookieName: CSRF_COOKIE,
    cookieOptions: { sameSite: 'lax', path: '/', secure: false, httpOnly: true },
    // a form posts `_csrf`; an upload form (multipart, parsed only after the guards) carries it in its action's
    // query; htmx and scripts send the header: each request one way, never a fallthrough
    getCsrfTokenFromRequest: (req) => {
      if (req.is('multipart/form-data')) return tokenOf((req.query as Record<string, unknown>)._csrf);
      if (req.is('application/x-www-form-urlencoded')) return tokenOf((req.body as Record<string, unknown>)?._csrf);
      return tokenOf(req.headers['x-csrf-token']);
    },
  });

  /** Every browser gets a random id the CSRF token is bound to (before the first form is rendered). */
  const ensureSid: RequestHandler = (req, res, next) => {
    const cookies = (req as CookieRequest).cookies;
    if (!cookies[SID_COOKIE]) {
      cookies[SID_COOKIE] = randomBytes(18).toString('base64url');
      res.cookie(SID_COOKIE, cookies[SID_COOKIE], cookieOptions(req));
    }
    next();
  };

  /** The session's access token (renewed when about to expire) as the request's bearer token. */
  const sessionToBearer: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const cookies = (req as CookieRequest).cookies;
    delete req.headers.authorization; // a page is authenticated by its session only
    const access = cookies[ACCESS_COOKIE];
    const refresh = cookies[REFRESH_COOKIE];
    if (!access) return next();
    const exp = expiryOf(access);
    if (exp !== null && exp - Date.now() > RENEW_BEFORE_MS) {
      req.headers.authorization = `Bearer ${access}`;
      return next();
    }
    if (!refresh) {
      clearSession(req, res);
      return next();
    }
    auth()
      .refresh(refresh)
      .then((tokens) => {
        setSession(req, res, tokens, config.REFRESH_TOKEN_DAYS);
        req.headers.authorization = `Bearer ${tokens.accessToken}`;
        next();
      })
      .catch(() => {
        clearSession(req, res);
        next();
      });
  };

  return {
    middleware: [
      strictPagePolicy,
      cookieParser(),
      ensureSid,
      sessionToBearer,
      express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }),
    ],
    csrfToken: (req, res) => generateCsrfToken(req, res),
    csrfValid: (req) => validateRequest(req),
  };
}
