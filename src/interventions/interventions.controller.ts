import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length } from 'class-validator';
import { isStaff } from '../accounts/domain/roles';
import { AuthUser, CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { PageQueryDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { IsInstant, trimString } from '../common/http/validators';
import { toObjectionDto } from '../deals/deal.mapper';
import { ObjectionDto } from '../deals/dto/deal.dto';
import { Listing } from '../listings/entities/listing.entity';
import { ListingDto, toListingDto } from '../listings/listing.mapper';
import { ListingsService, viewOf } from '../listings/listings.service';
import { InterventionsService } from './interventions.service';

class ReasonDto {
  @ApiProperty({ description: '原因 / why (a title dispute, an upheld objection, ...)' })
  @Transform(trimString)
  @IsString()
  @Length(1, 2000)
  reason: string;
}

class ResumeDto {
  @ApiPropertyOptional({
    example: '2027-03-05T17:00:00+08:00',
    description:
      'the new end of the announcement (required when the listing was suspended in its announcement ' +
      'with no auction scheduled yet): at least the minimum working days from now',
  })
  @IsOptional()
  @IsInstant()
  announcementEndsAt?: string;

  @ApiPropertyOptional({
    description: 'the auction opens then (default: after the announcement, or its remaining wait)',
  })
  @IsOptional()
  @IsInstant()
  biddingStartsAt?: string;

  @ApiPropertyOptional({ description: 'the auction closes then (default: its remaining time from now)' })
  @IsOptional()
  @IsInstant()
  biddingEndsAt?: string;
}

@ApiTags('listings')
@Controller('listings')
export class InterventionsController {
  constructor(
    private readonly interventions: InterventionsService,
    private readonly listings: ListingsService,
  ) {}

  private async one(listing: Listing, caller: AuthUser): Promise<ListingDto> {
    return toListingDto(listing, viewOf(listing, caller) ?? 'public', await this.listings.namesFor([listing]));
  }

  @Post(':id/suspend')
  @Roles('clerk')
  @ApiDoc({
    zh: '中止交易（公告或竞价中）：暂停报名、保证金与出价，保留竞价剩余时间',
    en: 'Suspend an ANNOUNCED or BIDDING listing: no registration, deposit or bid meanwhile; an auction keeps its remaining time',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'FORBIDDEN'],
  })
  async suspend(@UuidParam() id: string, @Body() dto: ReasonDto, @CurrentUser() caller: AuthUser) {
    return this.one(await this.interventions.suspend(caller, id, dto.reason), caller);
  }

  @Post(':id/resume')
  @Roles('clerk')
  @ApiDoc({
    zh: '恢复交易：回到中止前的状态（公告期重新计算，不少于最短公告期；竞价恢复剩余时间或新时间）',
    en: 'Resume a SUSPENDED listing to the state it left: the announcement again at least its minimum from now; an auction with its remaining time unless new dates are given',
    roles: ['clerk'],
    errors: [
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'INVALID_STATE',
      'ANNOUNCEMENT_TOO_SHORT',
      'INVALID_BIDDING_WINDOW',
      'FORBIDDEN',
    ],
  })
  async resume(@UuidParam() id: string, @Body() dto: ResumeDto, @CurrentUser() caller: AuthUser) {
    return this.one(await this.interventions.resume(caller, id, dto), caller);
  }

  @Post(':id/terminate')
  @Roles('clerk')
  @ApiDoc({
    zh: '终结交易：所有已交保证金退还',
    en: 'Terminate an ANNOUNCED, BIDDING or SUSPENDED listing: TERMINATED, every deposit released',
    roles: ['clerk'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'FORBIDDEN'],
  })
  async terminate(@UuidParam() id: string, @Body() dto: ReasonDto, @CurrentUser() caller: AuthUser) {
    return this.one(await this.interventions.terminate(caller, id, dto.reason), caller);
  }

  @Post(':id/objections')
  @ApiDoc({
    zh: '对公告中（或中止中）的项目提出异议',
    en: 'Object to a listing in its announcement (or suspended)',
    roles: ['any authenticated user'],
    created: true,
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'OBJECTION_EXISTS'],
  })
  async object(@UuidParam() id: string, @Body() dto: ObjectionDto, @CurrentUser() caller: AuthUser) {
    return toObjectionDto(await this.interventions.object(caller, id, dto.reason), isStaff(caller.roles));
  }

  @Get(':id/objections')
  @ApiDoc({
    zh: '项目的异议（挂牌方与工作人员可见全部，其他人仅见本人提出的）',
    en: "A listing's objections, paginated (its owner and staff see all; others their own)",
    roles: ['any authenticated user'],
    errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
  })
  async objections(@UuidParam() id: string, @Query() query: PageQueryDto, @CurrentUser() caller: AuthUser) {
    const page = await this.interventions.objectionsOf(caller, id, query);
    return { ...page, items: page.items.map((o) => toObjectionDto(o, isStaff(caller.roles))) };
  }
}
