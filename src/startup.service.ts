import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DemoAccount, seedDemoData, seedDemoListings } from '../seeds/demo.seed';
import { loadReferenceData } from '../seeds/reference.seed';
import { AccountsService } from './accounts/accounts.service';
import { AppConfig } from './config/runtime';
import { DivisionsService } from './divisions/divisions.service';
import { DocumentsService } from './documents/documents.service';
import { ListingsService } from './listings/listings.service';

/** Runs after migrations: reference data, the bootstrap admin, and (embedded or SEED_DEMO=true) the demo data. */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  private readonly logger = new Logger(StartupService.name);
  demoAccounts: DemoAccount[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly divisions: DivisionsService,
    private readonly accounts: AccountsService,
    private readonly listings: ListingsService,
    private readonly documents: DocumentsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await loadReferenceData(this.divisions);
    if (this.config.ADMIN_PHONE && this.config.ADMIN_PASSWORD) {
      await this.accounts.bootstrapAdmin(this.config.ADMIN_PHONE, this.config.ADMIN_PASSWORD);
    }
    if (this.config.seedDemo) {
      this.demoAccounts = await seedDemoData(this.accounts);
      await seedDemoListings(
        this.accounts,
        this.listings,
        this.documents,
        this.config.ANNOUNCEMENT_MIN_WORKING_DAYS ?? 10,
      );
      this.logger.log(`demo data ready (${this.demoAccounts.length} accounts)`);
    }
  }
}
