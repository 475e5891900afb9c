import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { IsInstant } from '../common/http/validators';
import { ClockService, ClockState } from './clock.service';

class MoveClockDto {
  @ApiProperty({ example: '2027-01-01T09:00:00+08:00', description: 'the new platform time (forward only)' })
  @IsInstant()
  now: string;
}

/** Only registered with TEST_CLOCK=true (demos and tests); otherwise these paths answer 404. */
@ApiTags('operations')
@Controller('admin/clock')
export class ClockController {
  constructor(private readonly clock: ClockService) {}

  @Put()
  @Roles('admin')
  @ApiDoc({
    zh: '测试时钟：将平台时间向前拨（仅 TEST_CLOCK=true）',
    en: 'Test clock: move the platform clock forward (TEST_CLOCK=true only)',
    roles: ['admin'],
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'CLOCK_BACKWARDS'],
    description:
      'Every deadline, ticker, working-day count and serverTime follows it; token expiry and HTTP headers keep the ' +
      'wall clock. The offset is kept in the database: every instance shares it and it survives a restart.',
  })
  move(@Body() dto: MoveClockDto, @CurrentUser() caller: AuthUser): Promise<ClockState> {
    return this.clock.moveTo(caller.id, new Date(dto.now));
  }

  @Get()
  @Roles('admin')
  @ApiDoc({ zh: '测试时钟的当前时间', en: 'The test clock now', roles: ['admin'], errors: ['FORBIDDEN'] })
  get(): Promise<ClockState> {
    return this.clock.state();
  }
}
