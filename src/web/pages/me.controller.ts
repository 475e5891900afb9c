import { Controller, Get, Header, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuctionsService } from '../../auctions/auctions.service';
import { AuthUser, CurrentUser } from '../../common/auth/auth.decorators';
import { PageQueryDto } from '../../common/http/pagination';
import { ContractsService } from '../../contracts/contracts.service';
import type { InstalmentState } from '../../contracts/domain/instalments';
import type { Contract } from '../../contracts/entities/contract.entity';
import { DealsService } from '../../deals/deals.service';
import type { Deal } from '../../deals/entities/deal.entity';
import type { Listing } from '../../listings/entities/listing.entity';
import { ListingsService } from '../../listings/listings.service';
import type { Registration } from '../../registrations/entities/registration.entity';
import { RegistrationsService } from '../../registrations/registrations.service';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';
import { orNull } from '../desk-forms';
import {
  AUCTION_STATUS_ZH,
  CONTRACT_STATUS_ZH,
  DEAL_STATUS_ZH,
  INSTALMENT_STATUS_ZH,
  REGISTRATION_STATUS_ZH,
} from '../status-labels';

/** How many of one's registrations `/me` lists (the newest). */
const MAX_REGISTRATIONS = 100;

/**
 * The reference a buyer writes on the deposit transfer so the centre can match the bank statement to the
 * registration: the listing number and the registration's first 8 characters.
 */
export function depositReference(listingNo: string, registrationId: string): string {
  return `${listingNo}-${registrationId.slice(0, 8).toUpperCase()}`;
}

interface MyRegistration {
  registration: Registration;
  listing: Listing | null;
  reference: string | null;
  auction: { status: string; startsAt: Date; endsAt: Date; leading: boolean } | null;
}

interface MyDeal {
  deal: Deal;
  listing: Listing | null;
  contract: Contract | null;
  due: InstalmentState[];
}

/**
 * `/me` (signed in): one's registrations (status, deposit, the transfer reference, bidder number), auctions (links to
 * the rooms), deals, contracts to sign and payments due, read through the same services as the API's
 * `/me/registrations`, `/listings/:id/auction`, `/listings/:id/deal`, `/contracts/:id` and `/contracts/:id/instalments`.
 */
@ApiExcludeController()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class MeController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly registrations: RegistrationsService,
    private readonly listings: ListingsService,
    private readonly auctions: AuctionsService,
    private readonly deals: DealsService,
    private readonly contracts: ContractsService,
  ) {}

  @Get('me')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async me(
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const page = await this.registrations.findMine(
      caller,
      Object.assign(new PageQueryDto(), { page: 1, pageSize: MAX_REGISTRATIONS }),
    );
    const mine: MyRegistration[] = [];
    const deals: MyDeal[] = [];
    for (const registration of page.items) {
      const found = await orNull(this.listings.findVisible(caller, registration.listingId));
      const listing = found?.listing ?? null;
      const state =
        registration.status === 'DEPOSIT_PAID'
          ? await orNull(this.auctions.state(registration.listingId, caller))
          : null;
      mine.push({
        registration,
        listing,
        reference: listing ? depositReference(listing.listingNo, registration.id) : null,
        auction: state && {
          status: state.status,
          startsAt: state.startsAt,
          endsAt: state.endsAt,
          leading: state.leadingBidderNo !== null && state.leadingBidderNo === state.myBidderNo,
        },
      });
      if (registration.status !== 'DEPOSIT_PAID') continue;
      const visible = await orNull(this.deals.findVisible(caller, { listingId: registration.listingId }));
      if (!visible || visible.deal.buyerId !== caller.id) continue;
      const papers = await this.deals.papersOf(visible.deal);
      const contract = papers.contractId
        ? ((await orNull(this.contracts.findVisible(caller, papers.contractId)))?.contract ?? null)
        : null;
      const due = contract
        ? (await this.contracts.instalments(caller, contract.id)).filter(
            (i) => i.status === 'DUE' || i.status === 'OVERDUE',
          )
        : [];
      deals.push({ deal: visible.deal, listing, contract, due });
    }
    const ctx = await this.context.of(req, res, '我的');
    return this.views.page('me', ctx, {
      registrations: mine,
      total: page.total,
      auctions: mine.filter((r) => r.auction !== null),
      deals,
      toSign: deals.filter((d) => d.contract?.status === 'AWAITING_SIGNATURES' && !d.contract.buyerSignedAt),
      due: deals.flatMap((d) => d.due.map((i) => ({ ...d, instalment: i }))),
      labels: {
        registration: REGISTRATION_STATUS_ZH,
        auction: AUCTION_STATUS_ZH,
        deal: DEAL_STATUS_ZH,
        contract: CONTRACT_STATUS_ZH,
        instalment: INSTALMENT_STATUS_ZH,
      },
    });
  }
}
