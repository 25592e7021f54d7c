import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findCycles,
  importSpecifiers,
  resolveImport,
  sourceFiles,
} from '../../tools/eslint/import-graph.mjs';
import { FEATURE_RULES, featureImportProblem, isRouteFile } from '../../tools/eslint/import-rules.mjs';

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

const SRC = path.join(root, 'src');
const LAYERS = ['engine', 'shared', 'config', 'storage', 'ingest', 'generator', 'features', 'server', 'cli'];

interface LayerRule {
  layer: string;
  mayImport: Set<string>;
  nodeBuiltins: boolean;
  packages: boolean;
  mustNot: Set<string>;
  text: string;
}

/** The dependency table of docs/ARCHITECTURE.md, one rule per layer. */
function dependencyTable(): Map<string, LayerRule> {
  const doc = readFileSync(path.join(root, 'docs/ARCHITECTURE.md'), 'utf8');
  const section = /## Dependency rules\n([\s\S]*?)\n## /.exec(doc)?.[1] ?? '';
  const rules = new Map<string, LayerRule>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const layer = /^`src\/(\w+)(?:\/\*)?`$/.exec(cells[1] ?? '')?.[1];
    if (!layer) continue;
    const names = (text: string, prefixed: boolean) =>
      new Set(
        [...text.matchAll(prefixed ? /`(?:src\/)?(\w+)`/g : /`(\w+)`/g)]
          .map((m) => m[1]!)
          .filter((name) => LAYERS.includes(name)),
      );
    const may = cells[2] ?? '';
    rules.set(layer, {
      layer,
      mayImport: names(may, true),
      nodeBuiltins: may.includes('Node built-ins'),
      packages: /\bpackages\b/.test(may),
      mustNot: names(cells[3] ?? '', false),
      text: may,
    });
  }
  return rules;
}

const layerOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0]!;
const isTest = (file: string) => /\.test\.ts$/.test(file);
const shown = (file: string) => path.relative(root, file);

/** Every import of every source file in src (tests left out), with the statement it is in. */
function importsOfSrc() {
  const out: { file: string; specifier: string; target: string | null; typeOnly: boolean }[] = [];
  for (const file of sourceFiles([SRC])) {
    if (isTest(file)) continue;
    const text = readFileSync(file, 'utf8');
    const typeOnly = new Set(
      [...text.matchAll(/^(?:import|export) type [^;]*? from '([^']+)';/gm)].map((m) => m[1]!),
    );
    const valued = new Set(
      [...text.matchAll(/^(?:import|export) (?!type )[^;]*? from '([^']+)';|^import '([^']+)';/gm)].map(
        (m) => (m[1] ?? m[2])!,
      ),
    );
    for (const specifier of new Set(importSpecifiers(text)))
      out.push({
        file,
        specifier,
        target: resolveImport(file, specifier),
        typeOnly: typeOnly.has(specifier) && !valued.has(specifier),
      });
  }
  return out;
}

describe('the import rules of docs/ARCHITECTURE.md hold in src', () => {
  const rules = dependencyTable();
  const imports = importsOfSrc();

  it('states a rule for every layer, none allowing what it also forbids', () => {
    expect([...rules.keys()].sort()).toEqual([...LAYERS].sort());
    for (const rule of rules.values())
      expect(
        [...rule.mayImport].filter((l) => rule.mustNot.has(l)),
        rule.layer,
      ).toEqual([]);
  });

  it('has every import allowed by its layer’s row of the table', () => {
    const broken: string[] = [];
    for (const { file, specifier, target } of imports) {
      const rule = rules.get(layerOf(file))!;
      if (target) {
        const to = layerOf(target);
        if (!target.startsWith(SRC + path.sep))
          broken.push(`${shown(file)} imports ${specifier}, outside src`);
        else if (to !== rule.layer && !rule.mayImport.has(to))
          broken.push(`${shown(file)} imports ${specifier} (${to})`);
      } else if (specifier.startsWith('.'))
        broken.push(`${shown(file)} imports ${specifier}, which is no file`);
      else if (specifier.startsWith('node:') || builtinModules.includes(specifier)) {
        if (!rule.nodeBuiltins) broken.push(`${shown(file)} imports the Node built-in ${specifier}`);
      } else if (!rule.packages) broken.push(`${shown(file)} imports the package ${specifier}`);
    }
    expect(broken).toEqual([]);
  });

  it('keeps the qualified permissions: config as types, the generator for the demo, its schemas and presets', () => {
    const features = rules.get('features')!.text;
    expect(features).toContain('`config` (types)');
    expect(features).toContain('`generator` (the demo only)');
    expect(features).toContain('`server` (routes only)');
    expect(rules.get('generator')!.text).toContain('`ingest` (its schemas and presets)');
    const broken: string[] = [];
    for (const { file, specifier, target, typeOnly } of imports) {
      if (!target) continue;
      const [from, to] = [layerOf(file), layerOf(target)];
      const inIngest = path.relative(path.join(SRC, 'ingest'), target);
      if (from === 'features' && to === 'config' && !typeOnly)
        broken.push(`${shown(file)} imports ${specifier} for more than its types`);
      if (from === 'generator' && to === 'ingest' && !/^(schemas[/\\]|presets\.ts$)/.test(inIngest))
        broken.push(`${shown(file)} imports ${specifier}, not the ingest schemas or presets`);
    }
    expect(broken).toEqual([]);
  });

  it('has no import circle (npm run check:imports)', () => {
    const circles = findCycles(sourceFiles([SRC])).map((chain) => chain.map(shown).join(' -> '));
    expect(circles).toEqual([]);
  });

  it('keeps features out of the composition root, the server to routes, and slices to each other’s public files', () => {
    const doc = readFileSync(path.join(root, 'docs/ARCHITECTURE.md'), 'utf8');
    for (const folder of FEATURE_RULES.shared) expect(doc).toContain(`\`${folder}/\``);
    for (const slice of FEATURE_RULES.generator) expect(doc).toContain(`Only the \`${slice}\` slice imports`);
    const broken: string[] = [];
    for (const { file, specifier, target } of imports) {
      if (!target) continue;
      const problem = featureImportProblem(file, target, { srcDir: SRC, ...FEATURE_RULES });
      if (problem) broken.push(`${shown(file)} imports ${specifier}: ${problem.messageId}`);
    }
    expect(broken).toEqual([]);
  });

  it('has routes call services, never the database', () => {
    const broken: string[] = [];
    for (const file of sourceFiles([path.join(SRC, 'features')]).filter(isRouteFile)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/\b(?:services|deps)\.db\b/.test(line)) broken.push(`${shown(file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(broken).toEqual([]);
  });
});
