import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { EnvironmentVariables, validateEnvironment } from './app-config';

/** The validated configuration plus what was resolved at start (database URL, JWT secret). */
export class AppConfig extends EnvironmentVariables {
  databaseUrl: string;
  /** true when running on the embedded PGlite database under DATA_DIR. */
  embedded: boolean;
  jwtSecret: string;
  seedDemo: boolean;
  /** The interface the server listens on (HOST, else 127.0.0.1 embedded and 0.0.0.0 with DATABASE_URL). */
  host: string;
  jwtIssuer = 'nongjiao';
  jwtAudience = 'nongjiao-api';
}

export interface Runtime {
  config: AppConfig;
  /** Stops what `prepareRuntime` started (the embedded database). */
  stop(): Promise<void>;
}

/** In embedded mode the JWT secret is generated once and kept under DATA_DIR, so tokens survive a restart. */
function embeddedJwtSecret(dataDir: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'jwt-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export function buildConfig(
  env: EnvironmentVariables,
  databaseUrl: string,
  embedded: boolean,
  jwtSecret: string,
): AppConfig {
  const config = Object.assign(new AppConfig(), env);
  config.databaseUrl = databaseUrl;
  config.embedded = embedded;
  config.jwtSecret = jwtSecret;
  config.seedDemo = env.SEED_DEMO ?? embedded;
  config.host = env.HOST ?? (embedded ? '127.0.0.1' : '0.0.0.0');
  return config;
}

/** Validates the environment and, without DATABASE_URL, starts the embedded database under DATA_DIR. */
export async function prepareRuntime(processEnv: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const env = validateEnvironment(processEnv);
  if (env.DATABASE_URL) {
    return {
      config: buildConfig(env, env.DATABASE_URL, false, env.JWT_SECRET as string),
      stop: async () => undefined,
    };
  }
  const jwtSecret = env.JWT_SECRET ?? embeddedJwtSecret(env.DATA_DIR);
  const embedded = await startEmbeddedPostgres({ dataDir: env.DATA_DIR });
  return { config: buildConfig(env, embedded.url, true, jwtSecret), stop: () => embedded.stop() };
}
