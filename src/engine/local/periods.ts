/**
 * The periods a local metric is reported for. Every metric has its reporting year's figure; one whose
 * definition counts events over a financial year (a `financialYear` time with a date field) can also be
 * reported for each quarter of it and, when it says so, for each month. A figure by month rests on small
 * numbers, so months are asked for, never assumed: `periods` absent means the year and its quarters.
 */
import type { MetricDefinition } from '../algebra/types.js';
import type { MonthNumber, QuarterNumber } from '../periods.js';
import type { LocalMetricDefinition, LocalPeriod } from './types.js';

/** The periods a metric declares, or the year and its quarters when it declares none. */
export function periodsOf(def: Pick<LocalMetricDefinition, 'periods'>): readonly LocalPeriod[] {
  return def.periods ?? ['year', 'quarter'];
}

/** The part of a financial year a definition is narrowed to: one quarter or one calendar month of it. */
export type YearPart = { type: 'quarter'; quarter: QuarterNumber } | { type: 'month'; month: MonthNumber };

/**
 * The definition with every financial-year time narrowed to one part of that year, or null when it has
 * none to narrow (a snapshot, a survey year, the months to the snapshot). A denominator taken at the
 * 31 March snapshot stays the year's, and a rolling two-year window is dropped: a quarter is one quarter,
 * a month one month.
 *
 * Formula: the events of the part of reporting year N (quarter 1 is April to June N-1; month 4 is
 * April N-1 ... month 3 is March N) over the same population as the year's. Each event's person is the
 * one the year knows (their record at the 31 March N snapshot, or their latest before it), so a joiner of
 * the year is in their own group in every quarter and the parts add up to the year. Example: incidents per head
 * of staff in post, narrowed to month 5, counts the incidents dated 1 to 31 May N-1 over the staff in
 * post at 31 March N.
 */
export function narrowYear(def: MetricDefinition, part: YearPart): MetricDefinition | null {
  let found = false;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const o = value as Record<string, unknown>;
    if (o.type === 'financialYear' && 'dateField' in o) {
      found = true;
      return { ...o, ...part };
    }
    if (o.type === 'monthsToSnapshot') return o;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (k !== 'window') out[k] = walk(v);
    return out;
  };
  const next = walk(def) as MetricDefinition;
  return found ? next : null;
}

/** The definition narrowed to one quarter of its financial year (see `narrowYear`). */
export const toQuarter = (def: MetricDefinition, quarter: QuarterNumber): MetricDefinition | null =>
  narrowYear(def, { type: 'quarter', quarter });

/** The definition narrowed to one calendar month of its financial year (see `narrowYear`). */
export const toMonth = (def: MetricDefinition, month: MonthNumber): MetricDefinition | null =>
  narrowYear(def, { type: 'month', month });
