/**
 * The counts a result shows, as named slots, and the sums between them: what the disclosure ledger
 * (ledger.ts) is given for every view. The publication view (publication.ts) asks for each count by the same
 * slot names, so a count is found under one name whichever page, file or output shows it.
 *
 * Slots of one statistic (the group ids are the scheme's, "ALL" for everyone):
 * - rates and relative likelihoods: `n:GROUP` (numerator), `d:GROUP` (denominator);
 * - distributions: `c:ROW:GROUP` (count), `t:ROW` (row total), the overall row being `*`;
 * - representation: `rp`, `rt` (the population, e.g. the board: group count, total), `cp`, `ct` (comparison);
 * - survey: `b:GROUP` (respondents), `n:GROUP` (respondents answering positively, percentages only);
 * - pay gaps: `p:GROUP` (employees in the group), quartiles: `q:BAND:GROUP`, `qs:BAND`.
 */
import type { MetricResult, StatisticResult } from '../algebra/results.js';

export interface Slots {
  /** Slot -> exact count. */
  counts: Map<string, number>;
  /** Sums inside the result: total slot = sum of part slots. */
  sums: { total: string; parts: string[] }[];
  /** Slots shown in full whatever the rule (the board's make-up when the setting publishes it). */
  full: Set<string>;
  /**
   * Slots withheld whatever the rule: a survey group below the survey's own minimum group size (setting
   * survey.minBase, flagged LOW_BASE) shows nothing, so a sum must not give its counts away either.
   */
  withheld: Set<string>;
}

const ALL = 'ALL';

/** The slots and sums of one statistic. `board`: its population is the board (WRES 9, WDES 10). */
export function slotsOf(r: StatisticResult, board = false): Slots {
  const counts = new Map<string, number>();
  const sums: Slots['sums'] = [];
  const full = new Set<string>();
  const withheld = new Set<string>();
  switch (r.type) {
    case 'rate':
    case 'relativeLikelihood': {
      for (const g of r.groups) {
        counts.set(`n:${g.group}`, g.numerator);
        counts.set(`d:${g.group}`, g.denominator);
      }
      counts.set(`n:${ALL}`, r.all.numerator);
      counts.set(`d:${ALL}`, r.all.denominator);
      sums.push({ total: `n:${ALL}`, parts: r.groups.map((g) => `n:${g.group}`) });
      sums.push({ total: `d:${ALL}`, parts: r.groups.map((g) => `d:${g.group}`) });
      break;
    }
    case 'distribution': {
      const rows = [...r.rows.map((row) => ({ key: row.key, row })), { key: '*', row: r.overall }];
      for (const { key, row } of rows) {
        for (const g of row.groups) counts.set(`c:${key}:${g.group}`, g.count);
        counts.set(`t:${key}`, row.total);
        sums.push({ total: `t:${key}`, parts: row.groups.map((g) => `c:${key}:${g.group}`) });
      }
      if (r.rows.length > 0) {
        for (const g of r.overall.groups)
          sums.push({ total: `c:*:${g.group}`, parts: r.rows.map((row) => `c:${row.key}:${g.group}`) });
        sums.push({ total: 't:*', parts: r.rows.map((row) => `t:${row.key}`) });
      }
      break;
    }
    case 'representationDifference':
      counts.set('rp', r.population.count);
      counts.set('rt', r.population.total);
      counts.set('cp', r.comparison.count);
      counts.set('ct', r.comparison.total);
      if (board) {
        full.add('rp');
        full.add('rt');
      }
      break;
    case 'surveyPercentage':
    case 'surveyScore':
      for (const g of r.groups) {
        const positive = 'numerator' in g ? g.numerator : null;
        counts.set(`b:${g.group}`, g.base);
        if (positive !== null) counts.set(`n:${g.group}`, positive);
        // A zero is a zero (no respondents, none positive): the rule publishes it and a reader knows it.
        if (g.flags.includes('LOW_BASE') && g.base > 0) {
          withheld.add(`b:${g.group}`);
          if (positive !== null && positive > 0) withheld.add(`n:${g.group}`);
        }
      }
      break;
    case 'payGap':
      for (const g of [r.reference, ...r.comparisons, ...r.excluded]) counts.set(`p:${g.group}`, g.n);
      break;
    case 'payQuartiles':
      for (const q of r.quartiles) {
        for (const g of q.groups) counts.set(`q:${q.band}:${g.group}`, g.count);
        counts.set(`qs:${q.band}`, q.size);
        sums.push({ total: `qs:${q.band}`, parts: q.groups.map((g) => `q:${q.band}:${g.group}`) });
      }
      break;
  }
  return { counts, sums, full, withheld };
}

/** Where a breakdown row's counts are named: the result's prefix and the row ("/staffGroup=Nursing"). */
export function breakdownPrefix(prefix: string, by: readonly string[], key: string): string {
  return `${prefix}/${by.join('+')}=${key}`;
}

/**
 * A metric's slots under a prefix, its breakdown rows under theirs, and each slot's sum over the rows of
 * each breakdown table; for a mean of yearly ratios, the yearly results of its two-year window under
 * `PREFIX~YEAR`, whose counts add up to the pooled counts shown beside it.
 */
export function metricCells(
  prefix: string,
  m: MetricResult,
  board = false,
): {
  cells: Map<string, number>;
  full: Set<string>;
  withheld: Set<string>;
  sums: { total: string; parts: string[] }[];
} {
  const cells = new Map<string, number>();
  const full = new Set<string>();
  const withheld = new Set<string>();
  const sums: { total: string; parts: string[] }[] = [];
  const add = (p: string, r: StatisticResult) => {
    const s = slotsOf(r, board);
    for (const [slot, v] of s.counts) cells.set(`${p}#${slot}`, v);
    for (const slot of s.full) full.add(`${p}#${slot}`);
    for (const slot of s.withheld) withheld.add(`${p}#${slot}`);
    for (const sum of s.sums)
      sums.push({ total: `${p}#${sum.total}`, parts: sum.parts.map((x) => `${p}#${x}`) });
    return s;
  };
  const main = add(prefix, m.result);
  for (const table of m.breakdowns) {
    const rows = table.rows.map((row) => {
      const p = breakdownPrefix(prefix, table.by, row.key);
      return { p, s: add(p, row.result) };
    });
    for (const slot of main.counts.keys())
      sums.push({ total: `${prefix}#${slot}`, parts: rows.map((r) => `${r.p}#${slot}`) });
  }
  // The yearly counts of a pooled window are never shown (only its pooled counts are), so they are no
  // slots: each year is also in that year's own ledger, and a count no page shows tells a reader nothing.
  // A mean of yearly ratios shows them.
  if (m.window && m.window.perYear.length > 1 && m.window.method === 'MEAN_OF_RATIOS') {
    const years = m.window.perYear.map((y) => ({
      p: `${prefix}~${y.year}`,
      s: add(`${prefix}~${y.year}`, y.result),
    }));
    for (const slot of main.counts.keys())
      if (years.every((y) => y.s.counts.has(slot)))
        sums.push({ total: `${prefix}#${slot}`, parts: years.map((y) => `${y.p}#${slot}`) });
  }
  return { cells, full, withheld, sums };
}
