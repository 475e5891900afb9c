import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from '../common/auth/auth.decorators';
import { AppConfig } from '../config/runtime';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AccessTokenPayload {
  sub: string;
  typ: string;
}

/**
 * Verifies access tokens: HS256 only, issuer and audience checked, expiry enforced. The token names its account;
 * the guard then reads the account's current roles (a token's `roles` claim is informational only).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // a key object: given a string, the JWT library first tries it as a public key on every request (~0.8 ms)
      // (passport-jwt's types say string | Buffer; it hands the value to jsonwebtoken, which takes a KeyObject)
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ignoreExpiration: false,
    });
  }

  validate(payload: AccessTokenPayload & { exp?: unknown }): AuthUser | false {
    if (payload.typ !== 'access' || typeof payload.exp !== 'number') return false;
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) return false;
    return { id: payload.sub, roles: [] };
  }
}
