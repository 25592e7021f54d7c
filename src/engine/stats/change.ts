/**
 * Change against the previous period, labelled by each indicator's adverse direction:
 *
 * - LOWER_IS_BETTER / HIGHER_IS_BETTER: the plain direction of the value (e.g. % harassed: lower is better).
 * - TOWARDS_PARITY: for relative likelihoods, whose target is 1.00: improved when |ln RL| fell, so that
 *   0.80 and 1.25 count as equally far from parity.
 * - TOWARDS_ZERO: for gaps and differences (pay gaps, board minus workforce, BME minus White survey %):
 *   improved when |value| fell.
 * - NONE: no direction; the change is reported as not comparable.
 *
 * A change that is not compared says why in words (no previous figure, no better direction; compute.ts
 * adds a different window or definition).
 *
 * Both values are first rounded to their display precision: a change that would not show is 'unchanged'.
 */
import { roundHalfAwayFromZero } from './format.js';

export type AdverseDirection =
  'LOWER_IS_BETTER' | 'HIGHER_IS_BETTER' | 'TOWARDS_PARITY' | 'TOWARDS_ZERO' | 'NONE';
export type ChangeStatus = 'improved' | 'worsened' | 'unchanged' | 'not comparable';

export interface Change {
  /** What is compared, e.g. "relativeLikelihood", "group:BME", "gap". */
  measure: string;
  previous: number | null;
  current: number | null;
  /** current - previous, unrounded; null when either is missing. */
  difference: number | null;
  direction: AdverseDirection;
  status: ChangeStatus;
  /** Why the two figures are not compared, in words; null when they are. */
  reason: string | null;
}

const EPS = 1e-12;

/**
 * Compares two values by an adverse direction, at display precision. `period` names the periods in the
 * reason given when they are not compared ("there is no figure for the previous year").
 *
 * Example: compareValues('relativeLikelihood', 1.6, 1.4, 'TOWARDS_PARITY', 2).status === 'improved'
 */
export function compareValues(
  measure: string,
  previous: number | null,
  current: number | null,
  direction: AdverseDirection,
  decimals: number,
  period = 'period',
): Change {
  const base = { measure, previous, current, direction };
  const notCompared = (difference: number | null, reason: string): Change => ({
    ...base,
    difference,
    status: 'not comparable',
    reason,
  });
  if (previous === null) return notCompared(null, `there is no figure for the previous ${period}`);
  if (current === null) return notCompared(null, `there is no figure for this ${period}`);
  const difference = current - previous;
  if (direction === 'NONE') return notCompared(difference, 'no direction is better for this figure');
  const p = roundHalfAwayFromZero(previous, decimals);
  const c = roundHalfAwayFromZero(current, decimals);
  if (p === c) return { ...base, difference, status: 'unchanged', reason: null };
  let badness: (x: number) => number;
  switch (direction) {
    case 'LOWER_IS_BETTER':
      badness = (x) => x;
      break;
    case 'HIGHER_IS_BETTER':
      badness = (x) => -x;
      break;
    case 'TOWARDS_ZERO':
      badness = (x) => Math.abs(x);
      break;
    case 'TOWARDS_PARITY':
      if (p <= 0 || c <= 0)
        return notCompared(
          difference,
          'a relative likelihood of zero has no distance from parity to compare',
        );
      badness = (x) => Math.abs(Math.log(x));
      break;
  }
  const before = badness(p);
  const after = badness(c);
  const status: ChangeStatus =
    Math.abs(after - before) <= EPS ? 'unchanged' : after < before ? 'improved' : 'worsened';
  return { ...base, difference, status, reason: null };
}
