/**
 * Once before the browser tests, which run two files at a time: Chromium present (installed from Debian
 * when missing) and the stylesheet built, so that no two test files install or build at the same time.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStyles } from '../../../scripts/build-styles.mjs';
import { ensureSystemDeps } from '../../../scripts/system-deps.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export default function setup(): void {
  ensureSystemDeps({ log: (line: string) => console.log(line) });
  if (!existsSync(path.join(ROOT, 'dist/public/parity.css'))) buildStyles();
}
