import { getCategory } from '../../catalog/domain/category-registry';
import type { CategoryCode } from '../../catalog/domain/category.types';
import { DomainError } from '../../common/errors/domain-error';
import type { WorkingCalendar } from '../../common/domain/working-days';

/**
 * The shortest announcement in working days: the category's minimum (DOMAIN.md), unless the centre's configuration
 * sets one for every category (`ANNOUNCEMENT_MIN_WORKING_DAYS`).
 */
export function announcementMinDays(categoryCode: CategoryCode, configured?: number | null): number {
  return configured ?? getCategory(categoryCode).rules.announcementMinWorkingDays;
}

/**
 * An announcement from `now` to `endsAt` must be in the future and last at least `minDays` full working days by
 * the centre's calendar, else `422 ANNOUNCEMENT_TOO_SHORT` with the earliest lawful end (publication and
 * resumption alike).
 */
export function assertAnnouncementLongEnough(
  calendar: WorkingCalendar,
  now: Date,
  endsAt: Date,
  minDays: number,
): void {
  if (endsAt > now && calendar.announcementLongEnough(now, endsAt, minDays)) return;
  throw new DomainError(
    'ANNOUNCEMENT_TOO_SHORT',
    { minDays, earliest: calendar.addWorkingDays(now, minDays).toISOString() },
    [{ field: 'announcementEndsAt', message: `at least ${minDays} working days from now` }],
  );
}

/** How long an auction lasts when the clerk gives its start but not its end. */
export const DEFAULT_AUCTION_MS = 3600_000;

/**
 * The auction's window after an announcement ending at `announcementEndsAt`: it starts then unless the clerk says
 * later (never earlier), and lasts an hour unless the clerk gives its end (after its start), else
 * `422 INVALID_BIDDING_WINDOW` naming the field.
 */
export function biddingWindow(
  announcementEndsAt: Date,
  dates: { biddingStartsAt?: string; biddingEndsAt?: string },
): { biddingStartsAt: Date; biddingEndsAt: Date } {
  const biddingStartsAt = dates.biddingStartsAt ? new Date(dates.biddingStartsAt) : announcementEndsAt;
  const biddingEndsAt = dates.biddingEndsAt
    ? new Date(dates.biddingEndsAt)
    : new Date(biddingStartsAt.getTime() + DEFAULT_AUCTION_MS);
  if (biddingStartsAt < announcementEndsAt) {
    throw new DomainError('INVALID_BIDDING_WINDOW', {}, [
      { field: 'biddingStartsAt', message: 'must not be before announcementEndsAt' },
    ]);
  }
  if (biddingEndsAt <= biddingStartsAt) {
    throw new DomainError('INVALID_BIDDING_WINDOW', {}, [
      { field: 'biddingEndsAt', message: 'must be after biddingStartsAt' },
    ]);
  }
  return { biddingStartsAt, biddingEndsAt };
}
