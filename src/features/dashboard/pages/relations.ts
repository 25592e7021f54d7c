/**
 * Employee relations: cases by type, informal or formal, by ethnicity and disability; cases by quarter;
 * and the relative likelihood of entering each formal process (WRES 3's definition applied to every case
 * type) against staff in post.
 */
import {
  CASE_TYPES,
  comparisonGroup,
  fixed,
  windowText,
  type DistributionResult,
  type PublishedCount,
  financialYearLabel,
  toQuarter,
} from '../../../engine/index.js';
import {
  barSpec,
  likelihoodSpec,
  trendSpec,
  type BarRow,
  type Cell,
  type Chart,
  type ChartRenderer,
  type DotRow,
  type LineRow,
} from '../charts.js';
import type { DashboardContext } from '../context.js';
import {
  CASE_TYPE_IDS,
  caseLikelihoodDefinition,
  casesDefinition,
  caseTypesDefinition,
  LIKELIHOOD_CASE_TYPES,
  type Scheme,
} from '../definitions.js';
import { headlineOf, spansParity } from '../figures.js';
import { makeChart, listText } from '../present.js';
import { quarterLabel } from '../quarters.js';
import { asResults, currentPeriod } from './common.js';
import { inPeriod } from './recruitment.js';

export interface RelationsModel {
  periodLabel: string;
  charts: Chart[];
}

const STAR: Cell = { text: '*', suppressed: true };
const cellOf = (c: PublishedCount): Cell => (c.withheld ? STAR : { text: c.text });
const typeLabel = (t: string) => (CASE_TYPES as Record<string, string>)[t] ?? t;

async function byType(ctx: DashboardContext, renderer: ChartRenderer, scheme: Scheme): Promise<Chart> {
  const period = await currentPeriod(ctx);
  const [metric] = await ctx.evaluate(ctx.view.year, inPeriod(ctx, [casesDefinition(scheme)]));
  const r = metric?.result as DistributionResult | undefined;
  const groups = r?.overall.groups ?? [];
  const rows = r?.rows ?? [];
  const label = (key: string) => {
    const [type, formal] = key.split(' | ');
    return `${typeLabel(type ?? '')}, ${formal === 'true' ? 'formal' : 'informal'}`;
  };
  // Every count as the disclosure ledger publishes it (tables.ts), so it reads as on any other page.
  const count = (await ctx.counts(ctx.view.year, ctx.view.quarter))(casesDefinition(scheme).id);
  const bars: BarRow[] = [];
  const totals = new Map<string, PublishedCount>();
  const tableRows = rows.map((row) => {
    const cells = row.groups.map((g) => {
      const c = count(`c:${row.key}:${g.group}`, g.count);
      if (c.value !== null && g.group !== 'UNKNOWN' && c.value > 0)
        bars.push({ category: label(row.key), series: g.group, value: c.value, label: c.text });
      return cellOf(c);
    });
    const total = count(`t:${row.key}`, row.total);
    totals.set(row.key, total);
    return { label: label(row.key), cells: [...cells, cellOf(total)] };
  });
  const word = scheme === 'wres' ? 'ethnicity' : 'disability';
  const total = r?.overall.total ?? 0;
  const comparison = groups.find((g) => g.group === comparisonGroup(scheme));
  // The most frequent type as the view shows the counts (a withheld total is not compared).
  const largest = [...rows]
    .filter((row) => totals.get(row.key)?.value !== null)
    .sort((a, b) => totals.get(b.key)!.value! - totals.get(a.key)!.value!)[0];
  const summary =
    total === 0
      ? `No employee-relations cases started in ${period.label}.`
      : `${total} cases started in ${period.label}${largest ? `, most often ${label(largest.key).toLowerCase()}` : ''}.${
          comparison && ctx.view.fullCounts
            ? ` ${comparison.label} staff were the subject of ${comparison.count} (${fixed(comparison.percent, 1)}%).`
            : ''
        }`;
  return makeChart(renderer, {
    id: `cases-${scheme}`,
    title: `Cases by type and by ${word}, ${period.label}`,
    summary: ctx.view.fullCounts ? summary : summary.replace(/^\d+ cases/, 'Cases'),
    spec:
      bars.length > 0
        ? barSpec({
            rows: bars,
            categories: [...new Set(bars.map((b) => b.category))],
            series: groups
              .filter((g) => g.group !== 'UNKNOWN')
              .map((g) => ({ key: g.group, label: g.label })),
            xTitle: 'Cases',
          })
        : null,
    table: {
      caption: `Cases started by type and ${word}, ${period.label}`,
      rowHeader: 'Case type',
      columns: [...groups.map((g) => g.label), 'All cases'],
      rows: tableRows,
    },
    notes: [
      'Each case counts once; a person with two cases counts twice. Counts from 1 to the threshold are withheld for viewers.',
    ],
  });
}

