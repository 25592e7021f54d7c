/**
 * The figures a plan shows beside its actions: each indicator's headline value and each measured KPI's
 * current and previous value, from the engine's results for the organisation. The year is the latest
 * WRES/WDES year up to the end of the plan's financial year (a 2024/25 plan is measured by the snapshot
 * of 31 March 2025 once it is loaded, until then by 31 March 2024). What a person sees follows their
 * role, as on the Indicators page: a care-group role sees its care group's figures, and anyone without
 * full counts sees the publication view, where a figure resting on small numbers is hidden.
 */
import {
  toPublication,
  type IndicatorResults,
  type PartLookup,
  type PublishedIndicator,
} from '../../engine/index.js';
import { headlineOf } from '../dashboard/figures.js';
import { can, unitScope } from '../auth/access.js';
import type { DataScope, IndicatorsService } from '../indicators/indicators.service.js';
import type { Organisation } from '../organisations/organisation.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import type { Db } from '../../storage/database.js';
import type { OrgAccess } from '../auth/access.js';
import { figuresOf, formatValue, measuresOf, readKpi, type KpiReading } from './kpis.js';
import type { Action, Plan } from './plan.js';
import { describeReference, type IndicatorReference } from './references.js';

export interface PlanFigures {
  /** The WRES/WDES year the figures are for (snapshot at 31 March of it), or null when no data is loaded. */
  year: number | null;
  results: IndicatorResults | null;
  /** Headline text per indicator reference ("Relative likelihood: 1.32"). */
  values: Map<string, string>;
  /** References whose headline is hidden in the view this person sees. */
  hidden: Set<string>;
  /**
   * In the publication view, each headline measure's value this year and last as the dashboard's tile
   * shows it (worked out from the published counts), by "reference|measure": a KPI on that measure reads
   * the same figure as the tile, not the exact one.
   */
  published: Map<string, { current: number | null; previous: number | null }>;
  scopePaths: string[];
  fullCounts: boolean;
}

export type PublicationLookup = (org: Organisation, year: number, scope: DataScope) => Promise<PartLookup>;

export async function planFigures(
  deps: {
    db: Db;
    indicators: IndicatorsService;
    /** The organisation's disclosure ledger (the dashboard's), so a KPI reads as the dashboard does. */
    dashboard: { publicationLookup: PublicationLookup };
  },
  access: OrgAccess,
  plan: Plan,
  /**
   * Whose view: the reader's own (full counts where their role has them), or the published one, as a
   * document that may leave the organisation must show whoever makes it.
   */
  view: 'reader' | 'publication' = 'reader',
): Promise<PlanFigures> {
  const org = access.organisation;
  const fullCounts = view === 'reader' && can(access, 'data.view', 'organisation');
  const scope = unitScope(access, 'indicators.view');
  let scopePaths: string[] = [];
  if (scope !== 'all') {
    const units = await organisationsRepository(deps.db).unitsOf(org.id);
    scopePaths = units.filter((u) => scope.includes(u.id)).map((u) => u.path);
  }
  const years = await deps.indicators.years(org);
  const year = years.filter((y) => y <= plan.year + 1).sort((a, b) => b - a)[0] ?? null;
  const empty = {
    year: null,
    results: null,
    values: new Map<string, string>(),
    hidden: new Set<string>(),
    published: new Map<string, { current: number | null; previous: number | null }>(),
    scopePaths,
    fullCounts,
  };
  if (year === null) return empty;
  const results = await deps.indicators.compute(org, year, scope === 'all' ? 'all' : scopePaths);
  const localIds = new Set(results.local.map((l) => l.id));
  const values = new Map<string, string>();
  const hidden = new Set<string>();
  const publicationScope = scope === 'all' ? 'all' : scopePaths;
  const lookup = fullCounts ? null : await deps.dashboard.publicationLookup(org, year, publicationScope);
  const publishedNow = toPublication(results, { suppress: !fullCounts, lookup });
  // Each indicator's figure is the dashboard tile's headline, in its words: the same measure, label and
  // value as the tile, the report's "at a glance" table and the pack (not the publication's first line,
  // which for a survey indicator is the gap rather than the share the tile gives).
  for (const ind of [...results.indicators, ...results.local]) {
    const ref =
      localIds.has(ind.id) && !results.indicators.some((i) => i.id === ind.id) ? `local:${ind.id}` : ind.id;
    if (values.has(ref)) continue;
    const h = headlineOf(
      ind,
      publishedNow.find((p) => p.id === ind.id),
      results.settings,
    );
    if (h.current.value === null && !h.current.hidden && h.measure !== 'recorded') continue;
    if (h.current.hidden) hidden.add(ref);
    const part = ind.parts.length > 1 ? ind.parts[0]!.label : null;
    values.set(ref, `${part ? `${part}, ` : ''}${h.label}: ${h.current.text}`);
  }
  const published = fullCounts
    ? empty.published
    : await publishedHeadlines(deps, org, year, years, results, publishedNow, publicationScope, localIds);
  return { year, results, values, hidden, published, scopePaths, fullCounts };
}

