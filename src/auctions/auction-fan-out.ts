import type { AuctionEvent } from './auction-events.service';

/** An SSE client's connection, as the fan-out writes to it (an HTTP response, already answered with SSE_HEADERS). */
export interface SseConnection {
  write(chunk: string | Buffer): boolean;
  end(): void;
  destroy(): void;
  /** Bytes written and not yet taken by the client's socket. */
  readonly writableLength: number;
  /** Whether Node.js has stopped reading the client's socket (see `probePaused`). */
  paused(): boolean;
}

/** The headers of a Server-Sent Events response (those of Nest's `@Sse()`). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  Connection: 'keep-alive',
  'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform',
  Pragma: 'no-cache',
  Expire: '0',
  'X-Accel-Buffering': 'no',
};

/** Bytes of events that may wait for a client that does not read them before it is dropped (as Nest's `@Sse()`). */
export const MAX_PENDING_CHARACTERS = 4 * 1024 * 1024;
/**
 * At most one write per viewer in this time: the first event after a quiet spell goes out at the end of the turn of
 * the event loop, the events that follow it within this time wait and go out together. A crowd's cost is then set
 * by the number of viewers, not by the pace of the bidding.
 */
export const FLUSH_INTERVAL_MS = 50;
/**
 * The time between two writes to a viewer grows with the crowd on the instance (this much per viewer, from
 * FLUSH_INTERVAL_MS up): a write to a socket costs the app's one thread some microseconds, so 5,000 viewers written 20
 * times a second would take all of it from the bids; written twice a second (500 ms), about a tenth.
 */
export const MS_PER_VIEWER = 0.1;
/** ... but never longer than this: beyond it a live auction would no longer look live. */
export const MAX_INTERVAL_MS = 1_000;
/** Viewers written in one turn of the event loop: a crowd's write goes on over the next turns, requests in between. */
export const VIEWERS_PER_TURN = 256;
/** How often a connection whose socket Node.js has stopped reading is written a comment to find out if it is gone. */
export const PAUSED_PROBE_MS = 5_000;

interface Viewer {
  connection: SseConnection;
  /** Left (or ended): a write still on its way skips it. */
  gone?: boolean;
}

/** One flush's buffer for one listing's viewers, written VIEWERS_PER_TURN at a time. */
interface Delivery {
  chunk: Buffer;
  viewers: Viewer[];
  next: number;
}

/** A listing's viewers on this instance, and the id of the last event written to them (1, 2, 3 ...). */
interface Audience extends Set<Viewer> {
  lastId?: number;
}

/**
 * The SSE clients of this instance, by listing, and the events on their way to them. The wire format is that of
 * Nest's `@Sse()` (`event: <type>`, `id: <n>`, `data: <JSON of type, auction and bid>`), but a crowd on one live
 * auction costs far less: the events that arrive together (within FLUSH_INTERVAL_MS) are framed and encoded once,
 * into one buffer that every viewer of the listing is written, not one pipeline of rxjs, a transform stream and a
 * socket write per viewer and event. So the ids count a listing's events on this instance (a viewer who joins later
 * sees its first id above 1), where Nest counted each stream's own.
 */
export class AuctionFanOut {
  private readonly viewers = new Map<string, Audience>();
  private readonly queued = new Map<string, AuctionEvent[]>();
  private flushing?: { cancel(): void };
  private lastFlush = -Infinity;
  private total = 0;
  /** Writes of the last flush still on their way (a crowd's), in order. */
  private readonly deliveries: Delivery[] = [];
  private probe?: NodeJS.Timeout;

  constructor(
    private readonly maxPending = MAX_PENDING_CHARACTERS,
    private readonly flushInterval = FLUSH_INTERVAL_MS,
  ) {}

  /** Adds an SSE client of `listingId`'s events from now on; the answer removes it (call it once the stream ends). */
  add(listingId: string, connection: SseConnection): () => void {
    let viewers = this.viewers.get(listingId);
    if (!viewers) this.viewers.set(listingId, (viewers = new Set()));
    const viewer: Viewer = { connection };
    viewers.add(viewer);
    this.total++;
    this.probe ??= setInterval(() => this.probePaused(), PAUSED_PROBE_MS).unref();
    return () => {
      if (viewer.gone) return;
      viewer.gone = true;
      this.total--;
      viewers.delete(viewer);
      if (viewers.size === 0 && this.viewers.get(listingId) === viewers) this.viewers.delete(listingId);
      if (this.viewers.size === 0) this.stopProbe();
    };
  }

