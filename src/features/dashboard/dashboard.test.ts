/**
 * The dashboard's pure parts: filters from the address, quarters of the national definitions, its own
 * tables in the disclosure ledger, headlines read against the publication view, and charts drawn as SVG.
 */
import { describe, expect, it } from 'vitest';
import { fixtureTrust } from '../../engine/__golden__/trust.fixture.js';
import {
  computeIndicators,
  CULTURE_DASHBOARD_EXAMPLES,
  nationalCatalogue,
  resolveSettings,
  toPublication,
  type IndicatorResults,
  type MetricResult,
  toQuarter,
} from '../../engine/index.js';
import { barSpec, chartRenderer, likelihoodSpec, niceMax, trendSpec } from './charts.js';
import { headlineOf, likelihoodCaution } from './figures.js';
import { parseFilters, queryOf } from './filters.js';
import { ALL_UNITS, buildDisclosure } from './disclosure.js';
import { computeQuarter, previousQuarter, quarterLabel, quarterlyIds } from './quarters.js';
import { TABLE_PART } from './tables.js';

const settings = resolveSettings({}).settings;

describe('filters in the address', () => {
  const options = { years: [2024, 2023], careGroups: ['Medicine', 'Surgery'] };

  it('defaults to the newest year, the whole year and everything', () => {
    expect(parseFilters({}, options)).toEqual({
      filters: { year: 2024, quarter: null, month: null, careGroup: null },
      problems: [],
    });
  });

  it('reads a year, a quarter and a care group the person may see', () => {
    expect(parseFilters({ year: '2023', quarter: '2', careGroup: 'Surgery' }, options).filters).toEqual({
      year: 2023,
      quarter: 2,
      month: null,
      careGroup: 'Surgery',
    });
  });

  it('names every wrong value against its field and builds no view', () => {
    const { filters, problems } = parseFilters({ year: '2019', quarter: '5', careGroup: 'Women' }, options);
    expect(filters).toBeNull();
    expect(problems.map((p) => p.field)).toEqual(['year', 'quarter', 'careGroup']);
    expect(problems[0]!.message).toContain('choose 2024, 2023');
    expect(problems[2]!.message).toContain('not a care group you can see');
  });

  it('writes the view back as a query string that round-trips', () => {
    const q = queryOf({ year: 2023, quarter: 4, month: null, careGroup: 'Medicine and Emergency Care' });
    expect(q).toBe('?year=2023&quarter=4&careGroup=Medicine+and+Emergency+Care');
    const parsed = Object.fromEntries(new URLSearchParams(q.slice(1)));
    expect(
      parseFilters(parsed, { years: [2023], careGroups: ['Medicine and Emergency Care'] }).filters,
    ).toEqual({
      year: 2023,
      quarter: 4,
      month: null,
      careGroup: 'Medicine and Emergency Care',
    });
  });
});

describe('quarters', () => {
  const catalogue = nationalCatalogue(settings);
  const def = (id: string) => catalogue.find((e) => e.id === id)!.parts[0]!.definition;

  it('narrows every financial-year period of a definition to the quarter and drops rolling windows', () => {
    const q = toQuarter(def('WRES3'), 3)!;
    expect(q.window).toBeUndefined();
    const text = JSON.stringify(q);
    expect(text).not.toContain('"financialYear"');
    const outcome = q.outcome as { population: { at: unknown } };
    expect(outcome.population.at).toEqual({ type: 'quarter', quarter: 3, dateField: 'startDate' });
    // The staff-in-post denominator stays the 31 March snapshot.
    expect(q.population.at).toEqual(def('WRES3').population.at);
  });

  it('has no quarters for snapshot and survey figures', () => {
    expect(toQuarter(def('WRES1'), 1)).toBeNull();
    expect(toQuarter(def('WRES5'), 1)).toBeNull();
  });

  it('leaves out the quarters of a local metric whose periods do not include them', () => {
    const incidents = CULTURE_DASHBOARD_EXAMPLES.find(
      (e) => e.id === 'violence-abuse-incidents-by-ethnicity',
    )!;
    const yearOnly = { ...incidents, id: 'incidents-year-only', periods: ['year'] };
    const data = fixtureTrust();
    const annual = computeIndicators({
      year: 2024,
      datasets: data,
      localMetrics: [incidents, yearOnly],
      only: [incidents.id, yearOnly.id],
      previous: null,
    });
    const ids = quarterlyIds(annual, [incidents, yearOnly]);
    expect([ids.has(incidents.id), ids.has(yearOnly.id)]).toEqual([true, false]);
    const q = computeQuarter({
      at: { year: 2024, quarter: 2 },
      datasets: data,
      annual,
      localDefinitions: [incidents, yearOnly],
    });
    expect(q.local.map((l) => l.id)).toEqual([incidents.id]);
  });

  it('names quarters of the financial year a reporting year covers', () => {
    expect(quarterLabel({ year: 2024, quarter: 1 })).toBe('Q1 2023/24');
    expect(previousQuarter({ year: 2024, quarter: 1 })).toEqual({ year: 2023, quarter: 4 });
    expect(previousQuarter({ year: 2024, quarter: 3 })).toEqual({ year: 2024, quarter: 2 });
  });

  it('adds up to the year: appointments from shortlisting over the four quarters', () => {
    const data = fixtureTrust();
    const annual = computeIndicators({ year: 2024, datasets: data, only: ['WRES2'] });
    const counts = ([1, 2, 3, 4] as const).map((quarter) => {
      const r = computeQuarter({ at: { year: 2024, quarter }, datasets: data, annual, localDefinitions: [] });
      const result = r.indicators.find((i) => i.id === 'WRES2')!.parts[0]!.metric.result;
      return result.type === 'relativeLikelihood' ? result.all.denominator : -1;
    });
    const year = annual.indicators[0]!.parts[0]!.metric.result;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(
      year.type === 'relativeLikelihood' ? year.all.denominator : -2,
    );
  });
});

