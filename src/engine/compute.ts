/**
 * The entry point: computeIndicators takes typed records, settings and the reporting year, and returns
 * every national indicator (WRES 1-9, WDES 1-10, gender, ethnicity and disability pay gaps) and every local
 * metric, each carrying its numerators and denominators, with data issues and the change against the
 * previous period. Pure: no clock, no I/O; the same input always gives the same output, whatever the
 * order of the records.
 */
import {
  createContext,
  IssueLog,
  SharedEvaluation,
  type DataIssue,
  type Datasets,
  type EvalContext,
} from './algebra/context.js';
import { COMPARISON_GROUP } from './algebra/characteristics.js';
import { evaluateMetric } from './algebra/evaluate.js';
import { selectPopulation } from './algebra/population.js';
import type { MetricResult, StatisticResult, WindowKind } from './algebra/results.js';
import type { Dimension, MetricDefinition } from './algebra/types.js';
import { nationalCatalogue, type CatalogueEntry, type Standard } from './catalogue/index.js';
import type { LocalMetricDefinition, ValidationProblem } from './local/types.js';
import { validateLocalMetric } from './local/validate.js';
import { financialYearLabel, standardsReportingWindow, type DateRange } from './periods.js';
import {
  ENGINE_SETTINGS,
  resolveSettings,
  type EngineSettings,
  type SettingId,
  type SettingProblem,
} from './settings.js';
import { compareValues, type AdverseDirection, type Change } from './stats/change.js';
import { rateDecimals, rateScale } from './stats/rate.js';

export const ENGINE_VERSION = '1.0.0';

export interface RecordedAnswer {
  answer: 'yes' | 'no' | null;
  narrative: string | null;
}

export interface ComputeInput {
  organisation?: { code: string | null; name: string | null } | null;
  /** The reporting year N: snapshot 31 March N, financial year N-1/N, staff survey N-1. */
  year: number;
  datasets: Datasets;
  /** Overrides of the defaults, by setting id (settings.ts); invalid ones are reported and ignored. */
  settings?: Partial<Record<string, unknown>>;
  /** The organisation's local metric definitions (JSON); invalid ones are reported, not computed. */
  localMetrics?: readonly unknown[];
  /** Answers the trust records itself: WDES 9b. */
  recorded?: { WDES9b?: RecordedAnswer };
  /** 'compute': also compute year N-1 from the same datasets and compare; or results computed before. */
  previous?: 'compute' | IndicatorResults | null;
  /** Extra breakdowns applied to every metric that can be broken down (e.g. ["careGroup"]). */
  breakdown?: (Dimension | Dimension[])[];
  /** Compute only these indicator ids (national and local); all when absent. */
  only?: readonly string[];
  /**
   * Work shared with the computations of other years of the same datasets (`SharedEvaluation`): the year
   * before, computed after this one, costs what its own window adds. The figures are the same without it.
   * `previous: 'compute'` shares its own whether or not one is given.
   */
  shared?: SharedEvaluation;
}

export interface IndicatorPart {
  key: string;
  label: string;
  /** Which way is worse for this part's figures. */
  adverseDirection: AdverseDirection;
  metric: MetricResult;
}

export interface IndicatorResult {
  id: string;
  standard: Standard | 'LOCAL';
  number: string;
  title: string;
  formula: string;
  orientation: string | null;
  adverseDirection: AdverseDirection;
  parts: IndicatorPart[];
  /** For WDES 9b: the recorded answer, echoed. */
  recorded: RecordedAnswer | null;
  /** Consistency checks of the entry (e.g. appointed but not shortlisted). */
  issues: DataIssue[];
  /** Against the previous period; null when no previous period was given. */
  change: Change[] | null;
}

/**
 * Why a reporting year is refused: it has no workforce snapshot of its own at 31 March (standards.md §0:
 * WRES/WDES year N is the staff in post at 31 March N). Its figures would be empty or made of another
 * year's data, so none is computed.
 */
