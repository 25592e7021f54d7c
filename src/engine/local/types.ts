/**
 * A local metric: a metric definition of the algebra stored as JSON per organisation, with what the engine
 * needs to label and compare it.
 */
import type { MetricDefinition } from '../algebra/types.js';
import type { AdverseDirection } from '../stats/change.js';

/** The periods a local metric may be reported for (see periods.ts). */
export const LOCAL_PERIODS = ['year', 'quarter', 'month'] as const;
export type LocalPeriod = (typeof LOCAL_PERIODS)[number];

export interface LocalMetricDefinition extends MetricDefinition {
  /** Which way is worse, for the change against the previous period (default: towards parity for a relative likelihood, none otherwise). */
  adverseDirection?: AdverseDirection;
  /** Where the data come from, in words. */
  source?: string;
  /** Free labels, e.g. the WRES indicator an action plan KPI supports. */
  tags?: string[];
  /**
   * The periods the metric is reported for: "year" always, with "quarter" and "month" for a metric that
   * counts events over the financial year (see periods.ts). Absent: the year and its quarters.
   */
  periods?: LocalPeriod[];
}

/** One problem with a definition: where (a JSON path such as "$.population.where[0].op") and what. */
export interface ValidationProblem {
  path: string;
  message: string;
}
