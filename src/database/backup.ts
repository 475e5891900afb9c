import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tar from 'tar';
import { acquireLock, embeddedDataExists, openEmbeddedFiles, pgDataDirOf } from './embedded-postgres';

/**
 * Backup and restore of an embedded installation (DATA_DIR): the database (PGlite's own dump of its files), the
 * uploaded documents and the generated JWT secret, in one gzipped tar file. Both run while the server is stopped:
 * PGlite's files belong to one process at a time (the DATA_DIR lock says so). A server on PostgreSQL is backed up
 * with pg_dump / pg_restore (docs/operations.md).
 */

const MANIFEST = 'nongjiao-backup.json';
const DATABASE_DUMP = 'database.tar.gz';
const DOCUMENTS = 'documents';
const JWT_SECRET = 'jwt-secret';
export const BACKUP_FORMAT = 1;

export interface BackupManifest {
  format: number;
  createdAt: string;
  documents: boolean;
  jwtSecret: boolean;
}

/** Writes a backup of DATA_DIR `dataDir` to `file`. */
export async function backupDataDir(dataDir: string, file: string): Promise<BackupManifest> {
  const dir = resolve(dataDir);
  if (!embeddedDataExists(dir)) throw new Error(`${dir} holds no Nongjiao database (no pgdata/PG_VERSION)`);
  const release = acquireLock(dir);
  const staging = mkdtempSync(join(tmpdir(), 'nongjiao-backup-'));
  try {
    const db = await openEmbeddedFiles(pgDataDirOf(dir));
    try {
      const dump = await db.dumpDataDir('gzip');
      writeFileSync(join(staging, DATABASE_DUMP), Buffer.from(await dump.arrayBuffer()));
    } finally {
      await db.close();
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      documents: existsSync(join(dir, DOCUMENTS)),
      jwtSecret: existsSync(join(dir, JWT_SECRET)),
    };
    if (manifest.documents) cpSync(join(dir, DOCUMENTS), join(staging, DOCUMENTS), { recursive: true });
    if (manifest.jwtSecret) cpSync(join(dir, JWT_SECRET), join(staging, JWT_SECRET));
    writeFileSync(join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    const entries = [
      MANIFEST,
      DATABASE_DUMP,
      ...(manifest.documents ? [DOCUMENTS] : []),
      ...(manifest.jwtSecret ? [JWT_SECRET] : []),
    ];
    await tar.create({ gzip: true, file: resolve(file), cwd: staging, portable: true }, entries);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    release();
  }
}

/** Restores the backup `file` into DATA_DIR `dataDir`, which must not hold a database yet. */
export async function restoreDataDir(file: string, dataDir: string): Promise<BackupManifest> {
  const dir = resolve(dataDir);
  if (embeddedDataExists(dir)) {
    throw new Error(`${dir} already holds a database: restore into a new, empty DATA_DIR (nothing was changed)`);
  }
  mkdirSync(dir, { recursive: true });
  const release = acquireLock(dir);
  const staging = mkdtempSync(join(tmpdir(), 'nongjiao-restore-'));
  try {
    await tar.extract({ file: resolve(file), cwd: staging, strict: true });
    const manifest = JSON.parse(readFileSync(join(staging, MANIFEST), 'utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT) throw new Error(`unknown backup format ${String(manifest.format)}`);
    const dump = readFileSync(join(staging, DATABASE_DUMP));
    const db = await openEmbeddedFiles(pgDataDirOf(dir), new Blob([dump]));
    await db.close();
    if (manifest.documents) cpSync(join(staging, DOCUMENTS), join(dir, DOCUMENTS), { recursive: true });
    if (manifest.jwtSecret) cpSync(join(staging, JWT_SECRET), join(dir, JWT_SECRET));
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    release();
  }
}