export interface PeriodProblem {
  code: 'NO_WORKFORCE_SNAPSHOT';
  year: number;
  snapshotDate: string;
  /** Reporting years that have a workforce snapshot at 31 March in the data, newest first. */
  snapshotYears: number[];
}

export interface IndicatorResults {
  engineVersion: string;
  organisation: { code: string | null; name: string | null } | null;
  year: number;
  period: { snapshotDate: string; processPeriod: DateRange; surveyYear: number };
  /** Set when the year is refused; `indicators` and `local` are then empty. */
  periodProblem: PeriodProblem | null;
  settings: EngineSettings;
  settingProblems: SettingProblem[];
  indicators: IndicatorResult[];
  local: IndicatorResult[];
  localProblems: { index: number; id: string | null; problems: ValidationProblem[] }[];
}

const BREAKABLE = new Set([
  'rate',
  'relativeLikelihood',
  'distribution',
  'payGap',
  'surveyPercentage',
  'surveyScore',
]);

/**
 * Whether a figure can be broken down further (rates, likelihoods, distributions and pay gaps can; survey
 * figures by the units their own data names, and by nothing else).
 */
export function canBreakDown(def: MetricDefinition): boolean {
  return BREAKABLE.has(def.statistic.type);
}

function withBreakdown(
  def: MetricDefinition,
  extra: (Dimension | Dimension[])[] | undefined,
): MetricDefinition {
  if (!extra || extra.length === 0 || !canBreakDown(def)) return def;
  return { ...def, breakdown: [...(def.breakdown ?? []), ...extra] };
}

function runChecks(entry: CatalogueEntry, ctx: EvalContext): DataIssue[] {
  const log = new IssueLog();
  for (const c of entry.checks) {
    const found = selectPopulation(
      { dataset: c.dataset, where: c.where, at: c.at, unit: 'records' },
      { ...ctx, issues: new IssueLog() },
      0,
    );
    log.add(c.code, c.dataset, c.message, found.index.length);
  }
  return log.list();
}

function localEntry(def: LocalMetricDefinition): CatalogueEntry {
  return {
    id: def.id,
    standard: 'WRES',
    number: '',
    title: def.title,
    formula: def.description ?? '',
    orientation: null,
    adverseDirection:
      def.adverseDirection ?? (def.statistic.type === 'relativeLikelihood' ? 'TOWARDS_PARITY' : 'NONE'),
    source: def.source ?? '',
    methodology: def.description ?? '',
    references: [],
    settings: [],
    checks: [],
    parts: [{ key: 'main', label: 'All', definition: def }],
  };
}

function evaluateEntry(
  entry: CatalogueEntry,
  ctx: EvalContext,
  input: ComputeInput,
  standard: Standard | 'LOCAL',
): IndicatorResult {
  const recorded = entry.recorded
    ? (input.recorded?.[entry.id as 'WDES9b'] ?? { answer: null, narrative: null })
    : null;
  return {
    id: entry.id,
    standard,
    number: entry.number,
    title: entry.title,
    formula: entry.formula,
    orientation: entry.orientation,
    adverseDirection: entry.adverseDirection,
    parts: entry.parts.map((p) => ({
      key: p.key,
      label: p.label,
      adverseDirection: p.adverseDirection ?? entry.adverseDirection,
      metric: evaluateMetric(withBreakdown(p.definition, input.breakdown), ctx),
    })),
    recorded,
    issues: runChecks(entry, ctx),
    change: null,
  };
}

/** Reporting years with a workforce snapshot at 31 March among the records, newest first. */
export function snapshotYears(workforce: readonly { snapshotDate: string }[] | undefined): number[] {
  const years = new Set<number>();
  for (const r of workforce ?? [])
    if (typeof r.snapshotDate === 'string' && /^\d{4}-03-31$/.test(r.snapshotDate))
      years.add(Number(r.snapshotDate.slice(0, 4)));
  return [...years].sort((a, b) => b - a);
}

