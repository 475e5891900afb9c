import {
  Body,
  Controller,
  Get,
  Param,
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
import type { Request, Response } from 'express';
import { AccountsService } from '../../accounts/accounts.service';
import { isStaff } from '../../accounts/domain/roles';
import { CertificatesService } from '../../certificates/certificates.service';
import type { AuthUser } from '../../common/auth/auth.decorators';
import { CurrentUser } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { UuidParam } from '../../common/http/uuid-param';
import { ContractsService, ContractView } from '../../contracts/contracts.service';
import type { ContractTerms } from '../../contracts/domain/contract.types';
import { AcceptanceDto, SignContractDto } from '../../contracts/dto/contract.dto';
import { fileOf } from '../../documents/documents.controller';
import { DocumentsService, UploadedFile as StoredUpload } from '../../documents/documents.service';
import { LedgerService } from '../../ledger/ledger.service';
import { NotificationsService } from '../../notifications/notifications.service';
import { FormBody, pageCount, pageNoOf, pageQuery, validated } from '../desk-forms';
import { ContractScanUpload, uploadFileMessage, UploadRequest } from '../desk-upload.interceptor';
import { PartyDeskData } from '../party-desk-data';
import { describeEntry } from '../ledger-lines';
import { PageRenderer } from '../page-renderer';
import { pageErrorOf } from '../page-errors';
import { CONTRACT_STATUS_ZH, DEAL_STATUS_ZH, INSTALMENT_STATUS_ZH } from '../status-labels';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

const DOCUMENTS_SHOWN = 10;

interface ContractFormState {
  status?: number;
  done?: string;
  /** The sign form's address as typed. */
  address?: string;
  /** Errors: `sign`, `upload`, `accept` (a message shown with that form), `address`, `file`, `note` (next to it). */
  errors?: Record<string, string>;
  note?: string;
}

/**
 * The pages of a deal's parties (issue 13, "Sellers" part 2, and the buyer's side): the contract (`/desk/contracts/:id`:
 * text, parties, signing, the signed scan, the payment schedule, the statement, the certificate, a procurement's
 * acceptance), the caller's money (`/desk/payments`, the ledger entries of `GET /me/ledger`) and messages
 * (`/desk/notifications`), through the same services as the API.
 */
@ApiExcludeController()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class DeskPartyController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly accounts: AccountsService,
    private readonly contracts: ContractsService,
    private readonly documents: DocumentsService,
    private readonly certificates: CertificatesService,
    private readonly ledger: LedgerService,
    private readonly notifications: NotificationsService,
    private readonly data: PartyDeskData,
  ) {}

  @Get('desk/contracts/:id')
  async contractPage(
    @UuidParam() id: string,
    @Query('done') done: unknown,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.sendContract(caller, id, req, res, { done: typeof done === 'string' ? done : undefined });
  }

  @Post('desk/contracts/:id/sign')
  async sign(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const typed = typeof body.address === 'string' ? body.address : '';
    try {
      const dto = await validated(SignContractDto, typed.trim() === '' ? {} : { address: typed });
      await this.contracts.sign(caller, id, dto.address);
      res.redirect(303, `/desk/contracts/${id}?done=signed`);
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500 || problem.code === 'NOT_FOUND') throw error;
      const errors: Record<string, string> = {};
      if (problem.fields.address) errors.address = '住所不能超过 200 个字';
      else errors.sign = problem.code === 'INVALID_STATE' ? '合同当前状态不能签署' : problem.message;
      await this.sendContract(caller, id, req, res, { status: problem.status, address: typed, errors });
    }
  }

  @Post('desk/contracts/:id/acceptance')
  async accept(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const note = typeof body.note === 'string' ? body.note : '';
    try {
      const dto = await validated(AcceptanceDto, { accepted: body.accepted === 'true', note });
      await this.contracts.accept(caller, id, dto.note);
      res.redirect(303, `/desk/contracts/${id}?done=accepted`);
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500 || problem.code === 'NOT_FOUND') throw error;
      const errors: Record<string, string> = {};
      if (problem.fields.note) errors.note = '请填写验收意见（不超过 2000 字）';
      else if (problem.fields.accepted) errors.accepted = '请勾选“验收合格”';
      else errors.accept = problem.code === 'INVALID_STATE' ? '合同当前状态不能验收' : problem.message;
      await this.sendContract(caller, id, req, res, { status: problem.status, note, errors });
    }
  }

  /** Multipart: the CSRF token is in the action's query (the guard runs before the body is read). */
  @Post('desk/contracts/:id/documents')
  @UseInterceptors(ContractScanUpload)
  async upload(
    @UuidParam() id: string,
    @UploadedFile() file: StoredUpload | undefined,
    @CurrentUser() caller: AuthUser,
    @Req() req: UploadRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      if (req.uploadProblem) throw req.uploadProblem;
      if (!file || file.size === 0) {
        throw new DomainError('VALIDATION_FAILED', {}, [{ field: 'file', message: 'file is required' }]);
      }
      await this.documents.uploadToContract(caller, id, 'SIGNED_CONTRACT', file);
      res.redirect(303, `/desk/contracts/${id}?done=uploaded`);
    } catch (error) {
      const problem = pageErrorOf(error, req);
      if (problem.status >= 500 || problem.code === 'NOT_FOUND') throw error;
      const errors = { file: uploadFileMessage(problem.code, problem.message) };
      await this.sendContract(caller, id, req, res, { status: problem.status, errors });
    }
  }

  @Get('desk/contracts/:id/documents/:docId')
  async download(
    @UuidParam() id: string,
    @UuidParam('docId') docId: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<StreamableFile> {
    return fileOf(await this.documents.downloadOfContract(caller, id, docId));
  }

  /** The certificate's PDF for a party (the API's route takes a bearer token only; this one the page session). */
  @Get('desk/certificates/:no/pdf')
  async certificatePdf(@Param('no') no: string, @CurrentUser() caller: AuthUser): Promise<StreamableFile> {
    if (!/^[\w-]{1,64}$/.test(no)) throw new DomainError('NOT_FOUND');
    const { certificate, pdf } = await this.certificates.pdf(caller, no);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="${certificate.certificateNo}.pdf"`,
      length: pdf.length,
    });
  }

  @Get('desk/payments')
  async payments(
    @Query('page') rawPage: unknown,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const pageNo = pageNoOf(rawPage);
    const page = await this.ledger.entriesForUser(caller.id, pageQuery(pageNo));
    const contracts = await this.data.contractsOfDeals([
      ...new Set(page.items.map((e) => e.dealId).filter((d): d is string => !!d)),
    ]);
    const rows = page.items.map((entry) => ({
      entry,
      line: describeEntry(entry),
      contract: entry.dealId ? (contracts.get(entry.dealId) ?? null) : null,
    }));
    await this.pages.send(req, res, 200, 'desk-payments', '收款与付款记录', {
      rows,
      total: page.total,
      pageNo,
      pages: pageCount(page.total),
    });
  }

  @Get('desk/notifications')
  async notificationsPage(
    @Query('page') rawPage: unknown,
    @Query('done') done: unknown,
    @CurrentUser() caller: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const pageNo = pageNoOf(rawPage);
    const page = await this.notifications.mine(caller, pageQuery(pageNo));
    const dealIds = [...new Set(page.items.map((n) => n.dealId).filter((d): d is string => !!d))];
    const listingIds = [...new Set(page.items.map((n) => n.listingId).filter((d): d is string => !!d))];
    const contracts = await this.data.contractsOfDeals(dealIds);
    const nos = await this.data.listingNos(listingIds, dealIds);
    const items = page.items.map((n) => ({
      n,
      listingNo: (n.listingId && nos.byListing.get(n.listingId)) || (n.dealId && nos.byDeal.get(n.dealId)) || null,
      contractId: n.contractId ?? (n.dealId ? (contracts.get(n.dealId)?.id ?? null) : null),
    }));
    await this.pages.send(req, res, 200, 'desk-notifications', '消息通知', (ctx) => ({
      items,
      total: page.total,
      unread: ctx.unread,
      pageNo,
      pages: pageCount(page.total),
      done: done === 'read' ? 'read' : undefined,
    }));
  }

  @Post('desk/notifications/:id/read')
  async markRead(
    @UuidParam() id: string,
    @Body() body: FormBody,
    @CurrentUser() caller: AuthUser,
    @Res() res: Response,
  ): Promise<void> {
    await this.notifications.markRead(caller, id);
    const pageNo = pageNoOf(body.page);
    res.redirect(303, `/desk/notifications?${pageNo > 1 ? `page=${pageNo}&` : ''}done=read`);
  }

  private async sendContract(
    caller: AuthUser,
    id: string,
    req: Request,
    res: Response,
    state: ContractFormState,
  ): Promise<void> {
    const view: ContractView = await this.contracts.findVisible(caller, id);
    const { contract, deal, certificate } = view;
    const terms = contract.terms as unknown as ContractTerms;
    const [statement, documents, me] = await Promise.all([
      this.contracts.statement(caller, id),
      this.documents.listOfContract(caller, id, pageQuery(1, DOCUMENTS_SHOWN)),
      this.accounts.findById(caller.id),
    ]);
    const party =
      caller.id === contract.sellerId
        ? ('SELLER' as const)
        : caller.id === contract.buyerId
          ? ('BUYER' as const)
          : null;
    const parties = [terms.parties?.partyA, terms.parties?.partyB].filter((p) => !!p);
    const roleZh = (role: 'SELLER' | 'BUYER') =>
      parties.find((p) => p.role === role)?.roleZh ?? (role === 'SELLER' ? '出让方' : '受让方');
    const signedAt = { SELLER: contract.sellerSignedAt, BUYER: contract.buyerSignedAt };
    const canSign =
      party !== null &&
      signedAt[party] === null &&
      contract.status === 'AWAITING_SIGNATURES' &&
      deal.status === 'CONFIRMED';
    const procurement = terms.procurement !== null && terms.procurement !== undefined;
    const canAccept =
      procurement &&
      party === 'BUYER' &&
      !contract.purchaserAcceptedAt &&
      (contract.status === 'SIGNED' || contract.status === 'IN_FORCE');
    // the fee column: the viewer's own (staff: the paying party's)
    const feeOf: 'buyerFeeFen' | 'sellerFeeFen' = party === 'SELLER' ? 'sellerFeeFen' : 'buyerFeeFen';
    await this.pages.send(req, res, state.status ?? 200, 'desk-contract', `合同 ${contract.contractNo}`, {
      contract,
      deal,
      certificate,
      terms,
      parties,
      statement,
      instalments: statement.instalments,
      documents,
      party,
      staff: isStaff(caller.roles),
      canSign,
      canAccept,
      procurement,
      signatures: (['SELLER', 'BUYER'] as const).map((role) => ({
        role,
        roleZh: roleZh(role),
        name: parties.find((p) => p.role === role)?.name ?? '',
        signedAt: signedAt[role],
        address: role === 'SELLER' ? contract.sellerSignAddress : contract.buyerSignAddress,
      })),
      feeOf,
      feeWho: roleZh(party ?? 'BUYER'),
      sellerZh: roleZh('SELLER'),
      buyerZh: roleZh('BUYER'),
      address: state.address ?? me.address ?? '',
      note: state.note ?? '',
      errors: state.errors ?? {},
      done: state.done,
      labels: { contract: CONTRACT_STATUS_ZH, deal: DEAL_STATUS_ZH, instalment: INSTALMENT_STATUS_ZH },
    });
  }
}
