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
  type DataIssue,
  type Datasets,
  type EvalContext,
} from './algebra/context.js';
import { evaluateMetric } from './algebra/evaluate.js';
import { selectPopulation } from './algebra/population.js';
import type { MetricResult, StatisticResult } from './algebra/results.js';
import type { Dimension, MetricDefinition } from './algebra/types.js';
import { nationalCatalogue, type CatalogueEntry, type Standard } from './catalogue/index.js';
import type { LocalMetricDefinition, ValidationProblem } from './local/types.js';
import { validateLocalMetric } from './local/validate.js';
import { standardsReportingWindow, type DateRange } from './periods.js';
import { resolveSettings, type EngineSettings, type SettingProblem } from './settings.js';
import { compareValues, type AdverseDirection, type Change } from './stats/change.js';

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

export interface IndicatorResults {
  engineVersion: string;
  organisation: { code: string | null; name: string | null } | null;
  year: number;
  period: { snapshotDate: string; processPeriod: DateRange; surveyYear: number };
  settings: EngineSettings;
  settingProblems: SettingProblem[];
  indicators: IndicatorResult[];
  local: IndicatorResult[];
  localProblems: { index: number; id: string | null; problems: ValidationProblem[] }[];
}

const BREAKABLE = new Set(['rate', 'relativeLikelihood', 'distribution', 'payGap']);

function withBreakdown(
  def: MetricDefinition,
  extra: (Dimension | Dimension[])[] | undefined,
): MetricDefinition {
  if (!extra || extra.length === 0 || !BREAKABLE.has(def.statistic.type)) return def;
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

/**
 * Computes every national indicator and local metric for one reporting year.
 *
 * Example: computeIndicators({ year: 2024, datasets: { workforce, recruitment } }).indicators
 *   .find((i) => i.id === 'WRES2')!.parts[0]!.metric.result  // relative likelihood with its counts
 */
export function computeIndicators(input: ComputeInput): IndicatorResults {
  const { settings, problems } = resolveSettings(input.settings ?? {});
  const ctx = createContext(input.year, input.datasets, settings);
  const wanted = (id: string) => !input.only || input.only.includes(id);
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
    settings,
    settingProblems: problems,
    indicators,
    local,
    localProblems,
  };
  if (input.previous) {
    const previous =
      input.previous === 'compute'
        ? computeIndicators({ ...input, year: input.year - 1, previous: null })
        : input.previous;
    addChanges(results, previous);
  }
  return results;
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
      const out: Measure[] = result.groups
        .filter((g) => g.group !== 'UNKNOWN')
        .map((g) => ({
          measure: `group:${g.group}`,
          value: g.value === null ? null : g.value * 100,
          direction: 'NONE',
          decimals: pct,
        }));
      if (result.scheme === 'none')
        return [
          {
            measure: 'rate',
            value: result.all.value === null ? null : result.all.value * 100,
            direction,
            decimals: pct,
          },
        ];
      if (groups.length >= 2 && groups[0]!.value !== null && groups[1]!.value !== null)
        out.push({
          measure: 'gap',
          value: (groups[1]!.value - groups[0]!.value) * 100,
          direction: 'TOWARDS_ZERO',
          decimals: pct,
        });
      return out;
    }
    case 'distribution': {
      const comparison = result.scheme === 'wres' ? 'BME' : result.scheme === 'wdes' ? 'DISABLED' : null;
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

/** Fills `change` of every indicator by matching indicator id, part key and measure. */
export function addChanges(current: IndicatorResults, previous: IndicatorResults): void {
  const s = current.settings;
  const index = new Map<string, number | null>();
  for (const ind of [...previous.indicators, ...previous.local])
    for (const part of ind.parts)
      for (const m of comparableMeasures(part.metric.result, part.adverseDirection, s))
        index.set(`${ind.id}|${part.key}|${m.measure}`, m.value);
  for (const ind of [...current.indicators, ...current.local]) {
    ind.change = ind.parts.flatMap((part) =>
      comparableMeasures(part.metric.result, part.adverseDirection, s).map((m) => {
        const key = `${ind.id}|${part.key}|${m.measure}`;
        const prev = index.has(key) ? index.get(key)! : null;
        return compareValues(
          part.key === 'main' ? m.measure : `${part.key}:${m.measure}`,
          prev,
          m.value,
          m.direction,
          m.decimals,
        );
      }),
    );
  }
}
