import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

export class RegisterForListingDto {
  @ApiPropertyOptional({ description: '主张集体成员优先权' })
  @IsOptional()
  @IsBoolean()
  claimsPriorityRight?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({
    description:
      '意向报价: the buyer’s offer, a price in the listing’s unit, at least the reserve (for AGRI_PROJECT at most the ' +
      'ceiling); a sole bidder’s deal is at the better of the reserve and the offer',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  offerFen?: number;
}

export class QualifyDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional({
    description: 'mark the statutory priority right (LAND_CONTRACT, FOUR_WASTES, COLLECTIVE_EQUITY)',
  })
  @IsOptional()
  @IsBoolean()
  priorityRight?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class DepositDto {
  @ApiProperty({ description: 'amount received, fen: must equal the listing’s depositFen' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen: number;

  @ApiProperty({ description: 'bank statement reference' })
  @IsString()
  @Length(1, 64)
  bankRef: string;
}

export class RefundDto {
  @ApiProperty({ description: 'bank transfer reference' })
  @IsString()
  @Length(1, 64)
  bankRef: string;
}
