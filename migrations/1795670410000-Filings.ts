import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 item 4, filing (备案) and the transfer register (流转台账), DOMAIN.md §2 step 12:
 * - `filings`: one per land contract in force (`uq_filings_contract`), filed with the issuing collective and the
 *   township station in the transaction that puts the contract in force; a snapshot of what the village's register
 *   lists (parties, area, term, price); FILED → ACKNOWLEDGED by a clerk; for a transfer of 5 years or more, the
 *   registration application (土地经营权登记) APPLIED → REGISTERED or REFUSED, recorded by a clerk.
 */
export class Filings1795670410000 implements MigrationInterface {
  name = 'Filings1795670410000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "filings" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "contract_id" uuid NOT NULL,
      "deal_id" uuid NOT NULL,
      "listing_id" uuid NOT NULL,
      "contract_no" character varying(32) NOT NULL,
      "listing_no" character varying(32) NOT NULL,
      "village_code" character varying(12) NOT NULL,
      "village_name" character varying(100) NOT NULL,
      "township_code" character varying(9) NOT NULL,
      "issuing_collective" character varying(100) NOT NULL,
      "transfer_mode" character varying(16) NOT NULL,
      "area_mu" numeric(12,2),
      "seller_id" uuid NOT NULL,
      "seller_name" character varying(100) NOT NULL,
      "buyer_id" uuid NOT NULL,
      "buyer_name" character varying(100) NOT NULL,
      "starts_on" date NOT NULL,
      "ends_on" date,
      "term_years" integer,
      "price_fen" bigint NOT NULL,
      "price_unit" character varying(16) NOT NULL,
      "total_price_fen" bigint NOT NULL,
      "status" character varying(16) NOT NULL,
      "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "acknowledged_at" TIMESTAMP WITH TIME ZONE,
      "acknowledged_by" uuid,
      "registration_status" character varying(16),
      "registration_note" text,
      "registration_decided_at" TIMESTAMP WITH TIME ZONE,
      "registration_decided_by" uuid,
      CONSTRAINT "pk_filings" PRIMARY KEY ("id"),
      CONSTRAINT "ck_filings_status" CHECK ("status" IN ('FILED', 'ACKNOWLEDGED')),
      CONSTRAINT "ck_filings_registration_status"
        CHECK ("registration_status" IS NULL OR "registration_status" IN ('APPLIED', 'REGISTERED', 'REFUSED')),
      CONSTRAINT "ck_filings_acknowledged"
        CHECK (("status" = 'ACKNOWLEDGED') = ("acknowledged_at" IS NOT NULL AND "acknowledged_by" IS NOT NULL)),
      CONSTRAINT "ck_filings_registration_decided"
        CHECK ((COALESCE("registration_status", 'APPLIED') <> 'APPLIED')
          = ("registration_decided_at" IS NOT NULL AND "registration_decided_by" IS NOT NULL)),
      CONSTRAINT "ck_filings_money" CHECK ("price_fen" >= 0 AND "total_price_fen" >= 0),
      CONSTRAINT "fk_filings_contract" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id"),
      CONSTRAINT "fk_filings_deal" FOREIGN KEY ("deal_id") REFERENCES "deals"("id"),
      CONSTRAINT "fk_filings_listing" FOREIGN KEY ("listing_id") REFERENCES "listings"("id"),
      CONSTRAINT "fk_filings_village" FOREIGN KEY ("village_code") REFERENCES "divisions"("code"),
      CONSTRAINT "fk_filings_seller" FOREIGN KEY ("seller_id") REFERENCES "users"("id"),
      CONSTRAINT "fk_filings_buyer" FOREIGN KEY ("buyer_id") REFERENCES "users"("id"),
      CONSTRAINT "fk_filings_acknowledged_by" FOREIGN KEY ("acknowledged_by") REFERENCES "users"("id"),
      CONSTRAINT "fk_filings_registration_decided_by" FOREIGN KEY ("registration_decided_by") REFERENCES "users"("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_filings_contract" ON "filings" ("contract_id")`);
    await queryRunner.query(`CREATE INDEX "ix_filings_village_filed" ON "filings" ("village_code", "filed_at")`);
    await queryRunner.query(`CREATE INDEX "ix_filings_filed" ON "filings" ("filed_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "filings"`);
  }
}
