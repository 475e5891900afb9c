import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors/domain-error';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { MORTGAGE_DOCUMENT_KINDS } from '../documents/document.entity';
import { DocumentUpload, fileOf, multipartBody, toDocumentDto } from '../documents/documents.controller';
import { MAX_DOCUMENTS_PER_MORTGAGE, UploadedFile as StoredUpload } from '../documents/documents.service';
import {
  ApplyMortgageDto,
  MortgageDocumentDto,
  MortgageDto,
  MortgagePageDto,
  MortgageSearchDto,
  RefuseMortgageDto,
  UploadMortgageDocumentDto,
} from './dto/mortgage.dto';
import { toMortgageDto } from './mortgage.mapper';
import { MortgagesService } from './mortgages.service';

@ApiTags('mortgages')
@Controller()
export class MortgagesController {
  constructor(private readonly mortgages: MortgagesService) {}

  @Post('certificates/:certificateNo/mortgages')
  @Roles('lender')
  @ApiCreatedResponse({ type: MortgageDto })
  @ApiDoc({
    zh: '申请抵押登记（凭交易鉴证书核验码）',
    en: "Apply for a mortgage on a certified right (with the certificate's verification code)",
    roles: ['lender'],
    created: true,
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
    description:
      'A wrong code is answered like an unknown certificate (404). A lender holds at most one open (APPLIED or ' +
      'REGISTERED) mortgage on a certificate: a second application is 409 INVALID_STATE; other lenders may hold ' +
      'theirs. A procurement (AGRI_PROJECT) certifies no right to mortgage: 409 INVALID_STATE.',
  })
  async apply(
    @Param('certificateNo') certificateNo: string,
    @Body() dto: ApplyMortgageDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<MortgageDto> {
    return toMortgageDto(await this.mortgages.apply(caller, certificateNo, dto));
  }

  @Get('me/mortgages')
  @Roles('lender')
  @ApiOkResponse({ type: MortgagePageDto })
  @ApiDoc({ zh: '我的抵押登记', en: 'My mortgages (a lender)', roles: ['lender'], errors: ['FORBIDDEN'] })
  async mine(@Query() query: PageQueryDto, @CurrentUser() caller: AuthUser): Promise<MortgagePageDto> {
    const page = await this.mortgages.mine(caller, query);
    return { ...page, items: page.items.map(toMortgageDto) };
  }

  @Get('mortgages')
  @Roles('clerk', 'supervisor')
  @ApiOkResponse({ type: MortgagePageDto })
  @ApiDoc({
    zh: '抵押登记列表（可按状态筛选）',
    en: 'Mortgages (filter by status)',
    roles: ['clerk', 'supervisor'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN'],
  })
  async search(@Query() query: MortgageSearchDto): Promise<MortgagePageDto> {
    const page = await this.mortgages.search(query);
    return { ...page, items: page.items.map(toMortgageDto) };
  }

  @Get('mortgages/:id')
  @ApiOkResponse({ type: MortgageDto })
  @ApiDoc({
    zh: '抵押登记详情（抵押权人、抵押人、工作人员）',
    en: 'A mortgage (its lender, the holder of the right, staff)',
    roles: ['lender (its own)', 'holder', 'staff'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  async get(@UuidParam() id: string, @CurrentUser() caller: AuthUser): Promise<MortgageDto> {
    return toMortgageDto(await this.mortgages.findVisible(caller, id));
  }

  @Post('mortgages/:id/documents')
  @Roles('lender', 'clerk')
  @UseInterceptors(DocumentUpload(MortgagesService, (mortgages, caller, id) => mortgages.assertCanUpload(caller, id)))
  @ApiConsumes('multipart/form-data')
  @ApiBody(multipartBody(MORTGAGE_DOCUMENT_KINDS))
  @ApiCreatedResponse({ type: MortgageDocumentDto })
  @ApiDoc({
    zh: '上传抵押登记材料（抵押人同意书；出租、转包所得权利另附出租方书面同意）',
    en: "Upload a mortgage document (the holder's consent; for a leased right also the lessor's written consent)",
    roles: ['lender (its own)', 'clerk'],
    created: true,
    errors: [
      'VALIDATION_FAILED',
      'FORBIDDEN',
      'NOT_FOUND',
      'INVALID_STATE',
      'FILE_TYPE_NOT_ALLOWED',
      'FILE_TOO_LARGE',
      'DOCUMENT_QUOTA',
    ],
    description: `While APPLIED; at most ${MAX_DOCUMENTS_PER_MORTGAGE} documents per mortgage. PDF, JPEG or PNG, ≤ 10 MiB.`,
  })
  async upload(
    @UuidParam() id: string,
    @Body() dto: UploadMortgageDocumentDto,
    @UploadedFile() file: StoredUpload | undefined,
    @CurrentUser() caller: AuthUser,
  ): Promise<MortgageDocumentDto> {
    if (!file) throw new DomainError('VALIDATION_FAILED', {}, [{ field: 'file', message: 'file is required' }]);
    return toDocumentDto(await this.mortgages.upload(caller, id, dto.kind, file));
  }

  @Get('mortgages/:id/documents/:docId')
  @ApiDoc({
    zh: '下载抵押登记材料',
    en: 'Download a mortgage document',
    roles: ['lender (its own)', 'holder', 'staff'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  async download(
    @UuidParam() id: string,
    @UuidParam('docId') docId: string,
    @CurrentUser() caller: AuthUser,
  ): Promise<StreamableFile> {
    return fileOf(await this.mortgages.download(caller, id, docId));
  }

  @Post('mortgages/:id/register')
  @Roles('clerk')
  @ApiOkResponse({ type: MortgageDto })
  @ApiDoc({
    zh: '办理抵押登记',
    en: 'Register the mortgage',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'DOCUMENT_MISSING'],
    description:
      "From APPLIED. Needs the holder's consent (CONSENT) and, for a right leased or subcontracted to the holder, " +
      "the lessor's written consent (LESSOR_CONSENT, Land Contracting Law art. 47): 422 DOCUMENT_MISSING names the " +
      'first one missing. The lender and the holder are notified (MORTGAGE_REGISTERED).',
  })
  async register(@UuidParam() id: string, @CurrentUser() caller: AuthUser): Promise<MortgageDto> {
    return toMortgageDto(await this.mortgages.register(caller, id));
  }

  @Post('mortgages/:id/refuse')
  @Roles('clerk')
  @ApiOkResponse({ type: MortgageDto })
  @ApiDoc({
    zh: '不予办理抵押登记（须说明理由）',
    en: 'Refuse the registration (with a reason)',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
    description: 'From APPLIED. The lender is notified (MORTGAGE_REFUSED).',
  })
  async refuse(
    @UuidParam() id: string,
    @Body() dto: RefuseMortgageDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<MortgageDto> {
    return toMortgageDto(await this.mortgages.refuse(caller, id, dto.reason));
  }

  @Post('mortgages/:id/release')
  @Roles('lender')
  @ApiOkResponse({ type: MortgageDto })
  @ApiDoc({
    zh: '注销抵押登记（抵押权人）',
    en: 'Release the mortgage (the lender that holds it)',
    roles: ['lender (its own)'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
    description: "From REGISTERED. Another lender's mortgage is 404.",
  })
  async release(@UuidParam() id: string, @CurrentUser() caller: AuthUser): Promise<MortgageDto> {
    return toMortgageDto(await this.mortgages.release(caller, id));
  }
}
