/**
 * One indicator in detail: its figure and counts, the trend over the years, the quarters and (a local
 * metric that has them) the months, the breakdowns by care group, staff group, clinical or non-clinical
 * and band, the method from the catalogue, the reference values loaded for it, other organisations
 * beside it, and the actions of the plan linked to it.
 */
import {
  benchmarkFigureText,
  comparisonGroup,
  ENGINE_SETTINGS,
  fixed,
  nationalCatalogue,
  publishYearly,
  settingValueText,
  SOURCES,
  validateLocalMetric,
  type BenchmarkRecord,
  type DisplayTable,
  type EngineSettings,
  type IndicatorResult,
  type PublishedYear,
  type SettingId,
} from '../../../engine/index.js';
import {
  indicatorRef,
  statusCounts,
  type IndicatorActionSummary,
  type PlanActions,
  type StatusCounts,
} from '../actions.js';
import { BREAKDOWN_DIMENSIONS, hasSurveyGap } from '../breakdowns.js';
import { crossedDimensions } from '../crossed.js';
import {
  barSpec,
  likelihoodSpec,
  trendSpec,
  type Cell,
  type Chart,
  type ChartRenderer,
  type DotRow,
  type LineRow,
} from '../charts.js';
import type { DashboardContext, Period, ReferenceData } from '../context.js';
import { headlineOf, type Headline } from '../figures.js';
import { makeChart, lowerFirst } from '../present.js';
import { monthlyIds } from '../months.js';
import { quarterLabel, type QuarterRef } from '../quarters.js';
import { monthlySeries, QUARTER_WORDS, seriesChart } from './series.js';
import { characteristicsOf } from './characteristic.js';
import { breakdownChart, breakdownsOf, indicatorIn, unitDimension } from './common.js';
import { tileFor, tilePeriods, windowOf, withRag, type Tile } from './tiles.js';

export interface IndicatorModel {
  tile: Tile;
  method: {
    formula: string;
    orientation: string | null;
    source: string;
    methodology: string;
    /** The published sources of the method, by title, with where to read them. */
    references: { title: string; url: string }[];
    settings: string[];
  };
  tables: DisplayTable[];
  /**
   * Under the mean of yearly ratios: each year's counts and ratio, the counts behind the figure (the
   * tables above then add the years together). Empty for pooled and one-year figures.
   */
  yearly: PublishedYear[];
  trend: Chart;
  quarterly: Chart | null;
  /** The months of the reporting year, for a local metric that has them. */
  monthly: Chart | null;
  breakdowns: Chart[];
  breakdownNote: string | null;
  /** A survey indicator comparing two groups: the page links to the survey hotspots. */
  hotspots: boolean;
  /** A national figure about people: the other protected characteristics it can be viewed by. */
  characteristics: { scheme: string; label: string }[];
  benchmarks: { scope: string; region: string; year: number; value: string; source: string }[];
  peers: Chart | null;
  actions: IndicatorActionSummary[];
  rag: StatusCounts | null;
  planYear: number;
  periodLabel: string;
}

/** "Confidence interval method for relative likelihoods: Koopman score interval (default)". */
const settingText = <K extends SettingId>(id: K, s: EngineSettings) => {
  const def = ENGINE_SETTINGS[id];
  const value = s[id];
  const isDefault = JSON.stringify(value) === JSON.stringify(def.default);
  return `${def.title}: ${settingValueText(id, value)}${isDefault ? ' (default)' : ''}`;
};

/** Benchmark ids that describe the same figure as the indicator's headline. */
function benchmarkIds(ind: IndicatorResult): string[] {
  const r = ind.parts[0]?.metric.result;
  const group = r && 'scheme' in r ? comparisonGroup(r.scheme) : null;
  return [
    ind.id,
    `${ind.id}.bmePercent`,
    `${ind.id}.disabledPercent`,
    ...(group ? [`${ind.id}.${group}`] : []),
  ];
}

const REFERENCE_GROUP: Readonly<Record<string, string>> = {
  wres: 'WHITE',
  wdes: 'NON_DISABLED',
  sex: 'M',
  epg: 'WHITE_BRITISH',
};

