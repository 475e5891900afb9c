import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Where document bytes live. Content-addressed by SHA-256: the same file is stored once and never overwritten or
 * deleted (the archive keeps everything). The interface is what an object store would implement too.
 */
export abstract class DocumentStorage {
  abstract put(bytes: Buffer): Promise<{ key: string; sha256: string }>;
  abstract get(key: string): Promise<Buffer>;
}

/** Files under `DATA_DIR/documents/ab/abcdef...`. */
export class LocalDocumentStorage extends DocumentStorage {
  private readonly root: string;

  constructor(dataDir: string) {
    super();
    this.root = resolve(dataDir, 'documents');
  }

  async put(bytes: Buffer): Promise<{ key: string; sha256: string }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = `${sha256.slice(0, 2)}/${sha256}`;
    const path = join(this.root, key);
    if (!existsSync(path)) {
      await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
      const tmp = `${path}.${randomUUID()}.tmp`; // unique: the same file may be uploaded twice at once
      await writeFile(tmp, bytes);
      await rename(tmp, path);
    }
    return { key, sha256 };
  }

  get(key: string): Promise<Buffer> {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) throw new Error(`bad storage key ${key}`);
    return readFile(join(this.root, key));
  }
}
