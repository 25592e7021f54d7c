/**
 * The validator of local metric definitions (JSON): it checks the whole definition and lists every
 * problem with its JSON path, never only the first. Fields, schemes, groups, datasets and time windows are
 * checked against the algebra, and the parts against each other (a relative likelihood needs an outcome
 * flag and a scheme with a reference and a comparison group, a pay gap needs a value, quarters and months
 * need a financial year to divide, ...).
 */
import { schemeFor } from '../algebra/characteristics.js';
import { knownFields, PERSON_DATASETS } from '../algebra/fields.js';
import {
  CHARACTERISTIC_SCHEMES,
  CONDITION_OPS,
  DATASET_NAMES,
  type CharacteristicScheme,
  type DatasetName,
} from '../algebra/types.js';
import { SURVEY_MEASURES } from '../catalogue/common.js';
import { isMonthNumber } from '../periods.js';
import { defaultSettings } from '../settings.js';
import { toMonth } from './periods.js';
import { LOCAL_PERIODS, type LocalMetricDefinition, type ValidationProblem } from './types.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (values: readonly string[]) => values.join(', ');

const DATE_FIELDS: Readonly<Record<DatasetName, readonly string[]>> = {
  workforce: ['startDate'],
  recruitment: ['applicationDate', 'shortlistedDate', 'appointedDate'],
  cases: ['startDate', 'endDate'],
  learning: ['startDate', 'completedDate'],
  appraisals: ['date'],
  movements: ['date'],
  pay: [],
  board: [],
  incidents: ['date'],
  survey: [],
  panels: ['interviewDate'],
  panelMembers: ['interviewDate'],
};
const SNAPSHOT_DATASETS = new Set<DatasetName>(['workforce', 'pay', 'board']);
const DIRECTIONS = ['LOWER_IS_BETTER', 'HIGHER_IS_BETTER', 'TOWARDS_PARITY', 'TOWARDS_ZERO', 'NONE'];
const STATISTICS = [
  'distribution',
  'rate',
  'relativeLikelihood',
  'representationDifference',
  'surveyPercentage',
  'surveyScore',
  'payGap',
  'payQuartiles',
];
const TOP_KEYS = [
  'id',
  'title',
  'description',
  'population',
  'characteristic',
  'outcome',
  'statistic',
  'breakdown',
  'window',
  'adverseDirection',
  'source',
  'tags',
  'periods',
];

class Problems {
  readonly all: ValidationProblem[] = [];
  add(path: string, message: string): void {
    this.all.push({ path, message });
  }
  keys(v: Json, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(v))
      if (!allowed.includes(k)) this.add(`${path}.${k}`, `unknown property; allowed: ${list(allowed)}`);
  }
}

function checkField(p: Problems, path: string, field: unknown, dataset: DatasetName | null): void {
  if (typeof field !== 'string' || field === '') return p.add(path, 'must be a field name');
  if (dataset && !knownFields(dataset).includes(field))
    p.add(path, `unknown field "${field}" for ${dataset}; known: ${list(knownFields(dataset))}`);
}

function checkConditions(p: Problems, path: string, where: unknown, dataset: DatasetName | null): void {
  if (where === undefined) return;
  if (!Array.isArray(where)) return p.add(path, 'must be a list of conditions');
  where.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(c)) return p.add(at, 'must be an object with field, op and value');
    p.keys(c, at, ['field', 'op', 'value']);
    checkField(p, `${at}.field`, c.field, dataset);
    if (typeof c.op !== 'string' || !(CONDITION_OPS as readonly string[]).includes(c.op))
      return p.add(`${at}.op`, `must be one of ${list(CONDITION_OPS)}`);
    const v = c.value;
    const scalar = (x: unknown) => x === null || ['string', 'number', 'boolean'].includes(typeof x);
    if (c.op === 'isNull' || c.op === 'notNull') {
      if (v !== undefined) p.add(`${at}.value`, `${c.op} takes no value`);
    } else if (c.op === 'in' || c.op === 'notIn') {
      if (!Array.isArray(v) || v.length === 0 || !v.every(scalar))
        p.add(`${at}.value`, `${c.op} needs a non-empty list of values`);
    } else if (c.op === 'contains' || c.op === 'startsWith') {
      if (typeof v !== 'string') p.add(`${at}.value`, `${c.op} needs a text value`);
    } else if (v === undefined || !scalar(v)) p.add(`${at}.value`, `${c.op} needs one value`);
  });
}

