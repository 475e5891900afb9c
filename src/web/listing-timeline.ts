/**
 * A listing's status timeline on the desk (`/desk/listings/:id`, issue 13): its audit trail in order, each step in
 * Chinese with who did it (本人, 工作人员 X, 系统) and, for an assisted listing, 工作人员 X 代为… ; the clerk's
 * review comments come from the review records. Pure: the caller reads the rows.
 */
import { DOCUMENT_KIND_LABELS } from './listing-facts';

export interface TimelineAuditEntry {
  occurredAt: Date;
  actorId: string | null;
  action: string;
  toStatus: string | null;
  details: Record<string, unknown>;
}

export interface TimelineReview {
  clerkId: string;
  decision: string;
  comment: string | null;
  createdAt: Date;
}

export interface TimelineStep {
  at: Date;
  /** `提交审核`, `退回修改`, ... */
  label: string;
  /** `本人`, `工作人员 王五`, `工作人员 王五 代为`, `系统`. */
  actor: string;
  /** `工作人员 王五 代为提交审核` */
  text: string;
  comment: string | null;
  /** The status after the step, where it moved one. */
  status: string | null;
}

export const TIMELINE_ACTIONS: Readonly<Record<string, string>> = {
  'listing.created': '创建挂牌草稿',
  'listing.edited': '修改挂牌信息',
  'listing.document_uploaded': '上传材料',
  'listing.submitted': '提交审核',
  'listing.first_approval': '初审通过（待复核）',
  'listing.approved': '审核通过',
  'listing.returned': '退回修改',
  'listing.rejected': '不予受理',
  'listing.published': '发布挂牌公告',
  'listing.bidding': '开始网络竞价',
  'listing.sold': '成交',
  'listing.failed': '流拍',
  'listing.withdrawn': '撤回挂牌',
  'listing.suspended': '中止交易',
  'listing.resumed': '恢复交易',
  'listing.terminated': '终结交易',
  'listing.relisted': '重新挂牌',
  'listing.deal_cancelled': '成交取消',
  'listing.deal_defaulted': '成交违约',
};

const REVIEW_ACTIONS: Readonly<Record<string, string>> = {
  'listing.first_approval': 'APPROVE',
  'listing.approved': 'APPROVE',
  'listing.returned': 'RETURN',
  'listing.rejected': 'REJECT',
};

/**
 * The steps of a listing's trail: `ownerId` is the listing's owner, `names` the actors' names, `staffIds` the actors
 * who are staff. A review step carries the comment of the matching review record (the same clerk and decision, in
 * order).
 */
export function timelineOf(
  entries: TimelineAuditEntry[],
  reviews: TimelineReview[],
  ownerId: string,
  names: ReadonlyMap<string, string>,
): TimelineStep[] {
  const pending = [...reviews].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return entries
    .filter((e) => TIMELINE_ACTIONS[e.action] !== undefined)
    .map((e) => {
      let label = TIMELINE_ACTIONS[e.action];
      const kind = e.details.kind;
      if (e.action === 'listing.document_uploaded' && typeof kind === 'string') {
        label = `上传材料：${DOCUMENT_KIND_LABELS[kind] ?? kind}`;
      }
      const name = e.actorId ? (names.get(e.actorId) ?? '') : '';
      let actor: string;
      let text: string;
      if (!e.actorId) {
        actor = '系统';
        text = `系统：${label}`;
      } else if (e.actorId === ownerId) {
        actor = '本人';
        text = label;
      } else if (typeof e.details.onBehalfOf === 'string') {
        actor = `工作人员 ${name}`;
        text = `工作人员 ${name} 代为${label}`;
      } else {
        actor = `工作人员 ${name}`;
        text = `工作人员 ${name}：${label}`;
      }
      let comment: string | null = null;
      const decision = REVIEW_ACTIONS[e.action];
      if (decision) {
        const i = pending.findIndex((r) => r.clerkId === e.actorId && r.decision === decision);
        if (i >= 0) comment = pending.splice(i, 1)[0].comment;
      }
      const reason = e.details.reason;
      if (!comment && typeof reason === 'string') comment = reason;
      return { at: e.occurredAt, label, actor, text, comment, status: e.toStatus };
    });
}
