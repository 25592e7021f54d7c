/**
 * Selecting a population: a dataset's records in the reporting period that meet every condition, one per
 * person unless the unit is records. Records with no usable date are left out and counted as an issue.
 *
 * Evaluation is columnar. The records of a dataset in one period form a frame (made once per evaluation
 * and shared by every metric reading that dataset in that period); a field, a condition, a group or a
 * breakdown dimension is derived once per frame as a column over its records; a selection is the list of
 * frame positions that meet the conditions, one per person (or id).
 */
import { financialYearRange, quarterRange, type DateRange } from '../periods.js';
import type { WorkforceRecord } from '../records.js';
import type { EngineSettings } from '../settings.js';
import { cmp, memoised, specKey, stableKey, type EvalContext } from './context.js';
import { fieldValue, PERSON_DATASETS, type Subject } from './fields.js';
import type { Condition, DatasetName, PopulationSpec, Scalar, TimeSpec } from './types.js';

type Row = Readonly<Record<string, unknown>>;

/**
 * The records of a dataset in one period (in their original order), each with the person's workforce
 * record at the end of the period, and the columns derived from them so far. Shared: never changed
 * except by adding a column.
 */
export interface Frame {
  dataset: DatasetName;
  records: readonly Row[];
  /** Each record's position in the dataset (`recordsOf`). */
  source: Int32Array;
  /** Each record's person code (context `persons`), -1 for a record naming no person. */
  personCodes: Int32Array;
  persons: readonly (WorkforceRecord | null)[];
  base: DatasetBase;
  settings: EngineSettings;
  /** Derived columns by key (fields, condition masks, groups, dimensions, keys). */
  columns: Map<string, unknown>;
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

/** Calls `each` with a subject for every record of the frame (one object, reused: never kept). */
export function forEachSubject(frame: Frame, each: (s: Subject, i: number) => void): void {
  const s: { dataset: DatasetName; record: Row; person: WorkforceRecord | null } = {
    dataset: frame.dataset,
    record: {},
    person: null,
  };
  const { records, persons } = frame;
  for (let i = 0; i < records.length; i++) {
    s.record = records[i]!;
    s.person = persons[i]!;
    each(s, i);
  }
}

/** A field's value for every record of the frame. */
export function fieldColumn(frame: Frame, field: string): readonly Scalar[] {
  return cached(frame.columns, `field|${field}`, () => {
    const out = new Array<Scalar>(frame.records.length);
    forEachSubject(frame, (s, i) => {
      out[i] = fieldValue(s, field, frame.settings);
    });
    return out;
  });
}

/** 1 where the record meets the condition, for every record of the frame. */
export function conditionMask(frame: Frame, c: Condition): Uint8Array {
  const key = specKey(c);
  const make = () => {
    const values = fieldColumn(frame, c.field);
    const out = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = meets(values[i]!, c) ? 1 : 0;
    return out;
  };
  return key === null ? make() : cached(frame.columns, `condition|${key}`, make);
}

/** 1 where the record meets every condition (all 1 for none). */
export function conditionsMask(frame: Frame, conditions: readonly Condition[] | undefined): Uint8Array {
  const masks = (conditions ?? []).map((c) => conditionMask(frame, c));
  if (masks.length === 1) return masks[0]!;
  const out = new Uint8Array(frame.records.length).fill(1);
  for (const m of masks) for (let i = 0; i < out.length; i++) out[i]! &= m[i]!;
  return out;
}

/** Text values interned as codes: `values[codes[i]]` is record i's value. */
export interface Interned {
  codes: Int32Array;
  values: string[];
}

/** Interns one text per record (`text` is called once per record). */
export function intern(n: number, text: (i: number) => string): Interned {
  const codes = new Int32Array(n);
  const values: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const t = text(i);
    let code = index.get(t);
    if (code === undefined) {
      code = values.length;
      values.push(t);
      index.set(t, code);
    }
    codes[i] = code;
  }
  return { codes, values };
}

