/**
 * Staff survey: the survey-based indicators (WRES 5-8, WDES 4-9a) for each group beside the national
 * figure loaded as reference data, and the gap between the groups over the years. The survey is annual
 * and describes the whole organisation, so it has no quarters and no care-group figures.
 */
import {
  comparisonGroup,
  fixed,
  type BenchmarkRecord,
  type SurveyPercentageResult,
} from '../../../engine/index.js';
import {
  barSpec,
  panelsSpec,
  type BarRow,
  type CategoryMark,
  type Cell,
  type Chart,
  type ChartRenderer,
  type LineRow,
} from '../charts.js';
import type { DashboardContext, ReferenceData } from '../context.js';
import { headlineOf } from '../figures.js';
import { makeChart, indicatorName, shortTitle } from '../present.js';

export interface SurveyModel {
  periodLabel: string;
  surveyYear: number;
  available: boolean;
  charts: Chart[];
}

/**
 * The reference value for an indicator's group: "WRES5.BME" (or "WRES5" for the protected group), the
 * latest at or before the year, national or regional.
 */
export function benchmarkFor(
  benchmarks: readonly BenchmarkRecord[],
  id: string,
  group: string,
  isComparison: boolean,
  year: number,
  scope: 'national' | 'regional',
): BenchmarkRecord | null {
  const names = [`${id}.${group}`, ...(isComparison ? [id] : [])];
  const found = benchmarks
    .filter((b) => names.includes(b.indicator) && b.scope === scope && b.year <= year)
    .sort((a, b) => b.year - a.year || names.indexOf(a.indicator) - names.indexOf(b.indicator));
  return found[0] ?? null;
}

