import { Linter } from 'eslint';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { afterEach, describe, expect, it } from 'vitest';
import { findCycles, ImportGraph, sourceFiles } from '../../tools/eslint/import-graph.mjs';
import parity from '../../tools/eslint/plugin.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A small project on disk: file name -> source text. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parity-imports-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The circles among a project's files, as chains of names relative to it. */
function circles(dir: string): string[] {
  return findCycles(sourceFiles([dir])).map((chain) => chain.map((f) => path.relative(dir, f)).join(' > '));
}

describe('finding import circles', () => {
  it('finds none in a graph without one, whatever packages it imports', () => {
    const dir = project({
      'a.ts': "import { b } from './b.js';\nimport { z } from 'zod';\nimport fs from 'node:fs';",
      'b.ts': "import type { C } from './c/index.js';\nexport * from './c';",
      'c/index.ts': 'export type C = number;',
    });
    expect(circles(dir)).toEqual([]);
  });

  it('finds two modules that import each other, by a type-only import too', () => {
    const dir = project({
      'a.ts': "import { b } from './b.js';\nexport const a = 1;",
      'b.ts': "import type { A } from './a.js';\nexport const b = 2;",
    });
    expect(circles(dir)).toEqual(['a.ts > b.ts > a.ts']);
  });

  it('follows re-exports, dynamic imports, import types and folder indexes around a longer circle', () => {
    const dir = project({
      'app.ts': "export { route } from './features/home.routes.js';",
      'features/home.routes.ts': "type Deps = import('../server/index.js').Deps;\nexport const route = 1;",
      'server/index.ts': "export type Deps = {};\nexport const load = () => import('../app.js');",
    });
    expect(circles(dir)).toEqual(['app.ts > features/home.routes.ts > server/index.ts > app.ts']);
  });

  it('reports a module that imports itself', () => {
    const dir = project({ 'a.ts': "import { a } from './a.js';\nexport const b = a;" });
    expect(circles(dir)).toEqual(['a.ts > a.ts']);
  });

  it('names every import of a tangle in some circle, so each one to undo is shown', () => {
    // app imports both routes, each route imports app back: one tangle, two circles.
    const dir = project({
      'app.ts': "import './one.routes.js';\nimport './two.routes.js';",
      'one.routes.ts': "import type { Deps } from './app.js';",
      'two.routes.ts': "import type { Deps } from './app.js';",
      'other.ts': "import './app.js';",
    });
    expect(circles(dir)).toEqual(['app.ts > one.routes.ts > app.ts', 'app.ts > two.routes.ts > app.ts']);
  });

  it('ignores imports in comments and strings', () => {
    const dir = project({
      'a.ts': "import './b.js';",
      'b.ts': "// import './a.js'\nexport const s = \"import './a.js'\";",
    });
    expect(circles(dir)).toEqual([]);
  });

  it('sees a file change on disk', () => {
    const dir = project({ 'a.ts': "import './b.js';", 'b.ts': 'export {};' });
    const graph = new ImportGraph();
    const files = sourceFiles([dir]);
    expect(findCycles(files, graph)).toEqual([]);
    const b = path.join(dir, 'b.ts');
    writeFileSync(b, "import './a.js';\nexport {};");
    utimesSync(b, new Date(), new Date(Date.now() + 5_000));
    expect(findCycles(files, graph)).toHaveLength(1);
  });
});

// Each case starts Node and loads the TypeScript compiler: seconds on a busy two-core machine.
describe('npm run check:imports', { timeout: 60_000 }, () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'scripts/check-imports.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
    });

  it('prints each circle as a chain of files and fails', () => {
    const dir = project({
      'a.ts': "import './b.js';",
      'b.ts': "import './a.js';",
      'c.ts': "import './a.js';",
    });
    const result = run(dir);
    expect(result.status).toBe(1);
    const shown = (name: string) => path.relative(root, path.join(dir, name));
    expect(result.stdout).toContain(`1 import circle in ${dir}:`);
    expect(result.stdout).toContain(`1. ${shown('a.ts')} -> ${shown('b.ts')} -> ${shown('a.ts')}`);
  });

  it('passes when there is none, saying how many files it read', () => {
    const dir = project({ 'a.ts': "import './b.js';", 'b.ts': 'export {};' });
    const result = run(dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`No import circles in ${dir} (2 files).\n`);
  });

  it('refuses a folder that does not exist, naming it', () => {
    const result = run('no-such-folder');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('There is no file or folder no-such-folder');
  });
});

const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { parity },
    rules: { 'parity/no-import-cycle': 'error', 'parity/feature-boundary': 'error' },
  },
];
/** Lints `code` as the file `file` of the project at `cwd` (the repository unless given). */
const lint = (file: string, code: string, cwd = root) =>
  new Linter({ cwd }).verify(code, config, { filename: path.join(cwd, file) });

