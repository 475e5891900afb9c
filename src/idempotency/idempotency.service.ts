import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { heldKey } from './idempotency-context';
import { runStatement } from '../common/database/affected-rows';
import {
  decide,
  IDEMPOTENCY_LEASE_SECONDS,
  IDEMPOTENCY_RETENTION_DAYS,
  IdempotencyState,
} from './domain/idempotency-decision';

/** Where a key lives: one user's key on one endpoint (method and path without query string). */
export interface IdempotencyScope {
  userId: string;
  method: string;
  path: string;
  key: string;
}

/** A key this request holds. `lease` is the claim's `locked_until` as text: it fences our later writes. */
export interface IdempotencyClaim extends IdempotencyScope {
  lease: string;
}

export type ClaimOutcome =
  | { kind: 'RUN'; claim: IdempotencyClaim }
  | { kind: 'REPLAY'; status: number; body: unknown }
  | { kind: 'REUSED' }
  | { kind: 'IN_USE' };

interface StoredRow {
  state: IdempotencyState;
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
  locked_until: Date;
  now: Date;
}

/** A claim lost to another request between two statements is retried this many times before answering IN_USE. */
const MAX_CLAIM_ATTEMPTS = 3;

const SAME_KEY = 'user_id = $1 AND method = $2 AND path = $3 AND key = $4';

/**
 * The `idempotency_keys` table. Every statement runs alone (autocommit) on the DataSource, never inside the use
 * case's transaction and never holding one open: with the embedded database's single connection, a transaction
 * waiting on another query would deadlock (FACTS.md).
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims the key for a request whose body fingerprint is `hash`, or says why not: the stored response to replay,
   * a reused key, or a claim still running. The primary key makes the INSERT the arbiter between concurrent requests.
   */
  async claim(scope: IdempotencyScope, hash: string): Promise<ClaimOutcome> {
    const key = this.keyOf(scope);
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const { records: inserted } = await this.run<{ lease: string }>(
        `INSERT INTO idempotency_keys (user_id, method, path, key, request_hash, state, locked_until)
         VALUES ($1, $2, $3, $4, $5, 'IN_PROGRESS', now() + make_interval(secs => $6))
         ON CONFLICT (user_id, method, path, key) DO NOTHING
         RETURNING locked_until::text AS lease`,
        [...key, hash, IDEMPOTENCY_LEASE_SECONDS],
      );
      if (inserted[0]) return { kind: 'RUN', claim: { ...scope, lease: inserted[0].lease } };

      const { records } = await this.run<StoredRow>(
        `SELECT state, request_hash, response_status, response_body, locked_until, now() AS now
         FROM idempotency_keys WHERE ${SAME_KEY}`,
        key,
      );
      const row = records[0] ?? null;
      const stored = row && { state: row.state, requestHash: row.request_hash, lockedUntil: row.locked_until };
      switch (decide(stored, hash, row?.now ?? new Date())) {
        case 'RUN':
          continue; // the row went away (its attempt failed): claim again
        case 'TAKE_OVER': {
          const { records: taken } = await this.run<{ lease: string }>(
            `UPDATE idempotency_keys
             SET request_hash = $5, locked_until = now() + make_interval(secs => $6), created_at = now()
             WHERE ${SAME_KEY} AND state = 'IN_PROGRESS' AND locked_until <= now()
             RETURNING locked_until::text AS lease`,
            [...key, hash, IDEMPOTENCY_LEASE_SECONDS],
          );
          if (taken[0]) {
            this.logger.warn({ ...scope }, 'took over an abandoned idempotency claim');
            return { kind: 'RUN', claim: { ...scope, lease: taken[0].lease } };
          }
          continue; // someone else took it over or finished it first: look again
        }
        case 'REPLAY': // a DONE row always has a status (ck_idempotency_keys_done_response)
          return { kind: 'REPLAY', status: row?.response_status ?? 200, body: row?.response_body ?? null };
        case 'REUSED':
          return { kind: 'REUSED' };
        case 'IN_USE':
          return { kind: 'IN_USE' };
      }
    }
    return { kind: 'IN_USE' };
  }

  /**
   * Records `body` as the response of the key the current request holds, inside the use case's transaction `em`:
   * the key is DONE exactly when the effect commits. Fenced by the claim's lease: if another request took the key
   * over (this one outlived its lease), the UPDATE finds nothing and the whole transaction is refused with
   * `409 IDEMPOTENCY_KEY_IN_USE`, so the effect happens once. Without a held key (no header) it does nothing.
   */
  async recordWithin(em: EntityManager, body: unknown): Promise<void> {
    const held = heldKey();
    if (!held || held.recorded) return;
    const { affected } = await runStatement(
      em,
      `UPDATE idempotency_keys SET state = 'DONE', response_status = $6, response_body = $7::jsonb
       WHERE ${SAME_KEY} AND state = 'IN_PROGRESS' AND locked_until = $5::timestamptz`,
      [...this.keyOf(held.claim), held.claim.lease, held.status, JSON.stringify(body) ?? null],
    );
    if (affected !== 1) throw new DomainError('IDEMPOTENCY_KEY_IN_USE');
    held.recorded = true;
  }

  /**
   * Stores the successful response of a claimed key whose use case did not record it in its transaction. Never
   * throws: the change is already committed, so the response must still reach the client; a key left IN_PROGRESS is
   * taken over when its lease ends.
   */
  async complete(claim: IdempotencyClaim, status: number, body: unknown): Promise<void> {
    try {
      const { affected } = await this.run(
        `UPDATE idempotency_keys SET state = 'DONE', response_status = $6, response_body = $7::jsonb
         WHERE ${SAME_KEY} AND state = 'IN_PROGRESS' AND locked_until = $5::timestamptz`,
        [...this.keyOf(claim), claim.lease, status, JSON.stringify(body) ?? null],
      );
      if (affected !== 1) this.logger.warn({ ...claim }, 'idempotency claim lost before its response was stored');
    } catch (err) {
      this.logger.error({ err, ...claim }, 'could not store the response of an idempotent request');
    }
  }

  /** Drops a claim whose request failed (failed attempts are not kept), so a corrected retry runs. Never throws. */
  async release(claim: IdempotencyClaim): Promise<void> {
    try {
      await this.run(
        `DELETE FROM idempotency_keys
         WHERE ${SAME_KEY} AND state = 'IN_PROGRESS' AND locked_until = $5::timestamptz`,
        [...this.keyOf(claim), claim.lease],
      );
    } catch (err) {
      this.logger.error({ err, ...claim }, 'could not release an idempotency claim');
    }
  }

  /** Deletes keys older than the retention period (7 days); returns how many. Not scheduled here. */
  async purgeExpired(): Promise<number> {
    const { affected } = await this.run(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => $1)`,
      [IDEMPOTENCY_RETENTION_DAYS],
    );
    return affected;
  }

  private keyOf(scope: IdempotencyScope): string[] {
    return [scope.userId, scope.method, scope.path, scope.key];
  }

  /** One statement on its own pooled connection, with its rows and affected count. */
  private run<T = unknown>(sql: string, params: unknown[]): Promise<{ records: T[]; affected: number }> {
    return runStatement<T>(this.dataSource, sql, params);
  }
}
