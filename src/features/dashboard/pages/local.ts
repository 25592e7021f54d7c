/**
 * Local metrics: the organisation's own Culture Dashboard measures (appraisal compliance, mentoring,
 * dignity-at-work cases...), each as a tile with its trend over the years, its months where it has them,
 * and its figures by group.
 */
import {
  fixed,
  rateDecimals,
  rateScale,
  rateUnitName,
  rateUnitText,
  type DisplayCell,
  type PublishedPart,
  type StatisticResult,
} from '../../../engine/index.js';
import type { PlanActions } from '../actions.js';
import {
  barSpec,
  trendSpec,
  type BarRow,
  type Cell,
  type Chart,
  type ChartRenderer,
  type LineRow,
} from '../charts.js';
import type { DashboardContext } from '../context.js';
import { headlineOf, shown } from '../figures.js';
import { makeChart, lowerFirst } from '../present.js';
import { monthlyIds } from '../months.js';
import { monthlySeries } from './series.js';
import { periodOf, tileFor, tilePeriods, withRag, type Tile } from './tiles.js';

export interface LocalModel {
  periodLabel: string;
  metrics: { tile: Tile; description: string; charts: Chart[] }[];
  problems: { id: string | null; messages: string[] }[];
}

/**
 * Group figures of a result as bars: rates, or shares of the distribution, each the one its table cell
 * shows (in the publication view worked out from the published counts, never the exact one); hidden cells
 * left out.
 */
function groupBars(
  r: StatisticResult,
  pub: PublishedPart,
  cells: readonly DisplayCell[][],
  d: number,
  columns: readonly string[],
): {
  bars: BarRow[];
  rows: { label: string; cells: Cell[] }[];
  /** The table's columns, one per cell of every row. */
  columns: string[];
  measure: string;
  /** A share of a whole: its axis runs from 0 to 100. */
  percent: boolean;
} | null {
  if (r.type === 'rate' || r.type === 'relativeLikelihood') {
    // In the unit the rate declares: a percentage, or a rate per head ("per 100 staff").
    const unit = (r.type === 'rate' ? r.unit : undefined) ?? 'percent';
    const decimals = rateDecimals(unit, d);
    const bars: BarRow[] = [];
    const rows = r.groups.map((g, i) => {
      const c = cells[i] ?? [];
      const value = shown(c[2], g.value === null ? null : g.value * rateScale(unit), pub);
      if (value !== null && g.group !== 'UNKNOWN')
        bars.push({
          category: g.label,
          series: g.group,
          value,
          label: `${fixed(value, decimals)}${rateUnitText(unit)}`,
        });
      return { label: g.label, cells: c.map((x) => ({ text: x.text, suppressed: x.suppressed })) };
    });
    const measure = unit === 'percent' ? 'Rate (%)' : `Rate, ${rateUnitName(unit)}`;
    return { bars, rows, columns: [...columns], measure, percent: unit === 'percent' };
  }
  if (r.type === 'distribution') {
    const bars: BarRow[] = [];
    const last = cells.at(-1) ?? [];
    const rows = r.overall.groups.map((g, j) => {
      const value = shown(last[j * 2 + 1], g.percent, pub);
      if (value !== null)
        bars.push({ category: g.label, series: g.group, value, label: `${fixed(value, d)}%` });
      return {
        label: g.label,
        cells: [
          { text: last[j * 2]?.text ?? '–', suppressed: last[j * 2]?.suppressed ?? false },
          { text: last[j * 2 + 1]?.text ?? '–', suppressed: last[j * 2 + 1]?.suppressed ?? false },
        ],
      };
    });
    // One row per group, its count and share of the whole: the published table's overall row turned on
    // its side, so its columns are no longer the table's (a count and a percentage per group).
    return { bars, rows, columns: ['Number', '% of the total'], measure: '% of the total', percent: true };
  }
  return null;
}

export async function localWithPlan(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  plan: PlanActions | null,
): Promise<LocalModel> {
  const model = await ctx.page('local', () => localModel(ctx, renderer));
  return { ...model, metrics: model.metrics.map((m) => ({ ...m, tile: withRag(m.tile, plan) })) };
}

