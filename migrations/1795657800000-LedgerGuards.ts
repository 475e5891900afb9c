import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written (the CLI does not generate triggers): the escrow ledger is double-entry and append-only.
 * - a DEFERRABLE INITIALLY DEFERRED constraint trigger refuses, at commit, any entry whose postings do not sum to 0
 *   (or that has fewer than two postings);
 * - UPDATE, DELETE and TRUNCATE are refused on entries and postings (a mistake is corrected by a reversing entry).
 */
export class LedgerGuards1795657800000 implements MigrationInterface {
  name = 'LedgerGuards1795657800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
  total numeric;
  lines bigint;
BEGIN
  IF TG_TABLE_NAME = 'ledger_entries' THEN
    target := NEW.id;
  ELSE
    target := NEW.entry_id;
  END IF;
  SELECT coalesce(sum(amount_fen), 0), count(*) INTO total, lines FROM ledger_postings WHERE entry_id = target;
  IF total <> 0 OR lines < 2 THEN
    RAISE EXCEPTION 'ledger entry % does not balance: % posting(s) summing to % fen', target, lines, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entry_balanced';
  END IF;
  RETURN NULL;
END $$`);
    await queryRunner.query(`CREATE CONSTRAINT TRIGGER ledger_postings_balanced AFTER INSERT ON ledger_postings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced()`);
    await queryRunner.query(`CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced()`);
    await queryRunner.query(`CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused (post a reversing entry instead)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$`);
    await queryRunner.query(`CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
    await queryRunner.query(`CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
    await queryRunner.query(`CREATE TRIGGER ledger_postings_no_change BEFORE UPDATE OR DELETE ON ledger_postings
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
    await queryRunner.query(`CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON ledger_postings
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER ledger_postings_no_truncate ON ledger_postings`);
    await queryRunner.query(`DROP TRIGGER ledger_postings_no_change ON ledger_postings`);
    await queryRunner.query(`DROP TRIGGER ledger_entries_no_truncate ON ledger_entries`);
    await queryRunner.query(`DROP TRIGGER ledger_entries_no_change ON ledger_entries`);
    await queryRunner.query(`DROP FUNCTION ledger_refuse_change()`);
    await queryRunner.query(`DROP TRIGGER ledger_entries_balanced ON ledger_entries`);
    await queryRunner.query(`DROP TRIGGER ledger_postings_balanced ON ledger_postings`);
    await queryRunner.query(`DROP FUNCTION ledger_entry_balanced()`);
  }
}
