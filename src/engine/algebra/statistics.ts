/**
 * Count-based statistics from observations: distribution (representation), rate by group, relative
 * likelihood, and the percentage-point difference between two populations.
 */
import { GRADE_LABELS, GRADE_ORDER, WDES_CLUSTER_LABELS } from '../classification/grades.js';
import type { EngineSettings } from '../settings.js';
import { relativeLikelihood, type RelativeLikelihood } from '../stats/likelihood.js';
import { percent, type Reason } from '../stats/values.js';
import type { RateUnit } from '../stats/rate.js';
import { Dictionary } from './codes.js';
import { cmp } from './context.js';
import { groupLabel, UNKNOWN, type Scheme } from './characteristics.js';
import { NOT_RECORDED, type Observations } from './observe.js';
import {
  BREAKDOWN_KEY_SEPARATOR,
  type DistributionResult,
  type DistributionRow,
  type GroupRateResult,
  type RateResult,
  type RelativeLikelihoodResult,
  type RepresentationDifferenceResult,
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
  return compareRanks(rank(a), rank(b));
}

const compareRanks = (ra: [number, number, string], rb: [number, number, string]): number =>
  ra[0] - rb[0] || ra[1] - rb[1] || cmp(ra[2], rb[2]);

/** Indexes of `keys` in `compareKeys` order, each key ranked once. */
export function keyOrder(keys: readonly string[]): number[] {
  const ranks = keys.map(rank);
  return keys.map((_, k) => k).sort((a, b) => compareRanks(ranks[a]!, ranks[b]!));
}

/**
 * A readable label for a breakdown or row key ("NON_CLINICAL:AFC_5" -> "Non-clinical: Band 5"): the one
 * used by the engine's tables and every page.
 */
export function dimensionLabel(value: string): string {
  if (value === NOT_RECORDED) return 'Not recorded';
  if (value === 'GRADE_NOT_RECORDED') return 'Grade not recorded';
  if (value === 'OUTSIDE_CLUSTERS') return 'Outside the WDES clusters';
  const [split, rest] = value.includes(':') ? (value.split(':') as [string, string]) : [null, value];
  const cluster = /^CLUSTER_(\d)$/.exec(rest);
  const inner = cluster
    ? (WDES_CLUSTER_LABELS[Number(cluster[1])] ?? rest)
    : ((GRADE_LABELS as Record<string, string>)[rest] ?? SPLIT_LABEL[rest] ?? rest);
  return split === null ? inner : `${SPLIT_LABEL[split] ?? split}: ${inner}`;
}

/**
 * The breakdown key of every observation for crossed dimensions `by` ("value" or "value | value"), as
 * codes of `space` (shared by every list of observations split the same way).
 */
export function keyCodes(obs: Observations, by: readonly string[], space: Dictionary): Int32Array {
  const out = new Int32Array(obs.n);
  const columns = by.map((d) => {
    const j = obs.dimNames.indexOf(d);
    return j === -1 ? null : obs.dims[j]!;
  });
  if (columns.length === 1) {
    const column = columns[0]!;
    if (column === null) return obs.n === 0 ? out : out.fill(space.code(NOT_RECORDED));
    // Only the values met get a key: a frame's other values are not rows of this breakdown.
    const byCode = new Int32Array(column.values.length).fill(-1);
    for (let i = 0; i < obs.n; i++) {
      const c = column.codes[i]!;
      let k = byCode[c]!;
      if (k === -1) k = byCode[c] = space.code(column.values[c]!);
      out[i] = k;
    }
    return out;
  }
  for (let i = 0; i < obs.n; i++)
    out[i] = space.code(
      columns.map((c) => (c === null ? NOT_RECORDED : c.values[c.codes[i]!]!)).join(BREAKDOWN_KEY_SEPARATOR),
    );
  return out;
}

function row(
  key: string,
  label: string,
  counts: Float64Array,
  offset: number,
  total: number,
  ids: readonly string[],
  scheme: Scheme,
): DistributionRow {
  return {
    key,
    label,
    total,
    groups: scheme.groups.map((g) => {
      const j = ids.indexOf(g.id);
      const count = j === -1 ? 0 : counts[offset + j]!;
      return { group: g.id, label: g.label, count, percent: percent(count, total).value };
    }),
  };
}

/** A row value as words: sex codes by the sex scheme's labels ("F" -> "Female"), the rest as keys read. */
const rowLabel = (dim: string, value: string): string =>
  dim === 'sex' && value !== NOT_RECORDED ? groupLabel('sex', value) : dimensionLabel(value);

/**
 * Distribution: for each row r and group g, pct(g, r) = n(g, r) / N(r) x 100, N(r) including unknown, so
 * each row sums to 100% (standards.md §4 indicator 1). Example (TV7): BME 990, White 6307, unknown 125 ->
 * 13.34%, 84.98%, 1.68% of 7422.
 */
