import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../../src/config/app-config';
import { buildConfig } from '../../src/config/runtime';
import { createApp } from '../../src/bootstrap';
import { Given } from './given';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';
export const TEST_ADMIN = { phone: '13999999999', password: 'Admin-password-1' };

/** The environment every test app starts with; a test file may override any variable. */
const BASE_ENV: Record<string, string> = {
  JWT_SECRET: TEST_JWT_SECRET,
  LOG_LEVEL: 'silent',
  SEED_DEMO: 'false',
  ADMIN_PHONE: TEST_ADMIN.phone,
  ADMIN_PASSWORD: TEST_ADMIN.password,
  ANNOUNCEMENT_MIN_WORKING_DAYS: '0',
  PUBLICITY_WORKING_DAYS: '0',
  BIDS_PER_SECOND_PER_BIDDER: '1000', // the rate-limit test sets its own
  REGISTRATIONS_PER_IP_PER_HOUR: '1000000', // every test user registers from 127.0.0.1; the limit's test sets its own
};

/** Boots the real application (same stack as `npm start`) on `url`. */
export async function bootApp(
  url: string,
  env: Record<string, string | undefined> = {},
  embedded = !process.env.DATABASE_URL,
): Promise<NestExpressApplication> {
  const validated = validateEnvironment({ ...BASE_ENV, ...env, DATABASE_URL: url });
  const config = buildConfig(validated, url, embedded, validated.JWT_SECRET as string);
  const app = await createApp(config);
  await app.init();
  return app;
}

export interface TestContext {
  app: NestExpressApplication;
  http: TestAgent;
  db: DataSource;
  given: Given;
  database: TestDatabase;
  close(): Promise<void>;
}

/** A test file's application on its own fresh database (cloned from the migrated template). */
export async function createTestApp(env: Record<string, string | undefined> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'nongjiao-test-'));
  try {
    const app = await bootApp(database.url, { DATA_DIR: dataDir, ...env }, database.embedded);
    const http = request(app.getHttpServer());
    const db = app.get<DataSource>(getDataSourceToken());
    return {
      app,
      http,
      db,
      database,
      given: new Given(http),
      async close() {
        await app.close();
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
