import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
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
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async of(req: Request, res: Response, title: string): Promise<PageContext> {
    const caller = (req as Request & { user?: AuthUser }).user;
    const user = caller ? await this.accounts.findById(caller.id).catch(() => null) : null;
    // the menu's unread messages (站内消息, /desk/notifications)
    const unread = user
      ? await this.dataSource
          .query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [user.id])
          .then((rows: { n: number }[]) => rows[0]?.n ?? 0)
          .catch(() => 0)
      : 0;
    return {
      title,
      user: user ? { id: user.id, name: user.name, roles: caller!.roles } : null,
      unread,
      csrf: this.security.csrfToken(req, res),
      path: req.originalUrl.split('?')[0],
    };
  }

  csrfValid(req: Request): boolean {
    return this.security.csrfValid(req);
  }
}
