/**
 * Relative likelihood (standards.md §7): RL = rate(top) / rate(bottom), each rate a numerator over a
 * denominator. The orientation is chosen so that RL > 1 is a disadvantage to the protected group, then
 * placed against the non-adverse range (0.80-1.25 by default), flagged when any count is small, and given a
 * supplementary confidence interval. Never NaN or Infinity: a missing figure carries its reason.
 */
import type { IntervalMethod } from '../settings.js';
import { ratioInterval, type ConfidenceInterval } from './intervals.js';
import { rate, type Rate } from './rate.js';
import { divide, known, missing, type Computed, type Reason } from './values.js';

export type LikelihoodBand = 'NON_ADVERSE' | 'ADVERSE' | 'FAVOURS_PROTECTED_GROUP';
/**
 * INCOMPLETE_WINDOW: a rolling window with a year missing (the figure covers the years that have data).
 * NO_CURRENT_YEAR: the reporting year has no data of its own for the figure, so it is withheld rather than
 * made of the previous year's data.
 */
export type Flag =
  'LOW_N' | 'LOW_BASE' | 'DATA_QUALITY' | 'INCOMPLETE_WINDOW' | 'NO_CURRENT_YEAR' | 'SMALL_GROUP';

export interface NonAdverseRange {
  lower: number;
  upper: number;
  /** Whether the bounds themselves are non-adverse. */
  inclusive: boolean;
}

export interface LikelihoodOptions {
  range: NonAdverseRange;
  /** LOW_N when any of the four counts is below this. */
  lowCountThreshold: number;
  interval: { method: IntervalMethod; level: number } | null;
}

export interface GroupRate extends Rate {
  group: string;
}

export interface RelativeLikelihood {
  top: GroupRate;
  bottom: GroupRate;
  value: number | null;
  reason: Reason | null;
  band: LikelihoodBand | null;
  interval: ConfidenceInterval | null;
  flags: Flag[];
}

/**
 * Where a relative likelihood falls against the non-adverse range.
 *
 * Example (0.80-1.25, inclusive): 1.25 -> NON_ADVERSE; 1.26 -> ADVERSE; 0.79 -> FAVOURS_PROTECTED_GROUP
 */
export function nonAdverseBand(value: number | null, range: NonAdverseRange): LikelihoodBand | null {
  if (value === null) return null;
  const above = range.inclusive ? value > range.upper : value >= range.upper;
  const below = range.inclusive ? value < range.lower : value <= range.lower;
  return above ? 'ADVERSE' : below ? 'FAVOURS_PROTECTED_GROUP' : 'NON_ADVERSE';
}

/**
 * The ratio of two published rates, when only rates are known (no counts).
 *
 * Example: ratioOfRates(0.4699, 0.1465) -> 3.2075... (The Christie WRES 2, TV3)
 */
export function ratioOfRates(topRate: number, bottomRate: number): Computed {
  if (bottomRate === 0) return missing('ZERO_BOTTOM_RATE');
  return known(topRate / bottomRate);
}

/**
 * RL = (top numerator / top denominator) / (bottom numerator / bottom denominator).
 * Numerators and denominators: counts of people or records in each group (see each indicator).
 * value: unrounded; display rounds to 2 dp. Missing: ZERO_DENOMINATOR when either group is empty,
 * ZERO_BOTTOM_RATE when the bottom numerator is 0. A top numerator of 0 gives RL = 0 (valid).
 * Flags: LOW_N when any of the four counts is below the threshold; DATA_QUALITY when a numerator exceeds
 * its denominator.
 *
 * Example (TV1): top White 200/1000, bottom BME 100/800 -> 0.2 / 0.125 = 1.60, ADVERSE.
 */
export function relativeLikelihood(
  top: { group: string; numerator: number; denominator: number },
  bottom: { group: string; numerator: number; denominator: number },
  options: LikelihoodOptions,
): RelativeLikelihood {
  const t: GroupRate = { group: top.group, ...rate(top.numerator, top.denominator) };
  const b: GroupRate = { group: bottom.group, ...rate(bottom.numerator, bottom.denominator) };
  let result: Computed;
  if (t.value === null || b.value === null) result = missing('ZERO_DENOMINATOR');
  else if (b.value === 0) result = missing('ZERO_BOTTOM_RATE');
  else result = divide(t.value, b.value);
  const flags: Flag[] = [];
  const counts = [t.numerator, t.denominator, b.numerator, b.denominator];
  if (counts.some((c) => c < options.lowCountThreshold)) flags.push('LOW_N');
  if (t.numerator > t.denominator || b.numerator > b.denominator) flags.push('DATA_QUALITY');
  const interval =
    options.interval === null
      ? null
      : ratioInterval(
          options.interval.method,
          t.numerator,
          t.denominator,
          b.numerator,
          b.denominator,
          options.interval.level,
        );
  return {
    top: t,
    bottom: b,
    value: result.value,
    reason: result.reason,
    band: nonAdverseBand(result.value, options.range),
    interval: t.numerator > t.denominator || b.numerator > b.denominator ? null : interval,
    flags,
  };
}
