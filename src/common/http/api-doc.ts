import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { errorSpec } from '../errors/error-codes';

export interface ApiDocOptions {
  /** Chinese and English summaries. */
  zh: string;
  en: string;
  /** Who may call: 'public' or role names. */
  roles: string[];
  /** Contract error codes this endpoint can answer with (besides the generic ones). */
  errors?: string[];
  description?: string;
  /** The success status: 201 for a call that creates something, else 200. */
  created?: boolean;
}

/** Documents an endpoint in the OpenAPI document: summaries, roles and every error code it can answer. */
export function ApiDoc(options: ApiDocOptions): MethodDecorator {
  const isPublic = options.roles.includes('public');
  const errors = [...new Set([...(options.errors ?? []), ...(isPublic ? [] : ['UNAUTHENTICATED'])])];
  const byStatus = new Map<number, string[]>();
  for (const code of errors) {
    const status = errorSpec(code).status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const decorators = [
    ApiResponse({
      status: options.created ? 201 : 200,
      description: options.created ? 'Created / 已创建' : 'OK / 成功',
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
