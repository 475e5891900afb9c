import type { CertifiedRight } from '../certificates/certified-right';
import type { ListingDocument } from '../documents/document.entity';
import { toDocumentDto } from '../documents/documents.controller';
import { requiredConsents } from './domain/mortgage-rules';
import type { MortgageDto } from './dto/mortgage.dto';
import type { Mortgage } from './entities/mortgage.entity';

/** A mortgage with what the API shows beside it: the right it rests on, the lender's name, its documents. */
export interface MortgageView {
  mortgage: Mortgage;
  right: CertifiedRight;
  lenderName: string;
  documents: ListingDocument[];
}

/** Only the lender, the holder and staff see a mortgage, so the names are shown in full. */
export function toMortgageDto({ mortgage: m, right, lenderName, documents }: MortgageView): MortgageDto {
  return {
    id: m.id,
    certificateNo: right.certificateNo,
    status: m.status,
    principalFen: m.principalFen,
    termMonths: m.termMonths,
    lenderId: m.lenderId,
    lenderName,
    holderId: m.holderId,
    holderName: right.holder.name,
    transferMode: right.transferMode,
    requiredConsents: requiredConsents(right.transferMode),
    appliedAt: m.appliedAt,
    registeredAt: m.registeredAt,
    refusedAt: m.refusedAt,
    refusalReason: m.refusalReason,
    releasedAt: m.releasedAt,
    documents: documents.map(toDocumentDto),
  };
}
