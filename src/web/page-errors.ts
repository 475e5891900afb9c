import type { Request } from 'express';
import { toErrorBody } from '../common/errors/http-error.filter';

export interface PageError {
  status: number;
  code: string;
  /** The contract's message, in Chinese (the pages are Chinese first, whatever the browser's language). */
  message: string;
  /** The offending fields: `{ field: message }`, to show each next to its field. */
  fields: Record<string, string>;
}

/** Maps anything a service threw to what a page shows: the same codes and messages as the API, in Chinese. */
export function pageErrorOf(error: unknown, req: Request): PageError {
  const chinese = Object.assign(Object.create(req) as Request, {
    headers: { ...req.headers, 'accept-language': 'zh-CN' },
  });
  const { body } = toErrorBody(error, chinese);
  const fields: Record<string, string> = {};
  for (const d of body.details ?? []) fields[d.field] ??= d.message;
  return { status: body.statusCode, code: body.code, message: body.message, fields };
}
