/** What one item of a batch came to: its value, or the error its caller gets. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * The two stages of a batch. `prepare` may run while the previous batch of the same key is in `run`; the `run`s of a
 * key are strictly one after another, in the order the batches were formed, and a `run` starts after the previous
 * one ended. `run` answers one outcome per item, in order. A stage that throws fails every item of its batch.
 */
export interface BatchStages<I, R, M, P> {
  prepare(key: string, items: I[]): Promise<P>;
  run(key: string, items: I[], prepared: P, memo: M): Promise<ItemOutcome<R>[]>;
}

interface Waiting<I, R> {
  item: I;
  resolve(value: R): void;
  reject(error: unknown): void;
}

interface Lane<I, R, M> {
  waiting: Waiting<I, R>[];
  memo: M;
  /** A batch is formed and in `prepare` (or waiting to `run`): the next one forms when that one starts to run. */
  forming: boolean;
  /** The last batch's `run` (resolves when it ended, never rejects). */
  lastRun: Promise<void>;
  /** Batches formed and not yet ended. */
  inFlight: number;
}

/**
 * Work on one key done in batches, in this process: the items submitted under a key while its batches are busy wait
 * and form the next batch together (in arrival order, at most `maxBatch`). So a hot key costs one round of work per
 * batch instead of one per item, and the items of one key never race each other. Two batches of a key overlap only
 * as far as one's `prepare` runs during the other's `run`.
 *
 * `memo` is per key and lives while the key has work: a `run` may leave there what the next one should start from.
 */
export class SerialBatches<I, R, M, P> {
  private readonly lanes = new Map<string, Lane<I, R, M>>();

  constructor(
    private readonly stages: BatchStages<I, R, M, P>,
    private readonly newMemo: () => M,
    private readonly maxBatch = 100,
  ) {}

  submit(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = { waiting: [], memo: this.newMemo(), forming: false, lastRun: Promise.resolve(), inFlight: 0 };
        this.lanes.set(key, lane);
      }
      lane.waiting.push({ item, resolve, reject });
      this.form(key, lane);
    });
  }

  /** Forms the next batch from what waits, unless one is already forming; chains its run after the last one. */
  private form(key: string, lane: Lane<I, R, M>): void {
    if (lane.forming || lane.waiting.length === 0) return;
    const batch = lane.waiting.splice(0, this.maxBatch);
    const items = batch.map((w) => w.item);
    lane.forming = true;
    lane.inFlight++;
    const prepared = (async () => this.stages.prepare(key, items))().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const previous = lane.lastRun;
    lane.lastRun = (async () => {
      const p = await prepared;
      await previous;
      // this batch runs now: what arrived meanwhile forms the next one, whose prepare overlaps this run
      lane.forming = false;
      this.form(key, lane);
      try {
        if (!p.ok) throw p.error;
        const outcomes = await this.stages.run(key, items, p.value, lane.memo);
        batch.forEach((w, i) => {
          const outcome = outcomes[i];
          if (!outcome) w.reject(new Error(`no outcome for item ${i} of a batch of ${batch.length}`));
          else if (outcome.ok) w.resolve(outcome.value);
          else w.reject(outcome.error);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      } finally {
        lane.inFlight--;
        if (lane.inFlight === 0 && lane.waiting.length === 0) this.lanes.delete(key);
      }
    })();
  }
}
