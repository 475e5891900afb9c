import { Body, Controller, Get, Headers, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { UuidParam } from '../common/http/uuid-param';
import { FilingQueryDto, RegistrationOutcomeDto, TransfersQueryDto } from './dto/filing.dto';
import { toFilingDto, toTransferDto } from './filing.mapper';
import { FilingsService, MAX_CSV_ROWS } from './filings.service';

const WHO_SEES = ['clerk', 'supervisor', "a COLLECTIVE seller account: its own village's"];

/** Does the client ask for CSV (`Accept: text/csv`)? */
function wantsCsv(accept: string | undefined): boolean {
  return /(^|[\s,])text\/csv\b/i.test(accept ?? '');
}

@ApiTags('registers')
@Controller()
export class FilingsController {
  constructor(private readonly filings: FilingsService) {}

  @Get('filings')
  @ApiDoc({
    zh: '土地流转合同备案（发包方、乡镇农经站），最新的在前',
    en: 'Filings of land contracts in force (issuing collective, township station), newest first',
    roles: WHO_SEES,
    errors: ['VALIDATION_FAILED', 'FORBIDDEN'],
    description:
      'A LAND_CONTRACT contract is filed when it comes into force; a transfer of 5 years or more also carries a ' +
      'registration application (`registration`, 土地经营权登记, art. 41). A collective sees its own village only ' +
      '(another `village` → 403).',
  })
  async list(@Query() query: FilingQueryDto, @CurrentUser() caller: AuthUser) {
    const page = await this.filings.list(caller, query);
    return { ...page, items: page.items.map(toFilingDto) };
  }

  @Get('filings/:id')
  @ApiDoc({
    zh: '一份备案',
    en: 'A filing',
    roles: WHO_SEES,
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND'],
  })
  async get(@UuidParam() id: string, @CurrentUser() caller: AuthUser) {
    return toFilingDto(await this.filings.findVisible(caller, id));
  }

  @Post('filings/:id/acknowledge')
  @Roles('clerk')
  @ApiDoc({
    zh: '确认备案（通知双方当事人）',
    en: 'Acknowledge a filing (both parties are notified)',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
    description: 'FILED → ACKNOWLEDGED, once (again → 409 INVALID_STATE).',
  })
  async acknowledge(@UuidParam() id: string, @CurrentUser() caller: AuthUser) {
    return toFilingDto(await this.filings.acknowledge(caller, id));
  }

  @Post('filings/:id/registration')
  @Roles('clerk')
  @ApiDoc({
    zh: '登记土地经营权登记结果（已登记或不予登记）',
    en: 'Record the outcome of the registration application (REGISTERED or REFUSED)',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
    description:
      'Only from APPLIED, once; a filing without a registration application (a term under 5 years) → 409 ' +
      'INVALID_STATE. A refusal needs a `note` (the reason).',
  })
  async registration(@UuidParam() id: string, @Body() dto: RegistrationOutcomeDto, @CurrentUser() caller: AuthUser) {
    return toFilingDto(await this.filings.recordRegistration(caller, id, dto.status, dto.note));
  }

  @Get('registers/transfers')
  @ApiProduces('application/json', 'text/csv')
  @ApiHeader({ name: 'Accept', required: false, description: '`text/csv` for the whole register as a CSV file' })
  @ApiDoc({
    zh: '土地流转台账（JSON 分页；Accept: text/csv 导出 CSV）',
    en: 'The transfer register (paginated JSON; Accept: text/csv exports CSV)',
    roles: WHO_SEES,
    errors: ['VALIDATION_FAILED', 'FORBIDDEN'],
    description:
      'One row per filed land contract, in the order filed; `from`/`to` filter on the day filed (China time, both ' +
      'included). The CSV is UTF-8 with a BOM, a Chinese header row, amounts in 元 with 2 decimals, every row (at ' +
      `most ${MAX_CSV_ROWS}; \`X-Total-Count\` gives the count), as \`transfers-<village>.csv\` (\`transfers-all.csv\` ` +
      'for every village).',
  })
  async transfers(
    @Query() query: TransfersQueryDto,
    @Headers('accept') accept: string | undefined,
    @CurrentUser() caller: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (wantsCsv(accept)) {
      const { page: _page, pageSize: _pageSize, ...filters } = query;
      const { village, csv, total } = await this.filings.transfersCsv(caller, filters);
      const bytes = Buffer.from(csv, 'utf8');
      res.setHeader('X-Total-Count', String(total));
      return new StreamableFile(bytes, {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="transfers-${village ?? 'all'}.csv"`,
        length: bytes.length,
      });
    }
    const page = await this.filings.transfers(caller, query);
    return { ...page, items: page.items.map(toTransferDto) };
  }
}
