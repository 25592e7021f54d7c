/**
 * Crossed views: a figure split by a second characteristic, e.g. WRES 2 (White and BME applicants) among
 * women and among men, or among Disabled and non-disabled applicants. A crossed view is a breakdown of
 * the figure by the second characteristic's field, so each row holds the figure's own groups: its cells
 * add up across the rows to the figure's groups, and across the groups to the row's total, and the
 * disclosure ledger holds them with those sums (disclosure.ts, engine/suppression/cells.ts).
 */
import type { MetricResult } from '../../engine/index.js';

/** The second characteristics a figure can be crossed with, as breakdown fields. */
export const CROSSED_DIMENSIONS = ['sex', 'wresGroup', 'wdesGroup'] as const;

/** The characteristic each crossing field is, by the schemes it would only repeat. */
const REPEATS: Readonly<Record<(typeof CROSSED_DIMENSIONS)[number], readonly string[]>> = {
  sex: ['sex'],
  wresGroup: ['wres', 'epg', 'ethnicityOns', 'ethnicityCategory'],
  wdesGroup: ['wdes'],
};

/**
 * The crossings of a figure grouped by `scheme`: every crossing field but its own characteristic's (an
 * ethnicity figure by ethnicity would only repeat its groups). A figure of no characteristic has none.
 * crossedDimensions('wres') = ['sex', 'wdesGroup'].
 */
export function crossedDimensions(scheme: string): string[] {
  if (scheme === 'none') return [];
  return CROSSED_DIMENSIONS.filter((d) => !REPEATS[d].includes(scheme));
}

/** Whether a breakdown of a figure of `scheme` by `by` is a crossing it does not have. */
function repeats(scheme: string, by: readonly string[]): boolean {
  return by.some(
    (d) => (CROSSED_DIMENSIONS as readonly string[]).includes(d) && !crossedDimensions(scheme).includes(d),
  );
}

/** A metric without the breakdowns that cross it with its own characteristic (or any, for no characteristic). */
export function withoutSelfCrossings(m: MetricResult): MetricResult {
  const scheme = 'scheme' in m.result ? m.result.scheme : 'none';
  if (!m.breakdowns.some((b) => repeats(scheme, b.by))) return m;
  return { ...m, breakdowns: m.breakdowns.filter((b) => !repeats(scheme, b.by)) };
}