async function byQuarter(ctx: DashboardContext, renderer: ChartRenderer): Promise<Chart> {
  const { year } = ctx.view;
  // This year's quarters and the year before's, each read from its own year's disclosure ledger (so a
  // quarter reads the same whichever year's page shows it); a year without data has no quarters to show.
  const years = [year - 1, year].filter((y) => ctx.view.years.includes(y));
  const quarters = years.flatMap((y) => ([1, 2, 3, 4] as const).map((q) => ({ year: y, quarter: q })));
  const id = caseTypesDefinition().id;
  const metrics = await Promise.all(
    quarters.map((q) =>
      ctx.evaluate(q.year, [toQuarter(caseTypesDefinition(), q.quarter)!]).then((m) => m[0]!),
    ),
  );
  const counts = await Promise.all(quarters.map((q) => ctx.counts(q.year, q.quarter).then((c) => c(id))));
  const types = CASE_TYPE_IDS.filter((t) =>
    metrics.some(
      (m) => m.result.type === 'distribution' && m.result.rows.some((r) => r.key === t && r.total > 0),
    ),
  );
  const shown = quarters.map((_, i) => {
    const r = metrics[i]!.result as DistributionResult;
    return {
      cells: types.map((t) => counts[i]!(`t:${t}`, r.rows.find((row) => row.key === t)?.total ?? 0)),
      total: counts[i]!('t:*', r.overall.total),
    };
  });
  const labels = quarters.map(quarterLabel);
  const lines: LineRow[] = [];
  types.forEach((t, j) =>
    quarters.forEach((_, i) =>
      lines.push({
        period: labels[i]!,
        series: t,
        value: shown[i]!.cells[j]!.value,
        label: shown[i]!.cells[j]!.text,
      }),
    ),
  );
  const totals = shown.map((q) => q.total.value);
  const known = totals.filter((t): t is number => t !== null);
  const peak = known.length > 0 ? labels[totals.indexOf(Math.max(...known))] : null;
  return makeChart(renderer, {
    id: 'cases-by-quarter',
    title: `Cases by quarter, ${years.map((y) => financialYearLabel(y - 1)).join(' and ')}`,
    summary:
      known.length === 0
        ? 'No case counts can be shown by quarter.'
        : `Cases started each quarter, formal and informal, by type; the most cases started in ${peak}.`,
    spec: lines.some((l) => l.value !== null)
      ? trendSpec({
          rows: lines,
          periods: labels,
          series: types.map((t) => ({ key: t, label: typeLabel(t) })),
          yTitle: 'Cases started',
          labels: 'last',
        })
      : null,
    table: {
      caption: 'Cases started by quarter and type',
      rowHeader: 'Quarter',
      columns: [...types.map(typeLabel), 'All cases'],
      rows: quarters.map((_, i) => ({
        label: labels[i]!,
        cells: [...shown[i]!.cells.map(cellOf), cellOf(shown[i]!.total)],
      })),
    },
    notes: [],
  });
}

