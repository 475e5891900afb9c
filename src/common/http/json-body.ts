import express, { NextFunction, Request, RequestHandler, Response } from 'express';

/** Deeper JSON than this is refused (400) before it is parsed: nothing the API accepts nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/** More values than this in one body are refused before validation: no request of the API comes near it. */
export const MAX_JSON_VALUES = 10_000;

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

/**
 * What a JSON text's outline costs to parse, read in one pass over its UTF-8 bytes without decoding or parsing
 * (strings skipped; in UTF-8 no byte of a multi-byte character is an ASCII one): its deepest nesting of `{`/`[`, and
 * its separators (`,` and `:`), about one per value.
 */
export function jsonOutline(bytes: Uint8Array): { depth: number; separators: number } {
  let depth = 0;
  let max = 0;
  let separators = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c || c === 0x3a) separators++;
  }
  return { depth: max, separators };
}

/**
 * The JSON body parser: at most 1 MiB, at most MAX_JSON_DEPTH levels (deeper input would exhaust the validator's
 * stack), and no outline that cannot hold fewer than MAX_JSON_VALUES values (refused before parsing, which would cost
 * more than the request is worth). Refusals are `400 VALIDATION_FAILED` (`413` when too large), never a 500.
 */
export function jsonBodyParser(): RequestHandler {
  return express.json({
    limit: '1mb',
    verify: (_req, _res, buf) => {
      const outline = jsonOutline(buf);
      if (outline.depth > MAX_JSON_DEPTH) {
        throw new BodyRejected('body', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
      // a key and its value share a ':', values in a list a ',': more separators than twice the values allowed
      // cannot be a body within the limit, so it is refused before it is parsed
      if (outline.separators > 2 * MAX_JSON_VALUES) {
        throw new BodyRejected('body', `more than ${MAX_JSON_VALUES} values in one request`);
      }
    },
  });
}

/**
 * The first problem of a parsed body, as a field path (`attributes.title`) and a message: a NUL character (PostgreSQL
 * cannot store it), a prototype key, or more than MAX_JSON_VALUES values in all. Iterative, so it stops at the first
 * problem and its cost is bounded by the limit, whatever the body.
 */
export function firstForbidden(body: unknown): { field: string; message: string } | null {
  const tooMany = { field: 'body', message: `more than ${MAX_JSON_VALUES} values in one request` };
  const stack: [unknown, string][] = [[body, '']];
  let values = 1;
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field: path || 'body', message: 'NUL characters are not allowed' };
    } else if (Array.isArray(value)) {
      // counted before anything is pushed: a huge array costs nothing more than its length
      values += value.length;
      if (values > MAX_JSON_VALUES) return tooMany;
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      values += keys.length;
      if (values > MAX_JSON_VALUES) return tooMany;
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const field = path ? `${path}.${key}` : key;
        if (FORBIDDEN_KEYS.has(key) || key.includes('\u0000'))
          return { field, message: `${key} is not an allowed field` };
        stack.push([(value as Record<string, unknown>)[key], field]);
      }
    }
  }
  return null;
}

/**
 * After the JSON parser: a body must be a JSON object (every endpoint takes one), checked before anything validates
 * it, and free of the problems `firstForbidden` finds, naming the field.
 */
export function inspectJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    next(new BodyRejected('body', 'the request body must be a JSON object'));
    return;
  }
  const found = body === undefined ? null : firstForbidden(body);
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
