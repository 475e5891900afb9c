import { MigrationInterface, QueryRunner } from 'typeorm';

export class DealsContractsCertificates1795665273168 implements MigrationInterface {
  name = 'DealsContractsCertificates1795665273168';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deal_objections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deal_id" uuid NOT NULL, "raised_by" uuid NOT NULL, "reason" text NOT NULL, "status" character varying(16) NOT NULL, "resolved_by" uuid, "resolution_comment" text, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_deal_objections_status" CHECK ("status" IN ('OPEN', 'UPHELD', 'REJECTED')), CONSTRAINT "PK_a6e15c39a2641c58648dbde1e32" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_deal_objections_deal" ON "deal_objections"  ("deal_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "contracts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contract_no" character varying(32) NOT NULL, "deal_id" uuid NOT NULL, "seller_id" uuid NOT NULL, "buyer_id" uuid NOT NULL, "terms" jsonb NOT NULL, "text_zh" text NOT NULL, "status" character varying(24) NOT NULL, "total_price_fen" bigint NOT NULL, "deposit_applied_fen" bigint NOT NULL, "buyer_fee_fen" bigint NOT NULL, "seller_fee_fen" bigint NOT NULL, "sign_by" TIMESTAMP WITH TIME ZONE NOT NULL, "seller_signed_at" TIMESTAMP WITH TIME ZONE, "buyer_signed_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_contracts_money" CHECK ("deposit_applied_fen" >= 0 AND "buyer_fee_fen" >= 0 AND "seller_fee_fen" >= 0), CONSTRAINT "ck_contracts_status" CHECK ("status" IN ('AWAITING_SIGNATURES', 'SIGNED')), CONSTRAINT "PK_2c7b8f3a7b1acdd49497d83d0fb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_contracts_contract_no" ON "contracts"  ("contract_no") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_contracts_deal" ON "contracts"  ("deal_id") `);
    await queryRunner.query(
      `CREATE TABLE "contract_payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contract_id" uuid NOT NULL, "amount_fen" bigint NOT NULL, "bank_ref" character varying(64) NOT NULL, "ledger_entry_id" uuid NOT NULL, "recorded_by" uuid NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_contract_payments_amount" CHECK ("amount_fen" > 0), CONSTRAINT "PK_d13742331d1239939340bbd9b42" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_contract_payments_contract" ON "contract_payments"  ("contract_id", "received_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "certificates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "certificate_no" character varying(32) NOT NULL, "verification_code" character varying(16) NOT NULL, "deal_id" uuid NOT NULL, "contract_id" uuid NOT NULL, "fields" jsonb NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e4c7e31e2144300bea7d89eb165" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_certificates_deal" ON "certificates"  ("deal_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_certificates_no" ON "certificates"  ("certificate_no") `);
    await queryRunner.query(`ALTER TABLE "deals" ADD "confirmed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "deals" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "deals" ADD "close_reason" text`);
    await queryRunner.query(
      `ALTER TABLE "deal_objections" ADD CONSTRAINT "fk_deal_objections_deal" FOREIGN KEY ("deal_id") REFERENCES "deals"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deal_objections" ADD CONSTRAINT "fk_deal_objections_raised_by" FOREIGN KEY ("raised_by") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "fk_contracts_deal" FOREIGN KEY ("deal_id") REFERENCES "deals"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "fk_contracts_seller" FOREIGN KEY ("seller_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contracts" ADD CONSTRAINT "fk_contracts_buyer" FOREIGN KEY ("buyer_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contract_payments" ADD CONSTRAINT "fk_contract_payments_contract" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contract_payments" ADD CONSTRAINT "fk_contract_payments_entry" FOREIGN KEY ("ledger_entry_id") REFERENCES "ledger_entries"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "fk_certificates_deal" FOREIGN KEY ("deal_id") REFERENCES "deals"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "fk_certificates_contract" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    // human numbers from sequences (合同编号, 鉴证书编号)
    await queryRunner.query(`CREATE SEQUENCE "contract_no_seq" AS bigint START 1`);
    await queryRunner.query(`CREATE SEQUENCE "certificate_no_seq" AS bigint START 1`);
    // a defaulting winner's payments go back (the check on kinds is not diffed by the generator)
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP CONSTRAINT "ck_ledger_entries_kind"`);
    await queryRunner.query(
      `ALTER TABLE "ledger_entries" ADD CONSTRAINT "ck_ledger_entries_kind" CHECK ("kind" IN ('DEPOSIT_RECORDED','DEPOSIT_RELEASED','REFUND_PAID','DEPOSIT_APPLIED','PAYMENT_RECEIVED','SETTLEMENT','PAYOUT','DEPOSIT_FORFEITED','PAYMENT_RETURNED'))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_certificates_verification_code" ON "certificates" ("verification_code")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_certificates_verification_code"`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP CONSTRAINT "ck_ledger_entries_kind"`);
    await queryRunner.query(
      `ALTER TABLE "ledger_entries" ADD CONSTRAINT "ck_ledger_entries_kind" CHECK ("kind" IN ('DEPOSIT_RECORDED','DEPOSIT_RELEASED','REFUND_PAID','DEPOSIT_APPLIED','PAYMENT_RECEIVED','SETTLEMENT','PAYOUT','DEPOSIT_FORFEITED'))`,
    );
    await queryRunner.query(`DROP SEQUENCE "certificate_no_seq"`);
    await queryRunner.query(`DROP SEQUENCE "contract_no_seq"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "fk_certificates_contract"`);
    await queryRunner.query(`ALTER TABLE "certificates" DROP CONSTRAINT "fk_certificates_deal"`);
    await queryRunner.query(`ALTER TABLE "contract_payments" DROP CONSTRAINT "fk_contract_payments_entry"`);
    await queryRunner.query(`ALTER TABLE "contract_payments" DROP CONSTRAINT "fk_contract_payments_contract"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "fk_contracts_buyer"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "fk_contracts_seller"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP CONSTRAINT "fk_contracts_deal"`);
    await queryRunner.query(`ALTER TABLE "deal_objections" DROP CONSTRAINT "fk_deal_objections_raised_by"`);
    await queryRunner.query(`ALTER TABLE "deal_objections" DROP CONSTRAINT "fk_deal_objections_deal"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP COLUMN "close_reason"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP COLUMN "closed_at"`);
    await queryRunner.query(`ALTER TABLE "deals" DROP COLUMN "confirmed_at"`);
    await queryRunner.query(`DROP INDEX "public"."uq_certificates_no"`);
    await queryRunner.query(`DROP INDEX "public"."uq_certificates_deal"`);
    await queryRunner.query(`DROP TABLE "certificates"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contract_payments_contract"`);
    await queryRunner.query(`DROP TABLE "contract_payments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_contracts_deal"`);
    await queryRunner.query(`DROP INDEX "public"."uq_contracts_contract_no"`);
    await queryRunner.query(`DROP TABLE "contracts"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deal_objections_deal"`);
    await queryRunner.query(`DROP TABLE "deal_objections"`);
  }
}
