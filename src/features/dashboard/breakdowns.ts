/**
 * An indicator broken down by care group, staff group, clinical or non-clinical, or band: one row per
 * value of the dimension with the figure and its counts, protected together (the breakdowns of a figure
 * add up to the same totals) and consistent with the engine's publication view of the whole figure.
 */
import {
  fixed,
  GRADE_LABELS,
  STAFF_GROUPS,
  WDES_CLUSTER_LABELS,
  type BreakdownTable,
  type EngineSettings,
  type GroupRateResult,
  type IndicatorResult,
  type PublishedIndicator,
  type StatisticResult,
} from '../../engine/index.js';
import type { Cell } from './charts.js';
import { comparisonGroup } from './figures.js';
import { protectLinked, type Protection } from './protect.js';

export const BREAKDOWN_DIMENSIONS = ['careGroup', 'staffGroup', 'clinical', 'grade'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number] | 'directorate';

export const DIMENSION_TITLES: Readonly<Record<string, string>> = {
  careGroup: 'Care group',
  directorate: 'Directorate',
  staffGroup: 'Staff group',
  clinical: 'Clinical or non-clinical',
  grade: 'Band',
};

const SPLIT_LABELS: Readonly<Record<string, string>> = {
  CLINICAL: 'Clinical',
  NON_CLINICAL: 'Non-clinical',
  SPLIT_UNKNOWN: 'Staff group not recorded',
  MEDICAL: 'Medical and dental',
};

/** A readable label for a breakdown or row key: "NON_CLINICAL:AFC_5" -> "Non-clinical: Band 5". */
export function dimensionLabel(value: string): string {
  if (value === 'NOT_RECORDED') return 'Not recorded';
  if (value === 'GRADE_NOT_RECORDED') return 'Grade not recorded';
  if (value === 'OUTSIDE_CLUSTERS') return 'Outside the WDES clusters';
  const [split, rest] = value.includes(':') ? (value.split(':') as [string, string]) : [null, value];
  const cluster = /^CLUSTER_(\d)$/.exec(rest);
  const inner = cluster
    ? (WDES_CLUSTER_LABELS[Number(cluster[1])] ?? rest)
    : ((GRADE_LABELS as Record<string, string>)[rest] ?? SPLIT_LABELS[rest] ?? rest);
  return split === null ? inner : `${SPLIT_LABELS[split] ?? split}: ${inner}`;
}

export function valueLabel(by: string, key: string): string {
  if (key === 'NOT_RECORDED') return 'Not recorded';
  if (by === 'staffGroup') return (STAFF_GROUPS as Record<string, string>)[key] ?? key;
  return dimensionLabel(key);
}

export type BreakdownKind = 'likelihood' | 'rate' | 'share' | 'gap';

export interface BreakdownRow {
  key: string;
  label: string;
  /** The row's figure (relative likelihood, rate %, share %, gap %), or null when missing or hidden. */
  value: number | null;
  text: string;
  hidden: boolean;
  lower: number | null;
  upper: number | null;
  cells: Cell[];
}

export interface BreakdownView {
  by: string;
  title: string;
  kind: BreakdownKind;
  /** What the figure is ("Relative likelihood", "Disabled %"). */
  measure: string;
  columns: string[];
  rows: BreakdownRow[];
}

const STAR: Cell = { text: '*', suppressed: true };
const show = (text: string): Cell => ({ text });
const count = (v: number) => (Number.isInteger(v) ? String(v) : fixed(v, 1));

/**
 * A breakdown row read as two counts and a percentage, without an interval: each count shown unless its
 * cell is hidden, and the percentage shown unless the row is.
 */
function plainRow(
  by: string,
  key: string,
  value: number | null,
  hidden: boolean,
  decimals: number,
  first: [hidden: boolean, text: string],
  second: [hidden: boolean, text: string],
) {
  const text = hidden ? '*' : value === null ? '–' : `${fixed(value, decimals)}%`;
  return {
    key,
    label: valueLabel(by, key),
    value,
    text,
    hidden,
    lower: null,
    upper: null,
    cells: [first[0] ? STAR : show(first[1]), second[0] ? STAR : show(second[1]), hidden ? STAR : show(text)],
  };
}

function rateGroups(r: StatisticResult): { groups: GroupRateResult[] } | null {
  return r.type === 'relativeLikelihood' || r.type === 'rate' ? r : null;
}

/** Which columns of the whole figure the engine's publication view shows (counts of each group). */
function publishedColumns(pub: PublishedIndicator | undefined, groups: number, col: number): boolean[] {
  const rows = pub?.parts[0]?.tables[0]?.rows ?? [];
  return Array.from({ length: groups }, (_, j) => {
    const c = rows[j]?.cells[col];
    return !(c?.suppressed === true || c?.text === '*');
  });
}

/**
 * The breakdown tables of an indicator's first part, as rows ready to show and draw.
 * `pub` is the engine's publication view of the same results (its totals decide what stays hidden).
 */
