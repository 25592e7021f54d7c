/**
 * Months: the `month` time of the algebra and local metrics that declare months, on the fixture trust's
 * workforce with a few appraisals and incidents placed by hand (reporting year 2024: April 2023 to March
 * 2024). Every expected number is counted from the records listed in the test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext, type Datasets } from '../algebra/context.js';
import { evaluateMetric } from '../algebra/evaluate.js';
import type { MetricResult } from '../algebra/results.js';
import type { MetricDefinition } from '../algebra/types.js';
import { computeIndicators } from '../compute.js';
import { fixtureTrust } from '../__golden__/trust.fixture.js';
import { FINANCIAL_YEAR_MONTHS, type MonthNumber, type QuarterNumber } from '../periods.js';
import type { AppraisalRecord, IncidentRecord } from '../records.js';
import { defaultSettings } from '../settings.js';
import { CULTURE_DASHBOARD_EXAMPLES } from './examples/culture-dashboard.js';
import { periodsOf, toMonth, toQuarter } from './periods.js';
import { LOCAL_PERIODS } from './types.js';
import { validateLocalMetric } from './validate.js';

const example = (id: string) => CULTURE_DASHBOARD_EXAMPLES.find((e) => e.id === id)!;
const appraisals = example('appraisals-completed-when-due');
const incidents = example('violence-abuse-incidents-by-ethnicity');

/** The fixture trust with appraisals and incidents; staff in post at both 31 Marches, no joiners. */
function trust(): Datasets {
  const data = fixtureTrust();
  const settled = (group: string) => data.ids[group]!.filter((id) => !data.ids.joiner!.includes(id));
  const [w0, w1, w2, w3] = settled('W');
  const [b0, b1, b2] = settled('B');
  // In post at 31 March 2024 only: no snapshot on or before the end of June 2023.
  const joiner = data.ids.joiner!.find((id) => data.ids.B!.includes(id))!;
  const a = (personId: string, date: string, status: AppraisalRecord['status']): AppraisalRecord => ({
    personId,
    date,
    status,
  });
  const appraisals: AppraisalRecord[] = [
    a(w0!, '2023-04-01', 'completed'), // April: the first day of the financial year
    a(w1!, '2023-04-30', 'not_completed'), // April: its last day
    a(b0!, '2023-04-15', 'completed'), // April
    a(w2!, '2023-05-31', 'completed'), // May
    a(joiner, '2023-06-15', 'completed'), // June: a BME joiner, counted as BME
    a(b1!, '2024-02-29', 'completed'), // February: a leap day
    a(b2!, '2024-03-31', 'not_completed'), // March: the last day of the year
    a(w3!, '2024-03-31', 'exempt'), // left out: exempt
    a(w0!, '2023-03-31', 'completed'), // left out: the year before
    a(b0!, '2024-04-01', 'completed'), // left out: the year after
  ];
  let n = 0;
  const i = (personId: string, date: string): IncidentRecord => ({
    incidentId: `W${++n}`,
    date,
    category: 'Verbal abuse',
    source: 'patient_public',
    personId,
    unitPath: [],
    ethnicity: null,
    disability: null,
    sex: null,
  });
  const incidents = [i(b0!, '2023-05-02'), i(b1!, '2023-05-30'), i(w0!, '2023-06-01')];
  return { ...data, appraisals, incidents };
}

const settings = defaultSettings();
const evaluate = (def: MetricDefinition, data = trust()) =>
  evaluateMetric(def, createContext(2024, data, settings));
/** [numerator, denominator] of each group of a rate: White, BME, unknown, and all. */
function counts(m: MetricResult): number[][] {
  const r = m.result;
  if (r.type !== 'rate' && r.type !== 'relativeLikelihood') throw new Error(`not a rate: ${r.type}`);
  return [...r.groups, r.all].map((g) => [g.numerator, g.denominator]);
}
const monthOf = (def: MetricDefinition, month: MonthNumber) => evaluate(toMonth(def, month)!);

