import { LoginFailure } from '../accounts/entities/login-failure.entity';
import { RefreshToken } from '../accounts/entities/refresh-token.entity';
import { User } from '../accounts/entities/user.entity';
import { AuditEntry } from '../audit/entities/audit-entry.entity';
import { Division } from '../divisions/entities/division.entity';

/** Every entity, listed once: the app, the CLI and the tests share this list. */
export const ENTITIES = [User, RefreshToken, LoginFailure, Division, AuditEntry];
