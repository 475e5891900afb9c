/**
 * The Chinese words every page shows for a status (one wording each, for a farmer reading it on a phone): the
 * account pages (`/me`), the desks, the clerk's work pages and the parties' contract page all read them from here.
 */

export const REGISTRATION_STATUS_ZH: Readonly<Record<string, string>> = {
  PENDING: '待资格审查',
  QUALIFIED: '已通过资格审查，待交保证金',
  DISQUALIFIED: '未通过资格审查',
  DEPOSIT_PAID: '保证金已到账',
};

export const AUCTION_STATUS_ZH: Readonly<Record<string, string>> = {
  SCHEDULED: '待开始',
  OPEN: '竞价中',
  SUSPENDED: '中止',
  CLOSED: '已结束',
};

export const DEAL_STATUS_ZH: Readonly<Record<string, string>> = {
  PUBLICITY: '成交公示中',
  CONFIRMED: '已确认，待签合同',
  CONTRACTED: '已签合同',
  SETTLED: '已结算',
  DEFAULTED: '受让方违约',
  CANCELLED: '已撤销',
};

export const CONTRACT_STATUS_ZH: Readonly<Record<string, string>> = {
  AWAITING_SIGNATURES: '待签署',
  SIGNED: '已签署',
  IN_FORCE: '已生效',
  COMPLETED: '已履行完毕',
};

export const INSTALMENT_STATUS_ZH: Readonly<Record<string, string>> = {
  PENDING: '未到期',
  DUE: '今日到期',
  OVERDUE: '已逾期',
  PAID: '已付清',
  SETTLED: '已结算',
};

export const OBJECTION_STATUS_ZH: Readonly<Record<string, string>> = {
  OPEN: '待处理',
  UPHELD: '异议成立',
  REJECTED: '异议不成立',
};

export const REVIEW_DECISION_ZH: Readonly<Record<string, string>> = {
  APPROVE: '审核通过',
  RETURN: '退回修改',
  REJECT: '不予受理',
};

export const FILING_STATUS_ZH: Readonly<Record<string, string>> = { FILED: '已报送', ACKNOWLEDGED: '已确认备案' };

/** A filing's land registration, and a mortgage's registration (the same register's words). */
export const LAND_REGISTRATION_ZH: Readonly<Record<string, string>> = {
  APPLIED: '已申请登记',
  REGISTERED: '已登记',
  REFUSED: '不予登记',
};

export const MORTGAGE_STATUS_ZH: Readonly<Record<string, string>> = {
  APPLIED: '已申请',
  REGISTERED: '已登记',
  REFUSED: '不予登记',
  RELEASED: '已注销',
};
