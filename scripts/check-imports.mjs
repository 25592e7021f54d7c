// `npm run check:imports [folders...]`: lists every import circle among the project's own modules (src by
// default) as a chain of files, and exits 1 if there is one. Type-only imports count (see
// tools/eslint/import-graph.mjs); the lint rule `parity/no-import-cycle` stops a new circle file by file.
import path from 'node:path';
import process from 'node:process';
import { findCycles, sourceFiles } from '../tools/eslint/import-graph.mjs';

const folders = process.argv.slice(2);
if (folders.length === 0) folders.push('src');

let files;
try {
  files = sourceFiles(folders);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const cycles = findCycles(files);
const shown = (file) => path.relative(process.cwd(), file).split(path.sep).join('/');
const where = folders.join(', ');
if (cycles.length === 0) {
  console.log(`No import circles in ${where} (${files.length} files).`);
} else {
  console.log(`${cycles.length} import circle${cycles.length === 1 ? '' : 's'} in ${where}:`);
  cycles.forEach((chain, i) => console.log(`${i + 1}. ${chain.map(shown).join(' -> ')}`));
  console.log('Move what both sides need into the module it belongs to (docs/ARCHITECTURE.md).');
  process.exitCode = 1;
}
