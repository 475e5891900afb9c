import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { maskIdNumber } from '../accounts/domain/identity';
import { isStaff } from '../accounts/domain/roles';
import { User } from '../accounts/entities/user.entity';
import { getCategory } from '../catalog/domain/category-registry';
import { AuthUser } from '../common/auth/auth.decorators';
import { chinaDateOf } from '../common/domain/calendar-date';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/runtime';
import { Contract } from '../contracts/entities/contract.entity';
import { Deal } from '../deals/entities/deal.entity';
import { Division } from '../divisions/entities/division.entity';
import { Listing } from '../listings/entities/listing.entity';
import { holdsOpenMortgage, isMortgaged } from '../mortgages/encumbrance';
import { sameCode } from './certified-right';
import { CertificateDocument, CertificateParty } from './domain/certificate-document';
import { renderCertificatePdf } from './domain/certificate-pdf';
import { Certificate } from './entities/certificate.entity';

/** Verification codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

/** What `fields` holds: the certificate document with its instant as an ISO string. */
type StoredFields = Omit<CertificateDocument, 'issuedAt'> & { issuedAt: string };

/**
 * Transaction certificates (交易鉴证书, DOMAIN.md §2 step 10): issued inside the settlement's transaction, verified
 * publicly with the certificate number and its verification code, downloaded as a PDF by the parties and staff.
 */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Issues the certificate of a settled deal in the caller's transaction; its fields are a snapshot. */
  async issue(em: EntityManager, deal: Deal, contract: Contract, now: Date): Promise<Certificate> {
    const listing = await em.getRepository(Listing).findOneByOrFail({ id: deal.listingId });
    const users = await em.getRepository(User).findBy({ id: In([deal.sellerId, deal.buyerId]) });
    const party = (id: string): CertificateParty => {
      const user = users.find((u) => u.id === id)!;
      const idNo = user.idNumber ?? user.creditCode ?? '';
      return { name: user.name, partyType: user.partyType, maskedIdNo: idNo ? maskIdNumber(idNo) : '' };
    };
    const divisions = await em
      .getRepository(Division)
      .findBy({ code: In([listing.townshipCode, listing.villageCode]) });
    const name = (code: string) => divisions.find((d) => d.code === code)?.name ?? code;
    const terms = contract.terms as { term?: { startsOn: string; endsOn: string | null; years: number | null } };
    const [{ n }] = await em.query(`SELECT nextval('certificate_no_seq')::text AS n`);
    const certificateNo = `${this.config.LISTING_NO_PREFIX}-JZ-${chinaDateOf(now).slice(0, 4)}-${String(n).padStart(6, '0')}`;
    const document: CertificateDocument = {
      certificateNo,
      verificationCode: await this.drawCode(em),
      issuedAt: now,
      centreName: this.config.CENTRE_NAME,
      // the certificate names the lister and the winner (for AGRI_PROJECT: purchaser and supplier)
      seller: party(deal.sellerId),
      buyer: party(deal.buyerId),
      categoryCode: listing.categoryCode,
      categoryNameZh: getCategory(listing.categoryCode).nameZh,
      listingNo: listing.listingNo,
      title: listing.title,
      villageName: `${name(listing.townshipCode)}${name(listing.villageCode)}`,
      transferMode: listing.transferMode,
      tradingMethod: deal.method,
      priceUnit: listing.priceUnit,
      unitPriceFen: deal.priceFen,
      totalPriceFen: deal.totalPriceFen,
      areaMu: listing.areaMu,
      contractNo: contract.contractNo,
      term:
        terms.term?.endsOn && terms.term.years
          ? { startDate: terms.term.startsOn, endDate: terms.term.endsOn, years: terms.term.years }
          : null,
      dealDate: chinaDateOf(deal.createdAt),
    };
    const fields: StoredFields = { ...document, issuedAt: now.toISOString() };
    return em.getRepository(Certificate).save(
      em.getRepository(Certificate).create({
        certificateNo,
        verificationCode: document.verificationCode,
        dealId: deal.id,
        contractId: contract.id,
        fields: fields as unknown as Record<string, unknown>,
        issuedAt: now,
      }),
    );
  }

  /**
   * Public verification: the certificate's fields when the code matches, and whether a mortgage on its right is
   * registered; 404 otherwise (no oracle).
   */
  async verify(
    certificateNo: string,
    code: string | undefined,
  ): Promise<{ document: CertificateDocument; mortgaged: boolean }> {
    const certificate = await this.dataSource.getRepository(Certificate).findOneBy({ certificateNo });
    if (!certificate || !code || !sameCode(certificate.verificationCode, code)) throw new DomainError('NOT_FOUND');
    return { document: documentOf(certificate), mortgaged: await isMortgaged(this.dataSource.manager, certificate.id) };
  }

  /** The PDF for the deal's parties, staff and a lender holding an open mortgage on it (anyone else: 404). */
  async pdf(caller: AuthUser, certificateNo: string): Promise<{ certificate: Certificate; pdf: Buffer }> {
    const certificate = await this.dataSource.getRepository(Certificate).findOneBy({ certificateNo });
    if (!certificate) throw new DomainError('NOT_FOUND');
    const deal = await this.dataSource.getRepository(Deal).findOneByOrFail({ id: certificate.dealId });
    const mayRead =
      isStaff(caller.roles) ||
      caller.id === deal.sellerId ||
      caller.id === deal.buyerId ||
      (caller.roles.includes('lender') &&
        (await holdsOpenMortgage(this.dataSource.manager, certificate.id, caller.id)));
    if (!mayRead) throw new DomainError('NOT_FOUND');
    const pdf = await renderCertificatePdf(documentOf(certificate), this.verifyUrl(certificate));
    return { certificate, pdf };
  }

  async forDeal(dealId: string): Promise<Certificate | null> {
    return this.dataSource.getRepository(Certificate).findOneBy({ dealId });
  }

  /**
   * The public verification link the PDF's QR code carries: the certificate check page (`/verify/:no?code=`, API.md
   * "Web pages"), at `PUBLIC_BASE_URL`.
   */
  verifyUrl(certificate: Pick<Certificate, 'certificateNo' | 'verificationCode'>): string {
    const base = (this.config.PUBLIC_BASE_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/+$/, '');
    const no = encodeURIComponent(certificate.certificateNo);
    return `${base}/verify/${no}?code=${encodeURIComponent(certificate.verificationCode)}`;
  }

  private async drawCode(em: EntityManager): Promise<string> {
    for (;;) {
      let code = '';
      for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
      if (!(await em.getRepository(Certificate).existsBy({ verificationCode: code }))) return code;
    }
  }
}

function documentOf(certificate: Certificate): CertificateDocument {
  const fields = certificate.fields as unknown as StoredFields;
  return { ...fields, issuedAt: new Date(fields.issuedAt) };
}
