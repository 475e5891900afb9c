import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { Certificate } from '../../certificates/entities/certificate.entity';
import { bigintNumber } from '../../common/database/transformers';
import type { MortgageStatus } from '../domain/mortgage-rules';

/**
 * A mortgage (抵押) a lender registers on a right held under a transaction certificate (DOMAIN.md §2 step 13). The
 * holder is the certificate's buyer. A lender holds at most one open (APPLIED or REGISTERED) mortgage on a
 * certificate; other lenders may hold theirs. Times are on the platform clock.
 */
@Entity('mortgages')
@Check('ck_mortgages_status', `"status" IN ('APPLIED', 'REGISTERED', 'REFUSED', 'RELEASED')`)
@Check('ck_mortgages_principal', `"principal_fen" > 0`)
@Check('ck_mortgages_term', `"term_months" BETWEEN 1 AND 600`)
@Index('ix_mortgages_certificate', ['certificateId', 'status'])
@Index('ix_mortgages_lender', ['lenderId', 'appliedAt'])
@Index('ix_mortgages_holder', ['holderId'])
@Index('ix_mortgages_status', ['status', 'appliedAt'])
@Index('uq_mortgages_open_per_lender', ['certificateId', 'lenderId'], {
  unique: true,
  where: `"status" IN ('APPLIED', 'REGISTERED')`,
})
export class Mortgage {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_mortgages' })
  id: string;

  @Column({ type: 'uuid' })
  certificateId: string;

  @ManyToOne(() => Certificate)
  @JoinColumn({ name: 'certificate_id', foreignKeyConstraintName: 'fk_mortgages_certificate' })
  certificate?: Certificate;

  /** The bank (抵押权人): an ORGANIZATION account with the `lender` role. */
  @Column({ type: 'uuid' })
  lenderId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'lender_id', foreignKeyConstraintName: 'fk_mortgages_lender' })
  lender?: User;

  /** The holder of the right (抵押人): the certificate's buyer. */
  @Column({ type: 'uuid' })
  holderId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'holder_id', foreignKeyConstraintName: 'fk_mortgages_holder' })
  holder?: User;

  @Column({ type: 'varchar', length: 16 })
  status: MortgageStatus;

  /** The loan's principal the right secures (被担保主债权数额), fen. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  principalFen: number;

  /** The loan's term in months (1..600). */
  @Column({ type: 'int' })
  termMonths: number;

  @Column({ type: 'timestamptz' })
  appliedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  registeredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  refusedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  refusalReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt: Date | null;
}