describe('monthly figures of local metrics', () => {
  it('narrows every financial-year time to one calendar month and keeps the 31 March denominator', () => {
    const may = toMonth(incidents, 5)!;
    expect((may.outcome as { population: { at: unknown } }).population.at).toEqual({
      type: 'month',
      month: 5,
      dateField: 'date',
    });
    expect(may.population.at).toEqual({ type: 'snapshot' });
    expect(JSON.stringify(may)).not.toContain('financialYear');
    // Nothing to divide: staff in post at 31 March, the 12 months to it.
    expect(toMonth(example('appraisal-compliance-by-ethnicity'), 5)).toBeNull();
    expect(toMonth(example('senior-leadership-representation'), 5)).toBeNull();
    // A rolling window is dropped: a month is one month.
    expect(toMonth({ ...incidents, window: { years: 2, method: 'POOLED' } }, 5)!.window).toBeUndefined();
  });

  it('counts each month’s records by their date, from 1 April to 31 March, leap day included', () => {
    // White: w0 completed 1 April, w1 not completed 30 April, w2 completed 31 May. BME: b0 completed
    // 15 April, a joiner completed 15 June, b1 completed 29 February, b2 not completed 31 March. w3's
    // exempt record and the records of 31 March 2023 and 1 April 2024 are out.
    expect(counts(evaluate(appraisals))).toEqual([
      [2, 3],
      [3, 4],
      [0, 0],
      [5, 7],
    ]);
    expect(counts(monthOf(appraisals, 4))).toEqual([
      [1, 2],
      [1, 1],
      [0, 0],
      [2, 3],
    ]);
    expect(counts(monthOf(appraisals, 5))).toEqual([
      [1, 1],
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
    expect(counts(monthOf(appraisals, 2))).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
      [1, 1],
    ]);
    expect(counts(monthOf(appraisals, 3))).toEqual([
      [0, 0],
      [0, 1],
      [0, 0],
      [0, 1],
    ]);
    // June: the joiner, in post only from 31 March 2024, counted in their group as the year counts them.
    expect(counts(monthOf(appraisals, 6))).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
      [1, 1],
    ]);
    for (const m of [7, 8, 9, 10, 11, 12, 1] as const)
      expect(counts(monthOf(appraisals, m)), `month ${m}`).toEqual([
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ]);
  });

  it('adds up: the twelve months of records are the year’s, group by group', () => {
    const year = counts(evaluate(appraisals));
    const months = FINANCIAL_YEAR_MONTHS.map((m) => counts(monthOf(appraisals, m)));
    const sum = year.map((row, i) => row.map((_, j) => months.reduce((a, m) => a + m[i]![j]!, 0)));
    expect(sum).toEqual(year);
  });

  it('keeps the year’s staff in post as each month’s denominator of a rate per head', () => {
    // Incidents: BME b0 (2 May) and b1 (30 May) in May, White w0 (1 June) in June, over staff in post at
    // 31 March 2024: 36 White, 20 BME, 4 unknown (the fixture's WRES 1).
    const data = trust();
    expect(counts(monthOf(incidents, 5))).toEqual([
      [0, 36],
      [2, 20],
      [0, 4],
      [2, 60],
    ]);
    expect(counts(evaluateMetric(toMonth(incidents, 6)!, createContext(2024, data, settings)))).toEqual([
      [1, 36],
      [0, 20],
      [0, 4],
      [1, 60],
    ]);
    expect(counts(monthOf(incidents, 4))[3]).toEqual([0, 60]);
  });

  it('has the year and its quarters unless a metric declares its periods', () => {
    expect(periodsOf(incidents)).toEqual(['year', 'quarter']);
    expect(periodsOf(appraisals)).toEqual(['year', 'quarter', 'month']);
  });

  it('computes the shipped monthly metric for the year as before: months change nothing annual', () => {
    const results = computeIndicators({
      year: 2024,
      datasets: trust(),
      only: [appraisals.id, 'without-months'],
      localMetrics: [appraisals, { ...appraisals, id: 'without-months', periods: undefined }],
    });
    const [withMonths, without] = results.local.map((l) => counts(l.parts[0]!.metric));
    expect(withMonths).toEqual([
      [2, 3],
      [3, 4],
      [0, 0],
      [5, 7],
    ]);
    expect(without).toEqual(withMonths);
  });
});

