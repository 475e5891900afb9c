/**
 * Bench support: bidders on one lot, driven from a worker thread (`LoadWorker`) so that the load generator does not
 * share the app's event loop. Shared by `bench:bids` and `bench:crowd`.
 */
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const LOAD_WORKER = 'bench-bid-load';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export interface HttpResult {
  accepted: number;
  requests: number;
  seconds: number;
  refusals: Record<string, number>;
  latencies: number[];
  acceptedLatencies: number[];
}

export interface LoadJob {
  url: string;
  auths: string[];
  incrementFen: number;
  /** The next amount to offer: the highest accepted so far + one increment. */
  next: number;
  ms: number;
  /**
   * If given, each bid's send time (`performance.timeOrigin + performance.now()`, ms) is written to this shared
   * Float64Array at index `(amountFen - fromFen) / incrementFen`, for a thread that times the bid's delivery.
   */
  sentAt?: { buffer: SharedArrayBuffer; fromFen: number };
}

/**
 * In a worker thread (so that the load generator does not share the app's event loop): `auths.length` bidders on
 * the one lot, each with one request in flight and reading nothing, the amount from a shared "next price" (the
 * highest accepted + one increment, bumped as each amount is handed out, so a bid refused as too low is followed
 * by a higher one). A bidder that knows it leads waits for someone else's bid instead of bidding against itself.
 */
export async function loadWorker(job: LoadJob): Promise<{ result: HttpResult; next: number }> {
  const result: HttpResult = {
    accepted: 0,
    requests: 0,
    seconds: 0,
    refusals: {},
    latencies: [],
    acceptedLatencies: [],
  };
  let next = job.next;
  let leader = -1;
  let highest = next - job.incrementFen;
  let changed = newSignal();
  const sentAt = job.sentAt && new Float64Array(job.sentAt.buffer);
  const stop = sleep(job.ms);
  const t0 = performance.now();
  const deadline = t0 + job.ms;
  await Promise.all(
    job.auths.map(async (auth, me) => {
      while (performance.now() < deadline) {
        if (leader === me) {
          await Promise.race([changed.promise, stop]);
          continue;
        }
        const amountFen = next;
        next += job.incrementFen;
        const s = performance.now();
        if (sentAt) {
          const i = (amountFen - job.sentAt!.fromFen) / job.incrementFen;
          if (i >= 0 && i < sentAt.length) sentAt[i] = performance.timeOrigin + s;
        }
        const res = await post(job.url, auth, { amountFen });
        const body = res.body as { code?: string };
        const latency = performance.now() - s;
        result.requests++;
        result.latencies.push(latency);
        if (res.status === 201) {
          result.accepted++;
          result.acceptedLatencies.push(latency);
          if (amountFen > highest) {
            highest = amountFen;
            leader = me;
            next = Math.max(next, highest + job.incrementFen);
            changed.resolve();
            changed = newSignal();
          }
        } else {
          const code = body.code ?? String(res.status);
          if (!['BID_TOO_LOW', 'ALREADY_LEADING', 'RATE_LIMITED'].includes(code)) {
            throw new Error(`unexpected answer to a bid: ${res.status} ${JSON.stringify(body)}`);
          }
          result.refusals[code] = (result.refusals[code] ?? 0) + 1;
        }
      }
    }),
  );
  result.seconds = (performance.now() - t0) / 1000;
  return { result, next };
}

/**
 * One POST with a JSON body over a kept-alive connection, answering the status and the parsed body. Plain `http`
 * rather than `fetch`: on these 2 shared cores the load generator competes with the app and PostgreSQL, and `fetch`
 * (undici with WHATWG streams) spends about 1 ms of CPU per request here against 0.3 ms, a cost that (a)'s `pg`
 * clients do not have and that no real, remote bidder puts on the server's machine.
 */
export function post(url: string, auth: string, payload: unknown): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: keepAlive,
        headers: { Authorization: auth, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Connections reused across requests: one per bidder at most, as each has one request in flight. */
const keepAlive = new Agent({ keepAlive: true });

type LoadAnswer = { result: HttpResult; next: number }[] | { error: string };

/** The load generator in a worker thread (this file again, through ts-node), started once and reused. */
export class LoadWorker {
  private constructor(private readonly worker: Worker) {}

  static async start(): Promise<LoadWorker> {
    const worker = new Worker(__filename, {
      workerData: LOAD_WORKER,
      execArgv: __filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [],
    });
    await once(worker, 'message'); // ready: loaded and compiled, so that the measurements leave its start-up out
    return new LoadWorker(worker);
  }

  async run(job: LoadJob): Promise<{ result: HttpResult; next: number }> {
    return (await this.runAll([job]))[0];
  }

  /** Several jobs at once (e.g. one per lot), answered in their order. */
  async runAll(jobs: LoadJob[]): Promise<{ result: HttpResult; next: number }[]> {
    this.worker.postMessage(jobs);
    const [answer] = (await once(this.worker, 'message')) as [LoadAnswer];
    if ('error' in answer) throw new Error(`load worker: ${answer.error}`);
    return answer;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

function newSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

if (!isMainThread && workerData === LOAD_WORKER) {
  const port = parentPort!;
  port.on('message', (jobs: LoadJob[]) => {
    Promise.all(jobs.map(loadWorker)).then(
      (answer) => port.postMessage(answer),
      (error: unknown) => port.postMessage({ error: String(error) }),
    );
  });
  port.postMessage('ready');
}
