/**
 * From records to observations: for each member of the population, its group, its breakdown keys, its
 * outcome flag or value, and its weight; for an `events` outcome, the events with their own groups and keys.
 *
 * Observations are columns (one entry per member): groups as indexes into the scheme's groups, dimensions
 * as interned codes, flags as 0/1, values as numbers (NaN: no usable value). Statistics read them in
 * single passes; a breakdown row is the same columns restricted to its members (`subset`).
 */
import { memoised, specKey, type EvalContext } from './context.js';
import { groupOf, type Scheme } from './characteristics.js';
import { CodeColumn, Dictionary } from './codes.js';
import {
  cached,
  ConditionsTest,
  FieldReader,
  gatherF64,
  gatherI32,
  gatherU8,
  idCodes,
  personAt,
  personPositionAt,
  SubjectCursor,
  selectPopulation,
  type Frame,
  type Interned,
  workforceFrame,
  type Selection,
} from './population.js';
import {
  fieldValue,
  GRADE_AND_STAFF_GROUP_FIELDS,
  gradeOf,
  hasOwnUnitPath,
  PERSON_DATASETS,
  staffGroupOf,
  UNIT_LEVELS,
  unitLevelOf,
} from './fields.js';
import type { MetricDefinition, Scalar } from './types.js';

export const NOT_RECORDED = 'NOT_RECORDED';

/** One dimension's value per member: `values[codes[i]]`. */
export type DimColumn = Interned;

/**
 * The members of one population in one year, as columns. `groupIds` lists the scheme's groups (then any
 * other group a record fell in); `group[i]` indexes it. Shared: never changed.
 */
export interface Observations {
  n: number;
  groupIds: readonly string[];
  group: Int32Array;
  /** The weight of every member (1, or 1/k for the mean over k snapshots). */
  weight: number;
  /** Outcome flag per member (condition and linked outcomes). */
  flag: Uint8Array | null;
  /** Outcome values per member (value outcomes). */
  values: Values | null;
  /** The dimensions of the definition (`dimensionsOf`), and one column per dimension, in that order. */
  dimNames: readonly string[];
  dims: readonly DimColumn[];
  /** What statistics derive from these observations (sorted values, breakdown splits), by key. */
  cache: Map<string, unknown>;
}

/** Outcome values of the members, with their places in ascending order. */
export interface Values {
  /** Per member; NaN where the record has no usable value. */
  value: Float64Array;
  /**
   * Each member's place in the ascending order of its selection's values (-1 for no value), so that the
   * sorted lists of any grouping or breakdown row are read off in one pass over the `places`.
   */
  rank: Int32Array;
  places: number;
}

export interface YearObservations {
  year: number;
  population: Observations;
  /** For an `events` outcome: the distinct events (people or records), weight 1. */
  events: Observations | null;
  selection: Selection;
}

const dimValue = (v: Scalar): string => (v === null || v === '' ? NOT_RECORDED : String(v));

/** A unit level (care group, directorate, department) of each record of a dataset keyed by person. */
class PersonUnitLevelColumn extends CodeColumn {
  constructor(
    private readonly frame: Frame,
    private readonly level: number,
    /** The workforce's column of the same level, whose codes (and dictionary) this column shares. */
    private readonly persons: CodeColumn,
  ) {
    super(frame.records.length, persons.dictionary);
  }
  protected derive(i: number): number {
    const r = this.frame.records[i]!;
    if (hasOwnUnitPath(r)) return this.dictionary.code(dimValue(unitLevelOf(r, null, this.level)));
    const p = personPositionAt(this.frame, i);
    return p === -1 ? this.dictionary.code(NOT_RECORDED) : this.persons.at(p);
  }
}

/**
 * A field derived from the grade and staff group alone (the rows of WRES 1 and WDES 1, a few dozen),
 * derived once per distinct pair.
 */
class GradeAndStaffGroupColumn extends CodeColumn {
  private readonly subjects: SubjectCursor;
  /** The code of each grade and staff group met so far. */
  private readonly byGrade = new Map<unknown, Map<unknown, number>>();
  constructor(
    private readonly frame: Frame,
    private readonly dim: string,
  ) {
    super(frame.records.length, new Dictionary());
    this.subjects = new SubjectCursor(frame);
  }
  protected derive(i: number): number {
    const s = this.subjects.at(i);
    const grade = gradeOf(s);
    const staffGroup = staffGroupOf(s);
    let byStaffGroup = this.byGrade.get(grade);
    if (byStaffGroup === undefined) this.byGrade.set(grade, (byStaffGroup = new Map<unknown, number>()));
    let code = byStaffGroup.get(staffGroup);
    if (code === undefined) {
      code = this.dictionary.code(dimValue(fieldValue(s, this.dim, this.frame.settings)));
      byStaffGroup.set(staffGroup, code);
    }
    return code;
  }
}

/** Any other field, as its breakdown key. */
class FieldKeyColumn extends CodeColumn {
  private readonly reader: FieldReader;
  constructor(frame: Frame, field: string) {
    super(frame.records.length, new Dictionary());
    this.reader = new FieldReader(frame, field);
  }
  protected derive(i: number): number {
    return this.dictionary.code(dimValue(this.reader.read(i)));
  }
}

