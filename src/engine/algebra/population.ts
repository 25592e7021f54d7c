/**
 * Selecting a population: a dataset's records in the reporting period that meet every condition, one per
 * person unless the unit is records. Records with no usable date are left out and counted as an issue.
 *
 * Evaluation is columnar. A frame is a dataset's records with the person of each at one date (made once
 * per evaluation and shared by every metric reading that dataset with that date); a field, a condition, a
 * group or a breakdown dimension is a column over the frame's records, each entry derived the first time a
 * population needs it; a selection is the list of positions that are in the period, meet the conditions
 * and are one per person (or id).
 */
import { financialYearRange, monthRange, quarterRange, type DateRange } from '../periods.js';
import type { WorkforceRecord } from '../records.js';
import type { EngineSettings } from '../settings.js';
import { CodeColumn, Dictionary, groupByCode } from './codes.js';
import { cmp, memoised, specKey, stableKey, type EvalContext, type PersonIndex } from './context.js';
import {
  COMPUTED_FIELDS,
  fieldValue,
  hasOwnUnitPath,
  PERSON_DATASETS,
  scalarOf,
  UNIT_LEVELS,
  unitLevelOf,
  type Subject,
} from './fields.js';
import { panelSeatsOf, panelsOf, type PanelOptions } from './panels.js';
import type { Condition, DatasetName, PopulationSpec, Scalar, TimeSpec } from './types.js';

type Row = Readonly<Record<string, unknown>>;

/**
 * A dataset's records (all of them, in their original order) with, for datasets keyed by person, the
 * person's workforce record at `lookupDate` (the end of the period; the reporting year's 31 March for a
 * quarter or a month of it). Positions are the records' indexes in the dataset. Shared: never changed
 * except by deriving more of its columns.
 */
export interface Frame {
  dataset: DatasetName;
  records: readonly Row[];
  /** Each record's person code (context `persons`), -1 for a record naming no person. */
  personCodes: Int32Array;
  lookupDate: string;
  base: DatasetBase;
  settings: EngineSettings;
  people: PersonIndex;
  /**
   * Each record's person as a position in the workforce (the record's own for the workforce), looked up
   * when first needed: -2 not yet, -1 none.
   */
  personPositions: Int32Array;
  /** Derived columns by key (fields, conditions, groups, dimensions). */
  columns: Map<string, unknown>;
  /** Work space of `select`: the key stamps of the latest selection. */
  scratch: { stamp: Int32Array; first: Int32Array; generation: number };
}

/** A population: positions in its frame (ascending), each counting `weight`. Shared: never changed. */
export interface Selection {
  frame: Frame;
  index: Int32Array;
  /** 1, or 1/k for the mean over k snapshots. */
  weight: number;
  /** The dates the selection covers (for a snapshot: that day). */
  range: DateRange | null;
  /** Snapshot dates seen (snapshot and snapshotAverage). */
  snapshots: string[];
  /** Columns gathered for the selection's positions, by key. */
  columns: Map<string, unknown>;
}

/** A value derived once per frame (or selection) under `key`. */
export function cached<T>(columns: Map<string, unknown>, key: string, make: () => T): T {
  let value = columns.get(key) as T | undefined;
  if (value === undefined) {
    value = make();
    columns.set(key, value);
  }
  return value;
}

/** The workforce position of the person of the record at position i (-1: none), looked up once. */
export function personPositionAt(frame: Frame, i: number): number {
  let p = frame.personPositions[i]!;
  if (p === -2) {
    p =
      frame.dataset === 'workforce'
        ? i
        : PERSON_DATASETS.has(frame.dataset)
          ? frame.people.positionAt(frame.personCodes[i]!, frame.lookupDate)
          : -1;
    frame.personPositions[i] = p;
  }
  return p;
}

/** The person's workforce record for the record at position i (the record itself in the workforce). */
export function personAt(frame: Frame, i: number): WorkforceRecord | null {
  const p = personPositionAt(frame, i);
  return p === -1 ? null : frame.people.workforce[p]!;
}

/**
 * A subject to reuse while deriving columns: one object per frame, pointed at each record in turn. A
 * class, as every evaluation makes its own (see `CodeColumn`).
 */
