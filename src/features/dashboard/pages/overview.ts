/**
 * The overview: every WRES, WDES, Bank WRES and MWRES indicator as a tile, a sentence on what changed since the
 * previous period, and the relative likelihoods together against the non-adverse range.
 */
import { fixed, isNumberedStandard, NUMBERED_STANDARDS } from '../../../engine/index.js';
import type { PlanActions } from '../actions.js';
import { likelihoodSpec, type Chart, type ChartRenderer, type DotRow } from '../charts.js';
import type { DashboardContext } from '../context.js';
import { listText, makeChart, plural, lowerFirst } from '../present.js';
import { tileFor, tilePeriods, withRag, type Tile } from './tiles.js';

export interface OverviewModel {
  periodLabel: string;
  previousLabel: string;
  sections: { standard: string; title: string; tiles: Tile[] }[];
  changeSummary: string;
  likelihoods: Chart;
  hasData: boolean;
}

/** The overview's sections, one per numbered standard, in this order. */
const SECTIONS = ['WRES', 'WDES', 'BWRES', 'MWRES'] as const;

/** The overview with the action plan's RAG counts on each tile. */
export async function overviewWithPlan(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  plan: PlanActions | null,
): Promise<OverviewModel> {
  const model = await ctx.page('overview', () => overviewModel(ctx, renderer));
  return {
    ...model,
    sections: model.sections.map((s) => ({ ...s, tiles: s.tiles.map((t) => withRag(t, plan)) })),
  };
}

async function overviewModel(ctx: DashboardContext, renderer: ChartRenderer): Promise<OverviewModel> {
  const periods = await tilePeriods(ctx);
  const national = periods.current.results.indicators.filter((i) => isNumberedStandard(i.standard));
  const tiles = national.map((i) => tileFor(i.id, periods)).filter((t): t is Tile => t !== null);
  const sections = SECTIONS.map((standard) => ({
    standard,
    title: NUMBERED_STANDARDS[standard].title,
    tiles: tiles.filter((t) => t.standard === standard),
  }));
  const current = periods.quarter?.current ?? periods.current;
  const counts = { improved: 0, worsened: 0, unchanged: 0, other: 0 };
  for (const t of tiles) {
    if (t.change.status === 'improved') counts.improved++;
    else if (t.change.status === 'worsened') counts.worsened++;
    else if (t.change.status === 'unchanged') counts.unchanged++;
    else counts.other++;
  }
  const previousLabel = periods.quarter ? periods.quarter.previous.label : periods.previous.label;
  const changeSummary = `Compared with ${previousLabel}: ${counts.improved} improved, ${counts.worsened} worsened, ${counts.unchanged} unchanged; ${plural(counts.other, 'figure')} not compared (no previous figure, no better direction, or withheld).`;

  // The relative likelihoods side by side.
  const rlTiles = tiles.filter((t) => t.headline.range !== null);
  const rows: DotRow[] = [];
  const settings = current.results.settings;
  const tableRows = rlTiles.map((t) => {
    const category = `${t.name} ${t.title}`;
    const v = t.headline.current.value;
    if (v !== null) {
      const intervalOf = findInterval(ctx, t, periods);
      rows.push({
        category,
        value: v,
        lower: intervalOf.lower,
        upper: intervalOf.upper,
        label: t.headline.current.text,
      });
    }
    return {
      label: category,
      cells: [
        { text: t.headline.current.text, suppressed: t.headline.current.hidden },
        {
          text: t.headline.band ?? (t.headline.current.hidden ? '*' : '–'),
          suppressed: t.headline.current.hidden,
        },
        { text: t.headline.interval?.replace(/^\d+% confidence interval /, '') ?? '–' },
        { text: t.previous.text, suppressed: t.previous.hidden },
      ],
    };
  });
  const lower = settings['stats.nonAdverseLower'];
  const upper = settings['stats.nonAdverseUpper'];
  const adverse = rlTiles.filter((t) => t.headline.band === 'adverse');
  // Which of them may be chance: their interval includes 1.00 or they rest on small counts.
  const uncertain = adverse.filter((t) => t.headline.caution !== null);
  const shown = rlTiles.filter((t) => !t.headline.current.hidden && t.headline.current.value !== null);
  const summary =
    shown.length === 0
      ? 'No relative likelihood can be shown for this period.'
      : `${plural(shown.length, 'relative likelihood')} shown; ${adverse.length === 0 ? 'none is' : `${adverse.length} ${adverse.length === 1 ? 'is' : 'are'}`} in the adverse range (above ${fixed(upper, 2)})${
          adverse.length > 0
            ? `: ${listText(adverse.map((t) => `${t.name} ${lowerFirst(t.title)} (${t.headline.current.text})`))}`
            : ''
        }${
          uncertain.length > 0
            ? `; for ${listText(uncertain.map((t) => t.name))} this may be chance (the interval includes 1.00 or the counts are small)`
            : ''
        }. A value of 1.00 means both groups are equally likely; ${fixed(lower, 2)} to ${fixed(upper, 2)} is the non-adverse range.`;
  const likelihoods = await makeChart(renderer, {
    id: 'likelihoods',
    title: `Relative likelihoods, ${current.label}`,
    summary,
    spec:
      rows.length > 0
        ? likelihoodSpec({
            rows,
            categories: rows.map((r) => r.category),
            range: { lower, upper },
            xTitle: 'Relative likelihood (1.00 = equally likely)',
          })
        : null,
    table: {
      caption: `Relative likelihoods, ${current.label}`,
      rowHeader: 'Indicator',
      columns: ['Relative likelihood', 'Range', 'Confidence interval', `Previous (${previousLabel})`],
      rows: tableRows,
    },
    notes: [
      'Lines show the 95% confidence interval. An interval that ends in an arrow at the edge of the chart runs beyond it: the note under it gives its upper bound, or says it has none.',
    ],
  });
  const hasData = periods.current.results.indicators.some((i) =>
    i.parts.some((p) => p.metric.result.type === 'distribution' && p.metric.result.overall.total > 0),
  );
  return {
    periodLabel: current.label,
    previousLabel,
    sections,
    changeSummary,
    likelihoods,
    hasData,
  };
}

function findInterval(
  _ctx: DashboardContext,
  t: Tile,
  periods: Awaited<ReturnType<typeof tilePeriods>>,
): { lower: number | null; upper: number | null } {
  const period = periods.quarter && !t.annualOnly ? periods.quarter.current : periods.current;
  const ind = period.results.indicators.find((i) => i.id === t.id);
  const r = ind?.parts[0]?.metric.result;
  if (r?.type !== 'relativeLikelihood' || t.headline.current.hidden) return { lower: null, upper: null };
  return {
    lower: r.relativeLikelihood.interval?.lower ?? null,
    upper: r.relativeLikelihood.interval?.upper ?? null,
  };
}
