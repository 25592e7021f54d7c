/**
 * Data quality: how many staff have their ethnicity and disability recorded, by care group, year by year;
 * the Disabled share in ESR beside the share of staff survey respondents (WDES expects ESR to undercount);
 * and the data checks the engine raised while computing the year.
 */
import { fixed, type RateResult, type SurveyPercentageResult } from '../../../engine/index.js';
import { barSpec, type BarRow, type Cell, type Chart, type ChartRenderer } from '../charts.js';
import type { DashboardContext } from '../context.js';
import { valueLabel } from '../breakdowns.js';
import { declarationDefinition, type Scheme } from '../definitions.js';
import { protectTable } from '../protect.js';
import { makeChart } from '../present.js';
import { unitDimension } from './recruitment.js';

export interface QualityModel {
  periodLabel: string;
  charts: Chart[];
  esrSurvey: { esr: string; survey: string; surveyYear: number } | null;
  issues: { indicator: string; message: string; count: number | string }[];
}

const STAR: Cell = { text: '*', suppressed: true };

async function declaration(ctx: DashboardContext, renderer: ChartRenderer, scheme: Scheme): Promise<Chart> {
  const { year } = ctx.view;
  const years = [...ctx.view.years].sort((a, b) => a - b).filter((y) => y <= year);
  const dimension = unitDimension(ctx);
  const base = await ctx.annual(year);
  const s = base.results.settings;
  const d = s['display.percentDecimals'];
  const def = { ...declarationDefinition(s, scheme), breakdown: [dimension] };
  const metrics = await Promise.all(years.map((y) => ctx.evaluate(y, [def]).then((m) => m[0]!)));
  const keys = [...new Set(metrics.flatMap((m) => m.breakdowns[0]?.rows.map((r) => r.key) ?? []))].filter(
    (k) => k !== 'NOT_RECORDED',
  );
  const labels = keys.map((k) => valueLabel(dimension, k));
  const bars: BarRow[] = [];
  const table: { label: string; cells: Cell[] }[] = keys.map((_k, i) => ({ label: labels[i]!, cells: [] }));
  const overall: Cell[] = [];
  metrics.forEach((m, y) => {
    // Recorded and not recorded, a partition of staff in post: small counts of either are withheld.
    const rows = keys.map((k) => {
      const r = m.breakdowns[0]?.rows.find((x) => x.key === k)?.result as RateResult | undefined;
      const n = r?.all.numerator ?? 0;
      const t = r?.all.denominator ?? 0;
      return [n, t - n];
    });
    const shown = protectTable(rows, ctx.protection(s));
    keys.forEach((_k, i) => {
      // The rate of the counts as published, so that it gives back no count it stands for.
      const n = shown.cells[i]![0]!;
      const total = shown.rowTotals[i]!;
      const h = n.withheld || shown.cells[i]![1]!.withheld || total.withheld;
      const rate = h || total.value === 0 ? null : (n.value! / total.value!) * 100;
      if (!h && rate !== null)
        bars.push({
          category: labels[i]!,
          series: String(years[y]),
          value: rate,
          label: `${fixed(rate, d)}%`,
        });
      table[i]!.cells.push(h ? STAR : { text: rate === null ? '–' : `${fixed(rate, d)}%` });
    });
    const all = (m.result as RateResult).all;
    const whole = protectTable([[all.numerator, all.denominator - all.numerator]], ctx.protection(s));
    const wn = whole.cells[0]![0]!;
    const wt = whole.rowTotals[0]!;
    overall.push(
      wn.withheld || wt.withheld
        ? STAR
        : { text: wt.value === 0 ? '–' : `${fixed((wn.value! / wt.value!) * 100, d)}%` },
    );
  });
  table.push({ label: 'Whole organisation', cells: overall });
  const latest = bars.filter((b) => b.series === String(year)).sort((a, b) => a.value - b.value);
  const word = scheme === 'wres' ? 'ethnicity' : 'disability';
  const allLatest = (metrics.at(-1)?.result as RateResult | undefined)?.all.value ?? null;
  return makeChart(renderer, {
    id: `declaration-${scheme}`,
    title: `Staff with their ${word} recorded, by ${dimension === 'careGroup' ? 'care group' : 'directorate'}`,
    summary:
      allLatest === null
        ? `No staff-in-post data for ${year}.`
        : `${fixed(allLatest * 100, d)}% of staff in post at 31 March ${year} have their ${word} recorded${
            latest[0] ? `; the lowest is ${latest[0].category} at ${latest[0].label}` : ''
          }. Bars run from the oldest year (lightest) to ${year} (darkest).`,
    spec:
      bars.length > 0
        ? barSpec({
            rows: bars,
            categories: labels.filter((l) => bars.some((b) => b.category === l)),
            series: years.map((y) => ({ key: String(y), label: String(y) })),
            xTitle: `% with ${word} recorded`,
            domain: [0, 100],
            sequential: true,
          })
        : null,
    table: {
      caption: `${word[0]!.toUpperCase()}${word.slice(1)} recorded, % of staff in post at 31 March`,
      rowHeader: dimension === 'careGroup' ? 'Care group' : 'Directorate',
      columns: years.map(String),
      rows: table,
    },
    notes: [
      scheme === 'wres'
        ? 'Recorded: any ethnic category, including "Z: not stated" is counted as not recorded (unknown).'
        : 'Recorded: Yes or No; "not declared", "prefer not to answer" and blank are not recorded.',
    ],
  });
}

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
