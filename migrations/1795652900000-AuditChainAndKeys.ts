import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written (the CLI does not generate triggers): the audit trail's hash chain and append-only guard, and the
 * foundation's foreign keys.
 *
 * Each inserted audit entry takes the single chain head row FOR UPDATE, gets the next `seq`, the previous hash, and
 * its own hash = sha256(canonical text including the previous hash). The lock is held until commit, so the chain
 * follows commit order. UPDATE, DELETE and TRUNCATE are refused.
 */
export class AuditChainAndKeys1795652900000 implements MigrationInterface {
  name = 'AuditChainAndKeys1795652900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_chain_head" ("id" smallint PRIMARY KEY CHECK ("id" = 1), "last_seq" bigint NOT NULL, "last_hash" character(64) NOT NULL)`,
    );
    await queryRunner.query(`INSERT INTO "audit_chain_head" VALUES (1, 0, repeat('0', 64))`);
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_canonical(e audit_entries) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT concat_ws('|', e.seq::text, e.id::text,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          coalesce(e.actor_id::text, ''), e.action, e.entity_type, e.entity_id,
          coalesce(e.from_status, ''), coalesce(e.to_status, ''), e.details::text, e.prev_hash)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_entries_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head audit_chain_head%ROWTYPE;
      BEGIN
        SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
        NEW.seq := head.last_seq + 1;
        NEW.prev_hash := head.last_hash;
        NEW.hash := encode(sha256(convert_to(audit_entry_canonical(NEW), 'UTF8')), 'hex');
        UPDATE audit_chain_head SET last_seq = NEW.seq, last_hash = NEW.hash WHERE id = 1;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_entries_chain BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_chain()`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse_change()`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "fk_refresh_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "fk_users_village" FOREIGN KEY ("village_code") REFERENCES "divisions"("code")`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "ck_users_party_type" CHECK ("party_type" IN ('PERSON', 'COLLECTIVE', 'ORGANIZATION'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "ck_users_party_type"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_village"`);
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "fk_refresh_tokens_user"`);
    await queryRunner.query(`DROP TRIGGER audit_entries_no_truncate ON audit_entries`);
    await queryRunner.query(`DROP TRIGGER audit_entries_no_update ON audit_entries`);
    await queryRunner.query(`DROP FUNCTION audit_entries_refuse_change()`);
    await queryRunner.query(`DROP TRIGGER audit_entries_chain ON audit_entries`);
    await queryRunner.query(`DROP FUNCTION audit_entries_chain()`);
    await queryRunner.query(`DROP FUNCTION audit_entry_canonical(audit_entries)`);
    await queryRunner.query(`DROP TABLE "audit_chain_head"`);
  }
}
