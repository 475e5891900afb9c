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
  CLOCK_BACKWARDS: {
    status: 409,
    zh: '测试时钟只能向前拨',
    en: 'The test clock only moves forward',
  },
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
  ID_NUMBER_TAKEN: {
    status: 409,
    zh: '该身份证号或统一社会信用代码已注册（一人一户）',
    en: 'This resident ID number or credit code is already registered (one account per person)',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    zh: '该账号已被停用，请联系交易中心',
    en: 'This account is disabled; contact the centre',
  },
  // listings
  LISTER_TYPE_NOT_ALLOWED: {
    status: 422,
    zh: '该交易品种不允许此类主体挂牌',
    en: 'This kind of party may not list in this category',
  },
  TRANSFER_MODE_NOT_ALLOWED: {
    status: 422,
    zh: '该交易品种不允许此流转方式',
    en: 'This transfer mode is not allowed for this category',
  },
  PRICE_UNIT_NOT_ALLOWED: {
    status: 422,
    zh: '该交易品种不允许此计价单位',
    en: 'This price unit is not allowed for this category',
  },
  TERM_EXCEEDS_RIGHT: { status: 422, zh: '流转期限超过权利剩余期限', en: 'The term goes beyond the end of the right' },
  TERM_EXCEEDS_LIMIT: {
    status: 422,
    zh: '流转期限超过该品种的最长期限',
    en: 'The term exceeds the maximum for this category',
  },
  DEPOSIT_OUT_OF_RANGE: {
    status: 422,
    zh: '保证金须为挂牌总价（按年计价的为一年价款）的 10%–30%',
    en: 'The deposit must be 10%-30% of the total reserve value (of one year’s value for a price per year)',
  },
  RESERVE_BELOW_APPRAISAL: {
    status: 422,
    zh: '挂牌价不得低于评估价的 90%',
    en: 'The reserve must be at least 90% of the appraised value',
  },
  COLLECTIVE_RESOLUTION_REQUIRED: {
    status: 422,
    zh: '须提供集体经济组织决议',
    en: 'A collective resolution is required',
  },
  COLLECTIVE_RESOLUTION_INVALID: {
    status: 422,
    zh: '集体决议无效：须经全体成员三分之二以上同意',
    en: 'The collective resolution is invalid: two thirds of all entitled members must agree',
  },
  VILLAGE_NOT_OWN: {
    status: 422,
    zh: '集体经济组织只能在本村挂牌',
    en: 'A collective may list only in its own village',
  },
  LISTING_NOT_EDITABLE: {
    status: 409,
    zh: '挂牌项目当前状态不可修改',
    en: 'The listing cannot be edited in its current state',
  },
  DOCUMENT_QUOTA: {
    status: 422,
    zh: '每个项目最多上传 {max} 份材料',
    en: 'A listing holds at most {max} documents',
  },
  DOCUMENT_MISSING: { status: 422, zh: '缺少必需的材料：{kind}', en: 'A required document is missing: {kind}' },
  LISTING_SUSPENDED: {
    status: 409,
    zh: '该项目已中止交易，暂不能报名、交纳保证金或出价',
    en: 'The listing is suspended: no registration, deposit or bid meanwhile',
  },
  NOT_ELIGIBLE: {
    status: 403,
    zh: '您不具备该项目的受让（挂牌）资格',
    en: 'You are not eligible for this listing',
  },
  RIGHT_ENCUMBERED: {
    status: 409,
    zh: '该权利已设定抵押，解除抵押前不能再流转',
    en: 'The right is under a registered mortgage and cannot be listed again until it is released',
  },
  FILE_TYPE_NOT_ALLOWED: {
    status: 422,
    zh: '只允许上传 PDF、JPEG 或 PNG 文件',
    en: 'Only PDF, JPEG or PNG files are allowed',
  },
  FILE_TOO_LARGE: { status: 413, zh: '文件不得超过 10 MiB', en: 'The file must not exceed 10 MiB' },
  ALREADY_APPROVED_BY_YOU: {
    status: 409,
    zh: '您已审核通过该项目，须由另一名工作人员复核',
    en: 'You already approved this listing: a second clerk must approve it',
  },
  ANNOUNCEMENT_TOO_SHORT: {
    status: 422,
    zh: '公告期不足：至少 {minDays} 个工作日，最早截止于 {earliest}',
    en: 'The announcement is too short: at least {minDays} working days, ending no earlier than {earliest}',
  },
  INVALID_BIDDING_WINDOW: {
    status: 422,
    zh: '竞价时间不合法：开始不得早于公告结束，结束须晚于开始',
    en: 'Invalid bidding window: it may not start before the announcement ends and must end after it starts',
  },
  PRICE_BELOW_RESERVE: { status: 422, zh: '成交价不得低于挂牌底价', en: 'The price may not be below the reserve' },
  PRICE_CUT_TOO_LARGE: {
    status: 422,
    zh: '重新挂牌降价不得超过原挂牌价的 20%',
    en: 'A relisting may not cut the reserve by more than 20%',
  },
  // registrations and deposits
  REGISTRATION_CLOSED: {
    status: 409,
    zh: '报名已截止（公告期已结束）',
    en: 'Registration is closed (the announcement has ended)',
  },
  OFFER_TOO_LOW: { status: 422, zh: '意向报价不得低于挂牌底价', en: 'The offer may not be below the reserve price' },
  OFFER_TOO_HIGH: { status: 422, zh: '意向报价不得高于最高限价', en: 'The offer may not be above the ceiling price' },
  OWN_LISTING: { status: 422, zh: '不能报名自己的挂牌项目', en: 'You cannot register for your own listing' },
  ALREADY_REGISTERED: { status: 409, zh: '您已报名该项目', en: 'You have already registered for this listing' },
  PRIORITY_RIGHT_NOT_APPLICABLE: {
    status: 422,
    zh: '该交易品种不适用优先权',
    en: 'The priority right does not apply to this category',
  },
  BUYER_NOT_MEMBER: {
    status: 422,
    zh: '受让方须为本集体经济组织成员',
    en: 'The buyer must be a member of the same collective',
  },
  DEPOSIT_AMOUNT_MISMATCH: {
    status: 422,
    zh: '保证金金额与挂牌要求不符',
    en: 'The deposit amount does not match the listing’s deposit',
  },
  NOTHING_TO_REFUND: { status: 409, zh: '没有待退还的保证金', en: 'There is no deposit to refund' },
  // auction
  AUCTION_NOT_OPEN: { status: 409, zh: '竞价未开始或已结束', en: 'The auction is not open' },
  NOT_QUALIFIED_BIDDER: {
    status: 403,
    zh: '您不是该项目已交保证金的竞买人',
    en: 'You are not a bidder with a paid deposit on this listing',
  },
  BID_TOO_LOW: { status: 422, zh: '出价过低：须高于当前价至少一个加价幅度', en: 'The bid is too low' },
  BID_TOO_HIGH: { status: 422, zh: '报价过高：须低于当前价至少一个降价幅度', en: 'The offer is too high' },
  BID_NOT_ON_INCREMENT: {
    status: 422,
    zh: '出价须为起始价加整数倍加价幅度',
    en: 'The bid must be the start price plus a whole number of increments',
  },
  ALREADY_LEADING: { status: 409, zh: '您已是最高出价人', en: 'You are already leading' },
  // deals, contracts and settlement
  DEAL_NOT_IN_PUBLICITY: {
    status: 409,
    zh: '成交不在公示期，不能提出异议',
    en: 'The deal is not in publicity: objections are closed',
  },
  PUBLICITY_NOT_OVER: { status: 409, zh: '公示期尚未结束', en: 'The publicity period is not over yet' },
  OBJECTION_OPEN: { status: 409, zh: '尚有未处理的异议', en: 'An objection is still open' },
  OBJECTION_EXISTS: {
    status: 409,
    zh: '您已提出异议，正在处理中',
    en: 'You already have an open objection here',
  },
  NOTHING_TO_PAY: { status: 409, zh: '没有应付出让方的款项', en: 'Nothing is owed to the seller' },
  ALREADY_SIGNED: { status: 409, zh: '您已签署该合同', en: 'You have already signed this contract' },
  OVERPAYMENT: {
    status: 422,
    zh: '付款金额超过未付金额（{outstandingFen} 分）',
    en: 'The payment exceeds the amount outstanding ({outstandingFen} fen)',
  },
  ALREADY_ACCEPTED: { status: 409, zh: '您已验收', en: 'You have already accepted' },
  WARRANTY_NOT_OVER: {
    status: 409,
    zh: '质量保证期尚未届满（至 {warrantyEndsOn}）',
    en: 'The warranty has not ended yet (until {warrantyEndsOn})',
  },
  NOT_FULLY_PAID: {
    status: 409,
    zh: '价款尚未付清（未付 {outstandingFen} 分）',
    en: 'The price is not fully paid ({outstandingFen} fen outstanding)',
  },
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
  // the most preferred of zh and en by q-value (ties: the first listed); neither listed → Chinese
  let best: { language: Language; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const language: Language | null = tag.startsWith('en') ? 'en' : tag.startsWith('zh') ? 'zh' : null;
    if (!language) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? 'zh';
}
