import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { IdempotencyState } from '../domain/idempotency-decision';

/**
 * One Idempotency-Key (幂等键) of one user on one endpoint: claimed (`IN_PROGRESS`) while its first request runs,
 * then `DONE` with the response to replay. Failed attempts leave no row. Written with plain SQL by
 * IdempotencyService, outside the use case's transaction; rows older than the retention period may be purged.
 */
@Entity('idempotency_keys')
@Check('ck_idempotency_keys_state', `"state" IN ('IN_PROGRESS', 'DONE')`)
@Check('ck_idempotency_keys_done_response', `"state" <> 'DONE' OR "response_status" IS NOT NULL`)
@Index('ix_idempotency_keys_created', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_idempotency_keys' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'pk_idempotency_keys' })
  method: string;

  /** The request path without its query string (e.g. `/api/v1/listings/<id>/auction/bids`). */
  @PrimaryColumn({ type: 'varchar', length: 512, primaryKeyConstraintName: 'pk_idempotency_keys' })
  path: string;

  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_idempotency_keys' })
  key: string;

  /** sha256 (hex) of the canonical JSON of the request body. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'varchar', length: 16 })
  state: IdempotencyState;

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody: unknown;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** While `IN_PROGRESS`: the end of the claim's lease; a claim past it may be taken over. Also the claim's token. */
  @Column({ type: 'timestamptz' })
  lockedUntil: Date;
}
