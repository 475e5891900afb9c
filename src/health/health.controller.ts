import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { Health, HealthService } from './health.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiDoc({
    zh: '健康检查',
    en: 'Health (200 up, 503 when the database is down; from a probe at most a few seconds old): the calendar known through, the last housekeeping',
    roles: ['public'],
  })
  async get(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const health = await this.health.health();
    if (health.status !== 'ok') res.status(503);
    return health;
  }
}
