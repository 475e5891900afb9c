import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { trimString } from '../../common/http/validators';
import {
  ArrayMaxSize,
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
  ValidateBy,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { PartyType } from '../../catalog/domain/category.types';
import { passwordWeakness } from '../domain/password-strength';
import { Role, ROLES, STAFF_ROLES } from '../domain/roles';

const PARTY_TYPES: PartyType[] = ['PERSON', 'ORGANIZATION', 'COLLECTIVE'];
const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 128;
const MOBILE = /^1[3-9]\d{9}$/;

/**
 * A password strong enough by zxcvbn (with the common-password dictionary), the account's own phone and name counted
 * as guessable words; the message says why not.
 */
function IsStrongPassword(options?: ValidationOptions): PropertyDecorator {
  const weakness = (args?: ValidationArguments): string | null => {
    // a password of the wrong type or length is reported by the other validators, without scoring it
    if (
      typeof args?.value !== 'string' ||
      args.value.length < PASSWORD_MIN_LENGTH ||
      args.value.length > PASSWORD_MAX_LENGTH
    ) {
      return null;
    }
    const { phone, name } = args.object as { phone?: unknown; name?: unknown };
    return passwordWeakness(
      args.value,
      [phone, name].filter((v): v is string => typeof v === 'string'),
    );
  };
  return ValidateBy(
    {
      name: 'isStrongPassword',
      validator: {
        validate: (_value: unknown, args) => weakness(args) === null,
        defaultMessage: (args) => weakness(args) ?? 'password is too weak',
      },
    },
    options,
  );
}

/** 住所: written into contracts. */
class AddressField {
  @ApiPropertyOptional({ description: '住所 / address, written into contracts', maxLength: 200 })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  address?: string;
}

export class RegisterDto extends AddressField {
  @ApiProperty({ example: '13900000001', description: 'mainland mobile number / 手机号' })
  @IsString()
  @Matches(MOBILE, { message: 'phone must be a mainland mobile number (11 digits starting with 1)' })
  phone: string;

  @ApiProperty({ minLength: 10, maxLength: 128, description: 'at least 10 characters and hard to guess (zxcvbn ≥ 3)' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  @IsStrongPassword()
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

  @ApiProperty({ minLength: 10, maxLength: 128, description: 'at least 10 characters and hard to guess (zxcvbn ≥ 3)' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  @IsStrongPassword()
  password: string;

  @ApiProperty()
  @Transform(trimString)
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({
    enum: STAFF_ROLES,
    isArray: true,
    description: 'exactly one role: a staff account is admin, clerk or supervisor (or a lender), never also a party',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1, { message: `roles must hold exactly one role (${STAFF_ROLES.join(', ')})` })
  @IsIn(STAFF_ROLES, { each: true, message: `roles may only hold one of ${STAFF_ROLES.join(', ')}` })
  roles: Role[];

  @ApiPropertyOptional({ enum: PARTY_TYPES, description: 'a lender (a bank) is an ORGANIZATION; staff are PERSONs' })
  @IsOptional()
  @IsIn(PARTY_TYPES)
  partyType?: PartyType;

  @ApiPropertyOptional({
    description: "a lender's unified social credit code / 统一社会信用代码 (required for a lender)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  creditCode?: string;
}

/** `PATCH /me`: what a user may change of their own account. */
export class UpdateMeDto {
  @ApiProperty({ description: '住所 / address, written into contracts', maxLength: 200 })
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  address: string;
}

export class LogoutDto {
  @ApiProperty()
  @IsString()
  @MaxLength(256)
  refreshToken: string;
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
  @ApiProperty({ type: String, isArray: true, enum: ROLES })
  roles: Role[];
  @ApiProperty({ type: String, nullable: true, description: '住所' }) address: string | null;
  @ApiProperty({ description: 'disabled by an admin: cannot sign in' }) disabled: boolean;
  @ApiProperty() createdAt: Date;
}

export class TokenPairDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'access token lifetime in seconds' }) expiresIn: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}
