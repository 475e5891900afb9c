import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A failed login, counted per phone and per IP over a sliding window (rate limit shared by all instances). */
@Entity('login_failures')
@Index('ix_login_failures_phone', ['phone', 'occurredAt'])
@Index('ix_login_failures_ip', ['ip', 'occurredAt'])
export class LoginFailure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  phone: string;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