export function breakdownViews(
  ind: IndicatorResult,
  pub: PublishedIndicator | undefined,
  s: EngineSettings,
  protection: Protection,
): BreakdownView[] {
  const part = ind.parts[0];
  if (!part || part.metric.breakdowns.length === 0) return [];
  const seen = new Set<string>();
  const tables = part.metric.breakdowns.filter((b) => {
    if (b.by.length !== 1 || seen.has(b.by[0]!)) return false;
    seen.add(b.by[0]!);
    return true;
  });
  const r = part.metric.result;
  switch (r.type) {
    case 'relativeLikelihood':
      return likelihoodViews(
        tables,
        r.relativeLikelihood.top.group,
        r.relativeLikelihood.bottom.group,
        pub,
        s,
        protection,
        ind,
      );
    case 'rate':
      return rateViews(tables, r.scheme, pub, s, protection);
    case 'distribution':
      return shareViews(tables, r.scheme, pub, s, protection);
    case 'payGap':
      return gapViews(tables, s, protection);
    default:
      return [];
  }
}

function likelihoodViews(
  tables: BreakdownTable[],
  top: string,
  bottom: string,
  pub: PublishedIndicator | undefined,
  s: EngineSettings,
  protection: Protection,
  ind: IndicatorResult,
): BreakdownView[] {
  const first = tables[0]?.rows[0]?.result;
  const groups = first ? (rateGroups(first)?.groups ?? []) : [];
  const ids = groups.map((g) => g.group);
  const matrix = (k: 'numerator' | 'denominator') =>
    tables.map((t) =>
      t.rows.map((row) => {
        const gs = rateGroups(row.result)?.groups ?? [];
        return ids.map((id) => gs.find((g) => g.group === id)?.[k] ?? 0);
      }),
    );
  const num = protectLinked(matrix('numerator'), protection, publishedColumns(pub, ids.length, 0));
  const den = protectLinked(matrix('denominator'), protection, publishedColumns(pub, ids.length, 1));
  const ti = ids.indexOf(top);
  const bi = ids.indexOf(bottom);
  const label = (id: string) => groups.find((g) => g.group === id)?.label ?? id;
  return tables.map((t, k) => ({
    by: t.by[0]!,
    title: DIMENSION_TITLES[t.by[0]!] ?? t.by[0]!,
    kind: 'likelihood' as const,
    measure: `Relative likelihood${ind.orientation ? ` (${ind.orientation})` : ''}`,
    columns: [label(top), label(bottom), 'Relative likelihood', 'Confidence interval'],
    rows: t.rows.map((row, i) => {
      const res = row.result;
      const gs = rateGroups(res)?.groups ?? [];
      const groupCell = (j: number): [Cell, boolean] => {
        const g = gs.find((x) => x.group === ids[j]);
        const nh = num[k]!.cells[i]![j]!;
        const dh = den[k]!.cells[i]![j]!;
        if (!g) return [show('–'), false];
        const rate =
          (nh || dh) && protection.hideDerived
            ? '*'
            : g.value === null
              ? '–'
              : `${fixed(g.value * 100, s['display.percentDecimals'])}%`;
        return [
          {
            text: `${nh ? '*' : count(g.numerator)} of ${dh ? '*' : count(g.denominator)} (${rate})`,
            suppressed: nh || dh,
          },
          nh || dh,
        ];
      };
      const [topCell, topHidden] = groupCell(ti);
      const [bottomCell, bottomHidden] = groupCell(bi);
      const rl = res.type === 'relativeLikelihood' ? res.relativeLikelihood : null;
      const hidden = protection.hideDerived && (topHidden || bottomHidden);
      const value = hidden ? null : (rl?.value ?? null);
      const ci = hidden ? null : (rl?.interval ?? null);
      return {
        key: row.key,
        label: valueLabel(t.by[0]!, row.key),
        value,
        text: hidden ? '*' : value === null ? '–' : fixed(value, s['display.rlDecimals']),
        hidden,
        lower: ci?.lower ?? null,
        upper: ci?.upper ?? null,
        cells: [
          topCell,
          bottomCell,
          hidden ? STAR : show(value === null ? '–' : fixed(value, s['display.rlDecimals'])),
          hidden
            ? STAR
            : show(
                ci && ci.lower !== null
                  ? `${fixed(ci.lower, 2)} to ${ci.upper === null ? 'unbounded' : fixed(ci.upper, 2)}`
                  : '–',
              ),
        ],
      };
    }),
  }));
}

