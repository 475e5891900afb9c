import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, assisted listing (代办挂牌): a clerk at a township station drafts and submits a listing for a farmer who
 * came in person. `listings.assisted_by` is the clerk (the owner stays the farmer); the farmer's signed authorization
 * is a listing document of the new kind `AUTHORIZATION` (授权委托书; document kinds are not constrained in the
 * database: `listing_documents.kind` is a plain varchar checked by the API's enums).
 */
export class AssistedListing1795670435000 implements MigrationInterface {
  name = 'AssistedListing1795670435000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "listings" ADD "assisted_by" uuid`);
    await queryRunner.query(
      `ALTER TABLE "listings" ADD CONSTRAINT "fk_listings_assisted_by" FOREIGN KEY ("assisted_by") REFERENCES "users"("id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_listings_assisted_by" ON "listings" ("assisted_by") WHERE "assisted_by" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_listings_assisted_by"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP CONSTRAINT "fk_listings_assisted_by"`);
    await queryRunner.query(`ALTER TABLE "listings" DROP COLUMN "assisted_by"`);
  }
}
