import { Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module';
import { AuthService } from '../accounts/auth.service';
import { AppConfig } from '../config/runtime';
import { Views } from './views';
import { WebContext } from './web-context';
import { WebCsrfGuard } from './web-csrf.guard';
import { WebErrorFilter } from './web-error.filter';
import { webSecurity } from './web-session';
import { WEB_SECURITY } from './web.tokens';

/**
 * The shared parts of the pages (`src/web/`): the view adapter, the session and CSRF helpers, the page context, the
 * error filter. The page controllers live in their own modules beside it and import this one.
 */
@Module({
  imports: [AccountsModule],
  providers: [
    Views,
    WebContext,
    WebCsrfGuard,
    WebErrorFilter,
    {
      provide: WEB_SECURITY,
      inject: [AppConfig, ModuleRef],
      useFactory: (config: AppConfig, refs: ModuleRef) =>
        webSecurity(config, () => refs.get(AuthService, { strict: false })),
    },
  ],
  exports: [Views, WebContext, WebCsrfGuard, WebErrorFilter, WEB_SECURITY],
})
export class WebModule {}
