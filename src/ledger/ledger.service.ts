import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { offsetOf, PageQueryDto, pageOf } from '../common/http/pagination';
import { PURCHASE_CATEGORIES } from '../contracts/domain/settlement';
import { AccountKind, accountKind, naturalBalance } from './domain/accounts';
import { assertBalanced, BuiltEntry, isLedgerEntryKind, LedgerEntryKind } from './domain/entries';
import { checkInvariants, entryShapeProblems, InvariantEntry } from './domain/invariants';
import {
  LedgerAccountDto,
  LedgerEntryDto,
  LedgerEntryPageDto,
  LedgerAccountPageDto,
  LedgerPostingDto,
  LedgerVerificationDto,
} from './dto/ledger.dto';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { LedgerPosting } from './entities/ledger-posting.entity';

/** An entry from one of the `domain/entries` builders, with who booked it (null or absent: the platform). */
export type PostableEntry = BuiltEntry & { actorId?: string | null };

export interface LedgerAccountsQuery {
  kind?: AccountKind;
  page: number;
  pageSize: number;
}

export interface LedgerEntriesQuery {
  dealId?: string;
  registrationId?: string;
  page: number;
  pageSize: number;
}

/** Listing statuses after which no money move can come for a registration's deposit (but see `deals`). */
const FINISHED_LISTING_STATUSES = ['SOLD', 'FAILED', 'WITHDRAWN', 'TERMINATED'];
/** Deal statuses after which no money move can come for the deposits of its listing. */
const FINISHED_DEAL_STATUSES = ['SETTLED', 'DEFAULTED', 'CANCELLED'];

interface EntryRow {
  id: string;
  seq: string;
  kind: LedgerEntryKind;
  registration_id: string | null;
  deal_id: string | null;
  actor_id: string | null;
  created_at: Date;
}

interface PostingRow {
  entry_id: string;
  account: string;
  amount_fen: string;
}

/** A bigint (or numeric sum) read as a string, as a safe integer of fen. */
function fen(value: string | number | null): number {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new Error(`ledger amount ${value} is outside the safe integer range`);
  return n;
}

/** Which of the other modules' tables exist (the ledger may be deployed before them). */
interface Neighbours {
  registrations: boolean;
  listings: boolean;
  deals: boolean;
}

/**
 * The escrow ledger (资金监管, DOMAIN.md §3): double-entry journal entries in integer fen, append-only.
 *
 * Money-moving use cases (deposits, refunds, settlement, default, payout) build an entry with `domain/entries` and
 * `post` it with their own transaction's manager, next to the state change it accounts for: the entry exists
 * exactly when the change committed, and a retried request that replays the change (Idempotency-Key) replays no
 * entry. A use case that decides from a balance (`balanceOf`: is a refund payable? what is the seller owed?) must
 * hold a lock on the row it changes (the registration, the deal) so two concurrent requests cannot both pay.
 *
 * Balances are not stored: an account's balance is the sum of its postings (indexed by account).
 */
