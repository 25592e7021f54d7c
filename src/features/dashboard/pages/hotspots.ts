/**
 * Survey hotspots: for each survey indicator with two groups to compare (WRES 5-8, WDES 4-7), the units of
 * the view (care groups of the organisation, directorates of a care group) ranked by the gap between the
 * protected group and the reference group, worst first, with the ratio of their percentages and its
 * interval. Each unit's figures are its own (the ones its filtered page shows), every count as the
 * disclosure ledger publishes it, and every percentage, gap and interval worked out from those counts
 * (engine: surveyHotspots), so a unit withheld here is withheld everywhere and cannot be worked out from
 * the organisation's figure and the other units'.
 */
import { barSpec, type Chart, type ChartRenderer } from '../charts.js';
import { hasSurveyGap, surveyColumns, surveyHotspotRows } from '../breakdowns.js';
import type { DashboardContext } from '../context.js';
import { indicatorName, listText, makeChart, shortTitle } from '../present.js';

export interface HotspotsModel {
  periodLabel: string;
  surveyYear: number;
  /** What the units are: "care group" or "directorate". */
  unitWord: string;
  /** Some survey indicator has figures for the view's units. */
  available: boolean;
  charts: Chart[];
  /** Indicator ids with a table here, for links to each indicator's own page. */
  ids: string[];
}

export async function hotspotsModel(ctx: DashboardContext, renderer: ChartRenderer): Promise<HotspotsModel> {
  const { year } = ctx.view;
  const annual = await ctx.annual(year);
  const s = annual.results.settings;
  const surveyYear = annual.results.period.surveyYear;
  const unitDim = ctx.unitDimension();
  const unitWord = unitDim === 'careGroup' ? 'care group' : 'directorate';
  const candidates = annual.results.indicators.filter(hasSurveyGap);
  const rowCounts = await ctx.rowCounts(year, null);
  const protection = ctx.protection(s);
  const charts: Chart[] = [];
  const ids: string[] = [];
  for (const found of candidates) {
    const b = await ctx.breakdown(year, found.id, [unitDim]);
    const ind = b.results.indicators.find((i) => i.id === found.id);
    const table = ind?.parts[0]?.metric.breakdowns.find((t) => t.by.length === 1 && t.by[0] === unitDim);
    if (!ind || !table) continue;
    const part = ind.parts[0]!.key;
    const rows = surveyHotspotRows(table, ind, s, (by, row) => rowCounts(ind.id, part, by, row), protection);
    if (rows.length === 0) continue;
    ids.push(ind.id);
    const ranked = rows.filter((r) => r.value !== null);
    const withheld = rows.filter((r) => r.hidden).length;
    const worse = ind.adverseDirection === 'HIGHER_IS_BETTER' ? 'lower' : 'higher';
    const name = `${indicatorName(ind)} ${shortTitle(ind)}`;
    const summary = [
      ranked.length === 0
        ? `No ${unitWord} has a gap that can be shown.`
        : `Ranked by the gap, worst first (a ${worse} percentage for the protected group is worse): ${listText(
            ranked.slice(0, 3).map((r) => `${r.label} (${r.text} points)`),
          )}.`,
      withheld > 0
        ? `${withheld} ${withheld === 1 ? `${unitWord} is` : `${unitWord}s are`} withheld: too few respondents to show.`
        : '',
    ]
      .filter((t) => t !== '')
      .join(' ');
    charts.push(
      await makeChart(renderer, {
        id: `hotspots-${ind.id}`,
        title: `${name}, by ${unitWord}`,
        summary,
        spec:
          ranked.length > 0
            ? barSpec({
                rows: ranked.map((r) => ({
                  category: r.label,
                  series: 'GAP',
                  value: r.value!,
                  label: r.text,
                })),
                categories: ranked.map((r) => r.label),
                series: [{ key: 'GAP', label: 'Gap (percentage points)' }],
                xTitle: 'Gap (percentage points)',
              })
            : null,
        table: {
          caption: `${name}, NHS Staff Survey ${surveyYear}, by ${unitWord} (worst first)`,
          rowHeader: unitWord.charAt(0).toUpperCase() + unitWord.slice(1),
          columns: surveyColumns(ind, s),
          rows: rows.map((r) => ({ label: r.label, cells: r.cells })),
        },
        notes: [],
      }),
    );
  }
  return { periodLabel: String(year), surveyYear, unitWord, available: charts.length > 0, charts, ids };
}
