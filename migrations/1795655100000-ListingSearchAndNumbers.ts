import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: what the entity metadata cannot express for listings.
 * - `listing_no_seq`: the sequence behind human listing numbers (HA-2026-000123);
 * - Chinese substring search: `search_text` = lower(title + ' ' + description) and `search_tokens` = its distinct
 *   characters and character pairs, kept by a trigger and GIN-indexed. A query `q` of two or more characters is
 *   served by `search_tokens @> bigrams(q)` (selective, even for the two-character words Chinese is full of, which
 *   a trigram index cannot serve), then checked exactly with `search_text LIKE '%q%'`.
 */
export class ListingSearchAndNumbers1795655100000 implements MigrationInterface {
  name = 'ListingSearchAndNumbers1795655100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "listing_no_seq" AS bigint START 1`);
    await queryRunner.query(`
      CREATE FUNCTION search_tokens(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT tok), '{}')
        FROM (
          SELECT substr(t, i, 1) AS tok FROM generate_series(1, length(t)) i
          UNION ALL
          SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) i
        ) tokens
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION listings_search_fill() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_text := lower(NEW.title || ' ' || coalesce(NEW.description, ''));
        NEW.search_tokens := search_tokens(NEW.search_text);
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER listings_search_fill BEFORE INSERT OR UPDATE OF title, description ON listings
       FOR EACH ROW EXECUTE FUNCTION listings_search_fill()`,
    );
    await queryRunner.query(`CREATE INDEX "ix_listings_search_tokens" ON "listings" USING gin ("search_tokens")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_listings_search_tokens"`);
    await queryRunner.query(`DROP TRIGGER listings_search_fill ON listings`);
    await queryRunner.query(`DROP FUNCTION listings_search_fill()`);
    await queryRunner.query(`DROP FUNCTION search_tokens(text)`);
    await queryRunner.query(`DROP SEQUENCE "listing_no_seq"`);
  }
}
