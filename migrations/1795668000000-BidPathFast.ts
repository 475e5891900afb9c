import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written (the CLI does not generate functions): the bid path in one statement per decision.
 *
 * - `auction_place_bids(...)` writes bids that the application has already decided (`decideInOrder` in
 *   src/auctions/domain/bid-rules.ts: the rules live only there) on the auction state of version `p_bid_count`.
 *   It writes only if that version is still the current one, the auction is OPEN, and the database clock read after
 *   the row lock is before `ends_at`; otherwise it writes nothing and answers the current row and clock, on which the
 *   application decides again. Written: the auction row as the decision leaves it, the bids, one audit entry per bid
 *   (chained by its trigger) and the events (NOTIFY, delivered at commit). Called on its own (autocommit), so the
 *   lot's row lock is held for no network round trip at all.
 * - `bid_rate_counters` becomes UNLOGGED: a per-second attempt counter needs no WAL and no flush at commit (the
 *   attempts are counted in a statement of their own, ahead of the decision); after a crash it starts empty, which
 *   only forgives a second's attempts.
 */
export class BidPathFast1795668000000 implements MigrationInterface {
  name = 'BidPathFast1795668000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bid_rate_counters" SET UNLOGGED`);
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
    now_ := clock_timestamp();
    IF lot.bid_count = p_bid_count AND lot.status = 'OPEN' AND now_ < lot.ends_at THEN
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
      -- one entry per bid, in bid order (the chain trigger numbers them as they come)
      INSERT INTO audit_entries (actor_id, action, entity_type, entity_id, details)
      SELECT (e.b->>'actorId')::uuid, 'auction.bid', 'auction', p_listing_id::text, e.b->'details'
      FROM jsonb_array_elements(p_bids) WITH ORDINALITY AS e(b, n)
      ORDER BY e.n;
      FOREACH event IN ARRAY p_events LOOP
        PERFORM pg_notify(p_channel, event);
      END LOOP;
      RETURN QUERY SELECT true, now_, lot.listing_id, lot.status, lot.direction, lot.starts_at, lot.ends_at,
        lot.start_price_fen, lot.increment_fen, lot.current_price_fen, lot.leading_registration_id,
        lot.leading_bidder_no, lot.leader_has_priority, lot.bid_count, lot.extension_seconds;
      RETURN;
    END IF;
  ELSE
    now_ := clock_timestamp();
  END IF;
  RETURN QUERY SELECT false, now_, lot.listing_id, lot.status, lot.direction, lot.starts_at, lot.ends_at,
    lot.start_price_fen, lot.increment_fen, lot.current_price_fen, lot.leading_registration_id,
    lot.leading_bidder_no, lot.leader_has_priority, lot.bid_count, lot.extension_seconds;
END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION auction_place_bids(uuid, integer, timestamptz, jsonb, jsonb, text, text[])`);
    await queryRunner.query(`ALTER TABLE "bid_rate_counters" SET LOGGED`);
  }
}
