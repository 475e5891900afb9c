import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A periodic job shared by every instance: the instance whose conditional UPDATE moves `next_run_at` forward runs
 * it (exactly once across instances); the row keeps its last run for `/health`.
 */
@Entity('scheduled_jobs')
export class ScheduledJob {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_scheduled_jobs' })
  name: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextRunAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastStartedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastFinishedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** How many runs have started, across all instances. */
  @Column({ type: 'int', default: 0 })
  runs: number;

  /** What the last run did (e.g. rows purged per table). */
  @Column({ type: 'jsonb', nullable: true })
  lastResult: Record<string, unknown> | null;
}