/**
 * The headline measures' published values this year and last (the tile's current and previous figures),
 * by "reference|measure".
 */
async function publishedHeadlines(
  deps: { indicators: IndicatorsService; dashboard: { publicationLookup: PublicationLookup } },
  org: Organisation,
  year: number,
  years: readonly number[],
  results: IndicatorResults,
  publishedNow: readonly PublishedIndicator[],
  scope: DataScope,
  localIds: ReadonlySet<string>,
): Promise<Map<string, { current: number | null; previous: number | null }>> {
  const before = years.includes(year - 1) ? await deps.indicators.compute(org, year - 1, scope) : null;
  const beforePublished = before
    ? toPublication(before, {
        suppress: true,
        lookup: await deps.dashboard.publicationLookup(org, year - 1, scope),
      })
    : [];
  const out = new Map<string, { current: number | null; previous: number | null }>();
  for (const ind of [...results.indicators, ...results.local]) {
    const local = localIds.has(ind.id) && !results.indicators.some((i) => i.id === ind.id);
    const ref = local ? `local:${ind.id}` : ind.id;
    const now = headlineOf(
      ind,
      publishedNow.find((p) => p.id === ind.id),
      results.settings,
    );
    const prevInd = before ? [...before.indicators, ...before.local].find((i) => i.id === ind.id) : undefined;
    const prev =
      before && prevInd
        ? headlineOf(
            prevInd,
            beforePublished.find((p) => p.id === ind.id),
            before.settings,
          )
        : null;
    out.set(`${ref}|${now.measure}`, {
      current: now.current.value,
      previous: prev && prev.measure === now.measure ? prev.current.value : null,
    });
  }
  return out;
}

/**
 * Each measured KPI of the action read against the figures: in the publication view, a KPI on an
 * indicator's headline reads the tile's published figures; a KPI on another measure is not shown there
 * (the engine's figure of it rests on exact counts, which would undo the rounding of the published ones),
 * only in the full view. In the full view every KPI reads the engine's figures.
 */
export function readKpis(action: Action, figures: PlanFigures): KpiReading[] {
  return action.kpis.map((k) => {
    const published = figures.published.get(`${k.indicator}|${k.measure}`);
    const exactOnly = !figures.fullCounts && figures.results !== null && published === undefined;
    if (exactOnly) return readKpi(k, null, 'full view only');
    return readKpi(
      k,
      published ?? (figures.results ? figuresOf(figures.results, k.indicator, k.measure) : null),
      figures.hidden.has(k.indicator) ? 'small numbers' : false,
    );
  });
}

/** The figures a KPI can be bound to: every indicator's measures with their current value. */
export function measureChoices(
  figures: PlanFigures,
  catalogue: readonly IndicatorReference[],
): { value: string; text: string }[] {
  if (!figures.results) return [];
  const out: { value: string; text: string }[] = [];
  const all = [
    ...figures.results.indicators.map((i) => ({ ref: i.id, ind: i })),
    ...figures.results.local.map((i) => ({ ref: `local:${i.id}`, ind: i })),
  ];
  for (const { ref, ind } of all) {
    if (figures.hidden.has(ref)) continue;
    const code = describeReference(ref, catalogue).code;
    for (const m of measuresOf(ind)) {
      if (m.current === null) continue;
      // In the publication view only a headline measure's figure is shown, as the tile shows it.
      const now = figures.fullCounts
        ? m.current
        : (figures.published.get(`${ref}|${m.measure}`)?.current ?? null);
      out.push({
        value: `${ref}|${m.measure}`,
        text: `${code}: ${m.label}${now === null ? '' : `, now ${formatValue(m.measure, now)}`}`,
      });
    }
  }
  return out;
}
