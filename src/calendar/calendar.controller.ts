import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { AuthUser, CurrentUser, Public, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { YearParam } from '../common/http/uuid-param';
import { IsCalendarDate } from '../common/http/validators';
import type { YearCalendar } from '../common/domain/working-days';
import { CalendarService } from './calendar.service';

class CalendarYearDto {
  @ApiProperty({
    type: [String],
    example: ['2027-02-05', '2027-02-08', '2027-02-09'],
    description: 'days off (放假), YYYY-MM-DD, all in the year; weekend days may be listed',
  })
  @IsArray()
  @ArrayMaxSize(366)
  @IsCalendarDate({ each: true })
  holidays: string[];

  @ApiProperty({
    type: [String],
    example: ['2027-01-31', '2027-02-20'],
    description: 'make-up workdays (调休上班): weekend days that are worked, YYYY-MM-DD, all in the year',
  })
  @IsArray()
  @ArrayMaxSize(366)
  @IsCalendarDate({ each: true })
  workdays: string[];
}

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Public()
  @Get('calendar/:year')
  @ApiDoc({
    zh: '某年的工作日历（法定节假日与调休）',
    en: "A year's working-day calendar: OFFICIAL (the centre's entry of the State Council notice), PACKAGE or WEEKENDS_ONLY",
    roles: ['public'],
    errors: ['VALIDATION_FAILED'],
  })
  get(@YearParam() year: number): Promise<YearCalendar> {
    return this.calendar.year(year);
  }

  @Put('admin/calendar/:year')
  @Roles('admin')
  @ApiDoc({
    zh: '录入某年国务院节假日安排（覆盖内置数据）',
    en: "Enter a year's State Council holiday notice: days off and make-up workdays; replaces that year's calendar",
    roles: ['admin'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN'],
  })
  put(@YearParam() year: number, @Body() dto: CalendarYearDto, @CurrentUser() caller: AuthUser): Promise<YearCalendar> {
    return this.calendar.enter(caller, year, dto);
  }
}
