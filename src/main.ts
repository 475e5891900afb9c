import 'reflect-metadata';
import { ConfigError } from './config/app-config';
import { prepareRuntime, Runtime } from './config/runtime';
import { createApp } from './bootstrap';
import { StartupService } from './startup.service';
import { DEMO_PASSWORD } from '../seeds/demo.seed';

async function main(): Promise<void> {
  let runtime: Runtime;
  try {
    runtime = await prepareRuntime();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const { config } = runtime;
  const app = await createApp(config);
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: closing`);
    await app.close();
    await runtime.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.listen(config.PORT, config.host);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost');
  const demo = app.get(StartupService).demoAccounts;
  const lines = [
    '',
    `Nongjiao 农交 is running on ${config.embedded ? `the embedded database (${config.DATA_DIR})` : 'PostgreSQL'}`,
    `  Web:        ${url}/`,
    `  API:        ${url}/api/v1`,
    `  Swagger UI: ${url}/docs   (OpenAPI: ${url}/docs-json)`,
    `  Health:     ${url}/health`,
  ];
  if (demo.length > 0) {
    lines.push(`  Demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of demo) lines.push(`    ${a.phone}  ${a.role.padEnd(28)} ${a.name}`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
