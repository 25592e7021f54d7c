/**
 * Representation by band, "the pipeline": the BME share of staff at each band (WRES 1) and the Disabled
 * share in each cluster (WDES 1), clinical and non-clinical, against the whole workforce, the local
 * population and the organisation's target trajectory (Model Employer), and the senior share over time.
 *
 * Every figure here is built from the rows of WRES 1 and WDES 1 as they are published: a band's count
 * across staff groups is the sum of that band's rows as shown (rounded in the publication view), withheld
 * when any row it adds up is withheld, and its percentage is worked out from those sums. So nothing on
 * this page tells more than the published rows do.
 */
import {
  dimensionLabel,
  fixed,
  formatCount,
  GRADE_LABELS,
  type DistributionResult,
  type IndicatorResults,
  type PopulationRecord,
  type PublishedIndicator,
} from '../../../engine/index.js';
import {
  barSpec,
  trendSpec,
  type BarRow,
  type Cell,
  type Chart,
  type ChartRenderer,
  type LineRow,
} from '../charts.js';
import type { DashboardContext, ReferenceData } from '../context.js';
import { makeChart } from '../present.js';
import type { Target } from '../dashboard.repository.js';

export const SENIOR_GRADES = ['AFC_8A', 'AFC_8B', 'AFC_8C', 'AFC_8D', 'AFC_9', 'VSM'];
const SENIOR_CLUSTERS = ['CLUSTER_3', 'CLUSTER_4'];

export interface Share {
  key: string;
  label: string;
  count: number;
  total: number;
  percent: number | null;
  hidden: boolean;
  countHidden: boolean;
  totalHidden: boolean;
}

interface Rows {
  result: DistributionResult;
  published: PublishedIndicator | undefined;
  group: string;
}

function distributionOf(results: IndicatorResults, id: string): DistributionResult | null {
  const r = results.indicators.find((i) => i.id === id)?.parts[0]?.metric.result;
  return r?.type === 'distribution' ? r : null;
}

/** A count as its published cell shows it ("1,135"), or null when withheld or missing. */
const shownCount = (text: string | undefined): number | null => {
  const n = Number((text ?? '').replace(/,/g, ''));
  return text === undefined || text === '*' || text === '–' || !Number.isFinite(n) ? null : n;
};

/**
 * Sums the rows matching `match` for the group, as published (each row's count as its cell shows it,
 * rounded in the publication view), hidden when any of them is withheld: the sum then tells nothing the
 * rows do not.
 */
function share(rows: Rows, key: string, label: string, match: (rowKey: string) => boolean): Share {
  const { result, published, group } = rows;
  const j = result.overall.groups.findIndex((g) => g.group === group);
  const C = result.overall.groups.length;
  const table = published?.parts[0]?.tables[0];
  let count = 0;
  let total = 0;
  let countHidden = false;
  let totalHidden = false;
  let any = false;
  result.rows.forEach((r, i) => {
    if (!match(r.key)) return;
    any = true;
    const cells = table?.rows[i]?.cells ?? [];
    count += shownCount(cells[j * 2]?.text) ?? 0;
    total += shownCount(cells[C * 2]?.text) ?? 0;
    if (cells[j * 2]?.suppressed) countHidden = true;
    if (cells[C * 2]?.suppressed) totalHidden = true;
  });
  if (!any)
    return {
      key,
      label,
      count: 0,
      total: 0,
      percent: null,
      hidden: false,
      countHidden: false,
      totalHidden: false,
    };
  const hidden = countHidden || totalHidden;
  return {
    key,
    label,
    count,
    total,
    percent: hidden || total === 0 ? null : (count / total) * 100,
    hidden,
    countHidden,
    totalHidden,
  };
}

