/**
 * KPIs bound to a figure the engine computes: which figures can be chosen (the measures of each
 * indicator's change against last year), how they read, and whether an action is on course for its
 * target. Pure: the figures come in from the indicators service.
 */
import type { IndicatorResult, IndicatorResults } from '../../engine/index.js';
import type { KpiDirection, MeasuredKpi } from './plan.js';

export type Trend = 'better' | 'worse' | 'same' | 'unknown';
export type Course = 'met' | 'on course' | 'off course' | 'no data';

export interface KpiReading {
  kpi: MeasuredKpi;
  current: number | null;
  previous: number | null;
  /** Against last year, in the KPI's own direction. */
  trend: Trend;
  course: Course;
  /** The figure was hidden because it rests on small numbers (publication view). */
  hidden: boolean;
  text: { current: string; previous: string; target: string };
}

const GROUP_LABELS: Record<string, string> = {
  BME: 'BME',
  WHITE: 'White',
  DISABLED: 'Disabled',
  NON_DISABLED: 'non-disabled',
  FEMALE: 'women',
  MALE: 'men',
  UNKNOWN: 'unknown',
};

const group = (code: string) => GROUP_LABELS[code] ?? code.toLowerCase().replace(/_/g, ' ');

/** "relative likelihood", "BME (%)", "voting: difference (percentage points)". */
export function measureLabel(measure: string): string {
  const parts = measure.split(':');
  const prefix =
    parts.length > 1 && !['group', 'overall', 'gap', 'row'].includes(parts[0]!) ? `${parts.shift()}: ` : '';
  const [kind, code] = [parts[0]!, parts[1]];
  let label: string;
  if (kind === 'relativeLikelihood') label = 'relative likelihood';
  else if (kind === 'gap' && code) label = `pay gap, ${group(code)} (%)`;
  else if (kind === 'gap') label = 'gap (percentage points)';
  else if (kind === 'difference') label = 'difference (percentage points)';
  else if (kind === 'rate') label = 'rate (%)';
  else if (kind === 'group' && code) label = `${group(code)} (%)`;
  else if (kind === 'overall' && code) label = `${group(code)} share of the workforce (%)`;
  else label = measure;
  return prefix + label;
}

const decimalsOf = (measure: string) => (measure.endsWith('relativeLikelihood') ? 2 : 1);

export function formatValue(measure: string, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return value.toFixed(decimalsOf(measure));
}

/** The figures of an indicator that a KPI can be bound to, with their current value. */
export function measuresOf(
  ind: IndicatorResult,
): { measure: string; label: string; current: number | null }[] {
  return (ind.change ?? [])
    .filter(
      (c) => !/(^|:)row:/.test(c.measure) && !/(^|:)(LOWER|LOWER_MIDDLE|UPPER_MIDDLE|UPPER):/.test(c.measure),
    )
    .map((c) => ({ measure: c.measure, label: measureLabel(c.measure), current: c.current }));
}

/** The indicator result for a reference (`local:<id>` for local metrics). */
export function resultFor(results: IndicatorResults, reference: string): IndicatorResult | undefined {
  if (reference.startsWith('local:')) return results.local.find((l) => l.id === reference.slice(6));
  return results.indicators.find((i) => i.id === reference);
}

function trendOf(
  direction: KpiDirection,
  previous: number | null,
  current: number | null,
  decimals: number,
): Trend {
  if (previous === null || current === null) return 'unknown';
  const p = Number(previous.toFixed(decimals));
  const c = Number(current.toFixed(decimals));
  if (p === c) return 'same';
  return (direction === 'up') === c > p ? 'better' : 'worse';
}

/**
 * Reads a KPI: met when the current figure has reached the target (at display precision); on course when
 * it has not, but moved towards it since last year; off course when it stayed or moved away.
 *
 * Example: target 1.25 down, last year 1.60, now 1.42: trend better, on course.
 */
export function readKpi(
  kpi: MeasuredKpi,
  figures: { current: number | null; previous: number | null } | null,
  hidden = false,
): KpiReading {
  const decimals = decimalsOf(kpi.measure);
  const current = hidden ? null : (figures?.current ?? null);
  const previous = hidden ? null : (figures?.previous ?? null);
  const trend = trendOf(kpi.direction, previous, current, decimals);
  let course: Course = 'no data';
  if (current !== null) {
    const c = Number(current.toFixed(decimals));
    const met = kpi.direction === 'up' ? c >= kpi.target : c <= kpi.target;
    course = met ? 'met' : trend === 'better' ? 'on course' : 'off course';
  }
  return {
    kpi,
    current,
    previous,
    trend,
    course,
    hidden,
    text: {
      current: hidden ? '*' : formatValue(kpi.measure, current),
      previous: hidden ? '*' : formatValue(kpi.measure, previous),
      target: `${kpi.direction === 'up' ? 'at least' : 'at most'} ${formatValue(kpi.measure, kpi.target)}`,
    },
  };
}

/** The current and previous figure of a measure, from results computed with `previous: 'compute'`. */
export function figuresOf(
  results: IndicatorResults,
  reference: string,
  measure: string,
): { current: number | null; previous: number | null } | null {
  const change = resultFor(results, reference)?.change?.find((c) => c.measure === measure);
  return change ? { current: change.current, previous: change.previous } : null;
}
