import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../accounts/entities/user.entity';

/**
 * A year's State Council holiday notice as the centre's admin entered it (overrides the package's data).
 * `CalendarService` reads the dates as `text[]` (the driver would turn a `date[]` into local-time Dates).
 */
@Entity('calendar_years')
export class CalendarYear {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_calendar_years' })
  year: number;

  /** Days off (YYYY-MM-DD). */
  @Column({ type: 'date', array: true, default: () => "'{}'" })
  holidays: string[];

  /** Make-up workdays (调休上班), weekend days that are worked. */
  @Column({ type: 'date', array: true, default: () => "'{}'" })
  workdays: string[];

  @Column({ type: 'uuid' })
  updatedBy: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_calendar_years_updated_by' })
  updater?: User;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
