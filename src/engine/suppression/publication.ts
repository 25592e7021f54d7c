/**
 * The publication view: display tables whose counts go through the one disclosure rule (disclose.ts: 1 to
 * the threshold withheld, the rest rounded to the base) and whose percentages, rates, relative likelihoods
 * and differences are worked out from the published counts. Computation never rounds; this is the only
 * place, with disclose.ts, that rounds or withholds. With `{ suppress: false }` the same tables carry every
 * count exactly (the full view analysts work with; never published).
 */
import {
  rateRows,
  type DistributionResult,
  type GroupRateResult,
  type PayGapResult,
  type PayQuartilesResult,
  type StatisticResult,
  type WindowResult,
} from '../algebra/results.js';
import { likelihoodOptions } from '../algebra/statistics.js';
import type { IndicatorResult, IndicatorResults } from '../compute.js';
import type { EngineSettings } from '../settings.js';
import { fixed, formatCount, formatPounds } from '../stats/format.js';
import { relativeLikelihood, type RelativeLikelihood } from '../stats/likelihood.js';
import { rateDecimals, rateScale, rateUnitName, type RateUnit } from '../stats/rate.js';
import { groupLabel } from '../algebra/characteristics.js';
import {
  bandText,
  fieldText,
  flagText,
  intervalMethodText,
  quartileText,
  reasonText,
  surveyMeasureText,
  surveyName,
} from '../labels.js';
import type { MetricResult } from '../algebra/results.js';
import { metricCells } from './cells.js';
import { lowSurveyBase, publishedSurveyGap, publishedSurveyGroups } from './survey.js';
import { disclosureRule, publishedShare, type DisclosureRule, type PublishedCount } from './disclose.js';
import { DisclosureLedger } from './ledger.js';

export interface DisplayCell {
  text: string;
  suppressed: boolean;
}

export interface DisplayTable {
  title: string;
  columns: string[];
  rows: { label: string; cells: DisplayCell[] }[];
}

/** A part's headline figure as published: its text, and (unless withheld) the value the text rounds. */
export interface PublishedHeadline {
  label: string;
  text: string;
  notes: string[];
  /** The value shown, unrounded (worked out from the published counts); null when withheld or missing. */
  value: number | null;
  /** For a relative likelihood: its band, interval and flags, all of the published counts. */
  likelihood?: Pick<RelativeLikelihood, 'band' | 'interval' | 'flags' | 'reason'> | null;
}

