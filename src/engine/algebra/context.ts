/**
 * What an evaluation reads: the datasets, the reporting year, the settings, an index of workforce records
 * by person (to give events and learning records the characteristics of the person), and a collector of
 * data issues (reported with the result, never thrown).
 */
import type {
  AppraisalRecord,
  BoardMemberRecord,
  CaseRecord,
  IncidentRecord,
  LearningRecord,
  MovementRecord,
  PayRecord,
  RecruitmentRecord,
  SurveyAggregateRecord,
  SurveyResponseRecord,
  WorkforceRecord,
} from '../records.js';
import type { EngineSettings } from '../settings.js';
import { Dictionary } from './codes.js';

/** Everything the engine can compute from; every dataset is optional. Workforce may hold several snapshots. */
export interface Datasets {
  workforce?: readonly WorkforceRecord[];
  recruitment?: readonly RecruitmentRecord[];
  cases?: readonly CaseRecord[];
  learning?: readonly LearningRecord[];
  appraisals?: readonly AppraisalRecord[];
  movements?: readonly MovementRecord[];
  pay?: readonly PayRecord[];
  board?: readonly BoardMemberRecord[];
  incidents?: readonly IncidentRecord[];
  surveyAggregates?: readonly SurveyAggregateRecord[];
  surveyResponses?: readonly SurveyResponseRecord[];
}

/** A data problem met while computing: counted, explained, never fatal. */
export interface DataIssue {
  code: string;
  dataset: string;
  message: string;
  count: number;
}

export class IssueLog {
  private readonly issues = new Map<string, DataIssue>();
  add(code: string, dataset: string, message: string, count = 1): void {
    if (count <= 0) return;
    const key = `${dataset}|${code}|${message}`;
    const existing = this.issues.get(key);
    if (existing) existing.count += count;
    else this.issues.set(key, { code, dataset, message, count });
  }
  list(): DataIssue[] {
    return [...this.issues.values()].sort((a, b) =>
      a.dataset === b.dataset
        ? a.code === b.code
          ? cmp(a.message, b.message)
          : cmp(a.code, b.code)
        : cmp(a.dataset, b.dataset),
    );
  }
}

/** Plain code-point comparison: deterministic, independent of locale. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * People as integer codes, and their workforce records by person, oldest snapshot first, to find a
 * person's record at a date. Every person id met in any dataset gets a code (`code`), so that people can be
 * counted and matched by number; codes say nothing about order and never reach a result.
 */
export class PersonIndex {
  /** The person id of each code. */
  private readonly ids = new Dictionary();
  /** The code given last: extracts list the same people in the same order, so the next is often next. */
  private last = -1;
  /** Workforce records of each person code, oldest snapshot first (none for people not in the workforce). */
  private readonly byPerson: WorkforceRecord[][] = [];
  /** The person code of each workforce record, in the order given. */
  readonly workforceCodes: Int32Array;
  constructor(readonly workforce: readonly WorkforceRecord[]) {
    this.workforceCodes = new Int32Array(workforce.length);
    workforce.forEach((r, i) => {
      // Records are typed, but data is data: a record without a person id is no one's record.
      if (typeof r.personId !== 'string') {
        this.workforceCodes[i] = -1;
        return;
      }
      const c = this.code(r.personId);
      this.workforceCodes[i] = c;
      (this.byPerson[c] ??= []).push(r);
    });
    for (const list of this.byPerson)
      if (list && !ascending(list))
        list.sort((a, b) => cmp(a.snapshotDate, b.snapshotDate) || cmp(stableKey(a), stableKey(b)));
  }
  /** The code of a person id, given on first sight. */
  code(personId: string): number {
    const next = this.last + 1;
    // The guess costs a comparison of two ids; a right guess saves hashing the id.
    if (next < this.ids.size && this.ids.values[next] === personId) return (this.last = next);
    return (this.last = this.ids.code(personId));
  }
  /** How many codes have been given (every code is below it). */
  get size(): number {
    return this.ids.size;
  }
  /**
   * The record of the person with code `code` (-1: no person) in the latest snapshot on or before `date`
   * (the snapshot at the end of the window; for a leaver, their last snapshot in post). Null when there is
   * none.
   */
  at(code: number, date: string): WorkforceRecord | null {
    const list = code < 0 ? undefined : this.byPerson[code];
    let found: WorkforceRecord | null = null;
    for (const r of list ?? []) {
      if (r.snapshotDate > date) break;
      found = r;
    }
    return found;
  }
}

