import { MigrationInterface, QueryRunner } from 'typeorm';
import { IdempotentBids1795670100000 } from './1795670100000-IdempotentBids';

/**
 * The platform clock (issue 10): the database clock plus an offset that only a test clock (`TEST_CLOCK=true`,
 * `PUT /admin/clock`) moves, kept in the database so every instance shares it and it survives a restart.
 * - `platform_offset`: one row, the offset in seconds (0 unless a test clock moved it).
 * - `platform_now()`: the start of the current transaction on the platform clock (`now()` + offset);
 *   `platform_clock()`: this moment on it (`clock_timestamp()` + offset), for deadlines checked after a lock wait.
 * Every deadline, ticker and working-day count reads these; token expiry, leases and rate windows keep the wall
 * clock. `auction_place_bids` is redefined to judge a bid's time on the platform clock.
 */
export class PlatformClock1795670200000 implements MigrationInterface {
  name = 'PlatformClock1795670200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "platform_offset" (
      "id" integer NOT NULL DEFAULT 1,
      "offset_seconds" double precision NOT NULL DEFAULT 0,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_platform_offset" PRIMARY KEY ("id"),
      CONSTRAINT "ck_platform_offset_one_row" CHECK ("id" = 1),
      CONSTRAINT "ck_platform_offset_forward" CHECK ("offset_seconds" >= 0))`);
    await queryRunner.query(`INSERT INTO "platform_offset" ("id", "offset_seconds") VALUES (1, 0)`);
    await queryRunner.query(`CREATE FUNCTION platform_now() RETURNS timestamptz LANGUAGE sql STABLE AS $$
      SELECT now() + make_interval(secs => o.offset_seconds) FROM platform_offset o WHERE o.id = 1
    $$`);
    await queryRunner.query(`CREATE FUNCTION platform_clock() RETURNS timestamptz LANGUAGE sql VOLATILE AS $$
      SELECT clock_timestamp() + make_interval(secs => o.offset_seconds) FROM platform_offset o WHERE o.id = 1
    $$`);
    await queryRunner.query(`DROP FUNCTION auction_place_bids(uuid, integer, timestamptz, jsonb, jsonb, text, text[])`);
    await queryRunner.query(`CREATE FUNCTION auction_place_bids(
  p_listing_id uuid,
  p_bid_count integer,
  p_placed_at timestamptz,
  p_after jsonb,
  p_bids jsonb,
  p_channel text,
  p_events text[]
) RETURNS TABLE (
  accepted boolean,
  lost integer[],
  db_now timestamptz,
  listing_id uuid,
  status varchar,
  direction varchar,
  starts_at timestamptz,
  ends_at timestamptz,
  start_price_fen bigint,
  increment_fen bigint,
  current_price_fen bigint,
  leading_registration_id uuid,
  leading_bidder_no varchar,
  leader_has_priority boolean,
  bid_count integer,
  extension_seconds integer
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  lot auctions%ROWTYPE;
  now_ timestamptz;
  event text;
  lost_ integer[] := '{}';
BEGIN
  -- Bids on one lot queue here first, on a lock that writes nothing: a bid decided on a version that another bid
  -- has since replaced learns it below and leaves without a row lock of its own (a row lock is WAL-logged, so its
  -- transaction would flush at commit while the next bids wait).
  PERFORM pg_advisory_xact_lock(hashtext('auction_place_bids'), hashtext(p_listing_id::text));
  SELECT * INTO lot FROM auctions a WHERE a.listing_id = p_listing_id;
  IF FOUND AND lot.bid_count = p_bid_count AND lot.status = 'OPEN' THEN
    -- the row lock too (the closing transaction takes that one, not the advisory lock), and the clock after it:
    -- a bid that waited for the row past the end is refused
    SELECT * INTO lot FROM auctions a WHERE a.listing_id = p_listing_id FOR UPDATE;
    now_ := platform_clock();
    IF lot.bid_count = p_bid_count AND lot.status = 'OPEN' AND now_ < lot.ends_at THEN
      -- the bids' Idempotency-Keys, locked: each must still be held by its request
      PERFORM 1 FROM idempotency_keys k JOIN jsonb_array_elements(p_bids) b
        ON k.user_id = (b->'idem'->>'userId')::uuid AND k.method = b->'idem'->>'method'
       AND k.path = b->'idem'->>'path' AND k.key = b->'idem'->>'key'
      FOR UPDATE OF k;
      lost_ := ARRAY(
        SELECT (b->>'i')::integer FROM jsonb_array_elements(p_bids) b
        WHERE b ? 'idem' AND NOT EXISTS (
          SELECT 1 FROM idempotency_keys k
          WHERE k.user_id = (b->'idem'->>'userId')::uuid AND k.method = b->'idem'->>'method'
            AND k.path = b->'idem'->>'path' AND k.key = b->'idem'->>'key'
            AND k.state = 'IN_PROGRESS' AND k.locked_until = (b->'idem'->>'lease')::timestamptz));
      IF cardinality(lost_) = 0 THEN
        UPDATE auctions a SET
          current_price_fen = (p_after->>'currentPriceFen')::bigint,
          leading_registration_id = (p_after->>'leadingRegistrationId')::uuid,
          leading_bidder_no = p_after->>'leadingBidderNo',
          leader_has_priority = (p_after->>'leaderHasPriority')::boolean,
          bid_count = (p_after->>'bidCount')::integer,
          ends_at = (p_after->>'endsAt')::timestamptz
        WHERE a.listing_id = p_listing_id
        RETURNING * INTO lot;
        INSERT INTO bids (listing_id, seq, registration_id, bidder_no, amount_fen, placed_at)
        SELECT p_listing_id, (b->>'seq')::integer, (b->>'registrationId')::uuid, b->>'bidderNo',
          (b->>'amountFen')::bigint, p_placed_at
        FROM jsonb_array_elements(p_bids) b;
        UPDATE idempotency_keys k SET state = 'DONE', response_status = (b->'idem'->>'status')::integer,
          response_body = b->'idem'->'body'
        FROM jsonb_array_elements(p_bids) b
        WHERE b ? 'idem' AND k.user_id = (b->'idem'->>'userId')::uuid AND k.method = b->'idem'->>'method'
          AND k.path = b->'idem'->>'path' AND k.key = b->'idem'->>'key';
        -- one entry per bid, in bid order (the chain trigger numbers them as they come)
        INSERT INTO audit_entries (actor_id, action, entity_type, entity_id, details)
        SELECT (e.b->>'actorId')::uuid, 'auction.bid', 'auction', p_listing_id::text, e.b->'details'
        FROM jsonb_array_elements(p_bids) WITH ORDINALITY AS e(b, n)
        ORDER BY e.n;
        FOREACH event IN ARRAY p_events LOOP
          PERFORM pg_notify(p_channel, event);
        END LOOP;
        RETURN QUERY SELECT true, lost_, now_, lot.listing_id, lot.status, lot.direction, lot.starts_at, lot.ends_at,
          lot.start_price_fen, lot.increment_fen, lot.current_price_fen, lot.leading_registration_id,
          lot.leading_bidder_no, lot.leader_has_priority, lot.bid_count, lot.extension_seconds;
        RETURN;
      END IF;
    END IF;
  ELSE
    now_ := platform_clock();
  END IF;
  RETURN QUERY SELECT false, lost_, now_, lot.listing_id, lot.status, lot.direction, lot.starts_at, lot.ends_at,
    lot.start_price_fen, lot.increment_fen, lot.current_price_fen, lot.leading_registration_id,
    lot.leading_bidder_no, lot.leader_has_priority, lot.bid_count, lot.extension_seconds;
END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await new IdempotentBids1795670100000().up(queryRunner); // drops it and recreates it on the wall clock
    await queryRunner.query(`DROP FUNCTION platform_clock()`);
    await queryRunner.query(`DROP FUNCTION platform_now()`);
    await queryRunner.query(`DROP TABLE "platform_offset"`);
  }
}
