import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PAYABLE_DAYS_BEFORE_DUE } from '../contracts/domain/instalments';

/**
 * The clerk's work queues (issue 13 item 2): each queue is one parameterized SELECT (`$1` is the clerk's id), written
 * once and used both for its count (`count(*)` over it) and for its page (ordered, `LIMIT`/`OFFSET`). Read-only: the
 * actions stay with the modules' services.
 */
export interface QueueItem {
  /** The resource the item is about (listing, registration, deal, contract, instalment or filing id). */
  id: string;
  listing_id: string;
  listing_no: string;
  title: string;
  /** The listing's status (for its badge and whether its public page exists). */
  listing_status: string;
  /** Who: the lister, the buyer, or the first approver (待复核). */
  who: string | null;
  /** A number shown with the item: contract number, bidder count, ... */
  ref: string | null;
  /** An amount in fen (reserve, deposit, price, payments). */
  amount_fen: string | null;
  /** The open objections (公示中). */
  objections: number | null;
  /** The date that matters for the queue (submitted, registered, ends, due, filed). */
  moment: Date | string | null;
  /** The work page's id when it is not `id` (an overdue instalment's contract). */
  work_id?: string | null;
}

/** What a queue's items are: their work page is `/desk/work/<item>s/:id` (src/web/pages/desk-clerk.controller.ts). */
export type QueueItemType = 'listing' | 'registration' | 'deal' | 'contract' | 'filing';

/** The clerk's work page of a queue item. */
export function workPathOf(queue: QueueDefinition, item: QueueItem): string {
  return `/desk/work/${queue.item}s/${item.work_id ?? item.id}`;
}

export interface QueueDefinition {
  key: string;
  label: string;
  /** What the items are (their work page). */
  item: QueueItemType;
  /** What the queue holds, in a sentence (shown on its page). */
  rule: string;
  /** The `who` column's heading; the `moment` column's (`at`); the `ref` and `amount` columns', when used. */
  columns: { who?: string; at: string; ref?: string; amount?: string; objections?: boolean };
  /** The SELECT of the items (columns as `QueueItem`); `$1` is the clerk's id. */
  sql: string;
  orderBy: string;
}

const LISTING_COLUMNS = `l.id AS listing_id, l.listing_no, l.title, l.status AS listing_status`;
const CHINA_TODAY = `(platform_clock() AT TIME ZONE 'Asia/Shanghai')::date`;
/** Per unsettled instalment: the payments against the principal and fees due up to and including it (in order). */
const INSTALMENT_COVERAGE = `
  SELECT i.id, i.contract_id, i.no, i.due_on, i.amount_fen, i.settled_at,
         sum(i.amount_fen + i.buyer_fee_fen) OVER (PARTITION BY i.contract_id ORDER BY i.no) AS due_through_fen,
         (SELECT coalesce(sum(p.amount_fen), 0) FROM contract_payments p WHERE p.contract_id = i.contract_id) AS paid_fen
    FROM contract_instalments i`;