/** Whether records are in strictly ascending snapshot order already (the usual case: nothing to sort). */
function ascending(list: readonly WorkforceRecord[]): boolean {
  for (let i = 1; i < list.length; i++)
    if (!(list[i - 1]!.snapshotDate < list[i]!.snapshotDate)) return false;
  return true;
}

/** A deterministic text key for a record: its fields in sorted order. Used only to break ties. */
export function stableKey(record: object): string {
  const r = record as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(r)
      .sort()
      .map((k) => [k, r[k]]),
  );
}

export interface EvalContext {
  /** The reporting year N: snapshot 31 March N, financial year N-1/N, staff survey N-1. */
  year: number;
  settings: EngineSettings;
  data: Datasets;
  persons: PersonIndex;
  issues: IssueLog;
  /** Work shared by the metrics of one evaluation (see `Memo`); absent: nothing is shared. */
  memo?: Memo;
}

/**
 * Populations and observations that several metrics of one evaluation ask for in the same way (the
 * 31 March workforce of WRES 1, WDES 1, WRES 3, WRES 9 ...), computed once. Each entry keeps the data
 * issues it raised, and they are raised again in every metric that uses it, so each metric reports exactly
 * what it would have reported alone. It serves only the data, settings and year it was made for; entries
 * are shared, so callers must not change them.
 */
export class Memo {
  private readonly entries = new Map<string, { value: unknown; issues: DataIssue[] }>();
  constructor(
    readonly year: number,
    readonly data: Datasets,
    readonly settings: EngineSettings,
  ) {}

  /** The value under `key`, computed by `compute` the first time; its data issues go to `ctx.issues`. */
  get<T>(ctx: EvalContext, key: string, compute: (ctx: EvalContext) => T): T {
    if (ctx.year !== this.year || ctx.data !== this.data || ctx.settings !== this.settings)
      return compute(ctx);
    let entry = this.entries.get(key);
    if (!entry) {
      const log = new IssueLog();
      const value = compute({ ...ctx, issues: log });
      entry = { value, issues: log.list() };
      this.entries.set(key, entry);
    }
    for (const i of entry.issues) ctx.issues.add(i.code, i.dataset, i.message, i.count);
    return entry.value as T;
  }
}

/**
 * A text key that identifies a plain JSON value (a population spec, a definition), or null when JSON would
 * not tell two different values apart (non-finite numbers, undefined in a list, values JSON cannot write).
 */
export function specKey(value: unknown): string | null {
  let exact = true;
  try {
    const key = JSON.stringify(value, (_key, v: unknown) => {
      if ((typeof v === 'number' && !Number.isFinite(v)) || (Array.isArray(v) && v.includes(undefined)))
        exact = false;
      return v;
    });
    return exact && typeof key === 'string' ? key : null;
  } catch {
    return null;
  }
}

/** `compute(ctx)`, shared through the context's memo when it has one and the key is usable. */
export function memoised<T>(ctx: EvalContext, key: string | null, compute: (ctx: EvalContext) => T): T {
  return ctx.memo && key !== null ? ctx.memo.get(ctx, key, compute) : compute(ctx);
}

export function createContext(year: number, data: Datasets, settings: EngineSettings): EvalContext {
  return {
    year,
    settings,
    data,
    persons: new PersonIndex(data.workforce ?? []),
    issues: new IssueLog(),
    memo: new Memo(year, data, settings),
  };
}
