import type { ErrorCode } from '../common/errors/error-codes';
import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_HEADER, MAX_IDEMPOTENCY_KEY_LENGTH } from './domain/idempotency-decision';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** The error codes an `@Idempotent()` endpoint can answer with: list them in its `@ApiDoc({ errors })`. */
export const IDEMPOTENCY_ERRORS: ErrorCode[] = [
  'VALIDATION_FAILED',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_IN_USE',
];

/**
 * Honours the `Idempotency-Key` header on this handler (API.md "Conventions"): the same key and body replay the
 * first successful response; another body → `422 IDEMPOTENCY_KEY_REUSED`; while the first still runs →
 * `409 IDEMPOTENCY_KEY_IN_USE`; failures are not kept. Needs an authenticated caller (keys are per user) and
 * IdempotencyModule (global) in the application.
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH },
      description:
        '幂等键：相同键与相同请求体重放首次成功的响应（7 天内有效） / ' +
        'Idempotency key: the same key and body replay the first successful response (kept at least 7 days); ' +
        'another body → 422 IDEMPOTENCY_KEY_REUSED; while the first runs → 409 IDEMPOTENCY_KEY_IN_USE.',
    }),
  );
}
