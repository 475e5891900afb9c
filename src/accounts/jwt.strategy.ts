import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from '../common/auth/auth.decorators';
import { AppConfig } from '../config/runtime';
import { Role } from './domain/roles';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AccessTokenPayload {
  sub: string;
  roles: Role[];
  typ: string;
}

/** Verifies access tokens: HS256 only, issuer and audience checked, expiry enforced. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ignoreExpiration: false,
    });
  }

  validate(payload: AccessTokenPayload & { exp?: unknown }): AuthUser | false {
    if (payload.typ !== 'access' || typeof payload.exp !== 'number' || !Array.isArray(payload.roles)) return false;
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) return false;
    return { id: payload.sub, roles: payload.roles };
  }
}
