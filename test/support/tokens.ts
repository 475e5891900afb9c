import { createHmac } from 'node:crypto';
import { TEST_JWT_SECRET } from './test-app';

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Signs a JWT by hand, to present tokens the server must refuse (wrong algorithm, issuer, audience, expiry). */
export function forgeToken(
  payload: object,
  header: object = { alg: 'HS256', typ: 'JWT' },
  secret = TEST_JWT_SECRET,
): string {
  const head = `${b64url(header)}.${b64url(payload)}`;
  const alg = (header as { alg: string }).alg;
  if (alg === 'none') return `${head}.`;
  const hash = alg === 'HS512' ? 'sha512' : 'sha256';
  return `${head}.${createHmac(hash, secret).update(head).digest('base64url')}`;
}

/** A well-formed access token for `sub`, signed with the test secret, valid for 10 minutes. */
export function accessTokenFor(sub: string, roles: string[] = []): string {
  const now = Math.floor(Date.now() / 1000);
  return forgeToken({ sub, roles, typ: 'access', iss: 'nongjiao', aud: 'nongjiao-api', iat: now, exp: now + 600 });
}
