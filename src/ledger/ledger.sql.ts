/**
 * Hand-written SQL for the ledger migration (the TypeORM CLI does not generate triggers). Run after the generated
 * CREATE TABLE statements of `ledger_entries` and `ledger_postings`:
 *
 * - every entry balances: a DEFERRABLE INITIALLY DEFERRED constraint trigger on `ledger_postings` (and one on
 *   `ledger_entries`, so an entry inserted without any posting is caught too) re-sums, at commit, each entry that
 *   the transaction touched and raises unless it has at least two postings summing to exactly 0. Deferred, so the
 *   postings of one entry may be inserted one by one; a use case's whole transaction fails if any entry is off;
 * - append-only: UPDATE, DELETE and TRUNCATE are refused on both tables. A mistake is corrected by a reversing
 *   entry.
 *
 * The statements are kept one per array element (each `queryRunner.query(...)` runs one), and joined in
 * `LEDGER_SQL` for reading or for `psql`. Tested against PostgreSQL 15.
 */
export const LEDGER_SQL_UP: readonly string[] = [
  `CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
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
END $$`,
  `CREATE CONSTRAINT TRIGGER ledger_postings_balanced AFTER INSERT ON ledger_postings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced()`,
  `CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced()`,
  `CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused (post a reversing entry instead)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$`,
  `CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`,
  `CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`,
  `CREATE TRIGGER ledger_postings_no_change BEFORE UPDATE OR DELETE ON ledger_postings
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`,
  `CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON ledger_postings
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`,
];

/** The migration's `down`, before the generated DROP TABLE statements. */
export const LEDGER_SQL_DOWN: readonly string[] = [
  `DROP TRIGGER ledger_postings_no_truncate ON ledger_postings`,
  `DROP TRIGGER ledger_postings_no_change ON ledger_postings`,
  `DROP TRIGGER ledger_entries_no_truncate ON ledger_entries`,
  `DROP TRIGGER ledger_entries_no_change ON ledger_entries`,
  `DROP FUNCTION ledger_refuse_change()`,
  `DROP TRIGGER ledger_entries_balanced ON ledger_entries`,
  `DROP TRIGGER ledger_postings_balanced ON ledger_postings`,
  `DROP FUNCTION ledger_entry_balanced()`,
];

/** `LEDGER_SQL_UP` as one script. */
export const LEDGER_SQL = LEDGER_SQL_UP.map((statement) => `${statement};\n`).join('\n');
