import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../../common/database/transformers';
import { LedgerEntry } from '../../ledger/entities/ledger-entry.entity';
import { Contract } from './contract.entity';

/** A payment of the paying party received on the escrow account (价款到账), from the bank statement. */
@Entity('contract_payments')
@Index('ix_contract_payments_contract', ['contractId', 'receivedAt'])
@Check('ck_contract_payments_amount', `"amount_fen" > 0`)
export class ContractPayment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contractId: string;

  @ManyToOne(() => Contract)
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contract_payments_contract' })
  contract?: Contract;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amountFen: number;

  /** The bank statement's reference of the transfer. */
  @Column({ type: 'varchar', length: 64 })
  bankRef: string;

  /** The PAYMENT_RECEIVED entry that books it. */
  @Column({ type: 'uuid' })
  ledgerEntryId: string;

  @ManyToOne(() => LedgerEntry)
  @JoinColumn({ name: 'ledger_entry_id', foreignKeyConstraintName: 'fk_contract_payments_entry' })
  ledgerEntry?: LedgerEntry;

  @Column({ type: 'uuid' })
  recordedBy: string;

  /** When it was received, on the platform clock (payments fill the instalments in this order). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
