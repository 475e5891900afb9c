import type { ErrorCode } from './error-codes';

/** One offending input field, as listed in an error body's `details`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A business or state error with a contract code (API.md "Errors").
 * Services throw it; the global filter maps `code` to an HTTP status and a localized message.
 * `params` fill the message template (e.g. `{ kind: 'RESOLUTION' }`); `details` list offending fields.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details: FieldError[] = [],
  ) {
    super(code);
    this.name = 'DomainError';
  }
}
