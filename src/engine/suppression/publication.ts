/**
 * The publication view: display tables with figures rounded for display (settings display.*) and small
 * numbers suppressed (suppress.ts). Computation never rounds; this is the only place that does, and the
 * only place that hides. A rate, percentage or ratio computed from a suppressed count is hidden too
 * (setting suppression.derivedValues = HIDE), since it would reveal the count.
 */
import type {
  BreakdownTable,
  DistributionResult,
  GroupRateResult,
  PayGapResult,
  PayQuartilesResult,
  StatisticResult,
} from '../algebra/results.js';
import type { IndicatorResult, IndicatorResults } from '../compute.js';
import type { EngineSettings } from '../settings.js';
import { fixed } from '../stats/format.js';
import { groupLabel } from '../algebra/characteristics.js';
import {
  suppressLinked,
  suppressTable,
  type CountTable,
  type SuppressedTable,
  type SuppressionOptions,
} from './suppress.js';

export interface DisplayCell {
  text: string;
  suppressed: boolean;
}

export interface DisplayTable {
  title: string;
  columns: string[];
  rows: { label: string; cells: DisplayCell[] }[];
}

export interface PublishedPart {
  key: string;
  label: string;
  headline: { label: string; text: string; notes: string[] }[];
  tables: DisplayTable[];
}

export interface PublishedIndicator {
  id: string;
  title: string;
  parts: PublishedPart[];
  notes: string[];
}

const STAR: DisplayCell = { text: '*', suppressed: true };
const show = (text: string): DisplayCell => ({ text, suppressed: false });
const hidden = (s: string) => s === 'primary' || s === 'complementary';

interface Ctx {
  s: EngineSettings;
  /** The publication view (small numbers hidden); false for the full view analysts work with. */
  suppress: boolean;
  options: SuppressionOptions;
  hideDerived: boolean;
}

const count = (v: number) => (Number.isInteger(v) ? String(v) : fixed(v, 1));
const pctText = (v: number | null, c: Ctx) =>
  v === null ? '–' : `${fixed(v, c.s['display.percentDecimals'])}%`;

function distributionTables(r: DistributionResult, c: Ctx): DisplayTable[] {
  const rows = r.rows.length > 0 ? r.rows : [r.overall];
  const table: CountTable = {
    cells: rows.map((row) => row.groups.map((g) => g.count)),
    rowTotals: true,
    columnTotals: r.rows.length > 0,
    grandTotal: r.rows.length > 0,
  };
  const t = suppressTable(table, c.options);
  const R = rows.length;
  const C = r.overall.groups.length;
  const line = (label: string, i: number, groups: typeof r.overall.groups) => {
    const rowHidden = hidden(t.states[i]![C]!);
    const cells: DisplayCell[] = [];
    groups.forEach((g, j) => {
      const h = hidden(t.states[i]![j]!);
      cells.push(h ? STAR : show(count(g.count)));
      cells.push(h || (rowHidden && c.hideDerived) ? STAR : show(pctText(g.percent, c)));
    });
    cells.push(rowHidden ? STAR : show(count(t.values[i]![C]!)));
    return { label, cells };
  };
  const body = rows.map((row, i) => line(row.label, i, row.groups));
  if (r.rows.length > 0) body.push(line('Overall workforce', R, r.overall.groups));
  return [
    {
      title: 'Headcount and percentage of each row',
      columns: [...r.overall.groups.flatMap((g) => [`${g.label} (n)`, `${g.label} (%)`]), 'Total'],
      rows: body,
    },
  ];
}

function rateTables(
  groups: GroupRateResult[],
  all: GroupRateResult,
  c: Ctx,
  breakdowns: BreakdownTable[],
): { table: DisplayTable; hiddenGroups: Set<string> } {
  const [num, den] = (['numerator', 'denominator'] as const).map((k) =>
    suppressLinked(
      breakdowns.length > 0
        ? breakdowns.map((b) => ({
            cells: b.rows.map((row) =>
              'groups' in row.result ? (row.result.groups as GroupRateResult[]).map((g) => g[k]) : [],
            ),
            rowTotals: true,
            columnTotals: true,
            grandTotal: true,
          }))
        : [{ cells: [groups.map((g) => g[k])], rowTotals: true, columnTotals: false, grandTotal: false }],
      c.options,
    ),
  ) as [SuppressedTable[], SuppressedTable[]];
  const margin = (t: SuppressedTable) =>
    breakdowns.length > 0 ? t.states[t.states.length - 1]! : t.states[0]!;
  const hiddenGroups = new Set<string>();
  const rows = [...groups, all].map((g, j) => {
    const isAll = j === groups.length;
    const col = isAll ? groups.length : j;
    const nh = num.some((t) => hidden(margin(t)[col]!));
    const dh = den.some((t) => hidden(margin(t)[col]!));
    if (nh || dh) hiddenGroups.add(g.group);
    return {
      label: g.label,
      cells: [
        nh ? STAR : show(count(g.numerator)),
        dh ? STAR : show(count(g.denominator)),
        (nh || dh) && c.hideDerived
          ? STAR
          : show(g.value === null ? '–' : `${fixed(g.value * 100, c.s['display.percentDecimals'])}%`),
      ],
    };
  });
  return {
    table: { title: 'Counts and rates', columns: ['Numerator', 'Denominator', 'Rate'], rows },
    hiddenGroups,
  };
}

