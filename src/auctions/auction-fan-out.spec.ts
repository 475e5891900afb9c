import type { AuctionEvent } from './auction-events.service';
import {
  AuctionFanOut,
  FLUSH_INTERVAL_MS,
  MAX_INTERVAL_MS,
  MS_PER_VIEWER,
  PAUSED_PROBE_MS,
  SseConnection,
  VIEWERS_PER_TURN,
} from './auction-fan-out';

const LOT_A = '00000000-0000-4000-8000-00000000000a';
const LOT_B = '00000000-0000-4000-8000-00000000000b';

function bidOn(listingId: string, seq: number): AuctionEvent {
  return {
    type: 'bid',
    listingId,
    auction: { status: 'OPEN', currentPriceFen: 1_000_000 + seq * 10_000 },
    bid: { seq, bidderNo: 'A1B2C3', amountFen: 1_000_000 + seq * 10_000, placedAt: '2026-01-01T00:00:00.000Z' },
  };
}

/** A client's connection that keeps what it is written. */
class FakeConnection implements SseConnection {
  writes: string[] = [];
  chunks: (string | Buffer)[] = [];
  ended = false;
  destroyed = false;
  writableLength = 0;
  isPaused = false;

  write(chunk: string | Buffer): boolean {
    this.chunks.push(chunk);
    this.writes.push(chunk.toString());
    return true;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  paused(): boolean {
    return this.isPaused;
  }
  get text(): string {
    return this.writes.join('');
  }
}

/** The frames of Nest's `@Sse()`: `event`, `id` (here counted per listing), `data` as JSON. */
function frame(id: number, event: AuctionEvent): string {
  const data = JSON.stringify({ type: event.type, auction: event.auction, bid: event.bid });
  return `event: ${event.type}\nid: ${id}\ndata: ${data}\n\n`;
}

describe('AuctionFanOut', () => {
  let fanOut: AuctionFanOut;
  beforeEach(() => (fanOut = new AuctionFanOut()));
  afterEach(() => fanOut.complete());

  it("sends an event to its listing's viewers only, in the wire format of Nest's @Sse()", () => {
    const [a1, a2, b] = [new FakeConnection(), new FakeConnection(), new FakeConnection()];
    fanOut.add(LOT_A, a1);
    fanOut.add(LOT_B, b);
    const bid = bidOn(LOT_A, 1);
    const extended: AuctionEvent = { type: 'extended', listingId: LOT_A, auction: { status: 'OPEN' } };
    fanOut.publish(bid);
    fanOut.publish(extended);
    fanOut.flush();
    fanOut.add(LOT_A, a2); // a later viewer goes on with the listing's numbering
    fanOut.publish(bidOn(LOT_A, 2));
    fanOut.flush();

    expect(b.text).toBe('');
    expect(a1.text).toBe(frame(1, bid) + frame(2, extended) + frame(3, bidOn(LOT_A, 2)));
    expect(a2.text).toBe(frame(3, bidOn(LOT_A, 2)));
    // no listingId in the data, and no `bid` key in an event without a bid
    expect(frame(2, extended)).toContain('data: {"type":"extended","auction":{"status":"OPEN"}}\n\n');
  });

  it('sends the events of one turn of the event loop together: one buffer, encoded once, written to each viewer', async () => {
    const viewers = Array.from({ length: 3 }, () => new FakeConnection());
    for (const v of viewers) fanOut.add(LOT_A, v);
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      fanOut.publish(bidOn(LOT_A, 1));
      fanOut.publish(bidOn(LOT_A, 2));
      expect(viewers[0].writes).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(stringify).toHaveBeenCalledTimes(2);
    } finally {
      stringify.mockRestore();
    }
    for (const v of viewers) expect(v.writes).toEqual([frame(1, bidOn(LOT_A, 1)) + frame(2, bidOn(LOT_A, 2))]);
    expect(viewers.every((v) => v.chunks[0] === viewers[0].chunks[0])).toBe(true);
  });

  it('writes at most once per FLUSH_INTERVAL_MS: the events that follow a write wait and go out together', () => {
    jest.useFakeTimers();
    try {
      fanOut = new AuctionFanOut();
      const viewer = new FakeConnection();
      fanOut.add(LOT_A, viewer);
      fanOut.publish(bidOn(LOT_A, 1));
      jest.advanceTimersByTime(0); // the end of this turn of the event loop
      expect(viewer.writes).toEqual([frame(1, bidOn(LOT_A, 1))]);
      fanOut.publish(bidOn(LOT_A, 2));
      fanOut.publish(bidOn(LOT_A, 3));
      jest.advanceTimersByTime(FLUSH_INTERVAL_MS - 1);
      expect(viewer.writes).toHaveLength(1);
      jest.advanceTimersByTime(1);
      expect(viewer.writes).toEqual([frame(1, bidOn(LOT_A, 1)), frame(2, bidOn(LOT_A, 2)) + frame(3, bidOn(LOT_A, 3))]);
    } finally {
      fanOut.complete();
      jest.useRealTimers();
    }
  });

  it('forgets a viewer that left, and a listing without viewers', () => {
    const [a1, a2] = [new FakeConnection(), new FakeConnection()];
    const remove1 = fanOut.add(LOT_A, a1);
    const remove2 = fanOut.add(LOT_A, a2);
    expect(fanOut.count(LOT_A)).toBe(2);
    remove1();
    fanOut.publish(bidOn(LOT_A, 1));
    fanOut.flush();
    expect(a1.writes).toEqual([]);
    expect(a2.writes).toHaveLength(1);
    remove2();
    expect(fanOut.count(LOT_A)).toBe(0);
    fanOut.publish(bidOn(LOT_A, 2));
    fanOut.flush();
    expect(a2.writes).toHaveLength(1);
  });

  it('drops a viewer whose unread events pass the limit', () => {
    fanOut = new AuctionFanOut(100);
    const [slow, fast] = [new FakeConnection(), new FakeConnection()];
    slow.writableLength = 101;
    fanOut.add(LOT_A, slow);
    fanOut.add(LOT_A, fast);
    fanOut.publish(bidOn(LOT_A, 1));
    fanOut.flush();
    expect(slow.destroyed).toBe(true);
    expect(fast.destroyed).toBe(false);
  });

  it('probes a paused, idle connection with a comment', () => {
    jest.useFakeTimers();
    try {
      fanOut = new AuctionFanOut();
      const [paused, reading] = [new FakeConnection(), new FakeConnection()];
      paused.isPaused = true;
      fanOut.add(LOT_A, paused);
      fanOut.add(LOT_A, reading);
      jest.advanceTimersByTime(PAUSED_PROBE_MS);
      expect(paused.writes).toEqual([': \n\n']);
      expect(reading.writes).toEqual([]);
    } finally {
      fanOut.complete();
      jest.useRealTimers();
    }
  });

  it('writes what is queued and ends every stream on complete()', () => {
    const [a, b] = [new FakeConnection(), new FakeConnection()];
    fanOut.add(LOT_A, a);
    fanOut.add(LOT_B, b);
    fanOut.publish(bidOn(LOT_A, 1));
    fanOut.complete();
    expect(a.text).toBe(frame(1, bidOn(LOT_A, 1)));
    expect([a.ended, b.ended]).toEqual([true, true]);
    expect(fanOut.count(LOT_A)).toBe(0);
  });

  it('writes a crowd VIEWERS_PER_TURN at a time, requests served in between; one who left is skipped', async () => {
    const crowd = Array.from({ length: 2 * VIEWERS_PER_TURN + 10 }, () => new FakeConnection());
    const leaves = crowd.map((v) => fanOut.add(LOT_A, v));
    fanOut.publish(bidOn(LOT_A, 1));
    fanOut.flush();
    const written = () => crowd.filter((v) => v.writes.length > 0).length;
    expect(written()).toBe(VIEWERS_PER_TURN);
    leaves[crowd.length - 1]();
    fanOut.publish(bidOn(LOT_A, 2)); // waits for the write on its way
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe(2 * VIEWERS_PER_TURN);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe(crowd.length - 1);
    expect(crowd[0].writes).toEqual([frame(1, bidOn(LOT_A, 1))]);
    expect(crowd[crowd.length - 1].writes).toEqual([]);
  });

  it('writes a crowd less often: the interval grows with the viewers on the instance', () => {
    expect(fanOut.interval()).toBe(FLUSH_INTERVAL_MS);
    const viewers = 5_000;
    for (let i = 0; i < viewers; i++) fanOut.add(i % 2 ? LOT_A : LOT_B, new FakeConnection());
    expect(fanOut.interval()).toBe(viewers * MS_PER_VIEWER);
    for (let i = 0; i < 10 * viewers; i++) fanOut.add(LOT_A, new FakeConnection());
    expect(fanOut.interval()).toBe(MAX_INTERVAL_MS);
  });
});
