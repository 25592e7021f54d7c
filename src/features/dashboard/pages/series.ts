/**
 * A figure across consecutive periods of a year (its quarters, its months) as a trend chart with its
 * table. One presenter for every such series, so that a quarter and a month read alike: the headline as
 * the tile shows it (same number format, withheld where the publication view withholds it), a label at
 * every point, the non-adverse range behind a relative likelihood.
 */
import { financialYearLabel } from '../../../engine/index.js';
import { type Cell, type Chart, type ChartRenderer, type LineRow, trendSpec } from '../charts.js';
import type { DashboardContext, Period } from '../context.js';
import { headlineOf } from '../figures.js';
import { monthLabel, monthsOf } from '../months.js';
import { lowerFirst, makeChart } from '../present.js';
import type { Tile } from './tiles.js';

/** What the periods of a series are called: "quarter", "quarters", "Quarterly". */
export interface SeriesWords {
  one: string;
  many: string;
  adjective: string;
}

export const QUARTER_WORDS: SeriesWords = { one: 'quarter', many: 'quarters', adjective: 'Quarterly' };
export const MONTH_WORDS: SeriesWords = { one: 'month', many: 'months', adjective: 'Monthly' };

/**
 * The headline of one figure in each period, as each period's own publication view shows it (the
 * ledger's counts at that period's coordinates), drawn as a trend and tabled beside it.
 */
export async function seriesChart(
  renderer: ChartRenderer,
  input: {
    /** The chart's id on the page. */
    id: string;
    /** The figure's id (national indicator or local metric). */
    figure: string;
    tile: Tile;
    /** The periods in order, each with its label. */
    periods: readonly { label: string; period: Period }[];
    words: SeriesWords;
    /** Added to the title and caption: which year the periods are of ("2023/24"); none for two years. */
    span?: string;
    /** What the larger periods are, in the summary's closing words: "the annual ones". */
    steadier: string;
    likelihood: { range: { lower: number; upper: number } } | null;
    notes: string[];
  },
): Promise<Chart> {
  const { tile, words } = input;
  const lines: LineRow[] = [];
  const cells: Cell[] = [];
  for (const { label, period } of input.periods) {
    const ind = [...period.results.indicators, ...period.results.local].find((i) => i.id === input.figure);
    const h = ind
      ? headlineOf(ind, period.published.get(input.figure), period.results.settings).current
      : null;
    lines.push({ period: label, series: 'RL', value: h?.value ?? null, label: h?.text ?? '–' });
    cells.push({ text: h?.text ?? '–', suppressed: h?.hidden ?? false });
  }
  const shown = lines.filter((l) => l.value !== null);
  const span = input.span ? `, ${input.span}` : '';
  const labels = input.periods.map((p) => p.label);
  return makeChart(renderer, {
    id: input.id,
    title: `${tile.name}: ${lowerFirst(tile.headline.label)}, ${words.one} by ${words.one}${span}`,
    summary:
      shown.length === 0
        ? `No ${words.adjective.toLowerCase()} figure can be shown.`
        : `${shown.length} of ${lines.length} ${words.many} have a figure that can be shown; the latest, ${shown.at(-1)!.period}, is ${shown.at(-1)!.label}. ${words.adjective} figures rest on small numbers and move more than ${input.steadier}.`,
    spec:
      shown.length > 0
        ? trendSpec({
            rows: lines,
            periods: labels,
            series: [{ key: 'RL', label: tile.headline.label }],
            yTitle: tile.headline.label,
            labels: 'all',
            ...(tile.headline.percent ? { domain: [0, 100] as [number, number] } : {}),
            ...(input.likelihood
              ? { band: { ...input.likelihood.range, label: 'Non-adverse range' }, rule: 1 }
              : {}),
          })
        : null,
    table: {
      caption: `${tile.name} by ${words.one}${span}`,
      rowHeader: 'Figure',
      columns: labels,
      rows: [{ label: tile.headline.label, cells }],
    },
    notes: input.notes,
  });
}

/**
 * A local metric's months of the view's reporting year (April to March), each month's figure as the
 * year's disclosure ledger publishes it. `id` names the chart on its page.
 */
export async function monthlySeries(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  tile: Tile,
  id: string,
): Promise<Chart> {
  const year = ctx.view.year;
  const [months, annual] = await Promise.all([ctx.months(year), ctx.annual(year)]);
  const s = annual.results.settings;
  return seriesChart(renderer, {
    id,
    figure: tile.id,
    tile,
    periods: monthsOf(year).map((m) => ({ label: monthLabel(m), period: months.get(m.month)! })),
    words: MONTH_WORDS,
    span: financialYearLabel(year - 1),
    steadier: 'the quarterly and annual ones',
    likelihood:
      tile.headline.range !== null
        ? { range: { lower: s['stats.nonAdverseLower'], upper: s['stats.nonAdverseUpper'] } }
        : null,
    notes: [
      'A month counts the records dated in it (by the metric’s own date); a figure per head of staff keeps the staff in post at 31 March; rolling two-year windows do not apply.',
    ],
  });
}