describe('quarterly figures of local metrics', () => {
  const quarterOf = (def: MetricDefinition, quarter: QuarterNumber) => evaluate(toQuarter(def, quarter)!);

  it('counts a joiner of the year in their own group in the quarter, as the year counts them', () => {
    // April to June 2023. White: w0 completed, w1 not, w2 completed. BME: b0 completed, and the joiner
    // completed 15 June 2023: first in post at 31 March 2024, so no snapshot on or before the end of June
    // holds them; the quarter takes their record from the year's snapshot, as the year and the months do.
    expect(counts(quarterOf(appraisals, 1))).toEqual([
      [2, 3],
      [2, 2],
      [0, 0],
      [4, 5],
    ]);
  });

  it('adds up: the four quarters of records are the year’s, group by group', () => {
    const year = counts(evaluate(appraisals));
    const quarters = ([1, 2, 3, 4] as const).map((q) => counts(quarterOf(appraisals, q)));
    const sum = year.map((row, i) => row.map((_, j) => quarters.reduce((a, q) => a + q[i]![j]!, 0)));
    expect(sum).toEqual(year);
  });
});

describe('validation of months and periods', () => {
  const problems = (json: unknown) => {
    const v = validateLocalMetric(JSON.parse(JSON.stringify(json)));
    return v.ok ? [] : v.problems;
  };

  it('accepts a month time and a metric declaring months', () => {
    expect(problems(appraisals)).toEqual([]);
    const may = {
      ...appraisals,
      periods: undefined,
      population: { ...appraisals.population, at: { type: 'month', month: 5, dateField: 'date' } },
    };
    expect(problems(may)).toEqual([]);
  });

  it('names the month time’s field when the month is not a calendar month', () => {
    for (const month of [0, 13, 4.5, '5', null]) {
      const found = problems({
        ...appraisals,
        periods: undefined,
        population: { ...appraisals.population, at: { type: 'month', month, dateField: 'date' } },
      });
      expect(
        found.map((p) => p.path),
        String(month),
      ).toEqual(['$.population.at.month']);
      expect(found[0]!.message).toContain('from 1 (January) to 12 (December)');
    }
    const noDate = problems({
      ...appraisals,
      periods: undefined,
      population: { ...appraisals.population, at: { type: 'month', month: 5 } },
    });
    expect(noDate.map((p) => p.path)).toEqual(['$.population.at.dateField']);
  });

  it('lists every problem with the periods, each at its place', () => {
    expect(problems({ ...appraisals, periods: 'month' }).map((p) => [p.path, p.message])).toEqual([
      ['$.periods', 'must be a list of the periods the metric is reported for, from year, quarter, month'],
    ]);
    expect(problems({ ...appraisals, periods: [] }).map((p) => p.path)).toEqual(['$.periods']);
    const found = problems({ ...appraisals, periods: ['month', 'week', 'month', 3] });
    expect(found.map((p) => [p.path, p.message])).toEqual([
      ['$.periods[1]', 'must be one of year, quarter, month'],
      ['$.periods[2]', '"month" is listed twice'],
      ['$.periods[3]', 'must be one of year, quarter, month'],
      ['$.periods', 'must include "year": every local metric has its figure for the reporting year'],
    ]);
  });

  it('refuses months and quarters for a figure with no financial year to divide', () => {
    const compliance = example('appraisal-compliance-by-ethnicity');
    const found = problems({ ...compliance, periods: ['year', 'quarter', 'month'] });
    expect(found.map((p) => p.path)).toEqual(['$.periods[1]', '$.periods[2]']);
    expect(found[1]!.message).toBe(
      '"month" needs a financial year to divide: a time of type financialYear with a dateField (in population.at or the outcome); a snapshot, a survey year or the months to the snapshot have no months',
    );
    expect(problems({ ...compliance, periods: ['year'] })).toEqual([]);
  });
});

describe('docs/local-metrics.md', () => {
  it('names every time and period the validator accepts', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/local-metrics.md'), 'utf8');
    const v = validateLocalMetric({
      ...appraisals,
      population: { ...appraisals.population, at: { type: 'x' } },
    });
    const message = v.ok ? '' : v.problems.find((p) => p.path === '$.population.at.type')!.message;
    const types = message.replace('must be one of ', '').split(', ');
    expect(types).toContain('month');
    for (const type of types) expect(doc, type).toContain(`| \`${type}\``);
    for (const period of LOCAL_PERIODS) expect(doc, period).toContain(`\`${period}\``);
    expect(doc).toContain(JSON.stringify(appraisals.periods).replace(/,/g, ', '));
  });
});
