// ESLint rules on what imports what, beyond the layers of docs/ARCHITECTURE.md:
// - `no-import-cycle`: an import whose target leads back to the importing file (type-only imports count);
// - `feature-boundary`: a slice reaches another slice only through its public files, features never import
//   the server's composition root, only routes import from src/server, and only the slices that make
//   synthetic data import src/generator.
// Both resolve relative specifiers to files, so a path is caught however it is spelled.
import path from 'node:path';
import { ImportGraph, resolveImport } from './import-graph.mjs';

/** Calls `found(node, specifier)` for every module specifier in a file, type-only and dynamic ones too. */
function moduleSources(found) {
  const literal = (node) => {
    if (node?.type === 'Literal' && typeof node.value === 'string') found(node, node.value);
  };
  return {
    ImportDeclaration: (node) => literal(node.source),
    ExportAllDeclaration: (node) => literal(node.source),
    ExportNamedDeclaration: (node) => literal(node.source),
    ImportExpression: (node) => literal(node.source),
    TSImportType: (node) => literal(node.source ?? node.argument?.literal),
    TSExternalModuleReference: (node) => literal(node.expression),
  };
}

const shown = (cwd, file) => path.relative(cwd, file).split(path.sep).join('/');

// One graph per lint process: files are re-read only when they change (see ImportGraph).
const graph = new ImportGraph();

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No module imports, directly or through others, a module that imports it back.' },
    schema: [],
    messages: {
      cycle:
        'This import closes a circle: {{chain}}. Move what both sides need into the module it belongs to (docs/ARCHITECTURE.md).',
    },
  },
  create(context) {
    const file = context.filename;
    if (!path.isAbsolute(file)) return {};
    const found = [];
    return {
      ...moduleSources((node, specifier) => {
        if (specifier.startsWith('.')) found.push({ node, specifier });
      }),
      'Program:exit'() {
        const resolved = found
          .map((f) => ({ ...f, target: resolveImport(file, f.specifier) }))
          .filter((f) => f.target !== null);
        if (resolved.length === 0) return;
        // This file's imports as the text being linted has them (an editor's unsaved buffer included);
        // every other file's as on disk, each read once per run of the rule.
        const seen = new Map([[file, [...new Set(resolved.map((f) => f.target))]]]);
        const targetsOf = (f) => {
          let targets = seen.get(f);
          if (!targets) seen.set(f, (targets = graph.targets(f)));
          return targets;
        };
        for (const { node, target } of resolved) {
          const back = graph.shortestPath(target, file, targetsOf);
          if (!back) continue;
          const chain = [file, ...back].map((f) => shown(context.cwd, f)).join(' -> ');
          context.report({ node, messageId: 'cycle', data: { chain } });
        }
      },
    };
  },
};

/**
 * The feature slices' import rules, by default as docs/ARCHITECTURE.md states them. `shared`: slice
 * subfolders other slices may import from (a slice's other subfolders are its own); `generator`: the slices
 * that may import src/generator.
 */
export const FEATURE_RULES = {
  shared: ['dashboard/pages', 'plans/export'],
  generator: ['demo'],
};

/** Route modules: the only feature files that import from src/server, and private to their slice. */
export const isRouteFile = (file) => /\.(routes|http)\.ts$/.test(file);

/**
 * Why `from` (a file under `featuresDir`) must not import `to`, or null when it may. Paths are absolute;
 * `srcDir` is the folder holding features/, server/ and generator/.
 */
export function featureImportProblem(from, to, { srcDir, shared, generator }) {
  const features = path.join(srcDir, 'features') + path.sep;
  if (!from.startsWith(features) || /\.test\.ts$/.test(from)) return null;
  const [fromSlice] = path.relative(features, from).split(path.sep);
  const server = path.join(srcDir, 'server') + path.sep;
  if (to === path.join(srcDir, 'server', 'app.ts')) return { messageId: 'app' };
  if (to.startsWith(server)) return isRouteFile(from) ? null : { messageId: 'server' };
  if (to.startsWith(path.join(srcDir, 'generator') + path.sep))
    return generator.includes(fromSlice) ? null : { messageId: 'generator', data: { slice: fromSlice } };
  if (!to.startsWith(features)) return null;
  const parts = path.relative(features, to).split(path.sep);
  const toSlice = parts[0];
  // A file at the root of features/ (the services' composition) belongs to no slice.
  if (parts.length === 1 || toSlice === fromSlice) return null;
  const name = parts.at(-1);
  const folder = parts.slice(0, -1).join('/');
  // Services and repositories are public wherever they sit; other files at the top of the slice or in a
  // shared folder are its models and presenters; routes, workers and tests are the slice's own.
  const open =
    /\.(service|repository)\.ts$/.test(name) ||
    ((parts.length === 2 || shared.includes(folder)) &&
      !isRouteFile(name) &&
      !/\.(worker|test)\.ts$/.test(name));
  return open ? null : { messageId: 'private', data: { slice: toSlice } };
}

/** @type {import('eslint').Rule.RuleModule} */
export const featureBoundary = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Feature slices import each other’s public files, and the server only from routes.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          srcDir: { type: 'string' },
          shared: { type: 'array', items: { type: 'string' } },
          generator: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      app: 'Features must not import the composition root src/server/app.ts (it imports them): route types and helpers are in src/server/routing.ts.',
      server:
        'Only routes (*.routes.ts, *.http.ts) import from src/server; a service, repository or model stays free of the web.',
      generator: 'The {{slice}} slice must not import src/generator: only the demo makes synthetic data.',
      private:
        '{{source}} is private to the {{slice}} slice: import its services and repositories, the other files at the top of the slice but its routes, or a shared folder (docs/ARCHITECTURE.md).',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const settings = {
      srcDir: path.resolve(context.cwd, options.srcDir ?? 'src'),
      shared: options.shared ?? FEATURE_RULES.shared,
      generator: options.generator ?? FEATURE_RULES.generator,
    };
    const file = context.filename;
    if (!file.startsWith(path.join(settings.srcDir, 'features') + path.sep)) return {};
    return moduleSources((node, specifier) => {
      if (!specifier.startsWith('.')) return;
      // Where the specifier points, whether or not the file exists yet (`./x.js` names `./x.ts`).
      const target =
        resolveImport(file, specifier) ?? path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
      const problem = featureImportProblem(file, target, settings);
      if (problem)
        context.report({ node, messageId: problem.messageId, data: { source: specifier, ...problem.data } });
    });
  },
};
