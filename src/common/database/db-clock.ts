import { EntityManager } from 'typeorm';

/** The database clock (the start of the current transaction): the only authority for deadlines (API.md). */
export async function dbNow(em: EntityManager): Promise<Date> {
  const [{ now }] = (await em.query('SELECT now() AS now')) as { now: Date | string }[];
  return new Date(now);
}
