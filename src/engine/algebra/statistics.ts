/**
 * Count-based statistics from observations: distribution (representation), rate by group, relative
 * likelihood, and the percentage-point difference between two populations.
 */
import { GRADE_LABELS, GRADE_ORDER, WDES_CLUSTER_LABELS } from '../classification/grades.js';
import type { EngineSettings } from '../settings.js';
import { relativeLikelihood, type RelativeLikelihood } from '../stats/likelihood.js';
import { percent, type Reason } from '../stats/values.js';
import { cmp } from './context.js';
import { groupLabel, UNKNOWN, type Scheme } from './characteristics.js';
import { NOT_RECORDED, type EventObservation, type Observation } from './observe.js';
import type {
  DistributionResult,
  DistributionRow,
  GroupRateResult,
  RateResult,
  RelativeLikelihoodResult,
  RepresentationDifferenceResult,
} from './results.js';

const SPLIT_ORDER = ['NON_CLINICAL', 'CLINICAL', 'SPLIT_UNKNOWN', 'MEDICAL'];
const SPLIT_LABEL: Readonly<Record<string, string>> = {
  NON_CLINICAL: 'Non-clinical',
  CLINICAL: 'Clinical',
  SPLIT_UNKNOWN: 'Staff group not recorded',
  MEDICAL: 'Medical and dental',
};

/** A sortable rank for a dimension value: grades and clusters in their natural order, text otherwise. */
function rank(value: string): [number, number, string] {
  if (value === NOT_RECORDED || value === 'GRADE_NOT_RECORDED' || value === 'OUTSIDE_CLUSTERS')
    return [9, 0, value];
  const [split, rest] = value.includes(':') ? (value.split(':') as [string, string]) : ['', value];
  const s = SPLIT_ORDER.indexOf(split);
  const g = GRADE_ORDER.indexOf(rest as never);
  const c = /^CLUSTER_(\d)$/.exec(rest);
  const second = g >= 0 ? g : c ? Number(c[1]) : 100;
  return [s >= 0 ? s : 0, second, value];
}

export function compareKeys(a: string, b: string): number {
  const ra = rank(a);
  const rb = rank(b);
  return ra[0] - rb[0] || ra[1] - rb[1] || cmp(ra[2], rb[2]);
}

/** A readable label for a dimension value ("NON_CLINICAL:AFC_5" -> "Non-clinical: Band 5"). */
export function dimensionLabel(value: string): string {
  if (value === NOT_RECORDED) return 'Not recorded';
  if (value === 'GRADE_NOT_RECORDED') return 'Grade not recorded';
  if (value === 'OUTSIDE_CLUSTERS') return 'Outside the WDES clusters';
  const [split, rest] = value.includes(':') ? (value.split(':') as [string, string]) : [null, value];
  const cluster = /^CLUSTER_(\d)$/.exec(rest);
  const inner = cluster
    ? (WDES_CLUSTER_LABELS[Number(cluster[1])] ?? rest)
    : ((GRADE_LABELS as Record<string, string>)[rest] ??
      (rest === 'CLINICAL' ? 'Clinical' : rest === 'NON_CLINICAL' ? 'Non-clinical' : rest));
  return split === null ? inner : `${SPLIT_LABEL[split] ?? split}: ${inner}`;
}

/** The breakdown key of an observation for crossed dimensions. */
export const keyOf = (dims: Record<string, string>, by: readonly string[]): string =>
  by.length === 1 ? (dims[by[0]!] ?? NOT_RECORDED) : by.map((d) => dims[d] ?? NOT_RECORDED).join(' | ');

function row(key: string, label: string, obs: readonly Observation[], scheme: Scheme): DistributionRow {
  const counts = new Map<string, number>();
  let total = 0;
  for (const o of obs) {
    counts.set(o.group, (counts.get(o.group) ?? 0) + o.weight);
    total += o.weight;
  }
  return {
    key,
    label,
    total,
    groups: scheme.groups.map((g) => {
      const count = counts.get(g.id) ?? 0;
      return { group: g.id, label: g.label, count, percent: percent(count, total).value };
    }),
  };
}

/**
 * Distribution: for each row r and group g, pct(g, r) = n(g, r) / N(r) x 100, N(r) including unknown, so
 * each row sums to 100% (standards.md §4 indicator 1). Example (TV7): BME 990, White 6307, unknown 125 ->
 * 13.34%, 84.98%, 1.68% of 7422.
 */
export function distribution(
  obs: readonly Observation[],
  scheme: Scheme,
  rows: readonly string[],
): DistributionResult {
  const byRow = new Map<string, Observation[]>();
  if (rows.length > 0)
    for (const o of obs) {
      const k = keyOf(o.dims, rows);
      const list = byRow.get(k);
      if (list) list.push(o);
      else byRow.set(k, [o]);
    }
  const keys = [...byRow.keys()].sort(compareKeys);
  return {
    type: 'distribution',
    scheme: scheme.scheme,
    rows: keys.map((k) => row(k, k.split(' | ').map(dimensionLabel).join(' | '), byRow.get(k)!, scheme)),
    overall: row('ALL', 'Overall workforce', obs, scheme),
  };
}

