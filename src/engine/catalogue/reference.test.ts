import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_SETTINGS } from '../settings.js';
import { indicatorReference } from './reference.js';

describe('docs/indicators.md', () => {
  it('is what the catalogue and settings say (run npm run docs:indicators after changing them)', () => {
    const file = path.resolve(import.meta.dirname, '../../../docs/indicators.md');
    expect(readFileSync(file, 'utf8')).toBe(`${indicatorReference()}\n`);
  });

  it('documents every setting with its default, and marks the unconfirmed ones', () => {
    const doc = indicatorReference();
    for (const [id, d] of Object.entries(ENGINE_SETTINGS)) {
      expect(doc).toContain(`| \`${id}\` |`);
      expect(d.description.length, id).toBeGreaterThan(10);
      expect(d.source.length, id).toBeGreaterThan(3);
    }
    expect(Object.values(ENGINE_SETTINGS).filter((d) => d.unconfirmed).length).toBeGreaterThan(15);
    for (const id of ['WRES 1', 'WRES 9', 'WDES 1', 'WDES 10'])
      expect(doc).toContain(`### ${id.replace(' ', ' ')}`);
  });
});
