import {
  Body,
  Controller,
  Get,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource, In } from 'typeorm';
import { maskIdNumber } from '../../accounts/domain/identity';
import { User } from '../../accounts/entities/user.entity';
import { AuditEntry } from '../../audit/entities/audit-entry.entity';
import {
  CATEGORIES,
  allowedTransferModes,
  findCategory,
  resolutionRequiredFor,
} from '../../catalog/domain/category-registry';
import type { CategoryDefinition, PartyType } from '../../catalog/domain/category.types';
import { BOUNDARY_SIDES, TRANSFER_MODE_LABELS } from '../../catalog/domain/category.types';
import { AuthUser, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { validationFailed } from '../../common/errors/validation';
import { UuidParam } from '../../common/http/uuid-param';
import { DivisionsService } from '../../divisions/divisions.service';
import { LISTING_DOCUMENT_KINDS, type DocumentKind } from '../../documents/document.entity';
import { fileOf } from '../../documents/documents.controller';
import { DocumentsService, UploadedFile as StoredUpload } from '../../documents/documents.service';
import { actingAs } from '../../listings/domain/assisted-listing';
import { DEPOSIT_MAX_BP, DEPOSIT_MIN_BP } from '../../listings/domain/listing-rules';
import { EDITABLE_STATUSES, PUBLIC_STATUSES, WITHDRAWABLE_STATUSES } from '../../listings/domain/listing-status';
import { requiredDocumentKinds } from '../../listings/domain/required-documents';
import { CreateListingDto, UpdateListingDto, WithdrawListingDto } from '../../listings/dto/listing.dto';
import { ListingReview } from '../../listings/entities/listing-review.entity';
import { Listing } from '../../listings/entities/listing.entity';
import { toListingDto } from '../../listings/listing.mapper';
import { ListingsService } from '../../listings/listings.service';
import { attributeFacts, DOCUMENT_KIND_LABELS } from '../listing-facts';
import {
  attributeFields,
  CATEGORY_HINTS,
  FormValues,
  formFieldErrors,
  formValuesOf,
  formValuesOfListing,
  parseListingForm,
  PRICE_UNIT_FORM_LABELS,
  reserveSummary,
} from '../listing-form';
import { timelineOf } from '../listing-timeline';
import { FormBody, isUuid, pageQuery, validated } from '../desk-forms';
import { ListingDocumentUpload, uploadFileMessage, UploadRequest } from '../desk-upload.interceptor';
import { PageRenderer } from '../page-renderer';
import { pageErrorOf } from '../page-errors';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

const DONE: Readonly<Record<string, string>> = {
  created: '草稿已保存。请上传材料，然后提交审核。',
  saved: '修改已保存。',
  uploaded: '材料已上传。',
  submitted: '已提交审核，请等待交易中心审核。',
  withdrawn: '挂牌已撤回。',
};

const CLIENT_PROBLEM_ZH: Readonly<Record<string, string>> = {
  NOT_A_SELLER: '该账号不是出让方账号，不能代办挂牌（请其注册时选择“出让方”）',
  PARTY_TYPE: '只能为农户或农村集体经济组织代办挂牌',
  STAFF_ACCOUNT: '不能为工作人员账号代办挂牌',
  DISABLED: '该账号已停用',
};

/** The lister of a wizard: the caller (a seller) or, for 代办, the farmer the clerk found. */
interface Lister {
  user: User;
  assisted: boolean;
}

/**
 * The seller's listing pages (issue 13, "Sellers" and "Assisted listing"): the wizard `/desk/listings/new`, a
 * listing's page `/desk/listings/:id` (facts, timeline, documents with upload, edit, submit, withdraw), and the
 * clerk's assisted listing `/desk/assisted/new` (代办挂牌) with the same form. Every write goes through the API's
 * services and checks; errors show in Chinese beside their fields, the typed values kept.
 */
@ApiExcludeController()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class DeskSellerController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly listings: ListingsService,
    private readonly documents: DocumentsService,
    private readonly divisions: DivisionsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // ---- the wizard -------------------------------------------------------------------------------------------

  @Get('desk/listings/new')
  @Roles('seller')
  async newListing(
    @CurrentUser() caller: AuthUser,
    @Query('category') code: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lister = { user: await this.userOf(caller.id), assisted: false };
    await this.wizard(req, res, 200, lister, code, null);
  }

  @Post('desk/listings/new')
  @Roles('seller')
  async createListing(
    @CurrentUser() caller: AuthUser,
    @Body() body: FormBody,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lister = { user: await this.userOf(caller.id), assisted: false };
    await this.save(caller, lister, body, req, res);
  }

  @Get('desk/assisted/new')
  @Roles('clerk')
  async assistedNew(
    @CurrentUser() caller: AuthUser,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const phone = typeof query.phone === 'string' ? query.phone.trim() : '';
    const sellerId = typeof query.seller === 'string' ? query.seller : '';
    if (!sellerId) {
      if (!phone) return this.sendLookup(req, res, 200, caller, { phone: '' });
      try {
        if (!/^1\d{10}$/.test(phone)) throw validationFailed([{ field: 'phone', message: 'phone' }]);
        const user = await this.listings.findAssistable(caller, { phone });
        return res.redirect(303, `/desk/assisted/new?seller=${user.id}`);
      } catch (error) {
        const problem = pageErrorOf(error, req);
        if (problem.status >= 500) throw error;
        const message =
          problem.code === 'NOT_FOUND'
            ? '未找到该手机号的账号：请农户先注册（出让方），或核对手机号'
            : (CLIENT_PROBLEM_ZH[problem.fields.phone] ?? '请填写 11 位手机号');
        return this.sendLookup(req, res, problem.status === 404 ? 404 : 400, caller, { phone, error: message });
      }
    }
    if (!isUuid(sellerId)) throw new DomainError('NOT_FOUND');
    const lister = { user: await this.listings.findAssistable(caller, { id: sellerId }), assisted: true };
    await this.wizard(req, res, 200, lister, query.category, null);
  }

  @Post('desk/assisted/new')
  @Roles('clerk')
  async createAssisted(
    @CurrentUser() caller: AuthUser,
    @Body() body: FormBody,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const sellerId = isUuid(body.seller) ? body.seller : null;
    if (!sellerId) throw new DomainError('NOT_FOUND');
    const lister = { user: await this.listings.findAssistable(caller, { id: sellerId }), assisted: true };
    await this.save(caller, lister, body, req, res);
  }

  // ---- one listing ------------------------------------------------------------------------------------------

  @Get('desk/listings/:id')
  async listingPage(
    @CurrentUser() caller: AuthUser,
    @UuidParam() id: string,
    @Query('done') done: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.sendListing(req, res, 200, caller, id, {
      done: typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined,
    });
  }

  @Get('desk/listings/:id/edit')
  async editPage(
    @CurrentUser() caller: AuthUser,
    @UuidParam() id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const listing = await this.editable(caller, id);
    const lister = { user: await this.userOf(listing.ownerId), assisted: listing.assistedBy !== null };
    await this.wizard(req, res, 200, lister, listing.categoryCode, {
      listing,
      values: formValuesOfListing(listing),
      fields: {},
    });
  }

  @Post('desk/listings/:id/edit')
  async edit(
    @CurrentUser() caller: AuthUser,
    @UuidParam() id: string,
    @Body() body: FormBody,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const listing = await this.editable(caller, id);
    const lister = { user: await this.userOf(listing.ownerId), assisted: listing.assistedBy !== null };
    const category = findCategory(listing.categoryCode)!;
    const values = formValuesOf(body, category);
    const parsed = parseListingForm(values, category, lister.user.partyType, true);
    if (body._action === 'calc') {
      return this.wizard(req, res, 200, lister, category.code, { listing, values, fields: parsed.errors, calc: true });
    }
    try {
      if (Object.keys(parsed.errors).length > 0) throw validationFailed([]);
      const { categoryCode: _code, ...patch } = parsed.body;
      const dto = await validated(UpdateListingDto, patch);
      await this.listings.update(caller, id, dto);
      res.redirect(303, `/desk/listings/${id}?done=saved`);
    } catch (error) {
      await this.formError(error, req, res, lister, category, values, parsed.errors, listing);
    }
  }

  @Post('desk/listings/:id/documents')
  @UseInterceptors(ListingDocumentUpload)
  async upload(
    @CurrentUser() caller: AuthUser,
    @UuidParam() id: string,
    @Body() body: FormBody,
    @UploadedFile() file: StoredUpload | undefined,
    @Req() req: UploadRequest,
    @Res() res: Response,
  ): Promise<void> {
    const kind = typeof body?.kind === 'string' ? body.kind : '';
    try {
      if (req.uploadProblem) throw req.uploadProblem;
      const problems = [];
      if (!(LISTING_DOCUMENT_KINDS as readonly string[]).includes(kind))
        problems.push({ field: 'kind', message: 'kind' });
      if (!file || file.size === 0) problems.push({ field: 'file', message: 'file' });
      if (problems.length > 0) throw validationFailed(problems);
      await this.documents.upload(caller, id, kind as DocumentKind, file!);
      res.redirect(303, `/desk/listings/${id}?done=uploaded#documents`);
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500) throw error;
      const fields: Record<string, string> = {};
      if (problem.code === 'VALIDATION_FAILED') {
        if (problem.fields.kind) fields.kind = '请选择材料类型';
        if (problem.fields.file) fields.file = uploadFileMessage(problem.code, problem.message);
      } else {
        fields.file = uploadFileMessage(problem.code, problem.message);
      }
      await this.sendListing(req, res, problem.status, caller, id, { fields, kind });
    }
  }

  @Get('desk/listings/:id/documents/:docId')
  async download(
    @CurrentUser() caller: AuthUser,
    @UuidParam() id: string,
    @UuidParam('docId') docId: string,
  ): Promise<StreamableFile> {
    const { view } = await this.listings.findVisible(caller, id);
    if (view === 'public') throw new DomainError('NOT_FOUND');
    return fileOf(await this.documents.download(caller, id, docId));
  }

  @Post('desk/listings/:id/submit')
  async submit(
    @CurrentUser() caller: AuthUser,
    @UuidParam() id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.listings.submit(caller, id);
      res.redirect(303, `/desk/listings/${id}?done=submitted`);
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500) throw error;
      let message = problem.message;
      if (problem.code === 'DOCUMENT_MISSING' && problem.fields.documents) {
        const kind = problem.fields.documents;
        message = `缺少必需的材料：${DOCUMENT_KIND_LABELS[kind] ?? kind}，请先上传`;
      } else if (problem.code === 'VALIDATION_FAILED') {
        message = '挂牌信息不完整或有误，请先修改后再提交';
      }
      await this.sendListing(req, res, problem.status, caller, id, { submitError: message });
    }
  }

  @Post('desk/listings/:id/withdraw')
  async withdraw(
    @CurrentUser() caller: AuthUser,
    @UuidParam() id: string,
    @Body() body: FormBody,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const reason = typeof body.reason === 'string' ? body.reason.slice(0, 2000) : '';
    try {
      const dto = await validated(WithdrawListingDto, { reason });
      await this.listings.withdraw(caller, id, dto);
      res.redirect(303, `/desk/listings/${id}?done=withdrawn`);
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500) throw error;
      const fields = { reason: problem.code === 'VALIDATION_FAILED' ? '请填写撤回原因' : problem.message };
      await this.sendListing(req, res, problem.status, caller, id, { fields, reason });
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private async userOf(id: string): Promise<User> {
    return this.dataSource.getRepository(User).findOneByOrFail({ id });
  }

  /** A listing the caller may edit now (its owner, or its assisting clerk, while DRAFT or RETURNED). */
  private async editable(caller: AuthUser, id: string): Promise<Listing> {
    const { listing, view } = await this.listings.findVisible(caller, id);
    if (view === 'public') throw new DomainError('NOT_FOUND');
    if (!actingAs(listing, caller)) {
      const assisting = listing.assistedBy === caller.id && caller.roles.includes('clerk');
      throw new DomainError(view === 'owner' || assisting ? 'LISTING_NOT_EDITABLE' : 'FORBIDDEN');
    }
    if (!EDITABLE_STATUSES.includes(listing.status)) throw new DomainError('LISTING_NOT_EDITABLE');
    return listing;
  }

  /** Creates the draft (保存草稿) or, with 计算, re-renders the form with the total and deposit range. */
  private async save(caller: AuthUser, lister: Lister, body: FormBody, req: Request, res: Response): Promise<void> {
    const category = this.categoryFor(lister.user.partyType, body.categoryCode);
    if (!category) return this.wizard(req, res, 400, lister, undefined, null);
    const values = formValuesOf(body, category);
    const parsed = parseListingForm(values, category, lister.user.partyType);
    if (body._action === 'calc') {
      return this.wizard(req, res, 200, lister, category.code, { values, fields: parsed.errors, calc: true });
    }
    try {
      if (Object.keys(parsed.errors).length > 0) {
        // what the form could not read, together with what the API says of the rest
        await validated(CreateListingDto, parsed.body).catch((error: unknown) => {
          parsed.errors = { ...formFieldErrors(pageErrorOf(error, req).fields, category, values), ...parsed.errors };
        });
        throw validationFailed([]);
      }
      const dto = await validated(CreateListingDto, parsed.body);
      const listing = lister.assisted
        ? await this.listings.create(caller, dto, { forSellerId: lister.user.id })
        : await this.listings.create(caller, dto);
      res.redirect(303, `/desk/listings/${listing.id}?done=created`);
    } catch (error) {
      await this.formError(error, req, res, lister, category, values, parsed.errors);
    }
  }

  private async formError(
    error: unknown,
    req: Request,
    res: Response,
    lister: Lister,
    category: CategoryDefinition,
    values: FormValues,
    parseErrors: Record<string, string>,
    listing?: Listing,
  ): Promise<void> {
    const problem = pageErrorOf(error, req);
    if (problem.status >= 500) throw error;
    const fields = { ...formFieldErrors(problem.fields, category, values), ...parseErrors };
    // a 422 names its field: the contract's message (Chinese) beside it
    if (problem.code !== 'VALIDATION_FAILED') {
      for (const key of Object.keys(problem.fields)) fields[formFieldErrorKey(key)] = problem.message;
    }
    const summary =
      problem.code === 'VALIDATION_FAILED'
        ? '请按提示修改标出的项目后再保存'
        : Object.keys(problem.fields).length > 0
          ? '请按提示修改标出的项目后再保存'
          : problem.message;
    await this.wizard(req, res, problem.status, lister, category.code, { listing, values, fields, error: summary });
  }

  /** The categories a party type may list (step 1), or the one asked for when it may. */
  private categoryFor(partyType: PartyType, code: unknown): CategoryDefinition | null {
    const category = typeof code === 'string' ? findCategory(code) : undefined;
    return category && category.listerTypes.includes(partyType) ? category : null;
  }

  /** Step 1 (the category) or step 2 (the form) of the wizard, for a new listing, an assisted one, or an edit. */
  private async wizard(
    req: Request,
    res: Response,
    status: number,
    lister: Lister,
    code: unknown,
    form: {
      listing?: Listing;
      values: FormValues;
      fields: Record<string, string>;
      error?: string;
      calc?: boolean;
    } | null,
  ): Promise<void> {
    const partyType = lister.user.partyType;
    const category = this.categoryFor(partyType, code);
    const client = lister.assisted
      ? {
          id: lister.user.id,
          name: lister.user.name,
          partyType,
          idMasked: maskIdNumber(lister.user.idNumber ?? lister.user.creditCode ?? ''),
        }
      : null;
    const base = lister.assisted ? `/desk/assisted/new?seller=${lister.user.id}&` : '/desk/listings/new?';
    if (!category) {
      await this.pages.send(req, res, status, 'desk-listing-category', lister.assisted ? '代办挂牌' : '我要挂牌', {
        client,
        base,
        asked: typeof code === 'string' && code !== '',
        categories: CATEGORIES.filter((c) => c.listerTypes.includes(partyType)).map((c) => ({
          code: c.code,
          name: c.nameZh,
          hint: CATEGORY_HINTS[c.code],
        })),
      });
      return;
    }
    const values = form?.values ?? formValuesOf({}, category);
    if (!form) {
      values.transferMode = category.transferModes[0];
      values.priceUnit = category.priceUnits.includes('PER_YEAR') ? 'PER_YEAR' : category.priceUnits[0];
      values.tradingMethod = 'AUCTION';
      if (partyType === 'COLLECTIVE' && lister.user.villageCode) values.villageCode = lister.user.villageCode;
    }
    const parsed = parseListingForm(values, category, partyType);
    const summary = reserveSummary(parsed.body);
    const editing = form?.listing;
    await this.pages.send(
      req,
      res,
      status,
      'desk-listing-form',
      editing ? `修改挂牌：${editing.title}` : `${lister.assisted ? '代办挂牌' : '我要挂牌'}：${category.nameZh}`,
      {
        category,
        client,
        editing: editing ? { id: editing.id, listingNo: editing.listingNo, title: editing.title } : null,
        action: editing
          ? `/desk/listings/${editing.id}/edit`
          : lister.assisted
            ? '/desk/assisted/new'
            : '/desk/listings/new',
        backHref: editing ? `/desk/listings/${editing.id}` : base.slice(0, -1),
        values,
        fields: form?.fields ?? {},
        error: form?.error,
        calc: form?.calc ?? false,
        summary,
        depositBp: { min: DEPOSIT_MIN_BP, max: DEPOSIT_MAX_BP },
        attributes: attributeFields(category),
        sides: BOUNDARY_SIDES.map((s) => ({
          key: s,
          label: { east: '东至', south: '南至', west: '西至', north: '北至' }[s],
        })),
        villages: await this.villageGroups(partyType === 'COLLECTIVE' ? lister.user.villageCode : null),
        modes: allowedModesFor(category, parsed.body.attributes).map((m) => ({
          value: m,
          label: TRANSFER_MODE_LABELS[m].zh,
        })),
        priceUnits: category.priceUnits.map((u) => ({ value: u, label: PRICE_UNIT_FORM_LABELS[u] })),
        resolutionRequired: resolutionRequiredFor(category, partyType),
        outsiders: category.rules.buyersLimitedToMembers === true,
        scripts: ['/assets/listing-form.js'],
      },
    );
  }

  /** Villages grouped by township (an optgroup each); a collective only its own village. */
  private async villageGroups(
    only: string | null,
  ): Promise<{ name: string; villages: { code: string; name: string }[] }[]> {
    const townships = await this.divisions.townships();
    const groups = await Promise.all(
      townships.map(async (t) => ({
        name: t.name,
        villages: (await this.divisions.children(t.code))
          .filter((v) => v.level === 'village' && (!only || v.code === only))
          .map((v) => ({ code: v.code, name: v.name })),
      })),
    );
    return groups.filter((g) => g.villages.length > 0);
  }

  private async sendLookup(
    req: Request,
    res: Response,
    status: number,
    caller: AuthUser,
    data: { phone: string; error?: string },
  ): Promise<void> {
    const recent = await this.listings.findAssisted(caller, 20);
    const names = await this.listings.namesFor(recent);
    await this.pages.send(req, res, status, 'desk-assisted', '代办挂牌', {
      ...data,
      recent: recent.map((l) => ({
        id: l.id,
        title: l.title,
        listingNo: l.listingNo,
        status: l.status,
        owner: names.owners.get(l.ownerId) ?? '',
      })),
    });
  }

  /** The listing's page: facts, timeline, the clerk's comments, documents (upload), edit, submit, withdraw. */
  private async sendListing(
    req: Request,
    res: Response,
    status: number,
    caller: AuthUser,
    id: string,
    data: {
      done?: string;
      fields?: Record<string, string>;
      kind?: string;
      submitError?: string;
      reason?: string;
    },
  ): Promise<void> {
    const { listing, view } = await this.listings.findVisible(caller, id);
    if (view === 'public') throw new DomainError('NOT_FOUND');
    const [names, documents, entries, reviews] = await Promise.all([
      this.listings.namesFor([listing]),
      this.documents.list(caller, id, pageQuery(1, 100)),
      this.dataSource.getRepository(AuditEntry).find({
        where: { entityType: 'listing', entityId: id },
        order: { seq: 'ASC' },
        take: 500,
      }),
      this.dataSource.getRepository(ListingReview).find({ where: { listingId: id }, order: { createdAt: 'ASC' } }),
    ]);
    const actorIds = [...new Set(entries.map((e) => e.actorId).filter((a): a is string => !!a))];
    const actors = actorIds.length
      ? await this.dataSource
          .getRepository(User)
          .find({ where: { id: In(actorIds) }, select: { id: true, name: true } })
      : [];
    const dto = toListingDto(listing, view, names);
    const category = findCategory(listing.categoryCode)!;
    const acting = actingAs(listing, caller);
    const editable = acting !== null && EDITABLE_STATUSES.includes(listing.status);
    const present = new Set(documents.items.map((d) => d.kind));
    const required = requiredDocumentKinds(
      category,
      listing.listerPartyType,
      listing.transferMode,
      listing.onBehalfOfHouseholds,
      listing.assistedBy !== null,
    );
    const isClerk = caller.roles.includes('clerk');
    await this.pages.send(req, res, status, 'desk-listing', listing.title, {
      ...data,
      fields: data.fields ?? {},
      l: dto,
      category,
      facts: attributeFacts(listing.categoryCode, listing.attributes),
      timeline: timelineOf(entries, reviews, listing.ownerId, new Map(actors.map((u) => [u.id, u.name]))),
      reviews: reviews.filter((r) => r.comment),
      reviewers: new Map(actors.map((u) => [u.id, u.name])),
      documents: documents.items.map((d) => ({
        id: d.id,
        kind: DOCUMENT_KIND_LABELS[d.kind] ?? d.kind,
        fileName: d.fileName,
        sizeKb: Math.max(1, Math.round(d.sizeBytes / 1024)),
        at: d.createdAt,
      })),
      missing: editable ? required.filter((k) => !present.has(k)).map((k) => DOCUMENT_KIND_LABELS[k] ?? k) : [],
      kinds: LISTING_DOCUMENT_KINDS.map((k) => ({ value: k, label: DOCUMENT_KIND_LABELS[k] ?? k })),
      editable,
      assistant: acting === 'assistant',
      canUpload: editable,
      canWithdraw: (view === 'owner' || isClerk) && WITHDRAWABLE_STATUSES.includes(listing.status),
      publicHref: PUBLIC_STATUSES.includes(listing.status)
        ? `/listings/${encodeURIComponent(listing.listingNo)}`
        : null,
    });
  }
}

/** The modes the form offers: the category's, narrowed by the attributes typed so far. */
function allowedModesFor(category: CategoryDefinition, attributes: unknown) {
  const modes = allowedTransferModes(category, attributes);
  return modes.length > 0 ? modes : category.transferModes;
}

/** A 422's field (`depositFen`, `collectiveResolution`) as the form's. */
function formFieldErrorKey(field: string): string {
  return Object.keys(formFieldErrors({ [field]: 'x' }))[0] ?? field;
}
