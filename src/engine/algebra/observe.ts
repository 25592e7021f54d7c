/**
 * From records to observations: for each member of the population, its group, its breakdown keys, its
 * outcome flag or value, and its weight; for an `events` outcome, the events with their own groups and keys.
 */
import { memoised, specKey, type EvalContext } from './context.js';
import { fieldValue, type Subject } from './fields.js';
import { meetsAll, selectPopulation, type Selection } from './population.js';
import type { Scheme } from './characteristics.js';
import type { MetricDefinition } from './types.js';

export const NOT_RECORDED = 'NOT_RECORDED';

export interface Observation {
  id: string;
  group: string;
  dims: Record<string, string>;
  weight: number;
  flag: boolean;
  value: number | null;
}

export interface EventObservation {
  /** Distinct key: the person (count people) or the record (count records). */
  key: string;
  group: string;
  dims: Record<string, string>;
}

export interface YearObservations {
  year: number;
  population: Observation[];
  events: EventObservation[] | null;
  selection: Selection;
}

function dimsOf(subject: Subject, dims: readonly string[], ctx: EvalContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dims) {
    const v = fieldValue(subject, d, ctx.settings);
    out[d] = v === null || v === '' ? NOT_RECORDED : String(v);
  }
  return out;
}

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
  const population: Observation[] = selection.subjects.map((s) => {
    let flag = false;
    let value: number | null = null;
    if (outcome?.type === 'condition') flag = meetsAll(s, outcome.where, ctx);
    else if (outcome?.type === 'linked')
      flag = typeof s.record.personId === 'string' && linked!.has(s.record.personId);
    else if (outcome?.type === 'value') {
      const v = fieldValue(s, outcome.field, ctx.settings);
      value = typeof v === 'number' && Number.isFinite(v) ? v : null;
      if (value === null) missingValues++;
    }
    return { id: s.id, group: scheme.groupOf(s), dims: dimsOf(s, dims, ctx), weight: s.weight, flag, value };
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
    for (const s of ev.subjects) {
      const personId = typeof s.record.personId === 'string' ? s.record.personId : null;
      if (personId !== null && s.person === null) notFound++;
      const key = outcome.count === 'people' && personId !== null ? `person|${personId}` : `record|${s.id}`;
      if (!seen.has(key)) seen.set(key, { key, group: scheme.groupOf(s), dims: dimsOf(s, dims, ctx) });
    }
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
