/**
 * Values that may be missing. The engine never emits NaN or Infinity: a figure that cannot be computed is
 * `{ value: null, reason }`, and the reason says why, so a page or a report can explain the gap.
 */

export const REASONS = {
  ZERO_DENOMINATOR: 'The denominator is zero: there is nobody to compute a rate or percentage over.',
  ZERO_BOTTOM_RATE: 'The comparison rate is zero, so the ratio is undefined; the counts are shown.',
  ZERO_REFERENCE: 'The reference group figure is zero, so the gap cannot be expressed as a percentage of it.',
  EMPTY_GROUP: 'A group has nobody in it.',
  NO_DATA: 'There are no records for this figure.',
  UNBOUNDED: 'The interval has no finite bound on this side.',
  SMALL_GROUP: 'The group is smaller than the small-group threshold; its figures are withheld.',
  SUPPRESSED: 'Withheld on publication so that small numbers cannot be identified.',
  LOW_BASE: 'Fewer survey respondents than the smallest base shown.',
  NOT_AVAILABLE: 'Not available for this method or input.',
  NO_PREVIOUS: 'There is no figure for the previous period.',
  NO_CURRENT_YEAR:
    'The reporting year has no data of its own for this figure; the previous year’s data is not shown as this year’s.',
  NOT_APPLICABLE: 'Not applicable.',
} as const;
export type Reason = keyof typeof REASONS;

/** A figure, or the reason it is missing. */
export type Computed = { value: number; reason: null } | { value: null; reason: Reason };

/** A computed value; a non-finite one (which should not happen) becomes NOT_AVAILABLE rather than leaking. */
export function known(value: number): Computed {
  return Number.isFinite(value) ? { value, reason: null } : { value: null, reason: 'NOT_AVAILABLE' };
}

export function missing(reason: Reason): Computed {
  return { value: null, reason };
}

/**
 * numerator / denominator, or ZERO_DENOMINATOR.
 *
 * Example: divide(1, 4) -> { value: 0.25, reason: null }; divide(1, 0) -> { value: null, reason: 'ZERO_DENOMINATOR' }
 */
export function divide(numerator: number, denominator: number): Computed {
  if (denominator === 0) return missing('ZERO_DENOMINATOR');
  return known(numerator / denominator);
}

/**
 * numerator / denominator x 100, or ZERO_DENOMINATOR.
 *
 * Example: percent(990, 7422) -> 13.3387...
 */
export function percent(numerator: number, denominator: number): Computed {
  if (denominator === 0) return missing('ZERO_DENOMINATOR');
  return known((numerator / denominator) * 100);
}

/** The sum of a list of numbers (0 for none). */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
