import { rmSync } from 'node:fs';
import { adminQuery, serverUrl, TEMPLATE_ENV } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  if (serverUrl()) await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  else rmSync(template, { force: true });
}
