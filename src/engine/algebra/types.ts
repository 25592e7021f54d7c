/**
 * The metric algebra: every metric, national or local, is one definition made of
 *
 * - population: a dataset, conditions on its records, and a date or window (a snapshot date, a financial
 *   year, a quarter, a month, the months to the snapshot, a survey year), possibly pooled over two years;
 * - characteristic: a grouping with a reference and a comparison group (WRES White/BME, WDES Disabled/
 *   non-disabled, sex, White British vs ethnic minorities, ONS groups, age band, sexual orientation,
 *   religion or belief, gender identity, marriage or civil partnership, pregnancy and maternity); unknown
 *   (and, where the code list has it, prefer not to say) is always its own group and kept out of every
 *   ratio;
 * - outcome: a flag or a value per record: a condition on the record itself, "has a matching record in
 *   another dataset", events counted from another population, or a numeric field;
 * - statistic: distribution (representation), rate by group, relative likelihood, percentage-point
 *   difference against another population, survey percentage or score, mean or median pay gap, pay quartiles;
 * - breakdown: care group, directorate, staff group, clinical/non-clinical, band cluster, any field.
 *
 * Definitions are plain JSON, so local metrics are data: `local/validate.ts` checks them.
 */
import type { MonthNumber } from '../periods.js';
import type { RateUnit } from '../stats/rate.js';

export const DATASET_NAMES = [
  'workforce',
  'recruitment',
  'cases',
  'learning',
  'appraisals',
  'movements',
  'pay',
  'board',
  'incidents',
  'survey',
  'panels',
  'panelMembers',
] as const;
/**
 * `survey` reads the pre-aggregated NHS England figures when present, otherwise respondent-level answers;
 * `panels` are interview panels made from their members' records, and `panelMembers` each member's seat on
 * one, with the panel's post (panels.ts).
 */
export type DatasetName = (typeof DATASET_NAMES)[number];

export type Scalar = string | number | boolean | null;

export const CONDITION_OPS = [
  'eq',
  'ne',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'startsWith',
  'isNull',
  'notNull',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/**
 * A condition on one field of a record (see `fields.ts` for the fields of each dataset, including derived
 * ones such as careGroup). `contains` and `startsWith` compare text case-insensitively; `in`/`notIn` take a
 * list; `isNull`/`notNull` take no value. All conditions of a list must hold.
 */
export interface Condition {
  field: string;
  op: ConditionOp;
  value?: Scalar | Scalar[];
}

/**
 * Which records of a dataset belong to the reporting period of year N (standards.md §0: snapshot 31 March
 * N, financial year 1 April N-1 to 31 March N, survey fielded in N-1). `yearOffset` shifts it (-1 = the year
 * before). `dateField` may list fallbacks: the first non-empty one is used; records with none are left out
 * and counted as a data issue.
 */
export type TimeSpec =
  | { type: 'snapshot'; yearOffset?: number }
  | { type: 'snapshotAverage'; yearOffset?: number }
  | { type: 'financialYear'; dateField: string | string[]; yearOffset?: number }
  | { type: 'quarter'; quarter: 1 | 2 | 3 | 4; dateField: string | string[]; yearOffset?: number }
  /**
   * A calendar month of the financial year (1 = January ... 12 = December; April to December in N-1). Its
   * records' people are those of the 31 March N snapshot, as the financial year's are.
   */
  | { type: 'month'; month: MonthNumber; dateField: string | string[]; yearOffset?: number }
  | { type: 'monthsToSnapshot'; months: number; dateField: string | string[]; yearOffset?: number }
  | { type: 'surveyYear'; yearOffset?: number }
  | { type: 'all' };

export interface PopulationSpec {
  dataset: DatasetName;
  where?: Condition[];
  at: TimeSpec;
  /** people: one per personId (the default for person datasets); records: every record counts. */
  unit?: 'people' | 'records';
}

export const CHARACTERISTIC_SCHEMES = [
  'wres',
  'wdes',
  'sex',
  'epg',
  'ethnicityOns',
  'ethnicityCategory',
  'ageBand',
  'sexualOrientation',
  'religion',
  'genderIdentity',
  'marriage',
  'pregnancy',
  'none',
] as const;
export type CharacteristicScheme = (typeof CHARACTERISTIC_SCHEMES)[number];

export type CharacteristicSpec =
  CharacteristicScheme | { scheme: CharacteristicScheme; reference?: string; comparison?: string };

export type OutcomeSpec =
  /** A flag from the population record itself, e.g. recruitment `appointed = true`. */
  | { type: 'condition'; where: Condition[] }
  /** The person has at least one matching record in another dataset in the window, e.g. an appraisal. */
  | { type: 'linked'; dataset: DatasetName; where?: Condition[]; at: TimeSpec }
  /**
   * Events counted from another population and grouped by their own characteristic (falling back to the
   * person's workforce record), over the population's headcount: WRES 3 cases over staff in post. The
   * events need not be a subset of the population (a dismissed person is no longer in post on 31 March).
   */
  | { type: 'events'; population: PopulationSpec; count: 'people' | 'records' }
  /** A numeric field per record (hourlyPay, bonus12Months, fte, age, ...). */
  | { type: 'value'; field: string };

export type Dimension = string;

export type StatisticSpec =
  /** Counts and % of N by group, N including unknown (rows sum to 100%); optional row dimensions (WRES 1). */
  | { type: 'distribution'; rows?: Dimension[] }
  /**
   * Rate by group (outcome count / population); unknown shown, out of comparisons. `unit` says how it is
   * read: a percentage (the default: people with an outcome, of people) or, for events counted per head,
   * per `per` of the population (`{ "per": 100, "of": "staff" }`: "6.2 per 100 staff").
   */
  | { type: 'rate'; unit?: RateUnit }
  /**
   * Relative likelihood between the reference and the comparison group. `outcomeIs` sets the orientation
   * so that RL > 1 is always a disadvantage to the comparison (protected) group: for a favourable outcome
   * (appointed, trained) top = reference; for an unfavourable one (disciplined) top = comparison.
   */
  | { type: 'relativeLikelihood'; outcomeIs: 'favourable' | 'unfavourable' }
  /** % of `group` in the population minus % in the comparison population, in percentage points. */
  | {
      type: 'representationDifference';
      group: string;
      comparison: PopulationSpec;
      /** How the two populations read in a table, e.g. "Voting board members" and "Overall workforce". */
      labels?: { population: string; comparison: string };
    }
  /** % positive among valid survey answers, by group (unknown excluded). */
  | { type: 'surveyPercentage'; measure: string }
  /** Mean survey score (0-10) by group, from NHS England's aggregates. */
  | { type: 'surveyScore'; measure: string }
  /** (reference - comparison) / reference x 100 for the mean or median of the outcome value. */
  | { type: 'payGap'; measure: 'mean' | 'median'; combineGroupsBelow?: number }
  /** The regulation's four quartile bands of the outcome value, with the tie rule. */
  | { type: 'payQuartiles' };

export interface WindowSpec {
  years: 1 | 2;
  method: 'POOLED' | 'MEAN_OF_RATIOS';
}

export interface MetricDefinition {
  id: string;
  title: string;
  description?: string;
  population: PopulationSpec;
  characteristic: CharacteristicSpec;
  outcome?: OutcomeSpec;
  statistic: StatisticSpec;
  /** Each entry is one breakdown table; an array entry crosses its dimensions. */
  breakdown?: (Dimension | Dimension[])[];
  /** Rolling window: evaluate year N and N-1 and combine (rates and relative likelihoods only). */
  window?: WindowSpec;
}
