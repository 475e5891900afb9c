import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
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