function rateViews(
  tables: BreakdownTable[],
  scheme: string,
  pub: PublishedIndicator | undefined,
  s: EngineSettings,
  protection: Protection,
): BreakdownView[] {
  const first = tables[0]?.rows[0]?.result;
  const groups = first ? (rateGroups(first)?.groups ?? []) : [];
  const ids = groups.map((g) => g.group);
  const target = comparisonGroup(scheme) ?? ids[0] ?? 'ALL';
  const j = Math.max(0, ids.indexOf(target));
  const matrix = (k: 'numerator' | 'denominator') =>
    tables.map((t) =>
      t.rows.map((row) => {
        const gs = rateGroups(row.result)?.groups ?? [];
        return ids.map((id) => gs.find((g) => g.group === id)?.[k] ?? 0);
      }),
    );
  const num = protectLinked(matrix('numerator'), protection, publishedColumns(pub, ids.length, 0));
  const den = protectLinked(matrix('denominator'), protection, publishedColumns(pub, ids.length, 1));
  const label = groups[j]?.label ?? 'All';
  return tables.map((t, k) => ({
    by: t.by[0]!,
    title: DIMENSION_TITLES[t.by[0]!] ?? t.by[0]!,
    kind: 'rate' as const,
    measure: scheme === 'none' ? 'Rate (%)' : `Rate for ${label} (%)`,
    columns: ['Count', 'Out of', 'Rate'],
    rows: t.rows.map((row, i) => {
      const g = (rateGroups(row.result)?.groups ?? [])[j];
      const nh = num[k]!.cells[i]![j]!;
      const dh = den[k]!.cells[i]![j]!;
      const hidden = protection.hideDerived && (nh || dh);
      const value = hidden || !g || g.value === null ? null : g.value * 100;
      return plainRow(
        t.by[0]!,
        row.key,
        value,
        hidden,
        s['display.percentDecimals'],
        [nh, g ? count(g.numerator) : '–'],
        [dh, g ? count(g.denominator) : '–'],
      );
    }),
  }));
}

function shareViews(
  tables: BreakdownTable[],
  scheme: string,
  pub: PublishedIndicator | undefined,
  s: EngineSettings,
  protection: Protection,
): BreakdownView[] {
  const first = tables[0]?.rows[0]?.result;
  const groups = first?.type === 'distribution' ? first.overall.groups : [];
  const ids = groups.map((g) => g.group);
  const target = comparisonGroup(scheme);
  const j = target === null ? -1 : ids.indexOf(target);
  if (j < 0) return [];
  // The overall row of the published distribution carries the group totals.
  const overall = pub?.parts[0]?.tables[0]?.rows.at(-1);
  const published = ids.map((_, c) => {
    const cell = overall?.cells[c * 2];
    return !(cell?.suppressed === true || cell?.text === '*');
  });
  const counts = protectLinked(
    tables.map((t) =>
      t.rows.map((row) =>
        row.result.type === 'distribution' ? row.result.overall.groups.map((g) => g.count) : ids.map(() => 0),
      ),
    ),
    protection,
    published,
  );
  const label = groups[j]!.label;
  return tables.map((t, k) => ({
    by: t.by[0]!,
    title: DIMENSION_TITLES[t.by[0]!] ?? t.by[0]!,
    kind: 'share' as const,
    measure: `${label} staff (%)`,
    columns: [`${label} staff`, 'All staff', `${label} %`],
    rows: t.rows.map((row, i) => {
      const o = row.result.type === 'distribution' ? row.result.overall : null;
      const g = o?.groups[j];
      const nh = counts[k]!.cells[i]![j]!;
      const th = counts[k]!.rowTotals[i]!;
      const hidden = nh || (th && protection.hideDerived);
      const value = hidden ? null : (g?.percent ?? null);
      return plainRow(
        t.by[0]!,
        row.key,
        value,
        hidden,
        s['display.percentDecimals'],
        [nh, g ? count(g.count) : '–'],
        [th, o ? count(o.total) : '–'],
      );
    }),
  }));
}

function gapViews(tables: BreakdownTable[], s: EngineSettings, protection: Protection): BreakdownView[] {
  const first = tables[0]?.rows[0]?.result;
  if (first?.type !== 'payGap') return [];
  const refLabel = first.reference.label;
  const compLabel = first.comparisons[0]?.label ?? 'Comparison';
  const counts = protectLinked(
    tables.map((t) =>
      t.rows.map((row) =>
        row.result.type === 'payGap' ? [row.result.reference.n, row.result.comparisons[0]?.n ?? 0] : [0, 0],
      ),
    ),
    protection,
  );
  return tables.map((t, k) => ({
    by: t.by[0]!,
    title: DIMENSION_TITLES[t.by[0]!] ?? t.by[0]!,
    kind: 'gap' as const,
    measure: `Gap (%)`,
    columns: [`${refLabel}: employees`, `${compLabel}: employees`, 'Gap'],
    rows: t.rows.map((row, i) => {
      const r = row.result.type === 'payGap' ? row.result : null;
      const c = r?.comparisons[0];
      const [rh, ch] = [counts[k]!.cells[i]![0]!, counts[k]!.cells[i]![1]!];
      // Means and medians of a few people identify them: hidden with small groups, as the engine does.
      const small =
        protection.suppress &&
        ((r?.reference.n ?? 0) <= protection.options.threshold ||
          (c?.n ?? 0) <= protection.options.threshold);
      const hidden = rh || ch || small;
      const value = hidden ? null : (c?.gap ?? null);
      return plainRow(
        t.by[0]!,
        row.key,
        value,
        hidden,
        s['display.payGapDecimals'],
        [rh, String(r?.reference.n ?? 0)],
        [ch, String(c?.n ?? 0)],
      );
    }),
  }));
}
