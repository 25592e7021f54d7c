/**
 * Confidence intervals for the ratio of two binomial proportions (a relative likelihood):
 *
 * - KOOPMAN_SCORE (default): Koopman (1984) asymptotic score interval. It is the set of ratios phi that a
 *   score test does not reject: |Z(phi)| <= z, with
 *     Z(phi) = (p1 - phi p2) / sqrt(q1 (1 - q1) / n1 + phi^2 q2 (1 - q2) / n2),
 *   where p1 = x1/n1, p2 = x2/n2, and (q1, q2 = q1 / phi) are the maximum-likelihood proportions under
 *   p1 = phi p2: q2 = (-B - sqrt(B^2 - 4AC)) / 2A, A = phi (n1 + n2), B = -(phi n1 + x1 + n2 + phi x2),
 *   C = x1 + x2. This is the Miettinen-Nurminen interval without its N/(N-1) variance factor. It behaves
 *   well for small counts and stays defined with zero cells: x1 = 0 gives a lower bound of 0, x2 = 0 an
 *   upper bound that is unbounded (reported as null with reason UNBOUNDED). The bounds are found by
 *   bisection on log(phi), to a relative precision far below display rounding.
 * - KATZ_LOG: exp(ln(RR) +/- z sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)), with 0.5 added to x1, x2 and 1 to n1, n2
 *   when x1 or x2 is zero (the usual continuity correction).
 *
 * References: Koopman PAR (1984) Biometrics 40:513-517; Fagerland MW, Lydersen S, Laake P (2015)
 * Stat Methods Med Res 24:224-254; Katz D et al. (1978) Biometrics 34:469-474.
 */
import type { IntervalMethod } from '../settings.js';
import type { Reason } from './values.js';

export interface ConfidenceInterval {
  method: IntervalMethod;
  level: number;
  lower: number | null;
  upper: number | null;
  lowerReason: Reason | null;
  upperReason: Reason | null;
}

/**
 * The standard normal quantile (inverse cumulative distribution), by Wichura's algorithm AS 241
 * (accurate to about 1e-16). Example: normalQuantile(0.975) = 1.959963984540054.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be between 0 and 1');
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.0103343992922881e-7 + 0.000027115555687434876) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 0.000018463183175100548) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/** Koopman's score statistic Z(phi) for H0: p1/p2 = phi (see the module comment). */
export function koopmanScore(x1: number, n1: number, x2: number, n2: number, phi: number): number {
  const a = phi * (n1 + n2);
  const b = -(phi * n1 + x1 + n2 + phi * x2);
  const c = x1 + x2;
  const disc = Math.max(0, b * b - 4 * a * c);
  const q2 = (-b - Math.sqrt(disc)) / (2 * a);
  const q1 = q2 * phi;
  const numerator = x1 / n1 - (phi * x2) / n2;
  const variance = (q1 * (1 - q1)) / n1 + (phi * phi * q2 * (1 - q2)) / n2;
  if (!(variance > 0)) return numerator > 0 ? Number.MAX_VALUE : numerator < 0 ? -Number.MAX_VALUE : 0;
  return numerator / Math.sqrt(variance);
}

const LOG_MIN = Math.log(1e-9);
const LOG_MAX = Math.log(1e9);

/** The phi (searched on the log scale between lo and hi) where score(phi) crosses target; Z falls as phi rises. */
function solve(score: (phi: number) => number, target: number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 200; i++) {
    const mid = (a + b) / 2;
    if (score(Math.exp(mid)) > target) a = mid;
    else b = mid;
    if (b - a < 1e-13) break;
  }
  return Math.exp((a + b) / 2);
}

/**
 * Koopman asymptotic score interval for (x1/n1) / (x2/n2).
 *
 * Example: koopmanInterval(7, 34, 1, 34, 0.95) -> lower about 1.22, upper about 40.7
 */
export function koopmanInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level: number,
): ConfidenceInterval {
  const base = { method: 'KOOPMAN_SCORE' as const, level };
  if (n1 <= 0 || n2 <= 0)
    return {
      ...base,
      lower: null,
      upper: null,
      lowerReason: 'ZERO_DENOMINATOR',
      upperReason: 'ZERO_DENOMINATOR',
    };
  const z = normalQuantile(1 - (1 - level) / 2);
  const score = (phi: number) => koopmanScore(x1, n1, x2, n2, phi);
  let lower: number | null;
  let upper: number | null;
  if (x1 === 0) lower = 0;
  else lower = score(Math.exp(LOG_MIN)) <= z ? 0 : solve(score, z, LOG_MIN, LOG_MAX);
  if (x2 === 0) upper = null;
  else upper = score(Math.exp(LOG_MAX)) >= -z ? null : solve(score, -z, LOG_MIN, LOG_MAX);
  return {
    ...base,
    lower,
    upper,
    lowerReason: null,
    upperReason: upper === null ? 'UNBOUNDED' : null,
  };
}

/**
 * Katz log interval, with the 0.5 continuity correction when a numerator is zero.
 *
 * Example: katzInterval(200, 1000, 100, 800, 0.95) -> about 1.28 to 2
 */
export function katzInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level: number,
): ConfidenceInterval {
  const base = { method: 'KATZ_LOG' as const, level };
  if (n1 <= 0 || n2 <= 0)
    return {
      ...base,
      lower: null,
      upper: null,
      lowerReason: 'ZERO_DENOMINATOR',
      upperReason: 'ZERO_DENOMINATOR',
    };
  const correct = x1 === 0 || x2 === 0;
  const [a, m, b, n] = correct ? [x1 + 0.5, n1 + 1, x2 + 0.5, n2 + 1] : [x1, n1, x2, n2];
  const z = normalQuantile(1 - (1 - level) / 2);
  const logRr = Math.log(a / m / (b / n));
  const se = Math.sqrt(1 / a - 1 / m + 1 / b - 1 / n);
  return {
    ...base,
    lower: Math.exp(logRr - z * se),
    upper: Math.exp(logRr + z * se),
    lowerReason: null,
    upperReason: null,
  };
}

/** The interval by the chosen method. */
export function ratioInterval(
  method: IntervalMethod,
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level: number,
): ConfidenceInterval {
  return method === 'KATZ_LOG' ? katzInterval(x1, n1, x2, n2, level) : koopmanInterval(x1, n1, x2, n2, level);
}
