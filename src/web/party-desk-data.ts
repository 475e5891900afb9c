import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Reads the page data the party pages (and the desk) need that no service lists: the seller's deals, the contracts of deals, the listings' numbers. */
@Injectable()
export class PartyDeskData {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Deals of the caller's listings, and deals whose contract names the caller as SELLER (a supplier), newest first. */
  async dealsAsSeller(userId: string, page: number, pageSize = 10) {
    const where = `FROM deals d JOIN listings l ON l.id = d.listing_id LEFT JOIN contracts c ON c.deal_id = d.id
       WHERE d.seller_id = $1 OR c.seller_id = $1`;
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total ${where}`, [
      userId,
    ]);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT d.id, d.status, d.price_fen AS "priceFen", d.total_price_fen AS "totalPriceFen", d.created_at AS "createdAt",
              l.title, l.listing_no AS "listingNo", l.price_unit AS "priceUnit",
              c.id AS "contractId", c.contract_no AS "contractNo", c.status AS "contractStatus"
       ${where} ORDER BY d.created_at DESC, d.id LIMIT $2 OFFSET $3`,
      [userId, pageSize, (page - 1) * pageSize],
    );
    const items = rows.map((r) => ({ ...r, priceFen: Number(r.priceFen), totalPriceFen: Number(r.totalPriceFen) }));
    return { items, total, page, pages: Math.max(1, Math.ceil(total / pageSize)) };
  }

  /** The contracts of these deals: dealId → { id, contractNo }. */
  async contractsOfDeals(dealIds: string[]): Promise<Map<string, { id: string; contractNo: string }>> {
    if (dealIds.length === 0) return new Map();
    const rows: { id: string; dealId: string; contractNo: string }[] = await this.dataSource.query(
      `SELECT id, deal_id AS "dealId", contract_no AS "contractNo" FROM contracts WHERE deal_id = ANY($1::uuid[])`,
      [dealIds],
    );
    return new Map(rows.map((r) => [r.dealId, { id: r.id, contractNo: r.contractNo }]));
  }

  /** listingId → listingNo, and dealId → its listing's number (for the notifications' links). */
  async listingNos(listingIds: string[], dealIds: string[]) {
    const byListing = new Map<string, string>();
    const byDeal = new Map<string, string>();
    if (listingIds.length > 0) {
      const rows: { id: string; no: string }[] = await this.dataSource.query(
        `SELECT id, listing_no AS no FROM listings WHERE id = ANY($1::uuid[])`,
        [listingIds],
      );
      for (const r of rows) byListing.set(r.id, r.no);
    }
    if (dealIds.length > 0) {
      const rows: { id: string; no: string }[] = await this.dataSource.query(
        `SELECT d.id, l.listing_no AS no FROM deals d JOIN listings l ON l.id = d.listing_id WHERE d.id = ANY($1::uuid[])`,
        [dealIds],
      );
      for (const r of rows) byDeal.set(r.id, r.no);
    }
    return { byListing, byDeal };
  }
}
