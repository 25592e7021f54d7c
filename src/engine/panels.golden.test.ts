/**
 * Golden file of the shipped recruitment panel metrics (interview panels at Band 8a and above, internal
 * applicants appointed, bank-to-substantive moves) on the fixture of `__golden__/panels.fixture.ts`; every
 * number in `__golden__/panels-2024.json` is derived by hand in `__golden__/PANELS.md`. Regenerate
 * deliberately with UPDATE_GOLDEN=1 npx vitest run src/engine/panels.golden.test.ts, then check it by hand.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatisticResult } from './algebra/results.js';
import { computeIndicators } from './compute.js';
import { RECRUITMENT_PANEL_EXAMPLES } from './local/examples/recruitment-panels.js';
import { panelsTrust } from './__golden__/panels.fixture.js';

const r6 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e6) / 1e6);

/** Counts and values of a rate or relative likelihood, as golden.test.ts projects them. */
function project(result: StatisticResult): unknown {
  if (result.type !== 'rate' && result.type !== 'relativeLikelihood')
    throw new Error(`no projection for ${result.type}`);
  const groups = Object.fromEntries(
    [...result.groups, result.all].map((g) => [g.group, [g.numerator, g.denominator, r6(g.value)]]),
  );
  if (result.type === 'rate') return { groups };
  const rl = result.relativeLikelihood;
  return { groups, rl: r6(rl.value), top: rl.top.group, bottom: rl.bottom.group };
}

const GOLDEN = path.join(import.meta.dirname, '__golden__', 'panels-2024.json');

describe('golden: recruitment panels, internal applicants and bank-to-substantive moves', () => {
  it('matches panels-2024.json', () => {
    const results = computeIndicators({
      year: 2024,
      datasets: panelsTrust(),
      only: RECRUITMENT_PANEL_EXAMPLES.map((d) => d.id),
      localMetrics: RECRUITMENT_PANEL_EXAMPLES,
    });
    expect(results.localProblems).toEqual([]);
    const actual: Record<string, unknown> = {};
    for (const local of results.local) {
      const m = local.parts[0]!.metric;
      actual[local.id] = {
        ...(project(m.result) as object),
        ...Object.fromEntries(
          m.breakdowns.map((b) => [
            `by ${b.by.join(' x ')}`,
            Object.fromEntries(b.rows.map((r) => [r.key, project(r.result)])),
          ]),
        ),
        ...(m.issues.length > 0 ? { issues: m.issues.map((i) => `${i.dataset} ${i.code} x${i.count}`) } : {}),
      };
    }
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    expect(existsSync(GOLDEN), 'missing golden file (run with UPDATE_GOLDEN=1 and check it)').toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('counts training lapsed after a year (setting panels.trainingValidYears) as PANELS.md derives', () => {
    const results = computeIndicators({
      year: 2024,
      datasets: panelsTrust(),
      only: ['panels-8a-trained-member'],
      localMetrics: RECRUITMENT_PANEL_EXAMPLES,
      settings: { 'panels.trainingValidYears': 1 },
    });
    const m = results.local[0]!.parts[0]!.metric;
    expect(project(m.result)).toEqual({ groups: { ALL: [3, 6, 0.5] } });
    const byUnit = m.breakdowns[0]!.rows.map((r) => [r.key, project(r.result)]);
    expect(byUnit).toEqual([
      ['Corporate', { groups: { ALL: [1, 1, 1] } }],
      ['Medicine', { groups: { ALL: [0, 3, 0] } }],
      ['Surgery', { groups: { ALL: [2, 2, 1] } }],
    ]);
    expect(m.issues.map((i) => `${i.dataset} ${i.code} x${i.count}`)).toContain('panels UNDATED_TRAINING x3');
  });
});
