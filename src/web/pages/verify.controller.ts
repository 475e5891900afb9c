import { Controller, Get, Header, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { toPublicCertificate } from '../../certificates/certificate.mapper';
import { CertificatesService } from '../../certificates/certificates.service';
import { roleLabelsFor } from '../../certificates/domain/certificate-document';
import { Public } from '../../common/auth/auth.decorators';
import { DomainError } from '../../common/errors/domain-error';
import { Views } from '../views';
import { WebContext } from '../web-context';
import { WebCsrfGuard } from '../web-csrf.guard';
import { WebErrorFilter } from '../web-error.filter';

function first(value: unknown): string {
  const v = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof v === 'string' ? v.trim().slice(0, 64) : '';
}

/**
 * `/verify` 证书查验: a form (certificate number and verification code), and `/verify/:certificateNo?code=` (where
 * the certificate's QR code leads) showing what `GET /certificates/:no?code=` answers; a wrong or missing code is an
 * HTML 404 saying 未找到 (no oracle for guessing numbers).
 */
@ApiExcludeController()
@Public()
@UseGuards(WebCsrfGuard)
@UseFilters(WebErrorFilter)
@Controller('web')
export class VerifyPagesController {
  constructor(
    private readonly views: Views,
    private readonly context: WebContext,
    private readonly certificates: CertificatesService,
  ) {}

  @Get('verify')
  async form(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const no = first(raw.no);
    const code = first(raw.code);
    // the form is a GET: its answer is the certificate's own address (the one its QR code carries)
    if (no) {
      res.redirect(303, `/verify/${encodeURIComponent(no)}?code=${encodeURIComponent(code)}`);
      return;
    }
    const ctx = await this.context.of(req, res, '证书查验');
    res.type('html').send(this.views.page('verify', ctx, { no: '', code: '', certificate: null, notFound: false }));
  }

  @Get('verify/:certificateNo')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async check(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Param('certificateNo') certificateNo: string,
    @Query() raw: Record<string, unknown>,
  ): Promise<string> {
    const code = first(raw.code);
    let certificate: ReturnType<typeof toPublicCertificate> | null = null;
    try {
      certificate = toPublicCertificate(await this.certificates.verify(certificateNo, code || undefined));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
      res.status(404);
    }
    const ctx = await this.context.of(req, res, certificate ? '证书查验结果' : '未找到证书');
    return this.views.page('verify', ctx, {
      no: certificateNo.slice(0, 64),
      code,
      certificate,
      roles: certificate ? roleLabelsFor(certificate.categoryCode) : null,
      notFound: !certificate,
    });
  }
}
