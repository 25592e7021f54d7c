// The graph of the project's own imports (relative specifiers only: a package cannot import us back), read
// from the files on disk. Type-only imports, re-exports and `import()` count: a circle of types still ties
// two modules together, and the way out is the same (move what both need to the module it belongs to).
// Used by the `parity/no-import-cycle` lint rule and by `npm run check:imports`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;
// NodeNext: `./x.js` in TypeScript source names `./x.ts`.
const COMPILED_TO_SOURCE = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };
const BARE = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];

/** Every module specifier a source text imports or re-exports, dynamic and type-only ones included. */
export function importSpecifiers(text) {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

const isFile = (file) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;

/** The file a relative specifier names, or null for a package (or a file that does not exist). */
export function resolveImport(fromFile, specifier) {
  if (!/^\.\.?(?:\/|$)/.test(specifier)) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const ext = path.extname(base);
  const stem = base.slice(0, base.length - ext.length);
  const candidates = [
    ...(COMPILED_TO_SOURCE[ext] ?? []).map((e) => stem + e),
    base,
    ...BARE.map((e) => base + e),
    ...BARE.map((e) => path.join(base, 'index' + e)),
  ];
  return candidates.find(isFile) ?? null;
}

/**
 * The files each file imports, read lazily and kept while the file is unchanged (its modification time
 * and size), so a long-lived lint process (an editor) sees edits without re-reading the whole tree.
 */
export class ImportGraph {
  #entries = new Map();

  /** The project files `file` imports (absolute paths), in source order, each once. */
  targets(file) {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) {
      this.#entries.delete(file);
      return [];
    }
    const cached = this.#entries.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      // A specifier that named no file may name one now.
      if (cached.unresolved.length === 0) return cached.targets;
    }
    const specifiers = importSpecifiers(readFileSync(file, 'utf8'));
    const targets = [];
    const unresolved = [];
    for (const specifier of specifiers) {
      const target = resolveImport(file, specifier);
      if (target) {
        if (!targets.includes(target)) targets.push(target);
      } else if (specifier.startsWith('.')) unresolved.push(specifier);
    }
    this.#entries.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, targets, unresolved });
    return targets;
  }

  /**
   * The shortest chain of imports from `from` to `to` (both included), or null when `to` is not reachable.
   * `targetsOf` lets a caller answer for one file from text not yet on disk.
   */
  shortestPath(from, to, targetsOf = (file) => this.targets(file)) {
    if (from === to) return [from];
    const parent = new Map([[from, null]]);
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i];
      for (const next of targetsOf(node)) {
        if (parent.has(next)) continue;
        parent.set(next, node);
        if (next === to) {
          const chain = [to];
          for (let at = node; at !== null; at = parent.get(at)) chain.push(at);
          return chain.reverse();
        }
        queue.push(next);
      }
    }
    return null;
  }
}

/** Every source file under the given folders (declaration files and dependencies left out), sorted. */
export function sourceFiles(folders) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) out.push(full);
    }
  };
  for (const folder of folders) {
    const full = path.resolve(folder);
    if (statSync(full, { throwIfNoEntry: false })?.isDirectory()) walk(full);
    else if (isFile(full)) out.push(full);
    else throw new Error(`There is no file or folder ${folder}`);
  }
  return [...new Set(out)].sort();
}

/**
 * The import circles among `files` (and the files they reach): one chain per circle, first file repeated
 * at the end. Each tangle (strongly connected set) is reported by enough circles to cover every import
 * inside it, so each import to undo appears in some chain.
 */
export function findCycles(files, graph = new ImportGraph()) {
  // Tarjan's strongly connected components, iterative (deep chains must not overflow the stack).
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let counter = 0;
  for (const start of files) {
    if (index.has(start)) continue;
    const work = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = graph.targets(frame.node);
      if (frame.next < targets.length) {
        const next = targets[frame.next++];
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ node: next, next: 0 });
        } else if (onStack.has(next)) low.set(frame.node, Math.min(low.get(frame.node), index.get(next)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfImport = component.length === 1 && graph.targets(member).includes(member);
        if (component.length > 1 || selfImport) components.push(component.sort());
      }
    }
  }

  const cycles = [];
  for (const component of components.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const inside = new Set(component);
    const within = (file) => graph.targets(file).filter((t) => inside.has(t));
    const covered = new Set();
    for (const from of component) {
      for (const to of within(from)) {
        if (covered.has(`${from}\n${to}`)) continue;
        const back = graph.shortestPath(to, from, within);
        const chain = [from, ...back];
        for (let i = 0; i + 1 < chain.length; i++) covered.add(`${chain[i]}\n${chain[i + 1]}`);
        cycles.push(chain);
      }
    }
  }
  return cycles;
}
