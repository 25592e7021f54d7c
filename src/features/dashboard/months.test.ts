/**
 * Months on the dashboard: the month in the address, the months of a reporting year, the figures that
 * have them, and their counts in the organisation's disclosure ledger, where a year is its twelve months
 * and a quarter its three.
 */
import { describe, expect, it } from 'vitest';
import { fixtureTrust } from '../../engine/__golden__/trust.fixture.js';
import {
  attack,
  computeIndicators,
  CULTURE_DASHBOARD_EXAMPLES,
  FINANCIAL_YEAR_MONTHS,
  knownRange,
  resolveSettings,
  type IndicatorResults,
  type MetricResult,
  type MonthNumber,
  type QuarterNumber,
  type Range,
  type SumRelation,
} from '../../engine/index.js';
import { ALL_UNITS, buildDisclosure, monthKey, partKey } from './disclosure.js';
import { parseFilters, queryOf } from './filters.js';
import { computeMonths, monthLabel, monthlyIds, monthsOf, previousMonth } from './months.js';

const settings = resolveSettings({}).settings;

describe('a month in the address', () => {
  const options = { years: [2024, 2023], careGroups: ['Medicine'], monthly: true };

  it('reads a month of the reporting year with its quarter, and writes back the month alone', () => {
    const { filters } = parseFilters({ year: '2024', month: '5' }, options);
    expect(filters).toEqual({ year: 2024, quarter: 1, month: 5, careGroup: null });
    expect(queryOf(filters)).toBe('?year=2024&month=5');
    // The quarter may be named too, when the month is in it.
    expect(parseFilters({ year: '2024', quarter: '4', month: '2' }, options).filters).toEqual({
      year: 2024,
      quarter: 4,
      month: 2,
      careGroup: null,
    });
    const back = Object.fromEntries(new URLSearchParams(queryOf({ ...filters!, careGroup: 'Medicine' })));
    expect(parseFilters(back, options).filters).toEqual({ ...filters, careGroup: 'Medicine' });
  });

  it('names a wrong month against its field, in the reporting year’s months, and builds no view', () => {
    for (const month of ['13', '0', 'May', '4.5']) {
      const { filters, problems } = parseFilters({ year: '2024', month }, options);
      expect(filters).toBeNull();
      expect(problems).toEqual([
        {
          field: 'month',
          message: `"${month}" is not a month: choose a month from April 2023 to March 2024, or none for the whole quarter or year`,
        },
      ]);
    }
    expect(parseFilters({ year: '2024', quarter: '2', month: '4' }, options).problems).toEqual([
      {
        field: 'month',
        message:
          'April 2023 is not in quarter 2: choose July 2023, August 2023, September 2023, or none for the whole quarter',
      },
    ]);
    expect(parseFilters({ month: '4' }, { ...options, monthly: false }).problems).toEqual([
      {
        field: 'month',
        message: 'Figures by month are not available here: choose a quarter or the whole year',
      },
    ]);
    // A wrong year and a wrong month are both named.
    expect(parseFilters({ year: '1999', month: '13' }, options).problems.map((p) => p.field)).toEqual([
      'year',
      'month',
    ]);
  });
});

describe('months of a reporting year', () => {
  it('runs April to March of the financial year, March of the year before coming before April', () => {
    expect(monthsOf(2024).map(monthLabel)).toEqual([
      'April 2023',
      'May 2023',
      'June 2023',
      'July 2023',
      'August 2023',
      'September 2023',
      'October 2023',
      'November 2023',
      'December 2023',
      'January 2024',
      'February 2024',
      'March 2024',
    ]);
    expect(previousMonth({ year: 2024, month: 4 })).toEqual({ year: 2023, month: 3 });
    expect(previousMonth({ year: 2024, month: 1 })).toEqual({ year: 2024, month: 12 });
    expect(previousMonth({ year: 2024, month: 3 })).toEqual({ year: 2024, month: 2 });
  });

  it('has months only for the local metrics that declare them', () => {
    expect([...monthlyIds(CULTURE_DASHBOARD_EXAMPLES)]).toEqual(['appraisals-completed-when-due']);
    const annual = computeIndicators({
      year: 2024,
      datasets: fixtureTrust(),
      localMetrics: CULTURE_DASHBOARD_EXAMPLES,
      previous: null,
    });
    const months = computeMonths({
      year: 2024,
      months: [5, 2],
      datasets: fixtureTrust(),
      annual,
      localDefinitions: CULTURE_DASHBOARD_EXAMPLES,
      breakdown: ['careGroup'],
    });
    expect([...months.keys()]).toEqual([5, 2]);
    const may = months.get(5)!;
    expect(may.indicators).toEqual([]);
    expect(may.local.map((l) => l.id)).toEqual(['appraisals-completed-when-due']);
    expect(may.period.processPeriod).toEqual({ start: '2023-05-01', end: '2023-05-31' });
    expect(months.get(2)!.period.processPeriod).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    // The breakdowns asked for, in place of the definition's own.
    expect(may.local[0]!.parts[0]!.metric.breakdowns.map((b) => b.by)).toEqual([['careGroup']]);
  });
});