export const DESK_QUEUES: readonly QueueDefinition[] = [
  {
    key: 'review',
    label: '待审核',
    item: 'listing',
    rule: '已提交、尚无审核通过意见的挂牌申请（受理审核；您本人的和您代办的不在此列）。',
    columns: { who: '挂牌人', at: '提交时间', amount: '底价总额' },
    sql: `SELECT l.id, ${LISTING_COLUMNS}, u.name AS who, NULL AS ref, l.total_reserve_price_fen AS amount_fen,
                 NULL::int AS objections, l.submitted_at AS moment
            FROM listings l JOIN users u ON u.id = l.owner_id
           WHERE l.status = 'SUBMITTED' AND cardinality(l.approved_by) = 0
             AND l.owner_id <> $1 AND l.assisted_by IS DISTINCT FROM $1`,
    orderBy: 'moment ASC NULLS LAST, id',
  },
  {
    key: 'second-review',
    label: '待复核',
    item: 'listing',
    rule: '大额交易：已有一名工作人员审核通过，需另一名工作人员复核（双人审核；您已通过的不在此列）。',
    columns: { who: '初审通过人', at: '提交时间', amount: '底价总额' },
    sql: `SELECT l.id, ${LISTING_COLUMNS}, u.name AS who, NULL AS ref, l.total_reserve_price_fen AS amount_fen,
                 NULL::int AS objections, l.submitted_at AS moment
            FROM listings l LEFT JOIN users u ON u.id = l.approved_by[1]
           WHERE l.status = 'SUBMITTED' AND l.large_deal AND cardinality(l.approved_by) = 1
             AND NOT ($1::uuid = ANY (l.approved_by))
             AND l.owner_id <> $1 AND l.assisted_by IS DISTINCT FROM $1`,
    orderBy: 'moment ASC NULLS LAST, id',
  },
  {
    key: 'publish',
    label: '待发布',
    item: 'listing',
    rule: '审核通过、待发布交易公告的挂牌。',
    columns: { who: '挂牌人', at: '提交时间', amount: '底价总额' },
    sql: `SELECT l.id, ${LISTING_COLUMNS}, u.name AS who, NULL AS ref, l.total_reserve_price_fen AS amount_fen,
                 NULL::int AS objections, l.submitted_at AS moment
            FROM listings l JOIN users u ON u.id = l.owner_id
           WHERE l.status = 'APPROVED'`,
    orderBy: 'moment ASC NULLS LAST, id',
  },
  {
    key: 'qualify',
    label: '待资格审查',
    item: 'registration',
    rule: '报名中项目的待审查报名。',
    columns: { who: '报名人', at: '报名时间' },
    sql: `SELECT r.id, ${LISTING_COLUMNS}, u.name AS who, NULL AS ref, NULL AS amount_fen,
                 NULL::int AS objections, r.created_at AS moment
            FROM registrations r JOIN listings l ON l.id = r.listing_id JOIN users u ON u.id = r.buyer_id
           WHERE r.status = 'PENDING' AND l.status = 'ANNOUNCED'`,
    orderBy: 'moment ASC, id',
  },
  {
    key: 'deposits',
    label: '待登记保证金',
    item: 'registration',
    rule: '报名中项目已通过资格审查、保证金尚未登记到账的报名。',
    columns: { who: '报名人', at: '报名时间', amount: '应交保证金' },
    sql: `SELECT r.id, ${LISTING_COLUMNS}, u.name AS who, NULL AS ref, l.deposit_fen AS amount_fen,
                 NULL::int AS objections, r.created_at AS moment
            FROM registrations r JOIN listings l ON l.id = r.listing_id JOIN users u ON u.id = r.buyer_id
           WHERE r.status = 'QUALIFIED' AND l.status = 'ANNOUNCED'`,
    orderBy: 'moment ASC, id',
  },
  {
    key: 'bidding',
    label: '竞价中',
    item: 'listing',
    rule: '正在网络竞价的项目。',
    columns: { at: '竞价结束', ref: '出价次数', amount: '当前价' },
    sql: `SELECT l.id, ${LISTING_COLUMNS}, NULL AS who, a.bid_count::text AS ref, a.current_price_fen AS amount_fen,
                 NULL::int AS objections, coalesce(a.ends_at, l.bidding_ends_at) AS moment
            FROM listings l LEFT JOIN auctions a ON a.listing_id = l.id
           WHERE l.status = 'BIDDING'`,
    orderBy: 'moment ASC NULLS LAST, id',
  },
  {
    key: 'publicity',
    label: '公示中',
    item: 'deal',
    rule: '成交公示期内的成交及其未处理的异议。',
    columns: { who: '受让方', at: '公示截止', amount: '成交总价', objections: true },
    sql: `SELECT d.id, ${LISTING_COLUMNS}, u.name AS who, NULL AS ref, d.total_price_fen AS amount_fen,
                 (SELECT count(*) FROM deal_objections o WHERE o.deal_id = d.id AND o.status = 'OPEN')::int AS objections,
                 d.publicity_ends_at AS moment
            FROM deals d JOIN listings l ON l.id = d.listing_id JOIN users u ON u.id = d.buyer_id
           WHERE d.status = 'PUBLICITY'`,
    orderBy: 'moment ASC, id',
  },
  {
    key: 'confirm',
    label: '待确认',
    item: 'deal',
    rule: '公示期已满、无未处理异议、待确认的成交。',
    columns: { who: '受让方', at: '公示截止', amount: '成交总价' },
    sql: `SELECT d.id, ${LISTING_COLUMNS}, u.name AS who, NULL AS ref, d.total_price_fen AS amount_fen,
                 NULL::int AS objections, d.publicity_ends_at AS moment
            FROM deals d JOIN listings l ON l.id = d.listing_id JOIN users u ON u.id = d.buyer_id
           WHERE d.status = 'PUBLICITY' AND d.publicity_ends_at <= platform_clock()
             AND NOT EXISTS (SELECT 1 FROM deal_objections o WHERE o.deal_id = d.id AND o.status = 'OPEN')`,
    orderBy: 'moment ASC, id',
  },
  {
    key: 'contract',
    label: '待生成合同',
    item: 'deal',
    rule: '已确认、尚未生成合同的成交。',
    columns: { who: '受让方', at: '确认时间', amount: '成交总价' },
    sql: `SELECT d.id, ${LISTING_COLUMNS}, u.name AS who, NULL AS ref, d.total_price_fen AS amount_fen,
                 NULL::int AS objections, d.confirmed_at AS moment
            FROM deals d JOIN listings l ON l.id = d.listing_id JOIN users u ON u.id = d.buyer_id
           WHERE d.status = 'CONFIRMED' AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.deal_id = d.id)`,
    orderBy: 'moment ASC NULLS LAST, id',
  },
  {
    key: 'settle',
    label: '待结算',
    item: 'contract',
    rule: '双方已签署、首期款项尚未结算的合同（合同状态“已签署”），以及已生效合同中已付清（不含滞纳金）、尚未结算的以后各期。',
    columns: { who: '受让方', at: '签署期限', ref: '合同编号', amount: '已收款项' },
    sql: `SELECT c.id, ${LISTING_COLUMNS}, u.name AS who, c.contract_no AS ref,
                 (SELECT coalesce(sum(p.amount_fen), 0) FROM contract_payments p WHERE p.contract_id = c.id) AS amount_fen,
                 NULL::int AS objections, c.sign_by AS moment
            FROM contracts c JOIN deals d ON d.id = c.deal_id JOIN listings l ON l.id = d.listing_id
            JOIN users u ON u.id = c.buyer_id
           WHERE c.status = 'SIGNED'
              OR (c.status = 'IN_FORCE' AND EXISTS (
                    SELECT 1 FROM (${INSTALMENT_COVERAGE}) i
                     WHERE i.contract_id = c.id AND i.no > 1 AND i.settled_at IS NULL
                       AND i.paid_fen + c.deposit_applied_fen >= i.due_through_fen))`,
    orderBy: 'moment ASC, id',
  },
  {
    key: 'overdue',
    label: '逾期分期',
    item: 'contract',
    rule: '已过到期日、未结算，且合同所收款项按期次顺序不足以付清本期价款和服务费的分期（不含滞纳金）。',
    columns: { who: '付款方', at: '到期日', ref: '合同编号 / 期次', amount: '本期价款' },
    sql: `SELECT i.id, ${LISTING_COLUMNS}, u.name AS who, c.contract_no || ' 第' || i.no || '期' AS ref,
                 i.amount_fen, NULL::int AS objections, i.due_on::text AS moment, c.id AS work_id
            FROM (${INSTALMENT_COVERAGE}) i
            JOIN contracts c ON c.id = i.contract_id JOIN deals d ON d.id = c.deal_id
            JOIN listings l ON l.id = d.listing_id JOIN users u ON u.id = c.buyer_id
           WHERE c.status IN ('SIGNED', 'IN_FORCE') AND i.settled_at IS NULL AND i.due_on IS NOT NULL
             AND i.due_on < ${CHINA_TODAY} AND i.paid_fen < i.due_through_fen`,
    orderBy: 'moment ASC, id',
  },
  {
    key: 'filings',
    label: '待备案确认',
    item: 'filing',
    rule: '已报送、待确认备案的合同（备案状态“已报送”）。',
    columns: { at: '报送时间', ref: '合同编号', amount: '成交总价' },
    sql: `SELECT f.id, ${LISTING_COLUMNS}, NULL AS who, f.contract_no AS ref, f.total_price_fen AS amount_fen,
                 NULL::int AS objections, f.filed_at AS moment
            FROM filings f JOIN listings l ON l.id = f.listing_id
           WHERE f.status = 'FILED'`,
    orderBy: 'moment ASC, id',
  },
  {
    key: 'payments',
    label: '待收款',
    item: 'contract',
    rule: `已签署或已生效的合同中，目前可付（第一期自签署起，以后各期自到期日前 ${PAYABLE_DAYS_BEFORE_DUE} 日起）而尚未付清的价款和服务费（扣除抵作价款的保证金，不含滞纳金）。`,
    columns: { who: '付款方', at: '最早到期日', ref: '合同编号', amount: '应收未收' },
    sql: `SELECT c.id, ${LISTING_COLUMNS}, u.name AS who, c.contract_no AS ref,
                 (p.due_fen - p.paid_fen - c.deposit_applied_fen) AS amount_fen,
                 NULL::int AS objections, p.due_on::text AS moment
            FROM contracts c JOIN deals d ON d.id = c.deal_id JOIN listings l ON l.id = d.listing_id
            JOIN users u ON u.id = c.buyer_id
            JOIN LATERAL (
              SELECT max(i.due_through_fen) AS due_fen, max(i.paid_fen) AS paid_fen,
                     min(i.due_on) FILTER (WHERE i.paid_fen + c.deposit_applied_fen < i.due_through_fen) AS due_on
                FROM (${INSTALMENT_COVERAGE}) i
               WHERE i.contract_id = c.id AND i.due_on IS NOT NULL
                 AND (i.no = 1 OR i.due_on - ${PAYABLE_DAYS_BEFORE_DUE} <= ${CHINA_TODAY})
            ) p ON true
           WHERE c.status IN ('SIGNED', 'IN_FORCE') AND p.due_fen - p.paid_fen - c.deposit_applied_fen > 0`,
    orderBy: 'moment ASC NULLS LAST, id',
  },
  {
    key: 'payouts',
    label: '待支付出让方',
    item: 'deal',
    rule: '结算之外应付出让方的款项（如受让方违约没收的保证金），尚未支付的成交。',
    columns: { who: '出让方', at: '结束时间', amount: '应付金额' },
    sql: `SELECT d.id, ${LISTING_COLUMNS}, s.name AS who, NULL AS ref, o.owed_fen AS amount_fen,
                 NULL::int AS objections, d.closed_at AS moment
            FROM deals d JOIN listings l ON l.id = d.listing_id JOIN users s ON s.id = d.seller_id
            JOIN LATERAL (
              SELECT -coalesce(sum(p.amount_fen), 0) AS owed_fen FROM ledger_postings p
               WHERE p.account = 'SELLER_PAYABLE:' || d.id::text
            ) o ON o.owed_fen > 0`,
    orderBy: 'moment ASC NULLS LAST, id',
  },
  {
    key: 'refunds',
    label: '待退保证金',
    item: 'registration',
    rule: '已释放（未成交、撤回、终结、成交撤销等）待退还报名人的保证金。',
    columns: { who: '报名人', at: '报名时间', ref: '竞买号', amount: '应退金额' },
    sql: `SELECT r.id, ${LISTING_COLUMNS}, u.name AS who, r.bidder_no AS ref, o.owed_fen AS amount_fen,
                 NULL::int AS objections, r.created_at AS moment
            FROM registrations r JOIN listings l ON l.id = r.listing_id JOIN users u ON u.id = r.buyer_id
            JOIN LATERAL (
              SELECT -coalesce(sum(p.amount_fen), 0) AS owed_fen FROM ledger_postings p
               WHERE p.account = 'REFUNDS_PAYABLE:' || r.id::text
            ) o ON o.owed_fen > 0`,
    orderBy: 'moment ASC, id',
  },
];

