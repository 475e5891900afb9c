import type { ErrorCode } from '../common/errors/error-codes';
import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Public, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { SearchPage } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import {
  CreateListingDto,
  ListingSearchDto,
  ListingSearchPageDto,
  PublishListingDto,
  RelistDto,
  ReviewListingDto,
  UpdateListingDto,
  WithdrawListingDto,
} from './dto/listing.dto';
import { Listing } from './entities/listing.entity';
import { ListingDto, toListingDto } from './listing.mapper';
import { ListingsService, viewOf } from './listings.service';

const RULE_ERRORS: ErrorCode[] = [
  'VALIDATION_FAILED',
  'LISTER_TYPE_NOT_ALLOWED',
  'TRANSFER_MODE_NOT_ALLOWED',
  'PRICE_UNIT_NOT_ALLOWED',
  'TERM_EXCEEDS_RIGHT',
  'TERM_EXCEEDS_LIMIT',
  'DEPOSIT_OUT_OF_RANGE',
  'RESERVE_BELOW_APPRAISAL',
  'COLLECTIVE_RESOLUTION_REQUIRED',
  'COLLECTIVE_RESOLUTION_INVALID',
  'VILLAGE_NOT_OWN',
];

@ApiTags('listings')
@Controller('listings')
export class ListingsController {
  constructor(private readonly listings: ListingsService) {}

  private async one(listing: Listing, caller: AuthUser): Promise<ListingDto> {
    const view = viewOf(listing, caller) ?? 'public';
    return toListingDto(listing, view, await this.listings.namesFor([listing]));
  }

  @Post()
  @Roles('seller')
  @ApiDoc({
    zh: '创建挂牌项目（草稿）',
    created: true,
    en: 'Create a listing (draft)',
    roles: ['seller'],
    errors: [...RULE_ERRORS, 'FORBIDDEN', 'NOT_ELIGIBLE', 'RIGHT_ENCUMBERED'],
  })
  async create(@Body() dto: CreateListingDto, @CurrentUser() caller: AuthUser): Promise<ListingDto> {
    return this.one(await this.listings.create(caller, dto), caller);
  }

  @Patch(':id')
  @ApiDoc({
    zh: '修改挂牌项目（草稿或退回时）',
    en: 'Edit a listing (while DRAFT or RETURNED)',
    roles: ['owner'],
    errors: [...RULE_ERRORS, 'LISTING_NOT_EDITABLE', 'NOT_FOUND', 'FORBIDDEN'],
  })
  async update(
    @UuidParam() id: string,
    @Body() dto: UpdateListingDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ListingDto> {
    return this.one(await this.listings.update(caller, id, dto), caller);
  }

  @Post(':id/submit')
  @ApiDoc({
    zh: '提交审核',
    en: 'Submit for review',
    roles: ['owner'],
    errors: [...RULE_ERRORS, 'DOCUMENT_MISSING', 'INVALID_STATE', 'NOT_FOUND', 'FORBIDDEN', 'RIGHT_ENCUMBERED'],
  })
  async submit(@UuidParam() id: string, @CurrentUser() caller: AuthUser): Promise<ListingDto> {
    return this.one(await this.listings.submit(caller, id), caller);
  }

  @Post(':id/review')
  @Roles('clerk')
  @ApiDoc({
    zh: '受理审核：通过、退回修改或不予受理（大额项目须两名工作人员审核）',
    en: 'Review: approve, return for changes or reject (large deals need two different clerks)',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'ALREADY_APPROVED_BY_YOU'],
  })
  async review(
    @UuidParam() id: string,
    @Body() dto: ReviewListingDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ListingDto> {
    return this.one(await this.listings.review(caller, id, dto), caller);
  }

  @Post(':id/publish')
  @Roles('clerk')
  @ApiDoc({
    zh: '发布公告（公告期按工作日计算）',
    en: 'Publish the announcement (its length counted in Chinese working days)',
    roles: ['clerk'],
    errors: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'INVALID_STATE',
      'ANNOUNCEMENT_TOO_SHORT',
      'INVALID_BIDDING_WINDOW',
      'RIGHT_ENCUMBERED',
    ],
  })
  async publish(
    @UuidParam() id: string,
    @Body() dto: PublishListingDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ListingDto> {
    return this.one(await this.listings.publish(caller, id, dto), caller);
  }

  @Post(':id/withdraw')
  @ApiDoc({
    zh: '撤回挂牌（竞价开始前）',
    en: 'Withdraw the listing (before bidding starts)',
    roles: ['owner', 'clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'INVALID_STATE'],
  })
  async withdraw(
    @UuidParam() id: string,
    @Body() dto: WithdrawListingDto,
    @CurrentUser() caller: AuthUser,
  ): Promise<ListingDto> {
    return this.one(await this.listings.withdraw(caller, id, dto), caller);
  }

  @Post(':id/relist')
  @ApiDoc({
    zh: '流拍后重新挂牌（降价不超过 20%）',
    created: true,
    en: 'Relist after a failed round (price cut at most 20%)',
    roles: ['owner'],
    errors: [...RULE_ERRORS, 'PRICE_CUT_TOO_LARGE', 'INVALID_STATE', 'NOT_FOUND', 'FORBIDDEN', 'RIGHT_ENCUMBERED'],
  })
  async relist(@UuidParam() id: string, @Body() dto: RelistDto, @CurrentUser() caller: AuthUser): Promise<ListingDto> {
    return this.one(await this.listings.relist(caller, id, dto), caller);
  }

  @Public()
  @Get()
  @ApiOkResponse({ type: ListingSearchPageDto })
  @ApiDoc({
    zh: '检索挂牌项目（匿名用户只见公开状态）',
    en: 'Search listings (anonymous callers see public statuses only)',
    roles: ['public'],
    errors: ['VALIDATION_FAILED'],
  })
  async search(
    @Query() query: ListingSearchDto,
    @CurrentUser() caller: AuthUser | undefined,
  ): Promise<SearchPage<ListingDto>> {
    const page = await this.listings.search(caller, query);
    const names = await this.listings.namesFor(page.items);
    return { ...page, items: page.items.map((l) => toListingDto(l, viewOf(l, caller) ?? 'public', names)) };
  }

  @Public()
  @Get(':id')
  @ApiDoc({
    zh: '挂牌项目详情（草稿与审核中仅本人与工作人员可见）',
    en: 'Listing detail (drafts and reviews only for the owner and staff)',
    roles: ['public', 'owner', 'staff'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  async get(@UuidParam() id: string, @CurrentUser() caller: AuthUser | undefined): Promise<ListingDto> {
    const { listing, view } = await this.listings.findVisible(caller, id);
    return toListingDto(listing, view, await this.listings.namesFor([listing]));
  }
}