function payGapTables(
  r: PayGapResult,
  c: Ctx,
): { tables: DisplayTable[]; headline: PublishedPart['headline'] } {
  const all = [r.reference, ...r.comparisons];
  const t = suppressTable(
    { cells: [all.map((g) => g.n)], rowTotals: true, columnTotals: false, grandTotal: false },
    c.options,
  );
  // Means and medians of a few people identify them: hidden in the publication view (an empty group has none).
  const small = (j: number) => hidden(t.states[0]![j]!) || (c.suppress && all[j]!.n <= c.options.threshold);
  const refHidden = small(0);
  const rows = all.map((g, j) => {
    const gap = j === 0 ? null : r.comparisons[j - 1]!;
    const h = small(j);
    return {
      label: g.label,
      cells: [
        hidden(t.states[0]![j]!) ? STAR : show(String(g.n)),
        h ? STAR : show(g.value === null ? '–' : `£${fixed(g.value, 2)}`),
        gap === null
          ? show('reference')
          : h || refHidden
            ? STAR
            : show(gap.gap === null ? '–' : `${fixed(gap.gap, c.s['display.payGapDecimals'])}%`),
      ],
    };
  });
  return {
    tables: [
      {
        title: `${r.measure === 'mean' ? 'Mean' : 'Median'} ${r.valueField} by group`,
        columns: ['Employees', r.measure === 'mean' ? 'Mean' : 'Median', 'Gap'],
        rows,
      },
    ],
    headline: r.comparisons.map((g, j) => ({
      label: `Gap: ${g.label}`,
      text:
        small(j + 1) || refHidden
          ? '*'
          : g.gap === null
            ? '–'
            : `${fixed(g.gap, c.s['display.payGapDecimals'])}%`,
      notes: g.reason ? [g.reason] : [],
    })),
  };
}

function quartileTables(r: PayQuartilesResult, c: Ctx): DisplayTable[] {
  const groups = r.quartiles[0]?.groups ?? [];
  const t = suppressTable(
    {
      cells: r.quartiles.map((q) => q.groups.map((g) => g.count)),
      rowTotals: true,
      columnTotals: true,
      grandTotal: true,
    },
    c.options,
  );
  return [
    {
      title: 'Pay quartiles',
      columns: [...groups.flatMap((g) => [`${g.label} (n)`, `${g.label} (%)`]), 'Employees'],
      rows: r.quartiles.map((q, i) => ({
        label: q.band.toLowerCase().replace('_', '-'),
        cells: [
          ...q.groups.flatMap((g, j) => {
            const h = hidden(t.states[i]![j]!);
            return [
              h ? STAR : show(String(g.count)),
              h && c.hideDerived ? STAR : show(pctText(g.percent, c)),
            ];
          }),
          hidden(t.states[i]![groups.length]!) ? STAR : show(String(q.size)),
        ],
      })),
    },
  ];
}

