import { DomainError } from '../errors/domain-error';

/**
 * Counts the long-lived streams (SSE) each client holds open on this instance and refuses more than `limit` with
 * `429 RATE_LIMITED`: one client cannot tie up the server's sockets and memory.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Takes a slot for `client`; call the answer once its stream ends (later calls do nothing). */
  acquire(client: string): () => void {
    const count = this.open.get(client) ?? 0;
    if (count >= this.limit) throw new DomainError('RATE_LIMITED', { retryAfter: 5 });
    this.open.set(client, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(client) ?? 1) - 1;
      if (left > 0) this.open.set(client, left);
      else this.open.delete(client);
    };
  }

  /** Streams `client` holds open now. */
  count(client: string): number {
    return this.open.get(client) ?? 0;
  }
}
