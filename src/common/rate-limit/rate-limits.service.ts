import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runStatement } from '../database/affected-rows';
import { DomainError } from '../errors/domain-error';

/** One limit an attempt counts against: at most `limit` events of `scope` for `subject` in the window. */
export interface RateCounter {
  scope: string;
  subject: string;
  limit: number;
}

/** The events an attempt recorded: forget them when the attempt should not count (a login that succeeded). */
export interface RateTicket {
  ids: string[];
}

/** The longest scope or subject stored; longer ones are cut (an IP or phone never is). */
const MAX_SCOPE = 32;
const MAX_SUBJECT = 64;

/**
 * Sliding-window limits kept in the database (`rate_events`), so every instance shares the count. An attempt is
 * recorded *before* it is checked and counted after, so parallel attempts cannot all slip under a limit; a refused
 * attempt is forgotten at once (waiting out `Retry-After` is enough), and the caller forgets an attempt that should
 * not count (a successful login, a failed registration).
 */
@Injectable()
export class RateLimitsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records one event per counter, or refuses with `429 RATE_LIMITED` (and `Retry-After`) if any is over. */
  async attempt(counters: RateCounter[], windowSeconds: number): Promise<RateTicket> {
    const scopes = counters.map((c) => c.scope.slice(0, MAX_SCOPE));
    const subjects = counters.map((c) => c.subject.slice(0, MAX_SUBJECT));
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO rate_events (scope, subject) SELECT * FROM unnest($1::varchar[], $2::varchar[]) RETURNING id`,
      [scopes, subjects],
    );
    const ticket = { ids: inserted.map((r) => String(r.id)) };
    const counts: { n: number; oldest: number; now: number }[] = await this.dataSource.query(
      `SELECT c.i, count(e.id)::int AS n, extract(epoch FROM min(e.occurred_at))::float8 AS oldest,
              extract(epoch FROM now())::float8 AS now
       FROM unnest($1::varchar[], $2::varchar[]) WITH ORDINALITY AS c(scope, subject, i)
       LEFT JOIN rate_events e ON e.scope = c.scope AND e.subject = c.subject
         AND e.occurred_at > now() - make_interval(secs => $3)
       GROUP BY c.i ORDER BY c.i`,
      [scopes, subjects, windowSeconds],
    );
    const over = counts.findIndex((row, i) => row.n > counters[i].limit);
    if (over >= 0) {
      await this.forget(ticket);
      const { oldest, now } = counts[over];
      throw new DomainError('RATE_LIMITED', { retryAfter: Math.max(1, Math.ceil(oldest + windowSeconds - now)) });
    }
    return ticket;
  }

  /** Removes an attempt's events: it no longer counts. */
  async forget(ticket: RateTicket): Promise<void> {
    if (ticket.ids.length === 0) return;
    await this.dataSource.query(`DELETE FROM rate_events WHERE id = ANY($1::bigint[])`, [ticket.ids]);
  }

  /** Deletes events older than `olderThanSeconds` (housekeeping); returns how many. */
  async purge(olderThanSeconds: number): Promise<number> {
    const { affected } = await runStatement(
      this.dataSource,
      `DELETE FROM rate_events WHERE occurred_at < now() - make_interval(secs => $1)`,
      [olderThanSeconds],
    );
    return affected;
  }
}
