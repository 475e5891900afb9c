import { AsyncLocalStorage } from 'node:async_hooks';
import type { IdempotencyClaim } from './idempotency.service';

/**
 * The Idempotency-Key a request holds while its handler runs: the use case records its response under the key in
 * the same transaction as its effect (`IdempotencyService.recordWithin`), so that after a crash a retry either
 * replays that response (the effect committed) or runs again (it did not), never both.
 */
export interface HeldKey {
  claim: IdempotencyClaim;
  /** The status the response will have (201, or the handler's @HttpCode). */
  status: number;
  /** Set once the response is recorded in the use case's transaction. */
  recorded: boolean;
}

const storage = new AsyncLocalStorage<HeldKey>();

/** Runs `fn` (and everything it starts) holding `key`. */
export function runHoldingKey<T>(key: HeldKey, fn: () => T): T {
  return storage.run(key, fn);
}

/** The key the current request holds, if any (none without an Idempotency-Key header). */
export function heldKey(): HeldKey | undefined {
  return storage.getStore();
}
