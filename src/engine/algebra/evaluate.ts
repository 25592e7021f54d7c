/**
 * Evaluating one metric definition: select the population (for each year of the window), observe groups,
 * breakdown keys and outcomes, then compute the statistic overall and for every breakdown row.
 */
import type { Flag, RelativeLikelihood } from '../stats/likelihood.js';
import { nonAdverseBand } from '../stats/likelihood.js';
import { IssueLog, type EvalContext } from './context.js';
import { Dictionary, groupByCode } from './codes.js';
import { cached } from './population.js';
import { schemeFor, type Scheme } from './characteristics.js';
import { observe, ranksByKey, subset, type Observations, type YearObservations } from './observe.js';
import { payGap, payQuartiles } from './pay.js';
import type {
  BreakdownTable,
  MetricResult,
  StatisticResult,
  WindowKind,
  WindowResult,
  YearlyRatio,
} from './results.js';
import {
  keyOrder,
  distribution,
  groupRates,
  keyCodes,
  likelihoodOptions,
  likelihoodResult,
  rateResult,
  representationDifference,
} from './statistics.js';
import { surveyBreakdowns, surveyPercentage, surveyScore } from './survey.js';
import type { MetricDefinition } from './types.js';

function meanOfRatios(
  perYear: RelativeLikelihood[],
  pooled: RelativeLikelihood,
  ctx: EvalContext,
): RelativeLikelihood {
  const values = perYear.map((r) => r.value);
  const complete = values.every((v): v is number => v !== null);
  const value = complete ? values.reduce((a, b) => a + b, 0) / values.length : null;
  const flags = [...new Set(perYear.flatMap((r) => r.flags))].sort();
  return {
    ...pooled,
    value,
    reason: complete ? null : (perYear.find((r) => r.value === null)?.reason ?? 'NOT_AVAILABLE'),
    band: nonAdverseBand(value, likelihoodOptions(ctx.settings).range),
    interval: null,
    flags,
  };
}

function statistic(
  def: MetricDefinition,
  scheme: Scheme,
  years: readonly YearObservations[],
  comparison: Observations | null,
  ctx: EvalContext,
): StatisticResult {
  const s = def.statistic;
  const current = years[0]!.population;
  switch (s.type) {
    case 'distribution':
      return distribution(current, scheme, s.rows ?? []);
    case 'representationDifference':
      return representationDifference(
        current,
        comparison,
        s.group,
        scheme,
        ctx.settings['board.percentBase'],
        s.labels,
      );
    case 'payGap':
      return payGap(
        current,
        scheme,
        s.measure,
        def.outcome?.type === 'value' ? def.outcome.field : '',
        s.combineGroupsBelow ?? null,
      );
    case 'payQuartiles':
      return payQuartiles(
        current,
        scheme,
        def.outcome?.type === 'value' ? def.outcome.field : '',
        ctx.settings,
      );
    case 'rate':
    case 'relativeLikelihood': {
      const pop = years.map((y) => y.population);
      const events =
        def.outcome?.type === 'events' ? years.flatMap((y) => (y.events ? [y.events] : [])) : null;
      const rates = groupRates(pop, events, scheme);
      if (s.type === 'rate') return rateResult(rates, scheme, s.unit);
      const pooled = likelihoodResult(rates, scheme, s.outcomeIs, ctx.settings);
      if (def.window?.method !== 'MEAN_OF_RATIOS' || years.length < 2) return pooled;
      // Oldest first, as the years are read; each year's own counts and ratio stay with the mean.
      const yearly: YearlyRatio[] = [...years].reverse().map((y) => {
        const own = likelihoodResult(
          groupRates([y.population], y.events ? [y.events] : null, scheme),
          scheme,
          s.outcomeIs,
          ctx.settings,
        );
        return { year: y.year, groups: own.groups, all: own.all, relativeLikelihood: own.relativeLikelihood };
      });
      return {
        ...pooled,
        relativeLikelihood: meanOfRatios(
          yearly.map((y) => y.relativeLikelihood),
          pooled.relativeLikelihood,
          ctx,
        ),
        yearly,
      };
    }
    case 'surveyPercentage':
    case 'surveyScore':
      throw new Error('survey statistics are evaluated separately');
  }
}

