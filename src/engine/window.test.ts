/**
 * Periods that are what they say: a reporting year without its own 31 March workforce snapshot is
 * refused; a rolling window is never made wholly of the previous year; each figure names its window; a
 * mean of yearly ratios carries the counts behind each ratio; a change is labelled only between figures of
 * the same window and definition.
 */
import { describe, expect, it } from 'vitest';
import type { Datasets } from './algebra/context.js';
import { createContext } from './algebra/context.js';
import { evaluateMetric } from './algebra/evaluate.js';
import type { RelativeLikelihoodResult } from './algebra/results.js';
import { nationalCatalogue } from './catalogue/index.js';
import { addChanges, computeIndicators, describePeriodProblem, windowText } from './compute.js';
import { fixtureTrust } from './__golden__/trust.fixture.js';
import { resolveSettings } from './settings.js';
import { publishYearly } from './yearly.js';

const datasets = (): Datasets => {
  const data: Datasets & { ids?: unknown } = fixtureTrust();
  delete data.ids;
  return data;
};

const rlOf = (r: { type: string }): RelativeLikelihoodResult => {
  if (r.type !== 'relativeLikelihood') throw new Error(`not a relative likelihood: ${r.type}`);
  return r as RelativeLikelihoodResult;
};

describe('a reporting year without its own workforce snapshot', () => {
  it('is refused with a typed problem naming the year and the years that have one', () => {
    // The fixture's snapshots are 31 March 2023 and 2024.
    const r = computeIndicators({ year: 2025, datasets: datasets(), previous: 'compute' });
    expect(r.periodProblem).toEqual({
      code: 'NO_WORKFORCE_SNAPSHOT',
      year: 2025,
      snapshotDate: '2025-03-31',
      snapshotYears: [2024, 2023],
    });
    // Nothing is shown as the year's figure: not an empty WRES 1, not a WRES 3 made of 2024's data.
    expect(r.indicators).toEqual([]);
    expect(r.local).toEqual([]);
    expect(describePeriodProblem(r.periodProblem!, 'Fixture Trust (FXT)')).toBe(
      'Fixture Trust (FXT) has no staff-in-post snapshot at 31 March 2025 loaded, so there are no figures for the 2025 reporting year. Years with a snapshot: 2024, 2023.',
    );
    const none = computeIndicators({ year: 2024, datasets: { ...datasets(), workforce: [] } });
    expect(none.periodProblem?.snapshotYears).toEqual([]);
    expect(describePeriodProblem(none.periodProblem!, 'X')).toContain('No staff-in-post snapshot is loaded');
  });

  it('is not a problem for a year that has one', () => {
    expect(computeIndicators({ year: 2024, datasets: datasets() }).periodProblem).toBeNull();
  });
});

