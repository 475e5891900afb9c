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
/** How often a connection whose socket Node.js has stopped reading is written a comment to find out if it is gone. */
export const PAUSED_PROBE_MS = 5_000;

interface Viewer {
  connection: SseConnection;
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
    this.probe ??= setInterval(() => this.probePaused(), PAUSED_PROBE_MS).unref();
    return () => {
      viewers.delete(viewer);
      if (viewers.size === 0 && this.viewers.get(listingId) === viewers) this.viewers.delete(listingId);
      if (this.viewers.size === 0) this.stopProbe();
    };
  }

  /**
   * Queues `event` for the viewers of its listing: it goes out at the end of this turn of the event loop, or with
   * the next events at most FLUSH_INTERVAL_MS after the previous write.
   */
  publish(event: AuctionEvent): void {
    if (!this.viewers.has(event.listingId)) return;
    const queue = this.queued.get(event.listingId);
    if (queue) queue.push(event);
    else this.queued.set(event.listingId, [event]);
    if (this.flushing) return;
    const wait = this.lastFlush + this.flushInterval - performance.now();
    if (wait > 0) {
      const timer = setTimeout(() => this.flush(), wait);
      this.flushing = { cancel: () => clearTimeout(timer) };
    } else {
      const immediate = setImmediate(() => this.flush());
      this.flushing = { cancel: () => clearImmediate(immediate) };
    }
  }

  /** Writes the queued events, each listing's in order, in one write per viewer. */
  flush(): void {
    this.flushing?.cancel();
    this.flushing = undefined;
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
      const chunk = Buffer.from(text);
      for (const viewer of viewers) {
        viewer.connection.write(chunk);
        // a client that does not read its events is dropped rather than have them pile up here
        if (this.maxPending && viewer.connection.writableLength > this.maxPending) viewer.connection.destroy();
      }
    }
  }

  /** Ends every stream (the instance is shutting down). */
  complete(): void {
    this.flush();
    const all = [...this.viewers.values()].flatMap((viewers) => [...viewers]);
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