function overallShare(rows: Rows): Share {
  const { result, published, group } = rows;
  const j = result.overall.groups.findIndex((g) => g.group === group);
  const C = result.overall.groups.length;
  const last = published?.parts[0]?.tables[0]?.rows.at(-1)?.cells ?? [];
  const countHidden = last[j * 2]?.suppressed === true;
  const totalHidden = last[C * 2]?.suppressed === true;
  const count = shownCount(last[j * 2]?.text) ?? 0;
  const total = shownCount(last[C * 2]?.text) ?? 0;
  return {
    key: 'ALL',
    label: 'Whole workforce',
    count,
    total,
    percent: countHidden || totalHidden || total === 0 ? null : (count / total) * 100,
    hidden: countHidden || totalHidden,
    countHidden,
    totalHidden,
  };
}

const gradeOf = (rowKey: string) => rowKey.split(':')[1] ?? rowKey;
const splitOf = (rowKey: string) => rowKey.split(':')[0] ?? '';

/** The BME share at Band 8a and above (WRES 1) or the Disabled share in clusters 3 and 4 (WDES 1). */
export function seniorShare(
  results: IndicatorResults,
  published: Map<string, PublishedIndicator>,
  characteristic: 'BME' | 'DISABLED',
): Share | null {
  const id = characteristic === 'BME' ? 'WRES1' : 'WDES1';
  const result = distributionOf(results, id);
  if (!result) return null;
  const rows = { result, published: published.get(id), group: characteristic };
  const senior = characteristic === 'BME' ? SENIOR_GRADES : SENIOR_CLUSTERS;
  return share(
    rows,
    'SENIOR',
    'Band 8a and above',
    (k) => splitOf(k) !== 'MEDICAL' && senior.includes(gradeOf(k)),
  );
}

/** The share of one band (a grade code) across staff groups, for BME staff, from WRES 1. */
export function bandShare(
  results: IndicatorResults,
  published: Map<string, PublishedIndicator>,
  band: string,
): Share | null {
  const result = distributionOf(results, 'WRES1');
  if (!result) return null;
  return share(
    { result, published: published.get('WRES1'), group: 'BME' },
    band,
    band,
    (k) => gradeOf(k) === band,
  );
}

/** The share of the local population not in a White group (census), or null when none is loaded. */
export function populationShare(
  population: readonly PopulationRecord[],
): { percent: number; area: string; year: number } | null {
  if (population.length === 0) return null;
  const latest = Math.max(...population.map((p) => p.year));
  const rows = population.filter((p) => p.year === latest);
  const white = (g: string) => {
    const t = g.trim().toUpperCase();
    return t.startsWith('WHITE') || /^[ABC][0-9A-Z]?$/.test(t);
  };
  const known = rows.filter((r) => !/^(UNKNOWN|NOT STATED|Z|99)$/i.test(r.group.trim()));
  const total = known.reduce((a, r) => a + r.count, 0);
  if (total === 0) return null;
  const minority = known.filter((r) => !white(r.group)).reduce((a, r) => a + r.count, 0);
  return {
    percent: (minority / total) * 100,
    area: [...new Set(rows.map((r) => r.area))].join(', '),
    year: latest,
  };
}

export interface PipelineModel {
  periodLabel: string;
  charts: Chart[];
  targets: { characteristic: string; band: string; bandLabel: string; rows: Target[] }[];
  population: { percent: string; area: string; year: number } | null;
}

const pct = (v: number | null, d: number) => (v === null ? '–' : `${fixed(v, d)}%`);

function shareCells(s: Share, d: number): Cell[] {
  return [
    s.countHidden ? { text: '*', suppressed: true } : { text: formatCount(s.count) },
    s.totalHidden ? { text: '*', suppressed: true } : { text: formatCount(s.total) },
    s.hidden ? { text: '*', suppressed: true } : { text: pct(s.percent, d) },
  ];
}

