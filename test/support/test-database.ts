import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * A fresh database for one test file.
 * - With DATABASE_URL (a real PostgreSQL server): `CREATE DATABASE ... TEMPLATE` of the migrated template that the
 *   global setup made (0.15 s), dropped at the end.
 * - Without: an in-memory embedded PostgreSQL loaded from the migrated template tarball of the global setup.
 */
export interface TestDatabase {
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}

export const TEMPLATE_ENV = 'NONGJIAO_TEST_TEMPLATE';

export function serverUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function embeddedTemplatePath(): string {
  return process.env[TEMPLATE_ENV] ?? join(tmpdir(), 'nongjiao-test-template.tar');
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = serverUrl();
  if (server) {
    const template = process.env[TEMPLATE_ENV];
    if (!template) throw new Error(`${TEMPLATE_ENV} is not set: run the tests through jest (global setup)`);
    const name = `nongjiao_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    return {
      url: withDatabase(server, name),
      embedded: false,
      drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const dump = readFileSync(embeddedTemplatePath());
  const db = await startEmbeddedPostgres({ loadFrom: new Blob([dump]) });
  return { url: db.url, embedded: true, drop: () => db.stop() };
}