function rateOf(group: string, numerator: number, denominator: number): GroupRateResult {
  const value = denominator === 0 ? null : numerator / denominator;
  const reason: Reason | null = denominator === 0 ? 'ZERO_DENOMINATOR' : null;
  return { group, label: groupLabel(group), numerator, denominator, value, reason };
}

/**
 * Rate by group: numerator / denominator, where the denominator is the population (weighted headcount) of
 * the group and the numerator is either the members whose outcome flag holds or, for an `events` outcome,
 * the distinct people (or records) among the events of that group.
 */
export function groupRates(
  obs: readonly Observation[],
  events: readonly EventObservation[] | null,
  scheme: Scheme,
): { groups: GroupRateResult[]; all: GroupRateResult } {
  const num = new Map<string, number>();
  const den = new Map<string, number>();
  for (const o of obs) {
    den.set(o.group, (den.get(o.group) ?? 0) + o.weight);
    if (events === null && o.flag) num.set(o.group, (num.get(o.group) ?? 0) + o.weight);
  }
  if (events !== null) for (const e of events) num.set(e.group, (num.get(e.group) ?? 0) + 1);
  const groups = scheme.groups.map((g) => rateOf(g.id, num.get(g.id) ?? 0, den.get(g.id) ?? 0));
  const totalNum = [...num.values()].reduce((a, b) => a + b, 0);
  const totalDen = [...den.values()].reduce((a, b) => a + b, 0);
  return { groups, all: rateOf('ALL', totalNum, totalDen) };
}

export function rateResult(
  rates: { groups: GroupRateResult[]; all: GroupRateResult },
  scheme: Scheme,
): RateResult {
  return { type: 'rate', scheme: scheme.scheme, ...rates };
}

/** The top and bottom groups of a relative likelihood (see StatisticSpec relativeLikelihood). */
export function orientation(
  scheme: Scheme,
  outcomeIs: 'favourable' | 'unfavourable',
): { top: string; bottom: string } | null {
  const reference = scheme.reference;
  const protectedGroup = scheme.comparisons[0];
  if (reference === null || protectedGroup === undefined) return null;
  return outcomeIs === 'favourable'
    ? { top: reference, bottom: protectedGroup }
    : { top: protectedGroup, bottom: reference };
}

export function likelihoodOptions(settings: EngineSettings) {
  return {
    range: {
      lower: settings['stats.nonAdverseLower'],
      upper: settings['stats.nonAdverseUpper'],
      inclusive: settings['stats.nonAdverseInclusive'],
    },
    lowCountThreshold: settings['stats.lowCountThreshold'],
    interval: { method: settings['stats.intervalMethod'], level: settings['stats.confidenceLevel'] },
  };
}

/** Relative likelihood from group rates, oriented so that RL > 1 disadvantages the protected group. */
export function likelihoodResult(
  rates: { groups: GroupRateResult[]; all: GroupRateResult },
  scheme: Scheme,
  outcomeIs: 'favourable' | 'unfavourable',
  settings: EngineSettings,
): RelativeLikelihoodResult {
  const o = orientation(scheme, outcomeIs);
  const find = (g: string) => rates.groups.find((r) => r.group === g) ?? rateOf(g, 0, 0);
  let rl: RelativeLikelihood;
  if (o === null) {
    const empty = {
      group: UNKNOWN,
      numerator: 0,
      denominator: 0,
      value: null,
      reason: 'NOT_APPLICABLE' as const,
    };
    rl = {
      top: empty,
      bottom: empty,
      value: null,
      reason: 'NOT_APPLICABLE',
      band: null,
      interval: null,
      flags: [],
    };
  } else rl = relativeLikelihood(find(o.top), find(o.bottom), likelihoodOptions(settings));
  return {
    type: 'relativeLikelihood',
    scheme: scheme.scheme,
    groups: rates.groups,
    all: rates.all,
    relativeLikelihood: rl,
  };
}

/**
 * Percentage-point difference: pct(group in population) - pct(group in comparison population), each
 * percentage over everyone (setting board.percentBase = ALL) or only those whose group is known (DECLARED).
 * Example (TV5): board BME 17%, workforce BME 21% -> -4.0 pp.
 */
export function representationDifference(
  obs: readonly Observation[],
  comparison: readonly Observation[],
  group: string,
  scheme: Scheme,
  base: 'ALL' | 'DECLARED',
  labels: { population: string; comparison: string } = {
    population: 'Population',
    comparison: 'Comparison population',
  },
): RepresentationDifferenceResult {
  const share = (list: readonly Observation[]) => {
    let count = 0;
    let total = 0;
    for (const o of list) {
      if (base === 'DECLARED' && o.group === UNKNOWN) continue;
      total += o.weight;
      if (o.group === group) count += o.weight;
    }
    return { count, total, percent: percent(count, total).value };
  };
  const p = share(obs);
  const c = share(comparison);
  const difference = p.percent === null || c.percent === null ? null : p.percent - c.percent;
  return {
    type: 'representationDifference',
    scheme: scheme.scheme,
    group,
    population: p,
    comparison: c,
    populationLabel: labels.population,
    comparisonLabel: labels.comparison,
    difference,
    reason: difference === null ? 'ZERO_DENOMINATOR' : null,
  };
}