/** The problem with computing `year` from these datasets, or null when it has its own snapshot. */
export function checkReportingYear(year: number, datasets: Datasets): PeriodProblem | null {
  const years = snapshotYears(datasets.workforce);
  if (years.includes(year)) return null;
  return {
    code: 'NO_WORKFORCE_SNAPSHOT',
    year,
    snapshotDate: standardsReportingWindow(year).snapshotDate,
    snapshotYears: years,
  };
}

/**
 * A period problem in words, for a page or a command line. `organisation` names who it is about.
 *
 * Example: "Demo Trust (DHF) has no staff-in-post snapshot at 31 March 2025 loaded, so there are no figures
 * for the 2025 reporting year. Years with a snapshot: 2024, 2023."
 */
export function describePeriodProblem(problem: PeriodProblem, organisation: string): string {
  const head = `${organisation} has no staff-in-post snapshot at 31 March ${problem.year} loaded, so there are no figures for the ${problem.year} reporting year.`;
  return problem.snapshotYears.length === 0
    ? `${head} No staff-in-post snapshot is loaded yet (see the Data page or parity import).`
    : `${head} Years with a snapshot: ${problem.snapshotYears.join(', ')}.`;
}

/** "2023/24": the financial year whose end is 31 March of reporting year N. */
const financialYearOfReport = (year: number): string => financialYearLabel(year - 1);

const WINDOW_WORDS: Readonly<Record<WindowKind, string>> = {
  ONE_YEAR: 'one year',
  POOLED_TWO_YEARS: 'two years pooled',
  MEAN_OF_TWO_YEARLY_RATIOS: 'mean of two yearly ratios',
};

/**
 * What period a figure covers, in words, with its financial years: "one year (2023/24)", "two years pooled
 * (2022/23 and 2023/24)", "mean of two yearly ratios (2022/23 and 2023/24)".
 */
export function windowText(metric: Pick<MetricResult, 'windowKind' | 'windowYears'>): string {
  const years = metric.windowYears.map(financialYearOfReport);
  return `${WINDOW_WORDS[metric.windowKind]} (${years.join(' and ')})`;
}

/**
 * Computes every national indicator and local metric for one reporting year. A year without its own
 * workforce snapshot at 31 March is refused: the results carry `periodProblem` and no figures.
 *
 * Example: computeIndicators({ year: 2024, datasets: { workforce, recruitment } }).indicators
 *   .find((i) => i.id === 'WRES2')!.parts[0]!.metric.result  // relative likelihood with its counts
 */
export function computeIndicators(input: ComputeInput): IndicatorResults {
  const { settings, problems } = resolveSettings(input.settings ?? {});
  const periodProblem = checkReportingYear(input.year, input.datasets);
  const shared = input.shared ?? (input.previous === 'compute' ? new SharedEvaluation(input.datasets) : null);
  const ctx = shared
    ? shared.context(input.year, input.datasets, settings)
    : createContext(input.year, input.datasets, settings);
  const wanted = (id: string) => periodProblem === null && (!input.only || input.only.includes(id));
  const indicators = nationalCatalogue(settings)
    .filter((e) => wanted(e.id))
    .map((e) => evaluateEntry(e, ctx, input, e.standard));

  const local: IndicatorResult[] = [];
  const localProblems: IndicatorResults['localProblems'] = [];
  (input.localMetrics ?? []).forEach((raw, index) => {
    const v = validateLocalMetric(raw);
    if (!v.ok) {
      const id =
        typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
          ? (raw as { id: string }).id
          : null;
      localProblems.push({ index, id, problems: v.problems });
      return;
    }
    if (wanted(v.definition.id)) local.push(evaluateEntry(localEntry(v.definition), ctx, input, 'LOCAL'));
  });

  const window = standardsReportingWindow(input.year);
  const results: IndicatorResults = {
    engineVersion: ENGINE_VERSION,
    organisation: input.organisation ?? null,
    year: input.year,
    period: {
      snapshotDate: window.snapshotDate,
      processPeriod: window.processPeriod,
      surveyYear: window.surveyYear,
    },
    periodProblem,
    settings,
    settingProblems: problems,
    indicators,
    local,
    localProblems,
  };
  if (!input.previous) return results;
  const previous =
    input.previous === 'compute' && periodProblem === null
      ? computeIndicators({ ...input, year: input.year - 1, previous: null, ...(shared ? { shared } : {}) })
      : input.previous;
  return previous === 'compute' ? results : withChanges(results, previous);
}

