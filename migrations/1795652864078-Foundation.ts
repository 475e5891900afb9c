import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795652864078 implements MigrationInterface {
  name = 'Foundation1795652864078';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_failures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "phone" character varying(32) NOT NULL, "ip" character varying(64) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8211e8ec810fd7f976b98ce97a0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_login_failures_ip" ON "login_failures"  ("ip", "occurred_at") `);
    await queryRunner.query(`CREATE INDEX "ix_login_failures_phone" ON "login_failures"  ("phone", "occurred_at") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_refresh_tokens_hash" ON "refresh_tokens"  ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens"  ("family_id") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "phone" character varying(11) NOT NULL, "password_hash" text NOT NULL, "name" character varying(100) NOT NULL, "party_type" character varying(16) NOT NULL, "id_number" character varying(18), "credit_code" character varying(18), "village_code" character varying(12), "roles" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_phone" ON "users"  ("phone") `);
    await queryRunner.query(
      `CREATE TABLE "audit_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" bigint NOT NULL DEFAULT '0', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "action" character varying(64) NOT NULL, "entity_type" character varying(32) NOT NULL, "entity_id" character varying(64) NOT NULL, "from_status" character varying(32), "to_status" character varying(32), "details" jsonb NOT NULL DEFAULT '{}'::jsonb, "prev_hash" character(64) NOT NULL DEFAULT '', "hash" character(64) NOT NULL DEFAULT '', CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_audit_entries_seq" ON "audit_entries"  ("seq") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_entries_entity" ON "audit_entries"  ("entity_type", "entity_id") `);
    await queryRunner.query(
      `CREATE TABLE "divisions" ("code" character varying(12) NOT NULL, "name" character varying(100) NOT NULL, "level" character varying(16) NOT NULL, "parent_code" character varying(12), CONSTRAINT "PK_b96faa3f412978357707758c83d" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_divisions_parent" ON "divisions"  ("parent_code") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_divisions_parent"`);
    await queryRunner.query(`DROP TABLE "divisions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_entries_entity"`);
    await queryRunner.query(`DROP INDEX "public"."uq_audit_entries_seq"`);
    await queryRunner.query(`DROP TABLE "audit_entries"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_phone"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_family"`);
    await queryRunner.query(`DROP INDEX "public"."uq_refresh_tokens_hash"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."ix_login_failures_phone"`);
    await queryRunner.query(`DROP INDEX "public"."ix_login_failures_ip"`);
    await queryRunner.query(`DROP TABLE "login_failures"`);
  }
}