describe('the lint rule against import circles', () => {
  it('reports the import that closes a circle, with the chain, from the text being linted', () => {
    const dir = project({
      'app.ts': "import { route } from './home.routes.js';\nexport type Deps = { route: typeof route };",
      'home.routes.ts': 'export const route = 1;',
    });
    // On disk home.routes.ts imports nothing; the edit being linted adds the import back.
    const messages = lint(
      'home.routes.ts',
      "import { other } from './other.js';\nimport type { Deps } from './app.js';\nexport const route = 1;",
      dir,
    );
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([['parity/no-import-cycle', 2]]);
    expect(messages[0]?.message).toContain('home.routes.ts -> app.ts -> home.routes.ts');
  });

  it('leaves an import that leads nowhere back alone', () => {
    const dir = project({ 'app.ts': "import './home.routes.js';", 'home.routes.ts': 'export {};' });
    expect(lint('app.ts', "import './home.routes.js';", dir)).toEqual([]);
  });

  it('finds a circle through a re-export and an import type', () => {
    const dir = project({
      'a.ts': "export * from './b.js';",
      'b.ts': "export type C = import('./c.js').C;",
      'c.ts': 'export type C = 1;',
    });
    const messages = lint('c.ts', "import type { B } from './a.js';\nexport type C = 1;", dir);
    expect(messages.map((m) => m.ruleId)).toEqual(['parity/no-import-cycle']);
  });
});

describe('the lint rule on feature slices', () => {
  const rule = (file: string, code: string) =>
    lint(file, code)
      .filter((m) => m.ruleId === 'parity/feature-boundary')
      .map((m) => m.message);

  it('keeps features from the composition root', () => {
    const found = rule(
      'src/features/home/home.routes.ts',
      "import type { RouteDeps } from '../../server/app.js';",
    );
    expect(found).toEqual([expect.stringContaining('must not import the composition root')]);
    expect(
      rule('src/features/home/home.routes.ts', "import type { RouteDeps } from '../../server/routing.js';"),
    ).toEqual([]);
  });

  it('lets only routes import from src/server', () => {
    expect(
      rule('src/features/plans/plans.service.ts', "import type { FormBody } from '../../server/forms.js';"),
    ).toEqual([expect.stringContaining('Only routes')]);
    expect(
      rule('src/features/plans/plans.http.ts', "import type { FormBody } from '../../server/forms.js';"),
    ).toEqual([]);
  });

  it("keeps a slice out of another slice's private files", () => {
    for (const [file, code] of [
      ['src/features/publication/report.ts', "import { x } from '../plans/import/layout.js';"],
      ['src/features/publication/report.ts', "import { x } from '../dashboard/dashboard.routes.js';"],
      ['src/features/dashboard/x.ts', "import { x } from '../plans/plans.http.js';"],
      ['src/features/dashboard/x.ts', "import { x } from '../datasets/check.worker.js';"],
      ['src/features/plans/x.ts', "import { x } from '../publication/render/docx.js';"],
      ['src/features/plans/export/x.ts', "export * from '../../publication/return/layout.js';"],
    ])
      expect(rule(file!, code!), code).toEqual([expect.stringContaining('is private to the')]);
  });

  it('lets a slice import the services, repositories, models and shared folders of another', () => {
    expect(
      rule(
        'src/features/publication/report.ts',
        [
          "import { a } from '../plans/plans.service.js';",
          "import { a2 } from '../plans/import/import.service.js';",
          "import { b } from '../organisations/organisations.repository.js';",
          "import type { C } from '../plans/plan.js';",
          "import { d } from '../dashboard/pages/indicator.js';",
          "import { e } from '../plans/export/model.js';",
          "import type { F } from '../services.js';",
          "import { g } from './render/docx.js';",
          "import { h } from '../../ingest/readers/zip.js';",
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('lets only the demo slice import the generator', () => {
    expect(
      rule('src/features/demo/demo-data.ts', "import { generate } from '../../generator/generate.js';"),
    ).toEqual([]);
    expect(
      rule('src/features/datasets/x.ts', "import { generate } from '../../generator/generate.js';"),
    ).toEqual([expect.stringContaining('The datasets slice must not import src/generator')]);
  });

  it('leaves tests and code outside the features alone', () => {
    expect(
      rule('src/features/plans/plans.test.ts', "import { x } from '../publication/render/docx.js';"),
    ).toEqual([]);
    expect(rule('src/server/app.ts', "import { x } from '../features/plans/plans.routes.js';")).toEqual([]);
  });
});