/**
 * The results of a period with each figure's change from the previous period's results (`addChanges`),
 * as `computeIndicators` gives them when asked to compare: a copy, leaving both results as they were. A
 * refused period (`periodProblem`) is returned as it is.
 */
export function withChanges(current: IndicatorResults, previous: IndicatorResults): IndicatorResults {
  if (current.periodProblem !== null) return current;
  const copy: IndicatorResults = {
    ...current,
    indicators: current.indicators.map((ind) => ({ ...ind })),
    local: current.local.map((ind) => ({ ...ind })),
  };
  addChanges(copy, previous);
  return copy;
}

interface Measure {
  measure: string;
  value: number | null;
  direction: AdverseDirection;
  decimals: number;
}

/** The figures of a result that are compared with the previous period, each with its direction. */
export function comparableMeasures(
  result: StatisticResult,
  direction: AdverseDirection,
  s: EngineSettings,
): Measure[] {
  const pct = s['display.percentDecimals'];
  switch (result.type) {
    case 'relativeLikelihood':
      return [
        {
          measure: 'relativeLikelihood',
          value: result.relativeLikelihood.value,
          direction,
          decimals: s['display.rlDecimals'],
        },
      ];
    case 'rate': {
      const groups = result.groups.filter((g) => g.group !== 'UNKNOWN' && g.denominator > 0);
      // A group's own rate is judged by the metric's direction when that is a direction of the level
      // (appraisals completed: higher is better); one towards parity or zero is about the gap, not a level.
      const level = direction === 'HIGHER_IS_BETTER' || direction === 'LOWER_IS_BETTER' ? direction : 'NONE';
      // In the rate's own unit (a percentage, or per 100 staff...), at the precision it is shown with.
      const unit = result.unit ?? 'percent';
      const scale = rateScale(unit);
      const decimals = rateDecimals(unit, pct);
      const out: Measure[] = result.groups
        .filter((g) => g.group !== 'UNKNOWN')
        .map((g) => ({
          measure: `group:${g.group}`,
          value: g.value === null ? null : g.value * scale,
          direction: level,
          decimals,
        }));
      if (result.scheme === 'none')
        return [
          {
            measure: 'rate',
            value: result.all.value === null ? null : result.all.value * scale,
            direction,
            decimals,
          },
        ];
      if (groups.length >= 2 && groups[0]!.value !== null && groups[1]!.value !== null)
        out.push({
          measure: 'gap',
          value: (groups[1]!.value - groups[0]!.value) * scale,
          direction: 'TOWARDS_ZERO',
          decimals,
        });
      return out;
    }
    case 'distribution': {
      const comparison =
        result.scheme === 'wres' || result.scheme === 'wdes' ? COMPARISON_GROUP[result.scheme] : null;
      if (comparison === null) return [];
      const overall = result.overall.groups.find((g) => g.group === comparison)?.percent ?? null;
      return [
        { measure: `overall:${comparison}`, value: overall, direction: 'NONE', decimals: pct },
        ...result.rows.map((r) => {
          const p = r.groups.find((g) => g.group === comparison)?.percent ?? null;
          return {
            measure: `row:${r.key}`,
            value: p === null || overall === null ? null : p - overall,
            direction,
            decimals: pct,
          };
        }),
      ];
    }
    case 'representationDifference':
      return [{ measure: 'difference', value: result.difference, direction, decimals: pct }];
    case 'surveyPercentage':
      return [
        ...result.groups
          .filter((g) => g.group !== 'UNKNOWN')
          .map((g) => ({ measure: `group:${g.group}`, value: g.percent, direction, decimals: pct })),
        { measure: 'gap', value: result.gap, direction: 'TOWARDS_ZERO' as const, decimals: pct },
      ];
    case 'surveyScore':
      return result.groups
        .filter((g) => g.group !== 'UNKNOWN')
        .map((g) => ({ measure: `group:${g.group}`, value: g.score, direction, decimals: 1 }));
    case 'payGap':
      return result.comparisons.map((c) => ({
        measure: `gap:${c.group}`,
        value: c.gap,
        direction: 'TOWARDS_ZERO' as const,
        decimals: s['display.payGapDecimals'],
      }));
    case 'payQuartiles':
      return result.quartiles.flatMap((q) =>
        q.groups.map((g) => ({
          measure: `${q.band}:${g.group}`,
          value: g.percent,
          direction: 'NONE' as const,
          decimals: pct,
        })),
      );
  }
}

