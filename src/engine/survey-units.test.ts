/**
 * The staff survey by unit: breakdowns by care group and directorate, the survey's own minimum group size
 * (setting survey.minBase) in the disclosure ledger, survey percentages of the published counts, and the
 * hotspot ranking with its interval. The figures of a whole small trust are in the golden files
 * (__golden__/SURVEY-UNITS.md); these are the rules one at a time.
 */
import { describe, expect, it } from 'vitest';
import type { MetricResult, SurveyPercentageResult } from './algebra/results.js';
import { computeIndicators } from './compute.js';
import { exactCount, staff, surveyFigures, type UnitFigures } from './__golden__/survey-units.fixture.js';
import { resolveSettings } from './settings.js';
import { koopmanInterval } from './stats/intervals.js';
import { attack, type Range } from './suppression/attack.js';
import { metricCells } from './suppression/cells.js';
import { disclosureRule } from './suppression/disclose.js';
import { DisclosureLedger, knownRange } from './suppression/ledger.js';
import { toPublication } from './suppression/publication.js';
import { publishedSurveyGroups, surveyHotspots } from './suppression/survey.js';

const settings = resolveSettings({}).settings;

/** WRES 5 on NHS England's figures (White and BME positive of base) for the organisation and its units. */
function wres5(
  rows: UnitFigures[],
  options: { breakdown?: string[]; settings?: Record<string, unknown> } = {},
) {
  const results = computeIndicators({
    year: 2024,
    datasets: {
      workforce: [staff('P1', ['Medicine']), staff('P2', ['Surgery'])],
      surveyAggregates: surveyFigures(rows, 'WRES5'),
    },
    only: ['WRES5'],
    ...(options.breakdown ? { breakdown: options.breakdown } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const ind = results.indicators.find((i) => i.id === 'WRES5')!;
  return { results, ind, metric: ind.parts[0]!.metric };
}

const survey = (m: MetricResult | { result: unknown }) => m.result as SurveyPercentageResult;

describe('survey figures by unit', () => {
  it('reads NHS England’s figures at the highest unit level given, never adding a unit to its parent', () => {
    const both = wres5([
      [[], 40, 200, 30, 100],
      [['Medicine'], 20, 100, 24, 60],
    ]);
    expect(survey(both.metric).groups.find((g) => g.group === 'BME')).toMatchObject({
      numerator: 30,
      base: 100,
    });
    // Without the organisation's own rows, its care groups' added together.
    const units = wres5([
      [['Medicine'], 20, 100, 24, 60],
      [['Surgery'], 25, 100, 9, 40],
    ]);
    expect(survey(units.metric).groups.find((g) => g.group === 'BME')).toMatchObject({
      numerator: 33,
      base: 100,
    });
  });

  it('breaks down by care group and directorate only, each unit from its own figures', () => {
    const { metric } = wres5(
      [
        [[], 45, 200, 33, 100],
        [['Medicine'], 20, 100, 24, 60],
        [['Medicine', 'Emergency'], 8, 40, 15, 30],
        [['Medicine', 'Acute'], 12, 60, 9, 30],
      ],
      { breakdown: ['careGroup', 'directorate', 'staffGroup'] },
    );
    expect(metric.breakdowns.map((b) => b.by.join('+'))).toEqual(['careGroup', 'directorate']);
    const byDirectorate = metric.breakdowns[1]!.rows.map((r) => [r.key, survey(r).gap]);
    expect(byDirectorate).toEqual([
      ['Acute', 10],
      ['Emergency', 30],
    ]);
    expect(survey(metric.breakdowns[0]!.rows[0]!).gap).toBe(20);
  });

  it('flags a group under the survey’s minimum group size, a named setting (11 by default)', () => {
    const rows: [string[], number, number, number, number][] = [[['Surgery'], 10, 50, 4, 8]];
    const bme = (s?: Record<string, unknown>) =>
      survey(wres5(rows, s ? { settings: s } : {}).metric).groups.find((g) => g.group === 'BME')!;
    expect(settings['survey.minBase']).toBe(11);
    expect(bme().flags).toEqual(['LOW_BASE']);
    expect(bme({ 'survey.minBase': 5 }).flags).toEqual([]);
  });
});

describe('survey counts in the disclosure ledger', () => {
  // A trust of two care groups: Surgery has 8 BME respondents, under the survey's minimum of 11 but above
  // the rule's threshold of 7 (the rule alone would publish it, rounded to 10).
  const rows: [string[], number, number, number, number][] = [
    [['Medicine'], 20, 100, 24, 40],
    [['Surgery'], 25, 100, 4, 8],
  ];
  const whole = wres5(rows).metric;
  const unit = (name: string) => wres5(rows.filter((r) => r[0][0] === name)).metric;

  function ledgerOf() {
    const ledger = new DisclosureLedger(disclosureRule(settings, true));
    const at = (u: string) => `WRES5|main|${u}|2024`;
    for (const [u, m] of [
      ['ALL', whole],
      ['Medicine', unit('Medicine')],
      ['Surgery', unit('Surgery')],
    ] as const) {
      const { cells, full, withheld, sums } = metricCells(at(u), m);
      for (const [k, v] of cells) ledger.add(k, v, { full: full.has(k), withhold: withheld.has(k) });
      for (const s of sums) ledger.relate(s.total, s.parts);
    }
    for (const slot of ['b:WHITE', 'b:BME', 'n:WHITE', 'n:BME'])
      ledger.relate(`${at('ALL')}#${slot}`, [`${at('Medicine')}#${slot}`, `${at('Surgery')}#${slot}`]);
    ledger.resolve();
    return ledger;
  }

  it('withholds a unit’s group under the minimum, its respondents and positives, whatever the rule', () => {
    const ledger = ledgerOf();
    expect(ledger.get('WRES5|main|Surgery|2024#b:BME')?.withheld).toBe(true);
    expect(ledger.get('WRES5|main|Surgery|2024#n:BME')?.withheld).toBe(true);
    expect(ledger.get('WRES5|main|Medicine|2024#b:BME')?.text).toBe('40');
  });

  it('lets no withheld count be worked out from the trust and the other units', () => {
    const ledger = ledgerOf();
    const known = new Map<string, Range>();
    const withheld = new Set<string>();
    for (const [k, p, state] of ledger.entries()) {
      if (state === 'primary') withheld.add(k);
      known.set(k, knownRange(state, p, ledger.rule));
    }
    expect(withheld.has('WRES5|main|Surgery|2024#b:BME')).toBe(true);
    const found = attack(known, ledger.sums(), withheld);
    expect(found.recovered).toEqual([]);
    // The trust's BME respondents (48, published rounded) less Medicine's (40) leave a range for Surgery's 8.
    const range = found.ranges.get('WRES5|main|Surgery|2024#b:BME')!;
    expect(range.hi - range.lo).toBeGreaterThan(0);
  });

  it('publishes survey percentages of the published counts, withheld with either count', () => {
    const { results } = wres5([[[], 45, 202, 33, 101]]);
    const published = toPublication(results);
    const table = published.find((p) => p.id === 'WRES5')!.parts[0]!.tables[0]!;
    // 33 of 101 is 32.7%; published as 35 of 100: 35.0%.
    expect(table.rows.find((r) => r.label === 'BME')!.cells.map((c) => c.text)).toEqual(['100', '35.0%']);
    const full = toPublication(results, { suppress: false }).find((p) => p.id === 'WRES5')!.parts[0]!
      .tables[0]!;
    expect(full.rows.find((r) => r.label === 'BME')!.cells.map((c) => c.text)).toEqual(['101', '32.7%']);
  });
});

describe('a survey group with no respondents', () => {
  // WDES 9a by care group: the care group's rows give the Disabled and non-disabled scores only, so its
  // unknown group has no respondents; Surgery's Disabled group has 5, under the survey's minimum of 11.
  const score = (group: string, base: number, value: number, unitPath?: string[]) => ({
    surveyYear: 2023,
    measure: 'WDES9a',
    scheme: 'disability' as const,
    group,
    numerator: 0,
    base,
    score: value,
    ...(unitPath ? { unitPath } : {}),
  });
  const cellsOf = (suppress: boolean, rows: ReturnType<typeof score>[]) => {
    const results = computeIndicators({
      year: 2024,
      datasets: { workforce: [staff('P1', ['Surgery'])], surveyAggregates: rows },
      only: ['WDES9a'],
    });
    const table = toPublication(results, { suppress }).find((p) => p.id === 'WDES9a')!.parts[0]!.tables[0]!;
    return table.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)]);
  };

  it('shows 0 respondents and no figure, not "withheld", in the publication view as in the full view', () => {
    const rows = [score('DISABLED', 40, 6.8), score('NON_DISABLED', 160, 7.1)];
    const expected = [
      ['Non-disabled', '160', '7.1'],
      ['Disabled', '40', '6.8'],
      ['Unknown / not stated', '0', '–'],
    ];
    expect(cellsOf(true, rows)).toEqual(expected);
    expect(cellsOf(false, rows)).toEqual(expected);
    // The ledger publishes the zero too: it is not one of the counts it withholds.
    const results = computeIndicators({
      year: 2024,
      datasets: { workforce: [staff('P1', ['Surgery'])], surveyAggregates: rows },
      only: ['WDES9a'],
    });
    const { withheld } = metricCells('x', results.indicators[0]!.parts[0]!.metric);
    expect([...withheld]).toEqual([]);
  });

  it('still withholds a group with some respondents but fewer than the minimum', () => {
    const rows = [score('DISABLED', 5, 6.1), score('NON_DISABLED', 160, 7.1)];
    expect(cellsOf(true, rows)).toEqual([
      ['Non-disabled', '160', '7.1'],
      ['Disabled', '*', '*'],
      ['Unknown / not stated', '0', '–'],
    ]);
    expect(cellsOf(false, rows)[1]).toEqual(['Disabled', '5', '6.1']);
  });

  it('gives a survey percentage of no respondents no figure and no gap, and does not withhold it', () => {
    const { results } = wres5([[[], 45, 202, 0, 0]]);
    const table = toPublication(results).find((p) => p.id === 'WRES5')!.parts[0]!;
    expect(table.tables[0]!.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)])).toEqual([
      ['White', '200', '22.5%'],
      ['BME', '0', '–'],
      ['Unknown / not stated', '0', '–'],
    ]);
    expect(table.headline[0]!.text).toBe('–');
  });
});

