/**
 * The real app as a bench boots it: on `url`, listening on a free port of 127.0.0.1, with the bench environment
 * (`benchEnvironment`) and `extra` on top. The app's modules are loaded on the first call only, so that a bench's
 * load-generating thread or process, which runs the same file, loads none of them.
 */
import type { INestApplication } from '@nestjs/common';
import type { AuctionLifecycleService } from '../../src/auctions/auction-lifecycle.service';
import { ADMIN, benchEnvironment } from './api';

export interface BenchApp {
  app: INestApplication;
  /** `http://127.0.0.1:<port>/api/v1` */
  base: string;
  lifecycle: AuctionLifecycleService;
}

export async function bootBenchApp(
  url: string,
  dataDir: string,
  extra: Record<string, string> = {},
): Promise<BenchApp> {
  await import('reflect-metadata');
  const { createApp } = await import('../../src/bootstrap');
  const { validateEnvironment } = await import('../../src/config/app-config');
  const { buildConfig } = await import('../../src/config/runtime');
  const { AuctionLifecycleService } = await import('../../src/auctions/auction-lifecycle.service');
  const env = validateEnvironment(benchEnvironment(url, dataDir, ADMIN, extra));
  const app = await createApp(buildConfig(env, url, false, env.JWT_SECRET as string));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}/api/v1`, lifecycle: app.get(AuctionLifecycleService) };
}