export class SubjectCursor {
  private readonly s: { dataset: DatasetName; record: Row; person: WorkforceRecord | null };
  constructor(private readonly frame: Frame) {
    this.s = { dataset: frame.dataset, record: {}, person: null };
  }
  /** The subject of the record at position i (valid until the next call). */
  at(i: number): Subject {
    const s = this.s;
    s.record = this.frame.records[i]!;
    s.person = personAt(this.frame, i);
    return s;
  }
}

const UNIT_LEVEL = 0;
const PLAIN = 1;
const COMPUTED = 2;

/**
 * A field's value for the record at position i (derived each time: callers keep what they need). Unit
 * levels and plain fields are read straight from the record (the person's record only when needed), the
 * rest through `fieldValue`; all give exactly `fieldValue`.
 */
export class FieldReader {
  private readonly kind: number;
  private readonly level: number;
  private readonly cursor: SubjectCursor | null;
  constructor(
    private readonly frame: Frame,
    private readonly field: string,
  ) {
    const level = UNIT_LEVELS[field];
    this.level = level ?? -1;
    this.kind = level !== undefined ? UNIT_LEVEL : COMPUTED_FIELDS.has(field) ? COMPUTED : PLAIN;
    this.cursor = this.kind === COMPUTED ? new SubjectCursor(frame) : null;
  }
  read(i: number): Scalar {
    const frame = this.frame;
    const r = frame.records[i]!;
    if (this.kind === UNIT_LEVEL)
      return unitLevelOf(r, hasOwnUnitPath(r) ? null : personAt(frame, i), this.level);
    if (this.kind === PLAIN) {
      const v = r[this.field];
      if (v !== undefined) return scalarOf(v);
      const person = personAt(frame, i);
      return scalarOf(person ? (person as unknown as Record<string, unknown>)[this.field] : undefined);
    }
    return fieldValue(this.cursor!.at(i), this.field, frame.settings);
  }
}

/** Whether each record meets a condition: 0 not derived yet, 1 no, 2 yes. */
class ConditionColumn {
  private readonly state: Uint8Array;
  private readonly reader: FieldReader;
  constructor(
    frame: Frame,
    private readonly condition: Condition,
  ) {
    this.state = new Uint8Array(frame.records.length);
    this.reader = new FieldReader(frame, condition.field);
  }
  at(i: number): boolean {
    let v = this.state[i]!;
    if (v === 0) {
      v = meets(this.reader.read(i), this.condition) ? 2 : 1;
      this.state[i] = v;
    }
    return v === 2;
  }
}

/** Whether each record meets a condition. */
export function conditionColumn(frame: Frame, c: Condition): ConditionColumn {
  const key = specKey(c);
  return key === null
    ? new ConditionColumn(frame, c)
    : cached(frame.columns, `condition|${key}`, () => new ConditionColumn(frame, c));
}

/**
 * Whether each record meets every condition (true for none). A class, not a closure, so that the loops
 * calling it stay monomorphic.
 */
export class ConditionsTest {
  private readonly columns: ConditionColumn[];
  constructor(frame: Frame, conditions: readonly Condition[] | undefined) {
    this.columns = (conditions ?? []).map((c) => conditionColumn(frame, c));
  }
  at(i: number): boolean {
    const columns = this.columns;
    for (let k = 0; k < columns.length; k++) if (!columns[k]!.at(i)) return false;
    return true;
  }
  /** 1 where the record at each position meets every condition. */
  flags(index: Int32Array): Uint8Array {
    const out = new Uint8Array(index.length);
    for (let j = 0; j < index.length; j++) out[j] = this.at(index[j]!) ? 1 : 0;
    return out;
  }
}

/** Text values interned as codes: `values[codes[i]]` is entry i's value. */
export interface Interned {
  codes: Int32Array;
  values: string[];
}

