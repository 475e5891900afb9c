import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { DivisionRow, parseDivisionCsv } from './domain/division-csv';
import { Division } from './entities/division.entity';

@Injectable()
export class DivisionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Children of `parent` (or the top level), ordered by code. */
  children(parent?: string): Promise<Division[]> {
    return this.dataSource.getRepository(Division).find({
      where: { parentCode: parent ?? IsNull() },
      order: { code: 'ASC' },
    });
  }

  /** Every township loaded (the centre's county), ordered by code: the notice board's 乡镇 filter. */
  townships(): Promise<Division[]> {
    return this.dataSource.getRepository(Division).find({ where: { level: 'township' }, order: { code: 'ASC' } });
  }

  async findVillage(code: string, em: EntityManager = this.dataSource.manager): Promise<Division | null> {
    return em.getRepository(Division).findOneBy({ code, level: 'village' });
  }

  /** Upserts the rows of a divisions CSV (idempotent); refuses the whole file if any row is wrong. */
  async importCsv(text: string): Promise<number> {
    const { rows, problems } = parseDivisionCsv(text);
    if (problems.length > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        {},
        problems.map((message) => ({ field: 'csv', message })),
      );
    }
    await this.dataSource.transaction((em) => this.upsert(em, rows));
    return rows.length;
  }

  private async upsert(em: EntityManager, rows: DivisionRow[]): Promise<void> {
    const batch = 500;
    for (let i = 0; i < rows.length; i += batch) {
      await em
        .createQueryBuilder()
        .insert()
        .into(Division)
        .values(rows.slice(i, i + batch))
        .orUpdate(['name', 'level', 'parent_code'], ['code'])
        .execute();
    }
  }
}
