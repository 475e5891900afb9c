import { Foundation1795652864078 } from './1795652864078-Foundation';
import { AuditChainAndKeys1795652900000 } from './1795652900000-AuditChainAndKeys';
import { Listings1795655065339 } from './1795655065339-Listings';
import { ListingSearchAndNumbers1795655100000 } from './1795655100000-ListingSearchAndNumbers';
import { AuctionsAndLedger1795657790315 } from './1795657790315-AuctionsAndLedger';
import { LedgerGuards1795657800000 } from './1795657800000-LedgerGuards';
import { DealsContractsCertificates1795665273168 } from './1795665273168-DealsContractsCertificates';
import { ContractPublicCopy1795666000000 } from './1795666000000-ContractPublicCopy';
import { BidPathFast1795668000000 } from './1795668000000-BidPathFast';
import { Hardening1795670000000 } from './1795670000000-Hardening';
import { IdempotentBids1795670100000 } from './1795670100000-IdempotentBids';
import { PlatformClock1795670200000 } from './1795670200000-PlatformClock';
import { ContractsAsPractice1795670300000 } from './1795670300000-ContractsAsPractice';
import { CalendarAndInterventions1795670400000 } from './1795670400000-CalendarAndInterventions';
import { Filings1795670410000 } from './1795670410000-Filings';
import { Mortgages1795670420000 } from './1795670420000-Mortgages';
import { AssistedListing1795670435000 } from './1795670435000-AssistedListing';
import { AuditStreams1795670440000 } from './1795670440000-AuditStreams';
import { SearchScale1795670450000 } from './1795670450000-SearchScale';
import { AnnouncementDueIndex1795670460000 } from './1795670460000-AnnouncementDueIndex';

/** Every migration, in order: the app runs them at start; the TypeORM CLI generates new ones into this folder. */
export const MIGRATIONS = [
  Foundation1795652864078,
  AuditChainAndKeys1795652900000,
  Listings1795655065339,
  ListingSearchAndNumbers1795655100000,
  AuctionsAndLedger1795657790315,
  LedgerGuards1795657800000,
  DealsContractsCertificates1795665273168,
  ContractPublicCopy1795666000000,
  BidPathFast1795668000000,
  Hardening1795670000000,
  IdempotentBids1795670100000,
  PlatformClock1795670200000,
  ContractsAsPractice1795670300000,
  CalendarAndInterventions1795670400000,
  Filings1795670410000,
  Mortgages1795670420000,
  AssistedListing1795670435000,
  AuditStreams1795670440000,
  SearchScale1795670450000,
  AnnouncementDueIndex1795670460000,
];