/** Copies `column` at the given positions (one function per array type, so each stays monomorphic). */
export function gatherU8(column: Uint8Array, index: Int32Array): Uint8Array {
  const out = new Uint8Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = column[index[i]!]!;
  return out;
}
export function gatherI32(column: Int32Array, index: Int32Array): Int32Array {
  const out = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = column[index[i]!]!;
  return out;
}
export function gatherF64(column: Float64Array, index: Int32Array): Float64Array {
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = column[index[i]!]!;
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The reporting year a time spec refers to, after the evaluation's and the spec's own offsets. */
export function effectiveYear(ctx: EvalContext, at: TimeSpec, yearOffset: number): number {
  return ctx.year + yearOffset + ('yearOffset' in at && at.yearOffset !== undefined ? at.yearOffset : 0);
}

/** The date range of a time spec in year y (null for 'all'). */
export function timeRange(at: TimeSpec, y: number): DateRange | null {
  switch (at.type) {
    case 'snapshot':
      return { start: `${y}-03-31`, end: `${y}-03-31` };
    case 'snapshotAverage':
      return { start: `${y - 1}-03-31`, end: `${y}-03-31` };
    case 'financialYear':
      return financialYearRange({ startYear: y - 1 });
    case 'quarter':
      return quarterRange({ year: { startYear: y - 1 }, quarter: at.quarter });
    case 'month':
      return monthRange({ year: { startYear: y - 1 }, month: at.month });
    case 'monthsToSnapshot': {
      const index = y * 12 + 3 - at.months; // months since year 0 of the first month in the window
      return { start: `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`, end: `${y}-03-31` };
    }
    case 'surveyYear':
      return null;
    case 'all':
      return null;
  }
}

const panelOptions = (c: EvalContext): PanelOptions => ({
  trainingValidYears: c.settings['panels.trainingValidYears'],
  issues: c.issues,
});

export function recordsOf(ctx: EvalContext, dataset: DatasetName): readonly object[] {
  const d = ctx.data;
  switch (dataset) {
    case 'survey':
      return d.surveyResponses ?? [];
    case 'panels':
      return memoised(ctx, 'panels', (c) =>
        panelsOf(c.data.panelMembers ?? [], c.data.recruitment ?? [], c.persons, panelOptions(c)),
      );
    case 'panelMembers':
      return memoised(ctx, 'panelSeats', (c) =>
        panelSeatsOf(c.data.panelMembers ?? [], c.data.recruitment ?? [], c.persons, panelOptions(c)),
      );
    default:
      return d[dataset] ?? [];
  }
}

/** The id of a record: its own identifier, or its defining fields. */
export function recordId(dataset: DatasetName, r: Record<string, unknown>): string {
  switch (dataset) {
    case 'workforce':
    case 'pay':
      return `${String(r.personId)}|${String(r.snapshotDate)}`;
    case 'recruitment':
      return String(r.applicationId);
    case 'cases':
      return String(r.caseId);
    case 'learning':
      return String(r.recordId);
    case 'board':
      return `${String(r.memberId)}|${String(r.snapshotDate)}`;
    case 'incidents':
      return String(r.incidentId);
    case 'survey':
      return `${String(r.surveyYear)}|${String(r.respondentId)}`;
    case 'panels':
      return String(r.panelId);
    case 'panelMembers':
      return `${String(r.panelId)}|${String(r.memberId)}`;
    default:
      return stableKey(r);
  }
}

/** The first of `fields` that the record has as a non-empty text, or null. */
function dateOf(r: Record<string, unknown>, fields: readonly string[]): string | null {
  for (let k = 0; k < fields.length; k++) {
    const v = r[fields[k]!];
    if (typeof v === 'string' && v !== '') return v;
  }
  return null;
}

const lower = (v: Scalar) => (typeof v === 'string' ? v.toLowerCase() : v);

/** Whether a value meets a condition. Comparisons with null are false (except isNull / ne). */
export function meets(value: Scalar, c: Condition): boolean {
  const target = c.value;
  switch (c.op) {
    case 'isNull':
      return value === null;
    case 'notNull':
      return value !== null;
    case 'eq':
      return value === target;
    case 'ne':
      return value !== target;
    case 'in':
      return Array.isArray(target) && target.includes(value);
    case 'notIn':
      return Array.isArray(target) && !target.includes(value);
    case 'contains':
      return (
        typeof value === 'string' &&
        typeof target === 'string' &&
        value.toLowerCase().includes(target.toLowerCase())
      );
    case 'startsWith':
      return (
        typeof value === 'string' &&
        typeof target === 'string' &&
        value.toLowerCase().startsWith(target.toLowerCase())
      );
    default: {
      if (value === null || target === null || target === undefined || Array.isArray(target)) return false;
      if (typeof value !== typeof target) return false;
      const a = lower(value) as string | number | boolean;
      const b = lower(target) as string | number | boolean;
      if (c.op === 'gt') return a > b;
      if (c.op === 'gte') return a >= b;
      if (c.op === 'lt') return a < b;
      return a <= b;
    }
  }
}

export function meetsAll(
  subject: Subject,
  conditions: readonly Condition[] | undefined,
  ctx: EvalContext,
): boolean {
  return (conditions ?? []).every((c) => meets(fieldValue(subject, c.field, ctx.settings), c));
}

/**
 * What every frame of a dataset shares, made once per evaluation (memo): its records, each record's
 * person code (given when a period that holds the record is first selected from: `codePersons`), and
 * (when first needed) id codes, snapshot codes and the positions of each snapshot.
 */
export interface DatasetBase {
  records: readonly Row[];
  /** Each record's person code; -1 for a record naming no person, -2 not given yet. */
  personCodes: Int32Array;
  /** Whether every record's person code is given (the workforce's are, by the person index). */
  allCoded: boolean;
  columns: Map<string, unknown>;
}

function baseOf(ctx: EvalContext, dataset: DatasetName): DatasetBase {
  return memoised(ctx, `base|${dataset}`, (c) => {
    const records = recordsOf(c, dataset) as readonly Row[];
    if ((records as readonly unknown[]) === c.persons.workforce)
      return { records, personCodes: c.persons.workforceCodes, allCoded: true, columns: new Map() };
    const personCodes = new Int32Array(records.length).fill(-2);
    return { records, personCodes, allCoded: false, columns: new Map() };
  });
}

/**
 * Gives person codes to the records at `positions` that have none yet, in that order (so that extracts
 * listing people in the workforce's order meet the person index's guess). Only the records a population
 * reads are ever coded: hashing a person id is most of the cost of a record that no period holds.
 */
export function codePersons(base: DatasetBase, persons: PersonIndex, positions: Int32Array): void {
  if (base.allCoded) return;
  const { records, personCodes } = base;
  for (let j = 0; j < positions.length; j++) {
    const i = positions[j]!;
    if (personCodes[i] !== -2) continue;
    const p = records[i]!.personId;
    personCodes[i] = typeof p === 'string' ? persons.code(p) : -1;
  }
}

/** Each record's id (`recordId`) as a code. */
class IdColumn extends CodeColumn {
  constructor(
    private readonly records: readonly Row[],
    private readonly dataset: DatasetName,
  ) {
    super(records.length, new Dictionary());
  }
  protected derive(i: number): number {
    return this.dictionary.code(recordId(this.dataset, this.records[i]!));
  }
}

/** Each record's id (`recordId`) as a code, given when first read: one dictionary per dataset. */
export function idCodes(base: DatasetBase, dataset: DatasetName): CodeColumn {
  return cached(base.columns, 'ids', () => new IdColumn(base.records, dataset));
}

/** Each record's snapshot date as a code (-1 for none), and the dates of the codes. */
function snapshotCodes(base: DatasetBase): { codes: Int32Array; dates: readonly string[] } {
  return cached(base.columns, 'snapshots', () => codeSnapshots(base.records));
}

function codeSnapshots(records: readonly Row[]): { codes: Int32Array; dates: readonly string[] } {
  const dates = new Dictionary();
  const codes = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const d = records[i]!.snapshotDate;
    codes[i] = typeof d === 'string' && d !== '' ? dates.code(d) : -1;
  }
  return { codes, dates: dates.values };
}