/** The headline and its group figures as trend series, keyed so each group keeps its colour and shape. */
function seriesOf(h: Headline, ind: IndicatorResult, likelihood: boolean) {
  const scheme = resultScheme(ind);
  const main = likelihood ? 'RL' : (comparisonGroup(scheme) ?? 'RL');
  return [
    { key: main, label: h.label, figure: h.current },
    ...h.secondary
      .filter(
        (x) =>
          x.label !== 'Gap' && x.label !== 'Voting members minus workforce' && x.label !== 'Declaration rate',
      )
      .map((x) => ({ key: REFERENCE_GROUP[scheme] ?? 'REF', label: x.label, figure: x.figure })),
  ];
}

export async function indicatorModel(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  input: {
    id: string;
    reference: ReferenceData;
    plan: PlanActions | null;
    peers: DashboardContext[];
    region: string | null;
  },
): Promise<IndicatorModel | null> {
  const { id } = input;
  const national = input.reference.benchmarks.filter(
    (b) => b.scope === 'national' && (b.indicator === id || b.indicator.startsWith(`${id}.`)),
  );
  const core = await ctx.page(`indicator:${id}:${JSON.stringify(national)}`, () =>
    indicatorCore(ctx, renderer, id, input.reference),
  );
  if (!core) return null;
  const { isLikelihood, range, ...rest } = core;
  const tile = withRag(core.tile, input.plan);
  const peers =
    input.peers.length > 0
      ? await peersChart(ctx, renderer, id, input.peers, input.region, tile, isLikelihood, range)
      : null;
  const benchmarks = input.reference.benchmarks
    .filter((b: BenchmarkRecord) => b.indicator === id || b.indicator.startsWith(`${id}.`))
    .sort((a, b) => b.year - a.year)
    .map((b) => ({
      scope: `${b.scope === 'national' ? 'National' : 'Regional'}${b.indicator !== id ? ` (${benchmarkFigureText(b.indicator.slice(id.length + 1))})` : ''}`,
      region: b.region ?? '',
      year: b.year,
      value: String(b.value),
      source: b.source ?? '',
    }));
  const actions = input.plan?.byIndicator.get(indicatorRef(id, tile.standard === 'LOCAL')) ?? [];
  return {
    ...rest,
    tile,
    peers,
    benchmarks,
    actions,
    rag: input.plan ? statusCounts(actions) : null,
    planYear: input.plan?.planYear ?? ctx.view.year,
  };
}

type Core = Omit<IndicatorModel, 'peers' | 'benchmarks' | 'actions' | 'rag' | 'planYear'> & {
  isLikelihood: boolean;
  range: { lower: number; upper: number };
};