async function likelihoods(ctx: DashboardContext, renderer: ChartRenderer, scheme: Scheme): Promise<Chart> {
  const period = await currentPeriod(ctx);
  const s = period.results.settings;
  const types = LIKELIHOOD_CASE_TYPES;
  const defs = types.map((t) => caseLikelihoodDefinition(s, scheme, t));
  const metrics = await ctx.evaluate(ctx.view.year, inPeriod(ctx, defs));
  const shaped = asResults(
    period.results,
    metrics.map((metric) => ({ metric, direction: 'TOWARDS_PARITY' })),
  );
  // The counts as the disclosure ledger publishes them (tables.ts): staff in post read as on WRES 1.
  const published = await ctx.publishAt(shaped.results, ctx.at(ctx.view.year, ctx.view.quarter));
  const rows: DotRow[] = [];
  const headlines = shaped.results.indicators.map((ind) => headlineOf(ind, published.get(ind.id), s));
  const table = shaped.results.indicators.map((ind, i) => {
    const h = headlines[i]!;
    const type = typeLabel(types[i]!);
    const r = ind.parts[0]!.metric.result;
    // The interval as published: of the published counts in the publication view.
    const head = published.get(ind.id)?.parts[0]?.headline[0];
    const ci = head?.likelihood
      ? head.likelihood.interval
      : r.type === 'relativeLikelihood'
        ? r.relativeLikelihood.interval
        : null;
    if (h.current.value !== null && r.type === 'relativeLikelihood')
      rows.push({
        category: type,
        value: h.current.value,
        lower: ci?.lower ?? null,
        upper: ci?.upper ?? null,
        label: h.current.text,
      });
    return {
      label: type,
      cells: [
        { text: h.current.text, suppressed: h.current.hidden },
        ...h.counts.map((c) => ({ text: c.text, suppressed: c.text.includes('*') })),
      ],
    };
  });
  const group = scheme === 'wres' ? ['BME', 'White'] : ['Disabled', 'non-disabled'];
  // These figures cover one year (or the quarter chosen); WRES 3 and WDES 3 may cover two: each is named.
  const own =
    ctx.view.quarter === null && metrics[0] ? windowText(metrics[0]) : `${period.label}, one quarter`;
  const national = (await ctx.annual(ctx.view.year)).results.indicators.find(
    (i) => i.id === (scheme === 'wres' ? 'WRES3' : 'WDES3'),
  )?.parts[0]?.metric;
  const adverse = rows.filter((r) => r.value > s['stats.nonAdverseUpper']);
  const uncertain = adverse.filter((r) => spansParity(r.lower, r.upper));
  return makeChart(renderer, {
    id: `case-likelihood-${scheme}`,
    title: `Likelihood of ${group[0]} staff entering a formal process compared with ${group[1]} staff, ${own}`,
    summary:
      rows.length === 0
        ? 'No relative likelihood can be shown for this period.'
        : `Above 1.00, ${group[0]} staff were more likely to enter the formal process. ${adverse.length === 0 ? 'None is above the non-adverse range.' : `Above the non-adverse range: ${listText(adverse.map((r) => `${r.category.toLowerCase()} (${r.label})`))}.`}${
            uncertain.length > 0
              ? ` For ${listText(uncertain.map((r) => r.category.toLowerCase()))} the interval includes 1.00, so this may be chance.`
              : ''
          }`,
    spec:
      rows.length > 0
        ? likelihoodSpec({
            rows,
            categories: rows.map((r) => r.category),
            range: { lower: s['stats.nonAdverseLower'], upper: s['stats.nonAdverseUpper'] },
            xTitle: `Relative likelihood (${group[0]} / ${group[1]})`,
          })
        : null,
    table: {
      caption: `Relative likelihood of entering a formal process, ${own}`,
      rowHeader: 'Case type',
      columns: ['Relative likelihood', ...(headlines[0]?.counts.map((c) => `${c.label} staff`) ?? [])],
      rows: table,
    },
    notes: [
      `Formal cases started over staff in post at 31 March: ${own}.${
        national
          ? ` ${scheme === 'wres' ? 'WRES 3' : 'WDES 3'} on the overview and its own page covers ${windowText(national)}${
              windowText(national) === own ? '' : ', so the two figures differ'
            }.`
          : ''
      }`,
    ],
  });
}

export async function relationsModel(
  ctx: DashboardContext,
  renderer: ChartRenderer,
): Promise<RelationsModel> {
  const period = await currentPeriod(ctx);
  const charts = [
    await byType(ctx, renderer, 'wres'),
    await byType(ctx, renderer, 'wdes'),
    await byQuarter(ctx, renderer),
    await likelihoods(ctx, renderer, 'wres'),
    await likelihoods(ctx, renderer, 'wdes'),
  ];
  return { periodLabel: period.label, charts };
}
