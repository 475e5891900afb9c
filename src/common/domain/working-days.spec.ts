import * as chineseDays from 'chinese-days';
import { arrangementProblem, PACKAGE_CALENDAR, PACKAGE_CALENDAR_YEARS, WorkingCalendar } from './working-days';
import { addDays } from './calendar-date';

/** 00:00 China time of a date, as an instant. */
const cst = (date: string, time = '00:00:00'): Date => new Date(`${date}T${time}+08:00`);

describe('working days (official Chinese calendar, UTC+8)', () => {
  describe('isWorkingDay', () => {
    it.each<[string, boolean, string]>([
      // 2026 National Day: 1-7 October off; Sun 20 September and Sat 10 October are make-up workdays (调休)
      ['2026-09-19', false, 'plain Saturday'],
      ['2026-09-20', true, 'make-up Sunday'],
      ['2026-09-25', false, 'Mid-Autumn Festival (Friday)'],
      ['2026-09-30', true, 'Wednesday before the holiday'],
      ['2026-10-01', false, 'National Day'],
      ['2026-10-05', false, 'holiday Monday'],
      ['2026-10-07', false, 'last holiday day (Wednesday)'],
      ['2026-10-08', true, 'Thursday after the holiday'],
      ['2026-10-10', true, 'make-up Saturday'],
      ['2026-10-11', false, 'plain Sunday'],
      // 2026 Spring Festival: 15-23 February off; Sat 14 and Sat 28 February worked
      ['2026-02-13', true, 'Friday'],
      ['2026-02-14', true, 'make-up Saturday'],
      ['2026-02-16', false, 'Spring Festival Monday'],
      ['2026-02-23', false, 'last Spring Festival day (Monday)'],
      ['2026-02-24', true, 'Tuesday after'],
      ['2026-02-28', true, 'make-up Saturday'],
      ['2026-03-01', false, 'plain Sunday'],
      // other years
      ['2025-10-08', false, '2025 National Day (1-8 October)'],
      ['2025-10-11', true, '2025 make-up Saturday'],
      ['2026-01-01', false, "New Year's Day"],
      ['2026-01-04', true, 'make-up Sunday after New Year'],
      ['2026-03-10', true, 'plain Tuesday'],
      ['2030-01-07', true, 'Monday beyond the known calendar'],
      ['2030-01-05', false, 'Saturday beyond the known calendar'],
    ])('%s → %p (%s)', (date, expected) => {
      expect(PACKAGE_CALENDAR.isWorkingDay(date)).toBe(expected);
    });

    it.each<[string, boolean]>([
      ['2026-10-09T15:59:59Z', true], // Fri 9 Oct 23:59:59 in China
      ['2026-10-09T16:00:00Z', true], // Sat 10 Oct 00:00 in China: make-up workday
      ['2026-10-10T16:00:00Z', false], // Sun 11 Oct 00:00 in China
      ['2026-09-30T15:59:59Z', true], // Wed 30 Sep 23:59:59 in China
      ['2026-09-30T16:00:00Z', false], // Thu 1 Oct 00:00 in China
    ])('a Date is read at its China-time date: %s → %p', (instant, expected) => {
      expect(PACKAGE_CALENDAR.isWorkingDay(new Date(instant))).toBe(expected);
    });

    it('rejects malformed dates', () => {
      expect(() => PACKAGE_CALENDAR.isWorkingDay('2026-10-1')).toThrow(RangeError);
      expect(() => PACKAGE_CALENDAR.isWorkingDay('2026-02-30')).toThrow(RangeError);
      expect(() => PACKAGE_CALENDAR.isWorkingDay(new Date('x'))).toThrow(RangeError);
    });

    it('agrees with chinese-days isWorkday() every day of 2004-2026 (in a time zone where that is reliable)', () => {
      if (new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset() > 0) return; // the package misreads dates west of UTC
      for (let d = '2004-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
        if (PACKAGE_CALENDAR.isWorkingDay(d) !== chineseDays.isWorkday(d)) throw new Error(`disagreement on ${d}`);
      }
    });

    it('does not depend on the process time zone', () => {
      const saved = process.env.TZ;
      try {
        for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'UTC', 'Asia/Shanghai']) {
          process.env.TZ = tz;
          expect(PACKAGE_CALENDAR.isWorkingDay('2026-10-10')).toBe(true);
          expect(PACKAGE_CALENDAR.isWorkingDay('2026-10-11')).toBe(false);
          expect(PACKAGE_CALENDAR.isWorkingDay(new Date('2026-10-09T16:30:00Z'))).toBe(true);
          expect(PACKAGE_CALENDAR.addWorkingDays(cst('2026-09-30', '10:00:00'), 3).toISOString()).toBe(
            '2026-10-10T16:00:00.000Z',
          );
        }
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  });

  it('knows the official calendar years', () => {
    expect(PACKAGE_CALENDAR_YEARS.first).toBeLessThanOrEqual(2025);
    expect(PACKAGE_CALENDAR_YEARS.last).toBeGreaterThanOrEqual(2026);
    expect(PACKAGE_CALENDAR.sourceOf(2026)).toBe('PACKAGE');
    expect(PACKAGE_CALENDAR.sourceOf(2099)).toBe('WEEKENDS_ONLY');
  });

  it.each<[string, number, string]>([
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 3, '2026-10-10'],
    ['2026-09-18', 1, '2026-09-20'],
    ['2026-02-13', 2, '2026-02-24'],
  ])('PACKAGE_CALENDAR.nthWorkingDayAfter(%s, %i) = %s', (date, n, expected) => {
    expect(PACKAGE_CALENDAR.nthWorkingDayAfter(date, n)).toBe(expected);
  });

  describe('addWorkingDays', () => {
    it.each<[string, Date, number, Date]>([
      // plain weeks
      ['Monday afternoon + 1', cst('2026-03-09', '15:00:00'), 1, cst('2026-03-11')],
      ['Monday + 5 (skips a weekend)', cst('2026-03-09', '15:00:00'), 5, cst('2026-03-17')],
      ['Monday 00:00 + 1 (the start day never counts)', cst('2026-03-09'), 1, cst('2026-03-11')],
      ['Saturday + 1', cst('2026-03-14', '11:00:00'), 1, cst('2026-03-17')],
      ['Friday + 10', cst('2026-03-06', '09:30:00'), 10, cst('2026-03-21')],
      // National Day 2026
      ['Wednesday 30 Sep + 1 → Thu 8 Oct', cst('2026-09-30', '10:00:00'), 1, cst('2026-10-09')],
      ['Wednesday 30 Sep + 2', cst('2026-09-30', '10:00:00'), 2, cst('2026-10-10')],
      ['Wednesday 30 Sep + 3 (make-up Saturday 10 Oct counts)', cst('2026-09-30', '10:00:00'), 3, cst('2026-10-11')],
      ['Wednesday 30 Sep + 4 → Monday 12 Oct', cst('2026-09-30', '10:00:00'), 4, cst('2026-10-13')],
      ['Tuesday 29 Sep + 2', cst('2026-09-29', '23:59:59'), 2, cst('2026-10-09')],
      ['Monday 28 Sep + 10 (announcement)', cst('2026-09-28', '09:00:00'), 10, cst('2026-10-17')],
      ['Friday 18 Sep + 1 (make-up Sunday 20 Sep counts)', cst('2026-09-18', '16:00:00'), 1, cst('2026-09-21')],
      ['during the holiday: Sat 3 Oct + 1', cst('2026-10-03', '12:00:00'), 1, cst('2026-10-09')],
      // Spring Festival 2026
      ['Friday 13 Feb + 1 (make-up Saturday 14 Feb)', cst('2026-02-13', '10:00:00'), 1, cst('2026-02-15')],
      ['Friday 13 Feb + 2 → Tuesday 24 Feb', cst('2026-02-13', '10:00:00'), 2, cst('2026-02-25')],
      ['Friday 13 Feb + 5', cst('2026-02-13', '10:00:00'), 5, cst('2026-02-28')],
      ['Friday 13 Feb + 6 (make-up Saturday 28 Feb)', cst('2026-02-13', '10:00:00'), 6, cst('2026-03-01')],
      ['Friday 13 Feb + 7 → Monday 2 Mar', cst('2026-02-13', '10:00:00'), 7, cst('2026-03-03')],
      ['Friday 13 Feb + 20', cst('2026-02-13', '10:00:00'), 20, cst('2026-03-20')],
      // the China-time date decides, not the UTC date
      ['UTC 30 Sep 15:59 = China Wed 30 Sep 23:59 + 1', new Date('2026-09-30T15:59:00Z'), 1, cst('2026-10-09')],
      ['UTC 29 Sep 16:00 = China Wed 30 Sep 00:00 + 1', new Date('2026-09-29T16:00:00Z'), 1, cst('2026-10-09')],
      ['UTC 29 Sep 15:59 = China Tue 29 Sep 23:59 + 1', new Date('2026-09-29T15:59:00Z'), 1, cst('2026-10-01')],
      // New Year 2026: 1-3 January off, Sunday 4 January worked
      ['Wednesday 31 Dec 2025 + 1 (make-up Sunday 4 Jan)', cst('2025-12-31', '10:00:00'), 1, cst('2026-01-05')],
      // beyond the known calendar (chinese-days 1.5.7 ends with 2026) only weekends are off: 1 Jan 2027 counts
      ['Wednesday 30 Dec 2026 + 2 (2027 holidays not yet known)', cst('2026-12-30', '10:00:00'), 2, cst('2027-01-02')],
    ])('%s', (_label, from, n, expected) => {
      expect(PACKAGE_CALENDAR.addWorkingDays(from, n).toISOString()).toBe(expected.toISOString());
    });

    it('n = 0 returns the same instant', () => {
      const from = new Date('2026-10-03T05:06:07.089Z');
      const result = PACKAGE_CALENDAR.addWorkingDays(from, 0);
      expect(result.getTime()).toBe(from.getTime());
    });

    it.each([-1, 1.5, NaN])('rejects n = %p', (n) => {
      expect(() => PACKAGE_CALENDAR.addWorkingDays(cst('2026-03-09'), n)).toThrow(RangeError);
    });

    it('rejects an invalid Date', () => {
      expect(() => PACKAGE_CALENDAR.addWorkingDays(new Date('x'), 1)).toThrow(RangeError);
    });
  });

  describe('workingDaysBetween', () => {
    it.each<[string, Date, Date, number]>([
      ['same day', cst('2026-03-09', '09:00:00'), cst('2026-03-09', '18:00:00'), 0],
      ['to before from', cst('2026-03-12'), cst('2026-03-09'), 0],
      ['Monday → Wednesday 00:00: Tuesday only', cst('2026-03-09', '15:00:00'), cst('2026-03-11'), 1],
      ['Monday → Tuesday 23:59: Tuesday not complete', cst('2026-03-09', '15:00:00'), cst('2026-03-10', '23:59:59'), 0],
      ['one plain week', cst('2026-03-09', '10:00:00'), cst('2026-03-16', '10:00:00'), 4],
      ['National Day fortnight', cst('2026-09-28', '09:00:00'), cst('2026-10-17'), 10],
      [
        'National Day fortnight, 1 ms short',
        cst('2026-09-28', '09:00:00'),
        new Date(cst('2026-10-17').getTime() - 1),
        9,
      ],
      ['Spring Festival', cst('2026-02-13', '10:00:00'), cst('2026-03-01'), 6],
    ])('%s', (_label, from, to, expected) => {
      expect(PACKAGE_CALENDAR.workingDaysBetween(from, to)).toBe(expected);
    });
  });

  describe('announcementLongEnough', () => {
    const now = cst('2026-09-28', '09:00:00');
    it.each<[string, Date, number, boolean]>([
      ['exactly at the deadline', cst('2026-10-17'), 10, true],
      ['1 ms before the deadline', new Date(cst('2026-10-17').getTime() - 1), 10, false],
      ['later', cst('2026-10-20', '17:00:00'), 10, true],
      ['0 days, ends now', now, 0, true],
      ['0 days, ends later', cst('2026-09-28', '09:00:01'), 0, true],
      ['0 days, already past', new Date(now.getTime() - 1), 0, false],
      ['20 days across the holiday', cst('2026-10-31'), 20, true],
      ['20 days, a day short', cst('2026-10-30'), 20, false],
    ])('%s', (_label, endsAt, minDays, expected) => {
      expect(PACKAGE_CALENDAR.announcementLongEnough(now, endsAt, minDays)).toBe(expected);
    });
  });

  it('consistency: endsAt >= PACKAGE_CALENDAR.addWorkingDays(now, n) ⇔ PACKAGE_CALENDAR.workingDaysBetween(now, endsAt) >= n ⇔ long enough', () => {
    let seed = 20260928;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const base = new Date('2025-12-01T00:00:00Z').getTime();
    const span = 400 * 24 * 3600 * 1000;
    for (let i = 0; i < 1000; i += 1) {
      const now = new Date(base + Math.floor(random() * span));
      const endsAt = new Date(now.getTime() + Math.floor(random() * 45 * 24 * 3600 * 1000));
      const n = 1 + Math.floor(random() * 25);
      const byDeadline = endsAt.getTime() >= PACKAGE_CALENDAR.addWorkingDays(now, n).getTime();
      expect(PACKAGE_CALENDAR.workingDaysBetween(now, endsAt) >= n).toBe(byDeadline);
      expect(PACKAGE_CALENDAR.announcementLongEnough(now, endsAt, n)).toBe(byDeadline);
      const deadline = PACKAGE_CALENDAR.addWorkingDays(now, n);
      expect(PACKAGE_CALENDAR.workingDaysBetween(now, deadline)).toBe(n);
      expect(PACKAGE_CALENDAR.workingDaysBetween(now, new Date(deadline.getTime() - 1))).toBe(n - 1);
    }
  });
});

