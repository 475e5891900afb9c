import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AccountStatusCache } from '../../accounts/account-status.cache';
import { DomainError } from '../errors/domain-error';
import { AuthUser, IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import type { Role } from '../../accounts/domain/roles';

type GuardedRequest = { headers: Record<string, string | undefined>; user?: AuthUser };

/**
 * The global guard: every endpoint needs a valid access token unless marked `@Public()`; a public endpoint still
 * reads a token when one is sent (an owner sees their own draft). The token only names the account: the account must
 * exist and not be disabled, and its roles are read from it (cached ≤ 1 s per instance), never from the token.
 * `@Roles()` is checked here too.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountStatusCache,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    if (isPublic) {
      if (!req.headers.authorization) return true;
      try {
        await this.authenticate(context, req);
      } catch {
        req.user = undefined;
      }
      return true;
    }
    await this.authenticate(context, req);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.some((r) => req.user?.roles.includes(r))) {
      throw new DomainError('FORBIDDEN');
    }
    return true;
  }

  /** Verifies the token (passport), then puts the account's current roles on `req.user`. */
  private async authenticate(context: ExecutionContext, req: GuardedRequest): Promise<void> {
    await super.canActivate(context);
    const account = req.user ? await this.accounts.get(req.user.id) : null;
    if (!account || account.disabled) {
      req.user = undefined;
      throw new DomainError('UNAUTHENTICATED');
    }
    req.user = { id: req.user!.id, roles: account.roles };
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new DomainError('UNAUTHENTICATED');
    return user;
  }
}
