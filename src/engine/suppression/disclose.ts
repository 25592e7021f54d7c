/**
 * The one disclosure rule of the publication view (standards.md §9), applied to every count a viewer,
 * a care-group manager, a regional user, an export, a report, the return or the public page shows.
 *
 * Each count is published on its own, as NHS statistical outputs do:
 * - 0 is shown as 0 (an empty cell tells nothing about a person);
 * - 1 to the threshold (`suppression.primaryThreshold`, 7) is withheld ("*");
 * - any other count is rounded to the nearest multiple of the base (`suppression.roundingBase`, 5), halves
 *   up, and never below one base: 8 and 12 are published as 10, 13 as 15.
 *
 * Because a published count depends on nothing but the true count, the same count reads the same on every
 * page, filter and file, and no combination of views can do better than the rounding: adding or subtracting
 * published counts (a trust and its care groups, a year and its quarters, a total and its groups) gives a
 * range, never the withheld count. Every rate, percentage and ratio of the publication view is computed from
 * the published counts, so none gives back a count it stands beside, and one computed from a withheld count
 * is withheld with it. The test attack (disclosure.attack.test.ts) solves every sum relation the views share
 * and checks that no withheld count is pinned down.
 *
 * Example (threshold 7, base 5): 0 -> "0"; 3 -> "*"; 8 -> "10"; 1,137 -> "1,135".
 */
import type { EngineSettings } from '../settings.js';
import { formatCount } from '../stats/format.js';

export interface DisclosureRule {
  /** False for the full view analysts work with: every count exactly as computed. */
  publication: boolean;
  /** Counts from 1 to this are withheld in the publication view. */
  threshold: number;
  /** Other counts are rounded to a multiple of this (1: not rounded). */
  base: number;
}

/** A count as a person may see it. */
export interface PublishedCount {
  /** The true count. Never leaves the server in the publication view: renderers use `value` and `text`. */
  readonly exact: number;
  /** The count as published (rounded), or null when withheld. */
  readonly value: number | null;
  /** As shown: "1,135", or "*" when withheld. */
  readonly text: string;
  readonly withheld: boolean;
  /** Whether `value` was rounded (it differs from the true count or might have). */
  readonly rounded: boolean;
}

/** The rule in force for a view: the publication view's settings, or every count in full. */
export function disclosureRule(s: EngineSettings, publication: boolean): DisclosureRule {
  return {
    publication,
    threshold: publication ? s['suppression.primaryThreshold'] : 0,
    base: publication ? s['suppression.roundingBase'] : 1,
  };
}

/** The rule that shows every count as computed (analysts' full view, board composition when published). */
export const FULL_COUNTS: DisclosureRule = { publication: false, threshold: 0, base: 1 };

/**
 * A count through the rule. Non-integer counts (a mean headcount) are rounded the same way.
 *
 * Example: publishCount(12, { publication: true, threshold: 7, base: 5 }) -> { value: 10, text: "10" }
 */
export function publishCount(n: number, rule: DisclosureRule): PublishedCount {
  if (!rule.publication || n === 0)
    return { exact: n, value: n, text: formatCount(n), withheld: false, rounded: false };
  if (n >= 1 - 1e-9 && n <= rule.threshold + 1e-9)
    return { exact: n, value: null, text: '*', withheld: true, rounded: false };
  if (n > 0 && n < 1) return { exact: n, value: null, text: '*', withheld: true, rounded: false };
  const base = Math.max(1, rule.base);
  const value = Math.max(base, Math.floor(n / base + 0.5) * base);
  return { exact: n, value, text: formatCount(value), withheld: false, rounded: base > 1 };
}

/**
 * A proportion of two published counts: null when either is withheld or the denominator is zero.
 *
 * Example: publishedShare(10, 40) -> 0.25; publishedShare(*, 40) -> null
 */
export function publishedShare(numerator: PublishedCount, denominator: PublishedCount): number | null {
  if (numerator.value === null || denominator.value === null || denominator.value === 0) return null;
  return numerator.value / denominator.value;
}

/** What a full-count document carries on every page, whatever it is (report, pack, plan). */
export const FULL_COUNT_MARKING =
  'Full counts: not for publication. Every count is shown exactly; small numbers are not withheld.';

/** The words of the rule, for every methodology and small-numbers statement. */
export function disclosureStatement(s: EngineSettings): string {
  const t = s['suppression.primaryThreshold'];
  const base = s['suppression.roundingBase'];
  const board = s['suppression.publishBoard'];
  return [
    `In published figures, counts from 1 to ${t} are withheld and shown as *`,
    base > 1
      ? `; other counts are rounded to the nearest ${base}, and every percentage, rate and relative likelihood is worked out from the rounded counts, so it can differ slightly from one worked out from exact counts.`
      : '.',
    ` A figure worked out from a withheld count is withheld with it, and averages of ${t} or fewer people are not shown.`,
    board
      ? ' The make-up of the board is published in full, as every trust publishes it; the workforce it is compared with follows the rule above.'
      : ' The make-up of the board follows the rule above.',
  ].join('');
}
