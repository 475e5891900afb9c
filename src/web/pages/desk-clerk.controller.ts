import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Query,
  Post,
  Req,
  Res,
  StreamableFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CalendarService } from '../../calendar/calendar.service';
import { getCategory } from '../../catalog/domain/category-registry';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { platformNow } from '../../common/database/platform-clock';
import { DomainError } from '../../common/errors/domain-error';
import { validationFailed } from '../../common/errors/validation';
import { PositiveIntParam, UuidParam } from '../../common/http/uuid-param';
import { IsInstant } from '../../common/http/validators';
import { AppConfig } from '../../config/runtime';
import { ContractsService } from '../../contracts/contracts.service';
import { AcceptanceDto, GenerateContractDto, PaymentDto } from '../../contracts/dto/contract.dto';
import { canDealTransition } from '../../deals/domain/deal-status';
import { DealsService } from '../../deals/deals.service';
import { BankRefDto, DefaultDto, NegotiatedDealDto, ResolveObjectionDto } from '../../deals/dto/deal.dto';
import { fileOf } from '../../documents/documents.controller';
import { DocumentsService } from '../../documents/documents.service';
import { IdempotencyInterceptor } from '../../idempotency/idempotency.interceptor';
import { InterventionsService } from '../../interventions/interventions.service';
import { refundsPayable, sellerPayable, retentionHeld } from '../../ledger/domain/accounts';
import { LedgerService } from '../../ledger/ledger.service';
import { announcementMinDays, DEFAULT_AUCTION_MS } from '../../listings/domain/announcement';
import { mayReview } from '../../listings/domain/assisted-listing';
import { SUSPENDABLE_STATUSES, WITHDRAWABLE_STATUSES } from '../../listings/domain/listing-status';
import { PublishListingDto, ReviewListingDto, WithdrawListingDto } from '../../listings/dto/listing.dto';
import { ListingsService } from '../../listings/listings.service';
import { RegistrationOutcomeDto } from '../../registers/dto/filing.dto';
import { FilingsService } from '../../registers/filings.service';
import { DepositDto, QualifyDto, RefundDto } from '../../registrations/dto/registration.dto';
import { RegistrationsService } from '../../registrations/registrations.service';
import {
  ceilToMinute,
  chinaDateAfter,
  chinaLocalOf,
  fenToYuanText,
  instantOfChinaLocal,
  MONEY_FIELD_ERROR,
  yuanToFen,
} from '../desk-work-input';
import { FormBody, formText, pageCount, pageNoOf, pageQuery, validated } from '../desk-forms';
import { attributeFacts, DOCUMENT_KIND_LABELS } from '../listing-facts';
import { PageRenderer } from '../page-renderer';
import { pageErrorOf } from '../page-errors';
import {
  CONTRACT_STATUS_ZH,
  DEAL_STATUS_ZH,
  FILING_STATUS_ZH,
  INSTALMENT_STATUS_ZH,
  LAND_REGISTRATION_ZH,
  OBJECTION_STATUS_ZH,
  REGISTRATION_STATUS_ZH,
  REVIEW_DECISION_ZH,
} from '../status-labels';
import { helpers } from '../view-helpers';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';
import { DeskWorkFormInterceptor, FailureRenderer, RENDER_FAILURE, WORK_KEY_FIELD } from './desk-work-form.interceptor';

type Kind = 'listings' | 'registrations' | 'deals' | 'contracts' | 'filings';

/** A form that failed: which one, the summary, the messages beside its fields and what was typed. */
interface Failed {
  form: string;
  message: string;
  fields: Record<string, string>;
  values: FormBody;
}

/** Page numbers of a work page's lists (`?rpage=` registrations, `?opage=` objections, ...). */
type Pages = Record<string, number>;

