/**
 * A national figure about people regrouped by another protected characteristic: the same population,
 * outcome and statistic, its groups those of sexual orientation, religion or belief, gender identity,
 * marriage or civil partnership, pregnancy and maternity or age band instead of ethnicity or disability.
 * The headline figure as NHS England defines it is unchanged; this is an extra view of it. Each stated
 * group is compared with the characteristic's reference group (`characteristics.referenceGroups`); prefer
 * not to say (NOT_STATED) and not recorded (UNKNOWN) are shown with their counts and compared with nothing.
 */
import { NOT_STATED } from '../classification/protected.js';
import type { EngineSettings } from '../settings.js';
import { relativeLikelihood, type RelativeLikelihood } from '../stats/likelihood.js';
import { REFERENCE_SETTING_SCHEMES, schemeFor, UNKNOWN } from './characteristics.js';
import type { GroupRateResult } from './results.js';
import { likelihoodOptions } from './statistics.js';
import type { CharacteristicScheme, MetricDefinition } from './types.js';

/** The characteristics a figure about people can be regrouped by, in the order pages offer them. */
export const REGROUP_SCHEMES: readonly CharacteristicScheme[] = REFERENCE_SETTING_SCHEMES;

/**
 * A definition with its groups taken from `scheme`, or null when its statistic is not a rate or a relative
 * likelihood by group (a distribution, a survey figure, a pay gap). Its breakdowns are dropped (a regrouped
 * figure is a view of the whole figure only); its population, outcome and window are kept.
 *
 * Example: WRES 4 (`characteristic: 'wres'`, favourable relative likelihood) regrouped by 'religion' is
 * WRES 4 with `characteristic: 'religion'`: non-mandatory training by religion or belief.
 */
export function regroupDefinition(
  def: MetricDefinition,
  scheme: CharacteristicScheme,
): MetricDefinition | null {
  if (def.statistic.type !== 'rate' && def.statistic.type !== 'relativeLikelihood') return null;
  if (!REGROUP_SCHEMES.includes(scheme)) return null;
  const regrouped: MetricDefinition = { ...def, characteristic: scheme };
  delete regrouped.breakdown;
  return regrouped;
}

/** One group of a regrouped figure: its rate, and its relative likelihood against the reference group. */
export interface GroupLikelihood {
  group: string;
  /** `reference`: the group compared with; `compared`: a stated group; `apart`: not stated or not recorded. */
  role: 'reference' | 'compared' | 'apart';
  /**
   * For a compared group of a relative likelihood: oriented as the figure's own, so RL > 1 is always a
   * disadvantage to the compared group (favourable outcome: reference over group; unfavourable: group over
   * reference). Null for the reference group, a group kept apart, a rate, or when no reference is set.
   */
  likelihood: RelativeLikelihood | null;
}

/**
 * Each group of a regrouped figure with its relative likelihood against the reference group of the
 * scheme (from the settings), oriented by `outcomeIs` (null: a rate, no likelihood).
 *
 * RL(group) = rate(reference) / rate(group) for a favourable outcome, rate(group) / rate(reference) for an
 * unfavourable one, each rate numerator / denominator of the group's counts; missing (with its reason)
 * when either group is empty or the bottom rate is 0, as for every relative likelihood.
 *
 * Example: appointed from shortlisting, heterosexual 8/11 = 0.727273 (reference), gay or lesbian 2/2 = 1:
 * RL(gay or lesbian) = 0.727273 / 1 = 0.73; prefer not to say 1/2 is kept apart, with no likelihood.
 */
export function groupLikelihoods(
  groups: readonly GroupRateResult[],
  scheme: CharacteristicScheme,
  outcomeIs: 'favourable' | 'unfavourable' | null,
  settings: EngineSettings,
): GroupLikelihood[] {
  const reference = schemeFor(scheme, settings).reference;
  const ref = groups.find((g) => g.group === reference) ?? null;
  return groups.map((g) => {
    if (g.group === UNKNOWN || g.group === NOT_STATED)
      return { group: g.group, role: 'apart', likelihood: null };
    if (g.group === reference) return { group: g.group, role: 'reference', likelihood: null };
    if (outcomeIs === null || ref === null) return { group: g.group, role: 'compared', likelihood: null };
    const [top, bottom] = outcomeIs === 'favourable' ? [ref, g] : [g, ref];
    return {
      group: g.group,
      role: 'compared',
      likelihood: relativeLikelihood(top, bottom, likelihoodOptions(settings)),
    };
  });
}
