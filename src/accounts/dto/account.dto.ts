import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { trimString } from '../../common/http/validators';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PartyType } from '../../catalog/domain/category.types';
import { Role } from '../domain/roles';

const PARTY_TYPES: PartyType[] = ['PERSON', 'ORGANIZATION', 'COLLECTIVE'];
const MOBILE = /^1[3-9]\d{9}$/;

export class RegisterDto {
  @ApiProperty({ example: '13900000001', description: 'mainland mobile number / 手机号' })
  @IsString()
  @Matches(MOBILE, { message: 'phone must be a mainland mobile number (11 digits starting with 1)' })
  phone: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(128)
  password: string;

  @ApiProperty({ example: '张三' })
  @Transform(trimString)
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: PARTY_TYPES })
  @IsIn(PARTY_TYPES)
  partyType: PartyType;

  @ApiPropertyOptional({ description: '18-digit resident ID (PERSON) / 居民身份证号' })
  @IsOptional()
  @IsString()
  idNumber?: string;

  @ApiPropertyOptional({ description: 'unified social credit code (ORGANIZATION, COLLECTIVE) / 统一社会信用代码' })
  @IsOptional()
  @IsString()
  creditCode?: string;

  @ApiPropertyOptional({ description: '12-digit village code (required for COLLECTIVE)' })
  @IsOptional()
  @IsString()
  villageCode?: string;

  @ApiProperty({ enum: ['seller', 'buyer'], isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(['seller', 'buyer'], { each: true, message: 'roles may only hold seller and buyer' })
  roles: Role[];
}

export class LoginDto {
  @ApiProperty({ example: '13800000001' })
  @IsString()
  @MaxLength(32)
  phone: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MaxLength(256)
  refreshToken: string;
}

export class CreateStaffDto {
  @ApiProperty({ example: '13900000009' })
  @IsString()
  @Matches(MOBILE, { message: 'phone must be a mainland mobile number (11 digits starting with 1)' })
  phone: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(128)
  password: string;

  @ApiProperty()
  @Transform(trimString)
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ['clerk', 'supervisor', 'admin'], isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(['clerk', 'supervisor', 'admin'], { each: true, message: 'roles may only hold clerk, supervisor and admin' })
  roles: Role[];
}

/** What the API shows of an account: ID numbers and credit codes always masked, no password hash. */
export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() phone: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PARTY_TYPES }) partyType: PartyType;
  @ApiProperty({ type: String, nullable: true, example: '130728********123X' }) idNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) creditCode: string | null;
  @ApiProperty({ type: String, nullable: true }) villageCode: string | null;
  @ApiProperty({ type: String, isArray: true, enum: ['seller', 'buyer', 'clerk', 'supervisor', 'admin'] })
  roles: Role[];
  @ApiProperty() createdAt: Date;
}

export class TokenPairDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'access token lifetime in seconds' }) expiresIn: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}
