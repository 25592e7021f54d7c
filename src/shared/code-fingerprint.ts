/**
 * A fingerprint of the program's own code: a hash of every module of Parity it runs (the compiled
 * JavaScript, or the TypeScript when run from source), tests left out. What is kept between processes and
 * computed by code (the figures store) carries it in its key, so a changed program never reads what an older
 * one computed, even when the version number was not changed. Read once per process, on first use: from
 * `code-fingerprint.txt` beside the modules, which the build writes (scripts/build.mjs, the same hash), or
 * else worked out from the modules themselves (running from source).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding every module of the program (`src/` or `dist/`): the parent of this one's. */
const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const isCode = (name: string): boolean =>
  (name.endsWith('.js') || name.endsWith('.ts')) &&
  !name.endsWith('.d.ts') &&
  !/\.test\.[jt]s$/.test(name) &&
  !/\.golden\.test\.[jt]s$/.test(name);

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__golden__' && entry.name !== 'public') out.push(...(await files(full)));
    } else if (isCode(entry.name)) out.push(full);
  }
  return out;
}

/** The file the build writes the fingerprint of the modules it built to. */
export const FINGERPRINT_FILE = 'code-fingerprint.txt';

/** The hash (base64url) of the modules under `root` (tests left out) and their paths. */
export async function fingerprintOf(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await files(root)).sort()) {
    hash.update(`${path.relative(root, file).split(path.sep).join('/')}\0`);
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('base64url');
}

let fingerprint: Promise<string> | null = null;

/** The fingerprint of the running program's modules, read or worked out once per process. */
export function codeFingerprint(): Promise<string> {
  fingerprint ??= readFile(path.join(ROOT, FINGERPRINT_FILE), 'utf8').then(
    (text) => text.trim(),
    () => fingerprintOf(ROOT),
  );
  return fingerprint;
}
