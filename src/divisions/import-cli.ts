import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { DomainError } from '../common/errors/domain-error';
import { prepareRuntime } from '../config/runtime';
import { DivisionsService } from './divisions.service';

/**
 * `npm run divisions:import -- file.csv`: imports another county's divisions (same CSV shape as
 * seeds/data/divisions-huaian-130728.csv) into the configured database (DATABASE_URL, or the embedded one).
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run divisions:import -- <file.csv>   (columns: code,name,level,parentCode)');
    process.exit(2);
  }
  const text = readFileSync(file, 'utf8');
  const runtime = await prepareRuntime({ ...process.env, SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(AppModule.register(runtime.config), { logger: ['error'] });
  try {
    const count = await app.get(DivisionsService).importCsv(text);
    console.log(`imported ${count} divisions from ${file}`);
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(`refused: ${error.details.map((d) => d.message).join('\n  ')}`);
      process.exitCode = 1;
    } else throw error;
  } finally {
    await app.close();
    await runtime.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
