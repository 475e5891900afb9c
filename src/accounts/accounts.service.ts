import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError, FieldError } from '../common/errors/domain-error';
import { DivisionsService } from '../divisions/divisions.service';
import { isValidCreditCode, isValidResidentId } from './domain/identity';
import { CreateStaffDto, RegisterDto } from './dto/account.dto';
import { User } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';
import { AccountStatusCache } from './account-status.cache';
import { RateLimitsService } from '../common/rate-limit/rate-limits.service';
import { AppConfig } from '../config/runtime';
import { offsetOf, Page, pageOf, PageQueryDto } from '../common/http/pagination';
import { STAFF_ROLES } from './domain/roles';

/** The unique index an INSERT or UPDATE violated, or null for any other error. */
function violatedUniqueIndex(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' ? (driver.constraint ?? '') : null;
}

/** Successful registrations are counted per client IP over this window (REGISTRATIONS_PER_IP_PER_HOUR). */
const REGISTRATION_WINDOW_SECONDS = 3600;

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly divisions: DivisionsService,
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimitsService,
    private readonly statuses: AccountStatusCache,
    private readonly config: AppConfig,
  ) {}

  /**
   * Self-registration from client `ip`: at most REGISTRATIONS_PER_IP_PER_HOUR successful ones per client (a refused
   * registration does not count).
   */
  async registerFrom(ip: string, dto: RegisterDto): Promise<User> {
    const ticket = await this.rateLimits.attempt(
      [{ scope: 'register.ip', subject: ip, limit: this.config.REGISTRATIONS_PER_IP_PER_HOUR }],
      REGISTRATION_WINDOW_SECONDS,
    );
    try {
      return await this.register(dto);
    } catch (error) {
      await this.rateLimits.forget(ticket);
      throw error;
    }
  }

  /** Self-registration with real-name checks: a resident ID for a person, a credit code for an organization. */
  async register(dto: RegisterDto): Promise<User> {
    const problems: FieldError[] = [];
    const idNumber = dto.idNumber?.trim().toUpperCase();
    const creditCode = dto.creditCode?.trim();
    if (dto.partyType === 'PERSON') {
      if (!idNumber) problems.push({ field: 'idNumber', message: 'idNumber is required for a PERSON' });
      else if (!isValidResidentId(idNumber)) {
        problems.push({ field: 'idNumber', message: 'idNumber is not a valid 18-digit resident ID (GB 11643)' });
      }
      if (creditCode) problems.push({ field: 'creditCode', message: 'creditCode is not for a PERSON' });
    } else {
      if (!creditCode) problems.push({ field: 'creditCode', message: `creditCode is required for ${dto.partyType}` });
      else if (!isValidCreditCode(creditCode)) {
        problems.push({
          field: 'creditCode',
          message: 'creditCode is not a valid unified social credit code (GB 32100)',
        });
      }
      if (idNumber) problems.push({ field: 'idNumber', message: `idNumber is not for ${dto.partyType}` });
    }
    if (dto.partyType === 'COLLECTIVE' && !dto.villageCode) {
      problems.push({ field: 'villageCode', message: 'villageCode is required for a COLLECTIVE' });
    }
    if (dto.villageCode && !(await this.divisions.findVillage(dto.villageCode))) {
      problems.push({ field: 'villageCode', message: 'villageCode is not a known village code' });
    }
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', {}, problems);

    const passwordHash = await this.hasher.hash(dto.password);
    return this.createUser(
      {
        phone: dto.phone,
        passwordHash,
        name: dto.name.trim(),
        partyType: dto.partyType,
        idNumber: dto.partyType === 'PERSON' ? (idNumber ?? null) : null,
        creditCode: dto.partyType === 'PERSON' ? null : (creditCode ?? null),
        villageCode: dto.villageCode ?? null,
        roles: dto.roles,
        address: dto.address ?? null,
        disabledAt: null,
      },
      null,
      'user.registered',
    );
  }

  /**
   * A staff account (clerk, supervisor, admin), a PERSON, or a lender (a bank), an ORGANIZATION with a valid credit
   * code: made by an admin (`adminId`), or by the platform itself at start (the bootstrap admin, the demo staff),
   * audited under `action`.
   */
  async createStaff(
    dto: CreateStaffDto,
    adminId: string | null,
    action: 'user.created_by_admin' | 'user.bootstrap_admin' | 'user.seeded' = 'user.created_by_admin',
  ): Promise<User> {
    const lender = dto.roles.includes('lender');
    const creditCode = dto.creditCode?.trim();
    const problems: FieldError[] = [];
    if (lender) {
      if (dto.partyType !== 'ORGANIZATION') {
        problems.push({ field: 'partyType', message: 'a lender (a bank) is an ORGANIZATION' });
      }
      if (!creditCode) problems.push({ field: 'creditCode', message: 'creditCode is required for a lender' });
      else if (!isValidCreditCode(creditCode)) {
        problems.push({
          field: 'creditCode',
          message: 'creditCode is not a valid unified social credit code (GB 32100)',
        });
      }
    } else {
      if (dto.partyType !== undefined && dto.partyType !== 'PERSON') {
        problems.push({ field: 'partyType', message: 'a staff account is a PERSON' });
      }
      if (creditCode !== undefined) problems.push({ field: 'creditCode', message: 'creditCode is only for a lender' });
    }
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', {}, problems);

    const passwordHash = await this.hasher.hash(dto.password);
    return this.createUser(
      {
        phone: dto.phone,
        passwordHash,
        name: dto.name.trim(),
        partyType: lender ? 'ORGANIZATION' : 'PERSON',
        idNumber: null,
        creditCode: lender ? (creditCode ?? null) : null,
        villageCode: null,
        roles: dto.roles,
        address: null,
        disabledAt: null,
      },
      adminId,
      action,
    );
  }

  async findById(id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new DomainError('NOT_FOUND');
    return user;
  }

  /** The staff accounts (any of STAFF_ROLES: clerk, supervisor, admin, lender), newest first, a page at a time. */
  async listStaff(query: PageQueryDto): Promise<Page<User>> {
    const [items, total] = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.roles::text[] && CAST(:roles AS text[])', { roles: [...STAFF_ROLES] })
      .orderBy('u.createdAt', 'DESC')
      .addOrderBy('u.id', 'DESC')
      .skip(offsetOf(query))
      .take(query.pageSize)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  /** An admin disables (`disabled`) or enables an account; a disabled one's refresh tokens are revoked. */
  async setDisabled(adminId: string, userId: string, disabled: boolean): Promise<User> {
    if (disabled && adminId === userId) throw new DomainError('INVALID_STATE'); // the centre would lose its admin
    const user = await this.dataSource.transaction(async (em) => {
      const before = await em
        .getRepository(User)
        .findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw new DomainError('NOT_FOUND');
      if ((before.disabledAt !== null) === disabled) return before;
      await em.query(
        `UPDATE users SET disabled_at = ${disabled ? 'now()' : 'NULL'}, updated_at = now() WHERE id = $1`,
        [userId],
      );
      if (disabled) {
        await em.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
          userId,
        ]);
      }
      await this.audit.record(em, {
        actorId: adminId,
        action: disabled ? 'user.disabled' : 'user.enabled',
        entityType: 'user',
        entityId: userId,
      });
      return em.getRepository(User).findOneByOrFail({ id: userId });
    });
    this.statuses.forget(userId);
    return user;
  }

  /** The user changes their own address (住所). */
  async updateAddress(userId: string, address: string): Promise<User> {
    return this.dataSource.transaction(async (em) => {
      const { affected } = await em.getRepository(User).update({ id: userId }, { address });
      if (affected !== 1) throw new DomainError('NOT_FOUND');
      await this.audit.record(em, {
        actorId: userId,
        action: 'user.address_changed',
        entityType: 'user',
        entityId: userId,
      });
      return em.getRepository(User).findOneByOrFail({ id: userId });
    });
  }

  findByPhone(phone: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ phone });
  }

  /** Creates the first admin from ADMIN_PHONE / ADMIN_PASSWORD when no admin exists yet. */
  async bootstrapAdmin(phone: string, password: string): Promise<User | null> {
    const admins: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM users WHERE 'admin' = ANY(roles)`,
    );
    if (Number(admins[0].count) > 0) return null;
    const user = await this.createStaff(
      { phone, password, name: '系统管理员', roles: ['admin'] },
      null,
      'user.bootstrap_admin',
    );
    this.logger.log(`bootstrap admin created (${phone})`);
    return user;
  }

  private async createUser(
    values: Omit<User, 'id' | 'createdAt' | 'updatedAt'>,
    actorId: string | null,
    action: string,
  ): Promise<User> {
    try {
      return await this.dataSource.transaction(async (em: EntityManager) => {
        const user = await em.getRepository(User).save(em.getRepository(User).create(values));
        await this.audit.record(em, {
          actorId: actorId ?? user.id,
          action,
          entityType: 'user',
          entityId: user.id,
          details: { roles: user.roles, partyType: user.partyType },
        });
        return user;
      });
    } catch (error) {
      const index = violatedUniqueIndex(error);
      if (index === 'uq_users_id_number' || index === 'uq_users_credit_code') throw new DomainError('ID_NUMBER_TAKEN');
      if (index !== null) throw new DomainError('PHONE_TAKEN');
      throw error;
    }
  }
}
