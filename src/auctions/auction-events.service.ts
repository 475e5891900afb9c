import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/runtime';
import { StreamSlots } from '../common/http/stream-slots';
import { AuctionFanOut, SSE_HEADERS } from './auction-fan-out';
import { publicState } from './domain/public-state';
import { Auction } from './entities/auction.entity';

export type AuctionEventType = 'bid' | 'extended' | 'closed' | 'suspended' | 'resumed';

export interface AuctionEvent {
  type: AuctionEventType;
  listingId: string;
  auction: Record<string, unknown>;
  bid?: Record<string, unknown>;
}

export const AUCTION_EVENTS_CHANNEL = 'auction_events';

/** The `closed` event of an auction closing at `now` (its end decided by the ticker, or called off by a withdrawal). */
export function closedEvent(auction: Auction, now: Date): AuctionEvent {
  const closed = { ...auction, status: 'CLOSED' as const, closedAt: now };
  return { type: 'closed', listingId: auction.listingId, auction: { ...publicState(closed, now) } };
}

/**
 * Auction events for Server-Sent Events, fed across instances: on a PostgreSQL server every instance LISTENs on one
 * channel and publishes with pg_notify after its transaction commits, so a bid taken by one instance reaches the
 * SSE clients of all. The embedded database serves one instance: events go straight to the local subscribers.
 * Each instance fans an event out in memory to the SSE clients of its listing (`AuctionFanOut`).
 */
@Injectable()
export class AuctionEventsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuctionEventsService.name);
  private readonly events = new AuctionFanOut();
  private listener?: Client;
  /** Open SSE streams per client on this instance (SSE_MAX_STREAMS_PER_IP). */
  readonly streamSlots: StreamSlots;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.streamSlots = new StreamSlots(config.SSE_MAX_STREAMS_PER_IP);
  }

  async onModuleInit(): Promise<void> {
    if (this.config.embedded) return;
    this.listener = new Client({ connectionString: this.config.databaseUrl });
    this.listener.on('notification', (msg) => {
      if (msg.channel !== AUCTION_EVENTS_CHANNEL || !msg.payload) return;
      try {
        this.events.publish(JSON.parse(msg.payload) as AuctionEvent);
      } catch (error) {
        this.logger.warn({ err: error }, 'unreadable auction event');
      }
    });
    this.listener.on('error', (error) => this.logger.error({ err: error }, 'auction event listener failed'));
    await this.listener.connect();
    await this.listener.query(`LISTEN ${AUCTION_EVENTS_CHANNEL}`);
  }

  async onModuleDestroy(): Promise<void> {
    this.events.complete();
    await this.listener?.end().catch(() => undefined);
  }

  /** Publishes events of a committed change. */
  async publish(events: AuctionEvent[]): Promise<void> {
    for (const event of events) {
      if (this.config.embedded) this.events.publish(event);
      else await this.dataSource.query('SELECT pg_notify($1, $2)', [AUCTION_EVENTS_CHANNEL, JSON.stringify(event)]);
    }
  }

  /**
   * The payloads to NOTIFY on AUCTION_EVENTS_CHANNEL inside the transaction that makes `events` true, so that they
   * go out exactly when it commits; none on the embedded database (see `committed`).
   */
  notifications(events: AuctionEvent[]): string[] {
    return this.config.embedded ? [] : events.map((event) => JSON.stringify(event));
  }

  /** After the commit of a change whose `notifications` went out with it: the embedded database's local subscribers. */
  committed(events: AuctionEvent[]): void {
    if (this.config.embedded) for (const event of events) this.events.publish(event);
  }

  /**
   * Answers `req` with the Server-Sent Events of one listing's auction (each event's type, and its `type`, `auction`
   * and `bid` as JSON) until the client leaves or the instance stops; then calls `ended` once.
   */
  watch(listingId: string, req: Request, res: Response, ended: () => void): void {
    let remove = (): void => undefined;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      remove();
      ended();
    };
    // first, so that the stream's slot is given back on every way out, a throw below included
    res.once('close', finish);
    try {
      req.socket.setKeepAlive(true);
      req.socket.setNoDelay(true);
      req.socket.setTimeout(0);
      res.writeHead(200, SSE_HEADERS);
      if (req.method === 'HEAD') {
        res.end();
        finish();
        return;
      }
      res.write('\n');
      remove = this.events.add(listingId, {
        write: (chunk) => res.write(chunk),
        end: () => res.end(),
        destroy: () => res.destroy(),
        get writableLength() {
          return res.writableLength;
        },
        paused: () => req.socket.isPaused(),
      });
      if (done) remove(); // the client left while the stream was being set up
    } catch (error) {
      finish();
      throw error;
    }
  }
}
