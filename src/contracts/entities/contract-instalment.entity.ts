import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '../../common/database/transformers';
import type { InstalmentKind } from '../domain/instalments';
import { Contract } from './contract.entity';

/**
 * One instalment of a contract's payment schedule (`planInstalments`): a year's rent, a procurement's advance or
 * balance, or the whole price. Its money is fixed at generation; its state (paid, late fee, status) is computed from
 * the payments (`scheduleState`); settling it books its fees and pays the payee, and fixes its late fee.
 */
@Entity('contract_instalments')
@Index('uq_contract_instalments_no', ['contractId', 'no'], { unique: true })
@Check('ck_contract_instalments_kind', `"kind" IN ('PRICE', 'RENT', 'ADVANCE', 'BALANCE')`)
export class ContractInstalment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contract_instalments' })
  id: string;

  @Column({ type: 'uuid' })
  contractId: string;

  @ManyToOne(() => Contract)
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_contract_instalments_contract' })
  contract?: Contract;

  @Column({ type: 'int' })
  no: number;

  @Column({ type: 'varchar', length: 16 })
  kind: InstalmentKind;

  /** Null for a procurement's balance until the works are accepted. */
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amountFen: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  buyerFeeFen: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  sellerFeeFen: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  retentionFen: number;

  /** The late fee it was settled with (null until settled). */
  @Column({ type: 'bigint', transformer: bigintNumber, nullable: true })
  lateFeeFen: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  settledAt: Date | null;
}