function flagsOf(result: StatisticResult): Flag[] {
  switch (result.type) {
    case 'relativeLikelihood':
      return result.relativeLikelihood.flags;
    case 'surveyPercentage':
      return result.groups.some((g) => g.group !== 'UNKNOWN' && g.flags.includes('LOW_BASE'))
        ? ['LOW_BASE']
        : [];
    case 'surveyScore':
      return result.groups.some((g) => g.group !== 'UNKNOWN' && g.flags.includes('LOW_BASE'))
        ? ['LOW_BASE']
        : [];
    case 'payGap':
      return result.comparisons.some((c) => c.reason === 'SMALL_GROUP') ? ['SMALL_GROUP'] : [];
    default:
      return [];
  }
}

/**
 * The positions of each key's members: codes[i] is member i's key; returns, for every key of the space, the
 * positions with that key, in order (a counting sort).
 */
function positionsByKey(codes: Int32Array, keys: number): Int32Array[] {
  const { start, order } = groupByCode(codes, keys);
  return Array.from({ length: keys }, (_, k) => order.subarray(start[k], start[k + 1]));
}

const EMPTY = new Int32Array(0);

/**
 * Observations split by their breakdown key (crossed dimensions `by`): key -> the members with that key, in
 * their original order. Made once per observations and dimensions (metrics sharing observations share it).
 */
function splitObservations(obs: Observations, by: readonly string[]): ReadonlyMap<string, Observations> {
  return cached(obs.cache, `split|${by.join('|')}`, () => {
    const space = new Dictionary();
    const codes = keyCodes(obs, by, space);
    const keys = space.values.length;
    const positions = positionsByKey(codes, keys);
    // Each row's values placed among its own (so that its sorted lists take one pass over its members).
    const ranks = obs.values ? ranksByKey(obs.values, codes, keys) : null;
    return new Map(
      space.values.map((key, k) => [
        key,
        subset(obs, positions[k]!, ranks ? { rank: ranks.rank, places: ranks.places[k]! } : undefined),
      ]),
    );
  });
}

/**
 * The observations of each year split by their breakdown key: key -> the years, each with only the
 * population and events of that key. Every year of the window is listed under every key (empty when the
 * key has none in that year).
 */
function splitByKey(
  years: readonly YearObservations[],
  by: readonly string[],
): Map<string, YearObservations[]> {
  const perYear = years.map((y) => ({
    population: splitObservations(y.population, by),
    events: y.events ? splitObservations(y.events, by) : null,
  }));
  const keys = new Set<string>();
  for (const y of perYear) {
    for (const k of y.population.keys()) keys.add(k);
    if (y.events) for (const k of y.events.keys()) keys.add(k);
  }
  const out = new Map<string, YearObservations[]>();
  for (const key of keys)
    out.set(
      key,
      years.map((y, i) => ({
        ...y,
        population: perYear[i]!.population.get(key) ?? subset(y.population, EMPTY),
        events: y.events ? (perYear[i]!.events!.get(key) ?? subset(y.events, EMPTY)) : null,
      })),
    );
  return out;
}

const sortedKeys = (keys: readonly string[]): string[] => keyOrder(keys).map((k) => keys[k]!);

/**
 * The years of a window a figure is made of: the current year always; the previous year only beside a
 * current year with a population of its own. A window is never made wholly of the previous year: when the
 * current year has nobody in its population (no staff in post in the part shown, no snapshot), the figure
 * is the current year's alone, which has no value.
 */
function usableYears(years: readonly YearObservations[]): readonly YearObservations[] {
  return years.length > 1 && years[0]!.population.n === 0 ? years.slice(0, 1) : years;
}

/** A rolling-window figure withheld because its reporting year has no data of its own. */
function withoutCurrentYear(result: StatisticResult): StatisticResult {
  if (result.type !== 'relativeLikelihood') return result;
  return {
    ...result,
    relativeLikelihood: {
      ...result.relativeLikelihood,
      value: null,
      reason: 'NO_CURRENT_YEAR',
      band: null,
      interval: null,
      flags: [...new Set([...result.relativeLikelihood.flags, 'NO_CURRENT_YEAR' as const])].sort(),
    },
  };
}

function windowKindOf(years: number, method: 'POOLED' | 'MEAN_OF_RATIOS'): WindowKind {
  if (years < 2) return 'ONE_YEAR';
  return method === 'MEAN_OF_RATIOS' ? 'MEAN_OF_TWO_YEARLY_RATIOS' : 'POOLED_TWO_YEARS';
}

