import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { WebContext } from './web-context';

/** Every page POST carries a valid CSRF token (`_csrf`, or `X-CSRF-Token` from htmx): else `403`. */
@Injectable()
export class WebCsrfGuard implements CanActivate {
  constructor(private readonly context: WebContext) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    if (!this.context.csrfValid(req)) throw new DomainError('FORBIDDEN', {}, [{ field: '_csrf', message: 'CSRF' }]);
    return true;
  }
}
