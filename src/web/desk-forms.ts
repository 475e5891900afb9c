/**
 * The small readers every desk page shares: a page number from the query, a page of a service's list, a path or form
 * id that must be a UUID, a form's trimmed text, a form read as the API's DTO (the API's own validation), and a service's NOT_FOUND read as "there is none (for me)".
 */
import { DomainError } from '../common/errors/domain-error';
import { createValidationPipe } from '../common/errors/validation';
import { PageQueryDto } from '../common/http/pagination';

/** What a urlencoded form posts (every value a string, or an array of them). */
export type FormBody = Record<string, unknown>;

/** The desks' list length. */
export const PAGE_SIZE = 20;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** `?page=` (or a form's page field) as a page number: 1 when absent or not a positive integer. */
export function pageNoOf(raw: unknown): number {
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

/** One page of a service's list. */
export function pageQuery(page: number, pageSize = PAGE_SIZE): PageQueryDto {
  return Object.assign(new PageQueryDto(), { page, pageSize });
}

/** How many pages `total` items fill (at least one). */
export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** A form's text, trimmed; `undefined` when absent or blank. */
export function formText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A NOT_FOUND from a service is "there is none (for me)"; anything else is an error. */
export async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** A form's values as the API's body `metatype`, through the API's own validation (a 400 naming the fields). */
export async function validated<T extends object>(metatype: new () => T, input: FormBody): Promise<T> {
  return (await createValidationPipe().transform(input, { type: 'body', metatype })) as T;
}
