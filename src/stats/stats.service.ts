import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CATEGORIES } from '../catalog/domain/category-registry';
import { addDays, chinaDateOf, startOfChinaDay } from '../common/domain/calendar-date';
import { platformNow } from '../common/database/platform-clock';
import { DomainError } from '../common/errors/domain-error';
import { Division } from '../divisions/entities/division.entity';
import { addFigures, EMPTY_FIGURES, RawFigures, summarize, SummaryFigures } from './domain/summary';

export type StatsGroupBy = 'category' | 'township' | 'month';

export interface StatsQuery {
  /** First day included, `YYYY-MM-DD` China time; open when absent. */
  from?: string;
  /** Last day included. */
  to?: string;
  groupBy?: StatsGroupBy;
}

export interface StatsGroup extends SummaryFigures {
  key: string;
  label: string;
}

export interface StatsSummary {
  from: string | null;
  to: string | null;
  groupBy: StatsGroupBy | null;
  totals: SummaryFigures;
  groups: StatsGroup[];
}

/** The SQL expression of each grouping (a fixed whitelist: never built from input). China time has no DST. */
const GROUP_KEY: Record<StatsGroupBy, (at: string) => string> = {
  category: () => `l.category_code`,
  township: () => `l.township_code`,
  month: (at) => `to_char((${at} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`,
};

interface DealRow {
  key: string | null;
  deals: string;
  turnover: string;
  area: string;
  reserve: string;
}

interface FailedRow {
  key: string | null;
  failed: string;
}

/** Oversight statistics (监管统计): deals, turnover, area, premium and failures, by category, township or month. */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summary(query: StatsQuery): Promise<StatsSummary> {
    if (query.from && query.to && query.from > query.to) {
      throw new DomainError('VALIDATION_FAILED', {}, [{ field: 'from', message: 'from must not be after to' }]);
    }
    const start = query.from ? startOfChinaDay(query.from) : null;
    const end = query.to ? startOfChinaDay(addDays(query.to, 1)) : null;
    const key = (at: string) => (query.groupBy ? GROUP_KEY[query.groupBy](at) : `NULL::text`);
    const range = (at: string) =>
      `($1::timestamptz IS NULL OR ${at} >= $1) AND ($2::timestamptz IS NULL OR ${at} < $2)`;

    // deals that stand (neither cancelled nor defaulted), by the day they were made
    const deals: DealRow[] = await this.dataSource.query(
      `SELECT ${key('d.created_at')} AS key, count(*)::text AS deals,
              COALESCE(sum(d.total_price_fen), 0)::text AS turnover,
              COALESCE(sum(round(COALESCE(l.area_mu, 0) * 100)), 0)::text AS area,
              COALESCE(sum(l.total_reserve_price_fen), 0)::text AS reserve
         FROM deals d JOIN listings l ON l.id = d.listing_id
        WHERE d.status NOT IN ('CANCELLED', 'DEFAULTED') AND ${range('d.created_at')}
        GROUP BY 1`,
      [start, end],
    );
    // listings that ended FAILED (no bidders, no bid, or their deal cancelled or defaulted), by when they did
    const failed: FailedRow[] = await this.dataSource.query(
      `SELECT ${key('l.updated_at')} AS key, count(*)::text AS failed
         FROM listings l
        WHERE l.status = 'FAILED' AND ${range('l.updated_at')}
        GROUP BY 1`,
      [start, end],
    );

    const byKey = new Map<string, RawFigures>();
    const at = (k: string | null) => byKey.get(k ?? '') ?? { ...EMPTY_FIGURES };
    for (const r of deals) {
      byKey.set(
        r.key ?? '',
        addFigures(at(r.key), {
          dealCount: toSafe(r.deals),
          turnoverFen: toSafe(r.turnover),
          areaCentiMu: toSafe(r.area),
          reserveFen: toSafe(r.reserve),
          failedCount: 0,
        }),
      );
    }
    for (const r of failed) {
      byKey.set(r.key ?? '', addFigures(at(r.key), { ...EMPTY_FIGURES, failedCount: toSafe(r.failed) }));
    }
    const totals = [...byKey.values()].reduce(addFigures, { ...EMPTY_FIGURES });
    const labels = query.groupBy ? await this.labels(query.groupBy, [...byKey.keys()]) : new Map<string, string>();
    const groups = query.groupBy
      ? [...byKey.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, raw]) => ({ key: k, label: labels.get(k) ?? k, ...summarize(raw) }))
      : [];
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      groupBy: query.groupBy ?? null,
      totals: summarize(totals),
      groups,
    };
  }

  /** This year in China by the platform clock (`2026`): the pages' "this year". */
  async currentYear(): Promise<string> {
    return chinaDateOf(await platformNow(this.dataSource.manager)).slice(0, 4);
  }

  private async labels(groupBy: StatsGroupBy, keys: string[]): Promise<Map<string, string>> {
    if (groupBy === 'category') return new Map(CATEGORIES.map((c) => [c.code as string, c.nameZh]));
    if (groupBy === 'month' || keys.length === 0) return new Map(keys.map((k) => [k, k]));
    const divisions = await this.dataSource.getRepository(Division).findBy({ code: In(keys) });
    return new Map(divisions.map((d) => [d.code, d.name]));
  }
}

function toSafe(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`statistic ${text} is outside the safe integer range`);
  return n;
}
