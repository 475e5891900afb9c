import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * The pure rules of the Idempotency-Key contract (API.md "Conventions"): which keys are accepted, how a request body
 * is fingerprinted, and what a request does given the row already stored under its key.
 */

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 64;
/**
 * How long a claim is held before another request may take it over (its worker is then presumed dead): a retry after
 * a crash waits at most this long. A slow first request whose claim was taken over cannot commit (its response is
 * recorded in its transaction, fenced by the lease), so the effect still happens once.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 5;
/** Keys are kept at least this long; older rows may be purged. */
export const IDEMPOTENCY_RETENTION_DAYS = 7;

export type KeyHeader = { kind: 'ABSENT' } | { kind: 'VALID'; key: string } | { kind: 'INVALID' };

/** Reads the raw header value (as Node gives it): absent, a key of 1-64 characters, or invalid. */
export function parseIdempotencyKey(raw: string | string[] | undefined): KeyHeader {
  if (raw === undefined) return { kind: 'ABSENT' };
  if (typeof raw !== 'string' || raw.length < 1 || raw.length > MAX_IDEMPOTENCY_KEY_LENGTH) return { kind: 'INVALID' };
  return { kind: 'VALID', key: raw };
}

/** The fingerprint of a request body: sha256 (hex) of its canonical JSON, so key order does not matter. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

export type IdempotencyState = 'IN_PROGRESS' | 'DONE';

/** What the decision needs of a stored row. */
export interface StoredKey {
  state: IdempotencyState;
  requestHash: string;
  lockedUntil: Date;
}

/**
 * - `RUN`: no row (or it vanished because its attempt failed): claim the key and run the handler.
 * - `REPLAY`: the same body already succeeded: answer its stored response again, change nothing.
 * - `REUSED`: the key was used with a different body (`422 IDEMPOTENCY_KEY_REUSED`).
 * - `IN_USE`: the same request is still running (`409 IDEMPOTENCY_KEY_IN_USE`).
 * - `TAKE_OVER`: a claim whose lease has passed (its worker died): take it over and run the handler.
 */
export type IdempotencyDecision = 'RUN' | 'REPLAY' | 'REUSED' | 'IN_USE' | 'TAKE_OVER';

/**
 * Decides what a request with key and body fingerprint `hash` does, given the row stored under its key and the
 * database's `now`. An abandoned claim counts as a failed attempt, which is not kept: it is taken over whatever its
 * body was. A live row with another body is a reused key, even while it runs.
 */
export function decide(existing: StoredKey | null, hash: string, now: Date): IdempotencyDecision {
  if (existing === null) return 'RUN';
  const leaseExpired = existing.lockedUntil.getTime() <= now.getTime();
  if (existing.state === 'IN_PROGRESS' && leaseExpired) return 'TAKE_OVER';
  if (existing.requestHash !== hash) return 'REUSED';
  return existing.state === 'DONE' ? 'REPLAY' : 'IN_USE';
}
