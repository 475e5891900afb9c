import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccountsService } from '../accounts/accounts.service';
import type { AuthUser } from '../common/auth/auth.decorators';
import type { PageContext } from './views';
import { WEB_SECURITY } from './web.tokens';
import type { WebSecurity } from './web-session';

/** Builds what every page's layout needs: the title, the signed-in user, a CSRF token and the path. */
@Injectable()
export class WebContext {
  constructor(
    private readonly accounts: AccountsService,
    @Inject(WEB_SECURITY) private readonly security: WebSecurity,
  ) {}

  async of(req: Request, res: Response, title: string): Promise<PageContext> {
    const caller = (req as Request & { user?: AuthUser }).user;
    const user = caller ? await this.accounts.findById(caller.id).catch(() => null) : null;
    return {
      title,
      user: user ? { id: user.id, name: user.name, roles: caller!.roles } : null,
      csrf: this.security.csrfToken(req, res),
      path: req.originalUrl.split('?')[0],
    };
  }

  csrfValid(req: Request): boolean {
    return this.security.csrfValid(req);
  }
}