describe('months in the organisation’s disclosure ledger', () => {
  const ID = 'monthly-figure';
  /** A rate by ethnicity: [numerator, denominator] for BME and White. */
  const rate = (bme: [number, number], white: [number, number]): MetricResult => {
    const group = (g: string, [n, d]: [number, number]) => ({
      group: g,
      label: g,
      numerator: n,
      denominator: d,
      value: d === 0 ? null : n / d,
      reason: null,
    });
    return {
      id: ID,
      title: ID,
      result: {
        type: 'rate',
        scheme: 'wres',
        groups: [group('WHITE', white), group('BME', bme)],
        all: group('ALL', [bme[0] + white[0], bme[1] + white[1]]),
      },
      breakdowns: [],
      window: null,
      windowKind: 'ONE_YEAR',
      windowYears: [2024],
      flags: [],
      issues: [],
    };
  };
  const base = computeIndicators({ year: 2024, datasets: fixtureTrust(), previous: null, only: [] });
  const shaped = (m: MetricResult): IndicatorResults => ({
    ...base,
    local: [
      {
        id: ID,
        standard: 'LOCAL',
        number: '',
        title: ID,
        formula: '',
        orientation: null,
        adverseDirection: 'NONE',
        parts: [{ key: 'main', label: 'All', adverseDirection: 'NONE', metric: m }],
        recorded: null,
        issues: [],
        change: null,
      },
    ],
  });
  // BME events: 8 in April, 8 in May, 1 in June (17 in the year); White: 20, 10, 10. Each month's
  // denominator is the year's staff in post: 300 BME, 400 White.
  const bmeIn: Partial<Record<MonthNumber, number>> = { 4: 8, 5: 8, 6: 1 };
  const whiteIn: Partial<Record<MonthNumber, number>> = { 4: 20, 5: 10, 6: 10 };
  const month = (m: MonthNumber) => rate([bmeIn[m] ?? 0, 300], [whiteIn[m] ?? 0, 400]);

  /** The ledger of the figure; `own`: each month's denominator is its own records (appraisals due). */
  async function ledger(own = false) {
    const of = (m: MonthNumber) =>
      own ? rate([bmeIn[m] ?? 0, bmeIn[m] ?? 0], [whiteIn[m] ?? 0, whiteIn[m] ?? 0]) : month(m);
    const [year, q1, other] = own
      ? [rate([17, 17], [40, 40]), rate([17, 17], [40, 40]), rate([0, 0], [0, 0])]
      : [rate([17, 300], [40, 400]), rate([17, 300], [40, 400]), rate([0, 300], [0, 400])];
    return buildDisclosure(
      {
        settings,
        units: [],
        annual: () => Promise.resolve(shaped(year)),
        quarter: (_scope, q: QuarterNumber) => Promise.resolve(shaped(q === 1 ? q1 : other)),
        tables: () => Promise.resolve(new Map()),
        months: () => Promise.resolve(new Map(FINANCIAL_YEAR_MONTHS.map((m) => [m, shaped(of(m))]))),
      },
      2024,
    );
  }
  const key = (period: string, slot: string) => `${partKey(ID, 'main', { unit: ALL_UNITS, period })}#${slot}`;

  it('gives away no withheld month to a reader who adds the months up to the year and the quarter', async () => {
    const d = await ledger();
    // Rounded alone: the year's 17 reads 15, April's and May's 8 read 10, June's 1 is withheld; June
    // would be 17 - 8 - 8 = 1 at most. The ledger withholds one more count so that it cannot.
    const june = key(monthKey(2024, 6), 'n:BME');
    expect(d.ledger.get(june)!.withheld).toBe(true);
    // The reader's own sums, written here rather than taken from the ledger: a year is its twelve
    // months, a quarter its three, a month's groups its total.
    const relations: SumRelation[] = [];
    for (const slot of ['n:BME', 'n:WHITE', 'n:ALL']) {
      relations.push({
        total: key('2024', slot),
        parts: monthsOf(2024).map((m) => key(monthKey(2024, m.month), slot)),
      });
      relations.push({
        total: key('2024Q1', slot),
        parts: [4, 5, 6].map((m) => key(monthKey(2024, m as MonthNumber), slot)),
      });
    }
    for (const m of FINANCIAL_YEAR_MONTHS)
      relations.push({
        total: key(monthKey(2024, m), 'n:ALL'),
        parts: ['n:BME', 'n:WHITE'].map((s) => key(monthKey(2024, m), s)),
      });
    const known = new Map<string, Range>();
    const withheld = new Set<string>();
    for (const [k, p, state] of d.ledger.entries()) {
      if (state === 'primary') withheld.add(k);
      known.set(k, knownRange(state, p, d.ledger.rule));
    }
    expect(withheld.has(june)).toBe(true);
    expect(attack(known, relations, withheld).recovered).toEqual([]);
    expect(attack(known, d.ledger.sums(), withheld).recovered).toEqual([]);
    expect(d.summary.recovered).toEqual([]);
    expect(d.summary.complementary).toBeGreaterThan(0);
  });

  it('names a month’s denominator of staff in post as one count with the year’s and the quarter’s', async () => {
    // The year's denominator may be withheld to protect a count of its breakdowns, which a month does not
    // have: read on a month's page, the same count would give it back. Named as one, they read the same.
    const d = await ledger();
    const twins = d.ledger.sums().filter((r) => r.parts.length === 1);
    for (const m of FINANCIAL_YEAR_MONTHS) {
      const month = key(monthKey(2024, m), 'd:BME');
      expect(
        twins.some((r) => r.total === key('2024', 'd:BME') && r.parts[0] === month),
        `${m}`,
      ).toBe(true);
      expect(d.ledger.get(month)!.text).toBe(d.ledger.get(key('2024', 'd:BME'))!.text);
    }
    expect(d.ledger.sums().some((r) => r.total === key('2024', 'd:BME') && r.parts.length === 12)).toBe(
      false,
    );
    // A month the ledger does not hold (no figure has it) is withheld, never shown unprotected.
    expect(
      d.lookup('WRES2', 'main', { unit: ALL_UNITS, period: monthKey(2024, 5) })('n:BME', 12).withheld,
    ).toBe(true);
  });

  it('adds the months’ denominators up to the year when each month counts its own records', async () => {
    // Appraisals due: 8, 8 and 1 BME in April, May and June, all completed; the year's 17.
    const d = await ledger(true);
    const twelve = d.ledger.sums().filter((r) => r.total === key('2024', 'd:BME') && r.parts.length === 12);
    expect(twelve).toHaveLength(1);
    expect(d.ledger.sums().some((r) => r.total === key('2024', 'd:BME') && r.parts.length === 1)).toBe(false);
    const june = key(monthKey(2024, 6), 'd:BME');
    const known = new Map<string, Range>();
    const withheld = new Set<string>();
    for (const [k, p, state] of d.ledger.entries()) {
      if (state === 'primary') withheld.add(k);
      known.set(k, knownRange(state, p, d.ledger.rule));
    }
    expect(withheld.has(june)).toBe(true);
    const reader: SumRelation[] = ['d:BME', 'n:BME'].map((slot) => ({
      total: key('2024', slot),
      parts: monthsOf(2024).map((m) => key(monthKey(2024, m.month), slot)),
    }));
    expect(attack(known, reader, withheld).recovered).toEqual([]);
  });
});
