import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** An embedded PostgreSQL (PGlite) served on a private loopback port, reached by the ordinary `pg` driver. */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory for the database files; omitted → in memory (tests). */
  dataDir?: string;
  /** A tarball made by `dumpEmbeddedDatabase`, loaded instead of running initdb (test template). */
  loadFrom?: Blob;
  /** More than the connection pool size: extra connections would be dropped. */
  maxConnections?: number;
}

const LOCK_FILE = 'nongjiao.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `dir` for this process: a second server on the same data directory would corrupt it.
 * A lock left by a process that died is taken over.
 */
export function acquireLock(dir: string): () => void {
  const lockPath = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The data directory ${dir} is in use by another Nongjiao server (pid ${holder}). ` +
            'Stop it first, or set DATA_DIR to another directory.',
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dir}`);
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  let releaseLock = (): void => undefined;
  let pgDataDir: string | undefined;
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    mkdirSync(dir, { recursive: true });
    releaseLock = acquireLock(dir);
    pgDataDir = join(dir, 'pgdata');
    mkdirSync(dirname(pgDataDir), { recursive: true });
  }
  try {
    const db = await PGlite.create({
      dataDir: pgDataDir,
      loadDataDir: options.loadFrom,
      extensions: { pg_trgm, btree_gin },
    });
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: 0,
      maxConnections: options.maxConnections ?? 64,
    });
    await server.start();
    const conn = server.getServerConn();
    const url = `postgres://postgres:postgres@${conn}/postgres?sslmode=disable`;
    return {
      url,
      async stop() {
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** Boots an in-memory embedded database from nothing and returns it as a tarball (a test template). */
export async function dumpEmbeddedDatabase(prepare: (url: string) => Promise<void>): Promise<Blob> {
  const db = await PGlite.create({ extensions: { pg_trgm, btree_gin } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
  await server.start();
  try {
    await prepare(`postgres://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`);
  } finally {
    await server.stop();
  }
  const dump = await db.dumpDataDir('none');
  await db.close();
  return dump;
}

/** Where the embedded database's files live under DATA_DIR. */
export function pgDataDirOf(dataDir: string): string {
  return join(resolve(dataDir), 'pgdata');
}

/** Opens the embedded database's files directly (no server): for backup and restore while the server is stopped. */
export function openEmbeddedFiles(pgDataDir: string, loadFrom?: Blob): Promise<PGlite> {
  return PGlite.create({ dataDir: pgDataDir, loadDataDir: loadFrom, extensions: { pg_trgm, btree_gin } });
}

export function embeddedDataExists(dataDir: string): boolean {
  return existsSync(join(resolve(dataDir), 'pgdata', 'PG_VERSION'));
}