describe("WorkingCalendar with the centre's official entries", () => {
  // A made-up 2027 notice (the package ends with 2026): New Year's Day, and the Spring Festival from Fri 5 to
  // Sun 14 February (正月初一 is Sat 6 February 2027), made up on Sun 31 January and Sat 20 February.
  const notice2027 = {
    holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
    workdays: ['2027-01-31', '2027-02-20'],
  };
  const withNotice = new WorkingCalendar(new Map([[2027, notice2027]]));
  const cst = (date: string, time = '00:00:00'): Date => new Date(`${date}T${time}+08:00`);

  it('tells where each year comes from', () => {
    expect(withNotice.sourceOf(2027)).toBe('OFFICIAL');
    expect(withNotice.sourceOf(2026)).toBe('PACKAGE');
    expect(withNotice.sourceOf(2028)).toBe('WEEKENDS_ONLY');
    expect(withNotice.yearCalendar(2027)).toEqual({ year: 2027, source: 'OFFICIAL', ...notice2027 });
    expect(withNotice.yearCalendar(2030)).toEqual({ year: 2030, source: 'WEEKENDS_ONLY', holidays: [], workdays: [] });
    expect(PACKAGE_CALENDAR.yearCalendar(2026).holidays).toContain('2026-10-01');
  });

  it('counts the 2027 Spring Festival by the notice, and by weekends only (provisionally) without it', () => {
    const from = cst('2027-02-01', '10:00:00');
    expect(withNotice.addWorkingDays(from, 10)).toEqual(cst('2027-02-23'));
    expect(withNotice.isWorkingDay('2027-02-20')).toBe(true);
    expect(withNotice.isWorkingDay('2027-02-10')).toBe(false);
    expect(withNotice.isProvisional(from, 10)).toBe(false);
    expect(PACKAGE_CALENDAR.addWorkingDays(from, 10)).toEqual(cst('2027-02-16'));
    expect(PACKAGE_CALENDAR.isProvisional(from, 10)).toBe(true);
  });

  it('flags a count that crosses into an unknown year, and only then', () => {
    expect(PACKAGE_CALENDAR.isProvisional(cst('2026-12-01', '09:00:00'), 10)).toBe(false);
    expect(PACKAGE_CALENDAR.isProvisional(cst('2026-12-25', '09:00:00'), 10)).toBe(true);
    expect(withNotice.isProvisional(cst('2026-12-25', '09:00:00'), 10)).toBe(false);
    expect(PACKAGE_CALENDAR.isProvisional(cst('2026-12-25', '09:00:00'), 0)).toBe(false);
    // a count ending on 31 December (deadline 00:00 on 1 January) stays within the year
    const lastDay = PACKAGE_CALENDAR.addWorkingDays(cst('2026-12-30', '09:00:00'), 1);
    expect(lastDay).toEqual(cst('2027-01-01'));
    expect(PACKAGE_CALENDAR.isProvisional(cst('2026-12-30', '09:00:00'), 1)).toBe(false);
  });

  it('knows through the last year of an unbroken run from now', () => {
    expect(PACKAGE_CALENDAR.knownThrough(cst('2026-06-01'))).toBe('2026-12-31');
    expect(PACKAGE_CALENDAR.knownThrough(cst('2027-06-01'))).toBe(null);
    expect(withNotice.knownThrough(cst('2026-06-01'))).toBe('2027-12-31');
    const gap = new WorkingCalendar(new Map([[2029, notice2027]]));
    expect(gap.knownThrough(cst('2026-06-01'))).toBe('2026-12-31');
  });

  it.each<[string, { holidays: string[]; workdays: string[] }, RegExp]>([
    ['a date of another year', { holidays: ['2028-01-03'], workdays: [] }, /not in 2027/],
    ['a malformed date', { holidays: ['2027-02-30'], workdays: [] }, /not a YYYY-MM-DD/],
    ['both a holiday and a workday', { holidays: ['2027-02-05'], workdays: ['2027-02-05'] }, /both/],
    ['a date twice', { holidays: ['2027-02-05', '2027-02-05'], workdays: [] }, /twice/],
    ['a weekday make-up workday', { holidays: [], workdays: ['2027-02-01'] }, /not a weekend day/],
  ])('refuses an arrangement with %s', (_, arrangement, problem) => {
    expect(arrangementProblem(2027, arrangement)?.message).toMatch(problem);
  });

  it('accepts a sound arrangement', () => {
    expect(arrangementProblem(2027, notice2027)).toBeNull();
    expect(arrangementProblem(2027, { holidays: [], workdays: [] })).toBeNull();
    // whole periods, weekends included, as the notice prints them
    expect(arrangementProblem(2027, { holidays: ['2027-02-05', '2027-02-06', '2027-02-07'], workdays: [] })).toBeNull();
  });
});
