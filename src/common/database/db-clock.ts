import { EntityManager } from 'typeorm';

/** The database clock (the start of the current transaction): the only authority for deadlines (API.md). */
export async function dbNow(em: EntityManager): Promise<Date> {
  const [{ now }] = (await em.query('SELECT now() AS now')) as { now: Date | string }[];
  return new Date(now);
}

/**
 * The database clock at this moment (`clock_timestamp()`), for a deadline checked after waiting for a lock: the
 * transaction may have started before the deadline and reached the decision after it.
 */
export async function dbClock(em: EntityManager): Promise<Date> {
  const [{ now }] = (await em.query('SELECT clock_timestamp() AS now')) as { now: Date | string }[];
  return new Date(now);
}