async function indicatorCore(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  id: string,
  reference: ReferenceData,
): Promise<Core | null> {
  const input = { id, reference, plan: null as PlanActions | null };
  const found = await indicatorIn(ctx, id);
  if (!found) return null;
  const local = found.ind.standard === 'LOCAL';
  const periods = await tilePeriods(ctx);
  const tile = tileFor(id, periods, local);
  if (!tile) return null;
  const s = found.period.results.settings;
  const range = { lower: s['stats.nonAdverseLower'], upper: s['stats.nonAdverseUpper'] };
  const isLikelihood = tile.headline.range !== null;

  // Method, from the catalogue (national) or the definition (local).
  const entry = nationalCatalogue(s).find((e) => e.id === id);
  let method: IndicatorModel['method'];
  if (entry)
    method = {
      formula: entry.formula,
      orientation: entry.orientation,
      source: entry.source,
      methodology: entry.methodology,
      references: entry.references.map((ref) => ({ title: SOURCES[ref].title, url: SOURCES[ref].url })),
      settings: entry.settings.map((k) => settingText(k, s)),
    };
  else {
    const def = ctx.localDefinitions
      .map((d) => validateLocalMetric(d))
      .find((v) => v.ok && v.definition.id === id);
    const definition = def?.ok ? def.definition : null;
    method = {
      formula: found.ind.formula,
      orientation: null,
      source: definition?.source ?? '',
      methodology: definition?.description ?? 'A local metric defined by the organisation.',
      references: [],
      settings: [],
    };
  }

  // Trend over the years, with the national figure where one is loaded.
  const years = [...ctx.view.years].sort((a, b) => a - b).filter((y) => y <= ctx.view.year);
  const annuals = await Promise.all(years.map((y) => ctx.annual(y)));
  const lines: LineRow[] = [];
  const series = new Map<string, string>();
  const tableRows = new Map<string, Cell[]>();
  // Each year's window is named where the figures are rolling ones: a year may cover one year, another two.
  const windows = annuals.map((p) =>
    windowOf([...p.results.indicators, ...p.results.local].find((i) => i.id === id)),
  );
  annuals.forEach((p, k) => {
    const ind = [...p.results.indicators, ...p.results.local].find((i) => i.id === id);
    if (!ind) return;
    const h = headlineOf(ind, p.published.get(id), p.results.settings);
    for (const x of seriesOf(h, ind, isLikelihood)) {
      series.set(x.key, x.label);
      lines.push({ period: String(years[k]), series: x.key, value: x.figure.value, label: x.figure.text });
      const row = tableRows.get(x.label) ?? years.map((): Cell => ({ text: '–' }));
      row[k] = { text: x.figure.text, suppressed: x.figure.hidden };
      tableRows.set(x.label, row);
    }
  });
  const ids = benchmarkIds(found.ind);
  const national = input.reference.benchmarks.filter(
    (b) => ids.includes(b.indicator) && b.scope === 'national',
  );
  const nationalRow = years.map((y): Cell => {
    const b = national.find((x) => x.year === y);
    if (b)
      lines.push({
        period: String(y),
        series: 'ALL',
        value: b.value,
        label: fixed(b.value, isLikelihood ? 2 : 1),
      });
    return { text: b ? fixed(b.value, isLikelihood ? 2 : 1) : '–' };
  });
  if (national.some((b) => years.includes(b.year))) {
    series.set('ALL', 'National figure');
    tableRows.set('National figure', nationalRow);
  }
  if (windows.some((w) => w !== null))
    tableRows.set(
      'Window',
      windows.map((w) => ({ text: w ?? '–' })),
    );
  const mainKey = [...series.keys()][0];
  const shownYears = lines.filter((l) => l.series === mainKey && l.value !== null);
  const first = shownYears[0];
  const last = shownYears.at(-1);
  const trend = await makeChart(renderer, {
    id: `trend-${id}`,
    title: `${tile.name}: ${lowerFirst(tile.headline.label)}, year by year`,
    summary:
      !first || !last
        ? 'No figure can be shown for any year.'
        : first === last
          ? `${tile.headline.label} was ${last.label} in ${last.period}; there is no earlier year to compare.`
          : `${tile.headline.label} went from ${first.label} in ${first.period} to ${last.label} in ${last.period}. ${tile.betterWhen}.`,
    spec: lines.some((l) => l.value !== null)
      ? trendSpec({
          rows: lines,
          periods: years.map(String),
          series: [...series.entries()].map(([key, label]) => ({ key, label })),
          yTitle: tile.headline.label,
          ...(isLikelihood ? { band: { ...range, label: 'Non-adverse range' }, rule: 1 } : {}),
          ...(tile.headline.percent ? { domain: [0, 100] as [number, number] } : {}),
        })
      : null,
    table: {
      caption: `${tile.name} by reporting year`,
      rowHeader: 'Figure',
      columns: years.map(String),
      rows: [...tableRows.entries()].map(([label, cells]) => ({ label, cells })),
    },
    notes: [],
  });

  // Quarters of this and the previous financial year, for indicators that have them.
  let quarterly: Chart | null = null;
  const quarterlyIds = (await ctx.quarter({ year: ctx.view.year, quarter: 1 })).results;
  const hasQuarters = [...quarterlyIds.indicators, ...quarterlyIds.local].some((i) => i.id === id);
  if (hasQuarters) {
    const refs: QuarterRef[] = [ctx.view.year - 1, ctx.view.year]
      .filter((y) => ctx.view.years.includes(y))
      .flatMap((y) => ([1, 2, 3, 4] as const).map((q) => ({ year: y, quarter: q })));
    const qPeriods: Period[] = await Promise.all(refs.map((r) => ctx.quarter(r)));
    quarterly = await seriesChart(renderer, {
      id: `quarters-${id}`,
      figure: id,
      tile,
      periods: refs.map((r, k) => ({ label: quarterLabel(r), period: qPeriods[k]! })),
      words: QUARTER_WORDS,
      steadier: 'the annual ones',
      likelihood: isLikelihood ? { range } : null,
      notes: [
        'A quarter counts the events in its three months over the staff in post at 31 March; rolling two-year windows do not apply.',
      ],
    });
  }

  // The months of this financial year, for local metrics that have them.
  const monthly = monthlyIds(ctx.localDefinitions).has(id)
    ? await monthlySeries(ctx, renderer, tile, `months-${id}`)
    : null;

  // Breakdowns.
  // Then the crossed views: the figure among each group of a second characteristic (crossed.ts).
  const dims = [
    ...BREAKDOWN_DIMENSIONS.flatMap((d) => (d === 'careGroup' ? (unitDimension(ctx) ?? []) : [d])),
    // The disclosure ledger holds them for every view a role can open: the whole organisation, a care
    // group, a directorate and the units a role is limited to together (disclosure.ts).
    ...crossedDimensions(resultScheme(found.ind)),
  ];
  const views = await breakdownsOf(ctx, id, dims);
  const breakdowns: Chart[] = [];
  for (const view of views)
    breakdowns.push(
      await breakdownChart(renderer, view, {
        id: `breakdown-${id}-${view.by}`,
        title: `${tile.name} by ${view.title.toLowerCase()}, ${found.period.label}`,
        range,
        subject: view.measure,
      }),
    );
  const type = found.ind.parts[0]?.metric.result.type;
  const breakdownNote =
    views.length > 0
      ? null
      : type === 'surveyPercentage' || type === 'surveyScore'
        ? 'Staff survey results are loaded for the whole organisation, so they cannot be broken down here.'
        : type === 'representationDifference'
          ? 'Board membership describes the whole organisation, so it is not broken down.'
          : 'This figure cannot be broken down.';

  return {
    tile,
    method,
    tables:
      found.published?.parts.flatMap((p) =>
        p.tables.map((t) => ({
          ...t,
          title: found.published!.parts.length > 1 ? `${p.label}: ${t.title}` : t.title,
        })),
      ) ?? [],
    yearly: publishYearly(found.ind, found.period.results, {
      suppress: !ctx.view.fullCounts,
      lookup: ctx.view.fullCounts ? null : await ctx.partLookup(found.period.at),
    }).flatMap((p) => p.years),
    trend,
    quarterly,
    monthly,
    breakdowns,
    breakdownNote,
    hotspots: hasSurveyGap(found.ind),
    characteristics: local ? [] : characteristicsOf(id, s),
    periodLabel: found.period.label,
    isLikelihood,
    range,
  };
}

