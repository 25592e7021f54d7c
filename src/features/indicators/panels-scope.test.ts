/**
 * A care group's view of interview panels: its panels are those for posts in it, and a member from
 * another care group (an independent member, an ethnic minority representative) counts as they do in the
 * whole organisation's view, though their workforce record lies outside the care group.
 */
import { describe, expect, it } from 'vitest';
import { computeIndicators } from '../../engine/compute.js';
import { RECRUITMENT_PANEL_EXAMPLES } from '../../engine/local/examples/recruitment-panels.js';
import { panelsTrust } from '../../engine/__golden__/panels.fixture.js';
import { limitToUnits } from './indicators.service.js';

const rate = (datasets: ReturnType<typeof panelsTrust>, id: string) => {
  const results = computeIndicators({
    year: 2024,
    datasets,
    only: [id],
    localMetrics: RECRUITMENT_PANEL_EXAMPLES,
  });
  const r = results.local[0]!.parts[0]!.metric.result;
  return r.type === 'rate' ? [r.all.numerator, r.all.denominator] : null;
};

describe('interview panels in a care group’s view', () => {
  it('keeps the panels for posts in the care group, with members’ ethnicity from anywhere in the trust', () => {
    const trust = panelsTrust();
    // Move the ESR records of P2's member S03 (Black African) out of Medicine: P1 and P2 keep an ethnic
    // minority member in Medicine's view, as in the whole trust's (PANELS.md).
    const workforce = trust.workforce!.map((r) =>
      r.personId === 'S03' ? { ...r, unitPath: ['Surgery'] } : r,
    );
    const medicine = limitToUnits({ ...trust, workforce }, ['Medicine']);
    expect(rate(medicine, 'panels-8a-ethnic-minority-member')).toEqual([2, 3]);
    expect(rate(medicine, 'panels-8a-trained-member')).toEqual([1, 3]);
    // Surgery's panels: P3 by its own unit, P5 by its vacancy's (the panel file gives none).
    const surgery = limitToUnits({ ...trust, workforce }, ['Surgery']);
    expect(rate(surgery, 'panels-8a-trained-member')).toEqual([2, 2]);
  });
});
