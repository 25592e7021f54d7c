import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDataFormats } from './docs.js';
import { DATASET_IDS, DATASETS } from './schemas/index.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('docs/data-formats.md', () => {
  it('is what the schemas say (run npm run docs:data-formats after changing a schema)', () => {
    expect(readFileSync(path.join(root, 'docs/data-formats.md'), 'utf8')).toBe(renderDataFormats());
  });

  it('documents every field of every dataset, with an example file for each dataset', () => {
    const doc = renderDataFormats();
    for (const id of DATASET_IDS) {
      expect(doc).toContain(`(\`${id}\`)`);
      for (const f of DATASETS[id].fields) expect(doc).toContain(`| \`${f.key}\` |`);
      expect(existsSync(path.join(root, 'examples', `${id}.csv`)), `examples/${id}.csv`).toBe(true);
    }
  });

  it('gives every field a meaning, accepted values and an example', () => {
    for (const id of DATASET_IDS)
      for (const f of DATASETS[id].fields) {
        expect(f.description.length, `${id}.${f.key}`).toBeGreaterThan(10);
        expect(f.accepted.length, `${id}.${f.key}`).toBeGreaterThan(3);
        expect(f.example.length, `${id}.${f.key}`).toBeGreaterThan(0);
      }
  });
});
