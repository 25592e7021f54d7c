/**
 * Tiles: an indicator's current figure beside the previous period's, labelled improved or worsened by
 * the indicator's adverse direction, with its non-adverse range, the counts behind it and the action
 * plan's RAG counts. In a quarter, indicators with quarterly figures compare with the quarter before;
 * the others (staff in post at 31 March, the board, the staff survey) show the year's figure. In a month,
 * the local metrics that have months compare with the month before; the others show their quarter's
 * figure (or the year's).
 */
import { compareValues, windowText, type ChangeStatus, type IndicatorResult } from '../../../engine/index.js';
import { indicatorRef, statusCounts, type PlanActions, type StatusCounts } from '../actions.js';
import type { DashboardContext, Period } from '../context.js';
import { monthLabel, previousMonth } from '../months.js';
import { BETTER_WHEN, CHANGE_LABELS, headlineOf, type Figure, type Headline } from '../figures.js';
import { indicatorName, shortTitle } from '../present.js';

export interface Tile {
  id: string;
  name: string;
  title: string;
  fullTitle: string;
  /**
   * How the figure is named in a heading: "WRES 2: Appointment from shortlisting", or a local metric's
   * title alone (its name is its title, so it is said once).
   */
  heading: string;
  standard: string;
  periodLabel: string;
  previousLabel: string;
  /** In a quarter (or a month): this indicator has no quarterly figure, so the year's is shown. */
  annualOnly: boolean;
  /** In a month: this indicator has no monthly figure, so its quarter's is shown. */
  quarterOnly: boolean;
  headline: Headline;
  /** What a rolling-window figure covers ("two years pooled (2022/23 and 2023/24)"); null for the others. */
  window: string | null;
  previous: Figure;
  /** The previous figure's window when it differs from this one's, so that both are named. */
  previousWindow: string | null;
  change: {
    status: ChangeStatus | 'hidden';
    label: string;
    colour: 'green' | 'red' | 'grey';
    /** Why the figures are not compared, in words (a different window or definition, no figure). */
    reason: string | null;
  };
  betterWhen: string;
  rag: StatusCounts | null;
}

export interface TilePeriods {
  current: Period;
  previous: Period;
  /** Quarter mode: the quarter's results and the quarter before (null in year mode). */
  quarter: { current: Period; previous: Period } | null;
  /** Month mode: the month's results (figures that have months) and the month before; else absent or null. */
  month?: { current: Period; previous: Period } | null;
}

/** The periods the tiles compare: the year and the year before, and the quarter and the quarter before. */
export async function tilePeriods(ctx: DashboardContext): Promise<TilePeriods> {
  const { year, quarter } = ctx.view;
  const [current, previous] = await Promise.all([ctx.annual(year), ctx.annual(year - 1)]);
  if (quarter === null) return { current, previous, quarter: null };
  const q = await ctx.quarter({ year, quarter });
  const before =
    quarter === 1 ? { year: year - 1, quarter: 4 as const } : { year, quarter: (quarter - 1) as 1 | 2 | 3 };
  const p = await ctx.quarter(before);
  const month = ctx.view.month ?? null;
  if (month === null) return { current, previous, quarter: { current: q, previous: p }, month: null };
  const m = await ctx.month({ year, month });
  const prior = previousMonth({ year, month });
  // The month before the first month of the data has no figures: an empty period, so nothing compares.
  const mp = ctx.view.years.includes(prior.year)
    ? await ctx.month(prior)
    : { ...m, label: monthLabel(prior), results: { ...m.results, local: [] } };
  return { current, previous, quarter: { current: q, previous: p }, month: { current: m, previous: mp } };
}

/** The period whose figure a tile shows: its month's, its quarter's or the year's. */
export function periodOf(t: Tile, periods: TilePeriods): Period {
  if (periods.month && !t.quarterOnly && !t.annualOnly) return periods.month.current;
  if (periods.quarter && !t.annualOnly) return periods.quarter.current;
  return periods.current;
}

/**
 * The change beside a tile's figure. The engine says whether the two periods' figures may be compared at
 * all (another window or definition, no figure, no better direction); which way they moved is read from
 * the two figures the tile shows, at the precision they are shown with. In the publication view those are
 * the figures of the published counts, so a label never contradicts the numbers beside it, nor tells what
 * the unrounded counts did.
 */
function changeOf(ind: IndicatorResult, h: Headline, previous: Figure): Tile['change'] {
  if (h.current.hidden || previous.hidden)
    return { status: 'hidden', label: CHANGE_LABELS.hidden, colour: 'grey', reason: null };
  const found = (ind.change ?? []).find((c) => c.measure === h.measure);
  const change =
    found === undefined || found.status === 'not comparable'
      ? { status: 'not comparable' as const, reason: found?.reason ?? null }
      : compareValues(h.measure, previous.value, h.current.value, h.direction, h.decimals);
  const status: ChangeStatus = change.status;
  return {
    status,
    label: CHANGE_LABELS[status],
    colour: status === 'improved' ? 'green' : status === 'worsened' ? 'red' : 'grey',
    reason: status === 'not comparable' ? change.reason : null,
  };
}

/** The window of the headline's part, in words, for a rolling-window figure; null for the others. */
export function windowOf(ind: IndicatorResult | undefined): string | null {
  const metric = ind?.parts[0]?.metric;
  return metric?.window ? windowText(metric) : null;
}

export function tileFor(id: string, periods: TilePeriods, local = false): Tile | null {
  const pick = (p: Period) => (local ? p.results.local : p.results.indicators).find((i) => i.id === id);
  const quarterly = periods.quarter ? pick(periods.quarter.current) : undefined;
  const monthly = periods.month ? pick(periods.month.current) : undefined;
  const [cur, prev] =
    periods.month && monthly
      ? [periods.month.current, periods.month.previous]
      : periods.quarter && quarterly
        ? [periods.quarter.current, periods.quarter.previous]
        : [periods.current, periods.previous];
  const ind = pick(cur);
  if (!ind) return null;
  const settings = cur.results.settings;
  const headline = headlineOf(ind, cur.published.get(id), settings);
  const prevInd = pick(prev);
  const previous = prevInd ? headlineOf(prevInd, prev.published.get(id), settings).current : headline.current;
  const previousFigure: Figure = prevInd ? previous : { value: null, text: '–', hidden: false };
  const name = indicatorName(ind);
  const title = shortTitle(ind);
  return {
    id,
    name,
    title,
    heading: name === title ? title : `${name}: ${title}`,
    fullTitle: ind.title,
    standard: ind.standard,
    periodLabel: cur.label,
    previousLabel: prev.label,
    annualOnly: periods.quarter !== null && !quarterly && !monthly,
    quarterOnly: !!periods.month && !monthly && !!quarterly,
    headline,
    window: windowOf(ind),
    previous: previousFigure,
    previousWindow: prevInd && windowOf(prevInd) !== windowOf(ind) ? windowOf(prevInd) : null,
    change: changeOf(ind, headline, previousFigure),
    betterWhen: BETTER_WHEN[headline.direction],
    // The plan's counts are added per request (`withRag`): the cached tile holds none.
    rag: null,
  };
}

/** The tile with the action plan's RAG counts (read fresh: the plan changes without a new import). */
export function withRag(t: Tile, plan: PlanActions | null): Tile {
  if (!plan) return t;
  return { ...t, rag: statusCounts(plan.byIndicator.get(indicatorRef(t.id, t.standard === 'LOCAL')) ?? []) };
}