@Injectable()
export class LedgerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes `entry` and its postings with the caller's transaction manager (never a transaction of its own).
   * Throws a `RangeError` for an entry that is malformed or does not balance (a programmer error); the database
   * checks the balance again at commit.
   */
  async post(em: EntityManager, entry: PostableEntry): Promise<LedgerEntry> {
    if (!isLedgerEntryKind(entry.kind)) throw new RangeError(`not a ledger entry kind: ${String(entry.kind)}`);
    assertBalanced(entry.postings);
    const problems = entryShapeProblems({
      kind: entry.kind,
      registrationId: entry.registrationId ?? null,
      dealId: entry.dealId ?? null,
      postings: entry.postings,
    });
    if (problems.length) throw new RangeError(`malformed ${entry.kind} entry: ${problems.join('; ')}`);

    const [row]: EntryRow[] = await em.query(
      `INSERT INTO ledger_entries (kind, registration_id, deal_id, actor_id) VALUES ($1, $2, $3, $4)
       RETURNING id, seq, kind, registration_id, deal_id, actor_id, created_at`,
      [entry.kind, entry.registrationId ?? null, entry.dealId ?? null, entry.actorId ?? null],
    );
    const params: unknown[] = [row.id];
    const values = entry.postings.map((p) => {
      params.push(p.account, p.amountFen);
      return `($1, $${params.length - 1}, $${params.length})`;
    });
    const postingRows: (PostingRow & { id: string })[] = await em.query(
      `INSERT INTO ledger_postings (entry_id, account, amount_fen) VALUES ${values.join(', ')}
       RETURNING id, entry_id, account, amount_fen`,
      params,
    );

    return Object.assign(new LedgerEntry(), {
      id: row.id,
      seq: fen(row.seq),
      kind: row.kind,
      registrationId: row.registration_id,
      dealId: row.deal_id,
      actorId: row.actor_id,
      createdAt: row.created_at,
      postings: postingRows.map((p) =>
        Object.assign(new LedgerPosting(), {
          id: p.id,
          entryId: p.entry_id,
          account: p.account,
          amountFen: fen(p.amount_fen),
        }),
      ),
    });
  }

  /** The natural balance of `account` (0 if it has no posting), as seen by `em`'s transaction. */
  async balanceOf(em: EntityManager, account: string): Promise<number> {
    return (await this.balancesOf(em, [account])).get(account) ?? 0;
  }

  /** The natural balances of several accounts in one query (0 for those without postings). */
  async balancesOf(em: EntityManager, accounts: readonly string[]): Promise<Map<string, number>> {
    const kinds = new Map(accounts.map((a) => [a, accountKind(a)] as const));
    const balances = new Map<string, number>([...kinds.keys()].map((a) => [a, 0]));
    if (kinds.size === 0) return balances;
    const rows: { account: string; dmc: string }[] = await em.query(
      `SELECT account, sum(amount_fen)::text AS dmc FROM ledger_postings WHERE account = ANY($1::varchar[])
       GROUP BY account`,
      [[...kinds.keys()]],
    );
    for (const r of rows) balances.set(r.account, naturalBalance(accountKind(r.account), fen(r.dmc)));
    return balances;
  }

  /**
   * `GET /ledger/accounts`: every account that has a posting (zero balances included), `BANK` and `FEE_INCOME`
   * first, then by code.
   */
  async accounts(query: LedgerAccountsQuery): Promise<LedgerAccountPageDto> {
    const params: unknown[] = [];
    let where = '';
    if (query.kind) {
      params.push(query.kind);
      where = `WHERE split_part(account, ':', 1) = $1`;
    }
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(DISTINCT account)::int AS total FROM ledger_postings ${where}`,
      params,
    );
    const rows: { account: string; dmc: string }[] = await this.dataSource.query(
      `SELECT account, sum(amount_fen)::text AS dmc FROM ledger_postings ${where}
       GROUP BY account ORDER BY strpos(account, ':') > 0, account COLLATE "C"
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, offsetOf(query)],
    );
    const items = rows.map((r): LedgerAccountDto => {
      const kind = accountKind(r.account);
      return { code: r.account, kind, balanceFen: naturalBalance(kind, fen(r.dmc)) };
    });
    return pageOf(items, total, query);
  }

  /** `GET /ledger/entries`: entries, newest first, optionally of one deal and/or one registration. */
  async entries(query: LedgerEntriesQuery): Promise<LedgerEntryPageDto> {
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (query.dealId) {
      params.push(query.dealId);
      conditions.push(`deal_id = $${params.length}`);
    }
    if (query.registrationId) {
      params.push(query.registrationId);
      conditions.push(`registration_id = $${params.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.entryPage(this.dataSource.manager, where, params, query, { showActor: true });
  }

  /**
   * `GET /me/ledger`: the entries that move the caller's own money, newest first: those touching the deposit accounts
   * of a registration they made, the funds of a deal they pay (`BUYER_FUNDS`: the winner, or for a purchase category
   * such as AGRI_PROJECT the listing purchaser) or the payable of a deal they are paid (`SELLER_PAYABLE`: the other
   * party). A payment into a deal's escrow is thus the payer's, never the payee's.
   */
  async entriesForUser(userId: string, page: PageQueryDto): Promise<LedgerEntryPageDto> {
    const mine = `id IN (
      SELECT p.entry_id FROM ledger_postings p WHERE p.account IN (
        SELECT 'DEPOSITS_HELD:' || r.id FROM registrations r WHERE r.buyer_id = $1
        UNION ALL SELECT 'REFUNDS_PAYABLE:' || r.id FROM registrations r WHERE r.buyer_id = $1
        UNION ALL SELECT (CASE WHEN (l.category_code = ANY($2::text[])) = (d.seller_id = $1)
                               THEN 'BUYER_FUNDS:' ELSE 'SELLER_PAYABLE:' END) || d.id
          FROM deals d JOIN listings l ON l.id = d.listing_id
          WHERE d.seller_id = $1 OR d.buyer_id = $1))`;
    return this.entryPage(this.dataSource.manager, `WHERE ${mine}`, [userId, PURCHASE_CATEGORIES], page, {
      showActor: false,
    });
  }

  /**
   * `GET /ledger/verify`: reads the whole ledger and the facts it needs from one snapshot (a read-only REPEATABLE
   * READ transaction) and checks the invariants of DOMAIN.md §3 (see `domain/invariants.ts`).
   *
   * A registration's listing counts as finished (its deposit, if recorded, must have been released, applied or
   * forfeited) when the listing's status is SOLD, FAILED or WITHDRAWN and no deal of that listing is still open
   * (every deal SETTLED, DEFAULTED or CANCELLED), and a SOLD listing also needs a deal; a procurement's winning
   * supplier's deposit (its performance bond) stays held until the works are accepted. This assumes the tables
   * `registrations(id, listing_id)`, `listings(id, status)` and `deals(id, listing_id, status)`; while `deals` does
   * not exist no SOLD listing counts as finished, and while `registrations` or `listings` does not exist no
   * registration does, so the check only gets stricter as the other modules land.
   */
  async verify(): Promise<LedgerVerificationDto> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query(`SET TRANSACTION READ ONLY`);
      const exists = await this.neighbours(em);
      const entryRows: EntryRow[] = await em.query(
        `SELECT id, seq, kind, registration_id, deal_id FROM ledger_entries ORDER BY seq`,
      );
      const postingRows: PostingRow[] = await em.query(`SELECT entry_id, account, amount_fen FROM ledger_postings`);
      const postings = new Map<string, InvariantEntry['postings'][number][]>(entryRows.map((e) => [e.id, []]));
      for (const p of postingRows)
        postings.get(p.entry_id)?.push({ account: p.account, amountFen: Number(p.amount_fen) });
      const entries: InvariantEntry[] = entryRows.map((e) => ({
        id: e.id,
        seq: Number(e.seq),
        kind: e.kind,
        registrationId: e.registration_id,
        dealId: e.deal_id,
        postings: postings.get(e.id) ?? [],
      }));

      let finishedRegistrationIds: string[] = [];
      if (exists.registrations && exists.listings) {
        // a procurement's winning supplier's deposit is its performance bond: held until the works are accepted
        const dealConditions = exists.deals
          ? `AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.listing_id = l.id AND d.status::text <> ALL($2::text[]))
             AND (l.status::text <> 'SOLD' OR EXISTS (SELECT 1 FROM deals d WHERE d.listing_id = l.id))
             AND NOT (l.category_code = ANY($3::text[]) AND EXISTS (
               SELECT 1 FROM deals d JOIN contracts c ON c.deal_id = d.id
                WHERE d.registration_id = r.id AND d.status::text = 'SETTLED' AND c.clerk_accepted_at IS NULL))`
          : `AND l.status::text <> 'SOLD'`;
        const rows: { id: string }[] = await em.query(
          `SELECT r.id FROM registrations r JOIN listings l ON l.id = r.listing_id
           WHERE r.id IN (SELECT registration_id FROM ledger_entries WHERE kind = 'DEPOSIT_RECORDED')
             AND l.status::text = ANY($1::text[]) ${dealConditions}`,
          exists.deals
            ? [FINISHED_LISTING_STATUSES, FINISHED_DEAL_STATUSES, PURCHASE_CATEGORIES]
            : [FINISHED_LISTING_STATUSES],
        );
        finishedRegistrationIds = rows.map((r) => r.id);
      }
      const settledDeals: { dealId: string; instalments: number }[] = await em.query(
        `SELECT d.id AS "dealId", (SELECT count(*)::int FROM contract_instalments i
                                    JOIN contracts c ON c.id = i.contract_id WHERE c.deal_id = d.id) AS instalments
         FROM deals d WHERE d.status::text = 'SETTLED'`,
      );
      const completed: { id: string }[] = await em.query(
        `SELECT deal_id AS id FROM contracts WHERE status = 'COMPLETED'`,
      );
      const violations = checkInvariants({
        entries,
        finishedRegistrationIds,
        settledDeals,
        completedDealIds: completed.map((r) => r.id),
      });
      return { ok: violations.length === 0, checkedEntries: entries.length, violations };
    });
  }

  private async neighbours(em: EntityManager): Promise<Neighbours> {
    const [row]: Neighbours[] = await em.query(
      `SELECT to_regclass('registrations') IS NOT NULL AS registrations,
              to_regclass('listings') IS NOT NULL AS listings,
              to_regclass('deals') IS NOT NULL AS deals`,
    );
    return row;
  }

  /** One page of entries (newest first) matching `where`, with their postings fetched in one more query. */
  private async entryPage(
    em: EntityManager,
    where: string,
    params: unknown[],
    page: PageQueryDto,
    options: { showActor: boolean },
  ): Promise<LedgerEntryPageDto> {
    const [{ total }]: { total: number }[] = await em.query(
      `SELECT count(*)::int AS total FROM ledger_entries ${where}`,
      params,
    );
    const rows: EntryRow[] = await em.query(
      `SELECT id, seq, kind, registration_id, deal_id, actor_id, created_at FROM ledger_entries ${where}
       ORDER BY seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.pageSize, offsetOf(page)],
    );
    const postings = new Map<string, LedgerPostingDto[]>(rows.map((r) => [r.id, []]));
    if (rows.length) {
      // debits first, then credits, each by account: the order the builders write them in
      const postingRows: PostingRow[] = await em.query(
        `SELECT entry_id, account, amount_fen FROM ledger_postings WHERE entry_id = ANY($1::uuid[])
         ORDER BY amount_fen < 0, account COLLATE "C"`,
        [rows.map((r) => r.id)],
      );
      for (const p of postingRows) postings.get(p.entry_id)?.push({ account: p.account, amountFen: fen(p.amount_fen) });
    }
    const items = rows.map((r): LedgerEntryDto => ({
      id: r.id,
      seq: fen(r.seq),
      createdAt: r.created_at,
      kind: r.kind,
      ...(r.deal_id ? { dealId: r.deal_id } : {}),
      ...(r.registration_id ? { registrationId: r.registration_id } : {}),
      ...(options.showActor ? { actorId: r.actor_id } : {}),
      postings: postings.get(r.id) ?? [],
    }));
    return pageOf(items, total, page);
  }
}
