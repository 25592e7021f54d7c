/**
 * Golden files: every national indicator computed on a small generated trust (the fixture below), the
 * figures projected to their counts and values and compared with src/engine/__golden__/*.json. Every
 * number there is derived by hand in src/engine/__golden__/DERIVATION.md. A missing golden file fails;
 * regenerate deliberately with UPDATE_GOLDEN=1 npx vitest run src/engine/golden.test.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatisticResult } from './algebra/results.js';
import { computeIndicators, type IndicatorResults } from './compute.js';
import { bankMedicalTrust } from './__golden__/bank-medical.fixture.js';
import { fixtureTrust } from './__golden__/trust.fixture.js';
import { exactCount, surveyUnitsTrust } from './__golden__/survey-units.fixture.js';
import { surveyHotspots } from './suppression/survey.js';
import { toPublication } from './suppression/publication.js';

// ------------------------------------------------------------------------------------------------------
// Projection: the counts and values of each result, rounded to 6 decimals for stable files.
// ------------------------------------------------------------------------------------------------------

const r6 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e6) / 1e6);

export function project(result: StatisticResult): unknown {
  switch (result.type) {
    case 'distribution': {
      const row = (x: typeof result.overall) => ({
        total: x.total,
        ...Object.fromEntries(x.groups.map((g) => [g.group, [g.count, r6(g.percent)]])),
      });
      return {
        rows: Object.fromEntries(result.rows.map((x) => [x.key, row(x)])),
        overall: row(result.overall),
      };
    }
    case 'rate':
    case 'relativeLikelihood': {
      const groups = Object.fromEntries(
        [...result.groups, result.all].map((g) => [g.group, [g.numerator, g.denominator, r6(g.value)]]),
      );
      if (result.type === 'rate') return { groups };
      const rl = result.relativeLikelihood;
      return {
        groups,
        rl: r6(rl.value),
        reason: rl.reason,
        band: rl.band,
        flags: rl.flags,
        top: rl.top.group,
        bottom: rl.bottom.group,
      };
    }
    case 'representationDifference':
      return {
        population: [result.population.count, result.population.total, r6(result.population.percent)],
        comparison: [result.comparison.count, result.comparison.total, r6(result.comparison.percent)],
        difference: r6(result.difference),
      };
    case 'surveyPercentage':
      return {
        source: result.source,
        groups: Object.fromEntries(
          result.groups.map((g) => [g.group, [g.numerator, g.base, r6(g.percent), ...g.flags]]),
        ),
        gap: r6(result.gap),
      };
    case 'surveyScore':
      return {
        source: result.source,
        groups: Object.fromEntries(result.groups.map((g) => [g.group, [g.base, g.score]])),
      };
    case 'payGap':
      return {
        reference: [result.reference.group, result.reference.n, r6(result.reference.value)],
        comparisons: result.comparisons.map((c) => [
          c.group,
          c.n,
          r6(c.value),
          r6(c.gap),
          c.reason,
          ...c.combinedFrom,
        ]),
        excluded: Object.fromEntries(result.excluded.map((e) => [e.group, e.n])),
      };
    case 'payQuartiles':
      return Object.fromEntries(
        result.quartiles.map((q) => [
          q.band,
          {
            size: q.size,
            ...Object.fromEntries(q.groups.filter((g) => g.count > 0).map((g) => [g.group, g.count])),
          },
        ]),
      );
  }
}

export function projectAll(
  results: IndicatorResults,
  keep: (ind: IndicatorResults['indicators'][number]) => boolean = () => true,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const ind of results.indicators.filter(keep)) {
    if (ind.recorded) out[ind.id] = ind.recorded;
    for (const part of ind.parts) {
      const m = part.metric;
      out[part.key === 'main' ? ind.id : `${ind.id}.${part.key}`] = {
        ...(project(m.result) as object),
        ...(m.window
          ? { window: `${m.window.years} of ${m.window.requestedYears} years, ${m.window.method}` }
          : {}),
        ...(m.flags.length > 0 ? { metricFlags: m.flags } : {}),
        ...(m.issues.length > 0 ? { issues: m.issues.map((i) => `${i.dataset} ${i.code} x${i.count}`) } : {}),
      };
    }
    if (ind.issues.length > 0)
      out[`${ind.id}.checks`] = ind.issues.map((i) => `${i.dataset} ${i.code} x${i.count}`);
  }
  return out;
}

const GOLDEN = path.join(import.meta.dirname, '__golden__');

function golden(name: string, actual: unknown): void {
  const file = path.join(GOLDEN, name);
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file))
    throw new Error(
      `missing golden file ${file}: run UPDATE_GOLDEN=1 to create it, then check it by hand against DERIVATION.md`,
    );
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

describe('golden: the fixture trust, reporting year 2024', () => {
  const data = fixtureTrust();
  const results = computeIndicators({
    year: 2024,
    datasets: data,
    recorded: {
      WDES9b: { answer: 'yes', narrative: 'Disability staff network co-chairs the EDI steering group.' },
    },
  });

  // The Bank WRES and MWRES have a fixture of their own (bank-medical.test.ts): this trust has no bank
  // workers' activity dates and no medical survey respondents to derive them from.
  const mine = (ind: { standard: string }) => ind.standard !== 'BWRES' && ind.standard !== 'MWRES';

  it('computes every national indicator as derived by hand', () => {
    golden('trust-2024.json', projectAll(results, mine));
  });

  it('has a hand derivation for every indicator in the golden file', () => {
    const derivation = readFileSync(path.join(GOLDEN, 'DERIVATION.md'), 'utf8');
    for (const ind of results.indicators.filter(mine)) expect(derivation, ind.id).toContain(`\`${ind.id}\``);
  });
});

describe('golden: the Bank WRES and MWRES of a trust with bank-only workers and doctors, 2024', () => {
  const variants = (ind: { standard: string }) => ind.standard === 'BWRES' || ind.standard === 'MWRES';
  const results = computeIndicators({ year: 2024, datasets: bankMedicalTrust() });

  it('computes every Bank WRES and MWRES indicator as derived by hand', () => {
    golden('bank-medical-2024.json', projectAll(results, variants));
  });

  it('has a hand derivation for every Bank WRES and MWRES indicator', () => {
    const derivation = readFileSync(path.join(GOLDEN, 'BANK-MEDICAL.md'), 'utf8');
    const ids = results.indicators.filter(variants).map((i) => i.id);
    expect(ids.length).toBe(18);
    for (const id of ids) expect(derivation, id).toContain(`\`${id}\``);
  });

  it('names the rows of Bank WRES 1 by sex in words', () => {
    const r = results.indicators.find((i) => i.id === 'BWRES1')!.parts[0]!.metric.result;
    expect(r.type === 'distribution' && r.rows.map((x) => x.label)).toEqual(['Women', 'Men']);
  });

  it('names the bank survey as the survey Bank WRES 4-7 read, and the staff survey for the MWRES', () => {
    const titles = Object.fromEntries(
      toPublication(results, { suppress: false })
        .filter((p) => ['BWRES4', 'MWRES5'].includes(p.id))
        .map((p) => [p.id, p.parts[0]!.tables[0]!.title]),
    );
    expect(titles).toEqual({
      BWRES4:
        'NHS Staff Survey for bank only workers 2023: Harassment, bullying or abuse from patients, service users, relatives or the public',
      MWRES5:
        'NHS Staff Survey 2023: Harassment, bullying or abuse from patients, service users, relatives or the public',
    });
  });

  it('follows the settings: the activity window, unknown activity and the dismissal rule', () => {
    const with_ = (settings: Record<string, unknown>) =>
      projectAll(computeIndicators({ year: 2024, datasets: bankMedicalTrust(), settings }), variants);
    // Three months (1 January to 31 March 2024): B03 and B04 are no longer active (BANK-MEDICAL.md).
    const short = with_({ 'bankWres.activeWindowMonths': 3 }) as Record<
      string,
      { overall: { total: number } }
    >;
    expect(short.BWRES1!.overall.total).toBe(13);
    const strict = with_({ 'bankWres.unknownActivity': 'INACTIVE' }) as Record<
      string,
      { overall: { total: number } }
    >;
    expect(strict.BWRES1!.overall.total).toBe(14);
    const capability = with_({
      'bankWres.dismissalCaseTypes': ['disciplinary', 'capability_performance'],
    }) as Record<string, { groups: Record<string, number[]> }>;
    expect(capability.BWRES3!.groups.WHITE![0]).toBe(2);
  });
});

describe('golden: the staff survey by unit, and its hotspots, 2024', () => {
  const results = computeIndicators({
    year: 2024,
    datasets: surveyUnitsTrust(),
    breakdown: ['careGroup', 'directorate'],
    only: ['WRES5', 'WRES8'],
  });
  const figures = () => {
    const out: Record<string, unknown> = {};
    for (const ind of results.indicators) {
      const m = ind.parts[0]!.metric;
      out[ind.id] = {
        organisation: project(m.result),
        ...Object.fromEntries(
          m.breakdowns.map((b) => [
            b.by.join('+'),
            Object.fromEntries(b.rows.map((row) => [row.key, project(row.result)])),
          ]),
        ),
      };
      for (const b of m.breakdowns)
        for (const minBase of [0, 11]) {
          // Every count as counted (the full view): the ranking of SURVEY-UNITS.md before any disclosure control.
          const rows = b.rows.flatMap((row) =>
            row.result.type === 'surveyPercentage'
              ? [{ key: row.key, result: row.result, count: exactCount }]
              : [],
          );
          out[`${ind.id} hotspots by ${b.by.join('+')}, minimum group ${minBase}`] = surveyHotspots(
            rows,
            results.settings,
            ind.adverseDirection,
            minBase,
          ).map((h) => [h.key, r6(h.gap), r6(h.likelihood?.value ?? null), h.hidden]);
        }
    }
    return out;
  };

  it('computes each unit’s figures and ranks the units as derived by hand', () => {
    golden('survey-units-2024.json', figures());
  });

  it('has a hand derivation for each figure in the golden file', () => {
    const derivation = readFileSync(path.join(GOLDEN, 'SURVEY-UNITS.md'), 'utf8');
    for (const key of Object.keys(figures())) expect(derivation, key).toContain(`\`${key}\``);
  });
});