function publishStatistic(
  r: StatisticResult,
  breakdowns: BreakdownTable[],
  c: Ctx,
): Omit<PublishedPart, 'key' | 'label'> {
  switch (r.type) {
    case 'distribution':
      return { headline: [], tables: distributionTables(r, c) };
    case 'rate':
    case 'relativeLikelihood': {
      const { table, hiddenGroups } = rateTables(r.groups, r.all, c, breakdowns);
      if (r.type === 'rate') return { headline: [], tables: [table] };
      const rl = r.relativeLikelihood;
      const hide = c.hideDerived && (hiddenGroups.has(rl.top.group) || hiddenGroups.has(rl.bottom.group));
      const ci = rl.interval;
      // A hidden value's band (adverse or not) would say which side of 1.25 it lies: only the flags stay.
      const notes: string[] = hide
        ? [...rl.flags]
        : [...rl.flags, ...(rl.band ? [rl.band] : []), ...(rl.reason ? [rl.reason] : [])];
      if (ci && !hide)
        notes.push(
          `${Math.round(ci.level * 100)}% CI ${fixed(ci.lower, 2)} to ${ci.upper === null ? 'unbounded' : fixed(ci.upper, 2)} (${ci.method})`,
        );
      return {
        headline: [
          {
            label: 'Relative likelihood',
            text: hide ? '*' : rl.value === null ? '–' : fixed(rl.value, c.s['display.rlDecimals']),
            notes,
          },
        ],
        tables: [table],
      };
    }
    case 'representationDifference': {
      const t = suppressTable(
        {
          cells: [[r.population.count, r.population.total - r.population.count]],
          rowTotals: true,
          columnTotals: false,
          grandTotal: false,
        },
        c.options,
      );
      const h = hidden(t.states[0]![0]!) || hidden(t.states[0]![2]!);
      return {
        headline: [
          {
            label: 'Difference (percentage points)',
            text:
              h && c.hideDerived
                ? '*'
                : r.difference === null
                  ? '–'
                  : fixed(r.difference, c.s['display.percentDecimals']),
            notes: [],
          },
        ],
        tables: [
          {
            title: 'Representation',
            columns: [`${groupLabel(r.group)} (n)`, 'Total', `${groupLabel(r.group)} (%)`],
            rows: [
              {
                label: r.populationLabel,
                cells: [
                  h ? STAR : show(count(r.population.count)),
                  hidden(t.states[0]![2]!) ? STAR : show(count(r.population.total)),
                  h && c.hideDerived ? STAR : show(pctText(r.population.percent, c)),
                ],
              },
              {
                label: r.comparisonLabel,
                cells: [
                  show(count(r.comparison.count)),
                  show(count(r.comparison.total)),
                  show(pctText(r.comparison.percent, c)),
                ],
              },
            ],
          },
        ],
      };
    }
    case 'surveyPercentage': {
      const min = c.suppress ? c.s['survey.minBase'] : 0;
      const lowGroups = r.groups.filter((g) => g.group !== 'UNKNOWN' && g.base < min).map((g) => g.group);
      return {
        headline: [
          {
            label: 'Gap (percentage points)',
            text:
              lowGroups.length > 0
                ? '*'
                : r.gap === null
                  ? '–'
                  : fixed(r.gap, c.s['display.percentDecimals']),
            notes: [`source: ${r.source}`],
          },
        ],
        tables: [
          {
            title: `Survey ${r.surveyYear}: ${r.measure}`,
            columns: ['Respondents', '%'],
            rows: r.groups.map((g) => ({
              label: g.label,
              cells: g.base < min ? [STAR, STAR] : [show(String(g.base)), show(pctText(g.percent, c))],
            })),
          },
        ],
      };
    }
    case 'surveyScore': {
      const min = c.suppress ? c.s['survey.minBase'] : 0;
      return {
        headline: [],
        tables: [
          {
            title: `Survey ${r.surveyYear}: ${r.measure}`,
            columns: ['Respondents', 'Score'],
            rows: r.groups.map((g) => ({
              label: g.label,
              cells: g.base < min ? [STAR, STAR] : [show(String(g.base)), show(fixed(g.score, 1))],
            })),
          },
        ],
      };
    }
    case 'payGap':
      return payGapTables(r, c);
    case 'payQuartiles':
      return { headline: [], tables: quartileTables(r, c) };
  }
}

function publishIndicator(ind: IndicatorResult, c: Ctx): PublishedIndicator {
  return {
    id: ind.id,
    title: ind.title,
    notes: ind.recorded
      ? [`Answer: ${ind.recorded.answer ?? 'not recorded'}`, ind.recorded.narrative ?? '']
      : [],
    parts: ind.parts.map((p) => ({
      key: p.key,
      label: p.label,
      ...publishStatistic(p.metric.result, p.metric.breakdowns, c),
    })),
  };
}

/**
 * The publication view of computed results: rounded display text, small numbers suppressed with
 * complementary suppression, derived figures hidden with them. With `{ suppress: false }` the same tables
 * show every count (for analysts, who work with the full figures; never for publication).
 */
export function toPublication(
  results: IndicatorResults,
  view: { suppress: boolean } = { suppress: true },
): PublishedIndicator[] {
  const s = results.settings;
  const c: Ctx = {
    s,
    suppress: view.suppress,
    options: {
      threshold: view.suppress ? s['suppression.primaryThreshold'] : 0,
      suppressTotals: view.suppress && s['suppression.suppressTotals'],
    },
    hideDerived: view.suppress && s['suppression.derivedValues'] === 'HIDE',
  };
  return [...results.indicators, ...results.local].map((ind) => publishIndicator(ind, c));
}