function checkTime(p: Problems, path: string, at: unknown, dataset: DatasetName | null): void {
  if (!isObject(at)) return p.add(path, 'must be an object with a type');
  const types = [
    'snapshot',
    'snapshotAverage',
    'financialYear',
    'quarter',
    'month',
    'monthsToSnapshot',
    'surveyYear',
    'all',
  ];
  if (typeof at.type !== 'string' || !types.includes(at.type))
    return p.add(`${path}.type`, `must be one of ${list(types)}`);
  const allowed = ['type', 'yearOffset'];
  if (
    at.yearOffset !== undefined &&
    (!Number.isInteger(at.yearOffset) || (at.yearOffset as number) < -10 || (at.yearOffset as number) > 0)
  )
    p.add(`${path}.yearOffset`, 'must be a whole number from -10 to 0');
  if (at.type === 'snapshot' || at.type === 'snapshotAverage') {
    if (dataset && !SNAPSHOT_DATASETS.has(dataset))
      p.add(`${path}.type`, `${dataset} has no snapshot date; use a date window`);
  } else if (at.type === 'surveyYear') {
    if (dataset && dataset !== 'survey') p.add(`${path}.type`, 'surveyYear is for the survey dataset');
  } else if (at.type === 'all') {
    allowed.splice(1, 1);
  } else {
    allowed.push('dateField');
    const fields = Array.isArray(at.dateField) ? at.dateField : [at.dateField];
    if (fields.length === 0 || fields.some((f) => typeof f !== 'string'))
      p.add(`${path}.dateField`, 'must be a date field or a list of them');
    else if (dataset)
      for (const f of fields as string[])
        if (!DATE_FIELDS[dataset].includes(f))
          p.add(
            `${path}.dateField`,
            `"${f}" is not a date of ${dataset}; dates: ${list(DATE_FIELDS[dataset]) || 'none (use a snapshot)'}`,
          );
    if (at.type === 'quarter') {
      allowed.push('quarter');
      if (![1, 2, 3, 4].includes(at.quarter as number))
        p.add(`${path}.quarter`, 'must be 1, 2, 3 or 4 (Q1 = April to June)');
    }
    if (at.type === 'month') {
      allowed.push('month');
      if (!isMonthNumber(at.month))
        p.add(
          `${path}.month`,
          'must be a calendar month from 1 (January) to 12 (December): April to December are in the first year of the financial year, January to March in the second',
        );
    }
    if (at.type === 'monthsToSnapshot') {
      allowed.push('months');
      if (!Number.isInteger(at.months) || (at.months as number) < 1 || (at.months as number) > 60)
        p.add(`${path}.months`, 'must be a whole number of months from 1 to 60');
    }
  }
  p.keys(at, path, allowed);
}

function checkPopulation(p: Problems, path: string, pop: unknown): DatasetName | null {
  if (!isObject(pop)) {
    p.add(path, 'must be an object with dataset and at');
    return null;
  }
  p.keys(pop, path, ['dataset', 'where', 'at', 'unit']);
  const dataset =
    typeof pop.dataset === 'string' && (DATASET_NAMES as readonly string[]).includes(pop.dataset)
      ? (pop.dataset as DatasetName)
      : null;
  if (dataset === null) p.add(`${path}.dataset`, `must be one of ${list(DATASET_NAMES)}`);
  checkConditions(p, `${path}.where`, pop.where, dataset);
  checkTime(p, `${path}.at`, pop.at, dataset);
  if (pop.unit !== undefined && pop.unit !== 'people' && pop.unit !== 'records')
    p.add(`${path}.unit`, 'must be people or records');
  return dataset;
}

