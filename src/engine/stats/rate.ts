/** Rates: a numerator over a denominator, carried with both counts. */
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
