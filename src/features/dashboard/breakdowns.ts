/**
 * An indicator broken down by care group, staff group, clinical or non-clinical, or band: one row per
 * value of the dimension with the figure and its counts, each count as the organisation's disclosure
 * ledger publishes it (disclosure.ts), so a care group's row reads as that care group's own page does.
 */
import {
  fixed,
  rateDecimals,
  rateScale,
  rateUnitName,
  rateUnitText,
  type RateUnit,
  publishedLikelihood,
  publishedShare,
  comparisonGroup,
  dimensionLabel,
  groupLabel,
  STAFF_GROUPS,
  type CharacteristicScheme,
  type BreakdownTable,
  type CountLookup,
  type EngineSettings,
  type GroupRateResult,
  type IndicatorResult,
  type PublishedCount,
  type StatisticResult,
  surveyHotspots,
  type SurveyHotspot,
} from '../../engine/index.js';
import type { Cell } from './charts.js';
import type { Protection } from './protect.js';

export const BREAKDOWN_DIMENSIONS = ['careGroup', 'staffGroup', 'clinical', 'grade'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number] | 'directorate';

export const DIMENSION_TITLES: Readonly<Record<string, string>> = {
  careGroup: 'Care group',
  directorate: 'Directorate',
  staffGroup: 'Staff group',
  clinical: 'Clinical or non-clinical',
  grade: 'Band',
  sex: 'Sex',
  wresGroup: 'Ethnicity',
  wdesGroup: 'Disability',
};

/** The characteristic scheme whose group labels a crossing field's values read as. */
const CROSSED_SCHEMES: Readonly<Record<string, CharacteristicScheme>> = {
  sex: 'sex',
  wresGroup: 'wres',
  wdesGroup: 'wdes',
};

export function valueLabel(by: string, key: string): string {
  if (key === 'NOT_RECORDED') return 'Not recorded';
  if (by === 'staffGroup') return (STAFF_GROUPS as Record<string, string>)[key] ?? key;
  // Sex is recorded as F, M, X or U (unknown); the ethnicity and disability groups are the schemes' own.
  const scheme = CROSSED_SCHEMES[by];
  if (scheme) return groupLabel(scheme, by === 'sex' && key === 'U' ? 'UNKNOWN' : key);
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
  /** A rate read per head (per 100 staff), not a share of a whole: its axis does not stop at 100. */
  perHead?: boolean;
  columns: string[];
  rows: BreakdownRow[];
}

const STAR: Cell = { text: '*', suppressed: true };
const show = (text: string): Cell => ({ text });

/** The counts of one breakdown row by slot (the ledger's in the publication view, exact in the full view). */
export type RowLookup = (by: string, row: string) => CountLookup;

/**
 * A breakdown row read as two counts and a percentage, without an interval: each count as published, and
 * the percentage worked out from them (withheld with either).
 */
function plainRow(
  by: string,
  key: string,
  value: number | null,
  hidden: boolean,
  decimals: number,
  first: PublishedCount | null,
  second: PublishedCount | null,
  /** What follows the number: "%", or a rate's unit (" per 100 staff"). */
  unit = '%',
) {
  const text = hidden ? '*' : value === null ? '–' : `${fixed(value, decimals)}${unit}`;
  const cellOf = (c: PublishedCount | null) => (c === null ? show('–') : c.withheld ? STAR : show(c.text));
  return {
    key,
    label: valueLabel(by, key),
    value,
    text,
    hidden,
    lower: null,
    upper: null,
    cells: [cellOf(first), cellOf(second), hidden ? STAR : show(text)],
  };
}

function rateGroups(r: StatisticResult): { groups: GroupRateResult[] } | null {
  return r.type === 'relativeLikelihood' || r.type === 'rate' ? r : null;
}

/**
 * The breakdown tables of an indicator's first part, as rows ready to show and draw. Every count comes
 * through `counts` (the organisation's disclosure ledger in the publication view), and every rate,
 * percentage and relative likelihood is worked out from the counts as shown.
 */
export function breakdownViews(
  ind: IndicatorResult,
  s: EngineSettings,
  counts: RowLookup,
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
  const lookup = (by: string, row: string) => counts(by, row);
  return inGroupOrder(viewsOf(r, tables, ind, s, lookup, protection));
}

