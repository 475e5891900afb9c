import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 item 5, mortgage registration of traded rights (抵押登记) and re-transfer (再流转):
 * - `mortgages`: a lender's mortgage on a right held under a certificate, APPLIED → REGISTERED | REFUSED,
 *   REGISTERED → RELEASED; a lender holds at most one open (APPLIED or REGISTERED) mortgage on a certificate
 *   (`uq_mortgages_open_per_lender`), several lenders may each hold one;
 * - documents may belong to a mortgage (`listing_documents.mortgage_id`: the holder's and the lessor's consent); such
 *   documents are not the listing's (not listed, not counted, not relisted);
 * - a listing may re-transfer a right held under a certificate (`listings.source_certificate_no`).
 */
export class Mortgages1795670420000 implements MigrationInterface {
  name = 'Mortgages1795670420000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "mortgages" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "certificate_id" uuid NOT NULL,
      "lender_id" uuid NOT NULL,
      "holder_id" uuid NOT NULL,
      "status" character varying(16) NOT NULL,
      "principal_fen" bigint NOT NULL,
      "term_months" integer NOT NULL,
      "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "registered_at" TIMESTAMP WITH TIME ZONE,
      "refused_at" TIMESTAMP WITH TIME ZONE,
      "refusal_reason" text,
      "released_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_mortgages" PRIMARY KEY ("id"),
      CONSTRAINT "ck_mortgages_status" CHECK ("status" IN ('APPLIED', 'REGISTERED', 'REFUSED', 'RELEASED')),
      CONSTRAINT "ck_mortgages_principal" CHECK ("principal_fen" > 0),
      CONSTRAINT "ck_mortgages_term" CHECK ("term_months" BETWEEN 1 AND 600),
      CONSTRAINT "fk_mortgages_certificate" FOREIGN KEY ("certificate_id") REFERENCES "certificates"("id"),
      CONSTRAINT "fk_mortgages_lender" FOREIGN KEY ("lender_id") REFERENCES "users"("id"),
      CONSTRAINT "fk_mortgages_holder" FOREIGN KEY ("holder_id") REFERENCES "users"("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_mortgages_certificate" ON "mortgages" ("certificate_id", "status")`);
    await queryRunner.query(`CREATE INDEX "ix_mortgages_lender" ON "mortgages" ("lender_id", "applied_at")`);
    await queryRunner.query(`CREATE INDEX "ix_mortgages_holder" ON "mortgages" ("holder_id")`);
    await queryRunner.query(`CREATE INDEX "ix_mortgages_status" ON "mortgages" ("status", "applied_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_mortgages_open_per_lender" ON "mortgages" ("certificate_id", "lender_id")
      WHERE "status" IN ('APPLIED', 'REGISTERED')`);

    await queryRunner.query(`ALTER TABLE "listing_documents" ADD "mortgage_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "listing_documents" ADD CONSTRAINT "fk_listing_documents_mortgage"
       FOREIGN KEY ("mortgage_id") REFERENCES "mortgages"("id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_listing_documents_mortgage" ON "listing_documents" ("mortgage_id") WHERE "mortgage_id" IS NOT NULL`,
    );

    // no foreign key: the certificate is checked when the listing is made (and the column never changes after)
    await queryRunner.query(`ALTER TABLE "listings" ADD "source_certificate_no" character varying(32)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "listings" DROP COLUMN "source_certificate_no"`);
    await queryRunner.query(`DROP INDEX "public"."ix_listing_documents_mortgage"`);
    await queryRunner.query(`ALTER TABLE "listing_documents" DROP CONSTRAINT "fk_listing_documents_mortgage"`);
    await queryRunner.query(`ALTER TABLE "listing_documents" DROP COLUMN "mortgage_id"`);
    await queryRunner.query(`DROP TABLE "mortgages"`);
  }
}
