// Writes docs/indicators.md from the engine's catalogue and settings.
import { writeFileSync } from 'node:fs';
import { indicatorReference } from '../src/engine/index.js';

writeFileSync(new URL('../docs/indicators.md', import.meta.url), `${indicatorReference()}\n`);
console.log('docs/indicators.md written');