/** The rows of a crossed view in its characteristic's order (White, BME, unknown), not by code. */
const ROW_ORDER: Readonly<Record<string, readonly string[]>> = {
  sex: ['F', 'M', 'X', 'U'],
  wresGroup: ['WHITE', 'BME', 'UNKNOWN'],
  wdesGroup: ['NON_DISABLED', 'DISABLED', 'UNKNOWN'],
};
function inGroupOrder(views: BreakdownView[]): BreakdownView[] {
  return views.map((v) => {
    const order = ROW_ORDER[v.by];
    if (!order) return v;
    const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
    return { ...v, rows: [...v.rows].sort((a, b) => rank(a.key) - rank(b.key)) };
  });
}

function viewsOf(
  r: StatisticResult,
  tables: BreakdownTable[],
  ind: IndicatorResult,
  s: EngineSettings,
  lookup: RowLookup,
  protection: Protection,
): BreakdownView[] {
  switch (r.type) {
    case 'relativeLikelihood':
      return likelihoodViews(
        tables,
        r.relativeLikelihood.top.group,
        r.relativeLikelihood.bottom.group,
        s,
        lookup,
        protection,
        ind,
      );
    case 'rate':
      return rateViews(tables, r.scheme, s, lookup, r.unit ?? 'percent');
    case 'distribution':
      return shareViews(tables, r.scheme, s, lookup);
    case 'payGap':
      return gapViews(tables, s, lookup, protection);
    case 'surveyPercentage':
      return surveyViews(tables, ind, s, lookup, protection);
    default:
      return [];
  }
}

/**
 * A survey figure's units (the rows of a breakdown by care group or directorate), each ranked by the gap
 * between its groups, worst first, as the engine ranks them from the published counts (surveyHotspots).
 * Units with no survey data of their own are left out: the survey names them nowhere.
 */
export function surveyHotspotRows(
  table: BreakdownTable,
  ind: IndicatorResult,
  s: EngineSettings,
  counts: RowLookup,
  protection: Protection,
): BreakdownRow[] {
  const by = table.by[0]!;
  const rows = table.rows.flatMap((row) =>
    row.result.type === 'surveyPercentage' && row.result.source !== 'none'
      ? [{ key: row.key, result: row.result, count: counts(by, row.key) }]
      : [],
  );
  const min = protection.suppress ? s['survey.minBase'] : 0;
  const d = s['display.percentDecimals'];
  return surveyHotspots(rows, s, ind.adverseDirection, min).map((h) => {
    const groupCell = (g: SurveyHotspot['protectedGroup']): Cell => {
      if (!g) return show('–');
      if (g.hidden) return STAR;
      return show(
        `${g.numerator.text} of ${g.base.text} (${g.percent === null ? '–' : `${fixed(g.percent, d)}%`})`,
      );
    };
    const ci = h.likelihood?.interval ?? null;
    const ratio = h.likelihood?.value ?? null;
    return {
      key: h.key,
      label: valueLabel(by, h.key),
      value: h.gap,
      text: h.hidden ? '*' : h.gap === null ? '–' : fixed(h.gap, d),
      hidden: h.hidden,
      lower: ci?.lower ?? null,
      upper: ci?.upper ?? null,
      cells: [
        groupCell(h.protectedGroup),
        groupCell(h.reference),
        h.hidden ? STAR : show(h.gap === null ? '–' : fixed(h.gap, d)),
        h.hidden
          ? STAR
          : show(
              ratio === null
                ? '–'
                : `${fixed(ratio, s['display.rlDecimals'])} (${ci && ci.lower !== null ? `${fixed(ci.lower, 2)} to ${ci.upper === null ? 'no upper limit' : fixed(ci.upper, 2)}` : 'no interval'})`,
            ),
      ],
    };
  });
}

/**
 * Whether a WRES or WDES survey indicator compares two groups, so that its units can be ranked by the gap:
 * not WDES 8 (Disabled staff only: the other group has no respondents), not a score.
 */
export function hasSurveyGap(ind: IndicatorResult): boolean {
  const r = ind.parts[0]?.metric.result;
  if ((ind.standard !== 'WRES' && ind.standard !== 'WDES') || r?.type !== 'surveyPercentage') return false;
  if (r.gapReason === 'NOT_APPLICABLE') return false;
  const target = comparisonGroup(r.scheme);
  return r.groups.some((g) => g.group !== target && g.group !== 'UNKNOWN' && g.base > 0);
}

