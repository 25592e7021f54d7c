/** Pieces several dashboard pages share: the figures of a breakdown, own metrics in publication form. */
import {
  nationalCatalogue,
  toMonth,
  validateLocalMetric,
  type AdverseDirection,
  type IndicatorResult,
  type IndicatorResults,
  type MetricDefinition,
  type MetricResult,
  type PublishedIndicator,
  toQuarter,
} from '../../../engine/index.js';
import { breakdownViews, type BreakdownView } from '../breakdowns.js';
import { likelihoodSpec, barSpec, type Chart, type ChartRenderer } from '../charts.js';
import type { DashboardContext, Period } from '../context.js';
import { spansParity } from '../figures.js';
import { listText, makeChart } from '../present.js';

/** Where a page breaks figures down: by care group, by directorate inside care groups, or (a directorate's view) not by unit. */
export function unitDimension(ctx: DashboardContext): 'careGroup' | 'directorate' | null {
  const scope = ctx.view.scope;
  if (scope === 'all') return 'careGroup';
  // A directorate's view has no units below it that figures are published for (the ledger stops at
  // directorates): it is not broken down by unit.
  return scope.every((p) => p.includes(' > ')) ? null : 'directorate';
}

/** The period a page shows: the quarter when one is chosen, else the year. */
export async function currentPeriod(ctx: DashboardContext): Promise<Period> {
  const { year, quarter } = ctx.view;
  return quarter === null ? ctx.annual(year) : ctx.quarter({ year, quarter });
}

/**
 * An indicator's figure in the page's period: the month's when a month is chosen and the figure has
 * months, else the quarter's when a quarter (or month) is chosen and it has quarters, else the year's.
 */
export async function indicatorIn(
  ctx: DashboardContext,
  id: string,
): Promise<{
  ind: IndicatorResult;
  published: PublishedIndicator | undefined;
  period: Period;
  quarterly: boolean;
  monthly: boolean;
} | null> {
  const find = (p: Period) => [...p.results.indicators, ...p.results.local].find((i) => i.id === id);
  const month = ctx.view.month ?? null;
  if (month !== null) {
    const m = await ctx.month({ year: ctx.view.year, month });
    const ind = find(m);
    if (ind) return { ind, published: m.published.get(id), period: m, quarterly: false, monthly: true };
  }
  if (ctx.view.quarter !== null) {
    const q = await currentPeriod(ctx);
    const ind = find(q);
    if (ind) return { ind, published: q.published.get(id), period: q, quarterly: true, monthly: false };
  }
  const a = await ctx.annual(ctx.view.year);
  const ind = find(a);
  return ind ? { ind, published: a.published.get(id), period: a, quarterly: false, monthly: false } : null;
}

/** The definitions of an indicator's parts (national or local), by part key. */
export function definitionsOf(
  ctx: DashboardContext,
  results: IndicatorResults,
  id: string,
): Map<string, MetricDefinition> | null {
  const national = nationalCatalogue(results.settings).find((e) => e.id === id);
  if (national) return new Map(national.parts.map((p) => [p.key, p.definition]));
  for (const raw of ctx.localDefinitions) {
    const v = validateLocalMetric(raw);
    if (v.ok && v.definition.id === id) return new Map([['main', v.definition]]);
  }
  return null;
}

/**
 * An indicator broken down by `dimensions` in the page's period, as rows ready to show: protected
 * against the publication view of the whole figure (the one the overview shows).
 */
export async function breakdownsOf(
  ctx: DashboardContext,
  id: string,
  dimensions: string[],
): Promise<BreakdownView[]> {
  const found = await indicatorIn(ctx, id);
  if (!found) return [];
  // A quarter's (or month's) counts by staff group or band are almost all too small to publish: readers
  // of the publication view see it broken down by units only (the disclosure ledger holds no more).
  if ((found.quarterly || found.monthly) && !ctx.view.fullCounts)
    dimensions = dimensions.filter((d) => d === 'careGroup' || d === 'directorate');
  if (dimensions.length === 0) return [];
  let ind: IndicatorResult | undefined;
  const month = found.monthly ? (ctx.view.month ?? null) : null;
  if (month !== null) {
    const defs = definitionsOf(ctx, found.period.results, id);
    const def = defs?.get(found.ind.parts[0]?.key ?? 'main');
    const m = def ? toMonth({ ...def, breakdown: dimensions }, month) : null;
    if (!m) return [];
    const [metric] = await ctx.evaluate(ctx.view.year, [m]);
    ind = { ...found.ind, parts: [{ ...found.ind.parts[0]!, metric: metric! }] };
  } else if (found.quarterly && ctx.view.quarter !== null) {
    const defs = definitionsOf(ctx, found.period.results, id);
    const def = defs?.get(found.ind.parts[0]?.key ?? 'main');
    const q = def ? toQuarter({ ...def, breakdown: dimensions }, ctx.view.quarter) : null;
    if (!q) return [];
    const [metric] = await ctx.evaluate(ctx.view.year, [q]);
    ind = { ...found.ind, parts: [{ ...found.ind.parts[0]!, metric: metric! }] };
  } else {
    const b = await ctx.breakdown(ctx.view.year, id, dimensions);
    ind = [...b.results.indicators, ...b.results.local].find((i) => i.id === id);
  }
  if (!ind) return [];
  const rowCounts = await ctx.rowCounts(ctx.view.year, found.quarterly ? ctx.view.quarter : null, month);
  const part = ind.parts[0]?.key ?? 'main';
  const views = breakdownViews(
    ind,
    found.period.results.settings,
    (by, row) => rowCounts(ind.id, part, by, row),
    ctx.protection(found.period.results.settings),
  );
  // Only the care groups of the view (its data holds no other, but a page must never show one).
  const scope = ctx.view.scope;
  if (scope === 'all') return views;
  return views.map((v) =>
    v.by === 'careGroup'
      ? { ...v, rows: v.rows.filter((r) => scope.some((p) => p === r.key || p.startsWith(`${r.key} > `))) }
      : v,
  );
}