async function localModel(ctx: DashboardContext, renderer: ChartRenderer): Promise<LocalModel> {
  const periods = await tilePeriods(ctx);
  const current = periods.month?.current ?? periods.quarter?.current ?? periods.current;
  const withMonths = monthlyIds(ctx.localDefinitions);
  const s = current.results.settings;
  const d = s['display.percentDecimals'];
  const years = [...ctx.view.years].sort((a, b) => a - b).filter((y) => y <= ctx.view.year);
  const annuals = await Promise.all(years.map((y) => ctx.annual(y)));
  const metrics: LocalModel['metrics'] = [];
  for (const ind of periods.current.results.local) {
    const tile = tileFor(ind.id, periods, true);
    if (!tile) continue;
    const charts: Chart[] = [];
    const inPeriod = periodOf(tile, periods);
    const res = inPeriod.results.local.find((i) => i.id === ind.id);
    const part = res?.parts[0];
    const pubPart = inPeriod.published.get(ind.id)?.parts[0];
    const pubTable = pubPart?.tables[0];
    const cells = (pubTable?.rows ?? []).map((r) => r.cells);
    const g =
      part && pubPart && pubTable ? groupBars(part.metric.result, pubPart, cells, d, pubTable.columns) : null;
    if (g && pubTable)
      charts.push(
        await makeChart(renderer, {
          id: `local-${ind.id}-groups`,
          title: `${ind.title}, by group, ${inPeriod.label}`,
          summary:
            g.bars.length === 0
              ? 'No group figure can be shown for this period.'
              : `${g.bars.map((b) => `${b.category} ${b.label}`).join('; ')}.`,
          spec:
            g.bars.length > 0
              ? barSpec({
                  rows: g.bars.map((b) => ({ ...b, category: 'All' })),
                  categories: ['All'],
                  series: g.bars.map((b) => ({ key: b.series, label: b.category })),
                  xTitle: g.measure,
                  ...(g.percent ? { domain: [0, 100] as [number, number] } : {}),
                })
              : null,
          table: {
            caption: `${ind.title}, ${inPeriod.label}`,
            rowHeader: 'Group',
            columns: g.columns,
            rows: g.rows,
          },
          notes: [],
        }),
      );
    // Trend of the headline figure over the years.
    const lines: LineRow[] = [];
    const trendCells = annuals.map((p, k) => {
      const found = p.results.local.find((i) => i.id === ind.id);
      const h = found ? headlineOf(found, p.published.get(ind.id), p.results.settings).current : null;
      lines.push({
        period: String(years[k]),
        series: 'HEADLINE',
        value: h?.value ?? null,
        label: h?.text ?? '–',
      });
      return { text: h?.text ?? '–', suppressed: h?.hidden ?? false };
    });
    if (lines.some((l) => l.value !== null))
      charts.push(
        await makeChart(renderer, {
          id: `local-${ind.id}-trend`,
          title: `${ind.title}: ${lowerFirst(tile.headline.label)}, year by year`,
          summary: `${tile.headline.label}: ${lines.map((l) => `${l.label} in ${l.period}`).join(', ')}.`,
          spec: trendSpec({
            rows: lines,
            periods: years.map(String),
            series: [{ key: 'HEADLINE', label: tile.headline.label }],
            yTitle: tile.headline.label,
            ...(tile.headline.percent ? { domain: [0, 100] as [number, number] } : {}),
            ...(tile.headline.range
              ? {
                  band: {
                    lower: s['stats.nonAdverseLower'],
                    upper: s['stats.nonAdverseUpper'],
                    label: 'Non-adverse range',
                  },
                  rule: 1,
                }
              : {}),
          }),
          table: {
            caption: `${ind.title} by year`,
            rowHeader: 'Figure',
            columns: years.map(String),
            rows: [{ label: tile.headline.label, cells: trendCells }],
          },
          notes: [],
        }),
      );
    // The months of the year, where the metric has them.
    if (withMonths.has(ind.id))
      charts.push(await monthlySeries(ctx, renderer, tile, `local-${ind.id}-months`));
    metrics.push({ tile, description: ind.formula, charts });
  }
  return {
    periodLabel: current.label,
    metrics,
    problems: periods.current.results.localProblems.map((p) => ({
      id: p.id,
      messages: p.problems.map((x) => `${x.path}: ${x.message}`),
    })),
  };
}
