import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import { PositiveIntParam, UuidParam } from '../common/http/uuid-param';
import { BankRefDto } from '../deals/dto/deal.dto';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { toContractDto, toInstalmentDto, toStatementDto } from './contract.mapper';
import { ContractsService } from './contracts.service';
import {
  AcceptanceDto,
  ContractCopyQueryDto,
  GenerateContractDto,
  PaymentDto,
  SignContractDto,
} from './dto/contract.dto';

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
    description:
      'One template per category and transfer mode. The term runs from `handoverOn` (default: the day after the ' +
      'confirmation) to the day before its anniversary; a price per year over several years is paid year by year.',
  })
  async generate(@UuidParam() id: string, @Body() dto: GenerateContractDto, @CurrentUser() caller: AuthUser) {
    return toContractDto(await this.contracts.generate(caller, id, dto.handoverOn));
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
    description: "The signer's name, address (default: the account's) and the date are written into the text.",
  })
  async sign(@UuidParam() id: string, @Body() dto: SignContractDto, @CurrentUser() caller: AuthUser) {
    return toContractDto(await this.contracts.sign(caller, id, dto.address));
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
    zh: '结算第一期（一次付清的为全部价款）：扣收服务费、向收款方付款、合同生效、出具交易鉴证书',
    en: 'Settle the first instalment (the whole price when there is one): fees booked, the payee paid, the contract in force, the certificate issued',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'NOT_FULLY_PAID', 'FORBIDDEN'],
  })
  async settle(@UuidParam() id: string, @Body() dto: BankRefDto, @CurrentUser() caller: AuthUser) {
    return toContractDto(await this.contracts.settle(caller, id, dto.bankRef));
  }

  @Get('contracts/:id/instalments')
  @ApiDoc({
    zh: '分期付款计划及各期状态',
    en: 'The instalments and where each stands (a plain array)',
    roles: ['parties', 'staff'],
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  })
  async instalments(@UuidParam() id: string, @CurrentUser() caller: AuthUser) {
    return (await this.contracts.instalments(caller, id)).map(toInstalmentDto);
  }

  @Post('contracts/:id/instalments/:no/settle')
  @Roles('clerk')
  @ApiDoc({
    zh: '结算以后各期（付清后）',
    en: 'Settle a later instalment once it is paid; the contract is completed after the last',
    description: 'Answers the contract (its status COMPLETED after the last instalment) with its `instalments`.',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'NOT_FULLY_PAID', 'FORBIDDEN'],
  })
  async settleInstalment(
    @UuidParam() id: string,
    @PositiveIntParam('no') no: number,
    @Body() dto: BankRefDto,
    @CurrentUser() caller: AuthUser,
  ) {
    const { instalments, ...view } = await this.contracts.settleInstalment(caller, id, no, dto.bankRef);
    return { ...toContractDto(view), instalments: instalments.map(toInstalmentDto) };
  }

  @Post('contracts/:id/acceptance')
  @ApiDoc({
    zh: '涉农项目验收（采购方，再由工作人员确认）',
    en: 'Accept a procurement’s works (the purchasing collective, then a clerk)',
    roles: ['the purchasing collective', 'clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'ALREADY_ACCEPTED', 'FORBIDDEN'],
    description: 'When both have accepted, the balance falls due and the supplier’s performance bond is released.',
  })
  async accept(@UuidParam() id: string, @Body() dto: AcceptanceDto, @CurrentUser() caller: AuthUser) {
    return toContractDto(await this.contracts.accept(caller, id, dto.note));
  }

  @Post('contracts/:id/retention/release')
  @Roles('clerk')
  @ApiDoc({
    zh: '质保期满释放质保金',
    en: 'Release the retention once the warranty has ended',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'WARRANTY_NOT_OVER', 'FORBIDDEN'],
  })
  async releaseRetention(@UuidParam() id: string, @Body() dto: BankRefDto, @CurrentUser() caller: AuthUser) {
    return toContractDto(await this.contracts.releaseRetention(caller, id, dto.bankRef));
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