export async function surveyModel(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  reference: ReferenceData,
): Promise<SurveyModel> {
  const { year } = ctx.view;
  const [current, previous] = await Promise.all([ctx.annual(year), ctx.annual(year - 1)]);
  const s = current.results.settings;
  const d = s['display.percentDecimals'];
  const surveyYear = current.results.period.surveyYear;
  const survey = current.results.indicators.filter(
    (i) => i.parts[0]?.metric.result.type === 'surveyPercentage',
  );
  const available = survey.some((i) => {
    const r = i.parts[0]!.metric.result as SurveyPercentageResult;
    return r.source !== 'none';
  });
  const charts: Chart[] = [];
  if (!available) return { periodLabel: String(year), surveyYear, available, charts };

  for (const standard of ['WRES', 'WDES'] as const) {
    const list = survey.filter((i) => i.standard === standard);
    const bars: BarRow[] = [];
    const ticks: CategoryMark[] = [];
    const tableRows: { label: string; cells: Cell[] }[] = [];
    let groupsSeen: { key: string; label: string }[] = [];
    let worse = 0;
    for (const ind of list) {
      const r = ind.parts[0]!.metric.result as SurveyPercentageResult;
      const pub = current.published.get(ind.id);
      const h = headlineOf(ind, pub, s);
      const prevInd = previous.results.indicators.find((i) => i.id === ind.id);
      const prevGap = prevInd
        ? headlineOf(prevInd, previous.published.get(ind.id), s).secondary.find((x) => x.label === 'Gap')
            ?.figure
        : undefined;
      const category = `${indicatorName(ind)} ${shortTitle(ind)}`;
      const target = comparisonGroup(r.scheme);
      const named = r.groups.filter((g) => g.group !== 'UNKNOWN');
      groupsSeen = named.map((g) => ({ key: g.group, label: `${g.label} staff` }));
      const pubRows = pub?.parts[0]?.tables[0]?.rows ?? [];
      const cells: Cell[] = [];
      for (const g of named) {
        const i = r.groups.indexOf(g);
        const hidden = pubRows[i]?.cells[1]?.suppressed === true;
        if (!hidden && g.percent !== null)
          bars.push({ category, series: g.group, value: g.percent, label: `${fixed(g.percent, d)}%` });
        cells.push(
          hidden
            ? { text: '*', suppressed: true }
            : { text: g.percent === null ? '–' : `${fixed(g.percent, d)}%` },
        );
      }
      const gap = h.secondary.find((x) => x.label === 'Gap')?.figure;
      cells.push({ text: gap?.text ?? '–', suppressed: gap?.hidden ?? false });
      cells.push({ text: prevGap?.text ?? '–', suppressed: prevGap?.hidden ?? false });
      for (const scope of ['national', 'regional'] as const) {
        const marks = named.map((g) =>
          benchmarkFor(reference.benchmarks, ind.id, g.group, g.group === target, year, scope),
        );
        const forComparison = marks[named.findIndex((g) => g.group === target)];
        if (scope === 'national' && forComparison)
          ticks.push({ category, value: forComparison.value, label: `${fixed(forComparison.value, d)}%` });
        cells.push({
          text:
            forComparison === undefined || forComparison === null
              ? '–'
              : `${fixed(forComparison.value, d)}% (${forComparison.year}${forComparison.region ? `, ${forComparison.region}` : ''})`,
        });
      }
      // Worse for the protected group than for the reference group, by the indicator's direction.
      const comp = named.find((g) => g.group === target)?.percent ?? null;
      const ref = named.find((g) => g.group !== target)?.percent ?? null;
      if (!h.current.hidden && comp !== null && ref !== null) {
        const higherIsBetter = ind.adverseDirection === 'HIGHER_IS_BETTER';
        if (higherIsBetter ? comp < ref : comp > ref) worse++;
      }
      tableRows.push({ label: category, cells });
    }
    const protectedLabel = standard === 'WRES' ? 'BME' : 'Disabled';
    charts.push(
      await makeChart(renderer, {
        id: `survey-${standard}`,
        title: `${standard} staff survey indicators, NHS Staff Survey ${surveyYear}`,
        summary: `${protectedLabel} staff reported a worse experience than ${standard === 'WRES' ? 'White' : 'non-disabled'} staff on ${worse} of ${list.length} indicators.${
          ticks.length > 0
            ? ' Diamonds mark the national figure for ' + protectedLabel + ' staff.'
            : ' No national figure is loaded for these indicators.'
        }`,
        spec:
          bars.length > 0
            ? barSpec({
                rows: bars,
                categories: list.map((i) => `${indicatorName(i)} ${shortTitle(i)}`),
                series: groupsSeen,
                xTitle: '% of respondents',
                domain: [0, 100],
                ticks,
                ticksLabel: `National figure, ${protectedLabel} staff`,
              })
            : null,
        table: {
          caption: `${standard} survey indicators, ${surveyYear}`,
          rowHeader: 'Indicator',
          columns: [
            ...groupsSeen.map((g) => g.label),
            'Gap',
            `Gap, survey ${surveyYear - 1}`,
            `National, ${protectedLabel}`,
            `Regional, ${protectedLabel}`,
          ],
          rows: tableRows,
        },
        notes: [
          'Gap: the protected group’s percentage minus the other group’s, in percentage points. Groups are respondents’ own answers in the survey, not ESR.',
        ],
      }),
    );
  }

  // The gaps over the survey years.
  const years = [...ctx.view.years].sort((a, b) => a - b).filter((y) => y <= year);
  const periods = await Promise.all(years.map((y) => ctx.annual(y)));
  for (const standard of ['WRES', 'WDES'] as const) {
    const list = survey.filter((i) => i.standard === standard);
    const lines: LineRow[] = [];
    const tableRows = list.map((ind) => ({
      label: `${indicatorName(ind)} ${shortTitle(ind)}`,
      cells: periods.map((p, k) => {
        const found = p.results.indicators.find((i) => i.id === ind.id);
        const gap = found
          ? headlineOf(found, p.published.get(ind.id), p.results.settings).secondary.find(
              (x) => x.label === 'Gap',
            )?.figure
          : undefined;
        lines.push({
          period: String(years[k]! - 1),
          series: ind.id,
          value: gap?.value ?? null,
          label: gap?.text ?? '–',
        });
        return { text: gap?.text ?? '–', suppressed: gap?.hidden ?? false };
      }),
    }));
    charts.push(
      await makeChart(renderer, {
        id: `survey-gaps-${standard}`,
        title: `${standard} survey gaps over time`,
        summary: `The gap between ${standard === 'WRES' ? 'BME and White' : 'Disabled and non-disabled'} respondents for each indicator, survey by survey; closer to zero is better.`,
        spec: lines.some((l) => l.value !== null)
          ? panelsSpec({
              rows: lines,
              periods: years.map((y) => String(y - 1)),
              series: list.map((i) => ({ key: i.id, label: `${indicatorName(i)} ${shortTitle(i)}` })),
              yTitle: 'Gap (pp)',
              rule: 0,
            })
          : null,
        table: {
          caption: `${standard} survey gaps, percentage points`,
          rowHeader: 'Indicator',
          columns: years.map((y) => `Survey ${y - 1}`),
          rows: tableRows,
        },
        notes: [],
      }),
    );
  }
  return { periodLabel: String(year), surveyYear, available, charts };
}
