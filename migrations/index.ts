import { Foundation1795652864078 } from './1795652864078-Foundation';
import { AuditChainAndKeys1795652900000 } from './1795652900000-AuditChainAndKeys';

/** Every migration, in order: the app runs them at start; the TypeORM CLI generates new ones into this folder. */
export const MIGRATIONS = [Foundation1795652864078, AuditChainAndKeys1795652900000];
