import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CATEGORY_CODES, PRICE_UNITS, TRANSFER_MODES } from '../../catalog/domain/category.types';
import type { CategoryCode, PriceUnit, TransferMode } from '../../catalog/domain/category.types';
import { getCategory, isCategoryCode } from '../../catalog/domain/category-registry';
import { FieldError } from '../../common/errors/domain-error';
import { IsCalendarDate, IsInstant, trimString } from '../../common/http/validators';
import { PageQueryDto } from '../../common/http/pagination';
import { LISTING_STATUSES } from '../domain/listing-status';
import type { ListingStatus } from '../domain/listing-status';
import { listingFieldErrors } from '../domain/listing-validation';
import type { ListingTerms, TradingMethod } from '../domain/listing-validation';

const MAX_FEN = Number.MAX_SAFE_INTEGER;
const TRADING_METHODS: TradingMethod[] = ['AUCTION', 'NEGOTIATED'];

export class CollectiveResolutionDto {
  @ApiProperty({ example: '2026-10-20', description: '会议日期' })
  @IsCalendarDate()
  meetingDate: string;

  @ApiProperty({ description: '有表决权的成员（代表）总数' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  eligibleVoters: number;

  @ApiProperty({ description: '到会人数' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  attendees: number;

  @ApiProperty({ description: '赞成票数' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  votesFor: number;

  @ApiPropertyOptional({ description: 'id of the uploaded RESOLUTION document' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @ApiPropertyOptional({ description: 'COLLECTIVE_EQUITY: the resolution lets buyers outside the collective bid' })
  @IsOptional()
  @IsBoolean()
  allowOutsiders?: boolean;
}

export class HouseholdDto {
  @ApiProperty({ example: '王建国', description: 'the household head (户主)' })
  @Transform(trimString)
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiProperty({ example: 3.5, description: 'the area it mandates, in mu (at most 2 decimals)' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(1_000_000)
  areaMu: number;
}

export class CreateListingDto {
  @ApiProperty({ enum: CATEGORY_CODES })
  @IsIn(CATEGORY_CODES)
  categoryCode: CategoryCode;

  @ApiProperty({ example: '西沙洼村 120 亩水浇地经营权出租' })
  @Transform(trimString)
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ example: '130728100213', description: '12-digit village code' })
  @Matches(/^\d{12}$/, { message: 'villageCode must be a 12-digit village code' })
  villageCode: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ enum: TRANSFER_MODES })
  @IsIn(TRANSFER_MODES)
  transferMode: TransferMode;

  @ApiProperty({ description: 'category attributes (GET /categories)', type: 'object', additionalProperties: true })
  @IsObject()
  attributes: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'area in mu (亩), at most 2 decimals; required where the category hasArea' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(10_000_000)
  areaMu?: number;

  @ApiProperty({ enum: PRICE_UNITS })
  @IsIn(PRICE_UNITS)
  priceUnit: PriceUnit;

  @ApiProperty({ description: 'reserve (AGRI_PROJECT: ceiling) in fen, in the price unit' })
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  reservePriceFen: number;

  @ApiProperty({ description: 'bid increment in fen, in the price unit' })
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  incrementFen: number;

  @ApiProperty({ description: 'deposit in fen: 10%-30% of the total reserve value' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  depositFen: number;

  @ApiPropertyOptional({ description: 'term in whole years' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  termYears?: number;

  @ApiProperty({ enum: TRADING_METHODS })
  @IsIn(TRADING_METHODS)
  tradingMethod: TradingMethod;

  @ApiPropertyOptional({ type: CollectiveResolutionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CollectiveResolutionDto)
  collectiveResolution?: CollectiveResolutionDto;

  @ApiPropertyOptional({
    description:
      "委托流转: a COLLECTIVE lists LAND_CONTRACT land on its households' written mandates (MANDATE documents)",
  })
  @IsOptional()
  @IsBoolean()
  onBehalfOfHouseholds?: boolean;

  @ApiPropertyOptional({
    type: () => [HouseholdDto],
    description: 'with onBehalfOfHouseholds: the mandating households, their areas adding up to areaMu',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => HouseholdDto)
  households?: HouseholdDto[];

  @ApiPropertyOptional({
    example: 'HA-JZ-2027-000001',
    description: '再流转: the certificate under which the lister (its buyer) holds the right it lists again',
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  sourceCertificateNo?: string;

  /** The attribute, area and term errors, reported together with any shape error (see WithCrossFieldErrors). */
  crossFieldErrors(): FieldError[] {
    if (typeof this.categoryCode !== 'string' || !isCategoryCode(this.categoryCode)) return [];
    return listingFieldErrors(getCategory(this.categoryCode), this as unknown as ListingTerms);
  }
}

/** The right a listing re-transfers (`sourceCertificateNo`) is fixed when it is made. */
export class UpdateListingDto extends PartialType(OmitType(CreateListingDto, ['sourceCertificateNo'] as const)) {}

export class ReviewListingDto {
  @ApiProperty({ enum: ['APPROVE', 'RETURN', 'REJECT'] })
  @IsIn(['APPROVE', 'RETURN', 'REJECT'])
  decision: 'APPROVE' | 'RETURN' | 'REJECT';

  @ApiPropertyOptional({ description: 'required for RETURN and REJECT' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class PublishListingDto {
  @ApiProperty({ example: '2026-12-18T17:00:00+08:00' })
  @IsInstant()
  announcementEndsAt: string;

  @ApiPropertyOptional({ description: 'defaults to announcementEndsAt' })
  @IsOptional()
  @IsInstant()
  biddingStartsAt?: string;

  @ApiPropertyOptional({ description: 'defaults to one hour after biddingStartsAt' })
  @IsOptional()
  @IsInstant()
  biddingEndsAt?: string;
}

export class WithdrawListingDto {
  @ApiProperty()
  @Transform(trimString)
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class RelistDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  reservePriceFen: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  incrementFen?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  depositFen?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

export const LISTING_SORTS = ['newest', 'price', 'endingSoon'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

export class ListingSearchDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CATEGORY_CODES })
  @IsOptional()
  @IsIn(CATEGORY_CODES)
  category?: CategoryCode;

  @ApiPropertyOptional({ description: '9-digit township code' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'township must be a 9-digit township code' })
  township?: string;

  @ApiPropertyOptional({ description: '12-digit village code' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'village must be a 12-digit village code' })
  village?: string;

  @ApiPropertyOptional({ enum: LISTING_STATUSES })
  @IsOptional()
  @IsIn(LISTING_STATUSES)
  status?: ListingStatus;

  @ApiPropertyOptional({ description: 'text in the title or description (Chinese substring)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'minimum total reserve value (fen)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  minPriceFen?: number;

  @ApiPropertyOptional({ description: 'maximum total reserve value (fen)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  maxPriceFen?: number;

  @ApiPropertyOptional({ enum: LISTING_SORTS, default: 'newest' })
  @IsOptional()
  @IsIn(LISTING_SORTS)
  sort?: ListingSort;
}

/** `GET /listings`: a page of listings; the total is exact up to SEARCH_EXACT_TOTAL_CAP matches, estimated beyond. */
export class ListingSearchPageDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'listings, each as `GET /listings/:id` answers it to the caller',
  })
  items: Record<string, unknown>[];

  @ApiProperty({ description: 'matching listings: exact, or an estimate when `totalIsEstimate`' })
  total: number;

  @ApiProperty({
    description:
      'true when more listings match than the exact-count cap (SEARCH_EXACT_TOTAL_CAP, 1,000 by default): `total` ' +
      'is then an estimate (more than the cap, from a sample of the listings, two significant digits; "约 N 项")',
  })
  totalIsEstimate: boolean;

  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
