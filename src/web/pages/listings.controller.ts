import { Body, Controller, Get, Header, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { AuctionsService } from '../../auctions/auctions.service';
import { CATEGORIES, getCategory } from '../../catalog/domain/category-registry';
import { AuthUser, CurrentUser, Public } from '../../common/auth/auth.decorators';
import { toHundredths } from '../../common/domain/decimal';
import { DomainError } from '../../common/errors/domain-error';
import { flattenValidationErrors, validationFailed } from '../../common/errors/validation';
import { AppConfig } from '../../config/runtime';
import { DivisionsService } from '../../divisions/divisions.service';
import { DocumentsService } from '../../documents/documents.service';
import { PUBLIC_STATUSES } from '../../listings/domain/listing-status';
import { toListingDto } from '../../listings/listing.mapper';
import { ListingsService } from '../../listings/listings.service';
import { RegisterForListingDto } from '../../registrations/dto/registration.dto';
import { RegistrationsService } from '../../registrations/registrations.service';
import { BOARD_LABELS, boardQueryOf } from '../board-query';
import { attributeFacts, DOCUMENT_KIND_LABELS } from '../listing-facts';
import { PageError, pageErrorOf } from '../page-errors';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

const SORTS = [
  { value: 'newest', label: '最新发布' },
  { value: 'endingSoon', label: '即将截止' },
  { value: 'price', label: '价格从低到高' },
];

/** The register form's fields, to name the offending ones. */
const REGISTER_FIELDS: Readonly<Record<string, string>> = {
  offer: '意向报价',
  offerFen: '意向报价',
  note: '备注',
  claimsPriorityRight: '优先权',
};

/** How the deposit is paid when the centre has published no account in the configuration. */
export const DEPOSIT_PAYMENT_FALLBACK = '按交易中心通知缴纳';

function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof v === 'string' ? v : undefined;
}

