/**
 * The collective resolution (集体决议) a collective's listing carries (DOMAIN.md §1): valid only if two thirds of
 * ALL those entitled to vote voted for it (`votesFor × 3 ≥ eligibleVoters × 2`, not two thirds of those present),
 * `attendees ≤ eligibleVoters` and `votesFor ≤ attendees`; else `422 COLLECTIVE_RESOLUTION_INVALID`.
 */
import { chinaDateOf, type IsoDate, isValidIsoDate } from '../../common/domain/calendar-date';

export interface CollectiveResolution {
  /** `YYYY-MM-DD` */
  meetingDate: IsoDate;
  eligibleVoters: number;
  attendees: number;
  votesFor: number;
  documentId?: string | null;
  /** COLLECTIVE_EQUITY: the resolution lets buyers from outside the collective take part. */
  allowOutsiders?: boolean;
}

export type ResolutionProblem =
  | 'MEETING_DATE_INVALID'
  | 'MEETING_DATE_IN_FUTURE'
  | 'COUNT_NOT_INTEGER'
  | 'NO_ELIGIBLE_VOTERS'
  | 'ATTENDEES_EXCEED_ELIGIBLE'
  | 'VOTES_EXCEED_ATTENDEES'
  | 'BELOW_TWO_THIRDS';

export interface ResolutionOptions {
  /** When given, a meeting after this instant's China-time date is rejected (`MEETING_DATE_IN_FUTURE`). */
  now?: Date;
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Every reason the resolution is invalid (empty when it is valid). Never throws. */
export function resolutionProblems(r: CollectiveResolution, options: ResolutionOptions = {}): ResolutionProblem[] {
  const problems: ResolutionProblem[] = [];
  if (!isValidIsoDate(r.meetingDate)) {
    problems.push('MEETING_DATE_INVALID');
  } else if (options.now !== undefined && !Number.isNaN(options.now.getTime())) {
    if (r.meetingDate > chinaDateOf(options.now)) problems.push('MEETING_DATE_IN_FUTURE');
  }
  const { eligibleVoters, attendees, votesFor } = r;
  if (!isCount(eligibleVoters) || !isCount(attendees) || !isCount(votesFor)) {
    problems.push('COUNT_NOT_INTEGER');
    return problems;
  }
  if (eligibleVoters === 0) problems.push('NO_ELIGIBLE_VOTERS');
  if (attendees > eligibleVoters) problems.push('ATTENDEES_EXCEED_ELIGIBLE');
  if (votesFor > attendees) problems.push('VOTES_EXCEED_ATTENDEES');
  if (BigInt(votesFor) * 3n < BigInt(eligibleVoters) * 2n) problems.push('BELOW_TWO_THIRDS');
  return problems;
}

/** `'OK'` if the resolution is valid (see `resolutionProblems`), else `'INVALID'`. Never throws. */
export function validateResolution(r: CollectiveResolution, options: ResolutionOptions = {}): 'OK' | 'INVALID' {
  return resolutionProblems(r, options).length === 0 ? 'OK' : 'INVALID';
}
