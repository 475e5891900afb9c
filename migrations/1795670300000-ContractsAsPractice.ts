import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, contracts and money as practice runs them:
 * - contracts: the handover date and the term (`starts_on` .. `ends_on`), what they were rendered from (so a
 *   signature can write the signer's name, address and date into the text), the signers' addresses, statuses
 *   IN_FORCE and COMPLETED, and a procurement's acceptance (purchaser, then clerk), retention and warranty;
 * - `contract_instalments`: the payment schedule (rent year by year, a procurement's advance and balance, or one
 *   instalment), each settled on its own with its fee shares and, when late, its late fee;
 * - registrations carry the buyer's offer (意向报价);
 * - documents may belong to a contract (the signed scan, `SIGNED_CONTRACT`);
 * - `notifications`: the in-app inbox (`GET /me/notifications`); `dedupe_key` makes a reminder go out once;
 * - the ledger's entry kinds gain RETENTION_RELEASED (a procurement's retention paid out after the warranty).
 */
export class ContractsAsPractice1795670300000 implements MigrationInterface {
  name = 'ContractsAsPractice1795670300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP CONSTRAINT "ck_ledger_entries_kind"`);
    await queryRunner.query(
      `ALTER TABLE "ledger_entries" ADD CONSTRAINT "ck_ledger_entries_kind" CHECK ("kind" IN ('DEPOSIT_RECORDED','DEPOSIT_RELEASED','REFUND_PAID','DEPOSIT_APPLIED','PAYMENT_RECEIVED','SETTLEMENT','PAYOUT','DEPOSIT_FORFEITED','PAYMENT_RETURNED','RETENTION_RELEASED'))`,
    );
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "ck_contracts_status"`);
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "ck_contracts_status"
       CHECK ("status" IN ('AWAITING_SIGNATURES', 'SIGNED', 'IN_FORCE', 'COMPLETED'))`,
    );
    await queryRunner.query(`ALTER TABLE "contracts"
      ADD "handover_on" date,
      ADD "starts_on" date,
      ADD "ends_on" date,
      ADD "render_input" jsonb,
      ADD "seller_sign_address" character varying(200),
      ADD "buyer_sign_address" character varying(200),
      ADD "purchaser_accepted_at" TIMESTAMP WITH TIME ZONE,
      ADD "clerk_accepted_at" TIMESTAMP WITH TIME ZONE,
      ADD "acceptance_note" text,
      ADD "retention_fen" bigint NOT NULL DEFAULT 0,
      ADD "warranty_months" integer,
      ADD "retention_released_at" TIMESTAMP WITH TIME ZONE,
      ADD "completed_at" TIMESTAMP WITH TIME ZONE`);
    // contracts made before: their term started the day they were generated (China time)
    await queryRunner.query(
      `UPDATE "contracts" SET "handover_on" = ("created_at" AT TIME ZONE 'Asia/Shanghai')::date,
                              "starts_on" = ("created_at" AT TIME ZONE 'Asia/Shanghai')::date`,
    );
    await queryRunner.query(`ALTER TABLE "contracts" ALTER COLUMN "handover_on" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "contracts" ALTER COLUMN "starts_on" SET NOT NULL`);

    await queryRunner.query(`CREATE TABLE "contract_instalments" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "contract_id" uuid NOT NULL,
      "no" integer NOT NULL,
      "kind" character varying(16) NOT NULL,
      "due_on" date,
      "amount_fen" bigint NOT NULL,
      "buyer_fee_fen" bigint NOT NULL,
      "seller_fee_fen" bigint NOT NULL,
      "retention_fen" bigint NOT NULL DEFAULT 0,
      "late_fee_fen" bigint,
      "settled_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_contract_instalments" PRIMARY KEY ("id"),
      CONSTRAINT "ck_contract_instalments_kind" CHECK ("kind" IN ('PRICE', 'RENT', 'ADVANCE', 'BALANCE')),
      CONSTRAINT "ck_contract_instalments_money" CHECK ("amount_fen" > 0 AND "buyer_fee_fen" >= 0
        AND "seller_fee_fen" >= 0 AND "retention_fen" >= 0 AND ("late_fee_fen" IS NULL OR "late_fee_fen" >= 0)),
      CONSTRAINT "fk_contract_instalments_contract" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id"))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_contract_instalments_no" ON "contract_instalments" ("contract_id", "no")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_contract_instalments_due" ON "contract_instalments" ("due_on")
      WHERE "settled_at" IS NULL`);
    // contracts made before: one instalment of the whole price, settled when their deal was
    await queryRunner.query(`INSERT INTO "contract_instalments"
        ("contract_id", "no", "kind", "due_on", "amount_fen", "buyer_fee_fen", "seller_fee_fen", "late_fee_fen", "settled_at")
      SELECT c."id", 1, 'PRICE', c."starts_on", c."total_price_fen", c."buyer_fee_fen", c."seller_fee_fen",
             CASE WHEN d."status" = 'SETTLED' THEN 0 END, CASE WHEN d."status" = 'SETTLED' THEN d."closed_at" END
      FROM "contracts" c JOIN "deals" d ON d."id" = c."deal_id"`);
    await queryRunner.query(`UPDATE "contracts" c SET "status" = 'COMPLETED', "completed_at" = d."closed_at"
      FROM "deals" d WHERE d."id" = c."deal_id" AND d."status" = 'SETTLED'`);

    await queryRunner.query(`ALTER TABLE "registrations" ADD "offer_fen" bigint`);

    await queryRunner.query(`ALTER TABLE "listing_documents" ADD "contract_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "listing_documents" ADD CONSTRAINT "fk_listing_documents_contract"
       FOREIGN KEY ("contract_id") REFERENCES "contracts"("id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_listing_documents_contract" ON "listing_documents" ("contract_id") WHERE "contract_id" IS NOT NULL`,
    );

    await queryRunner.query(`CREATE TABLE "notifications" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "user_id" uuid NOT NULL,
      "kind" character varying(32) NOT NULL,
      "title" character varying(200) NOT NULL,
      "body" text NOT NULL,
      "listing_id" uuid,
      "deal_id" uuid,
      "contract_id" uuid,
      "dedupe_key" character varying(160),
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "read_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_notifications" PRIMARY KEY ("id"),
      CONSTRAINT "fk_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_notifications_user" ON "notifications" ("user_id", "created_at")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notifications_dedupe" ON "notifications" ("dedupe_key") WHERE "dedupe_key" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP CONSTRAINT "ck_ledger_entries_kind"`);
    await queryRunner.query(
      `ALTER TABLE "ledger_entries" ADD CONSTRAINT "ck_ledger_entries_kind" CHECK ("kind" IN ('DEPOSIT_RECORDED','DEPOSIT_RELEASED','REFUND_PAID','DEPOSIT_APPLIED','PAYMENT_RECEIVED','SETTLEMENT','PAYOUT','DEPOSIT_FORFEITED','PAYMENT_RETURNED'))`,
    );
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listing_documents_contract"`);
    await queryRunner.query(`ALTER TABLE "listing_documents" DROP CONSTRAINT "fk_listing_documents_contract"`);
    await queryRunner.query(`ALTER TABLE "listing_documents" DROP COLUMN "contract_id"`);
    await queryRunner.query(`ALTER TABLE "registrations" DROP COLUMN "offer_fen"`);
    await queryRunner.query(`DROP TABLE "contract_instalments"`);
    await queryRunner.query(`UPDATE "contracts" SET "status" = 'SIGNED' WHERE "status" IN ('IN_FORCE', 'COMPLETED')`);
    await queryRunner.query(`ALTER TABLE "contracts"
      DROP COLUMN "handover_on", DROP COLUMN "starts_on", DROP COLUMN "ends_on", DROP COLUMN "render_input",
      DROP COLUMN "seller_sign_address", DROP COLUMN "buyer_sign_address", DROP COLUMN "purchaser_accepted_at",
      DROP COLUMN "clerk_accepted_at", DROP COLUMN "acceptance_note", DROP COLUMN "retention_fen",
      DROP COLUMN "warranty_months", DROP COLUMN "retention_released_at", DROP COLUMN "completed_at"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "ck_contracts_status"`);
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "ck_contracts_status" CHECK ("status" IN ('AWAITING_SIGNATURES', 'SIGNED'))`,
    );
  }
}
