/**
 * Pay gaps: the mean and median hourly pay gaps by sex, ethnicity and disability, the bonus gaps, and who
 * is in each pay quartile. Pay is a snapshot at 31 March, so there are no quarterly figures.
 */
import { fixed, type PayQuartilesResult } from '../../../engine/index.js';
import type { PlanActions } from '../actions.js';
import { barSpec, stackSpec, type BarRow, type Cell, type Chart, type ChartRenderer } from '../charts.js';
import type { DashboardContext } from '../context.js';
import { makeChart } from '../present.js';
import { tileFor, withRag, type Tile, type TilePeriods } from './tiles.js';

export interface PayModel {
  periodLabel: string;
  tiles: Tile[];
  charts: Chart[];
}

const STANDARDS = [
  { prefix: 'GPG', label: 'Sex (men and women)' },
  { prefix: 'EPG', label: 'Ethnicity (White British and ethnic minorities)' },
  { prefix: 'DPG', label: 'Disability (non-disabled and Disabled)' },
] as const;

const QUARTILE_LABELS: Readonly<Record<string, string>> = {
  LOWER: 'Lower quartile',
  LOWER_MIDDLE: 'Lower middle quartile',
  UPPER_MIDDLE: 'Upper middle quartile',
  UPPER: 'Upper quartile',
};

async function gapChart(
  renderer: ChartRenderer,
  tiles: Tile[],
  kind: 'hourly' | 'bonus',
  year: number,
): Promise<Chart> {
  const rows: BarRow[] = [];
  const table: { label: string; cells: Cell[] }[] = [];
  for (const s of STANDARDS) {
    for (const measure of ['MEAN', 'MEDIAN'] as const) {
      const id = kind === 'hourly' ? `${s.prefix}_${measure}` : `${s.prefix}_BONUS_${measure}`;
      const t = tiles.find((x) => x.id === id);
      if (!t) continue;
      const label = measure === 'MEAN' ? 'Mean' : 'Median';
      if (t.headline.current.value !== null)
        rows.push({
          category: s.label,
          series: measure,
          value: t.headline.current.value,
          label: t.headline.current.text,
        });
      table.push({
        label: `${s.label}: ${label.toLowerCase()}`,
        cells: [
          { text: t.headline.current.text, suppressed: t.headline.current.hidden },
          { text: t.previous.text, suppressed: t.previous.hidden },
          { text: t.change.label },
          { text: t.headline.counts.map((c) => `${c.label}: ${c.text}`).join('; ') },
        ],
      });
    }
  }
  const biggest = [...rows].sort((a, b) => Math.abs(b.value) - Math.abs(a.value))[0];
  const summary =
    rows.length === 0
      ? `No ${kind === 'hourly' ? 'pay' : 'bonus'} gap can be shown for ${year}.`
      : `A positive gap means the first group is paid more on average. The largest ${kind === 'hourly' ? 'hourly pay' : 'bonus'} gap is by ${biggest!.category.split(' (')[0]!.toLowerCase()}: ${biggest!.label} (${biggest!.series === 'MEAN' ? 'mean' : 'median'}).`;
  const values = rows.map((r) => r.value);
  return makeChart(renderer, {
    id: `${kind}-gaps`,
    title: `${kind === 'hourly' ? 'Hourly pay gaps' : 'Bonus pay gaps'}, 31 March ${year}`,
    summary,
    spec:
      rows.length > 0
        ? barSpec({
            rows,
            categories: STANDARDS.map((s) => s.label).filter((l) => rows.some((r) => r.category === l)),
            series: [
              { key: 'MEAN', label: 'Mean gap' },
              { key: 'MEDIAN', label: 'Median gap' },
            ],
            xTitle: 'Gap, % of the first group’s pay',
            domain: [Math.min(0, ...values) * 1.3, Math.max(5, ...values) * 1.3],
            lines: [{ value: 0, label: 'No gap' }],
          })
        : null,
    table: {
      caption: `${kind === 'hourly' ? 'Hourly pay' : 'Bonus'} gaps, 31 March ${year}`,
      rowHeader: 'Gap',
      columns: ['Gap', `Previous (${year - 1})`, 'Change', 'Employees and pay'],
      rows: table,
    },
    notes: [],
  });
}