export function queueOf(key: string): QueueDefinition | undefined {
  return DESK_QUEUES.find((q) => q.key === key);
}

@Injectable()
export class DeskQueues {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every queue's count for the clerk, in one round trip. */
  async counts(clerkId: string): Promise<{ queue: QueueDefinition; count: number }[]> {
    const sql = DESK_QUEUES.map((q, i) => `(SELECT count(*) FROM (${q.sql}) q${i})::int AS "${q.key}"`).join(',\n');
    const [row] = (await this.dataSource.query(`SELECT ${sql} WHERE $1::uuid IS NOT NULL`, [clerkId])) as Record<
      string,
      number
    >[];
    return DESK_QUEUES.map((queue) => ({ queue, count: Number(row[queue.key]) }));
  }

  /** One page of a queue's items and its total. */
  async page(
    queue: QueueDefinition,
    clerkId: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: QueueItem[]; total: number }> {
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (${queue.sql}) q WHERE $1::uuid IS NOT NULL`,
      [clerkId],
    )) as { total: number }[];
    const items = (await this.dataSource.query(
      `SELECT * FROM (${queue.sql}) q WHERE $1::uuid IS NOT NULL ORDER BY ${queue.orderBy} LIMIT $2 OFFSET $3`,
      [clerkId, pageSize, (page - 1) * pageSize],
    )) as QueueItem[];
    return { items, total: Number(total) };
  }
}
