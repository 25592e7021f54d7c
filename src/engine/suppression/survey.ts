/**
 * Staff survey figures in the publication view, and survey hotspots: the units of an organisation ranked
 * by the gap between the protected group and the reference group (BME and White, Disabled and
 * non-disabled). Everything here is worked out from the published counts (a ledger's lookup), never from
 * the exact ones, so a hotspot row tells a reader nothing the counts beside it do not.
 *
 * - A group's percentage = published positive respondents / published respondents x 100; withheld when
 *   either count is withheld, or when the group has fewer respondents than the survey's own minimum
 *   (setting survey.minBase: the NHS Staff Survey shows no group under 11, UNCONFIRMED).
 * - gap = protected group % - reference group %, in percentage points.
 * - The interval: the ratio of the two percentages (protected / reference) with the engine's interval for
 *   a ratio of two proportions (setting stats.intervalMethod, Koopman score by default, at
 *   stats.confidenceLevel). An interval that excludes 1 says the gap is unlikely to be chance alone.
 *
 * Example: a care group with BME 20 of 50 (40%) and White 30 of 150 (20%) harassed: gap 20.0 points,
 * ratio 2.00 (Koopman 95%: about 1.27 to 3.13).
 */
import type { SurveyPercentageResult } from '../algebra/results.js';
import { comparisonGroup } from '../algebra/characteristics.js';
import { likelihoodOptions } from '../algebra/statistics.js';
import type { EngineSettings } from '../settings.js';
import type { AdverseDirection } from '../stats/change.js';
import { relativeLikelihood, type RelativeLikelihood } from '../stats/likelihood.js';
import type { PublishedCount } from './disclose.js';

/** A count by its slot, as the publication view shows it (publication.ts `CountLookup`). */
type Lookup = (slot: string, exact: number, sub?: string) => PublishedCount;

export interface PublishedSurveyGroup {
  group: string;
  label: string;
  numerator: PublishedCount;
  base: PublishedCount;
  /** % of the published counts; null when withheld (`hidden`) or with no respondents (`missing`). */
  percent: number | null;
  hidden: boolean;
  missing: boolean;
}

/**
 * Whether a survey group is withheld for its size: some respondents, but fewer than the survey's minimum.
 * A group with none is not withheld: its 0 is published as every zero is (`cells.ts`), and it has no
 * figure to show ("–"), so a care group whose rows do not split out the unknown group shows 0 for it.
 */
export const lowSurveyBase = (base: number, minBase: number): boolean => base > 0 && base < minBase;

/**
 * Each group of a survey percentage as published: its counts through `count`, its percentage of them.
 * `minBase`: the survey's minimum group size (0 in the full view).
 */
export function publishedSurveyGroups(
  r: SurveyPercentageResult,
  count: Lookup,
  minBase: number,
): PublishedSurveyGroup[] {
  return r.groups.map((g) => {
    const numerator = count(`n:${g.group}`, g.numerator);
    const base = count(`b:${g.group}`, g.base);
    const hidden = lowSurveyBase(g.base, minBase) || numerator.withheld || base.withheld;
    const missing = !hidden && (base.value === null || base.value === 0 || numerator.value === null);
    const percent = hidden || missing ? null : (numerator.value! / base.value!) * 100;
    return { group: g.group, label: g.label, numerator, base, percent, hidden, missing };
  });
}

/** The protected group and the reference group of a survey result (BME and White; Disabled and non-disabled). */
function pair(
  groups: readonly PublishedSurveyGroup[],
  scheme: string,
): { protectedGroup: PublishedSurveyGroup; reference: PublishedSurveyGroup } | null {
  const target = comparisonGroup(scheme);
  const protectedGroup = groups.find((g) => g.group === target);
  const reference = groups.find((g) => g.group !== target && g.group !== 'UNKNOWN');
  return protectedGroup && reference ? { protectedGroup, reference } : null;
}

/** Protected group % - reference group % of the published groups; null when either is missing or withheld. */
export function publishedSurveyGap(
  r: SurveyPercentageResult,
  groups: readonly PublishedSurveyGroup[],
): number | null {
  const p = pair(groups, r.scheme);
  if (!p || p.protectedGroup.percent === null || p.reference.percent === null) return null;
  return p.protectedGroup.percent - p.reference.percent;
}

export interface SurveyHotspot {
  /** The unit (a care group, or a directorate within one). */
  key: string;
  protectedGroup: PublishedSurveyGroup | null;
  reference: PublishedSurveyGroup | null;
  /** Protected % - reference %, in percentage points; null when withheld or missing. */
  gap: number | null;
  /** The gap signed so that larger is worse for the protected group (the indicator's direction). */
  adverseGap: number | null;
  /** Protected % / reference %, with its interval, of the published counts. */
  likelihood: RelativeLikelihood | null;
  /** Some count or percentage of the row is withheld: the row is not ranked. */
  hidden: boolean;
}

/**
 * Units ranked by their gap, worst for the protected group first: by the gap signed by the indicator's
 * direction (a higher % of BME staff harassed is worse; a lower % believing in equal opportunities is
 * worse), ties by unit. Rows with a withheld or missing figure come last, in unit order, unranked. With a
 * direction that has no worse side (TOWARDS_ZERO, NONE) the size of the gap ranks.
 */
export function surveyHotspots(
  rows: readonly { key: string; result: SurveyPercentageResult; count: Lookup }[],
  settings: EngineSettings,
  direction: AdverseDirection,
  minBase: number,
): SurveyHotspot[] {
  const out = rows.map(({ key, result, count }): SurveyHotspot => {
    const groups = publishedSurveyGroups(result, count, minBase);
    const p = pair(groups, result.scheme);
    const hidden = p === null || p.protectedGroup.hidden || p.reference.hidden;
    const gap = hidden ? null : publishedSurveyGap(result, groups);
    const adverseGap =
      gap === null
        ? null
        : direction === 'HIGHER_IS_BETTER'
          ? -gap
          : direction === 'LOWER_IS_BETTER'
            ? gap
            : Math.abs(gap);
    const likelihood =
      gap === null || p === null
        ? null
        : relativeLikelihood(
            {
              group: p.protectedGroup.group,
              numerator: p.protectedGroup.numerator.value!,
              denominator: p.protectedGroup.base.value!,
            },
            {
              group: p.reference.group,
              numerator: p.reference.numerator.value!,
              denominator: p.reference.base.value!,
            },
            likelihoodOptions(settings),
          );
    return {
      key,
      protectedGroup: p?.protectedGroup ?? null,
      reference: p?.reference ?? null,
      gap,
      adverseGap,
      likelihood,
      hidden,
    };
  });
  const byKey = (a: SurveyHotspot, b: SurveyHotspot) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const ranked = out
    .filter((h) => h.adverseGap !== null)
    .sort((a, b) => b.adverseGap! - a.adverseGap! || byKey(a, b));
  return [...ranked, ...out.filter((h) => h.adverseGap === null).sort(byKey)];
}