/**
 * A dimension's breakdown key for each record of a frame, coded when first read. A unit level (care group,
 * directorate, department) that a record takes from its person is the code of the person's workforce
 * record in the workforce's own column (codes shared with it), so each person's is derived once.
 */
function dimColumn(ctx: EvalContext, frame: Frame, dim: string): CodeColumn {
  return cached(frame.columns, `dim|${dim}`, () => {
    const level = UNIT_LEVELS[dim];
    if (level !== undefined && PERSON_DATASETS.has(frame.dataset))
      return new PersonUnitLevelColumn(frame, level, dimColumn(ctx, workforceFrame(ctx), dim));
    if (GRADE_AND_STAFF_GROUP_FIELDS.has(dim)) return new GradeAndStaffGroupColumn(frame, dim);
    return new FieldKeyColumn(frame, dim);
  });
}

/**
 * Each record's group in a scheme, coded in a dictionary that starts with the scheme's groups in order.
 */
class GroupColumn extends CodeColumn {
  private readonly subjects: SubjectCursor;
  constructor(
    frame: Frame,
    private readonly scheme: Scheme,
  ) {
    super(frame.records.length, new Dictionary(scheme.groups.map((g) => g.id)));
    this.subjects = new SubjectCursor(frame);
  }
  protected derive(i: number): number {
    return this.dictionary.code(groupOf(this.scheme, this.subjects.at(i)));
  }
}

/** Each record's group in a scheme (a scheme's grouping depends only on its name and the settings). */
function groupColumn(frame: Frame, scheme: Scheme): CodeColumn {
  return cached(frame.columns, `group|${scheme.scheme}`, () => new GroupColumn(frame, scheme));
}

function groupsOf(frame: Frame, scheme: Scheme, index: Int32Array) {
  const groups = groupColumn(frame, scheme);
  return { ids: groups.dictionary.values, codes: groups.gather(index) };
}

function dimsOf(ctx: EvalContext, frame: Frame, dim: string, index: Int32Array): DimColumn {
  const column = dimColumn(ctx, frame, dim);
  return { codes: column.gather(index), values: column.dictionary.values };
}

/** A selection's members' groups and dimensions (gathered once per selection). */
function members(ctx: EvalContext, selection: Selection, scheme: Scheme, dims: readonly string[]) {
  const { frame, index } = selection;
  const groups = cached(selection.columns, `group|${scheme.scheme}`, () => groupsOf(frame, scheme, index));
  return {
    groupIds: groups.ids,
    group: groups.codes,
    dims: dims.map((d) => cached(selection.columns, `dim|${d}`, () => dimsOf(ctx, frame, d, index))),
  };
}

/**
 * Values with each one's place in ascending order (equal values take consecutive places in member order;
 * -1 for NaN): one native sort, then a binary search per value.
 */
function ranked(values: Float64Array): Values {
  let size = 0;
  for (let j = 0; j < values.length; j++) if (!Number.isNaN(values[j]!)) size++;
  const sorted = new Float64Array(size);
  let k = 0;
  for (let j = 0; j < values.length; j++) if (!Number.isNaN(values[j]!)) sorted[k++] = values[j]!;
  sorted.sort();
  const used = new Int32Array(size);
  const rank = new Int32Array(values.length);
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    if (Number.isNaN(v)) {
      rank[j] = -1;
      continue;
    }
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    rank[j] = lo + used[lo]!++;
  }
  return { value: values, rank, places: size };
}

/** A field's values at the given positions, NaN where it is not a finite number. */
function valuesAt(frame: Frame, field: string, index: Int32Array): Float64Array {
  const reader = new FieldReader(frame, field);
  const value = new Float64Array(index.length);
  for (let j = 0; j < index.length; j++) {
    const v = reader.read(index[j]!);
    value[j] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
  }
  return value;
}

/** Every dimension a definition uses: its distribution rows and its breakdowns. */
export function dimensionsOf(def: MetricDefinition): string[] {
  const rows = def.statistic.type === 'distribution' ? (def.statistic.rows ?? []) : [];
  return [...new Set([...rows, ...(def.breakdown ?? []).flat()])];
}

/**
 * The observations at `positions` (indexes into `obs`), in that order. Their values' places are those of
 * `ranks` (each member's place among the subset's values, in the same order as in `obs`) when given, else
 * the places in `obs` (valid, but as many as the whole of `obs` has).
 */
export function subset(
  obs: Observations,
  positions: Int32Array,
  ranks?: { rank: Int32Array; places: number },
): Observations {
  const values = obs.values;
  return {
    n: positions.length,
    groupIds: obs.groupIds,
    group: gatherI32(obs.group, positions),
    weight: obs.weight,
    flag: obs.flag ? gatherU8(obs.flag, positions) : null,
    values: values
      ? {
          value: gatherF64(values.value, positions),
          rank: gatherI32(ranks ? ranks.rank : values.rank, positions),
          places: positions.length === 0 ? 0 : ranks ? ranks.places : values.places,
        }
      : null,
    dimNames: obs.dimNames,
    dims: obs.dims.map((d) => ({ codes: gatherI32(d.codes, positions), values: d.values })),
    cache: new Map(),
  };
}

