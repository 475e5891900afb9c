import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dumpEmbeddedDatabase } from '../../src/database/embedded-postgres';
import { adminQuery, embeddedTemplatePath, serverUrl, TEMPLATE_ENV, withDatabase } from './test-database';
import { bootApp } from './test-app';

/** Makes the migrated template (schema + reference data) that every test file's fresh database is cloned from. */
export default async function globalSetup(): Promise<void> {
  const prepare = async (url: string): Promise<void> => {
    const app = await bootApp(url);
    await app.close();
  };
  const server = serverUrl();
  if (server) {
    const name = `nongjiao_tpl_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    await prepare(withDatabase(server, name));
    process.env[TEMPLATE_ENV] = name;
    return;
  }
  const dump = await dumpEmbeddedDatabase(prepare);
  const path = embeddedTemplatePath().replace(/\.tar$/, `-${process.pid}.tar`);
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  process.env[TEMPLATE_ENV] = path;
}
