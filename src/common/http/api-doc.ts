import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ErrorCode, errorSpec } from '../errors/error-codes';

export interface ApiDocOptions {
  /** Chinese and English summaries. */
  zh: string;
  en: string;
  /** Who may call: 'public' or role names. */
  roles: string[];
  /** Contract error codes this endpoint can answer with (besides the generic ones). */
  errors?: ErrorCode[];
  description?: string;
  /** The success status: 201 for a call that creates something, else 200. */
  created?: boolean;
  /** A success status other than 200 or 201 (204 for a call that answers nothing). */
  status?: 204;
}

/**
 * Documents an endpoint in the OpenAPI document (summaries, roles, every error code it can answer) and sets the
 * status it answers on success, so the documented status and the real one come from one place: 201 with
 * `created`, `status` when given, else 200 (also for a POST that acts on an existing resource).
 */
export function ApiDoc(options: ApiDocOptions): MethodDecorator {
  const success = options.status ?? (options.created ? 201 : 200);
  const isPublic = options.roles.includes('public');
  const errors = [
    ...new Set<ErrorCode>([...(options.errors ?? []), ...(isPublic ? [] : ['UNAUTHENTICATED' as const])]),
  ];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errors) {
    const status = errorSpec(code).status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const decorators = [
    HttpCode(success),
    ApiResponse({
      status: success,
      description: success === 201 ? 'Created / 已创建' : success === 204 ? 'No content / 无内容' : 'OK / 成功',
    }),
    ApiOperation({
      summary: `${options.zh} / ${options.en}`,
      description: [`Roles: ${options.roles.join(', ')}`, options.description].filter(Boolean).join('\n\n'),
    }),
    ...[...byStatus.entries()].map(([status, codes]) =>
      ApiResponse({
        status,
        description: codes.map((c) => `\`${c}\`: ${errorSpec(c).zh} / ${errorSpec(c).en}`).join('; '),
      }),
    ),
  ];
  if (!isPublic) decorators.push(ApiBearerAuth());
  return applyDecorators(...decorators);
}
