#!/usr/bin/env node
// The `parity` command: runs the compiled CLI's bundle (npm install builds it into dist/).
import { existsSync } from 'node:fs';

const main = new URL('../dist/bundle/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    'parity: the program is not built yet. Run `npm install` (or `npm run build`) in the Parity folder first.',
  );
  process.exit(1);
}
const { run } = await import(main.href);
const code = await run(process.argv.slice(2));
if (code !== 0) process.exit(code);
