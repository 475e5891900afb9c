import type { InstalmentState } from './domain/instalments';
import type { Statement } from './domain/settlement';
import type { ContractView } from './contracts.service';
import type { ContractPayment } from './entities/contract-payment.entity';

/** A contract for its parties and staff (API.md): the full text, terms, signatures, money terms and the deal's state. */
export function toContractDto({ contract, deal, certificate }: ContractView, copy: 'full' | 'public' = 'full') {
  const signatures = [
    ...(contract.sellerSignedAt ? [{ party: 'SELLER' as const, signedAt: contract.sellerSignedAt }] : []),
    ...(contract.buyerSignedAt ? [{ party: 'BUYER' as const, signedAt: contract.buyerSignedAt }] : []),
  ].sort((a, b) => a.signedAt.getTime() - b.signedAt.getTime());
  return {
    id: contract.id,
    contractNo: contract.contractNo,
    dealId: contract.dealId,
    status: contract.status,
    signatures,
    sellerId: contract.sellerId,
    buyerId: contract.buyerId,
    signBy: contract.signBy,
    handoverOn: contract.handoverOn,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    totalPriceFen: contract.totalPriceFen,
    depositAppliedFen: contract.depositAppliedFen,
    buyerFeeFen: contract.buyerFeeFen,
    sellerFeeFen: contract.sellerFeeFen,
    acceptance: {
      purchaserAcceptedAt: contract.purchaserAcceptedAt,
      clerkAcceptedAt: contract.clerkAcceptedAt,
      note: contract.acceptanceNote,
    },
    retentionFen: contract.retentionFen,
    warrantyMonths: contract.warrantyMonths,
    retentionReleasedAt: contract.retentionReleasedAt,
    completedAt: contract.completedAt,
    dealStatus: deal.status,
    certificateNo: certificate?.certificateNo ?? null,
    verificationCode: certificate?.verificationCode ?? null,
    createdAt: contract.createdAt,
    copy,
    terms: copy === 'public' ? contract.publicTerms : contract.terms,
    textZh: copy === 'public' ? contract.publicTextZh : contract.textZh,
  };
}

export type PaymentDto = ReturnType<typeof toPaymentDto>;

export function toPaymentDto(payment: ContractPayment, statement: Statement) {
  return {
    id: payment.id,
    contractId: payment.contractId,
    amountFen: payment.amountFen,
    bankRef: payment.bankRef,
    receivedAt: payment.receivedAt,
    paidFen: statement.paidFen,
    outstandingFen: statement.outstandingFen,
  };
}

/** An instalment as `GET /contracts/:id/instalments` shows it. */
export function toInstalmentDto(i: InstalmentState) {
  return {
    no: i.no,
    kind: i.kind,
    dueOn: i.dueOn,
    payableFrom: i.payableFrom,
    amountFen: i.amountFen,
    buyerFeeFen: i.buyerFeeFen,
    sellerFeeFen: i.sellerFeeFen,
    lateFeeFen: i.lateFeeFen,
    retentionFen: i.retentionFen,
    paidFen: i.paidFen,
    status: i.status,
  };
}

export function toStatementDto(s: Statement & { instalments?: InstalmentState[] }) {
  return {
    totalPriceFen: s.totalPriceFen,
    depositAppliedFen: s.depositAppliedFen,
    buyerFeeFen: s.buyerFeeFen,
    sellerFeeFen: s.sellerFeeFen,
    amountDueFen: s.amountDueFen,
    paidFen: s.paidFen,
    outstandingFen: s.outstandingFen,
    disbursedToSellerFen: s.disbursedToSellerFen,
    ...(s.instalments ? { instalments: s.instalments.map(toInstalmentDto) } : {}),
  };
}