const settingValue = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Why two figures of an indicator part are not the same kind of figure, in words, or null when they are:
 * a setting of the indicator's definition differs, or they cover different windows (one year, two years
 * pooled, the mean of two yearly ratios).
 */
function incomparable(
  settingIds: readonly SettingId[],
  current: { settings: EngineSettings; metric: MetricResult },
  previous: { settings: EngineSettings; metric: MetricResult },
  period: string,
): string | null {
  const changed = settingIds.filter(
    (id) => settingValue(current.settings[id]) !== settingValue(previous.settings[id]),
  );
  if (changed.length > 0)
    return `the definition differs: ${changed
      .map(
        (id) =>
          `${ENGINE_SETTINGS[id].title} was ${settingValue(previous.settings[id])}, now ${settingValue(current.settings[id])}`,
      )
      .join('; ')}`;
  if (current.metric.windowKind !== previous.metric.windowKind)
    return `the previous ${period}’s figure covers ${windowText(previous.metric)}, this ${period}’s ${windowText(current.metric)}`;
  return null;
}

/**
 * Fills `change` of every indicator by matching indicator id, part key and measure. A change is labelled
 * only between figures of the same window and definition; otherwise it is 'not comparable' with the
 * reason in words. `period` names the periods compared ("year", "quarter" or "month").
 */
export function addChanges(
  current: IndicatorResults,
  previous: IndicatorResults,
  period: 'year' | 'quarter' | 'month' = 'year',
): void {
  const s = current.settings;
  const index = new Map<string, number | null>();
  const metrics = new Map<string, MetricResult>();
  for (const ind of [...previous.indicators, ...previous.local])
    for (const part of ind.parts) {
      metrics.set(`${ind.id}|${part.key}`, part.metric);
      for (const m of comparableMeasures(part.metric.result, part.adverseDirection, s))
        index.set(`${ind.id}|${part.key}|${m.measure}`, m.value);
    }
  const definitionSettings = new Map(nationalCatalogue(s).map((e) => [e.id, e.settings]));
  for (const ind of [...current.indicators, ...current.local]) {
    ind.change = ind.parts.flatMap((part) => {
      const before = metrics.get(`${ind.id}|${part.key}`);
      const why = before
        ? incomparable(
            ind.standard === 'LOCAL' ? [] : (definitionSettings.get(ind.id) ?? []),
            { settings: s, metric: part.metric },
            { settings: previous.settings, metric: before },
            period,
          )
        : null;
      return comparableMeasures(part.metric.result, part.adverseDirection, s).map((m) => {
        const key = `${ind.id}|${part.key}|${m.measure}`;
        const prev = index.has(key) ? index.get(key)! : null;
        const change = compareValues(
          part.key === 'main' ? m.measure : `${part.key}:${m.measure}`,
          prev,
          m.value,
          m.direction,
          m.decimals,
          period,
        );
        return why !== null && change.status !== 'not comparable'
          ? { ...change, status: 'not comparable' as const, reason: why }
          : change;
      });
    });
  }
}