/** The positions of a dataset's records by snapshot date, in their original order. */
function bySnapshot(base: DatasetBase): ReadonlyMap<string, Int32Array> {
  return cached(base.columns, 'bySnapshot', () => {
    const { codes, dates } = snapshotCodes(base);
    const { start, order } = groupByCode(codes, dates.length);
    return new Map(dates.map((d, k) => [d, order.subarray(start[k], start[k + 1])]));
  });
}

/** The snapshot dates of the records at `index`, in text order ('' for a record with none). */
function snapshotsAt(base: DatasetBase, index: Int32Array): string[] {
  const { codes, dates } = snapshotCodes(base);
  const seen = new Uint8Array(dates.length + 1);
  for (let j = 0; j < index.length; j++) seen[codes[index[j]!]! + 1] = 1;
  const out = dates.filter((_, k) => seen[k + 1] === 1);
  if (seen[0] === 1) out.push('');
  return out.sort(cmp);
}

const DEFAULT_UNIT: Readonly<Record<DatasetName, 'people' | 'records'>> = {
  workforce: 'people',
  pay: 'people',
  learning: 'people',
  appraisals: 'people',
  movements: 'people',
  recruitment: 'records',
  cases: 'records',
  board: 'records',
  incidents: 'records',
  survey: 'records',
  panels: 'records',
  panelMembers: 'records',
};

