import { Linter } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { engineRules } from '../../tools/eslint/engine-boundary.mjs';
import parity from '../../tools/eslint/plugin.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const linter = new Linter({ cwd: root });
const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { parity },
    rules: { 'parity/engine-boundary': 'error' },
  },
  { files: ['src/engine/**/*.ts'], ignores: ['src/engine/**/*.test.ts'], rules: engineRules },
];

const lint = (file: string, code: string) =>
  linter.verify(code, config, { filename: path.join(root, file) }).map((m) => m.ruleId);

describe('the engine stays pure (lint rules)', () => {
  it('allows imports between engine modules', () => {
    expect(
      lint('src/engine/stats/rl.ts', "import { x } from '../periods.js';\nimport { y } from './ci.js';"),
    ).toEqual([]);
  });

  it.each([
    "import { readFileSync } from 'node:fs';",
    "import fs from 'fs';",
    "import { Kysely } from 'kysely';",
    "import Fastify from 'fastify';",
    "import { openDatabase } from '../storage/database.js';",
    "import { x } from '../../src/storage/database.js';",
    "export * from '../server/app.js';",
    "const m = await import('node:path');",
    "const fs = require('fs');",
  ])('refuses %s', (code) => {
    expect(lint('src/engine/metrics.ts', code)).toContain('parity/engine-boundary');
  });

  it('forbids reading the clock, randomness, the process and the console', () => {
    expect(lint('src/engine/a.ts', 'export const now = new Date();')).toEqual(['no-restricted-syntax']);
    expect(lint('src/engine/a.ts', 'export const t = Date.now();')).toEqual(['no-restricted-syntax']);
    expect(lint('src/engine/a.ts', 'export const r = Math.random();')).toEqual(['no-restricted-syntax']);
    expect(lint('src/engine/a.ts', 'export const e = process.env.X;')).toEqual(['no-restricted-globals']);
    expect(lint('src/engine/a.ts', "console.log('x');")).toEqual(['no-restricted-globals']);
    expect(lint('src/engine/a.ts', "export const d = new Date('2024-03-31');")).toEqual([]);
  });

  it('lets the engine’s own tests use the test runner and files', () => {
    expect(
      lint(
        'src/engine/periods.test.ts',
        "import { it } from 'vitest';\nimport { readFileSync } from 'node:fs';",
      ),
    ).toEqual([]);
  });

  it('leaves the rest of the code base free to do I/O', () => {
    expect(
      lint('src/storage/x.ts', "import { readFileSync } from 'node:fs';\nexport const n = Date.now();"),
    ).toEqual([]);
  });
});
