/** Rates: a numerator over a denominator, carried with both counts. */
import { fixed, grouped } from './format.js';
import { divide, type Reason } from './values.js';

export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator / denominator as a proportion (0.2 = 20%); null when the denominator is zero. */
  value: number | null;
  reason: Reason | null;
}

/**
 * rate = numerator / denominator, as a proportion. Unrounded: round only for display.
 *
 * Example: rate(200, 1000) -> { numerator: 200, denominator: 1000, value: 0.2, reason: null }
 */
export function rate(numerator: number, denominator: number): Rate {
  const r = divide(numerator, denominator);
  return { numerator, denominator, value: r.value, reason: r.reason };
}

/**
 * How a rate is read. A share of people (people with an outcome, of people) is a percentage, 0 to 100%;
 * a count of events over a headcount can pass one per head, so it is read per `per` of the population,
 * which `of` names: { per: 100, of: 'staff' } reads "6.2 per 100 staff". A local metric declares it
 * (`statistic.unit`); without one a rate is a percentage.
 */
export type RateUnit = 'percent' | { per: number; of: string };

/** What a rate's proportion is multiplied by to be read in its unit: 100 for a percentage, `per` else. */
export function rateScale(unit: RateUnit): number {
  return unit === 'percent' ? 100 : unit.per;
}

/**
 * The decimals a rate is shown (and compared) with: the percentage's, moved by the unit's scale so that a
 * rate per head shows as fine a step as the percentage would. Example (percentage 1 decimal): per 100 -> 1,
 * per head -> 3, per 1,000 -> 0.
 */
export function rateDecimals(unit: RateUnit, percentDecimals: number): number {
  if (unit === 'percent') return percentDecimals;
  return Math.max(0, percentDecimals + Math.round(Math.log10(100 / unit.per)));
}

/** The unit in words, after a number: "%" or " per 100 staff". */
export function rateUnitText(unit: RateUnit): string {
  if (unit === 'percent') return '%';
  return ` per ${unit.per === 1 ? '' : `${grouped(unit.per)} `}${unit.of}`;
}

/**
 * A rate (a proportion, 0.062) in its unit, or the dash when missing.
 * Example (1 decimal for a percentage): 0.062 -> "6.2%"; per 100 staff -> "6.2 per 100 staff"; per head -> "0.062 per head"
 */
export function rateText(proportion: number | null, unit: RateUnit, percentDecimals: number): string {
  if (proportion === null) return '–';
  return `${fixed(proportion * rateScale(unit), rateDecimals(unit, percentDecimals))}${rateUnitText(unit)}`;
}

/**
 * The unit as a measure's name says it, for a label or a chart's axis: "%" or "per 100 staff".
 * Example: rateUnitName({ per: 1, of: 'head of staff' }) -> "per head of staff"
 */
export function rateUnitName(unit: RateUnit): string {
  return rateUnitText(unit).trim();
}