function checkCharacteristic(p: Problems, c: unknown): CharacteristicScheme | null {
  const path = '$.characteristic';
  const scheme = typeof c === 'string' ? c : isObject(c) ? c.scheme : undefined;
  if (typeof scheme !== 'string' || !(CHARACTERISTIC_SCHEMES as readonly string[]).includes(scheme)) {
    p.add(
      typeof c === 'string' || !isObject(c) ? path : `${path}.scheme`,
      `must be one of ${list(CHARACTERISTIC_SCHEMES)}`,
    );
    return null;
  }
  if (isObject(c)) {
    p.keys(c, path, ['scheme', 'reference', 'comparison']);
    const groups = schemeFor(scheme as CharacteristicScheme, defaultSettings())
      .groups.map((g) => g.id)
      .filter((g) => g !== 'UNKNOWN');
    for (const key of ['reference', 'comparison'] as const)
      if (c[key] !== undefined && (typeof c[key] !== 'string' || !groups.includes(c[key])))
        p.add(`${path}.${key}`, `must be a group of ${scheme}: ${list(groups)}`);
    if (c.reference !== undefined && c.reference === c.comparison)
      p.add(`${path}.comparison`, 'must differ from the reference');
  }
  return scheme as CharacteristicScheme;
}

function checkOutcome(p: Problems, o: unknown, dataset: DatasetName | null): string | null {
  const path = '$.outcome';
  if (o === undefined) return null;
  if (!isObject(o)) {
    p.add(path, 'must be an object with a type');
    return null;
  }
  switch (o.type) {
    case 'condition':
      p.keys(o, path, ['type', 'where']);
      if (!Array.isArray(o.where) || o.where.length === 0)
        p.add(`${path}.where`, 'needs at least one condition');
      else checkConditions(p, `${path}.where`, o.where, dataset);
      return 'flag';
    case 'linked': {
      p.keys(o, path, ['type', 'dataset', 'where', 'at']);
      const linked =
        typeof o.dataset === 'string' && (DATASET_NAMES as readonly string[]).includes(o.dataset)
          ? (o.dataset as DatasetName)
          : null;
      if (linked === null) p.add(`${path}.dataset`, `must be one of ${list(DATASET_NAMES)}`);
      if (dataset && dataset !== 'workforce' && !PERSON_DATASETS.has(dataset))
        p.add(`${path}.type`, `linked outcomes match by person; ${dataset} records name no person`);
      checkConditions(p, `${path}.where`, o.where, linked);
      checkTime(p, `${path}.at`, o.at, linked);
      return 'flag';
    }
    case 'events':
      p.keys(o, path, ['type', 'population', 'count']);
      checkPopulation(p, `${path}.population`, o.population);
      if (o.count !== 'people' && o.count !== 'records') p.add(`${path}.count`, 'must be people or records');
      return 'flag';
    case 'value':
      p.keys(o, path, ['type', 'field']);
      checkField(p, `${path}.field`, o.field, dataset);
      return 'value';
    default:
      p.add(`${path}.type`, 'must be one of condition, linked, events, value');
      return null;
  }
}

/** What a rate may be read per: a power of ten, so that its decimals follow the percentage's. */
const RATE_PER = [1, 10, 100, 1000, 10000, 100000];

/** A rate's unit: absent or "percent", or `{ "per": 100, "of": "staff" }` for events counted per head. */
function checkRateUnit(p: Problems, path: string, unit: unknown): void {
  if (unit === undefined || unit === 'percent') return;
  const how = 'must be "percent" or { "per": 100, "of": "staff" } (a rate per head of the population)';
  if (!isObject(unit)) {
    p.add(path, how);
    return;
  }
  p.keys(unit, path, ['per', 'of']);
  if (typeof unit.per !== 'number' || !RATE_PER.includes(unit.per))
    p.add(`${path}.per`, `must be one of ${RATE_PER.join(', ')}`);
  if (typeof unit.of !== 'string' || !/^[a-z][a-z -]{0,39}$/i.test(unit.of))
    p.add(
      `${path}.of`,
      'must name the population in words, e.g. "staff" or "head" (letters, spaces, hyphens; up to 40)',
    );
}