/** A breakdown as a chart: relative likelihoods with intervals, or bars of the figure. */
export async function breakdownChart(
  renderer: ChartRenderer,
  view: BreakdownView,
  options: { id: string; title: string; range: { lower: number; upper: number }; subject: string },
): Promise<Chart> {
  const shown = view.rows.filter((r) => r.value !== null);
  const hiddenCount = view.rows.filter((r) => r.hidden).length;
  const table = {
    caption: options.title,
    rowHeader: view.title,
    columns: view.columns,
    rows: view.rows.map((r) => ({ label: r.label, cells: r.cells })),
  };
  let summary: string;
  let spec = null;
  if (view.kind === 'likelihood') {
    const adverse = shown.filter((r) => r.value! > options.range.upper);
    // Named as uncertain where the interval includes 1.00: the difference may be chance.
    const uncertain = adverse.filter((r) => spansParity(r.lower, r.upper));
    summary =
      shown.length === 0
        ? `No ${view.title.toLowerCase()} has a relative likelihood that can be shown.`
        : `${options.subject}: ${adverse.length === 0 ? `no ${view.title.toLowerCase()} is` : `${listText(adverse.map((r) => `${r.label} (${r.text})`))} ${adverse.length === 1 ? 'is' : 'are'}`} above the non-adverse range, of ${shown.length} shown.${
            uncertain.length > 0
              ? ` For ${listText(uncertain.map((r) => r.label))} the interval includes 1.00, so this may be chance.`
              : ''
          }`;
    if (shown.length > 0)
      spec = likelihoodSpec({
        rows: shown.map((r) => ({
          category: r.label,
          value: r.value!,
          lower: r.lower,
          upper: r.upper,
          label: r.text,
        })),
        categories: shown.map((r) => r.label),
        range: options.range,
        xTitle: view.measure,
      });
  } else {
    const sorted = [...shown].sort((a, b) => b.value! - a.value!);
    summary =
      sorted.length === 0
        ? `No ${view.title.toLowerCase()} has a figure that can be shown.`
        : `${options.subject}: highest ${sorted[0]!.label} (${sorted[0]!.text}), lowest ${sorted.at(-1)!.label} (${sorted.at(-1)!.text}), of ${sorted.length} shown.`;
    if (shown.length > 0)
      spec = barSpec({
        rows: shown.map((r) => ({ category: r.label, series: 'ALL', value: r.value!, label: r.text })),
        categories: shown.map((r) => r.label),
        series: [{ key: 'ALL', label: view.measure }],
        xTitle: view.measure,
        ...((view.kind === 'rate' && !view.perHead) || view.kind === 'share'
          ? { domain: [0, 100] as [number, number] }
          : {}),
      });
  }
  if (hiddenCount > 0)
    summary += ` ${hiddenCount} ${hiddenCount === 1 ? 'row is' : 'rows are'} withheld (small numbers).`;
  return makeChart(renderer, { id: options.id, title: options.title, summary, spec, table });
}

/**
 * The dashboard's own metrics shaped as indicator results, so the engine's publication view applies
 * (DashboardContext.publishAt, with their counts from the disclosure ledger: tables.ts).
 */
export function asResults(
  base: IndicatorResults,
  metrics: readonly { metric: MetricResult; direction?: AdverseDirection }[],
): { results: IndicatorResults } {
  const indicators: IndicatorResult[] = metrics.map(({ metric, direction }) => ({
    id: metric.id,
    standard: 'LOCAL',
    number: '',
    title: metric.title,
    formula: '',
    orientation: null,
    adverseDirection: direction ?? 'NONE',
    parts: [{ key: 'main', label: 'All', adverseDirection: direction ?? 'NONE', metric }],
    recorded: null,
    issues: [],
    change: null,
  }));
  const results: IndicatorResults = { ...base, indicators, local: [] };
  return { results };
}
