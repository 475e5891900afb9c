import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AuthUser, CurrentUser, Public } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { toPublicCertificate } from './certificate.mapper';
import { CertificatesService } from './certificates.service';

class VerifyQueryDto {
  @ApiPropertyOptional({ description: '核验码 / the verification code printed on the certificate' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  code?: string;
}

@ApiTags('certificates')
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Public()
  @Get(':certificateNo')
  @ApiDoc({
    zh: '核验交易鉴证书（须提供核验码）',
    en: 'Verify a transaction certificate (with its verification code)',
    roles: ['public'],
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
  })
  async verify(@Param('certificateNo') certificateNo: string, @Query() query: VerifyQueryDto) {
    return toPublicCertificate(await this.certificates.verify(certificateNo, query.code));
  }

  @Get(':certificateNo/pdf')
  @ApiProduces('application/pdf')
  @ApiDoc({
    zh: '下载交易鉴证书 PDF（当事人、工作人员、持有抵押的抵押权人）',
    en: 'Download the certificate as a PDF (parties, staff, a lender holding an open mortgage on it)',
    roles: ['parties', 'staff', 'lender (an open mortgage on it)'],
    errors: ['NOT_FOUND'],
  })
  async pdf(@Param('certificateNo') certificateNo: string, @CurrentUser() caller: AuthUser) {
    const { certificate, pdf } = await this.certificates.pdf(caller, certificateNo);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="${certificate.certificateNo}.pdf"`,
      length: pdf.length,
    });
  }
}
