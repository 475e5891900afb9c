import { eventually } from './support/auction-helpers';
import { singleBidderDeal, TestClock } from './support/clock';
import { expectError, fieldsOf } from './support/errors';
import { Actor } from './support/given';
import { ListingFactory } from './support/listings';
import { createTestApp, TestContext } from './support/test-app';

/**
 * The centre's working-day calendar (issue 11 item 1; DOMAIN.md §2 step 3, API.md "Registers and interventions"):
 * the package's data end with 2026, so until an admin enters the State Council's 2027 notice a period counted into
 * 2027 counts weekends only and is flagged provisional; once entered, the Spring Festival is counted as the notice
 * says. The 2027 notice here is MADE UP (the package has no 2027 data and the real notice is not in this repository):
 * New Year's Day, and the Spring Festival from Fri 5 to Sun 14 February 2027 (正月初一 is Sat 6 February), made up
 * on Sun 31 January and Sat 20 February.
 */

const url = (path: string) => `/api/v1${path}`;

const NOTICE_2027 = {
  holidays: [
    '2027-01-01',
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-02-12',
    '2027-02-13',
    '2027-02-14',
  ],
  workdays: ['2027-01-31', '2027-02-20'],
};

describe('the working-day calendar kept by the centre', () => {
  let t: TestContext;
  let admin: Actor;
  let clock: TestClock;
  let factory: ListingFactory;

  beforeAll(async () => {
    // the real minimum (10 working days) for every category, and 5 working days of publicity
    t = await createTestApp({ TEST_CLOCK: 'true', ANNOUNCEMENT_MIN_WORKING_DAYS: '10', PUBLICITY_WORKING_DAYS: '5' });
    admin = await t.given.admin();
    clock = new TestClock(t, admin);
    factory = new ListingFactory(t.http, t.given);
  });
  afterAll(() => t.close());

  const publish = (listingId: string, clerk: Actor, announcementEndsAt: string) =>
    t.http
      .post(url(`/listings/${listingId}/publish`))
      .set('Authorization', clerk.auth)
      .send({ announcementEndsAt });

  it('shows a year publicly: the package for 2026, weekends only for 2027; bad years are 400', async () => {
    const y2026 = await t.http.get(url('/calendar/2026')).expect(200);
    expect(y2026.body).toMatchObject({ year: 2026, source: 'PACKAGE' });
    expect(y2026.body.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-02-17']));
    expect(y2026.body.workdays).toContain('2026-10-10');
    const y2027 = await t.http.get(url('/calendar/2027')).expect(200);
    expect(y2027.body).toEqual({ year: 2027, source: 'WEEKENDS_ONLY', holidays: [], workdays: [] });
    for (const year of ['abc', '1899', '9999', '2027.5']) {
      expectError(await t.http.get(url(`/calendar/${year}`)), 400, 'VALIDATION_FAILED');
    }
    const health = await t.http.get('/health').expect(200);
    expect(health.body.calendar).toEqual({ knownThrough: '2026-12-31' });
  });

  it('only an admin enters a notice, and only a sound one (every date in the year, make-up days on weekends)', async () => {
    const clerk = await t.given.clerk();
    expectError(await t.http.put(url('/admin/calendar/2027')).send(NOTICE_2027), 401, 'UNAUTHENTICATED');
    expectError(
      await t.http.put(url('/admin/calendar/2027')).set('Authorization', clerk.auth).send(NOTICE_2027),
      403,
      'FORBIDDEN',
    );
    const put = (body: object) => t.http.put(url('/admin/calendar/2027')).set('Authorization', admin.auth).send(body);
    const cases: [object, string][] = [
      [{ holidays: ['2028-01-03'], workdays: [] }, 'holidays'],
      [{ holidays: ['2027-02-30'], workdays: [] }, 'holidays'],
      [{ holidays: [], workdays: ['2027-02-01'] }, 'workdays'], // a Monday is no make-up workday
      [{ holidays: ['2027-02-06'], workdays: ['2027-02-06'] }, 'workdays'],
      [{ holidays: ['2027-02-05', '2027-02-05'], workdays: [] }, 'holidays'],
      [{ holidays: '2027-02-05', workdays: [] }, 'holidays'],
      [{ holidays: [] }, 'workdays'],
    ];
    for (const [body, field] of cases) {
      const res = await put(body);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain(field);
    }
    // nothing was stored
    expect(await t.db.query(`SELECT year FROM calendar_years`)).toEqual([]);
    expect((await t.http.get(url('/calendar/2027')).expect(200)).body.source).toBe('WEEKENDS_ONLY');
  });

  let provisional: { id: string };

  it('without the 2027 notice, an announcement counted into 2027 counts weekends only and is flagged provisional', async () => {
    await clock.moveTo('2027-02-01'); // Monday 1 February 2027, 09:00 China time
    const { listing, clerk } = await factory.approved('LAND_CONTRACT');
    // 10 working days by weekends only: 2-5, 8-12, 15 February → the earliest end is 16 February 00:00
    const short = await publish(listing.id, clerk, '2027-02-15T23:59:00+08:00');
    expectError(short, 422, 'ANNOUNCEMENT_TOO_SHORT');
    expect(short.body.message).toContain('2027-02-15T16:00:00.000Z');
    const res = await publish(listing.id, clerk, '2027-02-16T00:00:00+08:00').expect(200);
    expect(res.body).toMatchObject({ status: 'ANNOUNCED', calendarProvisional: true });
    expect(res.body.calendarWarning).toEqual(expect.stringContaining('暂定'));
    // the public sees the flag but not the clerk's warning
    const pub = await t.http.get(url(`/listings/${listing.id}`)).expect(200);
    expect(pub.body.calendarProvisional).toBe(true);
    expect(pub.body.calendarWarning).toBeUndefined();
    const [row] = await t.db.query(`SELECT calendar_provisional FROM listings WHERE id = $1`, [listing.id]);
    expect(row.calendar_provisional).toBe(true);
    provisional = listing;
    // the health probe (every second) reads the platform clock: 2027 is not known, so nothing is
    await eventually(async () => {
      expect((await t.http.get('/health').expect(200)).body.calendar).toEqual({ knownThrough: null });
    });
  });

  it('once the admin enters the notice, the Spring Festival is counted by it', async () => {
    const entered = await t.http
      .put(url('/admin/calendar/2027'))
      .set('Authorization', admin.auth)
      .send(NOTICE_2027)
      .expect(200);
    expect(entered.body).toEqual({ year: 2027, source: 'OFFICIAL', ...NOTICE_2027 });
    expect((await t.http.get(url('/calendar/2027')).expect(200)).body).toEqual(entered.body);
    const [row] = await t.db.query(
      `SELECT holidays::text[] AS holidays, workdays::text[] AS workdays, updated_by FROM calendar_years WHERE year = 2027`,
    );
    expect(row).toEqual({ ...NOTICE_2027, updated_by: admin.id });
    const [audit] = await t.db.query(
      `SELECT actor_id FROM audit_entries WHERE action = 'calendar.entered' AND entity_id = '2027'`,
    );
    expect(audit.actor_id).toBe(admin.id);
    await eventually(async () => {
      expect((await t.http.get('/health').expect(200)).body.calendar).toEqual({ knownThrough: '2027-12-31' });
    });

    const { listing, clerk } = await factory.approved('LAND_CONTRACT');
    // 10 working days: 2, 3, 4, 15, 16, 17, 18, 19, 20 (made up), 22 February → the earliest end is 23 February 00:00
    const short = await publish(listing.id, clerk, '2027-02-16T00:00:00+08:00');
    expectError(short, 422, 'ANNOUNCEMENT_TOO_SHORT');
    expect(short.body.message).toContain('2027-02-22T16:00:00.000Z');
    const res = await publish(listing.id, clerk, '2027-02-23T00:00:00+08:00').expect(200);
    expect(res.body).toMatchObject({ status: 'ANNOUNCED', calendarProvisional: false });
    expect(res.body.calendarWarning).toBeUndefined();

    // a listing published before keeps its flag: it was counted provisionally, which the clerk should review
    const before = await t.http
      .get(url(`/listings/${provisional.id}`))
      .set('Authorization', clerk.auth)
      .expect(200);
    expect(before.body.calendarProvisional).toBe(true);

    // a second entry replaces the first (a corrected notice)
    const corrected = { holidays: NOTICE_2027.holidays.slice(1), workdays: NOTICE_2027.workdays };
    const again = await t.http
      .put(url('/admin/calendar/2027'))
      .set('Authorization', admin.auth)
      .send(corrected)
      .expect(200);
    expect(again.body.holidays).not.toContain('2027-01-01');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM calendar_years`)).toEqual([{ n: 1 }]);
  });

  it("a deal's publicity is counted by the calendar, and flagged when counted into a year it does not know", async () => {
    // publicity of 5 working days from Wednesday 10 March 2027 (a year the notice covers): not provisional
    const known = await singleBidderDeal(t, clock, {
      code: 'LAND_CONTRACT',
      announcementEndsAt: '2027-03-10T10:00:00+08:00',
    });
    expect(known.deal).toMatchObject({ status: 'PUBLICITY', calendarProvisional: false });
    // 5 working days after Wed 10 March: 11, 12, 15, 16, 17 → publicity ends Thu 18 March 00:00
    expect(new Date(known.deal.publicityEndsAt as string).toISOString()).toBe('2027-03-17T16:00:00.000Z');

    // a deal made in January 2028: no notice for 2028 yet, weekends only
    const unknown = await singleBidderDeal(t, clock, {
      code: 'LAND_CONTRACT',
      announcementEndsAt: '2028-01-20T10:00:00+08:00',
    });
    expect(unknown.deal).toMatchObject({ status: 'PUBLICITY', calendarProvisional: true });
    const [row] = await t.db.query(`SELECT calendar_provisional FROM deals WHERE id = $1`, [unknown.deal.id]);
    expect(row.calendar_provisional).toBe(true);
  });
});
