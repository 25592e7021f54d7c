// Compiles Parity's stylesheet (the NHS.UK design system plus Parity's own rules) to dist/public.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as sass from 'sass';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function buildStyles() {
  const started = performance.now();
  const result = sass.compile(path.join(root, 'src/server/styles/parity.scss'), {
    loadPaths: [path.join(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  });
  const out = path.join(root, 'dist/public');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'parity.css'), result.css);
  return { bytes: Buffer.byteLength(result.css), ms: Math.round(performance.now() - started) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { bytes, ms } = buildStyles();
  console.log(`styles: dist/public/parity.css (${Math.round(bytes / 1024)} KiB) in ${ms} ms`);
}