/**
 * The frame of a dataset whose people are looked up at `lookupDate`: one per evaluation, dataset and date
 * (context memo), shared by every period ending that day. Datasets not keyed by person have one frame.
 */
function frameAt(ctx: EvalContext, dataset: DatasetName, lookupDate: string): Frame {
  const date = PERSON_DATASETS.has(dataset) ? lookupDate : '';
  return memoised(ctx, `frame|${dataset}|${date}`, (c) => {
    const base = baseOf(c, dataset);
    const n = base.records.length;
    return {
      dataset,
      records: base.records,
      personCodes: base.personCodes,
      lookupDate: date,
      base,
      settings: c.settings,
      people: c.persons,
      personPositions: new Int32Array(n).fill(-2),
      columns: new Map(),
      scratch: { stamp: new Int32Array(0), first: new Int32Array(0), generation: 0 },
    };
  });
}

/** The workforce's frame (one per evaluation: workforce records are their own persons). */
export function workforceFrame(ctx: EvalContext): Frame {
  return frameAt(ctx, 'workforce', '');
}

/**
 * The records of a dataset in the period of a time spec: their frame and positions (ascending). Shared:
 * never changed.
 */
export interface Period {
  frame: Frame;
  positions: Int32Array;
  range: DateRange | null;
}

/**
 * The records of a dataset in the period of a time spec, in the evaluation's year shifted by `yearOffset`.
 * Made once per evaluation, dataset and period (context memo); records without a usable date are left out
 * and counted as an issue.
 */
export function periodOf(ctx: EvalContext, dataset: DatasetName, at: TimeSpec, yearOffset: number): Period {
  const y = effectiveYear(ctx, at, yearOffset);
  // The period without its offset (already in y): JSON leaves out a property set to undefined.
  const key = specKey({ ...at, yearOffset: undefined });
  return memoised(ctx, key === null ? null : `period|${dataset}|${y}|${key}`, (c) =>
    makePeriod(c, dataset, at, y),
  );
}

function makePeriod(ctx: EvalContext, dataset: DatasetName, at: TimeSpec, y: number): Period {
  const range = timeRange(at, y);
  // A quarter's or a month's records take their people from the reporting year's snapshot, as the year's
  // records do: each person as the year knows them (the latest record on or before 31 March N, so a leaver
  // keeps their last one), and the four quarters and twelve months add up to the year group by group. At
  // the end of an earlier quarter the newest snapshot is the year before's, which holds no joiner of the
  // year: their events would count as of unknown ethnicity. Other periods look people up at their end.
  const partOfYear = at.type === 'month' || at.type === 'quarter';
  const frame = frameAt(ctx, dataset, partOfYear ? `${y}-03-31` : (range?.end ?? `${y}-03-31`));
  const all = frame.records;
  if (at.type === 'snapshot')
    // A snapshot reads only the records of that day (an index shared by the evaluation's metrics).
    return { frame, positions: bySnapshot(frame.base).get(range!.start) ?? new Int32Array(0), range };
  const positions = new Int32Array(all.length);
  let m = 0;
  if ('dateField' in at) {
    const fields = [at.dateField].flat();
    const { start, end } = range!;
    let undated = 0;
    for (let i = 0; i < all.length; i++) {
      const d = dateOf(all[i]!, fields);
      if (d === null) undated++;
      else if (d >= start && d <= end) positions[m++] = i;
    }
    if (undated > 0)
      ctx.issues.add('MISSING_DATE', dataset, `records without ${fields.join(' or ')} left out`, undated);
  } else if (at.type === 'snapshotAverage') {
    const { start, end } = range!;
    for (let i = 0; i < all.length; i++) {
      const d = all[i]!.snapshotDate;
      if (typeof d === 'string' && d >= start && d <= end) positions[m++] = i;
    }
  } else if (at.type === 'surveyYear') {
    for (let i = 0; i < all.length; i++) if (all[i]!.surveyYear === y - 1) positions[m++] = i;
  } else for (let i = 0; i < all.length; i++) positions[m++] = i;
  return { frame, positions: positions.slice(0, m), range };
}

