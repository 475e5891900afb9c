import { ChildProcess, execSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sleep } from './auctions';

/**
 * Builds dist/ when the sources changed since its last build (`scripts/build-if-changed.mjs`): the suites that run
 * the real server or a CLI as a child process call it first.
 */
export function ensureBuilt(): void {
  execSync('node scripts/build-if-changed.mjs', { cwd: join(__dirname, '..', '..'), stdio: 'inherit' });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The real server (`node dist/src/main.js`, built by the global setup) as a child process, for tests that kill it:
 * started, SIGKILLed and started again on the same port and data.
 */
export class ChildServer {
  private child?: ChildProcess;
  private output = '';
  readonly port: Promise<number>;

  constructor(private readonly env: Record<string, string>) {
    this.port = freePort();
  }

  async url(path = ''): Promise<string> {
    return `http://127.0.0.1:${await this.port}${path}`;
  }

  /** Starts the server and waits until /health answers 200; answers how long that took (ms). */
  async start(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    const port = await this.port;
    this.output = '';
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'main.js')], {
      env: { ...this.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited = false;
    child.once('exit', () => (exited = true));
    for (;;) {
      if (exited) throw new Error(`the server exited during its start:\n${this.output}`);
      if (Date.now() - started > timeoutMs) throw new Error(`the server did not become healthy:\n${this.output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) return Date.now() - started;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: an orderly stop. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  get log(): string {
    return this.output;
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }
}
