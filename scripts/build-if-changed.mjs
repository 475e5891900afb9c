#!/usr/bin/env node
// Builds `dist/` only when its inputs changed since the last build (`npm start` on a built tree then starts in
// seconds). The inputs' fingerprint (paths and contents) is kept in dist/.build-fingerprint, written after every
// `npm run build` (`--stamp`, its postbuild).
import { createHash } from 'node:crypto';
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const INPUT_DIRS = ['src', 'migrations', 'seeds', 'bench'];
const INPUT_FILES = ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];
const STAMP = join(root, 'dist', '.build-fingerprint');
const ENTRY = join(root, 'dist', 'src', 'main.js');

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

function fingerprint() {
  const hash = createHash('sha256');
  const files = [...INPUT_DIRS.flatMap((d) => filesUnder(join(root, d))), ...INPUT_FILES.map((f) => join(root, f))]
    .filter((f) => existsSync(f) && statSync(f).isFile())
    .sort();
  for (const file of files) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const current = fingerprint();
if (process.argv.includes('--stamp')) {
  // after `npm run build` (postbuild): dist/ now holds what the sources say
  writeFileSync(STAMP, current + '\n');
} else {
  const built = existsSync(STAMP) && existsSync(ENTRY) ? readFileSync(STAMP, 'utf8').trim() : null;
  if (built === current) {
    console.log('dist/ is up to date: not rebuilding');
  } else {
    console.log(built ? 'sources changed: building' : 'building');
    execSync('npm run build', { cwd: root, stdio: 'inherit' }); // its postbuild writes the stamp
  }
}
