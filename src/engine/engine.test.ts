/** Whole-engine properties: record order never matters, results are plain JSON without NaN or Infinity. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeIndicators, withChanges, type IndicatorResults } from './compute.js';
import { fixtureTrust } from './__golden__/trust.fixture.js';
import { CULTURE_DASHBOARD_EXAMPLES } from './local/examples/culture-dashboard.js';
import { ENGINE_SETTINGS, resolveSettings } from './settings.js';
import { toPublication } from './suppression/publication.js';
import { nationalCatalogue } from './catalogue/index.js';
import { methodologyMarkdown } from './catalogue/methodology.js';
import type { Datasets } from './algebra/context.js';

function walk(value: unknown, path: string, visit: (v: unknown, p: string) => void): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, visit);
}

const datasets = (): Datasets => {
  const data: Datasets & { ids?: unknown } = fixtureTrust();
  delete data.ids;
  return data;
};

const compute = (data: Datasets): IndicatorResults =>
  computeIndicators({
    year: 2024,
    datasets: data,
    localMetrics: CULTURE_DASHBOARD_EXAMPLES,
    breakdown: ['careGroup'],
    previous: 'compute',
  });

describe('the engine as a whole', () => {
  const results = compute(datasets());

  it('returns plain JSON: no NaN, no Infinity, no undefined, no functions', () => {
    walk(results, '$', (v, p) => {
      if (typeof v === 'number') expect(Number.isFinite(v), p).toBe(true);
      expect(v === undefined || typeof v === 'function', p).toBe(false);
    });
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
  });

  it('compares with the year before as withChanges does from the two years computed alone, changing neither', () => {
    const aloneOf = (year: number) =>
      computeIndicators({
        year,
        datasets: datasets(),
        localMetrics: CULTURE_DASHBOARD_EXAMPLES,
        breakdown: ['careGroup'],
        previous: null,
      });
    const current = aloneOf(2024);
    const before = aloneOf(2023);
    const kept = JSON.stringify([current, before]);
    const compared = withChanges(current, before);
    expect(compared).toEqual(results);
    expect(compared.indicators.some((i) => (i.change ?? []).length > 0)).toBe(true);
    expect(JSON.stringify([current, before])).toBe(kept);
    expect(current.indicators.every((i) => i.change === null)).toBe(true);
  });

  it('property: results do not depend on the order of the records', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const data = datasets();
        let s = seed;
        const random = () => {
          s = (s * 1103515245 + 12345) & 0x7fffffff;
          return s / 0x7fffffff;
        };
        const shuffle = <T>(list: readonly T[] | undefined): T[] | undefined => {
          if (!list) return list;
          const out = [...list];
          for (let i = out.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const shuffled: Datasets = Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, shuffle(v as readonly unknown[])]),
        );
        expect(compute(shuffled)).toEqual(results);
      }),
      { numRuns: 5 },
    );
  });

  it('labels the change against the previous period', () => {
    const wres1 = results.indicators.find((i) => i.id === 'WRES1')!;
    expect(wres1.change).not.toBeNull();
    const wres2 = results.indicators.find((i) => i.id === 'WRES2')!;
    // 2023 has a single FY 2022/23 appointment (White), so no BME rate: not comparable.
    expect(wres2.change!.find((c) => c.measure === 'relativeLikelihood')!.status).toBe('not comparable');
    const wres3 = results.indicators.find((i) => i.id === 'WRES3')!;
    // Year 2023 has no 2022 snapshot: its window is incomplete (one year): BME 1/19, White 1/35 -> 1.84; now
    // 2.73 over two years pooled. Figures of different windows are not compared, and the reason says so.
    const change = wres3.change!.find((c) => c.measure === 'relativeLikelihood')!;
    expect(change.previous).toBeCloseTo(1 / 19 / (1 / 35), 10);
    expect(change.status).toBe('not comparable');
    expect(change.reason).toContain('covers one year (2022/23), this year’s two years pooled');
  });

  it('reports invalid settings and keeps the default', () => {
    const r = resolveSettings({ 'stats.nonAdverseUpper': 'high', 'no.such': 1, 'survey.minBase': 20 });
    expect(r.problems.map((p) => p.setting)).toEqual(['no.such', 'stats.nonAdverseUpper']);
    expect(r.settings['stats.nonAdverseUpper']).toBe(1.25);
    expect(r.settings['survey.minBase']).toBe(20);
    for (const def of Object.values(ENGINE_SETTINGS)) expect(def.validate(def.default), def.id).toEqual([]);
  });

  it('makes the settings change the figures: one-year, mean-of-ratios and average denominators', () => {
    const one = computeIndicators({
      year: 2024,
      datasets: datasets(),
      settings: { 'wres.indicator3.windowYears': 1 },
      only: ['WRES3'],
    });
    const r1 = one.indicators[0]!.parts[0]!.metric.result;
    expect(r1.type === 'relativeLikelihood' && r1.relativeLikelihood.value).toBeCloseTo(
      2 / 20 / (1 / 36),
      10,
    );
    const mean = computeIndicators({
      year: 2024,
      datasets: datasets(),
      settings: { 'wres.indicator3.windowMethod': 'MEAN_OF_RATIOS' },
      only: ['WRES3'],
    });
    const r2 = mean.indicators[0]!.parts[0]!.metric.result;
    expect(r2.type === 'relativeLikelihood' && r2.relativeLikelihood.value).toBeCloseTo(
      (2 / 20 / (1 / 36) + 1 / 19 / (1 / 35)) / 2,
      10,
    );
    const avg = computeIndicators({
      year: 2024,
      datasets: datasets(),
      settings: { 'casework.workforceDenominator': 'AVERAGE', 'wres.indicator3.windowYears': 1 },
      only: ['WRES3'],
    });
    const r3 = avg.indicators[0]!.parts[0]!.metric.result;
    expect(r3.type === 'relativeLikelihood' && r3.groups.slice(0, 2).map((g) => g.denominator)).toEqual([
      35.5, 19.5,
    ]);
  });

  it('publishes with small numbers suppressed and figures rounded for display', () => {
    const published = toPublication(results);
    const wres2 = published.find((p) => p.id === 'WRES2')!.parts[0]!;
    // BME appointed = 1 and the unknown counts are small: the RL, which would reveal them, is hidden.
    expect(wres2.headline[0]!.text).toBe('*');
    const wres1 = published.find((p) => p.id === 'WRES1')!.parts[0]!.tables[0]!;
    // Overall: White 36 and the total 60 are rounded to 35 and 60, BME 20 stays 20, and the percentages are
    // of the rounded counts (35 / 60 = 58.3%); the unknown 4 is withheld and nothing else needs to be.
    expect(wres1.rows.at(-1)!.cells.map((c) => c.text)).toEqual([
      '35',
      '58.3%',
      '20',
      '33.3%',
      '*',
      '*',
      '60',
    ]);
    expect(wres1.rows[0]!.cells.map((c) => c.text)).toEqual(['*', '*', '*', '*', '*', '*', '10']); // 7, 2 and 1 are all 1-7
    const gpg = published.find((p) => p.id === 'GPG_MEAN')!.parts[0]!;
    expect(gpg.headline[0]!.text).toBe('*');
  });

  it('reads survey figures named by the engine, by the indicator ("WRES5", "WDES 4a (i)") or by the question ("Q14a")', () => {
    const survey = (rename: (measure: string, scheme: string) => string) => {
      const data = datasets();
      const renamed = (data.surveyAggregates ?? []).map((a) => ({
        ...a,
        measure: rename(a.measure, a.scheme),
      }));
      const r = computeIndicators({
        year: 2024,
        datasets: { ...data, surveyAggregates: renamed },
        only: ['WRES5', 'WDES4a_i'],
      });
      return r.indicators.map((i) => [i.id, i.parts[0]!.metric.result, i.parts[0]!.metric.issues]);
    };
    const asGiven = survey((m) => m);
    expect(asGiven.map(([, result]) => (result as { source: string }).source)).toEqual([
      'aggregates',
      'aggregates',
    ]);
    const byIndicator = survey((m, scheme) =>
      m === 'hba_public' ? (scheme === 'ethnicity' ? 'WRES5' : 'WDES 4a (i)') : m,
    );
    expect(byIndicator).toEqual(asGiven);
    expect(survey((m) => (m === 'hba_public' ? 'Q14a' : m))).toEqual(asGiven);
    // The same figures under two names are read once, and the user is told which were used.
    const data = datasets();
    const twice = [
      ...data.surveyAggregates!,
      ...data
        .surveyAggregates!.filter((a) => a.measure === 'hba_public')
        .map((a) => ({ ...a, measure: 'WRES5' })),
    ];
    const wres5 = computeIndicators({
      year: 2024,
      datasets: { ...data, surveyAggregates: twice },
      only: ['WRES5'],
    }).indicators[0]!.parts[0]!.metric;
    expect(wres5.result).toEqual(asGiven[0]![1]);
    expect(wres5.issues.map((i) => i.code)).toContain('SURVEY_MEASURE_TWICE');
  });

  it('names the two populations of a board comparison (WRES 9) and the group it counts', () => {
    const wres9 = computeIndicators({ year: 2024, datasets: datasets(), only: ['WRES9'] });
    const voting = toPublication(wres9, { suppress: false })
      .find((p) => p.id === 'WRES9')!
      .parts.find((p) => p.key === 'voting')!.tables[0]!;
    expect(voting.columns).toEqual(['BME (n)', 'Total', 'BME (%)']);
    expect(voting.rows.map((r) => r.label)).toEqual(['Voting members', 'Overall workforce at 31 March']);
  });

  it('generates the methodology appendix from the catalogue, marking UNCONFIRMED settings', () => {
    const { settings } = resolveSettings({});
    const text = methodologyMarkdown(nationalCatalogue(settings), settings);
    // Each indicator under its one short title, with the national wording as its definition.
    expect(text).toContain('### WRES 3: Entering the formal disciplinary process');
    expect(text).toContain('- Definition: Relative likelihood of BME staff');
    expect(text).toContain(
      '`wres.indicator3.windowMethod`): years pooled (counts added, then divided) (default) — UNCONFIRMED',
    );
    expect(text).toContain('- Closer to 1.00 is better');
    expect(text).toContain('[NHS England, NHS WDES 2023: metrics and technical guidance](https://');
    expect(text).not.toMatch(/\b(?:KOOPMAN_SCORE|LOWER_THEN_UPPER_MIDDLE|APPOINTMENT_DATE|ADMIN_CLERICAL)\b/);
  });
});
