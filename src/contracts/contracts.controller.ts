import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { BankRefDto } from '../deals/dto/deal.dto';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { toContractDto, toStatementDto } from './contract.mapper';
import { ContractsService } from './contracts.service';
import { ContractCopyQueryDto, PaymentDto } from './dto/contract.dto';

@ApiTags('contracts')
@Controller()
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Post('deals/:id/contract')
  @Roles('clerk')
  @ApiDoc({
    zh: '按品种模板生成合同（成交确认后）',
    en: "Generate the contract from the category's template (after confirmation)",
    roles: ['clerk'],
    created: true,
    errors: ['NOT_FOUND', 'INVALID_STATE', 'FORBIDDEN', 'VALIDATION_FAILED'],
  })
  async generate(@UuidParam() id: string, @CurrentUser() caller: AuthUser) {
    return toContractDto(await this.contracts.generate(caller, id));
  }

  @Get('contracts/:id')
  @ApiDoc({
    zh: '合同（当事人、工作人员）',
    en: 'A contract (parties, staff)',
    roles: ['parties', 'staff'],
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  })
  async get(@UuidParam() id: string, @Query() query: ContractCopyQueryDto, @CurrentUser() caller: AuthUser) {
    return toContractDto(await this.contracts.findVisible(caller, id), query.copy ?? 'full');
  }

  @Post('contracts/:id/sign')
  @ApiDoc({
    zh: '当事人签署合同（各签一次）',
    en: 'A party signs the contract (once each)',
    roles: ['the seller or buyer of the deal'],
    errors: ['NOT_FOUND', 'FORBIDDEN', 'ALREADY_SIGNED', 'INVALID_STATE', 'VALIDATION_FAILED'],
  })
  async sign(@UuidParam() id: string, @CurrentUser() caller: AuthUser) {
    return toContractDto(await this.contracts.sign(caller, id));
  }

  @Post('contracts/:id/payments')
  @Roles('clerk')
  @Idempotent()
  @ApiDoc({
    zh: '登记付款方价款到账（依银行流水）',
    en: "Record the paying party's payment received (bank statement)",
    roles: ['clerk'],
    created: true,
    errors: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'INVALID_STATE',
      'OVERPAYMENT',
      'FORBIDDEN',
      'IDEMPOTENCY_KEY_REUSED',
      'IDEMPOTENCY_KEY_IN_USE',
    ],
  })
  async pay(@UuidParam() id: string, @Body() dto: PaymentDto, @CurrentUser() caller: AuthUser) {
    return this.contracts.recordPayment(caller, id, dto.amountFen, dto.bankRef);
  }

  @Get('contracts/:id/payments')
  @ApiDoc({
    zh: '合同的付款记录',
    en: "A contract's payments, paginated",
    roles: ['parties', 'staff'],
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  })
  async payments(@UuidParam() id: string, @Query() query: PageQueryDto, @CurrentUser() caller: AuthUser) {
    const { page, statement } = await this.contracts.payments(caller, id, query);
    return {
      ...page,
      items: page.items.map((p) => ({
        id: p.id,
        contractId: p.contractId,
        amountFen: p.amountFen,
        bankRef: p.bankRef,
        receivedAt: p.receivedAt,
        outstandingFen: statement.outstandingFen,
      })),
    };
  }

  @Post('contracts/:id/settle')
  @Roles('clerk')
  @ApiDoc({
    zh: '结算：扣收服务费、向出让方付款、出具交易鉴证书',
    en: 'Settle: book the fees, pay the seller, issue the certificate',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'NOT_FULLY_PAID', 'FORBIDDEN'],
  })
  async settle(@UuidParam() id: string, @Body() dto: BankRefDto, @CurrentUser() caller: AuthUser) {
    return toContractDto(await this.contracts.settle(caller, id, dto.bankRef));
  }

  @Get('contracts/:id/statement')
  @ApiDoc({
    zh: '结算单',
    en: "The contract's statement",
    roles: ['parties', 'staff'],
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  })
  async statement(@UuidParam() id: string, @CurrentUser() caller: AuthUser) {
    return toStatementDto(await this.contracts.statement(caller, id));
  }
}
