import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RateLimitsService } from '../common/rate-limit/rate-limits.service';
import { runStatement } from '../common/database/affected-rows';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/runtime';
import { AccountsService } from './accounts.service';
import { RefreshToken } from './entities/refresh-token.entity';
import { User } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';

/** Failed logins are counted over this window (API.md: "per 15 min"). */
const FAILURE_WINDOW_SECONDS = 15 * 60;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimitsService,
  ) {}

  /**
   * Checks the password. Every attempt counts as a failure against the phone's and the client's limits until the
   * password proves right (RateLimitsService records before it counts, so parallel guesses cannot all slip under a
   * limit); a right password for a disabled account is `403 ACCOUNT_DISABLED`.
   */
  async login(phone: string, password: string, ip: string): Promise<IssuedTokens> {
    const ticket = await this.rateLimits.attempt(
      [
        { scope: 'login.phone', subject: phone, limit: this.config.LOGIN_MAX_FAILURES_PER_PHONE },
        { scope: 'login.ip', subject: ip, limit: this.config.LOGIN_MAX_FAILURES_PER_IP },
      ],
      FAILURE_WINDOW_SECONDS,
    );
    const user = await this.accounts.findByPhone(phone);
    const ok = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyNothing(password);
    if (!user || !ok) throw new DomainError('INVALID_CREDENTIALS');
    await this.rateLimits.forget(ticket);
    if (user.disabledAt) throw new DomainError('ACCOUNT_DISABLED');
    return this.issue(user, randomUUID());
  }

  /** Revokes the refresh token's whole family (every token rotated from the same login). Unknown tokens: nothing. */
  async logout(presented: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const token = await em.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(presented) });
      if (token) await this.revokeFamily(em, token, 'auth.logged_out');
    });
  }

  /**
   * Rotates a refresh token: the presented one is spent and a new one issued in the same family. A token presented
   * after it was spent means it leaked: the whole family is revoked.
   */
  async refresh(presented: string): Promise<IssuedTokens> {
    const tokenHash = sha256(presented);
    const outcome = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(RefreshToken);
      const token = await repo.findOneBy({ tokenHash });
      if (!token) return { kind: 'unknown' as const };
      const spent = await em
        .createQueryBuilder()
        .update(RefreshToken)
        .set({ usedAt: () => 'now()' })
        .where('id = :id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()', { id: token.id })
        .execute();
      if (spent.affected === 1) return { kind: 'ok' as const, token };
      // Not revoked, yet not spendable: already used (perhaps by a concurrent request) unless merely expired.
      const reused = token.revokedAt === null && (token.usedAt !== null || token.expiresAt > new Date());
      if (reused) await this.revokeFamily(em, token, 'auth.refresh_token_reused');
      return { kind: 'refused' as const };
    });
    if (outcome.kind !== 'ok') throw new DomainError('INVALID_REFRESH_TOKEN');
    const user = await this.accounts.findById(outcome.token.userId);
    if (user.disabledAt) throw new DomainError('INVALID_REFRESH_TOKEN');
    return this.issue(user, outcome.token.familyId);
  }

  /** Revokes every live token of `token`'s family (one login and its rotations), audited as `action`. */
  private async revokeFamily(
    em: EntityManager,
    token: RefreshToken,
    action: 'auth.logged_out' | 'auth.refresh_token_reused',
  ): Promise<void> {
    await em
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('family_id = :familyId AND revoked_at IS NULL', { familyId: token.familyId })
      .execute();
    await this.audit.record(em, {
      actorId: token.userId,
      action,
      entityType: 'user',
      entityId: token.userId,
      details: { familyId: token.familyId },
    });
  }

  /** Deletes refresh tokens past their expiry (housekeeping): they are refused anyway. Returns how many. */
  async purgeExpiredTokens(): Promise<number> {
    const { affected } = await runStatement(this.dataSource, `DELETE FROM refresh_tokens WHERE expires_at < now()`, []);
    return affected;
  }

  private async issue(user: User, familyId: string): Promise<IssuedTokens> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, roles: user.roles, typ: 'access' });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.dataSource.getRepository(RefreshToken).insert({
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_DAYS * 86400_000),
    });
    return { accessToken, refreshToken, expiresIn: this.config.JWT_EXPIRES_IN_SECONDS, user };
  }
}
