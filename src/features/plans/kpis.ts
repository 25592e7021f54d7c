/**
 * KPIs bound to a figure the engine computes: which figures can be chosen (the measures of each
 * indicator's change against last year), how they read, and whether an action is on course for its
 * target. Pure: the figures come in from the indicators service.
 */
import {
  codeText,
  groupLabel,
  nationalCatalogue,
  resolveSettings,
  type CharacteristicScheme,
  type CharacteristicSpec,
  type IndicatorResult,
  type IndicatorResults,
} from '../../engine/index.js';
import type { KpiDirection, MeasuredKpi } from './plan.js';

export type Trend = 'better' | 'worse' | 'same' | 'unknown';
export type KpiHiddenReason = 'small numbers' | 'full view only';
export type Course = 'met' | 'on course' | 'off course' | 'no data';

export interface KpiReading {
  kpi: MeasuredKpi;
  current: number | null;
  previous: number | null;
  /** Against last year, in the KPI's own direction. */
  trend: Trend;
  course: Course;
  /** The figure is not shown (publication view): it rests on small numbers, or on exact counts. */
  hidden: boolean;
  /** Why it is not shown, in words: "small numbers", "full view only"; null when shown. */
  hiddenBecause: KpiHiddenReason | null;
  text: { current: string; previous: string; target: string };
}

/** A part of an indicator as a KPI's measure names it: its key, its label and how it groups people. */
export interface MeasurePart {
  key: string;
  label: string;
  scheme: CharacteristicScheme | null;
}

const schemeOf = (spec: CharacteristicSpec | undefined): CharacteristicScheme | null =>
  spec === undefined ? null : typeof spec === 'string' ? spec : spec.scheme;

/** The parts of a computed indicator. */
export function partsOfResult(ind: IndicatorResult): MeasurePart[] {
  return ind.parts.map((p) => ({
    key: p.key,
    label: p.label,
    scheme: 'scheme' in p.metric.result ? p.metric.result.scheme : null,
  }));
}

let catalogue: Map<string, MeasurePart[]> | null = null;

/** The parts of a national indicator by its reference, from the catalogue (none for other references). */
export function partsOfReference(reference: string): MeasurePart[] {
  catalogue ??= new Map(
    nationalCatalogue(resolveSettings({}).settings).map((e) => [
      e.id,
      e.parts.map((p) => ({ key: p.key, label: p.label, scheme: schemeOf(p.definition.characteristic) })),
    ]),
  );
  return catalogue.get(reference) ?? [];
}

/**
 * "relative likelihood", "BME (%)", "Voting members: difference (percentage points)": a measure's words,
 * its groups labelled through the scheme of its part (so "F" is women in the gender pay gap and
 * "Mixed - White and Asian" in the ethnicity pay gap by ethnic category).
 */
export function measureLabel(measure: string, parts: readonly MeasurePart[] = []): string {
  const words = measure.split(':');
  let part = parts.find((p) => p.key === 'main') ?? parts[0];
  let prefix = '';
  if (words.length > 1 && !['group', 'overall', 'gap', 'row'].includes(words[0]!)) {
    const key = words.shift()!;
    const named = parts.find((p) => p.key === key);
    if (named) part = named;
    prefix = `${named?.label ?? codeText(key)}: `;
  }
  const scheme = part?.scheme ?? null;
  const group = (code: string) => (scheme ? groupLabel(scheme, code) : codeText(code));
  const [kind, code] = [words[0]!, words[1]];
  let label: string;
  if (kind === 'relativeLikelihood') label = 'relative likelihood';
  else if (kind === 'gap' && code) label = `pay gap, ${group(code)} (%)`;
  else if (kind === 'gap') label = 'gap (percentage points)';
  else if (kind === 'difference') label = 'difference (percentage points)';
  else if (kind === 'rate') label = 'rate (%)';
  else if (kind === 'group' && code) label = `${group(code)} (%)`;
  else if (kind === 'overall' && code) label = `${group(code)} share of the workforce (%)`;
  else label = codeText(measure);
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
  const parts = partsOfResult(ind);
  return (ind.change ?? [])
    .filter(
      (c) => !/(^|:)row:/.test(c.measure) && !/(^|:)(LOWER|LOWER_MIDDLE|UPPER_MIDDLE|UPPER):/.test(c.measure),
    )
    .map((c) => ({ measure: c.measure, label: measureLabel(c.measure, parts), current: c.current }));
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
  /** Not shown, and why (`true`: small numbers). */
  hiddenBy: KpiHiddenReason | boolean = false,
): KpiReading {
  const hiddenBecause = hiddenBy === true ? 'small numbers' : hiddenBy === false ? null : hiddenBy;
  const hidden = hiddenBecause !== null;
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
    hiddenBecause,
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
