/**
 * Recruitment: from application to shortlisting to appointment, by ethnicity and by disability, and the
 * relative likelihood of appointment from shortlisting (WRES 2, WDES 2) in each care group.
 */
import {
  fixed,
  publishedShare,
  toQuarter,
  type MetricDefinition,
  type PublishedCount,
} from '../../../engine/index.js';
import { barSpec, type BarRow, type Cell, type Chart, type ChartRenderer } from '../charts.js';
import type { DashboardContext } from '../context.js';
import { funnelDefinition, type Scheme } from '../definitions.js';
import { makeChart } from '../present.js';
import { breakdownChart, breakdownsOf, currentPeriod, unitDimension } from './common.js';

export interface RecruitmentModel {
  periodLabel: string;
  charts: Chart[];
}

/** The dashboard's own definitions in the page's period (narrowed to the quarter when one is chosen). */
export function inPeriod(ctx: DashboardContext, defs: MetricDefinition[]): MetricDefinition[] {
  const q = ctx.view.quarter;
  return q === null ? defs : defs.map((d) => toQuarter(d, q) ?? d);
}

const STAR: Cell = { text: '*', suppressed: true };

async function funnel(
  ctx: DashboardContext,
  renderer: ChartRenderer,
  scheme: Scheme,
  label: string,
): Promise<Chart> {
  const period = await currentPeriod(ctx);
  const s = period.results.settings;
  const d = s['display.percentDecimals'];
  const [short, appointed] = await ctx.evaluate(
    ctx.view.year,
    inPeriod(ctx, [funnelDefinition(scheme, 'shortlisted'), funnelDefinition(scheme, 'appointed')]),
  );
  const groups = short?.result.type === 'rate' ? short.result.groups : [];
  const apptGroups = appointed?.result.type === 'rate' ? appointed.result.groups : [];
  // Each stage's count as the disclosure ledger publishes it (tables.ts: the same count on every page and
  // in every unit and period); the rates from the published counts.
  const counts = await ctx.counts(ctx.view.year, ctx.view.quarter);
  const shortCount = counts(funnelDefinition(scheme, 'shortlisted').id);
  const apptCount = counts(funnelDefinition(scheme, 'appointed').id);
  const rows: BarRow[] = [];
  const tableRows = groups.map((g, i) => {
    const applications = shortCount(`d:${g.group}`, g.denominator);
    const shortlisted = shortCount(`n:${g.group}`, g.numerator);
    const appointedCount = apptCount(`n:${g.group}`, apptGroups[i]?.numerator ?? 0);
    const share = (n: PublishedCount) => {
      const v = publishedShare(n, applications);
      return v === null ? null : v * 100;
    };
    const pShort = share(shortlisted);
    const pAppt = share(appointedCount);
    const shortRateHidden = shortlisted.withheld || applications.withheld;
    const apptRateHidden = appointedCount.withheld || applications.withheld;
    if (g.group !== 'UNKNOWN') {
      if (!shortRateHidden && pShort !== null)
        rows.push({ category: 'Shortlisted', series: g.group, value: pShort, label: `${fixed(pShort, d)}%` });
      if (!apptRateHidden && pAppt !== null)
        rows.push({ category: 'Appointed', series: g.group, value: pAppt, label: `${fixed(pAppt, d)}%` });
    }
    const cell = (c: PublishedCount) => (c.withheld ? STAR : { text: c.text });
    return {
      label: g.label,
      cells: [
        cell(applications),
        cell(shortlisted),
        cell(appointedCount),
        shortRateHidden ? STAR : { text: pShort === null ? '–' : `${fixed(pShort, d)}%` },
        apptRateHidden ? STAR : { text: pAppt === null ? '–' : `${fixed(pAppt, d)}%` },
      ],
    };
  });
  const named = groups.filter((g) => g.group !== 'UNKNOWN');
  const phrase = (group: string) => {
    const sRow = rows.find((r) => r.series === group && r.category === 'Shortlisted');
    const aRow = rows.find((r) => r.series === group && r.category === 'Appointed');
    const g = named.find((x) => x.group === group);
    return `${g?.label ?? group} applicants ${sRow ? `${sRow.label} shortlisted` : 'shortlisting withheld'} and ${aRow ? `${aRow.label} appointed` : 'appointments withheld'}`;
  };
  const summary =
    groups.reduce((n, g) => n + g.denominator, 0) === 0
      ? `No applications were recorded in ${period.label}.`
      : `Of the applications made in ${period.label}: ${named.map((g) => phrase(g.group)).join('; ')}.`;
  return makeChart(renderer, {
    id: `funnel-${scheme}`,
    title: `From application to appointment, by ${label}, ${period.label}`,
    summary,
    spec:
      rows.length > 0
        ? barSpec({
            rows,
            categories: ['Shortlisted', 'Appointed'],
            series: named.map((g) => ({ key: g.group, label: g.label })),
            xTitle: '% of applications',
            domain: [0, 100],
          })
        : null,
    table: {
      caption: `Applications, shortlisting and appointment by ${label}, ${period.label}`,
      rowHeader: label === 'ethnicity' ? 'Ethnicity' : 'Disability',
      columns: ['Applications', 'Shortlisted', 'Appointed', 'Shortlisted %', 'Appointed %'],
      rows: tableRows,
    },
    notes: [
      'The funnel follows the applications made in the period; WRES 2 and WDES 2 count appointments from shortlisting by the date of each step, so their counts can differ.',
    ],
  });
}

export async function recruitmentModel(
  ctx: DashboardContext,
  renderer: ChartRenderer,
): Promise<RecruitmentModel> {
  const period = await currentPeriod(ctx);
  const s = period.results.settings;
  const range = { lower: s['stats.nonAdverseLower'], upper: s['stats.nonAdverseUpper'] };
  const dimension = unitDimension(ctx);
  const where = dimension === 'careGroup' ? 'care group' : 'directorate';
  const charts = [
    await funnel(ctx, renderer, 'wres', 'ethnicity'),
    await funnel(ctx, renderer, 'wdes', 'disability'),
  ];
  for (const [id, subject] of [
    ['WRES2', 'White applicants compared with BME applicants'],
    ['WDES2', 'Non-disabled applicants compared with Disabled applicants'],
  ] as const) {
    const [view] = dimension === null ? [] : await breakdownsOf(ctx, id, [dimension]);
    if (view)
      charts.push(
        await breakdownChart(renderer, view, {
          id: `likelihood-${id}-${dimension}`,
          title: `Likelihood of appointment from shortlisting by ${where} (${id === 'WRES2' ? 'WRES 2' : 'WDES 2'}), ${period.label}`,
          range,
          subject: `Likelihood of ${subject} being appointed from shortlisting`,
        }),
      );
  }
  return { periodLabel: period.label, charts };
}