/** The notice after a successful form (`?done=`). */
export const DONE_ZH: Readonly<Record<string, string>> = {
  review: '审核意见已提交。',
  publish: '交易公告已发布。',
  suspend: '交易已中止。',
  resume: '交易已恢复。',
  terminate: '交易已终结，已交保证金转为待退还。',
  withdraw: '挂牌已撤回，已交保证金转为待退还。',
  'negotiated-deal': '协议成交已登记，进入成交公示。',
  resolve: '异议已处理。',
  qualify: '资格审查结果已登记。',
  deposit: '保证金到账已登记，已生成竞买号。',
  refund: '保证金退还已登记。',
  confirm: '成交已确认。',
  contract: '合同已生成，待双方签署。',
  default: '已认定受让方违约，保证金没收归出让方。',
  payout: '已向出让方支付。',
  payments: '付款到账已登记。',
  settle: '已结算。',
  acceptance: '验收已确认。',
  release: '质保金已释放。',
  acknowledge: '备案已确认，已通知双方当事人。',
  registration: '登记结果已记录。',
  pending: '同一表单正在提交中，请稍候刷新查看结果。',
};

/** A form field's problem in Chinese (the API's field names; amounts in 元 on the forms). */
export function workFieldMessage(field: string, code: string, message: string): string {
  switch (field) {
    case 'comment':
      return code === 'VALIDATION_FAILED' && /required/.test(message)
        ? '退回修改或不予受理须填写审核意见'
        : '请填写意见（不超过 2000 字）';
    case 'announcementEndsAt':
      // a resumed announcement without its new end: the service's 'needs its new end'
      return /instant|ISO|date|needs its new end/i.test(message)
        ? '请填写公告结束的日期和时间（北京时间）'
        : '公告期不足';
    case 'biddingStartsAt':
    case 'biddingEndsAt':
      return /instant|ISO|date/i.test(message) ? '请填写日期和时间（北京时间）' : '竞价时间不符合要求';
    case 'reason':
      return '请填写原因（1 至 2000 字）';
    case 'bankRef':
      return '请填写银行流水号（1 至 64 个字符）';
    case 'amountFen':
    case 'priceFen':
      return MONEY_FIELD_ERROR;
    case 'handoverOn':
      return '请按 YYYY-MM-DD 填写交接日期，如 2027-01-01';
    case 'note':
      return '请填写说明（不予登记须写明理由）';
    case 'status':
      return '请选择登记结果';
    case 'approve':
      return '请选择通过或不通过';
    case 'registrationId':
      return '请选择保证金已到账的报名人';
    case 'decision':
      return '请选择审核意见';
    default:
      return '此项填写有误';
  }
}

/** An amount field in 元 → fen, or a 400 naming the API's field. */
function fenField(value: unknown, field: string): number {
  const fen = yuanToFen(value);
  if (fen === null || fen < 1) throw validationFailed([{ field, message: `${field} must be an amount in yuan` }]);
  return fen;
}

function reasonOf(body: FormBody): string {
  const reason = formText(body.reason);
  if (!reason || reason.length > 2000) throw validationFailed([{ field: 'reason', message: 'a reason is required' }]);
  return reason;
}

class ResumeForm {
  @IsOptional()
  @IsInstant()
  announcementEndsAt?: string;

  @IsOptional()
  @IsInstant()
  biddingStartsAt?: string;

  @IsOptional()
  @IsInstant()
  biddingEndsAt?: string;
}

/**
 * The clerk's work pages (issue 13, "Clerks"): one page per thing a clerk acts on — a listing, a registration, a
 * deal, a contract, a filing — with its facts and one CSRF-protected form per action the API offers the clerk. Every
 * form calls the same service method as the API's endpoint (no second copy of a rule): success → 303 back with
 * `?done=` (a notice); failure → the page again with the API's status, its Chinese message and the field's problem
 * beside the field. Record deposit and record payment go through the API's IdempotencyInterceptor with a key made
 * per rendered form.
 */
