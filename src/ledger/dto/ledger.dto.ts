import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { ACCOUNT_KINDS, type AccountKind } from '../domain/accounts';
import { LEDGER_ENTRY_KINDS, type LedgerEntryKind } from '../domain/entries';
import { INVARIANTS, type InvariantName } from '../domain/invariants';

/** `?dealId=` (empty) means no filter, as if the parameter were absent. */
const emptyAsAbsent = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

export class LedgerAccountsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ACCOUNT_KINDS, description: 'only accounts of this kind' })
  @IsOptional()
  @Transform(emptyAsAbsent)
  @IsIn(ACCOUNT_KINDS)
  kind?: AccountKind;
}

export class LedgerEntriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only entries of this deal' })
  @IsOptional()
  @Transform(emptyAsAbsent)
  @IsUUID()
  dealId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only entries of this registration' })
  @IsOptional()
  @Transform(emptyAsAbsent)
  @IsUUID()
  registrationId?: string;
}

export class LedgerPostingDto {
  @ApiProperty({ example: 'DEPOSITS_HELD:6f1c2a3e-5b7d-4c1e-9a2b-3c4d5e6f7a8b' }) account: string;
  @ApiProperty({ description: 'fen; debits positive, credits negative', example: -1800000 }) amountFen: number;
}

export class LedgerEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'posting order, increasing' }) seq: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ enum: LEDGER_ENTRY_KINDS }) kind: LedgerEntryKind;
  @ApiPropertyOptional({ format: 'uuid' }) dealId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) registrationId?: string;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'staff views only: who booked it (null: the platform)',
  })
  actorId?: string | null;
  @ApiProperty({ type: LedgerPostingDto, isArray: true, description: 'summing to 0' }) postings: LedgerPostingDto[];
}

export class LedgerAccountDto {
  @ApiProperty({ example: 'DEPOSITS_HELD:6f1c2a3e-5b7d-4c1e-9a2b-3c4d5e6f7a8b' }) code: string;
  @ApiProperty({ enum: ACCOUNT_KINDS }) kind: AccountKind;
  @ApiProperty({
    description: 'natural balance in fen: debits − credits for BANK, credits − debits for the others',
    example: 1800000,
  })
  balanceFen: number;
}

export class LedgerViolationDto {
  @ApiProperty({ enum: INVARIANTS }) invariant: InvariantName;
  @ApiProperty() detail: string;
}

export class LedgerVerificationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() checkedEntries: number;
  @ApiProperty({ type: LedgerViolationDto, isArray: true }) violations: LedgerViolationDto[];
}

export class LedgerAccountPageDto {
  @ApiProperty({ type: LedgerAccountDto, isArray: true }) items: LedgerAccountDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class LedgerEntryPageDto {
  @ApiProperty({ type: LedgerEntryDto, isArray: true }) items: LedgerEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