/**
 * For members split by `codes` (a key per member, `keys` keys): each member's place among the values of
 * its key's members, in the order of `values` (one pass over the places), and how many places each key has.
 */
export function ranksByKey(
  values: Values,
  codes: Int32Array,
  keys: number,
): { rank: Int32Array; places: Int32Array } {
  const byPlace = new Int32Array(values.places).fill(-1);
  for (let j = 0; j < values.rank.length; j++) {
    const r = values.rank[j]!;
    if (r >= 0) byPlace[r] = j;
  }
  const rank = new Int32Array(values.rank.length).fill(-1);
  const places = new Int32Array(keys);
  for (let p = 0; p < byPlace.length; p++) {
    const j = byPlace[p]!;
    if (j !== -1) rank[j] = places[codes[j]!]!++;
  }
  return { rank, places };
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
  return memoised(ctx, key === null ? null : `observe|${ctx.year + yearOffset}|${key}`, (c) =>
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
  const { frame, index } = selection;
  const n = index.length;
  const outcome = def.outcome;
  let flag: Uint8Array | null = null;
  let values: Values | null = null;
  if (outcome?.type === 'condition') {
    flag = new ConditionsTest(frame, outcome.where).flags(index);
  } else if (outcome?.type === 'linked') {
    const matches = selectPopulation(
      { dataset: outcome.dataset, where: outcome.where, at: outcome.at, unit: 'records' },
      ctx,
      yearOffset,
    );
    const linked = new Uint8Array(ctx.persons.size);
    for (const i of matches.index) {
      const p = matches.frame.personCodes[i]!;
      if (p !== -1) linked[p] = 1;
    }
    flag = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      const p = frame.personCodes[index[j]!]!;
      flag[j] = p !== -1 && linked[p] === 1 ? 1 : 0;
    }
  } else if (outcome?.type === 'value') {
    const field = outcome.field;
    values = cached(selection.columns, `values|${field}`, () => ranked(valuesAt(frame, field, index)));
    const missing = n - values.places;
    if (missing > 0)
      ctx.issues.add(
        'MISSING_VALUE',
        def.population.dataset,
        `records without a usable ${field} left out`,
        missing,
      );
  }
  const m = members(ctx, selection, scheme, dims);
  const population: Observations = {
    n,
    groupIds: m.groupIds,
    group: m.group,
    weight: selection.weight,
    flag,
    values,
    dimNames: dims,
    dims: m.dims,
    cache: new Map(),
  };
  const events = outcome?.type === 'events' ? observeEvents(outcome, scheme, dims, ctx, yearOffset) : null;
  return { year: ctx.year + yearOffset, population, events, selection };
}

/**
 * The distinct events of an `events` outcome: one per person (count people) or per record. Of a person's
 * several events, the one with the least record id gives the group and keys, whatever the record order.
 */
function observeEvents(
  outcome: Extract<NonNullable<MetricDefinition['outcome']>, { type: 'events' }>,
  scheme: Scheme,
  dims: readonly string[],
  ctx: EvalContext,
  yearOffset: number,
): Observations {
  const ev = selectPopulation({ ...outcome.population, unit: 'records' }, ctx, yearOffset);
  const { frame } = ev;
  const { personCodes } = frame;
  let notFound = 0;
  const kept: number[] = [];
  // Per person code: the position in `kept` of the person's event (-1: none yet).
  const byPerson = new Int32Array(ctx.persons.size).fill(-1);
  for (const i of ev.index) {
    const p = personCodes[i]!;
    if (p !== -1 && personAt(frame, i) === null) notFound++;
    if (outcome.count !== 'people' || p === -1) {
      kept.push(i);
      continue;
    }
    const j = byPerson[p]!;
    if (j === -1) {
      byPerson[p] = kept.length;
      kept.push(i);
    } else if (recordIdOf(frame, i) < recordIdOf(frame, kept[j]!)) kept[j] = i;
  }
  if (notFound > 0)
    ctx.issues.add(
      'PERSON_NOT_IN_WORKFORCE',
      outcome.population.dataset,
      'records whose person is in no workforce snapshot up to the end of the period: their own characteristics are used, else unknown',
      notFound,
    );
  const index = Int32Array.from(kept);
  const groups = groupsOf(frame, scheme, index);
  return {
    n: index.length,
    groupIds: groups.ids,
    group: groups.codes,
    weight: 1,
    flag: null,
    values: null,
    dimNames: dims,
    dims: dims.map((d) => dimsOf(ctx, frame, d, index)),
    cache: new Map(),
  };
}

/** A record's id (records.ts). */
function recordIdOf(frame: Frame, i: number): string {
  const ids = idCodes(frame.base, frame.dataset);
  return ids.dictionary.values[ids.at(i)]!;
}
