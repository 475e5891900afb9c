import express, { NextFunction, Request, RequestHandler, Response } from 'express';

/** Deeper JSON than this is refused (400) before it is parsed: nothing the API accepts nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/** Keys that would reach object prototypes; refused as unknown fields. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class BodyRejected extends Error {
  readonly status = 400;
  readonly type = 'entity.parse.failed';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The deepest nesting of `{`/`[` in a JSON text, strings skipped. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

/**
 * The JSON body parser: at most 1 MiB, at most MAX_JSON_DEPTH levels (deeper input would exhaust the validator's
 * stack). Refusals are `400 VALIDATION_FAILED` (`413` when too large), never a 500.
 */
export function jsonBodyParser(): RequestHandler {
  return express.json({
    limit: '1mb',
    verify: (_req, _res, buf) => {
      if (jsonDepth(buf.toString('utf8')) > MAX_JSON_DEPTH) {
        throw new BodyRejected('body', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
    },
  });
}

/** The first NUL-bearing string or prototype key in a parsed body, as a field path (`attributes.title`). */
export function firstForbidden(value: unknown, path = ''): { field: string; message: string } | null {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? { field: path || 'body', message: 'NUL characters are not allowed' } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstForbidden(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key) || key.includes('\u0000'))
        return { field, message: `${key} is not an allowed field` };
      const found = firstForbidden((value as Record<string, unknown>)[key], field);
      if (found) return found;
    }
  }
  return null;
}

/** After the JSON parser: refuses NUL characters (PostgreSQL cannot store them) and prototype keys, naming the field. */
export function inspectJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const found = firstForbidden(req.body);
  next(found ? new BodyRejected(found.field, found.message) : undefined);
}

/** Query strings and paths with NUL characters are refused (400) before routing. */
export function refuseNulInUrl(req: Request, _res: Response, next: NextFunction): void {
  if (req.url.includes('\u0000') || /%00/i.test(req.url)) {
    next(new BodyRejected('query', 'NUL characters are not allowed'));
    return;
  }
  next();
}
