import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsCalendarDate, trimString } from '../../common/http/validators';

export class PaymentDto {
  @ApiProperty({ description: 'amount received from the paying party, fen (at most what is outstanding)' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen: number;

  @ApiProperty({ description: 'bank statement reference (银行流水号)' })
  @Transform(trimString)
  @IsString()
  @Length(1, 64)
  bankRef: string;
}

export class ContractCopyQueryDto {
  @ApiPropertyOptional({
    enum: ['full', 'public'],
    default: 'full',
    description: 'public: the copy with ID numbers, credit codes and phones masked (公开文本)',
  })
  @IsOptional()
  @IsIn(['full', 'public'])
  copy?: 'full' | 'public';
}

export class GenerateContractDto {
  @ApiPropertyOptional({
    example: '2027-01-01',
    description: '交付日 (YYYY-MM-DD, China time): the term runs from it; default the day after the confirmation',
  })
  @IsOptional()
  @IsCalendarDate()
  handoverOn?: string;
}

export class SignContractDto {
  @ApiPropertyOptional({ description: '住所: written into the contract with the signer’s name and the date' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  address?: string;
}

export class AcceptanceDto {
  @ApiProperty({ enum: [true], description: 'the works (goods, services) are accepted (验收合格)' })
  @IsIn([true], { message: 'accepted must be true (a failed acceptance is recorded as a note, not here)' })
  accepted: true;

  @ApiProperty({ description: 'the acceptance note (验收意见)' })
  @Transform(trimString)
  @IsString()
  @Length(1, 2000)
  note: string;
}
