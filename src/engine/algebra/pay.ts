/**
 * Pay statistics from observations carrying a value (hourly pay, bonus): mean or median gap of each
 * comparison group against the reference group, and the four quartile bands.
 */
import { gapPercent, mean, median } from '../paygap/gaps.js';
import { allocateQuartiles, QUARTILE_BANDS } from '../paygap/quartiles.js';
import type { EngineSettings } from '../settings.js';
import { percent } from '../stats/values.js';
import { groupLabel, UNKNOWN, type Scheme } from './characteristics.js';
import type { Observation } from './observe.js';
import type { PayGapComparison, PayGapResult, PayGroupSummary, PayQuartilesResult } from './results.js';

const COMBINED = 'COMBINED_SMALL_GROUPS';

function valuesByGroup(obs: readonly Observation[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const o of obs) {
    if (o.value === null) continue;
    const list = out.get(o.group);
    if (list) list.push(o.value);
    else out.set(o.group, [o.value]);
  }
  return out;
}

/**
 * Mean or median gap: (reference - comparison) / reference x 100 for each comparison group. With
 * `combineGroupsBelow` (the disaggregated ethnicity pay gap), comparison groups with fewer people are
 * combined into one group; when the combined group is still smaller, its figures are withheld (SMALL_GROUP).
 *
 * Example: men's mean hourly pay £20, women's £18 -> mean gap 10.0%.
 */
export function payGap(
  obs: readonly Observation[],
  scheme: Scheme,
  measure: 'mean' | 'median',
  valueField: string,
  combineGroupsBelow: number | null,
): PayGapResult {
  const values = valuesByGroup(obs);
  const stat = measure === 'mean' ? mean : median;
  const summary = (group: string, list: number[], combinedFrom: string[] = []): PayGroupSummary => ({
    group,
    label: groupLabel(group),
    n: list.length,
    value: stat(list),
    combinedFrom,
  });
  const reference = summary(
    scheme.reference ?? UNKNOWN,
    scheme.reference ? (values.get(scheme.reference) ?? []) : [],
  );
  const many = scheme.comparisons.length > 1;
  const comparisons: PayGapComparison[] = [];
  const small: string[] = [];
  const smallValues: number[] = [];
  for (const g of scheme.comparisons) {
    const list = values.get(g) ?? [];
    if (many && list.length === 0) continue;
    if (combineGroupsBelow !== null && list.length < combineGroupsBelow) {
      small.push(g);
      smallValues.push(...list);
      continue;
    }
    const s = summary(g, list);
    const gap = gapPercent(reference.value, s.value);
    comparisons.push({ ...s, gap: gap.value, reason: gap.reason });
  }
  if (small.length > 0) {
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
  obs: readonly Observation[],
  scheme: Scheme,
  valueField: string,
  settings: EngineSettings,
): PayQuartilesResult {
  const ranked =
    scheme.scheme === 'sex'
      ? new Set([scheme.reference, ...scheme.comparisons])
      : new Set(scheme.groups.map((g) => g.id));
  const entries: { value: number; group: string }[] = [];
  const left = new Map<string, number>();
  for (const o of obs) {
    if (o.value === null) continue;
    if (ranked.has(o.group)) entries.push({ value: o.value, group: o.group });
    else left.set(o.group, (left.get(o.group) ?? 0) + 1);
  }
  const groups = scheme.groups.filter((g) => ranked.has(g.id));
  const allocation = allocateQuartiles(
    entries,
    groups.map((g) => g.id),
    settings['paygap.quartileRemainderRule'],
  );
  return {
    type: 'payQuartiles',
    scheme: scheme.scheme,
    valueField,
    n: entries.length,
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
      .map((g) => ({ group: g.id, label: g.label, n: left.get(g.id) ?? 0 })),
  };
}
