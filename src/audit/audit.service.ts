import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, ILike, LessThan, MoreThanOrEqual, And } from 'typeorm';
import { offsetOf, Page, pageOf } from '../common/http/pagination';
import { AuditQueryDto } from './dto/audit-query.dto';
import { AuditEntry } from './entities/audit-entry.entity';
import { AUDIT_STREAMS } from './domain/audit-streams';

export interface AuditRecord {
  actorId: string | null;
  /** What happened, as `entity.verb` (e.g. `user.registered`, `listing.submitted`). */
  action: string;
  entityType: string;
  entityId: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  details?: Record<string, unknown>;
}

/** Filters the pages add to the API's listing (the supervisor desk's audit browser). */
export interface AuditFilters {
  /** Part of the action (`objection` finds `deal.objection.resolved`), case-insensitive. */
  action?: string;
  actorId?: string;
  /** Entries at or after. */
  from?: Date;
  /** Entries before. */
  to?: Date;
  newestFirst?: boolean;
}

export interface AuditVerification {
  ok: boolean;
  checkedEntries: number;
  firstBrokenId?: string;
}

/**
 * The append-only, hash-chained audit trail (DOMAIN.md §4, STYLE 13). Entries are written with the manager of the
 * use case's transaction, so an entry exists exactly when its change was committed; the chain itself is kept by a
 * database trigger (see the AuditChainAndKeys migration).
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(em: EntityManager, entry: AuditRecord): Promise<void> {
    await this.recordMany(em, [entry]);
  }

  /** Several entries in one statement (in their order), e.g. for the ticker's batch of auctions opened at once. */
  async recordMany(em: EntityManager, entries: AuditRecord[]): Promise<void> {
    if (entries.length === 0) return;
    await em.query(
      `INSERT INTO audit_entries (actor_id, action, entity_type, entity_id, from_status, to_status, details)
       SELECT a, b, c, d, f, g, h FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],
                            $7::jsonb[]) WITH ORDINALITY AS e(a, b, c, d, f, g, h, n) ORDER BY n`,
      [
        entries.map((e) => e.actorId),
        entries.map((e) => e.action),
        entries.map((e) => e.entityType),
        entries.map((e) => e.entityId),
        entries.map((e) => e.fromStatus ?? null),
        entries.map((e) => e.toStatus ?? null),
        entries.map((e) => JSON.stringify(e.details ?? {})),
      ],
    );
  }

  async list(query: AuditQueryDto, filters: AuditFilters = {}): Promise<Page<AuditEntry>> {
    const where: FindOptionsWhere<AuditEntry> = {};
    if (query.entityType) where.entityType = query.entityType;
    if (query.entityId) where.entityId = query.entityId;
    if (filters.action) where.action = ILike(`%${filters.action.replace(/[\\%_]/g, '\\$&')}%`);
    if (filters.actorId) where.actorId = filters.actorId;
    const times = [
      ...(filters.from ? [MoreThanOrEqual(filters.from)] : []),
      ...(filters.to ? [LessThan(filters.to)] : []),
    ];
    if (times.length) where.occurredAt = And(...times);
    const [items, total] = await this.dataSource.getRepository(AuditEntry).findAndCount({
      where,
      order: { seq: filters.newestFirst ? 'DESC' : 'ASC' },
      skip: offsetOf(query),
      take: query.pageSize,
    });
    return pageOf(items, total, query);
  }

  /**
   * Recomputes every entry's hash from its content and the previous entry's hash of its stream, in `stream_seq` order,
   * and checks each stream's head row against the stream's last entry, all from one snapshot (a read-only REPEATABLE
   * READ transaction: an entry and its head's move commit together). Found: an edited, removed or reordered row, one
   * moved to another stream, or one whose `seq` no longer rises with `stream_seq` breaks its stream at the first such
   * row; a cut tail (rows removed behind the triggers' back) breaks its stream at its last remaining entry; a removed
   * or forged head row breaks the trail.
   */
  async verify(): Promise<AuditVerification> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query(`SET TRANSACTION READ ONLY`);
      const rows: { id: string; stream: number; stream_seq: string; hash: string; broken: boolean }[] = await em.query(`
        SELECT id, stream, stream_seq, hash,
               (hash <> computed OR prev_hash <> expected_prev OR stream_seq <> expected_seq OR seq <= seq_before)
                 AS broken
        FROM (
          SELECT a.id, a.stream, a.stream_seq, a.seq, a.hash, a.prev_hash,
            encode(sha256(convert_to(audit_entry_canonical(a), 'UTF8')), 'hex') AS computed,
            coalesce(lag(a.hash) OVER w, repeat('0', 64)) AS expected_prev,
            coalesce(lag(a.stream_seq) OVER w, 0) + 1 AS expected_seq,
            coalesce(lag(a.seq) OVER w, 0) AS seq_before
          FROM audit_entries a
          WINDOW w AS (PARTITION BY a.stream ORDER BY a.stream_seq)
        ) chain
        ORDER BY stream, stream_seq`);
      const checkedEntries = rows.length;
      const broken = (firstBrokenId?: string): AuditVerification => ({ ok: false, checkedEntries, firstBrokenId });
      const firstBroken = rows.find((r) => r.broken);
      if (firstBroken) return broken(firstBroken.id);
      const heads: { id: number; last_seq: string; last_hash: string }[] = await em.query(
        `SELECT id, last_seq, last_hash FROM audit_streams ORDER BY id`,
      );
      const last = new Map<number, (typeof rows)[number]>();
      for (const row of rows) last.set(Number(row.stream), row);
      // a head row removed: its stream can no longer be checked (nor told apart from an empty one)
      if (heads.length !== AUDIT_STREAMS || heads.some((h, i) => Number(h.id) !== i)) return broken(rows[0]?.id);
      // entries in a stream that has no head
      if ([...last.keys()].some((stream) => stream < 0 || stream >= AUDIT_STREAMS)) return broken(rows[0]?.id);
      for (const head of heads) {
        const tail = last.get(Number(head.id));
        const intact = tail
          ? Number(tail.stream_seq) === Number(head.last_seq) && tail.hash === head.last_hash
          : Number(head.last_seq) === 0;
        // the stream's tail was cut (or its head forged): reported at its last remaining entry
        if (!intact) return broken(tail?.id ?? rows[0]?.id);
      }
      return { ok: true, checkedEntries };
    });
  }
}
