import { timelineOf } from './listing-timeline';

describe('timelineOf', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 2, minute));
  const names = new Map([
    ['farmer', '王建国'],
    ['clerkA', '李四'],
    ['clerkB', '赵六'],
  ]);

  it('says who did each step; a clerk acting for the farmer did it 代为; a review carries its comment', () => {
    const steps = timelineOf(
      [
        {
          occurredAt: at(1),
          actorId: 'clerkA',
          action: 'listing.created',
          toStatus: 'DRAFT',
          details: { onBehalfOf: 'farmer' },
        },
        {
          occurredAt: at(2),
          actorId: 'clerkA',
          action: 'listing.document_uploaded',
          toStatus: null,
          details: { kind: 'AUTHORIZATION', onBehalfOf: 'farmer' },
        },
        {
          occurredAt: at(3),
          actorId: 'clerkA',
          action: 'listing.submitted',
          toStatus: 'SUBMITTED',
          details: { onBehalfOf: 'farmer' },
        },
        { occurredAt: at(4), actorId: 'clerkB', action: 'listing.returned', toStatus: 'RETURNED', details: {} },
        { occurredAt: at(5), actorId: 'farmer', action: 'listing.submitted', toStatus: 'SUBMITTED', details: {} },
        { occurredAt: at(6), actorId: 'clerkB', action: 'listing.approved', toStatus: 'APPROVED', details: {} },
        { occurredAt: at(7), actorId: null, action: 'listing.bidding', toStatus: 'BIDDING', details: {} },
        { occurredAt: at(8), actorId: null, action: 'something.else', toStatus: null, details: {} },
      ],
      [
        { clerkId: 'clerkB', decision: 'APPROVE', comment: null, createdAt: at(6) },
        { clerkId: 'clerkB', decision: 'RETURN', comment: '请补充四至', createdAt: at(4) },
      ],
      'farmer',
      names,
    );
    expect(steps.map((s) => s.text)).toEqual([
      '工作人员 李四 代为创建挂牌草稿',
      '工作人员 李四 代为上传材料：授权委托书',
      '工作人员 李四 代为提交审核',
      '工作人员 赵六：退回修改',
      '提交审核',
      '工作人员 赵六：审核通过',
      '系统：开始网络竞价',
    ]);
    expect(steps.map((s) => s.comment)).toEqual([null, null, null, '请补充四至', null, null, null]);
    expect(steps[4].actor).toBe('本人');
  });

  it('a withdrawal shows its reason', () => {
    const [step] = timelineOf(
      [
        {
          occurredAt: at(1),
          actorId: 'farmer',
          action: 'listing.withdrawn',
          toStatus: 'WITHDRAWN',
          details: { reason: '不卖了' },
        },
      ],
      [],
      'farmer',
      names,
    );
    expect(step).toMatchObject({ label: '撤回挂牌', comment: '不卖了', status: 'WITHDRAWN' });
  });
});
