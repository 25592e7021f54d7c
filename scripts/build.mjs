// Builds Parity into dist/: the TypeScript, the templates and scripts beside it, the stylesheet, and the
// CLI's bundle (bundle.mjs) that bin/parity.js starts.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStyles } from './build-styles.mjs';
import { bundleCli } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

// Templates and browser scripts are not TypeScript: copy them next to the compiled code that loads them.
let copied = 0;
const copyAssets = (dir) => {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) copyAssets(full);
    else if (name.endsWith('.njk') || full.includes(`${path.sep}server${path.sep}public${path.sep}`)) {
      cpSync(full, path.join(dist, path.relative(src, full)));
      copied++;
    }
  }
};
copyAssets(src);
const styles = buildStyles();
const bundled = await bundleCli(dist);
console.log(
  `build: dist/ ready (${copied} templates and scripts copied, stylesheet ${Math.round(styles.bytes / 1024)} KiB, CLI bundle ${Math.round(bundled / 1024)} KiB)`,
);
