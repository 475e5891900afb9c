import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { Deal } from './deal.entity';

export type ObjectionStatus = 'OPEN' | 'UPHELD' | 'REJECTED';

/** An objection to a deal in publicity (成交公示异议), raised by any signed-in user and resolved by a clerk. */
@Entity('deal_objections')
@Index('ix_deal_objections_deal', ['dealId', 'status'])
@Index('uq_deal_objections_open_per_user', ['dealId', 'raisedBy'], { unique: true, where: `"status" = 'OPEN'` })
@Check('ck_deal_objections_status', `"status" IN ('OPEN', 'UPHELD', 'REJECTED')`)
export class DealObjection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  dealId: string;

  @ManyToOne(() => Deal)
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_deal_objections_deal' })
  deal?: Deal;

  @Column({ type: 'uuid' })
  raisedBy: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'raised_by', foreignKeyConstraintName: 'fk_deal_objections_raised_by' })
  raiser?: User;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  status: ObjectionStatus;

  @Column({ type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'text', nullable: true })
  resolutionComment: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