/** The column headings of a survey breakdown: the two groups, the gap, the ratio and its interval. */
export function surveyColumns(ind: IndicatorResult, s: EngineSettings): string[] {
  const r = ind.parts[0]?.metric.result;
  const target = r ? comparisonGroup(r.scheme) : null;
  const groups = r?.type === 'surveyPercentage' ? r.groups : [];
  const protectedLabel = groups.find((g) => g.group === target)?.label ?? 'Protected group';
  const referenceLabel =
    groups.find((g) => g.group !== target && g.group !== 'UNKNOWN')?.label ?? 'Reference group';
  const level = Math.round(s['stats.confidenceLevel'] * 100);
  return [
    `${protectedLabel}: positive of respondents (%)`,
    `${referenceLabel}: positive of respondents (%)`,
    'Gap (percentage points)',
    `Ratio of percentages (${level}% interval)`,
  ];
}

function surveyViews(
  tables: BreakdownTable[],
  ind: IndicatorResult,
  s: EngineSettings,
  counts: RowLookup,
  protection: Protection,
): BreakdownView[] {
  return tables.flatMap((t) => {
    const rows = surveyHotspotRows(t, ind, s, counts, protection).sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
    );
    if (rows.length === 0) return [];
    return [
      {
        by: t.by[0]!,
        title: DIMENSION_TITLES[t.by[0]!] ?? t.by[0]!,
        kind: 'gap' as const,
        measure: 'Gap (percentage points)',
        columns: surveyColumns(ind, s),
        rows,
      },
    ];
  });
}

