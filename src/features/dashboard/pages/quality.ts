/**
 * Data quality: how many staff have their ethnicity and disability recorded, by care group, year by year;
 * how many have each other protected characteristic recorded, chose not to say, or have nothing recorded;
 * the Disabled share in ESR beside the share of staff survey respondents (WDES expects ESR to undercount);
 * and the data checks the engine raised while computing the year.
 */
import {
  fixed,
  type PublishedCount,
  type RateResult,
  type SurveyPercentageResult,
} from '../../../engine/index.js';
import { barSpec, type BarRow, type Cell, type Chart, type ChartRenderer } from '../charts.js';
import type { DashboardContext } from '../context.js';
import { declarationTable, type DeclarationCell } from '../declaration.js';
import { OTHER_CHARACTERISTICS, otherDeclarationDefinitions, type Scheme } from '../definitions.js';
import { TABLE_PART } from '../tables.js';
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

/**
 * The other protected characteristics of staff in post at 31 March of the view's year: recorded, prefer
 * not to say and not recorded, each a share of staff in post. The counts are the disclosure ledger's in
 * the publication view (tables.ts), and each share is worked out from the counts as shown; not recorded is
 * what the other two leave, so it is withheld with either.
 */
async function otherDeclarations(ctx: DashboardContext, renderer: ChartRenderer): Promise<Chart> {
  const { year } = ctx.view;
  const s = (await ctx.annual(year)).results.settings;
  const d = s['display.percentDecimals'];
  const pairs = OTHER_CHARACTERISTICS.map((c) => ({ c, ...otherDeclarationDefinitions(s, c) }));
  const defs = pairs.flatMap((p) => (p.notStated ? [p.recorded, p.notStated] : [p.recorded]));
  const metrics = new Map(
    (await ctx.evaluate(year, defs)).map((m, i) => [defs[i]!.id, m.result as RateResult]),
  );
  const counts = await ctx.counts(year, null);
  const STAR: Cell = { text: '*', suppressed: true };
  const share = (n: number | null, total: PublishedCount): Cell =>
    n === null
      ? STAR
      : total.value === 0
        ? { text: '–' }
        : { text: `${fixed((n / total.value!) * 100, d)}%` };
  const bars: BarRow[] = [];
  const rows = pairs.map(({ c, recorded, notStated }) => {
    const r = metrics.get(recorded.id)!.all;
    const staff = counts(recorded.id, TABLE_PART)('d:ALL', r.denominator);
    const yes = counts(recorded.id, TABLE_PART)('n:ALL', r.numerator);
    const ns = notStated
      ? counts(notStated.id, TABLE_PART)('n:ALL', metrics.get(notStated.id)!.all.numerator)
      : null;
    const hidden = staff.withheld || yes.withheld;
    const notRecorded =
      hidden || ns?.withheld ? null : Math.max(0, staff.value! - yes.value! - (ns === null ? 0 : ns.value!));
    const recordedCell = share(hidden ? null : yes.value, staff);
    if (!recordedCell.suppressed && !hidden && staff.value! > 0)
      bars.push({
        category: c.label,
        series: 'recorded',
        value: (yes.value! / staff.value!) * 100,
        label: recordedCell.text,
      });
    return {
      label: c.label,
      cells: [
        recordedCell,
        ns === null ? { text: '–' } : share(ns.withheld || staff.withheld ? null : ns.value, staff),
        share(notRecorded, staff),
        staff.withheld ? STAR : { text: staff.text },
      ],
    };
  });
  const lowest = [...bars].sort((a, b) => a.value - b.value)[0];
  return makeChart(renderer, {
    id: 'declaration-other',
    title: `Other protected characteristics recorded, staff in post at 31 March ${year}`,
    summary:
      bars.length === 0
        ? `No staff-in-post data for ${year} can be shown.`
        : `Recorded for staff in post: ${bars.map((b) => `${b.category.toLowerCase()} ${b.label}`).join(', ')}${lowest ? `; the least recorded is ${lowest.category.toLowerCase()}` : ''}.`,
    spec:
      bars.length > 0
        ? barSpec({
            rows: bars,
            categories: bars.map((b) => b.category),
            series: [{ key: 'recorded', label: `${year}` }],
            xTitle: '% recorded',
            domain: [0, 100],
            sequential: true,
          })
        : null,
    table: {
      caption: `Other protected characteristics recorded, % of staff in post at 31 March ${year}`,
      rowHeader: 'Characteristic',
      columns: ['Recorded', 'Prefer not to say', 'Not recorded', 'Staff in post'],
      rows,
    },
    notes: [
      'Recorded: any answer but "prefer not to say" (or "I do not wish to disclose") and not recorded (blank, unspecified, unknown, or no column in the extract). Pregnancy and maternity is recorded only where the extract carries it. Age is recorded when the age or date of birth is.',
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
  const charts = [
    await declaration(ctx, renderer, 'wres'),
    await declaration(ctx, renderer, 'wdes'),
    await otherDeclarations(ctx, renderer),
  ];

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
