import { EntityManager } from 'typeorm';

/**
 * The platform clock (API.md): the database clock plus the offset a test clock may have moved it by (the
 * `platform_offset` row; see the PlatformClock migration). It is the only authority for deadlines, tickers,
 * working-day counts and `serverTime`. In SQL, `platform_now()` and `platform_clock()`.
 */

/** The platform clock at the start of the current transaction (`platform_now()`). */
export async function platformNow(em: EntityManager): Promise<Date> {
  const [{ now }] = (await em.query('SELECT platform_now() AS now')) as { now: Date | string }[];
  return new Date(now);
}

/**
 * The platform clock at this moment (`platform_clock()`), for a deadline checked after waiting for a lock: the
 * transaction may have started before the deadline and reached the decision after it.
 */
export async function platformClock(em: EntityManager): Promise<Date> {
  const [{ now }] = (await em.query('SELECT platform_clock() AS now')) as { now: Date | string }[];
  return new Date(now);
}