/** The register form's fields (offer in 元) as the API's registration body; null with the fields' errors. */
async function registrationOf(
  body: Record<string, unknown>,
): Promise<{ dto: RegisterForListingDto | null; error: DomainError | null }> {
  const note = first(body.note)?.trim();
  const offer = first(body.offer)?.replace(/[,，\s]/g, '');
  const plain: Record<string, unknown> = {};
  if (first(body.claimsPriorityRight) === 'on') plain.claimsPriorityRight = true;
  if (note) plain.note = note;
  if (offer) {
    const fen = toHundredths(offer);
    if (fen === null || fen === 0n || fen > BigInt(Number.MAX_SAFE_INTEGER)) {
      return { dto: null, error: validationFailed([{ field: 'offer', message: 'offer must be an amount in yuan' }]) };
    }
    plain.offerFen = Number(fen);
  }
  const dto = plainToInstance(RegisterForListingDto, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length ? { dto: null, error: validationFailed(flattenValidationErrors(errors)) } : { dto, error: null };
}

/**
 * The notice board (`/listings`: the API's search with its filters), a listing's page (`/listings/:listingNo`) and
 * the buyer's registration from it (`POST /listings/:listingNo/register`, the API's rules and messages).
 */
@ApiExcludeController()
@Public()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class ListingPagesController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly config: AppConfig,
    private readonly listings: ListingsService,
    private readonly divisions: DivisionsService,
    private readonly documents: DocumentsService,
    private readonly auctions: AuctionsService,
    private readonly registrations: RegistrationsService,
  ) {}

  @Get('listings')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async board(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query() raw: Record<string, unknown>,
  ): Promise<string> {
    const query = await boardQueryOf(raw);
    // the public notice board: the same for everyone (a seller's drafts are on their desk, not here)
    const page = query.search ? await this.listings.search(undefined, query.search) : null;
    const names = page ? await this.listings.namesFor(page.items) : null;
    const [townships, villages] = await Promise.all([
      this.divisions.townships(),
      /^\d{9}$/.test(query.form.township ?? '') ? this.divisions.children(query.form.township) : [],
    ]);
    if (!page) res.status(400);
    const ctx = await this.context.of(req, res, '交易公告');
    return this.views.page('listings', ctx, {
      query,
      labels: BOARD_LABELS,
      items: page && names ? page.items.map((l) => toListingDto(l, 'public', names)) : [],
      total: page?.total ?? 0,
      totalIsEstimate: page?.totalIsEstimate ?? false,
      pageNo: page?.page ?? 1,
      pages: page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1,
      categories: CATEGORIES.map((c) => ({ code: c.code, name: c.nameZh })),
      statuses: PUBLIC_STATUSES,
      sorts: SORTS,
      townships: townships.map((d) => ({ code: d.code, name: d.name })),
      villages: villages.map((d) => ({ code: d.code, name: d.name })),
    });
  }

  /** The village options of a township (the board's 村 select, refreshed by htmx when the township changes). */
  @Get('listings/villages')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async villages(@Query() raw: Record<string, unknown>): Promise<string> {
    const township = first(raw.township) ?? '';
    const villages = /^\d{9}$/.test(township) ? await this.divisions.children(township) : [];
    return this.views.fragment('village-options', {
      villages: villages.map((d) => ({ code: d.code, name: d.name })),
      selected: '',
    });
  }

  @Get('listings/:listingNo')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async detail(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Param('listingNo') listingNo: string,
    @CurrentUser() caller: AuthUser | undefined,
  ): Promise<string> {
    const registered = first(req.query.registered) === '1';
    return this.renderDetail(req, res, listingNo, caller, { registered });
  }

  @Post('listings/:listingNo/register')
  async register(
    @Req() req: Request,
    @Res() res: Response,
    @Param('listingNo') listingNo: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() caller: AuthUser | undefined,
  ): Promise<void> {
    const here = `/listings/${encodeURIComponent(listingNo)}`;
    if (!caller) {
      res.redirect(303, `/login?next=${encodeURIComponent(here)}`);
      return;
    }
    const { listing } = await this.listings.findVisibleByNo(caller, listingNo);
    const { dto, error } = await registrationOf(body ?? {});
    try {
      if (error) throw error;
      // the API's `@Roles('buyer')`
      if (!caller.roles.includes('buyer')) throw new DomainError('FORBIDDEN');
      await this.registrations.register(caller, listing.id, dto!);
    } catch (failure) {
      const problem = pageErrorOf(failure, req);
      const html = await this.renderDetail(req, res, listingNo, caller, {
        problem,
        form: { note: first(body?.note) ?? '', offer: first(body?.offer) ?? '' },
      });
      res.status(problem.status).type('html').send(html);
      return;
    }
    res.redirect(303, `${here}?registered=1`);
  }

  private async renderDetail(
    req: Request,
    res: Response,
    listingNo: string,
    caller: AuthUser | undefined,
    extra: { registered?: boolean; problem?: PageError; form?: Record<string, string> },
  ): Promise<string> {
    const { listing, view } = await this.listings.findVisibleByNo(caller, listingNo);
    const [names, documents, auction] = await Promise.all([
      this.listings.namesFor([listing]),
      this.documents.list(caller, listing.id, { page: 1, pageSize: 100 }),
      ['BIDDING', 'SOLD', 'FAILED', 'SUSPENDED', 'TERMINATED'].includes(listing.status)
        ? this.auctions.state(listing.id, undefined).catch(() => null)
        : null,
    ]);
    const category = getCategory(listing.categoryCode);
    const dto = toListingDto(listing, view, names);
    const ctx = await this.context.of(req, res, listing.title);
    return this.views.page('listing', ctx, {
      listing: dto,
      category: {
        name: category.nameZh,
        rules: category.rules.descriptionZh,
        priorityRight: category.rules.priorityRight,
      },
      facts: attributeFacts(listing.categoryCode, listing.attributes),
      documents: documents.items.map((d) => ({
        kind: DOCUMENT_KIND_LABELS[d.kind] ?? d.kind,
        fileName: d.fileName,
        href: `/api/v1/listings/${listing.id}/documents/${d.id}`,
      })),
      auction,
      extensionSeconds: auction?.extensionSeconds ?? this.config.AUCTION_EXTENSION_SECONDS,
      depositPayment: DEPOSIT_PAYMENT_FALLBACK,
      mayRegister: listing.status === 'ANNOUNCED' && view !== 'owner',
      isBuyer: !!caller?.roles.includes('buyer'),
      registered: extra.registered ?? false,
      problem: extra.problem ?? null,
      problemFields: Object.keys(extra.problem?.fields ?? {}).map((f) => REGISTER_FIELDS[f] ?? f),
      form: extra.form ?? { note: '', offer: '' },
      here: `/listings/${encodeURIComponent(listing.listingNo)}`,
    });
  }
}
