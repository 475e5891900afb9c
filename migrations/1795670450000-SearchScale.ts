import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Listing search at a province's size (issue 14: 1,000,000 listings; docs/listings.md, "Search").
 * - `ix_listings_search`: one GIN index over the search tokens and the equality filters (status, category, township,
 *   village; `btree_gin` gives the scalar columns GIN operator classes), replacing `ix_listings_search_tokens`. A
 *   search with filters is one index scan whose candidates already satisfy all of them, instead of a BitmapAnd with a
 *   B-tree bitmap of every listing in the status or township (300,000 entries for `ANNOUNCED` at 1,000,000), which
 *   cost more than the rest of the search.
 * - B-tree indexes in each sort's full order (newest; price; ending soon, on the same expressions as the query;
 *   newest within a category), so a common word's page is read in order and stops after one page of matches,
 *   instead of fetching and sorting every match.
 */
export class SearchScale1795670450000 implements MigrationInterface {
  name = 'SearchScale1795670450000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(
      `CREATE INDEX "ix_listings_search" ON "listings"
       USING gin ("search_tokens", "status", "category_code", "township_code", "village_code")`,
    );
    await queryRunner.query(`DROP INDEX "public"."ix_listings_search_tokens"`);
    await queryRunner.query(`CREATE INDEX "ix_listings_newest" ON "listings" ("created_at" DESC, "id")`);
    await queryRunner.query(
      `CREATE INDEX "ix_listings_category_newest" ON "listings" ("category_code", "created_at" DESC, "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_listings_price" ON "listings" ("total_reserve_price_fen", "created_at" DESC, "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_listings_ending_soon" ON "listings" (
         (CASE WHEN status IN ('ANNOUNCED', 'BIDDING') THEN 0 ELSE 1 END),
         (CASE WHEN status = 'BIDDING' THEN bidding_ends_at ELSE announcement_ends_at END),
         "created_at" DESC, "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_listings_ending_soon"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listings_price"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listings_category_newest"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listings_newest"`);
    await queryRunner.query(`CREATE INDEX "ix_listings_search_tokens" ON "listings" USING gin ("search_tokens")`);
    await queryRunner.query(`DROP INDEX "public"."ix_listings_search"`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS btree_gin`);
  }
}
