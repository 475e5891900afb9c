import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11, the centre's calendar and interventions:
 * - `calendar_years`: a year's State Council holiday notice as the centre's admin entered it (overrides the
 *   `chinese-days` package for that year);
 * - listings and deals say when a period was counted into a year known to neither (`calendar_provisional`);
 * - suspension and termination (中止、终结): listing statuses SUSPENDED and TERMINATED with the state left, when and
 *   why; an auction SUSPENDED keeps its remaining time (`remaining_ms`);
 * - objections may be raised against a listing in its announcement (`listing_id`; exactly one subject);
 * - 委托流转: a collective listing its households' land says so and lists them (`households`).
 */
export class CalendarAndInterventions1795670400000 implements MigrationInterface {
  name = 'CalendarAndInterventions1795670400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "calendar_years" (
      "year" integer NOT NULL,
      "holidays" date array NOT NULL DEFAULT '{}',
      "workdays" date array NOT NULL DEFAULT '{}',
      "updated_by" uuid NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_calendar_years" PRIMARY KEY ("year"),
      CONSTRAINT "fk_calendar_years_updated_by" FOREIGN KEY ("updated_by") REFERENCES "users"("id"))`);

    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "ck_listings_status"`);
    await queryRunner.query(`ALTER TABLE "listings" ADD CONSTRAINT "ck_listings_status" CHECK ("status" IN
      ('DRAFT','SUBMITTED','APPROVED','RETURNED','REJECTED','ANNOUNCED','BIDDING','SOLD','FAILED','WITHDRAWN',
       'SUSPENDED','TERMINATED'))`);
    await queryRunner.query(`ALTER TABLE "listings"
      ADD "calendar_provisional" boolean NOT NULL DEFAULT false,
      ADD "suspended_from" character varying(16),
      ADD "suspended_at" TIMESTAMP WITH TIME ZONE,
      ADD "suspension_reason" text,
      ADD "termination_reason" text,
      ADD "on_behalf_of_households" boolean NOT NULL DEFAULT false,
      ADD "households" jsonb`);
    await queryRunner.query(`ALTER TABLE "listings" ADD CONSTRAINT "ck_listings_suspended_from"
      CHECK ("suspended_from" IS NULL OR "suspended_from" IN ('ANNOUNCED', 'BIDDING'))`);
    await queryRunner.query(`ALTER TABLE "deals" ADD "calendar_provisional" boolean NOT NULL DEFAULT false`);

    await queryRunner.query(`ALTER TABLE "auctions" DROP CONSTRAINT "ck_auctions_status"`);
    await queryRunner.query(`ALTER TABLE "auctions" ADD CONSTRAINT "ck_auctions_status"
      CHECK ("status" IN ('SCHEDULED', 'OPEN', 'SUSPENDED', 'CLOSED'))`);
    await queryRunner.query(`ALTER TABLE "auctions" ADD "remaining_ms" bigint`);

    await queryRunner.query(`ALTER TABLE "deal_objections" ALTER COLUMN "deal_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "deal_objections" ADD "listing_id" uuid`);
    await queryRunner.query(`ALTER TABLE "deal_objections" ADD CONSTRAINT "fk_deal_objections_listing"
      FOREIGN KEY ("listing_id") REFERENCES "listings"("id")`);
    await queryRunner.query(`ALTER TABLE "deal_objections" ADD CONSTRAINT "ck_deal_objections_subject"
      CHECK (("deal_id" IS NULL) <> ("listing_id" IS NULL))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_listing_objections_open_per_user" ON "deal_objections"
      ("listing_id", "raised_by") WHERE "status" = 'OPEN'`);
    await queryRunner.query(`CREATE INDEX "ix_listing_objections_listing" ON "deal_objections" ("listing_id", "status")
      WHERE "listing_id" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_listing_objections_listing"`);
    await queryRunner.query(`DROP INDEX "public"."uq_listing_objections_open_per_user"`);
    await queryRunner.query(`DELETE FROM "deal_objections" WHERE "listing_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "deal_objections" DROP CONSTRAINT "ck_deal_objections_subject"`);
    await queryRunner.query(`ALTER TABLE "deal_objections" DROP CONSTRAINT "fk_deal_objections_listing"`);
    await queryRunner.query(`ALTER TABLE "deal_objections" DROP COLUMN "listing_id"`);
    await queryRunner.query(`ALTER TABLE "deal_objections" ALTER COLUMN "deal_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "auctions" DROP COLUMN "remaining_ms"`);
    await queryRunner.query(`ALTER TABLE "auctions" DROP CONSTRAINT "ck_auctions_status"`);
    await queryRunner.query(`ALTER TABLE "auctions" ADD CONSTRAINT "ck_auctions_status"
      CHECK ("status" IN ('SCHEDULED', 'OPEN', 'CLOSED'))`);
    await queryRunner.query(`ALTER TABLE "deals" DROP COLUMN "calendar_provisional"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "ck_listings_suspended_from"`);
    await queryRunner.query(`ALTER TABLE "listings"
      DROP COLUMN "households",
      DROP COLUMN "on_behalf_of_households",
      DROP COLUMN "termination_reason",
      DROP COLUMN "suspension_reason",
      DROP COLUMN "suspended_at",
      DROP COLUMN "suspended_from",
      DROP COLUMN "calendar_provisional"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "ck_listings_status"`);
    await queryRunner.query(`ALTER TABLE "listings" ADD CONSTRAINT "ck_listings_status" CHECK ("status" IN
      ('DRAFT','SUBMITTED','APPROVED','RETURNED','REJECTED','ANNOUNCED','BIDDING','SOLD','FAILED','WITHDRAWN'))`);
    await queryRunner.query(`DROP TABLE "calendar_years"`);
  }
}
