import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// Git-ignored folders (build output, local data, benchmark data) are not part of the architecture.
const IGNORED = new Set(['.git', 'node_modules', 'dist', 'data', 'test-results', 'coverage', '.data']);

function foldersOnDisk(dir = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || IGNORED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    out.push(`${path.relative(root, full)}/`, ...foldersOnDisk(full));
  }
  return out;
}

function foldersInDocument(): string[] {
  const doc = readFileSync(path.join(root, 'docs/ARCHITECTURE.md'), 'utf8');
  const block = /## The tree[\s\S]*?```text\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => /^(\S+\/)\s/.exec(line)?.[1])
    .filter((p): p is string => p !== undefined);
}

describe('docs/ARCHITECTURE.md', () => {
  it('lists every folder, one line each, and no folder that does not exist', () => {
    const documented = foldersInDocument();
    expect(documented.length).toBeGreaterThan(20);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(foldersOnDisk().sort());
  });
});