function likelihoodViews(
  tables: BreakdownTable[],
  top: string,
  bottom: string,
  s: EngineSettings,
  counts: RowLookup,
  protection: Protection,
  ind: IndicatorResult,
): BreakdownView[] {
  const first = tables[0]?.rows[0]?.result;
  const groups = first ? (rateGroups(first)?.groups ?? []) : [];
  const label = (id: string) => groups.find((g) => g.group === id)?.label ?? id;
  return tables.map((t) => ({
    by: t.by[0]!,
    title: DIMENSION_TITLES[t.by[0]!] ?? t.by[0]!,
    kind: 'likelihood' as const,
    measure: `Relative likelihood${ind.orientation ? ` (${ind.orientation})` : ''}`,
    columns: [label(top), label(bottom), 'Relative likelihood', 'Confidence interval'],
    rows: t.rows.map((row) => {
      const res = row.result;
      const gs = rateGroups(res)?.groups ?? [];
      const lookup = counts(t.by[0]!, row.key);
      const groupCell = (id: string): [Cell, boolean] => {
        const g = gs.find((x) => x.group === id);
        if (!g) return [show('–'), false];
        const n = lookup(`n:${id}`, g.numerator);
        const d = lookup(`d:${id}`, g.denominator);
        const w = n.withheld || d.withheld;
        const share = publishedShare(n, d);
        const rate = w ? '*' : share === null ? '–' : `${fixed(share * 100, s['display.percentDecimals'])}%`;
        return [{ text: `${n.text} of ${d.text} (${rate})`, suppressed: w }, w];
      };
      const [topCell, topHidden] = groupCell(top);
      const [bottomCell, bottomHidden] = groupCell(bottom);
      const rl = res.type === 'relativeLikelihood' ? res.relativeLikelihood : null;
      const hidden = topHidden || bottomHidden;
      const shown = hidden || rl === null ? null : publishedLikelihood(rl, null, s, protection.rule, lookup);
      const value = shown?.value ?? null;
      const ci = shown?.interval ?? null;
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
                  ? `${fixed(ci.lower, 2)} to ${ci.upper === null ? 'no upper limit' : fixed(ci.upper, 2)}`
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
  s: EngineSettings,
  counts: RowLookup,
  unit: RateUnit,
): BreakdownView[] {
  const first = tables[0]?.rows[0]?.result;
  const groups = first ? (rateGroups(first)?.groups ?? []) : [];
  const ids = groups.map((g) => g.group);
  const target = comparisonGroup(scheme) ?? ids[0] ?? 'ALL';
  const j = Math.max(0, ids.indexOf(target));
  const label = groups[j]?.label ?? 'All';
  return tables.map((t) => ({
    by: t.by[0]!,
    title: DIMENSION_TITLES[t.by[0]!] ?? t.by[0]!,
    kind: 'rate' as const,
    // The rate in its declared unit: "Rate for BME (%)", "Rate for BME (per 100 staff)".
    measure: `${scheme === 'none' ? 'Rate' : `Rate for ${label}`} (${rateUnitName(unit)})`,
    ...(unit === 'percent' ? {} : { perHead: true }),
    columns: ['Count', 'Out of', 'Rate'],
    rows: t.rows.map((row) => {
      const g = (rateGroups(row.result)?.groups ?? []).find((x) => x.group === ids[j]);
      const lookup = counts(t.by[0]!, row.key);
      const n = g ? lookup(`n:${g.group}`, g.numerator) : null;
      const d = g ? lookup(`d:${g.group}`, g.denominator) : null;
      const hidden = (n?.withheld ?? false) || (d?.withheld ?? false);
      const share = n && d ? publishedShare(n, d) : null;
      return plainRow(
        t.by[0]!,
        row.key,
        hidden || share === null ? null : share * rateScale(unit),
        hidden,
        rateDecimals(unit, s['display.percentDecimals']),
        n,
        d,
        rateUnitText(unit),
      );
    }),
  }));
}

function shareViews(
  tables: BreakdownTable[],
  scheme: string,
  s: EngineSettings,
  counts: RowLookup,
): BreakdownView[] {
  const first = tables[0]?.rows[0]?.result;
  const groups = first?.type === 'distribution' ? first.overall.groups : [];
  const ids = groups.map((g) => g.group);
  const target = comparisonGroup(scheme);
  const j = target === null ? -1 : ids.indexOf(target);
  if (j < 0) return [];
  const label = groups[j]!.label;
  return tables.map((t) => ({
    by: t.by[0]!,
    title: DIMENSION_TITLES[t.by[0]!] ?? t.by[0]!,
    kind: 'share' as const,
    measure: `${label} staff (%)`,
    columns: [`${label} staff`, 'All staff', `${label} %`],
    rows: t.rows.map((row) => {
      const o = row.result.type === 'distribution' ? row.result.overall : null;
      const g = o?.groups.find((x) => x.group === ids[j]);
      const lookup = counts(t.by[0]!, row.key);
      const n = g ? lookup(`c:*:${g.group}`, g.count) : null;
      const d = o ? lookup('t:*', o.total) : null;
      const hidden = (n?.withheld ?? false) || (d?.withheld ?? false);
      const share = n && d ? publishedShare(n, d) : null;
      return plainRow(
        t.by[0]!,
        row.key,
        hidden || share === null ? null : share * 100,
        hidden,
        s['display.percentDecimals'],
        n,
        d,
      );
    }),
  }));
}

function gapViews(
  tables: BreakdownTable[],
  s: EngineSettings,
  counts: RowLookup,
  protection: Protection,
): BreakdownView[] {
  const first = tables[0]?.rows[0]?.result;
  if (first?.type !== 'payGap') return [];
  const refLabel = first.reference.label;
  const compLabel = first.comparisons[0]?.label ?? 'Comparison';
  return tables.map((t) => ({
    by: t.by[0]!,
    title: DIMENSION_TITLES[t.by[0]!] ?? t.by[0]!,
    kind: 'gap' as const,
    measure: `Gap (%)`,
    columns: [`${refLabel}: employees`, `${compLabel}: employees`, 'Gap'],
    rows: t.rows.map((row) => {
      const r = row.result.type === 'payGap' ? row.result : null;
      const c = r?.comparisons[0];
      const lookup = counts(t.by[0]!, row.key);
      const rn = r ? lookup(`p:${r.reference.group}`, r.reference.n) : null;
      const cn = r && c ? lookup(`p:${c.group}`, c.n) : null;
      // Means and medians of a few people identify them: withheld with small groups, as the engine does.
      const small =
        protection.suppress &&
        ((r?.reference.n ?? 0) <= protection.threshold || (c?.n ?? 0) <= protection.threshold);
      const hidden = (rn?.withheld ?? false) || (cn?.withheld ?? false) || small;
      const value = hidden ? null : (c?.gap ?? null);
      return plainRow(t.by[0]!, row.key, value, hidden, s['display.payGapDecimals'], rn, cn);
    }),
  }));
}
