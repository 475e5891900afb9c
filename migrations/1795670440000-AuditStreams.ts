import { MigrationInterface, QueryRunner } from 'typeorm';

/** How many chains the audit trail is written to (src/audit/domain/audit-streams.ts holds the same number). */
const AUDIT_STREAMS = 64;

/**
 * Hand-written (issue 14 item 1): the audit trail without a global lock. Until now every audited transaction took the
 * single chain head FOR UPDATE and held it until commit, so all lots of the platform shared one lot's throughput.
 *
 * Now the trail is written to 64 hash chains (streams), each with its own head row in `audit_streams`. A transaction's
 * first audit entry takes a head that no other transaction holds (`FOR UPDATE SKIP LOCKED`, starting from one picked by
 * the backend's pid so that a connection tends to keep its stream) and remembers it for the rest of the transaction
 * (`nongjiao.audit_stream`, transaction-local), so a transaction holds at most one head and never waits for one while
 * fewer than 64 transactions write at once (beyond that it waits for the head its pid picks, as before). Within a
 * stream the chain is as before: `stream_seq` 1, 2, 3... gapless (allocated under the head's lock and rolled back with
 * the transaction), `prev_hash` the previous entry's hash, `hash` over the canonical text, the head holding the last
 * `stream_seq` and hash. `seq` stays the trail's global order (now from a sequence: increasing, with gaps left by
 * rolled-back transactions) for reading it; it is not part of the hash.
 *
 * The existing chain becomes stream 0 unchanged: its `stream_seq` is its old `seq`, and the canonical text puts
 * `stream_seq` where it had `seq`, so every existing hash stays valid.
 */
export class AuditStreams1795670440000 implements MigrationInterface {
  name = 'AuditStreams1795670440000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_streams" ("id" smallint PRIMARY KEY CHECK ("id" >= 0 AND "id" < ${AUDIT_STREAMS}), "last_seq" bigint NOT NULL, "last_hash" character(64) NOT NULL)`,
    );
    await queryRunner.query(`INSERT INTO "audit_streams" SELECT 0, last_seq, last_hash FROM "audit_chain_head"`);
    await queryRunner.query(
      `INSERT INTO "audit_streams" SELECT g, 0, repeat('0', 64) FROM generate_series(1, ${AUDIT_STREAMS - 1}) g`,
    );
    await queryRunner.query(`ALTER TABLE "audit_entries" ADD "stream" smallint NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ADD "stream_seq" bigint`);
    await queryRunner.query(`ALTER TABLE "audit_entries" DISABLE TRIGGER audit_entries_no_update`);
    await queryRunner.query(`UPDATE "audit_entries" SET "stream_seq" = "seq"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ENABLE TRIGGER audit_entries_no_update`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ALTER COLUMN "stream_seq" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ALTER COLUMN "stream_seq" SET DEFAULT 0`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_audit_entries_stream_seq" ON "audit_entries" ("stream", "stream_seq")`,
    );
    await queryRunner.query(`CREATE SEQUENCE "audit_entries_seq"`);
    await queryRunner.query(
      `SELECT setval('audit_entries_seq', greatest(max(seq), 1), max(seq) IS NOT NULL) FROM "audit_entries"`,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entry_canonical(e audit_entries) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT concat_ws('|', e.stream_seq::text, e.id::text,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          coalesce(e.actor_id::text, ''), e.action, e.entity_type, e.entity_id,
          coalesce(e.from_status, ''), coalesce(e.to_status, ''), e.details::text, e.prev_hash)
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entries_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head audit_streams%ROWTYPE;
        mine text := current_setting('nongjiao.audit_stream', true);
      BEGIN
        IF mine IS NOT NULL AND mine <> '' THEN
          -- this transaction's stream: its head is already locked by this transaction
          SELECT * INTO head FROM audit_streams WHERE id = mine::smallint FOR UPDATE;
        ELSE
          SELECT * INTO head FROM audit_streams
            ORDER BY (id - pg_backend_pid() % ${AUDIT_STREAMS} + ${AUDIT_STREAMS}) % ${AUDIT_STREAMS}
            FOR UPDATE SKIP LOCKED LIMIT 1;
          IF NOT FOUND THEN
            SELECT * INTO head FROM audit_streams WHERE id = pg_backend_pid() % ${AUDIT_STREAMS} FOR UPDATE;
          END IF;
          PERFORM set_config('nongjiao.audit_stream', head.id::text, true);
        END IF;
        NEW.seq := nextval('audit_entries_seq');
        NEW.stream := head.id;
        NEW.stream_seq := head.last_seq + 1;
        NEW.prev_hash := head.last_hash;
        NEW.hash := encode(sha256(convert_to(audit_entry_canonical(NEW), 'UTF8')), 'hex');
        UPDATE audit_streams SET last_seq = NEW.stream_seq, last_hash = NEW.hash WHERE id = head.id;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`DROP TABLE "audit_chain_head"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // back to one chain: only possible while every entry is in stream 0
    await queryRunner.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM audit_entries WHERE stream <> 0) THEN
          RAISE EXCEPTION 'audit entries in streams other than 0: the single chain cannot be restored';
        END IF;
      END $$`);
    // the single chain's seq is the position in the chain again (in two steps: seq is unique)
    await queryRunner.query(`ALTER TABLE "audit_entries" DISABLE TRIGGER audit_entries_no_update`);
    await queryRunner.query(`UPDATE "audit_entries" SET "seq" = -"stream_seq"`);
    await queryRunner.query(`UPDATE "audit_entries" SET "seq" = -"seq"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ENABLE TRIGGER audit_entries_no_update`);
    await queryRunner.query(
      `CREATE TABLE "audit_chain_head" ("id" smallint PRIMARY KEY CHECK ("id" = 1), "last_seq" bigint NOT NULL, "last_hash" character(64) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "audit_chain_head" SELECT 1, last_seq, last_hash FROM "audit_streams" WHERE id = 0`,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entries_chain() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entry_canonical(e audit_entries) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT concat_ws('|', e.seq::text, e.id::text,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          coalesce(e.actor_id::text, ''), e.action, e.entity_type, e.entity_id,
          coalesce(e.from_status, ''), coalesce(e.to_status, ''), e.details::text, e.prev_hash)
      $$`);
    await queryRunner.query(`DROP SEQUENCE "audit_entries_seq"`);
    await queryRunner.query(`DROP INDEX "public"."uq_audit_entries_stream_seq"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" DROP COLUMN "stream_seq"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" DROP COLUMN "stream"`);
    await queryRunner.query(`DROP TABLE "audit_streams"`);
  }
}