  /**
   * Queues `event` for the viewers of its listing: it goes out at the end of this turn of the event loop, or with
   * the next events at most `interval()` after the previous write began.
   */
  publish(event: AuctionEvent): void {
    if (!this.viewers.has(event.listingId)) return;
    const queue = this.queued.get(event.listingId);
    if (queue) queue.push(event);
    else this.queued.set(event.listingId, [event]);
    this.schedule();
  }

  /** The time between two writes to a viewer: FLUSH_INTERVAL_MS, longer for a crowd (MS_PER_VIEWER), at most a second. */
  interval(): number {
    return Math.min(MAX_INTERVAL_MS, Math.max(this.flushInterval, this.total * MS_PER_VIEWER));
  }

  /**
   * Frames and encodes the queued events, each listing's in order, once into one buffer, and writes it to each of
   * the listing's viewers: VIEWERS_PER_TURN now, the rest over the next turns of the event loop. While a previous
   * write is still on its way, the events wait for it.
   */
  flush(): void {
    this.flushing?.cancel();
    this.flushing = undefined;
    if (this.deliveries.length > 0) return; // the write on its way schedules the next when done
    this.lastFlush = performance.now();
    const queued = [...this.queued];
    this.queued.clear();
    for (const [listingId, events] of queued) {
      const viewers = this.viewers.get(listingId);
      if (!viewers) continue;
      let text = '';
      for (const e of events) {
        viewers.lastId = (viewers.lastId ?? 0) + 1;
        text += `event: ${e.type}\nid: ${viewers.lastId}\ndata: ${JSON.stringify({ type: e.type, auction: e.auction, bid: e.bid })}\n\n`;
      }
      this.deliveries.push({ chunk: Buffer.from(text), viewers: [...viewers], next: 0 });
    }
    this.deliver(VIEWERS_PER_TURN);
  }

  private schedule(): void {
    if (this.flushing || this.deliveries.length > 0 || this.queued.size === 0) return;
    const wait = this.lastFlush + this.interval() - performance.now();
    if (wait > 0) {
      const timer = setTimeout(() => this.flush(), wait);
      this.flushing = { cancel: () => clearTimeout(timer) };
    } else {
      const immediate = setImmediate(() => this.flush());
      this.flushing = { cancel: () => clearImmediate(immediate) };
    }
  }

  /** Writes up to `budget` viewers their buffer; the rest in the next turn. */
  private deliver(budget: number): void {
    while (this.deliveries.length > 0 && budget > 0) {
      const delivery = this.deliveries[0];
      while (delivery.next < delivery.viewers.length && budget-- > 0) {
        const { connection, gone } = delivery.viewers[delivery.next++];
        if (gone) continue;
        connection.write(delivery.chunk);
        // a client that does not read its events is dropped rather than have them pile up here
        if (this.maxPending && connection.writableLength > this.maxPending) connection.destroy();
      }
      if (delivery.next === delivery.viewers.length) this.deliveries.shift();
    }
    if (this.deliveries.length > 0) setImmediate(() => this.deliver(VIEWERS_PER_TURN));
    else this.schedule();
  }

  /** Ends every stream (the instance is shutting down). */
  complete(): void {
    this.flush();
    this.deliver(Infinity);
    this.flush(); // what waited for a crowd's write
    this.deliver(Infinity);
    const all = [...this.viewers.values()].flatMap((viewers) => [...viewers]);
    for (const viewer of all) viewer.gone = true;
    this.total = 0;
    this.viewers.clear();
    this.stopProbe();
    for (const viewer of all) viewer.connection.end();
  }

  /** Viewers of `listingId` now. */
  count(listingId: string): number {
    return this.viewers.get(listingId)?.size ?? 0;
  }

  /**
   * A socket that is neither read from nor written to does not learn that its client left (Node.js stops reading
   * while pipelined requests wait behind the stream): a comment, which clients ignore, makes the next write fail.
   */
  private probePaused(): void {
    for (const viewers of this.viewers.values()) {
      for (const { connection } of viewers) {
        if (connection.paused() && connection.writableLength === 0) connection.write(': \n\n');
      }
    }
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
  }
}
