/**
 * A national figure about people by another protected characteristic (regrouped.ts): the rate of each
 * group and, for a relative likelihood, each stated group against the characteristic's reference group
 * from the settings; prefer not to say and not recorded shown apart. The reporting year's figure only (as
 * the breakdowns by staff group and band are), every count as the disclosure ledger publishes it.
 */
import { formatCount, groupLabel, schemeFor, type EngineSettings } from '../../../engine/index.js';
import type { Chart, ChartRenderer } from '../charts.js';
import type { DashboardContext } from '../context.js';
import { indicatorName, shortTitle } from '../present.js';
import { regroupable, regroupedSuffix, regroupedView, REGROUPINGS } from '../regrouped.js';
import { breakdownChart } from './common.js';

export interface CharacteristicModel {
  id: string;
  name: string;
  /** The characteristic in words ("Religion or belief"). */
  label: string;
  periodLabel: string;
  /** The reference group in words, or null when the settings set none. */
  reference: string | null;
  /** A quarter or month was chosen: the page shows the year. */
  yearOnly: boolean;
  chart: Chart;
  /** The other characteristics, for links. */
  others: { scheme: string; label: string }[];
}

/** The characteristics a figure can be viewed by, or none (not a rate or likelihood about people). */
export function characteristicsOf(id: string, settings: EngineSettings): { scheme: string; label: string }[] {
  return regroupable(settings).has(id) ? REGROUPINGS.map((r) => ({ ...r })) : [];
}

export async function characteristicModel(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  id: string,
  scheme: string,
): Promise<CharacteristicModel | null> {
  const chosen = REGROUPINGS.find((r) => r.scheme === scheme);
  const { year } = ctx.view;
  const annual = await ctx.annual(year);
  const s = annual.results.settings;
  const ind = annual.results.indicators.find((i) => i.id === id);
  if (!chosen || !ind || !regroupable(s).has(id)) return null;
  const fig = await ctx.regrouped(year, id, chosen.scheme);
  if (!fig) return null;
  const at = ctx.at(year, null);
  const lookup = ctx.view.fullCounts ? null : (await ctx.disclosure(year)).lookup(fig.id, fig.part, at);
  const view = regroupedView(
    fig,
    chosen.label,
    s,
    (slot, exact) =>
      lookup
        ? lookup(slot, exact, regroupedSuffix(chosen.scheme))
        : { exact, value: exact, text: formatCount(exact), withheld: false, rounded: false },
    ctx.protection(s),
  );
  const name = `${indicatorName(ind)} ${shortTitle(ind)}`;
  const ref = schemeFor(chosen.scheme, s).reference;
  const chart = await breakdownChart(renderer, view, {
    id: `characteristic-${id}-${chosen.scheme}`,
    title: `${name} by ${chosen.label.toLowerCase()}, ${year}`,
    range: { lower: s['stats.nonAdverseLower'], upper: s['stats.nonAdverseUpper'] },
    subject: view.measure,
  });
  return {
    id,
    name,
    label: chosen.label,
    periodLabel: String(year),
    reference: ref === null ? null : groupLabel(chosen.scheme, ref),
    yearOnly: ctx.view.quarter !== null,
    chart,
    others: REGROUPINGS.filter((r) => r.scheme !== chosen.scheme).map((r) => ({ ...r })),
  };
}