/**
 * The population of a spec in the evaluation's year (shifted by `yearOffset`). Characteristics of records
 * without their own come from the person's workforce record at the end of the window. The same spec and
 * year are selected once per evaluation (context memo); the selection must not be changed.
 */
export function selectPopulation(spec: PopulationSpec, ctx: EvalContext, yearOffset: number): Selection {
  const key = specKey(spec);
  return memoised(ctx, key === null ? null : `population|${ctx.year + yearOffset}|${key}`, (c) =>
    select(spec, c, yearOffset),
  );
}

function select(spec: PopulationSpec, ctx: EvalContext, yearOffset: number): Selection {
  const at = spec.at;
  const { frame, positions, range } = periodOf(ctx, spec.dataset, at, yearOffset);
  // Persons first: conditions may read the person's fields, and the keys below need every code given.
  codePersons(frame.base, ctx.persons, positions);
  const test = new ConditionsTest(frame, spec.where);
  const people = (spec.unit ?? DEFAULT_UNIT[spec.dataset]) === 'people';
  const snapshotDated = at.type === 'snapshot' || at.type === 'snapshotAverage';
  // The dedupe key: the person (within a snapshot, except in a snapshot's own period) when counting people
  // and the record names one, else the record's id (numbered from idFrom, so the two never collide).
  const snapshotsOf = at.type !== 'snapshot' && people ? snapshotCodes(frame.base) : null;
  const perPerson = snapshotsOf ? snapshotsOf.dates.length + 1 : 1;
  const idFrom = ctx.persons.size * perPerson;
  // Records keyed by id (all of them when not counting people; else those naming no person): their codes
  // are given as records are read, at most as many as records.
  const ids = idCodes(frame.base, spec.dataset);
  const size = idFrom + frame.records.length;
  const scratch = frame.scratch;
  if (scratch.stamp.length < size) {
    scratch.stamp = new Int32Array(size);
    scratch.first = new Int32Array(size);
    scratch.generation = 0;
  }
  const generation = ++scratch.generation;
  const { stamp, first } = scratch;
  const { records, personCodes } = frame;
  // One record per key: the first met, replaced below by the least (stableKey) of all when there are others.
  const others = new Map<number, number[]>();
  const kept = new Int32Array(positions.length);
  let count = 0;
  for (let j = 0; j < positions.length; j++) {
    const i = positions[j]!;
    if (!test.at(i)) continue;
    const p = personCodes[i]!;
    const k =
      people && p !== -1 ? p * perPerson + (snapshotsOf ? snapshotsOf.codes[i]! + 1 : 0) : idFrom + ids.at(i);
    if (stamp[k] !== generation) {
      stamp[k] = generation;
      first[k] = i;
      kept[count++] = i;
    } else {
      const f = first[k]!;
      const list = others.get(f);
      if (list) list.push(i);
      else others.set(f, [f, i]);
    }
  }
  let duplicates = 0;
  const snapshotData = spec.dataset === 'workforce' || spec.dataset === 'pay' || spec.dataset === 'board';
  let replaced = false;
  if (others.size > 0)
    for (let j = 0; j < count; j++) {
      const list = others.get(kept[j]!);
      if (!list) continue;
      const byId = !people || personCodes[list[0]!] === -1;
      if (snapshotData || byId) duplicates += list.length - 1;
      const least = list
        .map((i) => ({ i, key: stableKey(records[i]!) }))
        .sort((a, b) => cmp(a.key, b.key))[0]!.i;
      if (least !== kept[j]) {
        kept[j] = least;
        replaced = true;
      }
    }
  if (duplicates > 0)
    ctx.issues.add(
      'DUPLICATE',
      spec.dataset,
      'more than one record for a person (or id) in the period: one kept',
      duplicates,
    );
  const index = kept.slice(0, count);
  if (replaced) index.sort();
  // A record kept in place of another has its key, so its snapshot: the kept ones have every date met.
  const snapshots = snapshotDated ? snapshotsAt(frame.base, index) : [];
  const weight = at.type === 'snapshotAverage' && snapshots.length > 1 ? 1 / snapshots.length : 1;
  return { frame, index, weight, range, snapshots, columns: new Map() };
}
