import { auditFormOf, compactDetails } from './desk-supervisor.controller';

describe('the audit browser', () => {
  it('checks its filters and names the field of each error in Chinese', () => {
    expect(auditFormOf({ action: ' listing ', page: '2' })).toEqual({
      form: { action: 'listing', entityType: '', entityId: '', actorId: '', from: '', to: '' },
      errors: {},
    });
    const bad = auditFormOf({ actorId: 'x', from: '2027-02-30', to: ['2027-01-01'] });
    expect(Object.keys(bad.errors)).toEqual(['actorId', 'from']);
    expect(bad.form.to).toBe(''); // an array is not a date: ignored
    expect(auditFormOf({ from: '2027-03-02', to: '2027-03-01' }).errors).toEqual({ to: '截止日期不能早于起始日期' });
  });

  it('shows details compactly, cut to a readable length', () => {
    expect(compactDetails({ reason: '理由', bidders: 2, nested: { a: 1 } })).toBe(
      'reason: 理由；bidders: 2；nested: {"a":1}',
    );
    expect(compactDetails(null)).toBe('');
    expect(compactDetails({ long: 'x'.repeat(500) })).toHaveLength(241);
  });
});