describe('survey hotspots', () => {
  const result = (w: [number, number], b: [number, number]): SurveyPercentageResult => ({
    type: 'surveyPercentage',
    scheme: 'wres',
    measure: 'equal_opportunities',
    surveyYear: 2023,
    source: 'aggregates',
    groups: [
      {
        group: 'WHITE',
        label: 'White',
        numerator: w[0],
        base: w[1],
        percent: (100 * w[0]) / w[1],
        reason: null,
        flags: [],
      },
      {
        group: 'BME',
        label: 'BME',
        numerator: b[0],
        base: b[1],
        percent: (100 * b[0]) / b[1],
        reason: null,
        flags: [],
      },
    ],
    gap: (100 * b[0]) / b[1] - (100 * w[0]) / w[1],
    gapReason: null,
  });

  it('ranks units by the gap in the direction that is worse for the protected group, with its interval', () => {
    const rows = [
      { key: 'A', result: result([60, 100], [30, 60]), count: exactCount },
      { key: 'B', result: result([50, 100], [20, 50]), count: exactCount },
      { key: 'C', result: result([40, 100], [30, 50]), count: exactCount },
    ];
    // Equal opportunities: higher is better, so the lowest BME percentage against White's comes first.
    const higher = surveyHotspots(rows, settings, 'HIGHER_IS_BETTER', 11);
    expect(higher.map((h) => [h.key, h.gap])).toEqual([
      ['A', -10],
      ['B', -10],
      ['C', 20],
    ]);
    const lower = surveyHotspots(rows, settings, 'LOWER_IS_BETTER', 11);
    expect(lower.map((h) => h.key)).toEqual(['C', 'A', 'B']);
    const c = lower[0]!.likelihood!;
    expect(c.value).toBeCloseTo(1.5, 12);
    expect(c.interval).toEqual(koopmanInterval(30, 50, 40, 100, 0.95));
  });

  it('leaves a unit with a group under the minimum, or a withheld count, unranked at the end', () => {
    const withheldN = (slot: string, n: number) =>
      slot === 'n:BME'
        ? { exact: n, value: null, text: '*', withheld: true, rounded: false }
        : exactCount(slot, n);
    const rows = [
      { key: 'Small', result: result([40, 100], [8, 10]), count: exactCount },
      { key: 'Withheld', result: result([40, 100], [30, 50]), count: withheldN },
      { key: 'Shown', result: result([40, 100], [10, 50]), count: exactCount },
    ];
    const ranked = surveyHotspots(rows, settings, 'LOWER_IS_BETTER', 11);
    expect(ranked.map((h) => [h.key, h.hidden])).toEqual([
      ['Shown', false],
      ['Small', true],
      ['Withheld', true],
    ]);
    expect(ranked[1]!.gap).toBeNull();
    expect(ranked[1]!.likelihood).toBeNull();
  });

  it('works every percentage out from the counts as published', () => {
    const rounded = (_slot: string, n: number) => {
      const v = Math.round(n / 5) * 5;
      return { exact: n, value: v, text: String(v), withheld: false, rounded: true };
    };
    const [white, bme] = publishedSurveyGroups(result([41, 101], [33, 99]), rounded, 11);
    expect(white!.percent).toBeCloseTo(40, 12);
    expect(bme!.percent).toBeCloseTo(35, 12);
  });
});

