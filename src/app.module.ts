import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { AccountsModule } from './accounts/accounts.module';
import { AuctionsModule } from './auctions/auctions.module';
import { AuditModule } from './audit/audit.module';
import { CatalogModule } from './catalog/catalog.module';
import { JwtAuthGuard } from './common/auth/jwt-auth.guard';
import { HttpErrorFilter } from './common/errors/http-error.filter';
import { ConfigModule } from './config/config.module';
import { AppConfig } from './config/runtime';
import { dataSourceOptions } from './database/data-source-options';
import { DealsModule } from './deals/deals.module';
import { ContractsModule } from './contracts/contracts.module';
import { RegistersModule } from './registers/registers.module';
import { CertificatesModule } from './certificates/certificates.module';
import { StatsModule } from './stats/stats.module';
import { PublicModule } from './public/public.module';
import { DivisionsModule } from './divisions/divisions.module';
import { DocumentsModule } from './documents/documents.module';
import { ListingsModule } from './listings/listings.module';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LedgerModule } from './ledger/ledger.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { StartupService } from './startup.service';
import { SchedulerModule } from './scheduler/scheduler.module';
import { ClockModule } from './clock/clock.module';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { RateLimitsModule } from './common/rate-limit/rate-limits.module';
import { NotificationsModule } from './notifications/notifications.module';
import { MortgagesModule } from './mortgages/mortgages.module';
import { CalendarModule } from './calendar/calendar.module';
import { InterventionsModule } from './interventions/interventions.module';
import { PagesModule } from './web/pages/pages.module';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            genReqId: (req, res) => {
              const id = randomUUID();
              res.setHeader('X-Request-Id', id);
              return id;
            },
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'req.body.password',
                'req.body.refreshToken',
                'res.headers["set-cookie"]',
              ],
              censor: '[redacted]',
            },
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
        }),
        // Embedded (PGlite): one connection. PGlite runs one session, and pglite-socket interleaves the extended-protocol
        // messages of concurrent connections (electric-sql/pglite#1046), so queries must reach it one at a time.
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.databaseUrl, config.embedded ? 1 : 10),
          migrationsRun: true,
        }),
        AuditModule,
        RateLimitsModule,
        NotificationsModule,
        CalendarModule,
        AccountsModule,
        CatalogModule,
        DivisionsModule,
        ListingsModule,
        DocumentsModule,
        IdempotencyModule,
        LedgerModule,
        RegistrationsModule,
        DealsModule,
        InterventionsModule,
        PagesModule,
        AuctionsModule,
        CertificatesModule,
        ContractsModule,
        MortgagesModule,
        RegistersModule,
        StatsModule,
        PublicModule,
        SchedulerModule,
        HousekeepingModule,
        ClockModule.register(config.TEST_CLOCK),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        StartupService,
        HealthService,
      ],
    };
  }
}
