/**
 * From records to observations: for each member of the population, its group, its breakdown keys, its
 * outcome flag or value, and its weight; for an `events` outcome, the events with their own groups and keys.
 */
import { memoised, specKey, type EvalContext } from './context.js';
import { fieldValue } from './fields.js';
import { column, meetsAll, selectPopulation, type Selection } from './population.js';
import type { Scheme } from './characteristics.js';
import type { MetricDefinition, Scalar } from './types.js';

export const NOT_RECORDED = 'NOT_RECORDED';

/** Breakdown keys by dimension; shared between observations, never changed. */
export type Dims = Readonly<Record<string, string>>;

export interface Observation {
  id: string;
  group: string;
  dims: Dims;
  weight: number;
  flag: boolean;
  value: number | null;
}

export interface EventObservation {
  /** Distinct key: the person (count people) or the record (count records). */
  key: string;
  group: string;
  dims: Dims;
}

export interface YearObservations {
  year: number;
  population: Observation[];
  events: EventObservation[] | null;
  selection: Selection;
}

const dimValue = (v: Scalar): string => (v === null || v === '' ? NOT_RECORDED : String(v));

/**
 * The breakdown keys of every subject of a selection, as one object per subject, derived once per selection
 * and set of dimensions (the objects are shared by every observation of that selection: never changed).
 */
function dimsColumn(selection: Selection, dims: readonly string[], ctx: EvalContext): readonly Dims[] {
  return column(selection, `dims|${JSON.stringify(dims)}`, (s) => {
    const out: Record<string, string> = {};
    for (const d of dims) out[d] = dimValue(fieldValue(s, d, ctx.settings));
    return out;
  });
}

/** Each subject's group in a scheme (a scheme's grouping depends only on its name and the settings). */
const groupColumn = (selection: Selection, scheme: Scheme): readonly string[] =>
  column(selection, `group|${scheme.scheme}`, (s) => scheme.groupOf(s));

/** Every dimension a definition uses: its distribution rows and its breakdowns. */
export function dimensionsOf(def: MetricDefinition): string[] {
  const rows = def.statistic.type === 'distribution' ? (def.statistic.rows ?? []) : [];
  return [...new Set([...rows, ...(def.breakdown ?? []).flat()])];
}

/**
 * Observations of a definition for the evaluation year shifted by `yearOffset` (0 or -1). They depend only
 * on the population, outcome, characteristic and dimensions, so metrics that share those (a mean and a
 * median gap, a headline and its window) observe once per evaluation (context memo); `scheme` must be the
 * definition's own. The observations must not be changed.
 */
export function observe(
  def: MetricDefinition,
  scheme: Scheme,
  ctx: EvalContext,
  yearOffset: number,
): YearObservations {
  const key = specKey([def.population, def.outcome ?? null, def.characteristic, dimensionsOf(def)]);
  return memoised(ctx, key === null ? null : `observe|${ctx.year}|${yearOffset}|${key}`, (c) =>
    observeOnce(def, scheme, c, yearOffset),
  );
}

function observeOnce(
  def: MetricDefinition,
  scheme: Scheme,
  ctx: EvalContext,
  yearOffset: number,
): YearObservations {
  const dims = dimensionsOf(def);
  const selection = selectPopulation(def.population, ctx, yearOffset);
  const outcome = def.outcome;
  let linked: Set<string> | null = null;
  if (outcome?.type === 'linked') {
    const matches = selectPopulation(
      { dataset: outcome.dataset, where: outcome.where, at: outcome.at, unit: 'records' },
      ctx,
      yearOffset,
    );
    linked = new Set(
      matches.subjects.map((s) => s.record.personId).filter((p): p is string => typeof p === 'string'),
    );
  }
  let missingValues = 0;
  const groups = groupColumn(selection, scheme);
  const dimsOfSubject = dimsColumn(selection, dims, ctx);
  const values =
    outcome?.type === 'value'
      ? column(selection, `value|${outcome.field}`, (s) => {
          const v = fieldValue(s, outcome.field, ctx.settings);
          return typeof v === 'number' && Number.isFinite(v) ? v : null;
        })
      : null;
  const population: Observation[] = selection.subjects.map((s, i) => {
    let flag = false;
    let value: number | null = null;
    if (outcome?.type === 'condition') flag = meetsAll(s, outcome.where, ctx);
    else if (outcome?.type === 'linked')
      flag = typeof s.record.personId === 'string' && linked!.has(s.record.personId);
    else if (values) {
      value = values[i]!;
      if (value === null) missingValues++;
    }
    return { id: s.id, group: groups[i]!, dims: dimsOfSubject[i]!, weight: s.weight, flag, value };
  });
  if (missingValues > 0 && outcome?.type === 'value')
    ctx.issues.add(
      'MISSING_VALUE',
      def.population.dataset,
      `records without a usable ${outcome.field} left out`,
      missingValues,
    );

  let events: EventObservation[] | null = null;
  if (outcome?.type === 'events') {
    const ev = selectPopulation({ ...outcome.population, unit: 'records' }, ctx, yearOffset);
    let notFound = 0;
    const seen = new Map<string, EventObservation>();
    const evGroups = groupColumn(ev, scheme);
    const evDims = dimsColumn(ev, dims, ctx);
    ev.subjects.forEach((s, i) => {
      const personId = typeof s.record.personId === 'string' ? s.record.personId : null;
      if (personId !== null && s.person === null) notFound++;
      const key = outcome.count === 'people' && personId !== null ? `person|${personId}` : `record|${s.id}`;
      if (!seen.has(key)) seen.set(key, { key, group: evGroups[i]!, dims: evDims[i]! });
    });
    if (notFound > 0)
      ctx.issues.add(
        'PERSON_NOT_IN_WORKFORCE',
        outcome.population.dataset,
        'records whose person is in no workforce snapshot up to the end of the period: their own characteristics are used, else unknown',
        notFound,
      );
    events = [...seen.values()];
  }
  return { year: ctx.year + yearOffset, population, events, selection };
}
