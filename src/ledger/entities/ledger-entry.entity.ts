import { Check, Column, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../../common/database/transformers';
import type { LedgerEntryKind } from '../domain/entries';
import { LedgerPosting } from './ledger-posting.entity';

/**
 * A journal entry of the escrow ledger (资金监管分录), DOMAIN.md §3. Append-only: triggers refuse UPDATE, DELETE and
 * TRUNCATE, and a deferred constraint trigger refuses, at commit, an entry whose postings do not sum to zero (see
 * the LedgerGuards migration). A mistake is corrected by a reversing entry, never by an edit.
 */
@Entity('ledger_entries')
@Check(
  'ck_ledger_entries_kind',
  `"kind" IN ('DEPOSIT_RECORDED','DEPOSIT_RELEASED','REFUND_PAID','DEPOSIT_APPLIED','PAYMENT_RECEIVED','SETTLEMENT','PAYOUT','DEPOSIT_FORFEITED','PAYMENT_RETURNED','RETENTION_RELEASED')`,
)
@Index('ix_ledger_entries_registration', ['registrationId'])
@Index('ix_ledger_entries_deal', ['dealId'])
export class LedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Posting order (an identity column): lists and the invariant check follow it. */
  @Index('uq_ledger_entries_seq', { unique: true })
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS', transformer: bigintNumber })
  seq: number;

  @Column({ type: 'varchar', length: 24 })
  kind: LedgerEntryKind;

  @Column({ type: 'uuid', nullable: true })
  registrationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  dealId: string | null;

  /** The user (a clerk, or null for the platform itself) whose action booked the entry. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @OneToMany(() => LedgerPosting, (posting) => posting.entry)
  postings?: LedgerPosting[];
}
