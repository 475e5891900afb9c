import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { bigintNumber } from '../../common/database/transformers';
import { Deal } from '../../deals/entities/deal.entity';

export type ContractStatus = 'AWAITING_SIGNATURES' | 'SIGNED' | 'IN_FORCE' | 'COMPLETED';
export type ContractParty = 'SELLER' | 'BUYER';

/**
 * A deal's contract (交易合同), generated from its category's template and transfer mode. The money terms (deposit
 * applied, both fees, the instalments) are fixed when it is generated; the SELLER is the paid party and the BUYER the
 * paying party (flipped for AGRI_PROJECT, where the listing collective buys). One contract per deal.
 * AWAITING_SIGNATURES → SIGNED (both signed) → IN_FORCE (the first instalment settled) → COMPLETED (every instalment
 * settled and any retention released).
 */
@Entity('contracts')
@Index('uq_contracts_deal', ['dealId'], { unique: true })
@Index('uq_contracts_contract_no', ['contractNo'], { unique: true })
@Check('ck_contracts_status', `"status" IN ('AWAITING_SIGNATURES', 'SIGNED', 'IN_FORCE', 'COMPLETED')`)
@Check('ck_contracts_money', `"deposit_applied_fen" >= 0 AND "buyer_fee_fen" >= 0 AND "seller_fee_fen" >= 0`)
export class Contract {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  contractNo: string;

  @Column({ type: 'uuid' })
  dealId: string;

  @ManyToOne(() => Deal)
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_contracts_deal' })
  deal?: Deal;

  /** The paid party (出让方; the supplier of an AGRI_PROJECT). */
  @Column({ type: 'uuid' })
  sellerId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'seller_id', foreignKeyConstraintName: 'fk_contracts_seller' })
  seller?: User;

  /** The paying party (受让方; the purchasing collective of an AGRI_PROJECT). */
  @Column({ type: 'uuid' })
  buyerId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'buyer_id', foreignKeyConstraintName: 'fk_contracts_buyer' })
  buyer?: User;

  @Column({ type: 'jsonb' })
  terms: Record<string, unknown>;

  @Column({ type: 'text' })
  textZh: string;

  /** The public copy (公开文本): the same contract with ID numbers, credit codes and phones masked. */
  @Column({ type: 'jsonb' })
  publicTerms: Record<string, unknown>;

  @Column({ type: 'text' })
  publicTextZh: string;

  @Column({ type: 'varchar', length: 24 })
  status: ContractStatus;

  @Column({ type: 'bigint', transformer: bigintNumber })
  totalPriceFen: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  depositAppliedFen: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  buyerFeeFen: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  sellerFeeFen: number;

  /** Both parties should sign by then (SIGNING_WORKING_DAYS); the clerk judges a default. */
  @Column({ type: 'timestamptz' })
  signBy: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sellerSignedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  buyerSignedAt: Date | null;

  /** 交付日: the term's first day (the clerk's `handoverOn`, default the day after the deal's confirmation). */
  @Column({ type: 'date' })
  handoverOn: string;

  @Column({ type: 'date' })
  startsOn: string;

  /** The term's last day (the day before its `termYears`-th anniversary); null without a term. */
  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  /** What the text was rendered from (without signatures), so that a signature can be written into it. */
  @Column({ type: 'jsonb', nullable: true })
  renderInput: Record<string, unknown> | null;

  /** The address each party gave when signing (住所), written into the text. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sellerSignAddress: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  buyerSignAddress: string | null;

  /** AGRI_PROJECT: acceptance (验收) by the purchasing collective, then countersigned by a clerk. */
  @Column({ type: 'timestamptz', nullable: true })
  purchaserAcceptedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  clerkAcceptedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  acceptanceNote: string | null;

  /** AGRI_PROJECT: the retention (质保金) withheld at the balance's settlement, and the warranty it waits for. */
  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  retentionFen: number;

  @Column({ type: 'int', nullable: true })
  warrantyMonths: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  retentionReleasedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
