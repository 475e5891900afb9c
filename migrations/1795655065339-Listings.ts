import { MigrationInterface, QueryRunner } from 'typeorm';

export class Listings1795655065339 implements MigrationInterface {
  name = 'Listings1795655065339';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "listings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "listing_no" character varying(32) NOT NULL, "owner_id" uuid NOT NULL, "lister_party_type" character varying(16) NOT NULL, "category_code" character varying(40) NOT NULL, "title" character varying(200) NOT NULL, "description" text, "village_code" character varying(12) NOT NULL, "township_code" character varying(9) NOT NULL, "transfer_mode" character varying(16) NOT NULL, "attributes" jsonb NOT NULL, "area_mu" numeric(12,2), "price_unit" character varying(16) NOT NULL, "reserve_price_fen" bigint NOT NULL, "increment_fen" bigint NOT NULL, "deposit_fen" bigint NOT NULL, "term_years" integer, "total_reserve_price_fen" bigint NOT NULL, "trading_method" character varying(16) NOT NULL, "collective_resolution" jsonb, "status" character varying(16) NOT NULL, "large_deal" boolean NOT NULL DEFAULT false, "approved_by" uuid array NOT NULL DEFAULT '{}', "review_comment" text, "submitted_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "announcement_ends_at" TIMESTAMP WITH TIME ZONE, "bidding_starts_at" TIMESTAMP WITH TIME ZONE, "bidding_ends_at" TIMESTAMP WITH TIME ZONE, "withdraw_reason" text, "previous_listing_id" uuid, "search_text" text NOT NULL DEFAULT '', "search_tokens" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_listings_status" CHECK ("status" IN ('DRAFT','SUBMITTED','APPROVED','RETURNED','REJECTED','ANNOUNCED','BIDDING','SOLD','FAILED','WITHDRAWN')), CONSTRAINT "ck_listings_money" CHECK ("reserve_price_fen" > 0 AND "increment_fen" > 0 AND "deposit_fen" >= 0 AND "total_reserve_price_fen" > 0), CONSTRAINT "PK_520ecac6c99ec90bcf5a603cdcb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_listings_listing_no" ON "listings"  ("listing_no") `);
    await queryRunner.query(`CREATE INDEX "ix_listings_village" ON "listings"  ("village_code") `);
    await queryRunner.query(`CREATE INDEX "ix_listings_township" ON "listings"  ("township_code") `);
    await queryRunner.query(`CREATE INDEX "ix_listings_category_status" ON "listings"  ("category_code", "status") `);
    await queryRunner.query(`CREATE INDEX "ix_listings_owner" ON "listings"  ("owner_id") `);
    await queryRunner.query(`CREATE INDEX "ix_listings_status_created" ON "listings"  ("status", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "listing_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "listing_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "file_name" character varying(255) NOT NULL, "content_type" character varying(64) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" character(64) NOT NULL, "storage_key" character varying(255) NOT NULL, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d301998d6d35e992e3c4a35d660" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_listing_documents_listing" ON "listing_documents"  ("listing_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "listing_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "listing_id" uuid NOT NULL, "clerk_id" uuid NOT NULL, "decision" character varying(16) NOT NULL, "comment" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d25da6f3ecb52801f7c1c438821" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_listing_reviews_listing" ON "listing_reviews"  ("listing_id", "created_at") `,
    );
    await queryRunner.query(`ALTER TABLE "audit_entries" ALTER COLUMN "details" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TABLE "listings" ADD CONSTRAINT "fk_listings_owner" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "listings" ADD CONSTRAINT "fk_listings_village" FOREIGN KEY ("village_code") REFERENCES "divisions"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "listings" ADD CONSTRAINT "fk_listings_previous" FOREIGN KEY ("previous_listing_id") REFERENCES "listings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "listing_documents" ADD CONSTRAINT "fk_listing_documents_listing" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "listing_reviews" ADD CONSTRAINT "fk_listing_reviews_listing" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "listing_reviews" DROP CONSTRAINT "fk_listing_reviews_listing"`);
    await queryRunner.query(`ALTER TABLE "listing_documents" DROP CONSTRAINT "fk_listing_documents_listing"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "fk_listings_previous"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "fk_listings_village"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "fk_listings_owner"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ALTER COLUMN "details" SET DEFAULT '{}'`);
    await queryRunner.query(`DROP INDEX "public"."ix_listing_reviews_listing"`);
    await queryRunner.query(`DROP TABLE "listing_reviews"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listing_documents_listing"`);
    await queryRunner.query(`DROP TABLE "listing_documents"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listings_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listings_owner"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listings_category_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listings_township"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listings_village"`);
    await queryRunner.query(`DROP INDEX "public"."uq_listings_listing_no"`);
    await queryRunner.query(`DROP TABLE "listings"`);
  }
}
