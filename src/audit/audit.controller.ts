import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('clerk', 'supervisor', 'admin')
  @ApiDoc({
    zh: '审计日志',
    en: 'Audit trail',
    roles: ['clerk', 'supervisor', 'admin'],
    errors: ['FORBIDDEN', 'VALIDATION_FAILED'],
  })
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }

  @Get('verify')
  @Roles('clerk', 'supervisor', 'admin')
  @ApiDoc({
    zh: '校验审计哈希链',
    en: 'Verify the audit hash chain',
    roles: ['clerk', 'supervisor', 'admin'],
    errors: ['FORBIDDEN'],
  })
  verify() {
    return this.audit.verify();
  }
}