function checkStatistic(
  p: Problems,
  st: unknown,
  outcome: string | null,
  scheme: CharacteristicScheme | null,
  c: unknown,
  dataset: DatasetName | null,
): string | null {
  const path = '$.statistic';
  if (!isObject(st) || typeof st.type !== 'string' || !STATISTICS.includes(st.type)) {
    p.add(isObject(st) ? `${path}.type` : path, `must be one of ${list(STATISTICS)}`);
    return null;
  }
  const type = st.type;
  const needs = (kind: string, what: string) => {
    if (outcome !== kind) p.add('$.outcome', `a ${type} statistic needs ${what}`);
  };
  const comparable = () => {
    if (scheme === null) return;
    const s = schemeFor(c as never, defaultSettings());
    if (s.reference === null || s.comparisons.length === 0)
      p.add(
        '$.characteristic',
        `${type} compares a reference with a comparison group: name them for ${scheme}`,
      );
  };
  switch (st.type) {
    case 'distribution':
      p.keys(st, path, ['type', 'rows']);
      if (st.rows !== undefined) {
        if (!Array.isArray(st.rows)) p.add(`${path}.rows`, 'must be a list of fields');
        else st.rows.forEach((r, i) => checkField(p, `${path}.rows[${i}]`, r, dataset));
      }
      break;
    case 'rate':
      p.keys(st, path, ['type', 'unit']);
      needs('flag', 'an outcome of type condition, linked or events');
      checkRateUnit(p, `${path}.unit`, st.unit);
      break;
    case 'relativeLikelihood':
      p.keys(st, path, ['type', 'outcomeIs']);
      needs('flag', 'an outcome of type condition, linked or events');
      if (st.outcomeIs !== 'favourable' && st.outcomeIs !== 'unfavourable')
        p.add(
          `${path}.outcomeIs`,
          'must be favourable (appointed, trained: top = reference) or unfavourable (disciplined: top = comparison)',
        );
      comparable();
      break;
    case 'representationDifference': {
      p.keys(st, path, ['type', 'group', 'comparison', 'labels']);
      if (st.labels !== undefined) {
        const labels = st.labels as Record<string, unknown> | null;
        if (
          typeof labels !== 'object' ||
          labels === null ||
          typeof labels.population !== 'string' ||
          typeof labels.comparison !== 'string' ||
          labels.population.trim() === '' ||
          labels.comparison.trim() === ''
        )
          p.add(`${path}.labels`, 'must be { "population": text, "comparison": text }, both not empty');
        else p.keys(labels, `${path}.labels`, ['population', 'comparison']);
      }
      const groups = scheme ? schemeFor(scheme, defaultSettings()).groups.map((g) => g.id) : [];
      if (typeof st.group !== 'string' || (scheme && !groups.includes(st.group)))
        p.add(`${path}.group`, `must be a group of the characteristic: ${list(groups)}`);
      checkPopulation(p, `${path}.comparison`, st.comparison);
      break;
    }
    case 'surveyPercentage':
    case 'surveyScore':
      p.keys(st, path, ['type', 'measure']);
      if (dataset !== null && dataset !== 'survey')
        p.add('$.population.dataset', `${st.type} reads the survey dataset`);
      if (typeof st.measure !== 'string' || st.measure === '')
        p.add(`${path}.measure`, `must name a survey measure, e.g. ${list(Object.keys(SURVEY_MEASURES))}`);
      if (scheme !== null && !['wres', 'wdes', 'none'].includes(scheme))
        p.add('$.characteristic', 'survey figures are by wres, wdes or none');
      break;
    case 'payGap':
      p.keys(st, path, ['type', 'measure', 'combineGroupsBelow']);
      needs('value', 'an outcome of type value');
      if (st.measure !== 'mean' && st.measure !== 'median')
        p.add(`${path}.measure`, 'must be mean or median');
      if (
        st.combineGroupsBelow !== undefined &&
        (!Number.isInteger(st.combineGroupsBelow) || (st.combineGroupsBelow as number) < 0)
      )
        p.add(`${path}.combineGroupsBelow`, 'must be a whole number');
      comparable();
      break;
    case 'payQuartiles':
      p.keys(st, path, ['type']);
      needs('value', 'an outcome of type value');
      break;
  }
  return st.type;
}

/**
 * The periods a metric is reported for: a list of distinct periods that includes the year. Whether the
 * definition has a financial year to divide into quarters or months is checked once the rest holds.
 */
