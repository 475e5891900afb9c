import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AuthUser, CurrentUser, Public } from '../common/auth/auth.decorators';
import { ApiDoc } from '../common/http/api-doc';
import { CertificatesService } from './certificates.service';
import { CertificateDocument } from './domain/certificate-document';

class VerifyQueryDto {
  @ApiPropertyOptional({ description: '核验码 / the verification code printed on the certificate' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  code?: string;
}

/** The certificate's public fields (the verification code is what the caller gave; not repeated). */
function toPublicCertificate(c: CertificateDocument) {
  return {
    certificateNo: c.certificateNo,
    valid: true,
    issuedAt: c.issuedAt,
    centreName: c.centreName,
    seller: c.seller,
    buyer: c.buyer,
    categoryCode: c.categoryCode,
    categoryNameZh: c.categoryNameZh,
    listingNo: c.listingNo,
    title: c.title,
    villageName: c.villageName,
    transferMode: c.transferMode,
    tradingMethod: c.tradingMethod,
    priceUnit: c.priceUnit,
    unitPriceFen: c.unitPriceFen,
    totalPriceFen: c.totalPriceFen,
    areaMu: c.areaMu ?? null,
    contractNo: c.contractNo,
    term: c.term ?? null,
    dealDate: c.dealDate,
  };
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
    zh: '下载交易鉴证书 PDF（当事人、工作人员）',
    en: 'Download the certificate as a PDF (parties, staff)',
    roles: ['parties', 'staff'],
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
