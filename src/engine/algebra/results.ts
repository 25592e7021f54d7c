/**
 * What evaluating a metric returns: plain JSON objects carrying every numerator and denominator, with
 * unrounded values (round only for display) and a reason wherever a value is missing.
 */
import type { Flag, RelativeLikelihood } from '../stats/likelihood.js';
import type { RateUnit } from '../stats/rate.js';
import type { Reason } from '../stats/values.js';
import type { DataIssue } from './context.js';
import type { CharacteristicScheme } from './types.js';

export interface GroupCount {
  group: string;
  label: string;
  count: number;
  /** count / total x 100, total including unknown. */
  percent: number | null;
}

export interface DistributionRow {
  key: string;
  label: string;
  total: number;
  groups: GroupCount[];
}

export interface DistributionResult {
  type: 'distribution';
  scheme: CharacteristicScheme;
  /** One row per combination of the row dimensions (empty without row dimensions). */
  rows: DistributionRow[];
  /** Everyone: the overall workforce percentages the rows are compared with. */
  overall: DistributionRow;
}

export interface GroupRateResult {
  group: string;
  label: string;
  numerator: number;
  denominator: number;
  /** numerator / denominator as a proportion; null with reason when the denominator is zero. */
  value: number | null;
  reason: Reason | null;
}

export interface RateResult {
  type: 'rate';
  scheme: CharacteristicScheme;
  groups: GroupRateResult[];
  /** Everyone, unknown included. */
  all: GroupRateResult;
  /** How the rate is read, as its definition declares it (rate.ts); absent: a percentage. */
  unit?: RateUnit;
}

/**
 * The rows a rate or a relative likelihood is shown in, in order: each group, then everyone. With no
 * characteristic its one group is everyone, so everyone is shown once: every table, count list and export
 * reads these rows, and everyone's is the last.
 */
export function rateRows(r: {
  scheme: CharacteristicScheme;
  groups: readonly GroupRateResult[];
  all: GroupRateResult;
}): GroupRateResult[] {
  return r.scheme === 'none' ? [r.all] : [...r.groups, r.all];
}

/** One year of a mean of yearly ratios: that year's counts and its own relative likelihood. */
export interface YearlyRatio {
  /** The reporting year N (financial year N-1/N). */
  year: number;
  groups: GroupRateResult[];
  all: GroupRateResult;
  relativeLikelihood: RelativeLikelihood;
}

export interface RelativeLikelihoodResult {
  type: 'relativeLikelihood';
  scheme: CharacteristicScheme;
  /** The counts of every year of the window added together. */
  groups: GroupRateResult[];
  all: GroupRateResult;
  relativeLikelihood: RelativeLikelihood;
  /**
   * Under the mean of yearly ratios (window method MEAN_OF_RATIOS): each year's counts and ratio, oldest
   * first, whose mean is `relativeLikelihood.value` (`groups` are then the years' counts added together,
   * not the counts of the headline). Absent for a pooled or one-year figure.
   */
  yearly?: YearlyRatio[];
}

export interface SharePart {
  count: number;
  total: number;
  percent: number | null;
}

export interface RepresentationDifferenceResult {
  type: 'representationDifference';
  scheme: CharacteristicScheme;
  group: string;
  population: SharePart;
  comparison: SharePart;
  /** How the two populations read: the definition's labels, else "Population" and "Comparison population". */
  populationLabel: string;
  comparisonLabel: string;
  /** population % - comparison %, in percentage points; negative = under-represented. */
  difference: number | null;
  reason: Reason | null;
}

export interface SurveyGroupResult {
  group: string;
  label: string;
  numerator: number;
  base: number;
  /** % positive (0-100). */
  percent: number | null;
  reason: Reason | null;
  flags: Flag[];
}