describe('the engagement score filed under its indicator', () => {
  it('reads the overall score (WDES 9a, all staff) from rows named WDES9a, as the by-disability part does', () => {
    const row = (scheme: 'disability' | 'all', group: string, base: number, score: number) => ({
      surveyYear: 2023,
      measure: 'WDES9a',
      scheme,
      group,
      numerator: 0,
      base,
      score,
      unitPath: [],
    });
    const results = computeIndicators({
      year: 2024,
      datasets: {
        workforce: [staff('P1', ['Medicine'])],
        surveyAggregates: [
          row('disability', 'DISABLED', 40, 6.4),
          row('disability', 'NON_DISABLED', 160, 7.1),
          row('all', 'ALL', 210, 6.9),
        ],
      },
      only: ['WDES9a'],
    });
    const ind = results.indicators.find((i) => i.id === 'WDES9a')!;
    const scoreOf = (key: string, group: string) =>
      (
        ind.parts.find((p) => p.key === key)!.metric.result as {
          groups: { group: string; base: number; score: number | null }[];
        }
      ).groups.find((g) => g.group === group);
    expect(scoreOf('main', 'DISABLED')).toMatchObject({ base: 40, score: 6.4 });
    expect(scoreOf('overall', 'ALL')).toMatchObject({ base: 210, score: 6.9 });
  });
});
