import { DataSource, EntityManager, QueryResult } from 'typeorm';

/**
 * Runs one statement and answers its rows and affected-row count (`em.query` answers `[rows, count]` for an UPDATE
 * or DELETE and plain rows otherwise; this answers both the same way). On a transaction's manager it runs in that
 * transaction; on the DataSource, alone (autocommit) on a pooled connection.
 */
export async function runStatement<T = unknown>(
  on: DataSource | EntityManager,
  sql: string,
  params: unknown[],
): Promise<{ records: T[]; affected: number }> {
  const inTransaction = on instanceof EntityManager ? on.queryRunner : undefined;
  const runner = inTransaction ?? (on instanceof EntityManager ? on.connection : on).createQueryRunner();
  try {
    const result = (await runner.query(sql, params, true)) as QueryResult<T>;
    return { records: result.records ?? [], affected: result.affected ?? 0 };
  } finally {
    if (!inTransaction) await runner.release();
  }
}