export function distribution(obs: Observations, scheme: Scheme, rows: readonly string[]): DistributionResult {
  const G = obs.groupIds.length;
  const w = obs.weight;
  const all = new Float64Array(G);
  let overall = 0;
  for (let i = 0; i < obs.n; i++) {
    all[obs.group[i]!]! += w;
    overall += w;
  }
  const space = new Dictionary();
  let counts = new Float64Array(0);
  let totals = new Float64Array(0);
  if (rows.length > 0) {
    const codes = keyCodes(obs, rows, space);
    const K = space.values.length;
    counts = new Float64Array(K * G);
    totals = new Float64Array(K);
    for (let i = 0; i < obs.n; i++) {
      const k = codes[i]!;
      counts[k * G + obs.group[i]!]! += w;
      totals[k]! += w;
    }
  }
  const order = keyOrder(space.values);
  return {
    type: 'distribution',
    scheme: scheme.scheme,
    rows: order.map((k) => {
      const key = space.values[k]!;
      return row(
        key,
        key
          .split(BREAKDOWN_KEY_SEPARATOR)
          .map((v, j) => rowLabel(rows[j]!, v))
          .join(BREAKDOWN_KEY_SEPARATOR),
        counts,
        k * G,
        totals[k]!,
        obs.groupIds,
        scheme,
      );
    }),
    overall: row('ALL', 'Overall workforce', all, 0, overall, obs.groupIds, scheme),
  };
}

function rateOf(scheme: Scheme, group: string, numerator: number, denominator: number): GroupRateResult {
  const value = denominator === 0 ? null : numerator / denominator;
  const reason: Reason | null = denominator === 0 ? 'ZERO_DENOMINATOR' : null;
  return { group, label: groupLabel(scheme.scheme, group), numerator, denominator, value, reason };
}

/**
 * Rate by group: numerator / denominator, where the denominator is the population (weighted headcount) of
 * the group and the numerator is either the members whose outcome flag holds or, for an `events` outcome,
 * the distinct people (or records) among the events of that group. Several lists (the years of a window)
 * are pooled: their numerators and denominators are added.
 */
export function groupRates(
  populations: readonly Observations[],
  events: readonly Observations[] | null,
  scheme: Scheme,
): { groups: GroupRateResult[]; all: GroupRateResult } {
  // Every list's groups coded in one dictionary that starts with the scheme's groups in order.
  const ids = new Dictionary(scheme.groups.map((g) => g.id));
  const lists = [...populations, ...(events ?? [])];
  const maps = lists.map((o) => Int32Array.from(o.groupIds, (id) => ids.code(id)));
  const num = new Float64Array(ids.size);
  const den = new Float64Array(ids.size);
  for (let p = 0; p < populations.length; p++) {
    const obs = populations[p]!;
    const map = maps[p]!;
    const w = obs.weight;
    const flag = events === null ? obs.flag : null;
    for (let i = 0; i < obs.n; i++) {
      const g = map[obs.group[i]!]!;
      den[g]! += w;
      if (flag !== null && flag[i] === 1) num[g]! += w;
    }
  }
  const eventLists = events ?? [];
  for (let e = 0; e < eventLists.length; e++) {
    const obs = eventLists[e]!;
    const map = maps[populations.length + e]!;
    for (let i = 0; i < obs.n; i++) num[map[obs.group[i]!]!]! += 1;
  }
  const groups = scheme.groups.map((g, j) => rateOf(scheme, g.id, num[j]!, den[j]!));
  let totalNum = 0;
  let totalDen = 0;
  for (let j = 0; j < ids.size; j++) {
    totalNum += num[j]!;
    totalDen += den[j]!;
  }
  return { groups, all: rateOf(scheme, 'ALL', totalNum, totalDen) };
}

export function rateResult(
  rates: { groups: GroupRateResult[]; all: GroupRateResult },
  scheme: Scheme,
  unit?: RateUnit,
): RateResult {
  // A percentage, the default, is left unsaid so that results (and their golden files) read as before.
  return { type: 'rate', scheme: scheme.scheme, ...rates, ...(unit && unit !== 'percent' ? { unit } : {}) };
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
  const find = (g: string) => rates.groups.find((r) => r.group === g) ?? rateOf(scheme, g, 0, 0);
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

/** The weighted count of `group` in a population and its base (everyone, or those whose group is known). */
function share(o: Observations | null, group: string, base: 'ALL' | 'DECLARED') {
  let count = 0;
  let total = 0;
  if (o !== null) {
    const target = o.groupIds.indexOf(group);
    const unknown = base === 'DECLARED' ? o.groupIds.indexOf(UNKNOWN) : -2;
    for (let i = 0; i < o.n; i++) {
      const g = o.group[i]!;
      if (g === unknown) continue;
      total += o.weight;
      if (g === target) count += o.weight;
    }
  }
  return { count, total, percent: percent(count, total).value };
}

/**
 * Percentage-point difference: pct(group in population) - pct(group in comparison population), each
 * percentage over everyone (setting board.percentBase = ALL) or only those whose group is known (DECLARED).
 * Example (TV5): board BME 17%, workforce BME 21% -> -4.0 pp.
 */
export function representationDifference(
  obs: Observations,
  comparison: Observations | null,
  group: string,
  scheme: Scheme,
  base: 'ALL' | 'DECLARED',
  labels: { population: string; comparison: string } = {
    population: 'Population',
    comparison: 'Comparison population',
  },
): RepresentationDifferenceResult {
  const p = share(obs, group, base);
  const c = share(comparison, group, base);
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
