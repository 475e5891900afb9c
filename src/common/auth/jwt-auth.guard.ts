import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../errors/domain-error';
import { AuthUser, IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import type { Role } from '../../accounts/domain/roles';

/**
 * The global guard: every endpoint needs a valid access token unless marked `@Public()`; a public endpoint still
 * reads a token when one is sent (an owner sees their own draft). `@Roles()` is checked here too.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    if (isPublic) {
      if (!req.headers.authorization) return true;
      try {
        await super.canActivate(context);
      } catch {
        req.user = undefined;
      }
      return true;
    }
    await super.canActivate(context);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.some((r) => req.user?.roles.includes(r))) {
      throw new DomainError('FORBIDDEN');
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new DomainError('UNAUTHENTICATED');
    return user;
  }
}
