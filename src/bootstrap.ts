import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { toErrorBody } from './common/errors/http-error.filter';
import { createValidationPipe } from './common/errors/validation';
import { BodyRejected, inspectJsonBody, jsonBodyParser, refuseNulInUrl } from './common/http/json-body';
import { AppConfig } from './config/runtime';
import { noStoreForPersonalData, securityHeaders } from './common/http/security-headers';
import { ASSETS_DIR } from './web/views';
import { routePagesToWeb, WEB_PREFIX } from './web/web-paths';
import type { WebSecurity } from './web/web-session';
import { WEB_SECURITY } from './web/web.tokens';

/** htmx, served from this server (never a CDN). */
const HTMX_PATH = require.resolve('htmx.org/dist/htmx.min.js');

/** Builds the HTTP application: shared by `main.ts` and the e2e tests, so both run exactly the same stack. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // per-client limits count the client that TRUST_PROXY trusted proxies report, not the proxy
  app.set('trust proxy', config.TRUST_PROXY > 0 ? config.TRUST_PROXY : false);
  app.use(securityHeaders());
  app.use(noStoreForPersonalData);
  app.use(refuseNulInUrl);
  app.use(jsonBodyParser());
  app.use(inspectJsonBody);
  // Body-parser errors (malformed JSON, > 1 MiB) happen before routing: answer them in the contract's shape.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    // only request-body handling fails here: anything without a client-error status is an unreadable body
    const status = (err as { status?: unknown }).status;
    const known = typeof status === 'number' && status >= 400 && status < 500;
    const { body, headers } = toErrorBody(known ? err : new BodyRejected('body', 'unreadable request body'), req);
    res.status(body.statusCode).set(headers).json(body);
  });
  // the pages: served at the root, routed to their controllers under WEB_PREFIX (see web-paths.ts)
  app.use('/assets/htmx.min.js', (_req: Request, res: Response) => res.sendFile(HTMX_PATH, { maxAge: '1d' }));
  app.use('/assets', express.static(ASSETS_DIR, { index: false, maxAge: '1h' }));
  app.use(routePagesToWeb);
  app.use(WEB_PREFIX, ...app.get<WebSecurity>(WEB_SECURITY).middleware);
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'web', 'web/{*path}'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (config.SWAGGER) setUpSwagger(app);
  return app;
}

function setUpSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Nongjiao 农交 API')
      .setDescription(
        '农村产权交易平台 HTTP API / The HTTP API of a county rural property-rights trading centre.\n\n' +
          'Errors: `{ statusCode, code, message, details }`; messages in Chinese, `Accept-Language: en` for English. ' +
          'Money in integer fen (`...Fen`).',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