export interface SurveyPercentageResult {
  type: 'surveyPercentage';
  scheme: CharacteristicScheme;
  measure: string;
  surveyYear: number;
  source: 'aggregates' | 'responses' | 'none';
  /** Which survey: the NHS Staff Survey (absent) or the NHS Staff Survey for bank only workers. */
  survey?: 'bank';
  groups: SurveyGroupResult[];
  /** comparison % - reference % in percentage points (e.g. BME - White); null without both. */
  gap: number | null;
  gapReason: Reason | null;
}

export interface SurveyScoreGroup {
  group: string;
  label: string;
  base: number;
  score: number | null;
  reason: Reason | null;
  flags: Flag[];
}

export interface SurveyScoreResult {
  type: 'surveyScore';
  scheme: CharacteristicScheme;
  measure: string;
  surveyYear: number;
  source: 'aggregates' | 'none';
  groups: SurveyScoreGroup[];
}

export interface PayGroupSummary {
  group: string;
  label: string;
  n: number;
  /** Mean or median of the value in the group; null when the group is empty. */
  value: number | null;
  /** Groups merged into this one by the small-group rule. */
  combinedFrom: string[];
}

export interface PayGapComparison extends PayGroupSummary {
  /** (reference - this) / reference x 100: positive = reference group paid more. */
  gap: number | null;
  reason: Reason | null;
}

export interface PayGapResult {
  type: 'payGap';
  scheme: CharacteristicScheme;
  measure: 'mean' | 'median';
  valueField: string;
  reference: PayGroupSummary;
  comparisons: PayGapComparison[];
  /** Groups in no comparison (unknown, and any other group), with their counts. */
  excluded: { group: string; label: string; n: number }[];
}

export interface QuartileBand {
  band: 'LOWER' | 'LOWER_MIDDLE' | 'UPPER_MIDDLE' | 'UPPER';
  size: number;
  minValue: number | null;
  maxValue: number | null;
  groups: GroupCount[];
}

export interface PayQuartilesResult {
  type: 'payQuartiles';
  scheme: CharacteristicScheme;
  valueField: string;
  /** Everyone ranked (groups outside the comparison are listed in `excluded`). */
  n: number;
  quartiles: QuartileBand[];
  excluded: { group: string; label: string; n: number }[];
}

export type StatisticResult =
  | DistributionResult
  | RateResult
  | RelativeLikelihoodResult
  | RepresentationDifferenceResult
  | SurveyPercentageResult
  | SurveyScoreResult
  | PayGapResult
  | PayQuartilesResult;

/** What separates the values of a row's key in a table crossing several dimensions ("Theatres | F"). */
export const BREAKDOWN_KEY_SEPARATOR = ' | ';

export interface BreakdownRow {
  /** The row's value of each dimension of its table, in order, joined by `BREAKDOWN_KEY_SEPARATOR`. */
  key: string;
  result: StatisticResult;
}

export interface BreakdownTable {
  by: string[];
  rows: BreakdownRow[];
}

export interface WindowYear {
  year: number;
  result: StatisticResult;
}

/**
 * What period a figure covers: one year; the current and previous year pooled (numerators and
 * denominators added, then divided); or the mean of the two years' own ratios.
 */
export type WindowKind = 'ONE_YEAR' | 'POOLED_TWO_YEARS' | 'MEAN_OF_TWO_YEARLY_RATIOS';

export interface WindowResult {
  years: number;
  requestedYears: number;
  method: 'POOLED' | 'MEAN_OF_RATIOS';
  /** What the figure covers once missing years are left out. */
  kind: WindowKind;
  /** Each year of the window on its own, for transparency. */
  perYear: WindowYear[];
}

export interface MetricResult {
  id: string;
  title: string;
  result: StatisticResult;
  breakdowns: BreakdownTable[];
  window: WindowResult | null;
  /** What period the figure covers (ONE_YEAR for everything without a rolling window). */
  windowKind: WindowKind;
  /** The reporting years the figure draws on, oldest first (one, or two for a rolling window). */
  windowYears: number[];
  flags: Flag[];
  issues: DataIssue[];
}
