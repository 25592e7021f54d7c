/**
 * Selecting a population: a dataset's records in the reporting period that meet every condition, one per
 * person unless the unit is records. Records with no usable date are left out and counted as an issue.
 */
import { financialYearRange, quarterRange, type DateRange } from '../periods.js';
import { cmp, memoised, specKey, stableKey, type EvalContext } from './context.js';
import { fieldValue, PERSON_DATASETS, type Subject } from './fields.js';
import type { Condition, DatasetName, PopulationSpec, Scalar, TimeSpec } from './types.js';

/** A selected record with its weight (1, or 1/k for the mean over k snapshots) and a stable id. */
export interface WeightedSubject extends Subject {
  id: string;
  weight: number;
}

export interface Selection {
  subjects: WeightedSubject[];
  /** The dates the selection covers (for a snapshot: that day). */
  range: DateRange | null;
  /** Snapshot dates seen (snapshot and snapshotAverage). */
  snapshots: string[];
  /**
   * Values derived from the subjects, one per subject in order (a field, a group, breakdown keys), kept
   * with the selection so that every metric observing the same population derives them once.
   */
  columns: Map<string, readonly unknown[]>;
}

/** A column of values derived from a selection's subjects, computed once per selection. */
export function column<T>(selection: Selection, key: string, make: (s: WeightedSubject) => T): readonly T[] {
  let values = selection.columns.get(key) as readonly T[] | undefined;
  if (!values) {
    values = selection.subjects.map(make);
    selection.columns.set(key, values);
  }
  return values;
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

/** A dataset's records by snapshot date, in their original order, made once per evaluation (memo). */
function bySnapshot(ctx: EvalContext, dataset: DatasetName): ReadonlyMap<unknown, readonly object[]> {
  return memoised(ctx, `bySnapshot|${dataset}`, (c) => {
    const index = new Map<unknown, object[]>();
    for (const r of recordsOf(c, dataset)) {
      const date = (r as Record<string, unknown>).snapshotDate;
      const list = index.get(date);
      if (list) list.push(r);
      else index.set(date, [r]);
    }
    return index;
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

function select(spec: PopulationSpec, ctx: EvalContext, yearOffset: number): Selection {
  const y = effectiveYear(ctx, spec.at, yearOffset);
  const range = timeRange(spec.at, y);
  const lookupDate = range?.end ?? `${y}-03-31`;
  const at = spec.at;
  // A snapshot reads only the records of that day (an index shared by the evaluation's metrics).
  const records = (
    at.type === 'snapshot'
      ? (bySnapshot(ctx, spec.dataset).get(range!.start) ?? [])
      : recordsOf(ctx, spec.dataset)
  ) as readonly Record<string, unknown>[];
  const inWindow: Record<string, unknown>[] = [];
  let undated = 0;
  for (const r of records) {
    switch (at.type) {
      case 'snapshot':
        if (r.snapshotDate === range!.start) inWindow.push(r);
        break;
      case 'snapshotAverage':
        if (
          typeof r.snapshotDate === 'string' &&
          r.snapshotDate >= range!.start &&
          r.snapshotDate <= range!.end
        )
          inWindow.push(r);
        break;
      case 'surveyYear':
        if (r.surveyYear === y - 1) inWindow.push(r);
        break;
      case 'all':
        inWindow.push(r);
        break;
      default: {
        const d = dateOf(r, at.dateField);
        if (d === null) undated++;
        else if (d >= range!.start && d <= range!.end) inWindow.push(r);
      }
    }
  }
  if (undated > 0 && 'dateField' in at)
    ctx.issues.add(
      'MISSING_DATE',
      spec.dataset,
      `records without ${[at.dateField].flat().join(' or ')} left out`,
      undated,
    );

  const unit = spec.unit ?? DEFAULT_UNIT[spec.dataset];
  const subjects: WeightedSubject[] = [];
  const snapshots = new Set<string>();
  // One subject per person in a snapshot (unit people) or per record id: the first seen, and the others
  // only when there are any. People and record ids are kept in separate maps so they can never collide;
  // within one snapshot (or for records without one) the person id alone is the key.
  const byPerson = new Map<string, WeightedSubject>();
  const byId = new Map<string, WeightedSubject>();
  const others = new Map<WeightedSubject, WeightedSubject[]>();
  const personDataset = PERSON_DATASETS.has(spec.dataset);
  for (const r of inWindow) {
    const personId = typeof r.personId === 'string' ? r.personId : null;
    const person =
      spec.dataset === 'workforce'
        ? (r as never)
        : personDataset
          ? ctx.persons.at(personId, lookupDate)
          : null;
    // The id is not a field a condition can read: it is made only for the records that meet them.
    const subject: WeightedSubject = { dataset: spec.dataset, record: r, person, id: '', weight: 1 };
    if (!meetsAll(subject, spec.where, ctx)) continue;
    subject.id = recordId(spec.dataset, r);
    const snapshot = typeof r.snapshotDate === 'string' ? r.snapshotDate : '';
    if (at.type === 'snapshot' || at.type === 'snapshotAverage') snapshots.add(snapshot);
    const people = unit === 'people' && personId !== null;
    const map = people ? byPerson : byId;
    const key = !people
      ? subject.id
      : snapshot === '' || at.type === 'snapshot'
        ? personId
        : `${snapshot}|${personId}`;
    const kept = map.get(key);
    if (kept === undefined) map.set(key, subject);
    else {
      const list = others.get(kept);
      if (list) list.push(subject);
      else others.set(kept, [subject]);
    }
  }
  let duplicates = 0;
  const snapshotData = spec.dataset === 'workforce' || spec.dataset === 'pay' || spec.dataset === 'board';
  for (const map of [byPerson, byId])
    for (const subject of map.values()) {
      const more = others.size === 0 ? undefined : others.get(subject);
      if (!more) {
        subjects.push(subject);
        continue;
      }
      const list = [subject, ...more];
      if (snapshotData || map === byId) duplicates += list.length - 1;
      list.sort((a, b) => cmp(stableKey(a.record), stableKey(b.record)));
      subjects.push(list[0]!);
    }
  if (duplicates > 0)
    ctx.issues.add(
      'DUPLICATE',
      spec.dataset,
      'more than one record for a person (or id) in the period: one kept',
      duplicates,
    );
  if (at.type === 'snapshotAverage' && snapshots.size > 1)
    for (const s of subjects) s.weight = 1 / snapshots.size;
  subjects.sort((a, b) => cmp(a.id, b.id));
  return { subjects, range, snapshots: [...snapshots].sort(cmp), columns: new Map() };
}
