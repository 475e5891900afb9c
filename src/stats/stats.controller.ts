import { Controller, Get, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { IsCalendarDate } from '../common/http/validators';
import { StatsGroupBy, StatsService } from './stats.service';

class StatsQueryDto {
  @ApiPropertyOptional({ description: 'first day included, YYYY-MM-DD (China time)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'last day included, YYYY-MM-DD (China time)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ enum: ['category', 'township', 'month'] })
  @IsOptional()
  @IsIn(['category', 'township', 'month'])
  groupBy?: StatsGroupBy;
}

@ApiTags('oversight')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('summary')
  @Roles('clerk', 'supervisor')
  @ApiDoc({
    zh: '交易统计：成交数、成交额、流转面积、溢价率、流拍率（按品种、乡镇或月份）',
    en: 'Statistics: deals, turnover, area traded, premium over reserve, failure rate (by category, township or month)',
    roles: ['clerk', 'supervisor'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN'],
    description:
      'Deals count when made (every status but CANCELLED and DEFAULTED); failures (listings ending FAILED) when they ' +
      'end. premiumRate = (turnover − reserve) / reserve; failureRate = failed / (deals + failed); 4 decimals.',
  })
  async summary(@Query() query: StatsQueryDto) {
    return this.stats.summary(query);
  }
}