/**
 * Evaluates a metric definition for the context's reporting year.
 *
 * Window (rates and relative likelihoods): with years = 2, year N and N-1 are both observed; POOLED adds
 * their numerators and denominators, MEAN_OF_RATIOS averages the two annual relative likelihoods (and
 * keeps each year's counts and ratio in `yearly`). A previous year whose population is empty (no snapshot
 * loaded) is left out and the result is flagged INCOMPLETE_WINDOW; a current year whose population is
 * empty makes the figure NO_CURRENT_YEAR, with no value, never the previous year's figure. `windowKind`
 * says what the figure covers.
 */
export function evaluateMetric(def: MetricDefinition, parent: EvalContext): MetricResult {
  const ctx: EvalContext = { ...parent, issues: new IssueLog() };
  const scheme = schemeFor(def.characteristic, ctx.settings);
  const s = def.statistic;
  if (s.type === 'surveyPercentage' || s.type === 'surveyScore') {
    const surveyYear = ctx.year - 1;
    const figure = (c: EvalContext) =>
      s.type === 'surveyPercentage'
        ? surveyPercentage(c, scheme, s.measure, surveyYear, def.population.where, def.id)
        : surveyScore(c, scheme, s.measure, surveyYear, def.id);
    const result = figure(ctx);
    return {
      id: def.id,
      title: def.title,
      result,
      breakdowns: surveyBreakdowns(ctx, def.breakdown ?? [], surveyYear, figure),
      window: null,
      windowKind: 'ONE_YEAR',
      windowYears: [ctx.year],
      flags: flagsOf(result),
      issues: ctx.issues.list(),
    };
  }

  const windowed = (s.type === 'rate' || s.type === 'relativeLikelihood') && def.window?.years === 2;
  const offsets = windowed ? [0, -1] : [0];
  const observed = offsets.map((o) => observe(def, scheme, ctx, o));
  const years = usableYears(observed.filter((y, i) => i === 0 || y.population.n > 0));
  const noCurrentYear =
    windowed && observed[0]!.population.n === 0 && observed.some((y) => y.population.n > 0);
  const flags = new Set<Flag>();
  if (noCurrentYear) flags.add('NO_CURRENT_YEAR');
  else if (windowed && years.length < offsets.length) flags.add('INCOMPLETE_WINDOW');
  let comparison: Observations | null = null;
  if (s.type === 'representationDifference')
    comparison = observe({ ...def, population: s.comparison, outcome: undefined }, scheme, ctx, 0).population;

  // A figure of a window whose current year has no population of its own is withheld, not made of the
  // previous year's data (the same for every breakdown row).
  const windowStatistic = (ys: readonly YearObservations[]): StatisticResult => {
    const usable = usableYears(ys);
    const r = statistic(def, scheme, usable, comparison, ctx);
    return windowed && ys.slice(usable.length).some((y) => y.population.n > 0) ? withoutCurrentYear(r) : r;
  };
  const result = noCurrentYear
    ? withoutCurrentYear(statistic(def, scheme, years, comparison, ctx))
    : statistic(def, scheme, years, comparison, ctx);
  for (const f of flagsOf(result)) flags.add(f);
  const method = def.window?.method ?? 'POOLED';
  const windowKind = windowed ? windowKindOf(years.length, method) : 'ONE_YEAR';
  const window: WindowResult | null = windowed
    ? {
        years: years.length,
        requestedYears: offsets.length,
        method,
        kind: windowKind,
        perYear: years.map((y) => ({ year: y.year, result: statistic(def, scheme, [y], null, ctx) })),
      }
    : null;

  const breakdowns: BreakdownTable[] = (def.breakdown ?? []).map((entry) => {
    const by = Array.isArray(entry) ? entry : [entry];
    const split = splitByKey(years, by);
    return {
      by,
      rows: sortedKeys([...split.keys()]).map((key) => ({
        key,
        result: windowStatistic(split.get(key)!),
      })),
    };
  });
  return {
    id: def.id,
    title: def.title,
    result,
    breakdowns,
    window,
    windowKind,
    windowYears: years.map((y) => y.year).sort((a, b) => a - b),
    flags: [...flags].sort(),
    issues: ctx.issues.list(),
  };
}
