/** The caller's ledger entries in plain Chinese (`/desk/payments`). */
import { formatYuan } from '../common/domain/money-words';
import type { LedgerEntryDto } from '../ledger/dto/ledger.dto';

/** A ledger entry as the party reads it: what happened, how much, and the figures behind it. */
export interface EntryLine {
  label: string;
  amountFen: number;
  detail: string | null;
}

const ENTRY_LABEL_ZH: Readonly<Record<string, string>> = {
  DEPOSIT_RECORDED: '保证金到账',
  DEPOSIT_RELEASED: '保证金解冻，待退还',
  REFUND_PAID: '保证金已退还',
  DEPOSIT_APPLIED: '保证金抵作价款',
  PAYMENT_RECEIVED: '价款到账（交易中心监管账户）',
  SETTLEMENT: '价款结算',
  PAYOUT: '已支付给出让方',
  DEPOSIT_FORFEITED: '保证金没收（归出让方）',
  PAYMENT_RETURNED: '价款退还',
  RETENTION_RELEASED: '质保金释放',
};

const yuanOf = (fen: number): string => `${formatYuan(fen)} 元`;

/** The postings of `entry` on accounts of `kind` (the part of the code before `:`), summed as given. */
function sumOf(entry: Pick<LedgerEntryDto, 'postings'>, kind: string): number {
  return entry.postings
    .filter((p) => p.account === kind || p.account.startsWith(`${kind}:`))
    .reduce((sum, p) => sum + p.amountFen, 0);
}

/** Plain Chinese for one of the caller's ledger entries (DOMAIN.md §3). */
export function describeEntry(entry: Pick<LedgerEntryDto, 'kind' | 'postings'>): EntryLine {
  const label = ENTRY_LABEL_ZH[entry.kind] ?? entry.kind;
  const debits = entry.postings.filter((p) => p.amountFen > 0).reduce((s, p) => s + p.amountFen, 0);
  if (entry.kind === 'SETTLEMENT') {
    const fees = -sumOf(entry, 'FEE_INCOME');
    const payee = -sumOf(entry, 'SELLER_PAYABLE');
    const retained = -sumOf(entry, 'RETENTION_HELD');
    const parts = [`服务费 ${yuanOf(fees)}`, `应付出让方 ${yuanOf(payee)}`];
    if (retained > 0) parts.push(`质保金 ${yuanOf(retained)}`);
    return { label, amountFen: debits, detail: parts.join('，') };
  }
  return { label, amountFen: debits, detail: null };
}
