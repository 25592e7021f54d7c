import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Where npm would resolve `dep` required from the package at `from` (nested first, then up the tree). */
function resolve(packages: Record<string, LockEntry>, from: string, dep: string): string | undefined {
  let base = from;
  for (;;) {
    const key = `${base === '' ? '' : `${base}/`}node_modules/${dep}`;
    if (packages[key]) return key;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  // `npm ci` on a clean machine refuses a lock file that lacks any dependency, even an optional binary for
  // another platform that this machine would skip; a lock written where a registry lacks those binaries drops
  // them silently, and CI then fails before a single test runs.
  it('records every dependency and optional dependency of every package, so `npm ci` accepts it', () => {
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    };
    const missing: string[] = [];
    for (const [key, entry] of Object.entries(lock.packages)) {
      for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
        if (!resolve(lock.packages, key, dep)) missing.push(`${dep} (needed by ${key || 'the project'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
