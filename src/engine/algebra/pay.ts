/**
 * Pay statistics from observations carrying a value (hourly pay, bonus): mean or median gap of each
 * comparison group against the reference group, and the four quartile bands.
 */
import { gapPercent } from '../paygap/gaps.js';
import { allocateSortedQuartiles, QUARTILE_BANDS } from '../paygap/quartiles.js';
import { cached } from './population.js';
import type { EngineSettings } from '../settings.js';
import { percent } from '../stats/values.js';
import { groupLabel, UNKNOWN, type Scheme } from './characteristics.js';
import type { Observations } from './observe.js';
import type { PayGapComparison, PayGapResult, PayGroupSummary, PayQuartilesResult } from './results.js';

const COMBINED = 'COMBINED_SMALL_GROUPS';

/**
 * The usable values of each group, sorted ascending (so that a mean adds them in one order whatever the
 * order of the records).
 */
function valuesByGroup(obs: Observations): Map<string, Float64Array> {
  return cached(obs.cache, 'valuesByGroup', () => sortedValues(obs));
}

function sortedValues(obs: Observations): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  if (obs.values === null) return out;
  const { value, rank, places } = obs.values;
  // Members in the order of their values (their places), each appended to its group's list.
  const byPlace = new Int32Array(places).fill(-1);
  const counts = new Int32Array(obs.groupIds.length);
  for (let i = 0; i < obs.n; i++)
    if (rank[i]! >= 0) {
      byPlace[rank[i]!] = i;
      counts[obs.group[i]!]!++;
    }
  const lists = Array.from(counts, (c) => new Float64Array(c));
  const fill = new Int32Array(counts.length);
  for (const i of byPlace) {
    if (i === -1) continue;
    const g = obs.group[i]!;
    lists[g]![fill[g]!++] = value[i]!;
  }
  obs.groupIds.forEach((id, g) => {
    if (counts[g]! > 0) out.set(id, lists[g]!);
  });
  return out;
}

const NONE = new Float64Array(0);

/** Mean of sorted values; null for none. */
function meanOf(sorted: Float64Array): number | null {
  if (sorted.length === 0) return null;
  let total = 0;
  for (let i = 0; i < sorted.length; i++) total += sorted[i]!;
  return total / sorted.length;
}

/** Median of sorted values (the mean of the two middle values for an even count); null for none. */
function medianOf(sorted: Float64Array): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function merged(lists: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of lists) {
    out.set(l, at);
    at += l.length;
  }
  return out.sort();
}

/**
 * Mean or median gap: (reference - comparison) / reference x 100 for each comparison group. With
 * `combineGroupsBelow` (the disaggregated ethnicity pay gap), comparison groups with fewer people are
 * combined into one group; when the combined group is still smaller, its figures are withheld (SMALL_GROUP).
 *
 * Example: men's mean hourly pay £20, women's £18 -> mean gap 10.0%.
 */
export function payGap(
  obs: Observations,
  scheme: Scheme,
  measure: 'mean' | 'median',
  valueField: string,
  combineGroupsBelow: number | null,
): PayGapResult {
  const values = valuesByGroup(obs);
  const stat = measure === 'mean' ? meanOf : medianOf;
  const summary = (group: string, list: Float64Array, combinedFrom: string[] = []): PayGroupSummary => ({
    group,
    label: groupLabel(scheme.scheme, group),
    n: list.length,
    value: stat(list),
    combinedFrom,
  });
  const reference = summary(
    scheme.reference ?? UNKNOWN,
    scheme.reference ? (values.get(scheme.reference) ?? NONE) : NONE,
  );
  const many = scheme.comparisons.length > 1;
  const comparisons: PayGapComparison[] = [];
  const small: string[] = [];
  const smallLists: Float64Array[] = [];
  for (const g of scheme.comparisons) {
    const list = values.get(g) ?? NONE;
    if (many && list.length === 0) continue;
    if (combineGroupsBelow !== null && list.length < combineGroupsBelow) {
      small.push(g);
      smallLists.push(list);
      continue;
    }
    const s = summary(g, list);
    const gap = gapPercent(reference.value, s.value);
    comparisons.push({ ...s, gap: gap.value, reason: gap.reason });
  }
  if (small.length > 0) {
    const smallValues = merged(smallLists);
    const s = summary(COMBINED, smallValues, small);
    if (combineGroupsBelow !== null && smallValues.length < combineGroupsBelow)
      comparisons.push({ ...s, value: null, gap: null, reason: 'SMALL_GROUP' });
    else {
      const gap = gapPercent(reference.value, s.value);
      comparisons.push({ ...s, gap: gap.value, reason: gap.reason });
    }
  }
  const counted = new Set([scheme.reference, ...scheme.comparisons]);
  const excluded = scheme.groups
    .filter((g) => !counted.has(g.id))
    .map((g) => ({ group: g.id, label: g.label, n: values.get(g.id)?.length ?? 0 }));
  return { type: 'payGap', scheme: scheme.scheme, measure, valueField, reference, comparisons, excluded };
}

/**
 * Quartile bands of the value with the remainder and tie rules (paygap/quartiles.ts); % of each group in
 * each band (each band sums to 100%). The gender pay gap ranks men and women only; other schemes rank
 * everyone, unknown as its own group.
 */
export function payQuartiles(
  obs: Observations,
  scheme: Scheme,
  valueField: string,
  settings: EngineSettings,
): PayQuartilesResult {
  const ranked =
    scheme.scheme === 'sex'
      ? new Set([scheme.reference, ...scheme.comparisons])
      : new Set(scheme.groups.map((g) => g.id));
  const values = valuesByGroup(obs);
  const rankedValues = new Map([...values].filter(([g]) => ranked.has(g)));
  const groups = scheme.groups.filter((g) => ranked.has(g.id));
  const allocation = allocateSortedQuartiles(
    rankedValues,
    groups.map((g) => g.id),
    settings['paygap.quartileRemainderRule'],
  );
  let n = 0;
  for (const list of rankedValues.values()) n += list.length;
  return {
    type: 'payQuartiles',
    scheme: scheme.scheme,
    valueField,
    n,
    quartiles: QUARTILE_BANDS.map((band, j) => {
      const b = allocation.bands[j]!;
      const size = allocation.sizes[j]!;
      return {
        band,
        size,
        minValue: b.min,
        maxValue: b.max,
        groups: groups.map((g) => {
          const count = b.counts[g.id] ?? 0;
          return { group: g.id, label: g.label, count, percent: percent(count, size).value };
        }),
      };
    }),
    excluded: scheme.groups
      .filter((g) => !ranked.has(g.id))
      .map((g) => ({ group: g.id, label: g.label, n: values.get(g.id)?.length ?? 0 })),
  };
}
