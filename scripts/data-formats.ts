// Writes docs/data-formats.md from the dataset schemas.
import { writeFileSync } from 'node:fs';
import { renderDataFormats } from '../src/ingest/docs.js';

writeFileSync(new URL('../docs/data-formats.md', import.meta.url), renderDataFormats());
console.log('docs/data-formats.md written');