async function quartileChart(
  renderer: ChartRenderer,
  ctx: DashboardContext,
  periods: TilePeriods,
  prefix: string,
  label: string,
): Promise<Chart | null> {
  const id = `${prefix}_QUARTILES`;
  const ind = periods.current.results.indicators.find((i) => i.id === id);
  const r = ind?.parts[0]?.metric.result as PayQuartilesResult | undefined;
  if (!ind || r?.type !== 'payQuartiles') return null;
  const pub = periods.current.published.get(id)?.parts[0]?.tables[0];
  const groups = r.quartiles[0]?.groups ?? [];
  const rows: BarRow[] = [];
  // Counts and percentages as the publication view shows them (worked out from the published counts).
  const tableRows = r.quartiles.map((q, i) => {
    const cells = pub?.rows[i]?.cells ?? [];
    const anyHidden = q.groups.some((_, j) => cells[j * 2 + 1]?.suppressed === true);
    const percentOf = (j: number) => {
      const v = Number((cells[j * 2 + 1]?.text ?? '').replace('%', ''));
      return cells[j * 2 + 1]?.suppressed || !Number.isFinite(v) ? null : v;
    };
    if (!anyHidden)
      q.groups.forEach((g, j) => {
        const v = percentOf(j);
        if (v !== null)
          rows.push({
            category: QUARTILE_LABELS[q.band]!,
            series: g.group,
            value: v,
            label: `${fixed(v, 0)}%`,
          });
      });
    return {
      label: QUARTILE_LABELS[q.band]!,
      cells: [
        ...q.groups.map((_g, j) =>
          cells[j * 2 + 1]?.suppressed || cells[j * 2]?.suppressed
            ? { text: '*', suppressed: true }
            : { text: `${cells[j * 2 + 1]?.text ?? '–'} (${cells[j * 2]?.text ?? '–'})` },
        ),
        cells[groups.length * 2]?.suppressed
          ? { text: '*', suppressed: true }
          : { text: cells[groups.length * 2]?.text ?? '–' },
      ],
    };
  });
  const upper = r.quartiles.find((q) => q.band === 'UPPER');
  const lower = r.quartiles.find((q) => q.band === 'LOWER');
  const comparison = groups[1];
  const share = (q: typeof upper) =>
    rows.find((x) => x.category === QUARTILE_LABELS[q?.band ?? 'UPPER'] && x.series === comparison?.group)
      ?.value ?? null;
  const shownUpper = rows.some((x) => x.category === 'Upper quartile');
  const shownLower = rows.some((x) => x.category === 'Lower quartile');
  const summary =
    comparison && shownUpper && shownLower
      ? `${comparison.label} are ${fixed(share(lower), 0)}% of the lowest-paid quarter of employees and ${fixed(share(upper), 0)}% of the highest-paid quarter.`
      : 'Who is in each quarter of employees ranked by hourly pay; quartiles with small numbers are withheld.';
  return makeChart(renderer, {
    id: `quartiles-${prefix}`,
    title: `Pay quartiles by ${label.split(' (')[0]!.toLowerCase()}, 31 March ${ctx.view.year}`,
    summary,
    spec:
      rows.length > 0
        ? stackSpec({
            rows,
            categories: r.quartiles.map((q) => QUARTILE_LABELS[q.band]!),
            series: groups.map((g) => ({ key: g.group, label: g.label })),
            xTitle: '% of the quartile',
          })
        : null,
    table: {
      caption: `Pay quartiles by ${label.split(' (')[0]!.toLowerCase()}`,
      rowHeader: 'Quartile',
      columns: [...groups.map((g) => g.label), 'Employees'],
      rows: tableRows,
    },
    notes:
      r.excluded.length > 0
        ? [
            `Not in the comparison: ${r.excluded.map((e) => `${e.label} (${ctx.view.fullCounts ? e.n : 'not shown'})`).join(', ')}.`,
          ]
        : [],
  });
}

export async function payWithPlan(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  plan: PlanActions | null,
): Promise<PayModel> {
  const model = await ctx.page('pay', () => payModel(ctx, renderer));
  return { ...model, tiles: model.tiles.map((t) => withRag(t, plan)) };
}

async function payModel(ctx: DashboardContext, renderer: ChartRenderer): Promise<PayModel> {
  const { year } = ctx.view;
  const [current, previous] = await Promise.all([ctx.annual(year), ctx.annual(year - 1)]);
  const periods: TilePeriods = { current, previous, quarter: null };
  const ids = current.results.indicators
    .filter((i) => i.standard === 'GPG' || i.standard === 'EPG' || i.standard === 'DPG')
    .map((i) => i.id);
  const tiles = ids.map((id) => tileFor(id, periods)).filter((t): t is Tile => t !== null);
  const charts: Chart[] = [
    await gapChart(renderer, tiles, 'hourly', year),
    await gapChart(renderer, tiles, 'bonus', year),
  ];
  for (const s of STANDARDS) {
    const c = await quartileChart(renderer, ctx, periods, s.prefix, s.label);
    if (c) charts.push(c);
  }
  return {
    periodLabel: String(year),
    tiles: tiles.filter((t) => /_(MEAN|MEDIAN)$/.test(t.id) && !t.id.includes('BONUS')),
    charts,
  };
}
