import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { getCategory } from '../catalog/domain/category-registry';
import type { CategoryCode } from '../catalog/domain/category.types';
import { LowPriceKind, lowPriceAnomaly, percentOfReserve } from './oversight-rules';

/** How many rows each anomaly table shows (the newest). */
const MAX_ROWS = 50;

export interface LowPriceDeal {
  kind: LowPriceKind;
  dealId: string;
  listingNo: string;
  title: string;
  method: string;
  status: string;
  priceFen: number;
  reserveFen: number;
  priceUnit: string;
  percent: number;
  createdAt: Date;
}

export interface RepeatedSingleBidder {
  buyerId: string;
  buyerName: string;
  count: number;
  listingNos: string[];
}

export interface UpheldObjection {
  objectionId: string;
  subject: 'deal' | 'listing';
  listingNo: string | null;
  title: string | null;
  reason: string;
  comment: string | null;
  resolvedAt: Date | null;
}

export interface Anomalies {
  lowPrice: LowPriceDeal[];
  repeatedSingleBidders: RepeatedSingleBidder[];
  upheldObjections: UpheldObjection[];
}

/** 监管异常: the supervisor desk's anomaly lists, read with parameterized SQL. */
@Injectable()
export class OversightService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async anomalies(): Promise<Anomalies> {
    const [lowPrice, repeatedSingleBidders, upheldObjections] = await Promise.all([
      this.lowPrice(),
      this.repeatedSingleBidders(),
      this.upheldObjections(),
    ]);
    return { lowPrice, repeatedSingleBidders, upheldObjections };
  }

  /** Deals priced below 70 % of their listing's reserve (the SQL narrows, the pure rule decides and names). */
  async lowPrice(): Promise<LowPriceDeal[]> {
    const rows: {
      id: string;
      listing_no: string;
      title: string;
      category_code: CategoryCode;
      method: string;
      status: string;
      price_fen: string;
      reserve_price_fen: string;
      price_unit: string;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT d.id, l.listing_no, l.title, l.category_code, d.method, d.status, d.price_fen::text,
              l.reserve_price_fen::text, l.price_unit, d.created_at
         FROM deals d JOIN listings l ON l.id = d.listing_id
        WHERE d.price_fen * 10 < l.reserve_price_fen * 7
        ORDER BY d.created_at DESC, d.id
        LIMIT $1`,
      [MAX_ROWS],
    );
    const found: LowPriceDeal[] = [];
    for (const r of rows) {
      const priceFen = Number(r.price_fen);
      const reserveFen = Number(r.reserve_price_fen);
      const kind = lowPriceAnomaly(getCategory(r.category_code).direction, priceFen, reserveFen);
      if (!kind) continue;
      found.push({
        kind,
        dealId: r.id,
        listingNo: r.listing_no,
        title: r.title,
        method: r.method,
        status: r.status,
        priceFen,
        reserveFen,
        priceUnit: r.price_unit,
        percent: percentOfReserve(priceFen, reserveFen),
        createdAt: r.created_at,
      });
    }
    return found;
  }

  /** Buyers with two or more SINGLE_BIDDER deals (协议转让, no competition), most first. */
  async repeatedSingleBidders(): Promise<RepeatedSingleBidder[]> {
    const rows: { buyer_id: string; name: string; n: string; listing_nos: string[] }[] = await this.dataSource.query(
      `SELECT d.buyer_id, u.name, count(*)::text AS n,
              array_agg(l.listing_no ORDER BY d.created_at DESC) AS listing_nos
         FROM deals d JOIN listings l ON l.id = d.listing_id JOIN users u ON u.id = d.buyer_id
        WHERE d.method = $1
        GROUP BY d.buyer_id, u.name
       HAVING count(*) >= $2
        ORDER BY count(*) DESC, u.name
        LIMIT $3`,
      ['SINGLE_BIDDER', 2, MAX_ROWS],
    );
    return rows.map((r) => ({ buyerId: r.buyer_id, buyerName: r.name, count: Number(r.n), listingNos: r.listing_nos }));
  }

  /** Objections upheld (异议成立), on deals or on listings, newest first. */
  async upheldObjections(): Promise<UpheldObjection[]> {
    const rows: {
      id: string;
      deal_id: string | null;
      listing_no: string | null;
      title: string | null;
      reason: string;
      resolution_comment: string | null;
      resolved_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT o.id, o.deal_id, l.listing_no, l.title, o.reason, o.resolution_comment, o.resolved_at
         FROM deal_objections o
         LEFT JOIN deals d ON d.id = o.deal_id
         LEFT JOIN listings l ON l.id = COALESCE(o.listing_id, d.listing_id)
        WHERE o.status = $1
        ORDER BY o.resolved_at DESC NULLS LAST, o.id
        LIMIT $2`,
      ['UPHELD', MAX_ROWS],
    );
    return rows.map((r) => ({
      objectionId: r.id,
      subject: r.deal_id ? 'deal' : 'listing',
      listingNo: r.listing_no,
      title: r.title,
      reason: r.reason,
      comment: r.resolution_comment,
      resolvedAt: r.resolved_at,
    }));
  }

  /** The names of these users (staff and parties), by id: the audit browser's actors. */
  async userNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM users WHERE id = ANY($1::uuid[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
