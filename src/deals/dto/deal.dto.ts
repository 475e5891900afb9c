import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { trimString } from '../../common/http/validators';

export class NegotiatedDealDto {
  @ApiProperty()
  @IsUUID()
  registrationId: string;

  @ApiProperty({ description: 'agreed price in the listing’s price unit, fen (≥ reserve)' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  priceFen: number;
}

export class ObjectionDto {
  @ApiProperty({ description: '异议理由 / the grounds of the objection' })
  @Transform(trimString)
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class ResolveObjectionDto {
  @ApiProperty({ description: 'true: upheld (the deal is cancelled); false: rejected' })
  @IsBoolean()
  upheld: boolean;

  @ApiProperty({ description: '处理意见 / the clerk’s reasons' })
  @Transform(trimString)
  @IsString()
  @Length(1, 2000)
  comment: string;
}

export class DefaultDto {
  @ApiProperty({ description: '违约事由 / what the winner failed to do' })
  @Transform(trimString)
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class BankRefDto {
  @ApiProperty({ description: 'bank transfer reference (银行流水号)' })
  @Transform(trimString)
  @IsString()
  @Length(1, 64)
  bankRef: string;
}
