import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../settings.js';
import { nationalCatalogue } from './index.js';
import { SHORT_TITLES, shortTitleOf } from './titles.js';
import { isNumberedStandard } from './types.js';

describe('short titles', () => {
  const entries = nationalCatalogue(resolveSettings({}).settings);

  it('name every indicator of a numbered standard (WRES, WDES, Bank WRES, MWRES), and nothing else', () => {
    const national = entries.filter((e) => isNumberedStandard(e.standard)).map((e) => e.id);
    expect(Object.keys(SHORT_TITLES).sort()).toEqual([...national].sort());
  });

  it('differ within a standard, so no two indicators of it read alike', () => {
    for (const standard of ['WRES', 'WDES', 'BWRES', 'MWRES']) {
      const titles = entries.filter((e) => e.standard === standard).map((e) => shortTitleOf(e));
      const twice = titles.filter((t, i) => titles.indexOf(t) !== i);
      expect(twice, standard).toEqual([]);
    }
  });

  it("fall back to an entry's own title where it has none (the pay gaps)", () => {
    const gap = entries.find((e) => e.standard === 'GPG')!;
    expect(shortTitleOf(gap)).toBe(gap.title);
    expect(shortTitleOf({ id: 'WRES8', title: 'In the last 12 months ...' })).toBe(
      'Discrimination from a manager or colleague',
    );
  });
});
