import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../../common/database/transformers';
import { LedgerEntry } from './ledger-entry.entity';

/**
 * One line of a journal entry: `amountFen` > 0 debits `account`, < 0 credits it (never 0). An account's balance is
 * the sum of its postings; there is no balance table to drift.
 */
@Entity('ledger_postings')
@Check('ck_ledger_postings_amount', `"amount_fen" <> 0`)
@Index('ix_ledger_postings_account', ['account'])
@Index('ix_ledger_postings_entry', ['entryId'])
export class LedgerPosting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  entryId: string;

  @ManyToOne(() => LedgerEntry, (entry) => entry.postings)
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'fk_ledger_postings_entry' })
  entry?: LedgerEntry;

  /** An account code: `BANK`, `FEE_INCOME`, or `<KIND>:<registrationId or dealId>`. */
  @Column({ type: 'varchar', length: 80 })
  account: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amountFen: number;
}
