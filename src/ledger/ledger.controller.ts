import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import {
  LedgerAccountPageDto,
  LedgerAccountsQueryDto,
  LedgerEntriesQueryDto,
  LedgerEntryPageDto,
  LedgerVerificationDto,
} from './dto/ledger.dto';
import { LedgerService } from './ledger.service';

@ApiTags('ledger')
@Controller()
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('ledger/accounts')
  @Roles('clerk', 'supervisor')
  @ApiOkResponse({ type: LedgerAccountPageDto })
  @ApiDoc({
    zh: '资金监管账户及余额（含零余额账户）',
    en: 'Escrow ledger accounts and their balances (zero balances included)',
    roles: ['clerk', 'supervisor'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN'],
    description:
      'balanceFen is the natural balance: debits − credits for BANK, credits − debits for every other account.',
  })
  accounts(@Query() query: LedgerAccountsQueryDto): Promise<LedgerAccountPageDto> {
    return this.ledger.accounts(query);
  }

  @Get('ledger/entries')
  @Roles('clerk', 'supervisor')
  @ApiOkResponse({ type: LedgerEntryPageDto })
  @ApiDoc({
    zh: '资金监管分录（按成交或登记筛选，最新在前）',
    en: 'Escrow ledger entries, newest first (filter by deal or registration)',
    roles: ['clerk', 'supervisor'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN'],
    description: 'Postings: debits positive, credits negative; each entry sums to 0.',
  })
  entries(@Query() query: LedgerEntriesQueryDto): Promise<LedgerEntryPageDto> {
    return this.ledger.entries(query);
  }

  @Get('ledger/verify')
  @Roles('clerk', 'supervisor')
  @ApiOkResponse({ type: LedgerVerificationDto })
  @ApiDoc({
    zh: '校验资金账本不变量',
    en: 'Check the escrow ledger invariants',
    roles: ['clerk', 'supervisor'],
    errors: ['FORBIDDEN'],
  })
  verify(): Promise<LedgerVerificationDto> {
    return this.ledger.verify();
  }

  @Get('me/ledger')
  @ApiOkResponse({ type: LedgerEntryPageDto })
  @ApiDoc({
    zh: '我的资金分录（我的保证金及我参与的成交）',
    en: 'My ledger entries (my deposits and the deals I am a party to)',
    roles: ['any'],
    errors: ['VALIDATION_FAILED'],
  })
  mine(@Query() query: PageQueryDto, @CurrentUser() caller: AuthUser): Promise<LedgerEntryPageDto> {
    return this.ledger.entriesForUser(caller.id, query);
  }
}
