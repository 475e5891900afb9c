import { LoginFailure } from '../accounts/entities/login-failure.entity';
import { RefreshToken } from '../accounts/entities/refresh-token.entity';
import { User } from '../accounts/entities/user.entity';
import { AuditEntry } from '../audit/entities/audit-entry.entity';
import { Division } from '../divisions/entities/division.entity';
import { ListingDocument } from '../documents/document.entity';
import { ListingReview } from '../listings/entities/listing-review.entity';
import { Listing } from '../listings/entities/listing.entity';

/** Every entity, listed once: the app, the CLI and the tests share this list. */
export const ENTITIES = [
  User,
  RefreshToken,
  LoginFailure,
  Division,
  AuditEntry,
  Listing,
  ListingReview,
  ListingDocument,
];