function checkPeriods(p: Problems, periods: unknown): void {
  if (periods === undefined) return;
  const allowed = LOCAL_PERIODS as readonly string[];
  if (!Array.isArray(periods) || periods.length === 0)
    return p.add(
      '$.periods',
      `must be a list of the periods the metric is reported for, from ${list(allowed)}`,
    );
  periods.forEach((x, i) => {
    if (typeof x !== 'string' || !allowed.includes(x))
      p.add(`$.periods[${i}]`, `must be one of ${list(allowed)}`);
    else if (periods.indexOf(x) !== i) p.add(`$.periods[${i}]`, `"${x}" is listed twice`);
  });
  if (!periods.includes('year'))
    p.add('$.periods', 'must include "year": every local metric has its figure for the reporting year');
}

/** Quarters and months divide a financial year: a definition declaring them must count over one. */
function checkDivisible(p: Problems, definition: LocalMetricDefinition): void {
  if (toMonth(definition, 4) !== null) return;
  (definition.periods ?? []).forEach((period, i) => {
    if (period !== 'year')
      p.add(
        `$.periods[${i}]`,
        `"${period}" needs a financial year to divide: a time of type financialYear with a dateField (in population.at or the outcome); a snapshot, a survey year or the months to the snapshot have no ${period === 'month' ? 'months' : 'quarters'}`,
      );
  });
}

/**
 * Checks a local metric definition. Returns the typed definition, or every problem with its JSON path.
 *
 * Example: validateLocalMetric({ id: 'x' }) -> { ok: false, problems: [{ path: '$.title', ... }, ...] }
 */
export function validateLocalMetric(
  json: unknown,
): { ok: true; definition: LocalMetricDefinition } | { ok: false; problems: ValidationProblem[] } {
  const p = new Problems();
  if (!isObject(json)) return { ok: false, problems: [{ path: '$', message: 'must be an object' }] };
  p.keys(json, '$', TOP_KEYS);
  if (typeof json.id !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(json.id))
    p.add('$.id', 'must be lower-case words joined by hyphens, e.g. appraisal-compliance-by-ethnicity');
  if (typeof json.title !== 'string' || json.title.trim() === '')
    p.add('$.title', 'must be a non-empty text');
  for (const key of ['description', 'source'] as const)
    if (json[key] !== undefined && typeof json[key] !== 'string') p.add(`$.${key}`, 'must be text');
  if (json.tags !== undefined && (!Array.isArray(json.tags) || json.tags.some((t) => typeof t !== 'string')))
    p.add('$.tags', 'must be a list of text values');
  if (json.adverseDirection !== undefined && !DIRECTIONS.includes(json.adverseDirection as string))
    p.add('$.adverseDirection', `must be one of ${list(DIRECTIONS)}`);
  const dataset = checkPopulation(p, '$.population', json.population);
  const scheme = checkCharacteristic(p, json.characteristic);
  const outcome = checkOutcome(p, json.outcome, dataset);
  const statistic = checkStatistic(p, json.statistic, outcome, scheme, json.characteristic, dataset);
  if (json.breakdown !== undefined) {
    if (!Array.isArray(json.breakdown))
      p.add('$.breakdown', 'must be a list of fields (or lists of fields to cross)');
    else
      json.breakdown.forEach((b, i) => {
        if (Array.isArray(b)) b.forEach((f, j) => checkField(p, `$.breakdown[${i}][${j}]`, f, dataset));
        else checkField(p, `$.breakdown[${i}]`, b, dataset);
      });
    if (statistic && ['surveyPercentage', 'surveyScore', 'representationDifference'].includes(statistic))
      p.add('$.breakdown', `${statistic} cannot be broken down`);
  }
  if (json.window !== undefined) {
    const w = json.window;
    if (!isObject(w)) p.add('$.window', 'must be an object with years and method');
    else {
      p.keys(w, '$.window', ['years', 'method']);
      if (w.years !== 1 && w.years !== 2) p.add('$.window.years', 'must be 1 or 2');
      if (w.method !== 'POOLED' && w.method !== 'MEAN_OF_RATIOS')
        p.add('$.window.method', 'must be POOLED or MEAN_OF_RATIOS');
      if (statistic && statistic !== 'rate' && statistic !== 'relativeLikelihood')
        p.add('$.window', 'a rolling window applies to rates and relative likelihoods only');
    }
  }
  checkPeriods(p, json.periods);
  if (p.all.length === 0) checkDivisible(p, json as unknown as LocalMetricDefinition);
  if (p.all.length > 0) return { ok: false, problems: p.all };
  return { ok: true, definition: json as unknown as LocalMetricDefinition };
}
