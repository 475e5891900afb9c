import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Contract } from '../../contracts/entities/contract.entity';
import { Deal } from '../../deals/entities/deal.entity';

/**
 * A transaction certificate (交易鉴证书), issued when a deal settles. Its fields are a snapshot taken at issue (the
 * document never changes afterwards); the verification code is random and checked on the public verify call.
 */
@Entity('certificates')
@Index('uq_certificates_no', ['certificateNo'], { unique: true })
@Index('uq_certificates_deal', ['dealId'], { unique: true })
@Index('uq_certificates_verification_code', ['verificationCode'], { unique: true })
export class Certificate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  certificateNo: string;

  @Column({ type: 'varchar', length: 16 })
  verificationCode: string;

  @Column({ type: 'uuid' })
  dealId: string;

  @ManyToOne(() => Deal)
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_certificates_deal' })
  deal?: Deal;

  @Column({ type: 'uuid' })
  contractId: string;

  @ManyToOne(() => Contract)
  @JoinColumn({ name: 'contract_id', foreignKeyConstraintName: 'fk_certificates_contract' })
  contract?: Contract;

  /** The certificate's fields at issue (parties with masked ids, asset, prices, term, dates). */
  @Column({ type: 'jsonb' })
  fields: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  issuedAt: Date;
}
