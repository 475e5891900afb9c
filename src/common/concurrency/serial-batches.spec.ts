import { ItemOutcome, SerialBatches } from './serial-batches';

/** A promise settled from outside, to hold a stage open. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void; fail: (error: unknown) => void } {
  let open: (value: T) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

/** Stages that log what they do and wait for the test to let each batch's stages finish. */
function recorder() {
  const log: string[] = [];
  const prepares: ReturnType<typeof gate<void>>[] = [];
  const runs: ReturnType<typeof gate<void>>[] = [];
  const memos: { batches: number }[] = [];
  const batches = new SerialBatches<number, string, { batches: number }, string>(
    {
      prepare: async (key, items) => {
        log.push(`prepare ${key} [${items.join(',')}]`);
        const g = gate();
        prepares.push(g);
        await g.promise;
        return `read${items[0]}`;
      },
      run: async (key, items, prepared, memo): Promise<ItemOutcome<string>[]> => {
        log.push(`run ${key} [${items.join(',')}] ${prepared} after ${memo.batches}`);
        memos.push(memo);
        const g = gate();
        runs.push(g);
        await g.promise;
        memo.batches++;
        return items.map((i) =>
          i < 0 ? { ok: false, error: new Error(`refused ${i}`) } : { ok: true, value: `#${i}` },
        );
      },
    },
    () => ({ batches: 0 }),
    3,
  );
  return { batches, log, prepares, runs, memos };
}

describe('SerialBatches', () => {
  it('runs one batch at a time per key; what arrives meanwhile forms the next batch, prepared during the run', async () => {
    const r = recorder();
    const first = r.batches.submit('lot', 1);
    await flush();
    const rest = [2, 3, 4, 5].map((i) => r.batches.submit('lot', i));
    await flush();
    expect(r.log).toEqual(['prepare lot [1]']); // the next batch forms only when this one runs
    r.prepares[0].open();
    await flush();
    // as the first batch starts to run, the next forms (at most 3) and prepares
    expect(r.log).toEqual(['prepare lot [1]', 'prepare lot [2,3,4]', 'run lot [1] read1 after 0']);
    r.prepares[1].open();
    await flush();
    expect(r.log).toHaveLength(3); // prepared, but waits for the run before it
    r.runs[0].open();
    await expect(first).resolves.toBe('#1');
    await flush();
    expect(r.log.slice(3)).toEqual(['prepare lot [5]', 'run lot [2,3,4] read2 after 1']);
    r.prepares[2].open();
    r.runs[1].open();
    await flush();
    r.runs[2].open();
    await expect(Promise.all(rest)).resolves.toEqual(['#2', '#3', '#4', '#5']);
    expect(r.log.slice(5)).toEqual(['run lot [5] read5 after 2']);
  });

  it('keeps keys apart, and forgets a key (and its memo) once it has no work', async () => {
    const r = recorder();
    const a = r.batches.submit('a', 1);
    const b = r.batches.submit('b', 2);
    await flush();
    expect(r.log).toEqual(['prepare a [1]', 'prepare b [2]']);
    r.prepares.forEach((g) => g.open());
    await flush();
    r.runs.forEach((g) => g.open());
    await expect(Promise.all([a, b])).resolves.toEqual(['#1', '#2']);
    const again = r.batches.submit('a', 3);
    await flush();
    r.prepares[2].open();
    await flush();
    r.runs[2].open();
    await expect(again).resolves.toBe('#3');
    expect(r.log.at(-1)).toBe('run a [3] read3 after 0'); // a fresh memo
  });

  it('gives each item its own outcome', async () => {
    const r = recorder();
    const first = r.batches.submit('lot', 1);
    await flush();
    const ok = r.batches.submit('lot', 2);
    const refused = r.batches.submit('lot', -3);
    r.prepares[0].open();
    await flush();
    r.prepares[1].open();
    r.runs[0].open();
    await first;
    await flush();
    r.runs[1].open();
    await expect(ok).resolves.toBe('#2');
    await expect(refused).rejects.toThrow('refused -3');
  });

  it('fails every item of a batch whose stage throws, and goes on with the next batch', async () => {
    const r = recorder();
    const first = r.batches.submit('lot', 1);
    await flush();
    const second = [r.batches.submit('lot', 2), r.batches.submit('lot', 3)];
    const boom = new Error('database gone');
    r.prepares[0].fail(boom);
    await expect(first).rejects.toBe(boom);
    await flush();
    r.prepares[1].open();
    await flush();
    r.runs[0].fail(boom);
    for (const p of second) await expect(p).rejects.toBe(boom);
    const third = r.batches.submit('lot', 4);
    await flush();
    r.prepares[2].open();
    await flush();
    r.runs[1].open();
    await expect(third).resolves.toBe('#4');
  });
});