@ApiExcludeController()
@Roles('clerk')
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class DeskClerkController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
    private readonly calendar: CalendarService,
    private readonly listings: ListingsService,
    private readonly documents: DocumentsService,
    private readonly registrations: RegistrationsService,
    private readonly interventions: InterventionsService,
    private readonly deals: DealsService,
    private readonly contracts: ContractsService,
    private readonly filings: FilingsService,
    private readonly ledger: LedgerService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // ───────────────────────────── listings ─────────────────────────────

  @Get('desk/work/listings/:id')
  async listingPage(
    @UuidParam() id: string,
    @CurrentUser() caller: AuthUser,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderListing(caller, id, req, res, 200, null, this.pagesOf(query), formText(query.done));
  }

  /** A listing's document for the clerk (the API's download needs a bearer token; pages have the session). */
  @Get('desk/work/listings/:id/documents/:docId')
  async document(
    @UuidParam() id: string,
    @UuidParam('docId') docId: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<StreamableFile> {
    return fileOf(await this.documents.download(caller, id, docId));
  }

  @Post('desk/work/listings/:id/review')
  review(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'listings', id, 'review', body, async () => {
      const dto = await validated(ReviewListingDto, { decision: body.decision, comment: formText(body.comment) });
      await this.listings.review(caller, id, dto);
    });
  }

  @Post('desk/work/listings/:id/publish')
  publish(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'listings', id, 'publish', body, async () => {
      const dto = await validated(PublishListingDto, {
        announcementEndsAt: instantOfChinaLocal(body.announcementEndsAt),
        biddingStartsAt: instantOfChinaLocal(body.biddingStartsAt),
        biddingEndsAt: instantOfChinaLocal(body.biddingEndsAt),
      });
      await this.listings.publish(caller, id, dto);
    });
  }

  @Post('desk/work/listings/:id/suspend')
  suspend(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'listings', id, 'suspend', body, () =>
      this.interventions.suspend(caller, id, reasonOf(body)),
    );
  }

  @Post('desk/work/listings/:id/resume')
  resume(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'listings', id, 'resume', body, async () => {
      const dto = await validated(ResumeForm, {
        announcementEndsAt: instantOfChinaLocal(body.announcementEndsAt),
        biddingStartsAt: instantOfChinaLocal(body.biddingStartsAt),
        biddingEndsAt: instantOfChinaLocal(body.biddingEndsAt),
      });
      await this.interventions.resume(caller, id, dto);
    });
  }

  @Post('desk/work/listings/:id/terminate')
  terminate(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'listings', id, 'terminate', body, () =>
      this.interventions.terminate(caller, id, reasonOf(body)),
    );
  }

  @Post('desk/work/listings/:id/withdraw')
  withdraw(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'listings', id, 'withdraw', body, async () => {
      const dto = await validated(WithdrawListingDto, { reason: body.reason });
      await this.listings.withdraw(caller, id, dto);
    });
  }

  @Post('desk/work/listings/:id/negotiated-deal')
  negotiated(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'listings', id, 'negotiated-deal', body, async () => {
      const dto = await validated(NegotiatedDealDto, {
        registrationId: body.registrationId,
        priceFen: fenField(body.price, 'priceFen'),
      });
      await this.deals.recordNegotiated(caller, id, dto.registrationId, dto.priceFen);
    });
  }

  @Post('desk/work/listings/:id/objections/:objectionId/resolve')
  resolveListingObjection(
    @UuidParam() id: string,
    @UuidParam('objectionId') objectionId: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.resolve(caller, req, res, 'listings', id, objectionId, body);
  }

  // ───────────────────────────── registrations ─────────────────────────────

  @Get('desk/work/registrations/:id')
  async registrationPage(
    @UuidParam() id: string,
    @CurrentUser() caller: AuthUser,
    @Query('done') done: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderRegistration(caller, id, req, res, 200, null, formText(done));
  }

  @Post('desk/work/registrations/:id/qualify')
  qualify(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'registrations', id, 'qualify', body, async () => {
      const approve = body.approve === 'true' ? true : body.approve === 'false' ? false : undefined;
      const dto = await validated(QualifyDto, {
        approve,
        priorityRight: approve && body.priorityRight === 'true' ? true : undefined,
        reason: formText(body.reason),
      });
      await this.registrations.qualify(caller, id, dto);
    });
  }

  @Post('desk/work/registrations/:id/deposit')
  @UseInterceptors(DeskWorkFormInterceptor, IdempotencyInterceptor)
  async deposit(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    // the response is written by DeskWorkFormInterceptor (a redirect, or the page again with the error)
    @Res() res: Response,
  ): Promise<unknown> {
    this.onFailure(req, (error) => this.failed(caller, req, res, 'registrations', id, 'deposit', body, error));
    const dto = await validated(DepositDto, {
      amountFen: fenField(body.amount, 'amountFen'),
      bankRef: formText(body.bankRef),
    });
    return this.registrations.recordDeposit(caller, id, dto);
  }

  @Post('desk/work/registrations/:id/refund')
  refund(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'registrations', id, 'refund', body, async () => {
      const dto = await validated(RefundDto, { bankRef: formText(body.bankRef) });
      await this.registrations.refund(caller, id, dto);
    });
  }

  // ───────────────────────────── deals ─────────────────────────────

  @Get('desk/work/deals/:id')
  async dealPage(
    @UuidParam() id: string,
    @CurrentUser() caller: AuthUser,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderDeal(caller, id, req, res, 200, null, this.pagesOf(query), formText(query.done));
  }

  @Post('desk/work/deals/:id/objections/:objectionId/resolve')
  resolveDealObjection(
    @UuidParam() id: string,
    @UuidParam('objectionId') objectionId: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.resolve(caller, req, res, 'deals', id, objectionId, body);
  }

  @Post('desk/work/deals/:id/confirm')
  confirm(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'deals', id, 'confirm', body, () => this.deals.confirm(caller, id));
  }

  @Post('desk/work/deals/:id/contract')
  generate(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'deals', id, 'contract', body, async () => {
      const dto = await validated(GenerateContractDto, { handoverOn: formText(body.handoverOn) });
      await this.contracts.generate(caller, id, dto.handoverOn);
    });
  }

  @Post('desk/work/deals/:id/default')
  declareDefault(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'deals', id, 'default', body, async () => {
      const dto = await validated(DefaultDto, { reason: body.reason });
      await this.deals.declareDefault(caller, id, dto.reason);
    });
  }

  @Post('desk/work/deals/:id/payout')
  payout(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'deals', id, 'payout', body, async () => {
      const dto = await validated(BankRefDto, { bankRef: formText(body.bankRef) });
      await this.deals.payout(caller, id, dto.bankRef);
    });
  }

  // ───────────────────────────── contracts ─────────────────────────────

  @Get('desk/work/contracts/:id')
  async contractPage(
    @UuidParam() id: string,
    @CurrentUser() caller: AuthUser,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderContract(caller, id, req, res, 200, null, this.pagesOf(query), formText(query.done));
  }

  @Post('desk/work/contracts/:id/payments')
  @UseInterceptors(DeskWorkFormInterceptor, IdempotencyInterceptor)
  async pay(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    // the response is written by DeskWorkFormInterceptor (a redirect, or the page again with the error)
    @Res() res: Response,
  ): Promise<unknown> {
    this.onFailure(req, (error) => this.failed(caller, req, res, 'contracts', id, 'payments', body, error));
    const dto = await validated(PaymentDto, {
      amountFen: fenField(body.amount, 'amountFen'),
      bankRef: formText(body.bankRef),
    });
    return this.contracts.recordPayment(caller, id, dto.amountFen, dto.bankRef);
  }

  @Post('desk/work/contracts/:id/settle')
  settle(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'contracts', id, 'settle', body, async () => {
      const dto = await validated(BankRefDto, { bankRef: formText(body.bankRef) });
      await this.contracts.settle(caller, id, dto.bankRef);
    });
  }

  @Post('desk/work/contracts/:id/instalments/:no/settle')
  settleInstalment(
    @UuidParam() id: string,
    @PositiveIntParam('no') no: number,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(
      caller,
      req,
      res,
      'contracts',
      id,
      'settle',
      { ...body, no: String(no) },
      async () => {
        const dto = await validated(BankRefDto, { bankRef: formText(body.bankRef) });
        await this.contracts.settleInstalment(caller, id, no, dto.bankRef);
      },
      `settle-${no}`,
    );
  }

  @Post('desk/work/contracts/:id/acceptance')
  accept(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'contracts', id, 'acceptance', body, async () => {
      const dto = await validated(AcceptanceDto, { accepted: true, note: formText(body.note) });
      await this.contracts.accept(caller, id, dto.note);
    });
  }

  @Post('desk/work/contracts/:id/retention/release')
  releaseRetention(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'contracts', id, 'release', body, async () => {
      const dto = await validated(BankRefDto, { bankRef: formText(body.bankRef) });
      await this.contracts.releaseRetention(caller, id, dto.bankRef);
    });
  }

  // ───────────────────────────── filings ─────────────────────────────

  @Get('desk/work/filings/:id')
  async filingPage(
    @UuidParam() id: string,
    @CurrentUser() caller: AuthUser,
    @Query('done') done: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderFiling(caller, id, req, res, 200, null, formText(done));
  }

  @Post('desk/work/filings/:id/acknowledge')
  acknowledge(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'filings', id, 'acknowledge', body, () => this.filings.acknowledge(caller, id));
  }

  @Post('desk/work/filings/:id/registration')
  registrationOutcome(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(caller, req, res, 'filings', id, 'registration', body, async () => {
      const dto = await validated(RegistrationOutcomeDto, { status: body.status, note: formText(body.note) });
      await this.filings.recordRegistration(caller, id, dto.status, dto.note);
    });
  }

  // ───────────────────────────── the forms' plumbing ─────────────────────────────

  private pagesOf(query: Record<string, unknown>): Pages {
    return { r: pageNoOf(query.rpage), o: pageNoOf(query.opage), d: pageNoOf(query.dpage), p: pageNoOf(query.ppage) };
  }

  private onFailure(req: Request, render: FailureRenderer): void {
    (req as Request & { [RENDER_FAILURE]?: FailureRenderer })[RENDER_FAILURE] = render;
  }

  /** Runs a form's action: 303 back to the page with `?done=` or the page again with the error. */
  private async act(
    caller: AuthUser,
    req: Request,
    res: Response,
    kind: Kind,
    id: string,
    form: string,
    body: FormBody,
    run: () => Promise<unknown>,
    failedForm = form,
  ): Promise<void> {
    try {
      await run();
      res.redirect(303, `/desk/work/${kind}/${id}?done=${form}`);
    } catch (error) {
      await this.failed(caller, req, res, kind, id, failedForm, body, error);
    }
  }

  private resolve(
    caller: AuthUser,
    req: Request,
    res: Response,
    kind: 'listings' | 'deals',
    id: string,
    objectionId: string,
    body: FormBody,
  ): Promise<void> {
    return this.act(
      caller,
      req,
      res,
      kind,
      id,
      'resolve',
      body,
      async () => {
        const upheld = body.upheld === 'true' ? true : body.upheld === 'false' ? false : undefined;
        const dto = await validated(ResolveObjectionDto, { upheld, comment: body.comment });
        await this.deals.resolveObjection(caller, objectionId, dto.upheld, dto.comment);
      },
      `resolve-${objectionId}`,
    );
  }

  /** The page again with the failed form's message, its fields' problems and what was typed. */
  private async failed(
    caller: AuthUser,
    req: Request,
    res: Response,
    kind: Kind,
    id: string,
    form: string,
    body: FormBody,
    error: unknown,
  ): Promise<void> {
    const problem = pageErrorOf(error, req);
    if (problem.status >= 500 || problem.code === 'NOT_FOUND' || problem.code === 'FORBIDDEN') throw error;
    const fields: Record<string, string> = {};
    for (const [path, message] of Object.entries(problem.fields)) {
      const field = path.split(/[.[]/)[0];
      fields[field] ??=
        problem.code === 'VALIDATION_FAILED' ? workFieldMessage(field, problem.code, message) : problem.message;
    }
    if (error instanceof DomainError && error.code === 'ANNOUNCEMENT_TOO_SHORT') {
      // the API's message carries the earliest end as an ISO instant: say it in China time
      const earliest = typeof error.params.earliest === 'string' ? helpers.time(error.params.earliest) : '';
      fields.announcementEndsAt = `公告期不足：不少于 ${error.params.minDays} 个工作日（遇法定节假日顺延），最早可于 ${earliest} 结束`;
    }
    const { _csrf: _token, [WORK_KEY_FIELD]: _key, ...values } = body;
    const failed: Failed = {
      form,
      message:
        problem.code === 'VALIDATION_FAILED' || Object.keys(fields).length > 0
          ? '请按提示修改标出的项目后再提交'
          : problem.message,
      fields,
      values,
    };
    const none: Pages = { r: 1, o: 1, d: 1, p: 1 };
    switch (kind) {
      case 'listings':
        return this.renderListing(caller, id, req, res, problem.status, failed, none);
      case 'registrations':
        return this.renderRegistration(caller, id, req, res, problem.status, failed);
      case 'deals':
        return this.renderDeal(caller, id, req, res, problem.status, failed, none);
      case 'contracts':
        return this.renderContract(caller, id, req, res, problem.status, failed, none);
      case 'filings':
        return this.renderFiling(caller, id, req, res, problem.status, failed);
    }
  }

  private async send(
    req: Request,
    res: Response,
    status: number,
    view: string,
    title: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.pages.send(req, res, status, view, title, {
      ...data,
      done: typeof data.done === 'string' && Object.hasOwn(DONE_ZH, data.done) ? DONE_ZH[data.done] : undefined,
    });
  }

  private async namesOf(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((i): i is string => typeof i === 'string'))];
    if (wanted.length === 0) return new Map();
    const rows = (await this.dataSource.query(`SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [wanted])) as {
      id: string;
      name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  // ───────────────────────────── the pages ─────────────────────────────

  private async renderListing(
    caller: AuthUser,
    id: string,
    req: Request,
    res: Response,
    status: number,
    failed: Failed | null,
    lists: Pages,
    done?: string,
  ): Promise<void> {
    const { listing } = await this.listings.findVisible(caller, id);
    const category = getCategory(listing.categoryCode);
    const [docs, regs, objections, reviews, names, deal] = await Promise.all([
      this.documents.list(caller, id, pageQuery(lists.d)),
      this.registrations.findForListing(id, pageQuery(lists.r)),
      this.interventions.objectionsOf(caller, id, pageQuery(lists.o)),
      this.dataSource.query(
        `SELECT r.decision, r.comment, r.created_at, u.name AS clerk
           FROM listing_reviews r LEFT JOIN users u ON u.id = r.clerk_id
          WHERE r.listing_id = $1 ORDER BY r.created_at DESC, r.id LIMIT 50`,
        [id],
      ) as Promise<{ decision: string; comment: string | null; created_at: Date; clerk: string | null }[]>,
      this.listings.namesFor([listing]),
      this.dataSource.query(`SELECT id FROM deals WHERE listing_id = $1 ORDER BY created_at DESC LIMIT 1`, [
        id,
      ]) as Promise<{ id: string }[]>,
    ]);
    const buyers = await this.registrations.buyersOf(regs.items);
    const people = await this.namesOf([...listing.approvedBy, ...objections.items.map((o) => o.raisedBy)]);

    // the announcement: the category's minimum in working days from the platform's now, on the official calendar
    const now = await platformNow(this.dataSource.manager);
    const minDays = announcementMinDays(listing.categoryCode, this.config.ANNOUNCEMENT_MIN_WORKING_DAYS);
    const workingCalendar = await this.calendar.current();
    const earliest = workingCalendar.addWorkingDays(now, minDays);
    // minDays 0: the end only may not be past; leave the clerk ten minutes to submit the form
    const proposed = minDays === 0 ? ceilToMinute(new Date(now.getTime() + 10 * 60_000)) : ceilToMinute(earliest);
    // the four-eyes rule is the service's (mayReview): never one's own listing nor one drafted for a farmer (代办)
    const own = !mayReview(listing, caller.id);
    const approvedByMe = listing.approvedBy.includes(caller.id);
    const announcementOver = listing.announcementEndsAt !== null && listing.announcementEndsAt <= now;

    await this.send(req, res, status, 'desk-work-listing', `挂牌项目 ${listing.listingNo}`, {
      listing,
      category,
      facts: attributeFacts(listing.categoryCode, listing.attributes),
      owner: names.owners.get(listing.ownerId) ?? '—',
      village: names.divisions.get(listing.villageCode) ?? listing.villageCode,
      township: names.divisions.get(listing.townshipCode) ?? listing.townshipCode,
      docs,
      docPages: pageCount(docs.total),
      docKinds: DOCUMENT_KIND_LABELS,
      reviews,
      reviewZh: REVIEW_DECISION_ZH,
      regs: regs.items.map((r) => ({ ...r, buyerName: buyers.get(r.buyerId)?.name ?? '—' })),
      regTotal: regs.total,
      regPages: pageCount(regs.total),
      regStatus: REGISTRATION_STATUS_ZH,
      paidRegs: regs.items.filter((r) => r.status === 'DEPOSIT_PAID'),
      objections: objections.items.map((o) => ({ ...o, raiserName: people.get(o.raisedBy) ?? '—' })),
      objTotal: objections.total,
      objPages: pageCount(objections.total),
      objectionZh: OBJECTION_STATUS_ZH,
      lists,
      approvers: listing.approvedBy.map((a) => people.get(a) ?? a),
      own,
      approvedByMe,
      mayReview: listing.status === 'SUBMITTED' && !own && !approvedByMe,
      minDays,
      earliest,
      proposedEnd: chinaLocalOf(proposed),
      defaultAuctionHours: DEFAULT_AUCTION_MS / 3600_000,
      mayNegotiate: listing.tradingMethod === 'NEGOTIATED' && listing.status === 'ANNOUNCED' && announcementOver,
      mayWithdraw:
        WITHDRAWABLE_STATUSES.includes(listing.status) &&
        !(listing.status === 'ANNOUNCED' && listing.biddingStartsAt && listing.biddingStartsAt <= now),
      maySuspend: SUSPENDABLE_STATUSES.includes(listing.status),
      dealId: deal[0]?.id ?? null,
      failed,
      done,
    });
  }

  private async renderRegistration(
    caller: AuthUser,
    id: string,
    req: Request,
    res: Response,
    status: number,
    failed: Failed | null,
    done?: string,
  ): Promise<void> {
    const registration = await this.registrations.findVisible(caller, id);
    const { listing } = await this.listings.findVisible(caller, registration.listingId);
    const buyers = await this.registrations.buyersOf([registration]);
    const refundFen = await this.ledger.balanceOf(this.dataSource.manager, refundsPayable(id));
    const category = getCategory(listing.categoryCode);
    const now = await platformNow(this.dataSource.manager);
    const running =
      listing.status === 'ANNOUNCED' && !(listing.announcementEndsAt && listing.announcementEndsAt <= now);
    await this.send(
      req,
      res,
      status,
      'desk-work-registration',
      `报名 ${buyers.get(registration.buyerId)?.name ?? ''}`,
      {
        registration,
        buyer: buyers.get(registration.buyerId) ?? null,
        listing,
        category,
        regStatus: REGISTRATION_STATUS_ZH,
        running,
        refundFen,
        depositText: fenToYuanText(listing.depositFen),
        idempotencyKey: randomUUID(),
        failed,
        done,
      },
    );
  }

  private async renderDeal(
    caller: AuthUser,
    id: string,
    req: Request,
    res: Response,
    status: number,
    failed: Failed | null,
    lists: Pages,
    done?: string,
  ): Promise<void> {
    const { deal } = await this.deals.findVisible(caller, { id });
    const { listing } = await this.listings.findVisible(caller, deal.listingId);
    const objections = await this.deals.objectionsOf(caller, id, pageQuery(lists.o));
    const people = await this.namesOf([deal.buyerId, deal.sellerId, ...objections.items.map((o) => o.raisedBy)]);
    const contract = (await this.dataSource.query(
      `SELECT id, contract_no, status FROM contracts WHERE deal_id = $1 LIMIT 1`,
      [id],
    )) as { id: string; contract_no: string; status: string }[];
    const owedFen = await this.ledger.balanceOf(this.dataSource.manager, sellerPayable(id));
    const now = await platformNow(this.dataSource.manager);
    const openObjections = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM deal_objections WHERE deal_id = $1 AND status = 'OPEN'`,
      [id],
    )) as { n: number }[];
    await this.send(req, res, status, 'desk-work-deal', `成交 ${listing.listingNo}`, {
      deal,
      listing,
      buyer: people.get(deal.buyerId) ?? '—',
      seller: people.get(deal.sellerId) ?? '—',
      dealZh: DEAL_STATUS_ZH,
      objections: objections.items.map((o) => ({ ...o, raiserName: people.get(o.raisedBy) ?? '—' })),
      objTotal: objections.total,
      objPages: pageCount(objections.total),
      objectionZh: OBJECTION_STATUS_ZH,
      openObjections: openObjections[0]?.n ?? 0,
      publicityOver: deal.publicityEndsAt <= now,
      contract: contract[0] ?? null,
      handoverDefault: deal.confirmedAt ? chinaDateAfter(deal.confirmedAt, 1) : '',
      mayDefault: canDealTransition(deal.status, 'DEFAULTED'),
      owedFen,
      lists,
      failed,
      done,
    });
  }

  private async renderContract(
    caller: AuthUser,
    id: string,
    req: Request,
    res: Response,
    status: number,
    failed: Failed | null,
    lists: Pages,
    done?: string,
  ): Promise<void> {
    const view = await this.contracts.findVisible(caller, id);
    const { contract, deal, certificate } = view;
    const statement = await this.contracts.statement(caller, id);
    const { page: payments } = await this.contracts.payments(caller, id, pageQuery(lists.p));
    const people = await this.namesOf([contract.sellerId, contract.buyerId]);
    const filing = (await this.dataSource.query(`SELECT id, status FROM filings WHERE contract_id = $1 LIMIT 1`, [
      id,
    ])) as { id: string; status: string }[];
    const retentionFen = await this.ledger.balanceOf(this.dataSource.manager, retentionHeld(deal.id));
    const { listing } = await this.listings.findVisible(caller, deal.listingId);
    await this.send(req, res, status, 'desk-work-contract', `合同 ${contract.contractNo}`, {
      contract,
      deal,
      listing,
      certificate,
      seller: people.get(contract.sellerId) ?? '—',
      buyer: people.get(contract.buyerId) ?? '—',
      statement,
      instalments: statement.instalments,
      laterToSettle: statement.instalments.filter((i) => i.no > 1 && i.status === 'PAID'),
      payments: payments.items,
      payTotal: payments.total,
      payPages: pageCount(payments.total),
      contractZh: CONTRACT_STATUS_ZH,
      instalmentZh: INSTALMENT_STATUS_ZH,
      procurement: listing.categoryCode === 'AGRI_PROJECT',
      retentionFen,
      filing: filing[0] ?? null,
      outstandingText: fenToYuanText(statement.outstandingFen),
      idempotencyKey: randomUUID(),
      lists,
      failed,
      done,
    });
  }

  private async renderFiling(
    caller: AuthUser,
    id: string,
    req: Request,
    res: Response,
    status: number,
    failed: Failed | null,
    done?: string,
  ): Promise<void> {
    const filing = await this.filings.findVisible(caller, id);
    await this.send(req, res, status, 'desk-work-filing', `备案 ${filing.contractNo}`, {
      filing,
      filingZh: FILING_STATUS_ZH,
      landZh: LAND_REGISTRATION_ZH,
      failed,
      done,
    });
  }
}
