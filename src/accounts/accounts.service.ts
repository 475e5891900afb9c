import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError, FieldError } from '../common/errors/domain-error';
import { DivisionsService } from '../divisions/divisions.service';
import { isValidCreditCode, isValidResidentId } from './domain/identity';
import { Role } from './domain/roles';
import { CreateStaffDto, RegisterDto } from './dto/account.dto';
import { User } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly divisions: DivisionsService,
    private readonly audit: AuditService,
  ) {}

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
      },
      null,
      'user.registered',
    );
  }

  /**
   * A staff account (clerk, supervisor, admin): made by an admin (`adminId`), or by the platform itself at start
   * (the bootstrap admin, the demo staff), audited under `action`.
   */
  async createStaff(
    dto: CreateStaffDto,
    adminId: string | null,
    action: 'user.created_by_admin' | 'user.bootstrap_admin' | 'user.seeded' = 'user.created_by_admin',
  ): Promise<User> {
    const passwordHash = await this.hasher.hash(dto.password);
    return this.createUser(
      {
        phone: dto.phone,
        passwordHash,
        name: dto.name.trim(),
        partyType: 'PERSON',
        idNumber: null,
        creditCode: null,
        villageCode: null,
        roles: dto.roles,
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
    values: Omit<User, 'id' | 'createdAt' | 'updatedAt'> & { roles: Role[] },
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
      if (isUniqueViolation(error)) throw new DomainError('PHONE_TAKEN');
      throw error;
    }
  }
}
