import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { trimString } from '../../common/http/validators';

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
