import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { IsCalendarDate, trimString } from '../../common/http/validators';
import {
  FILING_STATUSES,
  FilingStatus,
  REGISTRATION_OUTCOMES,
  REGISTRATION_STATUSES,
  RegistrationOutcome,
  RegistrationStatus,
} from '../domain/filing-rules';

const VILLAGE = /^\d{12}$/;

export class FilingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: FILING_STATUSES })
  @IsOptional()
  @IsIn(FILING_STATUSES)
  status?: FilingStatus;

  @ApiPropertyOptional({ description: '12-digit village code (a collective: its own only)' })
  @IsOptional()
  @Matches(VILLAGE, { message: 'village must be a 12-digit village code' })
  village?: string;

  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES, description: 'the registration application (土地经营权登记)' })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES)
  registration?: RegistrationStatus;
}

export class TransfersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: '12-digit village code; staff: every village when absent; a collective: its own (another → 403)',
  })
  @IsOptional()
  @Matches(VILLAGE, { message: 'village must be a 12-digit village code' })
  village?: string;

  @ApiPropertyOptional({ description: 'first day filed, included, YYYY-MM-DD (China time)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'last day filed, included, YYYY-MM-DD (China time)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class RegistrationOutcomeDto {
  @ApiProperty({ enum: REGISTRATION_OUTCOMES, description: '登记结果: REGISTERED (已登记) or REFUSED (不予登记)' })
  @IsIn(REGISTRATION_OUTCOMES)
  status: RegistrationOutcome;

  @ApiPropertyOptional({
    description: 'the registration authority’s note (登记证明号, or the reason for a refusal: required then)',
  })
  @ValidateIf((o: RegistrationOutcomeDto) => o.status === 'REFUSED' || o.note !== undefined)
  @Transform(trimString)
  @IsString()
  @Length(1, 2000)
  note?: string;
}