export interface PublishedPart {
  key: string;
  label: string;
  headline: PublishedHeadline[];
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
const countCell = (c: PublishedCount): DisplayCell => (c.withheld ? STAR : show(c.text));

/** A count by its slot (cells.ts), in the result itself or in one year of its window (`~2023`). */
export type CountLookup = (slot: string, exact: number, sub?: string) => PublishedCount;

interface Ctx {
  s: EngineSettings;
  /** The publication view (small counts withheld, the rest rounded); false for the full view. */
  suppress: boolean;
  rule: DisclosureRule;
  count: CountLookup;
}

const pctText = (v: number | null, c: Ctx) =>
  v === null ? '–' : `${fixed(v, c.s['display.percentDecimals'])}%`;

/** A share of two published counts as a percentage cell: withheld with either count. */
function shareCell(n: PublishedCount, d: PublishedCount, c: Ctx): DisplayCell {
  if (n.withheld || d.withheld) return STAR;
  const v = publishedShare(n, d);
  return show(v === null ? '–' : pctText(v * 100, c));
}

function distributionTables(r: DistributionResult, c: Ctx): DisplayTable[] {
  const rows = [...r.rows.map((row) => ({ key: row.key, row })), { key: '*', row: r.overall }];
  const line = (label: string, key: string, row: DistributionResult['overall']) => {
    const total = c.count(`t:${key}`, row.total);
    const cells: DisplayCell[] = [];
    for (const g of row.groups) {
      const n = c.count(`c:${key}:${g.group}`, g.count);
      cells.push(countCell(n), shareCell(n, total, c));
    }
    cells.push(countCell(total));
    return { label, cells };
  };
  const body = (r.rows.length > 0 ? rows : rows.slice(-1)).map(({ key, row }) =>
    line(key === '*' && r.rows.length > 0 ? 'Overall workforce' : row.label, key, row),
  );
  return [
    {
      title: 'Headcount and percentage of each row',
      columns: [...r.overall.groups.flatMap((g) => [`${g.label} (n)`, `${g.label} (%)`]), 'Total'],
      rows: body,
    },
  ];
}

/** A group's rate through the rule: its counts, and the rate of the published counts. */
function rateCells(
  g: GroupRateResult,
  c: Ctx,
  id: string,
  unit: RateUnit,
): { cells: DisplayCell[]; withheld: boolean } {
  const n = c.count(`n:${id}`, g.numerator);
  const d = c.count(`d:${id}`, g.denominator);
  const rate = unit === 'percent' ? shareCell(n, d, c) : rateCell(n, d, unit, c);
  return { cells: [countCell(n), countCell(d), rate], withheld: n.withheld || d.withheld };
}

/** A rate in a unit other than the percentage: the number alone, its unit named by the column. */
function rateCell(n: PublishedCount, d: PublishedCount, unit: RateUnit, c: Ctx): DisplayCell {
  if (n.withheld || d.withheld) return STAR;
  const v = publishedShare(n, d);
  return show(
    v === null ? '–' : fixed(v * rateScale(unit), rateDecimals(unit, c.s['display.percentDecimals'])),
  );
}

function rateTable(r: Extract<StatisticResult, { type: 'rate' | 'relativeLikelihood' }>, c: Ctx) {
  const withheld = new Set<string>();
  const unit = (r.type === 'rate' ? r.unit : undefined) ?? 'percent';
  const all = rateRows(r);
  const rows = all.map((g, j) => {
    const { cells, withheld: w } = rateCells(g, c, j === all.length - 1 ? 'ALL' : g.group, unit);
    if (w) withheld.add(g.group);
    return { label: g.label, cells };
  });
  // A rate in another unit than the percentage names it in its column: "Rate per 100 staff".
  const rate = unit === 'percent' ? 'Rate' : `Rate ${rateUnitName(unit)}`;
  return {
    table: { title: 'Counts and rates', columns: ['Numerator', 'Denominator', rate], rows },
    withheld,
  };
}

/**
 * The relative likelihood of the published counts (the full view: of the exact counts). Under the
 * mean-of-ratios window it is the mean of each year's likelihood of that year's published counts.
 */
export function publishedLikelihood(
  rl: RelativeLikelihood,
  window: WindowResult | null,
  s: EngineSettings,
  rule: DisclosureRule,
  count: CountLookup,
): RelativeLikelihood | null {
  const one = (
    top: { group: string; numerator: number; denominator: number },
    bottom: typeof top,
    sub?: string,
  ) => {
    const [tn = null, td = null, bn = null, bd = null] = (
      [
        ['n', top],
        ['d', top],
        ['n', bottom],
        ['d', bottom],
      ] as const
    ).map(([k, g]) => count(`${k}:${g.group}`, k === 'n' ? g.numerator : g.denominator, sub).value);
    if (tn === null || td === null || bn === null || bd === null) return null;
    return relativeLikelihood(
      { group: top.group, numerator: tn, denominator: td },
      { group: bottom.group, numerator: bn, denominator: bd },
      likelihoodOptions(s),
    );
  };
  if (!rule.publication) return rl;
  if (window?.method === 'MEAN_OF_RATIOS' && window.perYear.length > 1) {
    const yearly = window.perYear.map((y) =>
      y.result.type === 'relativeLikelihood'
        ? one(y.result.relativeLikelihood.top, y.result.relativeLikelihood.bottom, `~${y.year}`)
        : null,
    );
    if (yearly.some((y) => y === null)) return null;
    const values = yearly.map((y) => y?.value ?? null);
    const pooled = one(rl.top, rl.bottom);
    if (pooled === null) return null;
    const mean = values.every((v) => v !== null) ? values.reduce((a, b) => a + b, 0) / values.length : null;
    return { ...pooled, value: mean, interval: null };
  }
  return one(rl.top, rl.bottom);
}

function payGapTables(
  r: PayGapResult,
  c: Ctx,
): { tables: PublishedPart['tables']; headline: PublishedPart['headline'] } {
  const all = [r.reference, ...r.comparisons];
  // Means and medians of a few people identify them: withheld in the publication view.
  const small = (n: number) => c.suppress && n <= c.s['suppression.primaryThreshold'];
  const refHidden = small(r.reference.n);
  const rows = all.map((g, j) => {
    const gap = j === 0 ? null : r.comparisons[j - 1]!;
    const h = small(g.n);
    return {
      label: g.label,
      cells: [
        countCell(c.count(`p:${g.group}`, g.n)),
        h ? STAR : show(formatPounds(g.value)),
        gap === null
          ? show('reference')
          : h || refHidden
            ? STAR
            : show(gap.gap === null ? '–' : `${fixed(gap.gap, c.s['display.payGapDecimals'])}%`),
      ],
    };
  });
  const measure = r.measure === 'mean' ? 'Mean' : 'Median';
  return {
    tables: [
      {
        title: `${measure} ${fieldText(r.valueField).toLowerCase()} by group`,
        columns: ['Employees', measure, 'Gap'],
        rows,
      },
    ],
    headline: r.comparisons.map((g) => ({
      label: `Gap: ${g.label}`,
      value: small(g.n) || refHidden ? null : g.gap,
      text:
        small(g.n) || refHidden
          ? '*'
          : g.gap === null
            ? '–'
            : `${fixed(g.gap, c.s['display.payGapDecimals'])}%`,
      notes: g.reason ? [reasonText(g.reason)] : [],
    })),
  };
}

function quartileTables(r: PayQuartilesResult, c: Ctx): DisplayTable[] {
  const groups = r.quartiles[0]?.groups ?? [];
  return [
    {
      title: 'Pay quartiles',
      columns: [...groups.flatMap((g) => [`${g.label} (n)`, `${g.label} (%)`]), 'Employees'],
      rows: r.quartiles.map((q) => {
        const size = c.count(`qs:${q.band}`, q.size);
        return {
          label: quartileText(q.band),
          cells: [
            ...q.groups.flatMap((g) => {
              const n = c.count(`q:${q.band}:${g.group}`, g.count);
              return [countCell(n), shareCell(n, size, c)];
            }),
            countCell(size),
          ],
        };
      }),
    },
  ];
}

function publishStatistic(
  r: StatisticResult,
  window: WindowResult | null,
  c: Ctx,
): Omit<PublishedPart, 'key' | 'label'> {
  switch (r.type) {
    case 'distribution':
      return { headline: [], tables: distributionTables(r, c) };
    case 'rate':
    case 'relativeLikelihood': {
      const { table, withheld } = rateTable(r, c);
      if (r.type === 'rate') return { headline: [], tables: [table] };
      const rl = r.relativeLikelihood;
      const hide = withheld.has(rl.top.group) || withheld.has(rl.bottom.group);
      const shown = hide ? null : publishedLikelihood(rl, window, c.s, c.rule, c.count);
      // A withheld value's band (adverse or not) would say which side of 1.25 it lies: nothing is said.
      const notes: string[] =
        shown === null
          ? []
          : [
              ...shown.flags.map(flagText),
              ...(shown.band ? [bandText(shown.band)] : []),
              ...(rl.reason ? [reasonText(rl.reason)] : []),
            ];
      const ci = shown?.interval ?? null;
      if (ci)
        notes.push(
          `${Math.round(ci.level * 100)}% confidence interval ${fixed(ci.lower, 2)} to ${ci.upper === null ? 'no upper limit' : fixed(ci.upper, 2)} (${intervalMethodText(ci.method)})`,
        );
      return {
        headline: [
          {
            label: 'Relative likelihood',
            text:
              shown === null
                ? '*'
                : shown.value === null
                  ? '–'
                  : fixed(shown.value, c.s['display.rlDecimals']),
            notes,
            value: shown?.value ?? null,
            likelihood: shown
              ? { band: shown.band, interval: shown.interval, flags: shown.flags, reason: shown.reason }
              : null,
          },
        ],
        tables: [table],
      };
    }
    case 'representationDifference': {
      // The board's make-up is published in full when the setting says so (cells.ts); the workforce follows the rule.
      const pn = c.count('rp', r.population.count);
      const pt = c.count('rt', r.population.total);
      const cn = c.count('cp', r.comparison.count);
      const ct = c.count('ct', r.comparison.total);
      const ps = publishedShare(pn, pt);
      const cs = publishedShare(cn, ct);
      const withheld = pn.withheld || pt.withheld || cn.withheld || ct.withheld;
      const difference = withheld || ps === null || cs === null ? null : (ps - cs) * 100;
      const label = groupLabel(r.scheme, r.group);
      return {
        headline: [
          {
            label: 'Difference (percentage points)',
            text: withheld
              ? '*'
              : difference === null
                ? '–'
                : fixed(difference, c.s['display.percentDecimals']),
            notes: [],
            value: withheld ? null : difference,
          },
        ],
        tables: [
          {
            title: 'Representation',
            columns: [`${label} (n)`, 'Total', `${label} (%)`],
            rows: [
              { label: r.populationLabel, cells: [countCell(pn), countCell(pt), shareCell(pn, pt, c)] },
              { label: r.comparisonLabel, cells: [countCell(cn), countCell(ct), shareCell(cn, ct, c)] },
            ],
          },
        ],
      };
    }
    case 'surveyPercentage': {
      const min = c.suppress ? c.s['survey.minBase'] : 0;
      const low = (base: number) => lowSurveyBase(base, min);
      // Each group's percentage of its published counts (survey.ts: publishedSurveyGroups), withheld with
      // either count; the gap of the published percentages.
      const published = publishedSurveyGroups(r, c.count, min);
      const hidden = published.some((g) => g.group !== 'UNKNOWN' && g.hidden);
      const gap = hidden ? null : publishedSurveyGap(r, published);
      return {
        headline: [
          {
            label: 'Gap (percentage points)',
            text: hidden ? '*' : gap === null ? '–' : fixed(gap, c.s['display.percentDecimals']),
            notes: [],
            value: gap,
          },
        ],
        tables: [
          {
            title: `${surveyName(r)}: ${surveyMeasureText(r.measure)}`,
            columns: ['Respondents', '%'],
            rows: r.groups.map((g, i) => {
              const p = published[i]!;
              if (low(g.base)) return { label: g.label, cells: [STAR, STAR] };
              const base = c.count(`b:${g.group}`, g.base);
              return {
                label: g.label,
                cells: [countCell(base), p.hidden ? STAR : show(pctText(p.percent, c))],
              };
            }),
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
            title: `NHS Staff Survey ${r.surveyYear}: ${surveyMeasureText(r.measure)}`,
            columns: ['Respondents', 'Score'],
            rows: r.groups.map((g) => ({
              label: g.label,
              cells: lowSurveyBase(g.base, min)
                ? [STAR, STAR]
                : [countCell(c.count(`b:${g.group}`, g.base)), show(fixed(g.score, 1))],
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

/** The indicators whose representation part compares the board with the workforce. */
export const BOARD_INDICATORS: ReadonlySet<string> = new Set(['WRES9', 'WDES10']);

/** Where the counts of one indicator part are found: a lookup by slot. */
export type PartLookup = (ind: IndicatorResult, partKey: string) => CountLookup;

/**
 * Counts protected within one result alone: a ledger of the part's own counts and sums (its groups and
 * total, its breakdown rows, the years of its window). Views that share sums with other views (a trust
 * and its care groups, a year and its quarters) give a ledger over all of them instead (`lookup`).
 */
export function ownLookup(
  ind: IndicatorResult,
  metric: MetricResult,
  s: EngineSettings,
  rule: DisclosureRule,
): CountLookup {
  const ledger = new DisclosureLedger(rule);
  const board = BOARD_INDICATORS.has(ind.id) && s['suppression.publishBoard'];
  const { cells, full, withheld, sums } = metricCells('', metric, board);
  for (const [k, v] of cells) ledger.add(k, v, { full: full.has(k), withhold: withheld.has(k) });
  for (const sum of sums) ledger.relate(sum.total, sum.parts);
  return (slot, exact, sub = '') => ledger.get(`${sub}#${slot}`) ?? missingCount(exact, rule);
}

/** A count no ledger holds: withheld in the publication view (never shown unprotected). */
function missingCount(exact: number, rule: DisclosureRule): PublishedCount {
  return rule.publication
    ? { exact, value: null, text: '*', withheld: true, rounded: false }
    : { exact, value: exact, text: formatCount(exact), withheld: false, rounded: false };
}

function publishIndicator(
  ind: IndicatorResult,
  c: Omit<Ctx, 'count'>,
  lookup: PartLookup | null,
): PublishedIndicator {
  return {
    id: ind.id,
    title: ind.title,
    notes: ind.recorded
      ? [`Answer: ${ind.recorded.answer ?? 'not recorded'}`, ind.recorded.narrative ?? '']
      : [],
    parts: ind.parts.map((p) => ({
      key: p.key,
      label: p.label,
      ...publishStatistic(p.metric.result, p.metric.window, {
        ...c,
        count: lookup ? lookup(ind, p.key) : ownLookup(ind, p.metric, c.s, c.rule),
      }),
    })),
  };
}

/**
 * The publication view of computed results: counts through the disclosure rule (withheld or rounded,
 * with more withheld where sums would give a withheld count away), every figure worked out from the
 * published counts, display rounding. With `{ suppress: false }` the same tables show every count exactly
 * (for analysts, who work with the full figures; never published). `lookup` names the ledger that holds
 * every view the reader can reach; without it each result is protected on its own.
 */
export function toPublication(
  results: IndicatorResults,
  view: { suppress: boolean; lookup?: PartLookup | null } = { suppress: true },
): PublishedIndicator[] {
  const s = results.settings;
  const c = { s, suppress: view.suppress, rule: disclosureRule(s, view.suppress) };
  return [...results.indicators, ...results.local].map((ind) =>
    publishIndicator(ind, c, view.lookup ?? null),
  );
}
