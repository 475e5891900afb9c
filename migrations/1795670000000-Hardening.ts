import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9 (secure by default, nothing lost):
 * - accounts can be disabled and carry an address (住所); one person, one account: a resident ID number or a credit
 *   code is registered once (partial unique indexes: staff accounts have neither);
 * - `rate_events`: events counted per client over a window (failed logins per phone and per IP, successful
 *   registrations per IP), purged by housekeeping; it replaces `login_failures`;
 * - bid attempts are counted per user (bidder or not), not per registration;
 * - one OPEN objection per user per deal;
 * - `scheduled_jobs`: one row per periodic job; the instance whose UPDATE moves `next_run_at` runs it (exactly once
 *   across instances), and the row keeps its last run for /health.
 */
export class Hardening1795670000000 implements MigrationInterface {
  name = 'Hardening1795670000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "address" character varying(200)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_users_id_number" ON "users" ("id_number") WHERE "id_number" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_users_credit_code" ON "users" ("credit_code") WHERE "credit_code" IS NOT NULL`,
    );

    await queryRunner.query(`CREATE TABLE "rate_events" (
      "id" BIGSERIAL NOT NULL,
      "scope" character varying(32) NOT NULL,
      "subject" character varying(64) NOT NULL,
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_rate_events" PRIMARY KEY ("id"))`);
    await queryRunner.query(
      `CREATE INDEX "ix_rate_events_subject" ON "rate_events" ("scope", "subject", "occurred_at")`,
    );
    await queryRunner.query(`DROP TABLE "login_failures"`);

    await queryRunner.query(`DROP TABLE "bid_rate_counters"`);
    await queryRunner.query(`CREATE UNLOGGED TABLE "bid_rate_counters" (
      "user_id" uuid NOT NULL,
      "window_start" TIMESTAMP WITH TIME ZONE NOT NULL,
      "count" integer NOT NULL,
      CONSTRAINT "pk_bid_rate_counters" PRIMARY KEY ("user_id", "window_start"))`);

    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_deal_objections_open_per_user" ON "deal_objections" ("deal_id", "raised_by")
       WHERE "status" = 'OPEN'`,
    );

    await queryRunner.query(`CREATE TABLE "scheduled_jobs" (
      "name" character varying(64) NOT NULL,
      "next_run_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_started_at" TIMESTAMP WITH TIME ZONE,
      "last_finished_at" TIMESTAMP WITH TIME ZONE,
      "last_error" text,
      "last_result" jsonb,
      "runs" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_scheduled_jobs" PRIMARY KEY ("name"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "scheduled_jobs"`);
    await queryRunner.query(`DROP INDEX "public"."uq_deal_objections_open_per_user"`);
    await queryRunner.query(`DROP TABLE "bid_rate_counters"`);
    await queryRunner.query(`CREATE UNLOGGED TABLE "bid_rate_counters" (
      "registration_id" uuid NOT NULL,
      "window_start" TIMESTAMP WITH TIME ZONE NOT NULL,
      "count" integer NOT NULL,
      CONSTRAINT "PK_708fc5f681d73589e94eb750340" PRIMARY KEY ("registration_id", "window_start"))`);
    await queryRunner.query(`DROP TABLE "rate_events"`);
    await queryRunner.query(
      `CREATE TABLE "login_failures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "phone" character varying(32) NOT NULL, "ip" character varying(64) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8211e8ec810fd7f976b98ce97a0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_login_failures_ip" ON "login_failures"  ("ip", "occurred_at") `);
    await queryRunner.query(`CREATE INDEX "ix_login_failures_phone" ON "login_failures"  ("phone", "occurred_at") `);
    await queryRunner.query(`DROP INDEX "public"."uq_users_credit_code"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_id_number"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "address"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "disabled_at"`);
  }
}
