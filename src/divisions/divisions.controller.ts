import { Controller, Get, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Public } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { DivisionsService } from './divisions.service';

class DivisionsQueryDto {
  @ApiPropertyOptional({ example: '130728', description: 'parent code; omitted → the top level' })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6}|\d{9})$/, { message: 'parent must be a 2, 4, 6 or 9-digit division code' })
  parent?: string;
}

class DivisionDto {
  @ApiProperty({ example: '130728100' }) code: string;
  @ApiProperty({ example: '柴沟堡镇' }) name: string;
  @ApiProperty({ enum: ['province', 'city', 'county', 'township', 'village'] }) level: string;
  @ApiProperty({ nullable: true, example: '130728' }) parentCode: string | null;
}

@ApiTags('reference data')
@Controller('divisions')
export class DivisionsController {
  constructor(private readonly divisions: DivisionsService) {}

  @Public()
  @Get()
  @ApiDoc({
    zh: '行政区划（县 → 乡镇 → 村）',
    en: 'Administrative divisions (county → township → village)',
    roles: ['public'],
    errors: ['VALIDATION_FAILED'],
  })
  async list(@Query() query: DivisionsQueryDto): Promise<DivisionDto[]> {
    const rows = await this.divisions.children(query.parent);
    return rows.map(({ code, name, level, parentCode }) => ({ code, name, level, parentCode }));
  }
}