describe('the dashboard’s own tables in the organisation’s disclosure ledger', () => {
  /** A table of cases by type and group, as the engine gives it. */
  const cases = (
    id: string,
    scheme: 'wres' | 'wdes',
    row: string,
    counts: Record<string, number>,
  ): MetricResult => {
    const groups = Object.entries(counts).map(([group, count]) => ({
      group,
      label: group,
      count,
      percent: null,
    }));
    const total = groups.reduce((a, g) => a + g.count, 0);
    const line = (key: string) => ({ key, label: key, total, groups });
    return {
      id,
      title: id,
      result: { type: 'distribution', scheme, rows: [line(row)], overall: line('*') },
      breakdowns: [],
      window: null,
      windowKind: 'ONE_YEAR',
      windowYears: [2024],
      flags: [],
      issues: [],
    };
  };

  async function ledgerOf(tables: Map<string, MetricResult>) {
    const annual = computeIndicators({ year: 2024, datasets: fixtureTrust(), previous: null });
    return buildDisclosure(
      {
        settings,
        units: [],
        annual: () => Promise.resolve(annual),
        quarter: () => Promise.resolve({ ...annual, indicators: [], local: [] }),
        tables: (_scope, quarter) => Promise.resolve(quarter === null ? tables : new Map()),
      },
      2024,
    );
  }

  it('a case type’s total reads the same in the table by ethnicity and the table by disability', async () => {
    // By ethnicity 17 = 8 + 8 + 1 (White, unknown, BME): rounded, 15 = 10 + 10 + * would leave 1 for the
    // BME count, so a second count is withheld there: the unknown group's, which carries the least, not
    // the row's total. By disability the same 17 cases are 5 + 6 + 6: the total reads the same, 15, in
    // both tables.
    const row = 'disciplinary | true';
    const d = await ledgerOf(
      new Map([
        [
          'dashboard.cases.wres',
          cases('dashboard.cases.wres', 'wres', row, { BME: 1, WHITE: 8, UNKNOWN: 8 }),
        ],
        [
          'dashboard.cases.wdes',
          cases('dashboard.cases.wdes', 'wdes', row, { DISABLED: 5, NON_DISABLED: 6, UNKNOWN: 6 }),
        ],
      ]),
    );
    const at = { unit: ALL_UNITS, period: '2024' };
    const total = (id: string) => d.lookup(id, TABLE_PART, at)(`t:${row}`, -1);
    const wres = (slot: string) => d.lookup('dashboard.cases.wres', TABLE_PART, at)(slot, -1);
    expect(wres(`c:${row}:BME`).withheld).toBe(true);
    expect(wres(`c:${row}:UNKNOWN`).withheld).toBe(true);
    expect(wres(`c:${row}:WHITE`).text).toBe('10');
    expect(total('dashboard.cases.wres').text).toBe('15');
    expect(total('dashboard.cases.wdes').text).toBe(total('dashboard.cases.wres').text);
    expect(d.summary.recovered).toEqual([]);
  });
});

