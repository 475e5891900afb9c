import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { TRANSFER_MODES } from '../../catalog/domain/category.types';
import type { TransferMode } from '../../catalog/domain/category.types';
import { PageQueryDto } from '../../common/http/pagination';
import { trimString } from '../../common/http/validators';
import { MORTGAGE_DOCUMENT_KINDS } from '../../documents/document.entity';
import type { DocumentKind } from '../../documents/document.entity';
import { MAX_TERM_MONTHS, MORTGAGE_STATUSES } from '../domain/mortgage-rules';
import type { ConsentKind, MortgageStatus } from '../domain/mortgage-rules';

/** `POST /certificates/:no/mortgages`: what the lender applies for. */
export class ApplyMortgageDto {
  @ApiProperty({ description: "核验码: the certificate's verification code, which the holder gives the bank" })
  @IsString()
  @Length(1, 32)
  code: string;

  @ApiProperty({ description: 'the principal of the loan the right secures (被担保主债权数额), fen' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  principalFen: number;

  @ApiProperty({ minimum: 1, maximum: MAX_TERM_MONTHS, description: 'the loan term in months' })
  @IsInt()
  @Min(1)
  @Max(MAX_TERM_MONTHS)
  termMonths: number;
}

export class RefuseMortgageDto {
  @ApiProperty({ description: 'why the registration is refused (不予登记的理由)' })
  @Transform(trimString)
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class MortgageSearchDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MORTGAGE_STATUSES })
  @IsOptional()
  @IsIn(MORTGAGE_STATUSES)
  status?: MortgageStatus;
}

export class UploadMortgageDocumentDto {
  @ApiProperty({ enum: MORTGAGE_DOCUMENT_KINDS })
  @IsIn(MORTGAGE_DOCUMENT_KINDS)
  kind: DocumentKind;
}

export class MortgageDocumentDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: MORTGAGE_DOCUMENT_KINDS }) kind: DocumentKind;
  @ApiProperty() fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() createdAt: Date;
}

/** A mortgage as its lender, its holder and staff see it. */
export class MortgageDto {
  @ApiProperty() id: string;
  @ApiProperty() certificateNo: string;
  @ApiProperty({ enum: MORTGAGE_STATUSES }) status: MortgageStatus;
  @ApiProperty({ description: 'fen' }) principalFen: number;
  @ApiProperty() termMonths: number;
  @ApiProperty() lenderId: string;
  @ApiProperty({ description: 'the bank (抵押权人)' }) lenderName: string;
  @ApiProperty() holderId: string;
  @ApiProperty({ description: "the holder of the right (抵押人): the certificate's buyer" }) holderName: string;
  @ApiProperty({ enum: TRANSFER_MODES, description: 'how the right was traded (a leased right needs the lessor too)' })
  transferMode: TransferMode;
  @ApiProperty({ enum: ['CONSENT', 'LESSOR_CONSENT'], isArray: true, description: 'consents needed to register' })
  requiredConsents: ConsentKind[];
  @ApiProperty() appliedAt: Date;
  @ApiProperty({ type: Date, nullable: true }) registeredAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) refusedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) refusalReason: string | null;
  @ApiProperty({ type: Date, nullable: true }) releasedAt: Date | null;
  @ApiProperty({ type: MortgageDocumentDto, isArray: true }) documents: MortgageDocumentDto[];
}

export class MortgagePageDto {
  @ApiProperty({ type: MortgageDto, isArray: true }) items: MortgageDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
