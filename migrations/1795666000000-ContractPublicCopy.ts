import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public copy of each contract (masked IDs and phones). Contracts generated before it have none: they get an
 * empty copy rather than the full one, so nothing unmasked is ever served as public.
 */
export class ContractPublicCopy1795666000000 implements MigrationInterface {
  name = 'ContractPublicCopy1795666000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contracts" ADD "public_terms" jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await queryRunner.query(`ALTER TABLE "contracts" ADD "public_text_zh" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "contracts" ALTER COLUMN "public_terms" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "contracts" ALTER COLUMN "public_text_zh" DROP DEFAULT`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contracts" DROP COLUMN "public_text_zh"`);
    await queryRunner.query(`ALTER TABLE "contracts" DROP COLUMN "public_terms"`);
  }
}
