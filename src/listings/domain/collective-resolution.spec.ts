import { type CollectiveResolution, resolutionProblems, validateResolution } from './collective-resolution';

const r = (eligibleVoters: number, attendees: number, votesFor: number, meetingDate = '2026-03-01') =>
  ({ meetingDate, eligibleVoters, attendees, votesFor }) as CollectiveResolution;

describe('collective resolution (two thirds of all those entitled)', () => {
  it.each<[string, CollectiveResolution, 'OK' | 'INVALID']>([
    ['unanimous, everyone present', r(30, 30, 30), 'OK'],
    ['exact ⅔ boundary: 20 of 30', r(30, 25, 20), 'OK'],
    ['one short of ⅔: 19 of 30', r(30, 25, 19), 'INVALID'],
    ['⅔ of those present but not of those entitled (12 of 15 present, 30 entitled)', r(30, 15, 12), 'INVALID'],
    ['⅔ of those present, 20 of 30 present', r(30, 20, 14), 'INVALID'],
    ['all present voters needed: 20 of 20 present, 30 entitled', r(30, 20, 20), 'OK'],
    ['non-multiple of 3: 7 of 10 (7×3=21 ≥ 20)', r(10, 10, 7), 'OK'],
    ['non-multiple of 3: 6 of 10 (18 < 20)', r(10, 10, 6), 'INVALID'],
    ['1 of 1', r(1, 1, 1), 'OK'],
    ['2 of 3', r(3, 3, 2), 'OK'],
    ['1 of 2', r(2, 2, 1), 'INVALID'],
    ['more attendees than entitled', r(30, 31, 25), 'INVALID'],
    ['more votes than attendees', r(30, 19, 20), 'INVALID'],
    ['no entitled voters', r(0, 0, 0), 'INVALID'],
    ['negative count', r(30, 25, -1), 'INVALID'],
    ['fractional count', r(30, 25.5, 20), 'INVALID'],
    ['NaN count', r(Number.NaN, 25, 20), 'INVALID'],
    ['bad meeting date', r(30, 30, 30, '2026-02-30'), 'INVALID'],
    ['meeting date with a time', r(30, 30, 30, '2026-03-01T10:00:00+08:00'), 'INVALID'],
    ['large collective, exact ⅔', r(3_000, 2_500, 2_000), 'OK'],
  ])('%s → %s', (_label, resolution, expected) => {
    expect(validateResolution(resolution)).toBe(expected);
  });

  it.each<[CollectiveResolution, string[]]>([
    [r(30, 30, 30), []],
    [r(30, 15, 12), ['BELOW_TWO_THIRDS']],
    [r(30, 31, 25), ['ATTENDEES_EXCEED_ELIGIBLE']],
    [r(30, 19, 20), ['VOTES_EXCEED_ATTENDEES']],
    [r(0, 0, 0), ['NO_ELIGIBLE_VOTERS']],
    [r(30, 30, 1.5), ['COUNT_NOT_INTEGER']],
    [r(30, 31, 32, 'x'), ['MEETING_DATE_INVALID', 'ATTENDEES_EXCEED_ELIGIBLE', 'VOTES_EXCEED_ATTENDEES']],
  ])('resolutionProblems(%p) = %p', (resolution, expected) => {
    expect(resolutionProblems(resolution)).toEqual(expected);
  });

  it('rejects a meeting in the future (China time) when `now` is given', () => {
    const resolution = r(30, 30, 30, '2026-03-02');
    expect(validateResolution(resolution)).toBe('OK');
    expect(validateResolution(resolution, { now: new Date('2026-03-01T15:59:59Z') })).toBe('INVALID'); // 1 Mar 23:59
    expect(resolutionProblems(resolution, { now: new Date('2026-03-01T15:59:59Z') })).toEqual([
      'MEETING_DATE_IN_FUTURE',
    ]);
    expect(validateResolution(resolution, { now: new Date('2026-03-01T16:00:00Z') })).toBe('OK'); // 2 Mar 00:00
  });

  it('never throws on garbage', () => {
    const garbage = { meetingDate: 5, eligibleVoters: '30' } as unknown as CollectiveResolution;
    expect(validateResolution(garbage)).toBe('INVALID');
  });
});