describe('a rolling two-year window', () => {
  const { settings } = resolveSettings({});
  const wres3 = nationalCatalogue(settings).find((e) => e.id === 'WRES3')!.parts[0]!.definition;

  it('is never made wholly of the previous year: with no staff in post of its own the figure is withheld', () => {
    const data = datasets();
    // The 2024 snapshot is gone: only 2023 has staff in post.
    const without = { ...data, workforce: data.workforce!.filter((r) => r.snapshotDate !== '2024-03-31') };
    const m = evaluateMetric(wres3, createContext(2024, without, settings));
    const r = rlOf(m.result);
    expect(r.relativeLikelihood.value).toBeNull();
    expect(r.relativeLikelihood.reason).toBe('NO_CURRENT_YEAR');
    expect(m.flags).toContain('NO_CURRENT_YEAR');
    // No count of 2023 is shown as 2024's.
    expect(r.groups.every((g) => g.denominator === 0)).toBe(true);
  });

  it('names its window: two years pooled, one year when the previous year is missing', () => {
    const now = evaluateMetric(wres3, createContext(2024, datasets(), settings));
    expect(now.windowKind).toBe('POOLED_TWO_YEARS');
    expect(windowText(now)).toBe('two years pooled (2022/23 and 2023/24)');
    const first = evaluateMetric(wres3, createContext(2023, datasets(), settings));
    expect(first.windowKind).toBe('ONE_YEAR');
    expect(windowText(first)).toBe('one year (2022/23)');
    const wres2 = nationalCatalogue(settings).find((e) => e.id === 'WRES2')!.parts[0]!.definition;
    expect(evaluateMetric(wres2, createContext(2024, datasets(), settings)).windowKind).toBe('ONE_YEAR');
  });

  it('under the mean of yearly ratios, carries each year’s counts and ratio', () => {
    const r = computeIndicators({
      year: 2024,
      datasets: datasets(),
      settings: { 'wres.indicator3.windowMethod': 'MEAN_OF_RATIOS' },
      only: ['WRES3'],
    });
    const m = r.indicators[0]!.parts[0]!.metric;
    expect(m.windowKind).toBe('MEAN_OF_TWO_YEARLY_RATIOS');
    expect(windowText(m)).toBe('mean of two yearly ratios (2022/23 and 2023/24)');
    const yearly = rlOf(m.result).yearly!;
    expect(yearly.map((y) => y.year)).toEqual([2023, 2024]);
    const counts = yearly.map((y) =>
      y.groups.filter((g) => g.group !== 'UNKNOWN').map((g) => [g.group, g.numerator, g.denominator]),
    );
    expect(counts).toEqual([
      [
        ['WHITE', 1, 35],
        ['BME', 1, 19],
      ],
      [
        ['WHITE', 1, 36],
        ['BME', 2, 20],
      ],
    ]);
    expect(yearly[0]!.relativeLikelihood.value).toBeCloseTo(1 / 19 / (1 / 35), 10);
    expect(yearly[1]!.relativeLikelihood.value).toBeCloseTo(2 / 20 / (1 / 36), 10);
    expect(rlOf(m.result).relativeLikelihood.value).toBeCloseTo(
      (yearly[0]!.relativeLikelihood.value! + yearly[1]!.relativeLikelihood.value!) / 2,
      10,
    );
    // Outputs show them through the publication view: each year's ratio and its counts table.
    const full = publishYearly(r.indicators[0]!, r, { suppress: false });
    expect(full.map((p) => p.part)).toEqual(['main']);
    expect(full[0]!.years.map((y) => [y.label, y.ratio])).toEqual([
      ['2022/23', '1.84'],
      ['2023/24', '3.60'],
    ]);
    expect(
      full[0]!.years[1]!.table.rows.map((row) => [row.label, ...row.cells.map((c) => c.text)]),
    ).toContainEqual(['BME', '2', '20', '10.0%']);
    const published = publishYearly(r.indicators[0]!, r, { suppress: true });
    for (const y of published[0]!.years)
      for (const row of y.table.rows)
        for (const c of row.cells) expect(c.text, `${y.label} ${row.label}`).not.toMatch(/^[1-7]$/);
    // Pooled results carry no yearly ratios: their counts are the figure's.
    const pooled = computeIndicators({ year: 2024, datasets: datasets(), only: ['WRES3'] });
    expect(rlOf(pooled.indicators[0]!.parts[0]!.metric.result).yearly).toBeUndefined();
  });
});

describe('a change', () => {
  it('is labelled only between figures of the same window, else not compared with the reason', () => {
    const r = computeIndicators({ year: 2024, datasets: datasets(), previous: 'compute' });
    const wres3 = r.indicators.find((i) => i.id === 'WRES3')!;
    // 2023's WRES 3 covers one year (there is no 2022 snapshot), 2024's two years pooled.
    const change = wres3.change!.find((c) => c.measure === 'relativeLikelihood')!;
    expect(change.status).toBe('not comparable');
    expect(change.reason).toBe(
      'the previous year’s figure covers one year (2022/23), this year’s two years pooled (2022/23 and 2023/24)',
    );
    // WRES 1 reads one snapshot each year: compared.
    const wres1 = r.indicators.find((i) => i.id === 'WRES1')!;
    expect(wres1.change!.some((c) => c.status !== 'not comparable')).toBe(true);
  });

  it('is not compared when a setting of the definition differs between the two years', () => {
    const current = computeIndicators({ year: 2024, datasets: datasets(), only: ['WRES3'] });
    const previous = computeIndicators({
      year: 2023,
      datasets: datasets(),
      only: ['WRES3'],
      settings: { 'casework.countUnit': 'CASES' },
    });
    addChanges(current, previous);
    const change = current.indicators[0]!.change!.find((c) => c.measure === 'relativeLikelihood')!;
    expect(change.status).toBe('not comparable');
    expect(change.reason).toContain('What WRES 3 and WDES 3 count');
  });

  it('says in words why a missing figure is not compared', () => {
    const r = computeIndicators({ year: 2023, datasets: datasets(), previous: 'compute' });
    // 2022 has no snapshot: it is refused, so there is no previous figure.
    const wres1 = r.indicators.find((i) => i.id === 'WRES1')!;
    expect(wres1.change!.every((c) => c.status === 'not comparable')).toBe(true);
    expect(wres1.change![0]!.reason).toBe('there is no figure for the previous year');
  });
});
