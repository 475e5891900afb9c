import 'reflect-metadata';
import { backupDataDir, restoreDataDir } from './backup';

/**
 * `npm run backup -- FILE` and `npm run restore -- FILE`: the embedded database under DATA_DIR (default ./data),
 * while the server is stopped. With DATABASE_URL set, use pg_dump / pg_restore instead (docs/operations.md).
 */
async function main(argv: string[]): Promise<void> {
  const [command, file] = argv;
  if ((command !== 'backup' && command !== 'restore') || !file) {
    throw new Error('usage: npm run backup -- FILE | npm run restore -- FILE   (DATA_DIR selects the data directory)');
  }
  if (process.env.DATABASE_URL) {
    throw new Error('DATABASE_URL is set: back up a PostgreSQL server with pg_dump / pg_restore (docs/operations.md)');
  }
  const dataDir = process.env.DATA_DIR || './data';
  if (command === 'backup') {
    const manifest = await backupDataDir(dataDir, file);
    console.log(`backed up ${dataDir} to ${file} (documents: ${manifest.documents ? 'yes' : 'none'})`);
  } else {
    await restoreDataDir(file, dataDir);
    console.log(`restored ${file} into ${dataDir}: start the server with DATA_DIR=${dataDir}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