/** The same figure for the other organisations beside this one. */
async function peersChart(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  id: string,
  peerContexts: DashboardContext[],
  region: string | null,
  tile: Tile,
  isLikelihood: boolean,
  range: { lower: number; upper: number },
): Promise<Chart | null> {
  const rows: DotRow[] = [];
  const cells: { label: string; cells: Cell[] }[] = [];
  for (const c of [ctx, ...peerContexts]) {
    const p = await c.annual(ctx.view.year);
    const ind = [...p.results.indicators, ...p.results.local].find((i) => i.id === id);
    if (!ind) continue;
    const h = headlineOf(ind, p.published.get(id), p.results.settings);
    const r = ind.parts[0]?.metric.result;
    const name = c.view.org.name;
    if (h.current.value !== null)
      rows.push({
        category: name,
        value: h.current.value,
        lower: r?.type === 'relativeLikelihood' ? (r.relativeLikelihood.interval?.lower ?? null) : null,
        upper: r?.type === 'relativeLikelihood' ? (r.relativeLikelihood.interval?.upper ?? null) : null,
        label: h.current.text,
      });
    cells.push({
      label: name,
      cells: [
        { text: h.current.text, suppressed: h.current.hidden },
        { text: h.band ?? '–' },
        { text: h.interval?.replace(/^\d+% confidence interval /, '') ?? '–' },
        { text: windowOf(ind) ?? '' },
      ],
    });
  }
  // Each organisation's window is named when the figure is a rolling one (one may have one year, another two).
  const windowed = cells.some((c) => c.cells[3]!.text !== '');
  for (const c of cells) if (!windowed) c.cells.pop();
  return makeChart(renderer, {
    id: `peers-${id}`,
    title: `${tile.name} across ${region ?? 'the organisations you can see'}, ${ctx.view.year}`,
    summary:
      rows.length === 0
        ? 'No organisation has a figure that can be shown.'
        : `${tile.headline.label}, ${ctx.view.year}: ${rows.map((r) => `${r.category} ${r.label}`).join('; ')}.`,
    spec:
      rows.length === 0
        ? null
        : isLikelihood
          ? likelihoodSpec({
              rows,
              categories: rows.map((r) => r.category),
              range,
              xTitle: tile.headline.label,
            })
          : barSpec({
              rows: rows.map((r) => ({
                category: r.category,
                series: 'ALL',
                value: r.value,
                label: r.label,
              })),
              categories: rows.map((r) => r.category),
              series: [{ key: 'ALL', label: tile.headline.label }],
              xTitle: tile.headline.label,
            }),
    table: {
      caption: `${tile.name} by organisation, ${ctx.view.year}`,
      rowHeader: 'Organisation',
      columns: [tile.headline.label, 'Range', 'Confidence interval', ...(windowed ? ['Window'] : [])],
      rows: cells,
    },
    notes: [],
  });
}

