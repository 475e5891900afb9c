import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../../accounts/domain/roles';

export const IS_PUBLIC = 'isPublic';
export const ROLES_KEY = 'roles';

/** Opts an endpoint out of the global JWT guard. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Restricts an endpoint to callers holding at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The caller as read from a verified access token. */
export interface AuthUser {
  id: string;
  roles: Role[];
}

/** Injects the authenticated caller (undefined on a public endpoint called anonymously). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser | undefined => {
  return ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
});