describe('headlines against the publication view', () => {
  const results: IndicatorResults = computeIndicators({
    year: 2024,
    datasets: fixtureTrust(),
    previous: 'compute',
  });

  it('gives every national indicator a headline with a label and a direction', () => {
    const published = new Map(toPublication(results, { suppress: false }).map((p) => [p.id, p]));
    for (const ind of results.indicators) {
      const h = headlineOf(ind, published.get(ind.id), results.settings);
      expect(h.label, ind.id).not.toBe('');
      expect(h.current.text, ind.id).not.toBe('');
    }
    const wres2 = headlineOf(
      results.indicators.find((i) => i.id === 'WRES2')!,
      published.get('WRES2'),
      results.settings,
    );
    expect(wres2.range).toBe('0.80 to 1.25');
    expect(wres2.counts.map((c) => c.label)).toEqual(['White', 'BME']);
  });

  it('never shows a figure the publication view withholds', () => {
    const shown = new Map(toPublication(results, { suppress: true }).map((p) => [p.id, p]));
    let hidden = 0;
    for (const ind of results.indicators) {
      const pub = shown.get(ind.id);
      const h = headlineOf(ind, pub, results.settings);
      const starred = (pub?.parts[0]?.headline ?? []).some((x) => x.text === '*');
      if (
        starred &&
        (ind.parts[0]!.metric.result.type === 'relativeLikelihood' ||
          ind.parts[0]!.metric.result.type === 'representationDifference')
      ) {
        expect(h.current, ind.id).toEqual({ value: null, text: '*', hidden: true });
        expect(h.band, ind.id).toBeNull();
        expect(h.interval, ind.id).toBeNull();
        hidden++;
      }
      if (h.current.hidden) expect(h.current.value).toBeNull();
    }
    expect(hidden).toBeGreaterThan(0);
  });
});

describe('charts drawn on the server', () => {
  const renderer = chartRenderer();

  it('is one labelled image, with text escaped and no script or inline style', async () => {
    const svg = await renderer.svg(
      barSpec({
        rows: [
          { category: '<script>alert(1)</script> & Co', series: 'BME', value: 12, label: '12.0%' },
          { category: '<script>alert(1)</script> & Co', series: 'WHITE', value: 30, label: '30.0%' },
        ],
        categories: ['<script>alert(1)</script> & Co'],
        series: [
          { key: 'WHITE', label: 'White' },
          { key: 'BME', label: 'BME' },
        ],
        xTitle: '% of staff',
        lines: [{ value: 20, label: 'Whole workforce 20.0%' }],
      }),
      'c-title c-summary',
    );
    expect(svg).toMatch(
      /^<svg role="img" focusable="false" class="parity-chart__svg" aria-labelledby="c-title c-summary" /,
    );
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toMatch(/\sstyle="/);
    // Vega's per-mark ARIA is off: the picture is one image, the table carries the detail.
    expect(svg).not.toContain('role="graphics-symbol"');
    // Both group colours, NHS Blue and Warm Yellow, and the values as labels.
    expect(svg).toContain('#005EB8');
    expect(svg).toContain('#FFB81C');
    expect(svg).toContain('12.0%');
  });

  it('draws relative likelihoods with their interval and trends with gaps', async () => {
    const dots = await renderer.svg(
      likelihoodSpec({
        rows: [{ category: 'WRES 2', value: 1.45, lower: 1.1, upper: null, label: '1.45' }],
        categories: ['WRES 2'],
        range: { lower: 0.8, upper: 1.25 },
        xTitle: 'Relative likelihood',
      }),
      'd',
    );
    expect(dots).toContain('Non-adverse range');
    expect(dots).toContain('1.45');
    const line = await renderer.svg(
      trendSpec({
        rows: [
          { period: '2022', series: 'RL', value: 1.3, label: '1.30' },
          { period: '2023', series: 'RL', value: null, label: '*' },
          { period: '2024', series: 'RL', value: 1.5, label: '1.50' },
        ],
        periods: ['2022', '2023', '2024'],
        series: [{ key: 'RL', label: 'Relative likelihood' }],
        yTitle: 'Relative likelihood',
      }),
      'l',
    );
    // A withheld value is neither drawn nor labelled.
    expect(line).toContain('1.50');
    expect(line).not.toContain('>*<');
  });

  it('refuses an id list that is not safe in an attribute', async () => {
    await expect(
      renderer.svg(barSpec({ rows: [], categories: [], series: [], xTitle: 'x' }), '"><x'),
    ).rejects.toThrow();
  });

  it('rounds axis tops to readable numbers', () => {
    expect(niceMax(0.93)).toBe(1);
    expect(niceMax(1.3)).toBe(1.5);
    expect(niceMax(47)).toBe(50);
    expect(niceMax(0)).toBe(1);
  });
});

describe('honest sentences about relative likelihoods', () => {
  it('says a likelihood above the range may be chance when its interval includes 1.00 or its counts are small', () => {
    // WDES 3 = 4.14 from 2 cases: "above the non-adverse range" alone would alarm without cause.
    expect(
      likelihoodCaution({
        value: 4.14,
        interval: { lower: 0.99, upper: 17.2, level: 0.95 },
        flags: ['LOW_N'],
      }),
    ).toBe(
      'This may be chance: the 95% confidence interval (0.99 to 17.20) includes 1.00 and it rests on small counts.',
    );
    expect(
      likelihoodCaution({ value: 3.07, interval: { lower: 0.4, upper: null, level: 0.95 }, flags: [] }),
    ).toContain('(0.40 to no upper limit) includes 1.00');
    // Clear evidence: nothing to add.
    expect(
      likelihoodCaution({ value: 1.58, interval: { lower: 1.3, upper: 1.9, level: 0.95 }, flags: [] }),
    ).toBeNull();
  });
});
