/**
 * Data quality: how many staff have their ethnicity and disability recorded, by care group, year by year;
 * the Disabled share in ESR beside the share of staff survey respondents (WDES expects ESR to undercount);
 * and the data checks the engine raised while computing the year.
 */
import { fixed, type SurveyPercentageResult } from '../../../engine/index.js';
import { barSpec, type BarRow, type Cell, type Chart, type ChartRenderer } from '../charts.js';
import type { DashboardContext } from '../context.js';
import { declarationTable, type DeclarationCell } from '../declaration.js';
import type { Scheme } from '../definitions.js';
import { makeChart } from '../present.js';

export interface QualityModel {
  periodLabel: string;
  charts: Chart[];
  esrSurvey: { esr: string; survey: string; surveyYear: number } | null;
  issues: { indicator: string; message: string; count: number | string }[];
}

async function declaration(ctx: DashboardContext, renderer: ChartRenderer, scheme: Scheme): Promise<Chart> {
  const { year } = ctx.view;
  const t = await declarationTable(ctx, scheme);
  const bars: BarRow[] = [];
  for (const row of t.rows)
    row.cells.forEach((c, y) => {
      if (!c.suppressed && c.value !== null)
        bars.push({ category: row.label, series: String(t.years[y]), value: c.value, label: c.text });
    });
  const table: { label: string; cells: Cell[] }[] = [
    ...t.rows.map((r) => ({ label: r.label, cells: r.cells.map(cellOf) })),
    { label: 'Whole organisation', cells: t.whole.map(cellOf) },
  ];
  const latest = bars.filter((b) => b.series === String(year)).sort((a, b) => a.value - b.value);
  const word = scheme === 'wres' ? 'ethnicity' : 'disability';
  const overall = t.whole.at(-1);
  const unit = t.dimension === 'careGroup' ? 'care group' : 'directorate';
  return makeChart(renderer, {
    id: `declaration-${scheme}`,
    title: `Staff with their ${word} recorded, by ${unit}`,
    // The whole organisation's rate as its table row shows it (in the publication view, of the published
    // counts), not a second computation beside it.
    summary:
      overall === undefined || t.years.at(-1) !== year || (overall.value === null && !overall.suppressed)
        ? `No staff-in-post data for ${year}.`
        : `${overall.suppressed ? `The share of staff in post at 31 March ${year} with their ${word} recorded rests on small numbers and is withheld` : `${overall.text} of staff in post at 31 March ${year} have their ${word} recorded`}${
            latest[0] ? `; the lowest is ${latest[0].category} at ${latest[0].label}` : ''
          }. Bars run from the oldest year (lightest) to ${year} (darkest).`,
    spec:
      bars.length > 0
        ? barSpec({
            rows: bars,
            categories: t.rows.map((r) => r.label).filter((l) => bars.some((b) => b.category === l)),
            series: t.years.map((y) => ({ key: String(y), label: String(y) })),
            xTitle: `% with ${word} recorded`,
            domain: [0, 100],
            sequential: true,
          })
        : null,
    table: {
      caption: `${t.label}, % of staff in post at 31 March`,
      rowHeader: t.dimension === 'careGroup' ? 'Care group' : 'Directorate',
      columns: t.years.map(String),
      rows: table,
    },
    notes: [
      scheme === 'wres'
        ? 'Recorded: any ethnic category, including "Z: not stated" is counted as not recorded (unknown).'
        : 'Recorded: Yes or No; "not declared", "prefer not to answer" and blank are not recorded.',
    ],
  });
}

const cellOf = (c: DeclarationCell): Cell =>
  c.suppressed ? { text: '*', suppressed: true } : { text: c.text };

export async function qualityModel(ctx: DashboardContext, renderer: ChartRenderer): Promise<QualityModel> {
  const { year } = ctx.view;
  const current = await ctx.annual(year);
  const s = current.results.settings;
  const d = s['display.percentDecimals'];
  const charts = [await declaration(ctx, renderer, 'wres'), await declaration(ctx, renderer, 'wdes')];

  // ESR against the staff survey (trust-wide data only).
  let esrSurvey: QualityModel['esrSurvey'] = null;
  const wdes1 = current.results.indicators.find((i) => i.id === 'WDES1')?.parts[0]?.metric.result;
  const survey = current.results.indicators.find((i) => i.id === 'WDES4a_i')?.parts[0]?.metric.result as
    SurveyPercentageResult | undefined;
  if (wdes1?.type === 'distribution' && survey && survey.source !== 'none') {
    const disabled = survey.groups.find((g) => g.group === 'DISABLED')?.base ?? 0;
    const non = survey.groups.find((g) => g.group === 'NON_DISABLED')?.base ?? 0;
    const esr = wdes1.overall.groups.find((g) => g.group === 'DISABLED')?.percent ?? null;
    if (disabled + non > 0 && esr !== null && disabled >= s['survey.minBase'])
      esrSurvey = {
        esr: `${fixed(esr, d)}%`,
        survey: `${fixed((disabled / (disabled + non)) * 100, d)}%`,
        surveyYear: survey.surveyYear,
      };
  }
  const issues = [...current.results.indicators, ...current.results.local].flatMap((ind) => [
    ...ind.issues.map((i) => ({
      indicator: ind.id,
      message: i.message,
      count: ctx.view.fullCounts ? i.count : 'some',
    })),
    ...ind.parts.flatMap((p) =>
      p.metric.issues.map((i) => ({
        indicator: ind.id,
        message: `${i.dataset}: ${i.message}`,
        count: ctx.view.fullCounts ? i.count : 'some',
      })),
    ),
  ]);
  const seen = new Set<string>();
  return {
    periodLabel: String(year),
    charts,
    esrSurvey,
    issues: issues.filter((i) => {
      const k = `${i.indicator}|${i.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
  };
}
