import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../../common/database/transformers';

/**
 * One line of the append-only audit trail. `seq`, `occurredAt`, `prevHash` and `hash` are set by a database
 * trigger that chains each entry to the previous one; other triggers refuse UPDATE, DELETE and TRUNCATE.
 */
@Entity('audit_entries')
@Index('ix_audit_entries_entity', ['entityType', 'entityId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_audit_entries_seq', { unique: true })
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  seq: number;

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