/** Copies `column` at the selection's positions. */
export function gather<T extends Int32Array | Uint8Array | Float64Array>(column: T, index: Int32Array): T {
  const out = new (column.constructor as new (n: number) => T)(index.length);
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

export function recordsOf(ctx: EvalContext, dataset: DatasetName): readonly object[] {
  const d = ctx.data;
  switch (dataset) {
    case 'survey':
      return d.surveyResponses ?? [];
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
    default:
      return stableKey(r);
  }
}

function dateOf(r: Record<string, unknown>, field: string | string[]): string | null {
  for (const f of Array.isArray(field) ? field : [field]) {
    const v = r[f];
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
 * What every frame of a dataset shares, made once per evaluation (memo): each record's person code, its
 * id code (when a frame first needs ids) and the positions of each snapshot's records.
 */
export interface DatasetBase {
  records: readonly Row[];
  personCodes: Int32Array;
  columns: Map<string, unknown>;
}

function baseOf(ctx: EvalContext, dataset: DatasetName): DatasetBase {
  return memoised(ctx, `base|${dataset}`, (c) => {
    const records = recordsOf(c, dataset) as readonly Row[];
    const personCodes = new Int32Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const p = records[i]!.personId;
      personCodes[i] = typeof p === 'string' ? c.persons.code(p) : -1;
    }
    return { records, personCodes, columns: new Map() };
  });
}

/** The positions of a dataset's records by snapshot date, in their original order. */
function bySnapshot(base: DatasetBase): ReadonlyMap<unknown, number[]> {
  return cached(base.columns, 'bySnapshot', () => {
    const index = new Map<unknown, number[]>();
    base.records.forEach((r, i) => {
      const list = index.get(r.snapshotDate);
      if (list) list.push(i);
      else index.set(r.snapshotDate, [i]);
    });
    return index;
  });
}

/** Each record's id (`recordId`) as a code, and how many codes: one dictionary for the whole dataset. */
function idCodes(base: DatasetBase, dataset: DatasetName): { codes: Int32Array; count: number } {
  return cached(base.columns, 'ids', () => {
    const codes = new Int32Array(base.records.length);
    const index = new Map<string, number>();
    for (let i = 0; i < codes.length; i++) {
      const id = recordId(dataset, base.records[i]!);
      let c = index.get(id);
      if (c === undefined) {
        c = index.size;
        index.set(id, c);
      }
      codes[i] = c;
    }
    return { codes, count: index.size };
  });
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
};

/**
 * The frame of a dataset in the period of a time spec (the evaluation's year shifted by `yearOffset`): its
 * records in the window, in their original order, with the person's workforce record at the end of the
 * window for datasets keyed by person. Made once per evaluation, dataset and period (context memo).
 */
export function frameOf(ctx: EvalContext, dataset: DatasetName, at: TimeSpec, yearOffset: number): Frame {
  const y = effectiveYear(ctx, at, yearOffset);
  // The period without its offset (already in y): JSON leaves out a property set to undefined.
  const key = specKey({ ...at, yearOffset: undefined });
  return memoised(ctx, key === null ? null : `frame|${dataset}|${y}|${key}`, (c) =>
    makeFrame(c, dataset, at, y),
  );
}

function makeFrame(ctx: EvalContext, dataset: DatasetName, at: TimeSpec, y: number): Frame {
  const range = timeRange(at, y);
  const lookupDate = range?.end ?? `${y}-03-31`;
  const base = baseOf(ctx, dataset);
  const all = base.records;
  const source: number[] = [];
  let undated = 0;
  if (at.type === 'snapshot') {
    // A snapshot reads only the records of that day (an index shared by the evaluation's metrics).
    for (const i of bySnapshot(base).get(range!.start) ?? []) source.push(i);
  } else
    for (let i = 0; i < all.length; i++) {
      const r = all[i]!;
      switch (at.type) {
        case 'snapshotAverage':
          if (
            typeof r.snapshotDate === 'string' &&
            r.snapshotDate >= range!.start &&
            r.snapshotDate <= range!.end
          )
            source.push(i);
          break;
        case 'surveyYear':
          if (r.surveyYear === y - 1) source.push(i);
          break;
        case 'all':
          source.push(i);
          break;
        default: {
          const d = dateOf(r, at.dateField);
          if (d === null) undated++;
          else if (d >= range!.start && d <= range!.end) source.push(i);
        }
      }
    }
  if (undated > 0 && 'dateField' in at)
    ctx.issues.add(
      'MISSING_DATE',
      dataset,
      `records without ${[at.dateField].flat().join(' or ')} left out`,
      undated,
    );
  const positions = Int32Array.from(source);
  const records = source.map((i) => all[i]!);
  const personCodes = gather(base.personCodes, positions);
  const personDataset = PERSON_DATASETS.has(dataset);
  const persons =
    dataset === 'workforce'
      ? (records as unknown as WorkforceRecord[])
      : Array.from(personCodes, (p) => (personDataset ? ctx.persons.atCode(p, lookupDate) : null));
  return {
    dataset,
    records,
    source: positions,
    personCodes,
    persons,
    base,
    settings: ctx.settings,
    columns: new Map(),
  };
}

/**
 * The population of a spec in the evaluation's year (shifted by `yearOffset`). Characteristics of records
 * without their own come from the person's workforce record at the end of the window. The same spec and
 * year are selected once per evaluation (context memo); the selection must not be changed.
 */
export function selectPopulation(spec: PopulationSpec, ctx: EvalContext, yearOffset: number): Selection {
  const key = specKey(spec);
  return memoised(ctx, key === null ? null : `population|${ctx.year}|${yearOffset}|${key}`, (c) =>
    select(spec, c, yearOffset),
  );
}

/** Each record's snapshot date as a code (-1 for none), and how many codes. */
function snapshotCodes(frame: Frame): { codes: Int32Array; count: number } {
  return cached(frame.columns, 'snapshotCodes', () => {
    const codes = new Int32Array(frame.records.length);
    const index = new Map<string, number>();
    frame.records.forEach((r, i) => {
      const v = r.snapshotDate;
      if (typeof v !== 'string' || v === '') {
        codes[i] = -1;
        return;
      }
      let c = index.get(v);
      if (c === undefined) {
        c = index.size;
        index.set(v, c);
      }
      codes[i] = c;
    });
    return { codes, count: index.size };
  });
}

/**
 * The dedupe key of every record of a frame, as a number below `size`: the person (within a snapshot when
 * `perSnapshot`) when counting people and the record names one, else the record's id (codes from `idFrom`
 * on), so that people and ids can never collide.
 */
function dedupeKeys(
  frame: Frame,
  people: boolean,
  perSnapshot: boolean,
  persons: number,
): { codes: Int32Array; size: number; idFrom: number } {
  return cached(frame.columns, `dedupe|${people}|${perSnapshot}`, () => {
    const { personCodes, source } = frame;
    const snapshots = perSnapshot ? snapshotCodes(frame) : null;
    const perPerson = snapshots ? snapshots.count + 1 : 1;
    const idFrom = persons * perPerson;
    let ids: { codes: Int32Array; count: number } | null = null;
    const codes = new Int32Array(personCodes.length);
    for (let i = 0; i < codes.length; i++) {
      const p = personCodes[i]!;
      if (people && p !== -1)
        // A record without a snapshot date (code -1) is keyed by the person alone, as in a snapshot.
        codes[i] = p * perPerson + (snapshots ? snapshots.codes[i]! + 1 : 0);
      else {
        ids ??= idCodes(frame.base, frame.dataset);
        codes[i] = idFrom + ids.codes[source[i]!]!;
      }
    }
    return { codes, size: idFrom + (ids?.count ?? 0), idFrom };
  });
}

function select(spec: PopulationSpec, ctx: EvalContext, yearOffset: number): Selection {
  const at = spec.at;
  const frame = frameOf(ctx, spec.dataset, at, yearOffset);
  const range = timeRange(at, effectiveYear(ctx, at, yearOffset));
  const mask = conditionsMask(frame, spec.where);
  const unit = spec.unit ?? DEFAULT_UNIT[spec.dataset];
  const keys = dedupeKeys(frame, unit === 'people', at.type !== 'snapshot', ctx.persons.size);
  const snapshotDated = at.type === 'snapshot' || at.type === 'snapshotAverage';
  const snapshots = new Set<string>();
  // One record per key: the first met, replaced below by the least (stableKey) of all when there are others.
  const first = new Int32Array(keys.size).fill(-1);
  const others = new Map<number, number[]>();
  const kept: number[] = [];
  const { records } = frame;
  for (let i = 0; i < records.length; i++) {
    if (mask[i] === 0) continue;
    if (snapshotDated) {
      const d = records[i]!.snapshotDate;
      snapshots.add(typeof d === 'string' ? d : '');
    }
    const k = keys.codes[i]!;
    const f = first[k]!;
    if (f === -1) {
      first[k] = i;
      kept.push(i);
    } else {
      const list = others.get(f);
      if (list) list.push(i);
      else others.set(f, [f, i]);
    }
  }
  let duplicates = 0;
  const snapshotData = spec.dataset === 'workforce' || spec.dataset === 'pay' || spec.dataset === 'board';
  let replaced = false;
  if (others.size > 0)
    for (let j = 0; j < kept.length; j++) {
      const list = others.get(kept[j]!);
      if (!list) continue;
      if (snapshotData || keys.codes[list[0]!]! >= keys.idFrom) duplicates += list.length - 1;
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
  const index = Int32Array.from(kept);
  if (replaced) index.sort();
  const weight = at.type === 'snapshotAverage' && snapshots.size > 1 ? 1 / snapshots.size : 1;
  return { frame, index, weight, range, snapshots: [...snapshots].sort(cmp), columns: new Map() };
}