function resultScheme(ind: IndicatorResult): string {
  const r = ind.parts[0]?.metric.result;
  return r && 'scheme' in r ? r.scheme : 'none';
}

export interface RegionIndicatorModel {
  name: string;
  title: string;
  fullTitle: string;
  /** The organisations side by side (chart with its table). */
  peers: Chart | null;
  members: { name: string; href: string; hasData: boolean }[];
  periodLabel: string;
}

/**
 * An indicator for an organisation that holds no data of its own (an ICB): the figure of each of its
 * organisations the person can see, side by side, each through the person's view of that organisation,
 * with a link to each organisation's own page for it. Null when no organisation has the indicator.
 */
export async function regionIndicatorModel(
  region: DashboardContext,
  members: DashboardContext[],
  renderer: ChartRenderer,
  id: string,
): Promise<RegionIndicatorModel | null> {
  const { year, quarter } = region.view;
  const query = `?year=${year}${quarter ? `&quarter=${quarter}` : ''}`;
  const withData = members.filter((m) => m.view.years.includes(year));
  let first: { ctx: DashboardContext; tile: Tile } | null = null;
  for (const m of withData) {
    const found = await indicatorIn(m, id);
    if (!found) continue;
    const tile = tileFor(id, await tilePeriods(m), found.ind.standard === 'LOCAL');
    if (tile) {
      first = { ctx: m, tile };
      break;
    }
  }
  if (!first) return null;
  const s = (await first.ctx.annual(year)).results.settings;
  const range = { lower: s['stats.nonAdverseLower'], upper: s['stats.nonAdverseUpper'] };
  const others = withData.filter((m) => m !== first.ctx);
  const peers = await peersChart(
    first.ctx,
    renderer,
    id,
    others,
    region.view.org.name,
    first.tile,
    first.tile.headline.range !== null,
    range,
  );
  return {
    name: first.tile.name,
    title: first.tile.title,
    fullTitle: first.tile.fullTitle,
    peers,
    members: members.map((m) => ({
      name: m.view.org.name,
      href: `/o/${encodeURIComponent(m.view.org.odsCode)}/dashboard/indicators/${encodeURIComponent(id)}${query}`,
      hasData: m.view.years.includes(year),
    })),
    periodLabel: String(year),
  };
}
