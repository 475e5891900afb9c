import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: what the entity metadata cannot express for listings.
 * - `listing_no_seq`: the sequence behind human listing numbers (HA-2026-000123);
 * - `pg_trgm` and a trigram GIN index over title + description, for Chinese substring search (`q`).
 */
export class ListingSearchAndNumbers1795654700000 implements MigrationInterface {
  name = 'ListingSearchAndNumbers1795654700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "listing_no_seq" AS bigint START 1`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "ix_listings_search_trgm" ON "listings" USING gin ((title || ' ' || coalesce(description, '')) gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_listings_search_trgm"`);
    await queryRunner.query(`DROP SEQUENCE "listing_no_seq"`);
  }
}
