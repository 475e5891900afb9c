import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Division } from '../../divisions/entities/division.entity';
import type { PartyType } from '../../catalog/domain/category.types';
import type { Role } from '../domain/roles';

/** An account: a farmer household, a village collective, a company, or a staff member of the centre. */
@Entity('users')
@Check('ck_users_party_type', `"party_type" IN ('PERSON', 'COLLECTIVE', 'ORGANIZATION')`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_users_phone', { unique: true })
  @Column({ type: 'varchar', length: 11 })
  phone: string;

  @Column({ type: 'text' })
  passwordHash: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  partyType: PartyType;

  /** 居民身份证号 (PERSON): one account per person. */
  @Index('uq_users_id_number', { unique: true, where: '"id_number" IS NOT NULL' })
  @Column({ type: 'varchar', length: 18, nullable: true })
  idNumber: string | null;

  /** 统一社会信用代码 (ORGANIZATION, COLLECTIVE): one account per organization. */
  @Index('uq_users_credit_code', { unique: true, where: '"credit_code" IS NOT NULL' })
  @Column({ type: 'varchar', length: 18, nullable: true })
  creditCode: string | null;

  /** The village a COLLECTIVE belongs to (12-digit statistical code). */
  @Column({ type: 'varchar', length: 12, nullable: true })
  villageCode: string | null;

  @ManyToOne(() => Division, { nullable: true })
  @JoinColumn({ name: 'village_code', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_users_village' })
  village?: Division;

  @Column({ type: 'text', array: true })
  roles: Role[];

  /** 住所: written into contracts. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  /** Set by an admin: the account can no longer sign in, and its tokens stop working within a second. */
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
