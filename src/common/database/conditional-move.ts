import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DomainError } from '../errors/domain-error';

/**
 * Moves a row from status `from` to `to` with one conditional `UPDATE … WHERE id = $1 AND status = $2` and asserts
 * the row count (STYLE.md §2): if another transaction moved the row first, this one gets `409 INVALID_STATE`
 * instead of overwriting it. `patch` sets other columns in the same statement.
 */
export async function moveStatus<E extends ObjectLiteral & { id: string; status: string }>(
  em: EntityManager,
  entity: EntityTarget<E>,
  row: Pick<E, 'id' | 'status'>,
  to: E['status'],
  patch: QueryDeepPartialEntity<E> = {},
): Promise<void> {
  const result = await em
    .createQueryBuilder()
    .update(entity)
    .set({ ...patch, status: to } as QueryDeepPartialEntity<E>)
    .where('id = :id AND status = :from', { id: row.id, from: row.status })
    .execute();
  if (result.affected !== 1) throw new DomainError('INVALID_STATE');
}
