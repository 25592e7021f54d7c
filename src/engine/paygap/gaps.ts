/**
 * Means, medians and pay gaps (standards.md §8.1, regs 8-11):
 *
 *   gap % = (A - B) / A x 100, A = the reference group's mean (or median), B = the comparison group's.
 *
 * Positive = the reference group (men; White British; non-disabled) is paid more. Unrounded; shown to 1 dp.
 * Median of an even count = mean of the two middle values.
 */
import { known, missing, type Computed } from '../stats/values.js';

/** Arithmetic mean; null for no values. Example: mean([10, 20]) -> 15 */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}

/** Median; the mean of the two middle values for an even count. Example: median([4, 1, 3, 2]) -> 2.5 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * (reference - comparison) / reference x 100.
 *
 * Example: gapPercent(20, 18) -> 10 (the reference group is paid 10% more)
 */
export function gapPercent(reference: number | null, comparison: number | null): Computed {
  if (reference === null || comparison === null) return missing('EMPTY_GROUP');
  if (reference === 0) return missing('ZERO_REFERENCE');
  return known(((reference - comparison) / reference) * 100);
}
