// Bundles the compiled CLI (dist/cli/main.js and everything it imports) into a few files under
// dist/bundle/, so that starting `parity` reads a handful of files instead of some 900 modules (its own and
// those of kysely, apache-arrow, zod and the Parquet and CSV libraries). Lazily imported parts (the web
// server, the document writers, the generator) stay separate chunks, loaded on first use as before.
//
// Packages with native code, their own files beside their modules (fonts, WebAssembly, templates) or a
// large CommonJS tree stay outside the bundle and are loaded from node_modules as usual. The worker
// threads are bundled too (dist/bundle/<name>.worker.js), and the modules that start them find them beside
// themselves in the bundle. Every other module that finds its files beside itself (templates, the
// stylesheet, fonts) keeps its own address: rewritten in the bundle to that of its compiled file under
// dist/, where the build copied those files.
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Dependencies bundled with Parity's own code: plain ESM JavaScript, many small modules each. */
const BUNDLED = new Set(['apache-arrow', 'commander', 'csv-parse', 'hyparquet-writer', 'kysely', 'zod']);

/** The worker threads (entry points of their own) and the modules that start them, under dist/. */
const WORKERS = [
  { worker: 'server/prepare.worker.js', startedBy: 'server/prepare.js' },
  { worker: 'features/datasets/check.worker.js', startedBy: 'features/datasets/datasets.service.js' },
];

/**
 * Bundles `<dist>/cli/main.js` into `<dist>/bundle/`, then writes the fingerprint of everything under
 * `<dist>` that kept figures are keyed by (src/shared/code-fingerprint.ts). Returns the bundle's size in
 * bytes.
 */
export async function bundleCli(dist) {
  const out = path.join(dist, 'bundle');
  const entry = path.join(dist, 'cli', 'main.js');
  const starters = new Set(WORKERS.map((w) => path.join(dist, w.startedBy)));
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name));
  const ownAddress = {
    name: 'own-address',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, async (args) => {
        if (args.path === entry || starters.has(args.path) || !args.path.startsWith(`${dist}${path.sep}`))
          return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const address = path.relative(out, args.path).split(path.sep).join('/');
        return {
          contents: text.replaceAll(
            'import.meta.url',
            `new URL(${JSON.stringify(address)}, import.meta.url).href`,
          ),
          loader: 'js',
          resolveDir: path.dirname(args.path),
        };
      });
    },
  };
  const result = await build({
    entryPoints: [entry, ...WORKERS.map((w) => path.join(dist, w.worker))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    splitting: true,
    outdir: out,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    external,
    plugins: [ownAddress],
    metafile: true,
    logLevel: 'warning',
    // A bundled CommonJS module's require() of Node's own modules needs a require in an ES module.
    banner: {
      js: "import { createRequire as __parityCreateRequire } from 'node:module'; const require = __parityCreateRequire(import.meta.url);",
    },
  });
  const { fingerprintOf, FINGERPRINT_FILE } = await import(
    pathToFileURL(path.join(dist, 'shared', 'code-fingerprint.js')).href
  );
  writeFileSync(path.join(dist, FINGERPRINT_FILE), `${await fingerprintOf(dist)}\n`);
  return Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
}
