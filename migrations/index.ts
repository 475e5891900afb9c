import { Foundation1795652864078 } from './1795652864078-Foundation';
import { AuditChainAndKeys1795652900000 } from './1795652900000-AuditChainAndKeys';
import { Listings1795654626187 } from './1795654626187-Listings';
import { ListingSearchAndNumbers1795654700000 } from './1795654700000-ListingSearchAndNumbers';

/** Every migration, in order: the app runs them at start; the TypeORM CLI generates new ones into this folder. */
export const MIGRATIONS = [
  Foundation1795652864078,
  AuditChainAndKeys1795652900000,
  Listings1795654626187,
  ListingSearchAndNumbers1795654700000,
];
