import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
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
  ) {}

  /**
   * Checks the password. Failed attempts are counted per phone and per IP in the database (so every instance shares
   * the count). The attempt is recorded as a failure *before* the password is checked and the count taken after,
   * so parallel guesses cannot all slip under the limit; a successful attempt removes its own record.
   */
  async login(phone: string, password: string, ip: string): Promise<IssuedTokens> {
    const [{ id: attemptId }]: { id: string }[] = await this.dataSource.query(
      `INSERT INTO login_failures (phone, ip) VALUES ($1, $2) RETURNING id`,
      [phone.slice(0, 32), ip.slice(0, 64)],
    );
    try {
      await this.refuseIfTooManyFailures(phone, ip);
    } catch (error) {
      // a refused attempt checked no password: it does not count (so waiting out Retry-After is enough)
      await this.dataSource.query(`DELETE FROM login_failures WHERE id = $1`, [attemptId]);
      throw error;
    }
    const user = await this.accounts.findByPhone(phone);
    const ok = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyNothing(password);
    if (!user || !ok) throw new DomainError('INVALID_CREDENTIALS');
    await this.dataSource.query(`DELETE FROM login_failures WHERE id = $1`, [attemptId]);
    return this.issue(user, randomUUID());
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
      if (reused) {
        await em
          .createQueryBuilder()
          .update(RefreshToken)
          .set({ revokedAt: () => 'now()' })
          .where('family_id = :familyId AND revoked_at IS NULL', { familyId: token.familyId })
          .execute();
        await this.audit.record(em, {
          actorId: token.userId,
          action: 'auth.refresh_token_reused',
          entityType: 'user',
          entityId: token.userId,
          details: { familyId: token.familyId },
        });
      }
      return { kind: 'refused' as const };
    });
    if (outcome.kind !== 'ok') throw new DomainError('INVALID_REFRESH_TOKEN');
    const user = await this.accounts.findById(outcome.token.userId);
    return this.issue(user, outcome.token.familyId);
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

  private async refuseIfTooManyFailures(phone: string, ip: string): Promise<void> {
    const [row]: { phone_count: string; phone_oldest: number | null; ip_count: string; ip_oldest: number | null }[] =
      await this.dataSource.query(
        `SELECT
           count(*) FILTER (WHERE phone = $1) AS phone_count,
           extract(epoch FROM min(occurred_at) FILTER (WHERE phone = $1))::float8 AS phone_oldest,
           count(*) FILTER (WHERE ip = $2) AS ip_count,
           extract(epoch FROM min(occurred_at) FILTER (WHERE ip = $2))::float8 AS ip_oldest,
           extract(epoch FROM now())::float8 AS now
         FROM login_failures
         WHERE (phone = $1 OR ip = $2) AND occurred_at > now() - make_interval(secs => $3)`,
        [phone.slice(0, 32), ip.slice(0, 64), FAILURE_WINDOW_SECONDS],
      );
    const now = (row as unknown as { now: number }).now;
    const retryAfter = (oldest: number | null): number =>
      Math.max(1, Math.ceil((oldest ?? now) + FAILURE_WINDOW_SECONDS - now));
    if (Number(row.phone_count) > this.config.LOGIN_MAX_FAILURES_PER_PHONE) {
      throw new DomainError('RATE_LIMITED', { retryAfter: retryAfter(row.phone_oldest) });
    }
    if (Number(row.ip_count) > this.config.LOGIN_MAX_FAILURES_PER_IP) {
      throw new DomainError('RATE_LIMITED', { retryAfter: retryAfter(row.ip_oldest) });
    }
  }
}
