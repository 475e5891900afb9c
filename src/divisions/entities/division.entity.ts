import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DivisionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

/** An administrative division by its statistical code (统计用区划代码): county 6 digits, township 9, village 12. */
@Entity('divisions')
@Index('ix_divisions_parent', ['parentCode'])
export class Division {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: DivisionLevel;

  @Column({ type: 'varchar', length: 12, nullable: true })
  parentCode: string | null;
}