export async function pipelineModel(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  reference: ReferenceData,
  targets: readonly Target[],
): Promise<PipelineModel> {
  const { year } = ctx.view;
  const period = await ctx.annual(year);
  const { results, published } = period;
  const d = results.settings['display.percentDecimals'];
  const population = ctx.view.scope === 'all' ? populationShare(reference.population) : null;
  const charts: Chart[] = [];

  for (const characteristic of ['BME', 'DISABLED'] as const) {
    const id = characteristic === 'BME' ? 'WRES1' : 'WDES1';
    const result = distributionOf(results, id);
    const groupLabel = characteristic === 'BME' ? 'BME' : 'Disabled';
    if (!result) continue;
    const rows: Rows = { result, published: published.get(id), group: characteristic };
    const overall = overallShare(rows);
    // Bands (WRES 1) or clusters (WDES 1) across staff groups, in the engine's order.
    const levels: string[] = [];
    for (const r of result.rows) {
      const level = gradeOf(r.key);
      if (!levels.includes(level) && !r.key.startsWith('GRADE_NOT_RECORDED') && r.key !== 'OUTSIDE_CLUSTERS')
        levels.push(level);
    }
    const label = (level: string) =>
      characteristic === 'BME'
        ? ((GRADE_LABELS as Record<string, string>)[level] ?? dimensionLabel(level))
        : dimensionLabel(level);
    const byLevel = levels.map((level) => share(rows, level, label(level), (k) => gradeOf(k) === level));
    const yearTargets = targets.filter((t) => t.characteristic === characteristic && t.year === year);
    const barRows: BarRow[] = byLevel
      .filter((s) => s.percent !== null)
      .map((s) => ({
        category: s.label,
        series: characteristic,
        value: s.percent!,
        label: pct(s.percent, d),
      }));
    const lines = [
      ...(overall.percent !== null
        ? [{ value: overall.percent, label: `Whole workforce ${pct(overall.percent, d)}` }]
        : []),
      ...(population && characteristic === 'BME'
        ? [
            {
              value: population.percent,
              label: `Local population ${pct(population.percent, d)}`,
              dash: [6, 3],
            },
          ]
        : []),
    ];
    const ticks = yearTargets
      .filter((t) => levels.includes(t.band))
      .map((t) => ({ category: label(t.band), value: t.percent, label: `${fixed(t.percent, 1)}%` }));
    const below = byLevel.filter(
      (s) => s.percent !== null && overall.percent !== null && s.percent < overall.percent,
    );
    const lowest = byLevel
      .filter((s) => s.percent !== null && s.total >= 10)
      .sort((a, b) => a.percent! - b.percent!)[0];
    const summary =
      overall.percent === null
        ? `The ${groupLabel} share of the workforce is withheld or not known for ${year}.`
        : `${groupLabel} staff are ${pct(overall.percent, d)} of the whole workforce at 31 March ${year}; ${below.length} of ${byLevel.filter((s) => s.percent !== null).length} ${characteristic === 'BME' ? 'bands' : 'clusters'} shown are below that share${
            lowest ? `, the lowest ${lowest.label} at ${pct(lowest.percent, d)}` : ''
          }.${population && characteristic === 'BME' ? ` The local population is ${pct(population.percent, d)} from ethnic minority groups (${population.area}, census ${population.year}).` : ''}`;
    charts.push(
      await makeChart(renderer, {
        id: `pipeline-${characteristic}`,
        title: `${groupLabel} staff by ${characteristic === 'BME' ? 'band' : 'WDES cluster'}, all staff groups`,
        summary,
        spec:
          barRows.length > 0
            ? barSpec({
                rows: barRows,
                categories: barRows.map((r) => r.category),
                series: [{ key: characteristic, label: `${groupLabel} staff` }],
                xTitle: `${groupLabel} staff, % of the ${characteristic === 'BME' ? 'band' : 'cluster'}`,
                domain: [0, 100],
                lines,
                ticks,
                ticksLabel: 'Target this year',
              })
            : null,
        table: {
          caption: `${groupLabel} staff by ${characteristic === 'BME' ? 'band' : 'cluster'}, 31 March ${year}`,
          rowHeader: characteristic === 'BME' ? 'Band' : 'Cluster',
          columns: [`${groupLabel} staff`, 'All staff', `${groupLabel} %`, 'Target'],
          rows: [...byLevel, overall].map((s) => ({
            label: s.label,
            cells: [
              ...shareCells(s, d),
              {
                text: yearTargets.find((t) => t.band === s.key)
                  ? `${fixed(yearTargets.find((t) => t.band === s.key)!.percent, 1)}%`
                  : '–',
              },
            ],
          })),
        },
        notes: [
          characteristic === 'BME'
            ? 'Bands add up clinical, non-clinical and staff-group-not-recorded staff; medical and dental staff are shown by subgroup.'
            : 'WDES clusters: 1 = Bands 1-4, 2 = Bands 5-7, 3 = Bands 8a-8b, 4 = Bands 8c-9 and VSM; 5-7 medical and dental.',
        ],
      }),
    );

    // Clinical and non-clinical side by side.
    const splits = ['CLINICAL', 'NON_CLINICAL'];
    const splitRows: BarRow[] = [];
    const splitTable: { label: string; cells: Cell[] }[] = [];
    for (const level of levels) {
      const cells: Cell[] = [];
      for (const split of splits) {
        const s = share(rows, `${split}:${level}`, label(level), (k) => k === `${split}:${level}`);
        if (s.percent !== null)
          splitRows.push({
            category: label(level),
            series: split,
            value: s.percent,
            label: pct(s.percent, d),
          });
        cells.push(
          s.total === 0 && !s.totalHidden
            ? { text: '–' }
            : s.hidden
              ? { text: '*', suppressed: true }
              : { text: `${pct(s.percent, d)} (${formatCount(s.count)} of ${formatCount(s.total)})` },
        );
      }
      splitTable.push({ label: label(level), cells });
    }
    const splitLevels = levels.filter(
      (l) =>
        !l.startsWith('MED') &&
        !l.startsWith('CLUSTER_5') &&
        !l.startsWith('CLUSTER_6') &&
        !l.startsWith('CLUSTER_7'),
    );
    charts.push(
      await makeChart(renderer, {
        id: `pipeline-split-${characteristic}`,
        title: `${groupLabel} staff by ${characteristic === 'BME' ? 'band' : 'cluster'}, clinical and non-clinical`,
        summary: `Each bar is the ${groupLabel} share of clinical or non-clinical staff at that ${characteristic === 'BME' ? 'band' : 'cluster'}, as ${id} reports it${overall.percent !== null ? `; the line is the whole workforce (${pct(overall.percent, d)})` : ''}.`,
        spec:
          splitRows.length > 0
            ? barSpec({
                rows: splitRows.filter((r) => splitLevels.some((l) => label(l) === r.category)),
                categories: splitLevels.map(label),
                series: [
                  { key: 'CLINICAL', label: 'Clinical' },
                  { key: 'NON_CLINICAL', label: 'Non-clinical' },
                ],
                xTitle: `${groupLabel} staff, %`,
                domain: [0, 100],
                lines:
                  overall.percent !== null
                    ? [{ value: overall.percent, label: `Whole workforce ${pct(overall.percent, d)}` }]
                    : [],
              })
            : null,
        table: {
          caption: `${groupLabel} share, clinical and non-clinical (${id})`,
          rowHeader: characteristic === 'BME' ? 'Band' : 'Cluster',
          columns: ['Clinical', 'Non-clinical'],
          rows: splitTable.filter((r) => splitLevels.some((l) => label(l) === r.label)),
        },
        notes: [],
      }),
    );
  }

  // Band 8a and above over the years, against the trajectory.
  const years = [...ctx.view.years].sort((a, b) => a - b).filter((y) => y <= year);
  const periods = await Promise.all(years.map((y) => ctx.annual(y)));
  const trendRows: LineRow[] = [];
  const trendTable: { label: string; cells: Cell[] }[] = [];
  for (const characteristic of ['BME', 'DISABLED'] as const) {
    const groupLabel = characteristic === 'BME' ? 'BME' : 'Disabled';
    const shares = periods.map((p) => seniorShare(p.results, p.published, characteristic));
    years.forEach((y, i) => {
      const s = shares[i];
      trendRows.push({
        period: String(y),
        series: `SENIOR_${characteristic}`,
        value: s?.percent ?? null,
        label: s?.hidden ? '*' : pct(s?.percent ?? null, d),
      });
    });
    const trajectory = targets.filter((t) => t.characteristic === characteristic && t.band === 'SENIOR');
    for (const t of trajectory)
      trendRows.push({
        period: String(t.year),
        series: `TARGET_${characteristic}`,
        value: t.percent,
        label: `${fixed(t.percent, 1)}%`,
      });
    trendTable.push({
      label: `${groupLabel} staff at Band 8a and above`,
      cells: shares.map((s) =>
        s === null ? { text: '–' } : s.hidden ? { text: '*', suppressed: true } : { text: pct(s.percent, d) },
      ),
    });
    if (trajectory.length > 0)
      trendTable.push({
        label: `${groupLabel} target`,
        cells: years.map((y) => {
          const t = trajectory.find((x) => x.year === y);
          return { text: t ? `${fixed(t.percent, 1)}%` : '–' };
        }),
      });
  }
  const periodsShown = [...new Set([...years.map(String), ...trendRows.map((r) => r.period)])].sort();
  const latest = trendRows.filter((r) => r.period === String(year) && !r.series.startsWith('TARGET'));
  charts.push(
    await makeChart(renderer, {
      id: 'pipeline-senior',
      title: 'Senior staff (Band 8a and above) over time, against the target trajectory',
      summary: `In ${year}, ${latest.map((r) => `${r.series === 'SENIOR_BME' ? 'BME' : 'Disabled'} staff were ${r.label} of staff at Band 8a and above`).join('; ')}.${
        targets.some((t) => t.band === 'SENIOR')
          ? ' Dashed lines are the targets set for each year.'
          : ' No target trajectory is set; an analyst can set one below.'
      }`,
      spec: trendRows.some((r) => r.value !== null)
        ? trendSpec({
            rows: trendRows,
            periods: periodsShown,
            series: [
              { key: 'SENIOR_BME', label: 'BME staff' },
              { key: 'SENIOR_DISABLED', label: 'Disabled staff' },
              ...(targets.some((t) => t.characteristic === 'BME' && t.band === 'SENIOR')
                ? [{ key: 'TARGET_BME', label: 'BME target' }]
                : []),
              ...(targets.some((t) => t.characteristic === 'DISABLED' && t.band === 'SENIOR')
                ? [{ key: 'TARGET_DISABLED', label: 'Disabled target' }]
                : []),
            ],
            yTitle: '% of staff at Band 8a and above',
            domain: [0, 100],
          })
        : null,
      table: {
        caption: 'Share of staff at Band 8a and above (AfC, with VSM; WDES clusters 3 and 4)',
        rowHeader: 'Group',
        columns: years.map(String),
        rows: trendTable,
      },
      notes: [],
    }),
  );

  const bands = new Map([['SENIOR', 'Band 8a and above, with VSM'], ...Object.entries(GRADE_LABELS)]);
  const grouped = new Map<string, Target[]>();
  for (const t of targets) {
    const k = `${t.characteristic}|${t.band}`;
    grouped.set(k, [...(grouped.get(k) ?? []), t]);
  }
  return {
    periodLabel: String(year),
    charts,
    targets: [...grouped.entries()].map(([k, rows]) => {
      const [characteristic, band] = k.split('|') as [string, string];
      return { characteristic, band, bandLabel: bands.get(band) ?? band, rows };
    }),
    population: population
      ? { percent: pct(population.percent, d), area: population.area, year: population.year }
      : null,
  };
}
