import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DemoAccount, seedDemoData } from '../seeds/demo.seed';
import { loadReferenceData } from '../seeds/reference.seed';
import { AccountsService } from './accounts/accounts.service';
import { AppConfig } from './config/runtime';
import { DivisionsService } from './divisions/divisions.service';

/** Runs after migrations: reference data, the bootstrap admin, and (embedded or SEED_DEMO=true) the demo data. */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  private readonly logger = new Logger(StartupService.name);
  demoAccounts: DemoAccount[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly divisions: DivisionsService,
    private readonly accounts: AccountsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await loadReferenceData(this.divisions);
    if (this.config.ADMIN_PHONE && this.config.ADMIN_PASSWORD) {
      await this.accounts.bootstrapAdmin(this.config.ADMIN_PHONE, this.config.ADMIN_PASSWORD);
    }
    if (this.config.seedDemo) {
      this.demoAccounts = await seedDemoData(this.accounts);
      this.logger.log(`demo data ready (${this.demoAccounts.length} accounts)`);
    }
  }
}
