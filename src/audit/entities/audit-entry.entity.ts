import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../../common/database/transformers';

/**
 * One line of the append-only audit trail. `seq` (the trail's order), `stream`, `streamSeq`, `occurredAt`,
 * `prevHash` and `hash` are set by a database trigger that chains each entry to the previous one of its stream (one
 * of 64 chains; see the AuditStreams migration); other triggers refuse UPDATE, DELETE and TRUNCATE.
 */
@Entity('audit_entries')
@Index('ix_audit_entries_entity', ['entityType', 'entityId'])
@Index('uq_audit_entries_stream_seq', ['stream', 'streamSeq'], { unique: true })
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_audit_entries_seq', { unique: true })
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  seq: number;

  /** The hash chain the entry belongs to (0-63) and its position in it (1, 2, 3... without gaps). */
  @Column({ type: 'smallint', default: 0 })
  stream: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  streamSeq: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  entityType: string;

  @Column({ type: 'varchar', length: 64 })
  entityId: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  fromStatus: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  toStatus: string | null;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @Column({ type: 'char', length: 64, default: '' })
  prevHash: string;

  @Column({ type: 'char', length: 64, default: '' })
  hash: string;
}
