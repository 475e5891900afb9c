import { RefreshToken } from '../accounts/entities/refresh-token.entity';
import { User } from '../accounts/entities/user.entity';
import { AuditEntry } from '../audit/entities/audit-entry.entity';
import { Auction } from '../auctions/entities/auction.entity';
import { BidRateCounter } from '../auctions/entities/bid-rate-counter.entity';
import { Bid } from '../auctions/entities/bid.entity';
import { Deal } from '../deals/entities/deal.entity';
import { Objection } from '../deals/entities/objection.entity';
import { Contract } from '../contracts/entities/contract.entity';
import { ContractPayment } from '../contracts/entities/contract-payment.entity';
import { ContractInstalment } from '../contracts/entities/contract-instalment.entity';
import { Certificate } from '../certificates/entities/certificate.entity';
import { IdempotencyKey } from '../idempotency/entities/idempotency-key.entity';
import { LedgerEntry } from '../ledger/entities/ledger-entry.entity';
import { LedgerPosting } from '../ledger/entities/ledger-posting.entity';
import { Registration } from '../registrations/entities/registration.entity';
import { Division } from '../divisions/entities/division.entity';
import { ListingDocument } from '../documents/document.entity';
import { ListingReview } from '../listings/entities/listing-review.entity';
import { Listing } from '../listings/entities/listing.entity';
import { RateEvent } from '../common/rate-limit/rate-event.entity';
import { ScheduledJob } from '../scheduler/scheduled-job.entity';
import { Notification } from '../notifications/notification.entity';
import { Filing } from '../registers/filing.entity';
import { Mortgage } from '../mortgages/entities/mortgage.entity';
import { CalendarYear } from '../calendar/calendar-year.entity';

/** Every entity, listed once: the app, the CLI and the tests share this list. */
export const ENTITIES = [
  User,
  RefreshToken,
  RateEvent,
  Division,
  AuditEntry,
  Listing,
  ListingReview,
  ListingDocument,
  Registration,
  Auction,
  Bid,
  BidRateCounter,
  Deal,
  Objection,
  Contract,
  ContractPayment,
  ContractInstalment,
  Certificate,
  LedgerEntry,
  LedgerPosting,
  IdempotencyKey,
  ScheduledJob,
  Notification,
  Filing,
  Mortgage,
  CalendarYear,
];
