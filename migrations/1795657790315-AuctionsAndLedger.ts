import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuctionsAndLedger1795657790315 implements MigrationInterface {
  name = 'AuctionsAndLedger1795657790315';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auctions" ("listing_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "direction" character varying(16) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "start_price_fen" bigint NOT NULL, "increment_fen" bigint NOT NULL, "current_price_fen" bigint, "leading_registration_id" uuid, "leading_bidder_no" character varying(8), "leader_has_priority" boolean NOT NULL DEFAULT false, "bid_count" integer NOT NULL DEFAULT '0', "extension_seconds" integer NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_auctions_status" CHECK ("status" IN ('SCHEDULED', 'OPEN', 'CLOSED')), CONSTRAINT "PK_36ca3069d0b14696ec856f0e4b9" PRIMARY KEY ("listing_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_auctions_due" ON "auctions"  ("status", "ends_at") `);
    await queryRunner.query(
      `CREATE TABLE "bid_rate_counters" ("registration_id" uuid NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_708fc5f681d73589e94eb750340" PRIMARY KEY ("registration_id", "window_start"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "bids" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "listing_id" uuid NOT NULL, "seq" integer NOT NULL, "registration_id" uuid NOT NULL, "bidder_no" character varying(8) NOT NULL, "amount_fen" bigint NOT NULL, "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7950d066d322aab3a488ac39fe5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_bids_listing_seq" ON "bids"  ("listing_id", "seq") `);
    await queryRunner.query(
      `CREATE TABLE "deals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "listing_id" uuid NOT NULL, "method" character varying(16) NOT NULL, "registration_id" uuid NOT NULL, "buyer_id" uuid NOT NULL, "seller_id" uuid NOT NULL, "buyer_bidder_no" character varying(8) NOT NULL, "price_fen" bigint NOT NULL, "total_price_fen" bigint NOT NULL, "status" character varying(16) NOT NULL, "publicity_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_deals_status" CHECK ("status" IN ('PUBLICITY', 'CONFIRMED', 'CONTRACTED', 'SETTLED', 'DEFAULTED', 'CANCELLED')), CONSTRAINT "PK_8c66f03b250f613ff8615940b4b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_deals_seller" ON "deals"  ("seller_id") `);
    await queryRunner.query(`CREATE INDEX "ix_deals_buyer" ON "deals"  ("buyer_id") `);
    await queryRunner.query(`CREATE INDEX "ix_deals_listing" ON "deals"  ("listing_id") `);
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "method" character varying(10) NOT NULL, "path" character varying(512) NOT NULL, "key" character varying(64) NOT NULL, "request_hash" character(64) NOT NULL, "state" character varying(16) NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_idempotency_keys_done_response" CHECK ("state" <> 'DONE' OR "response_status" IS NOT NULL), CONSTRAINT "ck_idempotency_keys_state" CHECK ("state" IN ('IN_PROGRESS', 'DONE')), CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("user_id", "method", "path", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_idempotency_keys_created" ON "idempotency_keys"  ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "ledger_postings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "entry_id" uuid NOT NULL, "account" character varying(80) NOT NULL, "amount_fen" bigint NOT NULL, CONSTRAINT "ck_ledger_postings_amount" CHECK ("amount_fen" <> 0), CONSTRAINT "PK_4cdc4ebcb3797412b9d9177df70" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_ledger_postings_entry" ON "ledger_postings"  ("entry_id") `);
    await queryRunner.query(`CREATE INDEX "ix_ledger_postings_account" ON "ledger_postings"  ("account") `);
    await queryRunner.query(
      `CREATE TABLE "ledger_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "kind" character varying(24) NOT NULL, "registration_id" uuid, "deal_id" uuid, "actor_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_ledger_entries_kind" CHECK ("kind" IN ('DEPOSIT_RECORDED','DEPOSIT_RELEASED','REFUND_PAID','DEPOSIT_APPLIED','PAYMENT_RECEIVED','SETTLEMENT','PAYOUT','DEPOSIT_FORFEITED')), CONSTRAINT "PK_6efcb84411d3f08b08450ae75d5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_seq" ON "ledger_entries"  ("seq") `);
    await queryRunner.query(`CREATE INDEX "ix_ledger_entries_deal" ON "ledger_entries"  ("deal_id") `);
    await queryRunner.query(`CREATE INDEX "ix_ledger_entries_registration" ON "ledger_entries"  ("registration_id") `);
    await queryRunner.query(
      `CREATE TABLE "registrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "listing_id" uuid NOT NULL, "buyer_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "claims_priority_right" boolean NOT NULL DEFAULT false, "priority_right" boolean NOT NULL DEFAULT false, "note" text, "reason" text, "bidder_no" character varying(8), "deposit_fen" bigint, "deposit_bank_ref" character varying(64), "deposit_paid_at" TIMESTAMP WITH TIME ZONE, "qualified_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_registrations_status" CHECK ("status" IN ('PENDING', 'QUALIFIED', 'DISQUALIFIED', 'DEPOSIT_PAID')), CONSTRAINT "PK_6013e724d7b22929da9cd7282d1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_registrations_buyer" ON "registrations"  ("buyer_id", "created_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_registrations_listing_bidder_no" ON "registrations"  ("listing_id", "bidder_no") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_registrations_listing_buyer" ON "registrations"  ("listing_id", "buyer_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "auctions" ADD CONSTRAINT "fk_auctions_listing" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deals" ADD CONSTRAINT "fk_deals_listing" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_postings" ADD CONSTRAINT "fk_ledger_postings_entry" FOREIGN KEY ("entry_id") REFERENCES "ledger_entries"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "registrations" ADD CONSTRAINT "fk_registrations_listing" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "registrations" ADD CONSTRAINT "fk_registrations_buyer" FOREIGN KEY ("buyer_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "registrations" DROP CONSTRAINT "fk_registrations_buyer"`);
    await queryRunner.query(`ALTER TABLE "registrations" DROP CONSTRAINT "fk_registrations_listing"`);
    await queryRunner.query(`ALTER TABLE "ledger_postings" DROP CONSTRAINT "fk_ledger_postings_entry"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP CONSTRAINT "fk_deals_listing"`);
    await queryRunner.query(`ALTER TABLE "auctions" DROP CONSTRAINT "fk_auctions_listing"`);
    await queryRunner.query(`DROP INDEX "public"."uq_registrations_listing_buyer"`);
    await queryRunner.query(`DROP INDEX "public"."uq_registrations_listing_bidder_no"`);
    await queryRunner.query(`DROP INDEX "public"."ix_registrations_buyer"`);
    await queryRunner.query(`DROP TABLE "registrations"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ledger_entries_registration"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ledger_entries_deal"`);
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_seq"`);
    await queryRunner.query(`DROP TABLE "ledger_entries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ledger_postings_account"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ledger_postings_entry"`);
    await queryRunner.query(`DROP TABLE "ledger_postings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_idempotency_keys_created"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deals_listing"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deals_buyer"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deals_seller"`);
    await queryRunner.query(`DROP TABLE "deals"`);
    await queryRunner.query(`DROP INDEX "public"."uq_bids_listing_seq"`);
    await queryRunner.query(`DROP TABLE "bids"`);
    await queryRunner.query(`DROP TABLE "bid_rate_counters"`);
    await queryRunner.query(`DROP INDEX "public"."ix_auctions_due"`);
    await queryRunner.query(`DROP TABLE "auctions"`);
  }
}
