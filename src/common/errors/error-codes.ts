/**
 * Every error code of the contract (API.md), with its HTTP status and messages: the one place to add a code.
 * Messages may hold `{param}` placeholders filled from the DomainError's params.
 */
export interface ErrorCodeSpec {
  status: number;
  zh: string;
  en: string;
}

export const ERROR_CODES = {
  // generic
  VALIDATION_FAILED: { status: 400, zh: '请求参数不合法', en: 'The request is invalid' },
  UNAUTHENTICATED: { status: 401, zh: '未登录或登录已过期', en: 'Authentication required' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '资源不存在', en: 'Not found' },
  INVALID_STATE: { status: 409, zh: '当前状态不允许此操作', en: 'The resource is not in a state that allows this' },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    zh: '请求体过大（上限 1 MiB）',
    en: 'The request body is too large (1 MiB at most)',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  INTERNAL_ERROR: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '幂等键已用于不同的请求内容',
    en: 'This Idempotency-Key was used with a different request body',
  },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    zh: '相同幂等键的请求正在处理中',
    en: 'A request with this Idempotency-Key is in progress',
  },
  // accounts
  PHONE_TAKEN: { status: 409, zh: '该手机号已注册', en: 'This phone number is already registered' },
  INVALID_CREDENTIALS: { status: 401, zh: '手机号或密码错误', en: 'Wrong phone number or password' },
  INVALID_REFRESH_TOKEN: { status: 401, zh: '刷新令牌无效或已过期', en: 'The refresh token is invalid or expired' },
} satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

const registry: Record<string, ErrorCodeSpec> = ERROR_CODES;

export function errorSpec(code: string): ErrorCodeSpec {
  return registry[code] ?? registry.INTERNAL_ERROR;
}

export function allErrorCodes(): Record<string, ErrorCodeSpec> {
  return registry;
}

export type Language = 'zh' | 'en';

export function localizedMessage(
  code: string,
  language: Language,
  params: Record<string, string | number> = {},
): string {
  const spec = errorSpec(code);
  const template = language === 'en' ? spec.en : spec.zh;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** `Accept-Language: en...` → English; anything else (or nothing) → Simplified Chinese. */
export function languageOf(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage[0] : acceptLanguage;
  if (!header) return 'zh';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
