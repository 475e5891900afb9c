import { Module } from '@nestjs/common';
import { WebModule } from '../web.module';
import { AuctionsModule } from '../../auctions/auctions.module';
import { CertificatesModule } from '../../certificates/certificates.module';
import { DealsModule } from '../../deals/deals.module';
import { DivisionsModule } from '../../divisions/divisions.module';
import { DocumentsModule } from '../../documents/documents.module';
import { ListingsModule } from '../../listings/listings.module';
import { PublicModule } from '../../public/public.module';
import { RegistrationsModule } from '../../registrations/registrations.module';
import { StatsModule } from '../../stats/stats.module';
import { HomeController } from './home.controller';
import { ListingPagesController } from './listings.controller';
import { ResultsPagesController } from './results.controller';
import { StatsPagesController } from './stats.controller';
import { VerifyPagesController } from './verify.controller';
import { NotFoundController } from './not-found.controller';
import { AccountsModule } from '../../accounts/accounts.module';
import { ContractsModule } from '../../contracts/contracts.module';
import { AccountPagesController } from './account-pages.controller';
import { MeController } from './me.controller';
import { RoomController } from './room.controller';
import { MortgagesModule } from '../../mortgages/mortgages.module';
import { DeskQueues } from '../desk-queues';
import { DeskController } from './desk.controller';
import { LedgerModule } from '../../ledger/ledger.module';
import { OversightModule } from '../../oversight/oversight.module';
import { DeskSupervisorController } from './desk-supervisor.controller';
import { DeskAdminController } from './desk-admin.controller';
import { DeskSellerController } from './desk-seller.controller';
import { DeskPartyController } from './desk-party.controller';
import { PartyDeskData } from '../party-desk-data';
import { PageRenderer } from '../page-renderer';
import { NotificationsModule } from '../../notifications/notifications.module';
import { InterventionsModule } from '../../interventions/interventions.module';
import { RegistersModule } from '../../registers/registers.module';
import { DeskClerkController } from './desk-clerk.controller';

/** The pages (server-rendered): each controller gathers data from the same services as the API and renders. */
@Module({
  imports: [
    WebModule,
    AuctionsModule,
    CertificatesModule,
    DealsModule,
    DivisionsModule,
    DocumentsModule,
    ListingsModule,
    PublicModule,
    RegistrationsModule,
    StatsModule,
    AccountsModule,
    ContractsModule,
    MortgagesModule,
    LedgerModule,
    OversightModule,
    NotificationsModule,
    InterventionsModule,
    RegistersModule,
  ],
  // NotFoundController last: it answers every page path the others do not
  controllers: [
    HomeController,
    ListingPagesController,
    ResultsPagesController,
    VerifyPagesController,
    StatsPagesController,
    AccountPagesController,
    MeController,
    RoomController,
    DeskAdminController,
    DeskSupervisorController,
    DeskPartyController,
    DeskClerkController,
    DeskSellerController,
    DeskController,
    NotFoundController,
  ],
  providers: [DeskQueues, PartyDeskData, PageRenderer],
})
export class PagesModule {}
