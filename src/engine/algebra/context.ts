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
  PanelMemberRecord,
  PayRecord,
  RecruitmentRecord,
  SurveyAggregateRecord,
  SurveyResponseRecord,
  WorkforceRecord,
} from '../records.js';
import type { EngineSettings } from '../settings.js';
import { Dictionary, groupByCode } from './codes.js';

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
  /** Interview panel members; the engine's `panels` are made of them. */
  panelMembers?: readonly PanelMemberRecord[];
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
  /** The person code of each workforce record, in the order given. */
  readonly workforceCodes: Int32Array;
  /** Codes below this one are the workforce's people (codes given later have no workforce record). */
  private readonly people: number;
  /** Workforce positions of person code c: order[start[c]] ... order[start[c + 1] - 1], oldest snapshot first. */
  private readonly start: Int32Array;
  private readonly order: Int32Array;
  /** Each workforce record's snapshot date as its place among the distinct dates, in text order. */
  private readonly dateRank: Int32Array;
  /** The distinct snapshot dates, in text order. */
  private readonly dates: string[];
  private lastDate: string | null = null;
  private lastLimit = 0;
  constructor(readonly workforce: readonly WorkforceRecord[]) {
    const n = workforce.length;
    this.workforceCodes = new Int32Array(n);
    // Snapshot dates as codes (a dictionary of a few texts: found by comparing), then as ranks.
    const dateCode = new Int32Array(n);
    const dateDictionary = new Dictionary();
    for (let i = 0; i < n; i++) {
      const r = workforce[i]!;
      // Records are typed, but data is data: a record without a person id is no one's record.
      this.workforceCodes[i] = typeof r.personId === 'string' ? this.code(r.personId) : -1;
      dateCode[i] = dateDictionary.code(String(r.snapshotDate));
    }
    this.people = this.ids.size;
    this.dates = [...dateDictionary.values].sort(cmp);
    const rankOfCode = Int32Array.from(dateDictionary.values, (d) => this.dates.indexOf(d));
    this.dateRank = dateCode;
    for (let i = 0; i < n; i++) dateCode[i] = rankOfCode[dateCode[i]!]!;
    // Positions grouped by person, then each person's put in snapshot order.
    const { start, order } = groupByCode(this.workforceCodes, this.people);
    const rank = this.dateRank;
    for (let c = 0; c < this.people; c++) {
      const from = start[c]!;
      const to = start[c + 1]!;
      // Insertion sort by snapshot (a person has a record or two, usually newest first as versions are).
      let tie = false;
      for (let k = from + 1; k < to; k++) {
        const p = order[k]!;
        const r = rank[p]!;
        let j = k - 1;
        while (j >= from && rank[order[j]!]! > r) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = p;
        if (j >= from && rank[order[j]!]! === r) tie = true;
      }
      if (!tie) continue;
      // Two records of a person on one date: the tie is broken by the records' fields.
      const list = Array.from(order.subarray(from, to)).sort(
        (a, b) => rank[a]! - rank[b]! || cmp(stableKey(workforce[a]!), stableKey(workforce[b]!)),
      );
      order.set(list, from);
    }
    this.start = start;
    this.order = order;
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
  /** How many distinct snapshot dates are on or before `date`. */
  private limitOf(date: string): number {
    if (date !== this.lastDate) {
      let lo = 0;
      let hi = this.dates.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.dates[mid]! <= date) lo = mid + 1;
        else hi = mid;
      }
      this.lastDate = date;
      this.lastLimit = lo;
    }
    return this.lastLimit;
  }
  /**
   * The record of the person with code `code` (-1: no person) in the latest snapshot on or before `date`
   * (the snapshot at the end of the window; for a leaver, their last snapshot in post). Null when there is
   * none.
   */
  at(code: number, date: string): WorkforceRecord | null {
    const p = this.positionAt(code, date);
    return p === -1 ? null : this.workforce[p]!;
  }
  /** The position in the workforce of the record `at` finds, or -1. */
  positionAt(code: number, date: string): number {
    if (code < 0 || code >= this.people) return -1;
    const limit = this.limitOf(date);
    let found = -1;
    for (let k = this.start[code]!; k < this.start[code + 1]!; k++) {
      const p = this.order[k]!;
      if (this.dateRank[p]! >= limit) break;
      found = p;
    }
    return found;
  }
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
 * what it would have reported alone. It serves only the data and settings it was made for; a key names the
 * year its value depends on (the year a population or an observation is of, not the year evaluated), so
 * evaluations of several years of the same data may share one (`SharedEvaluation`): a year evaluated alone
 * after the next one finds the observations the next one's two-year windows made of it. Entries are shared,
 * so callers must not change them.
 */
export class Memo {
  private readonly entries = new Map<string, { value: unknown; issues: DataIssue[] }>();
  constructor(
    readonly data: Datasets,
    readonly settings: EngineSettings,
  ) {}

  /** The value under `key`, computed by `compute` the first time; its data issues go to `ctx.issues`. */
  get<T>(ctx: EvalContext, key: string, compute: (ctx: EvalContext) => T): T {
    if (ctx.data !== this.data || ctx.settings !== this.settings) return compute(ctx);
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
    memo: new Memo(data, settings),
  };
}

/**
 * What evaluations of several years of the same records and settings share: the person index, the
 * records' columns and the populations and observations of each year (`Memo`), so the year before, asked
 * for after a year, costs what its own window adds. Results are the same as each year's evaluated alone.
 * Held by the caller for as long as it computes years of these records (a few years' observations: drop it
 * after).
 */
export class SharedEvaluation {
  private state: { key: string; settings: EngineSettings; persons: PersonIndex; memo: Memo } | null = null;
  constructor(readonly data: Datasets) {}

  /** A context for `year`: sharing this one's work when the records and settings are the same. */
  context(year: number, data: Datasets, settings: EngineSettings): EvalContext {
    if (data !== this.data) return createContext(year, data, settings);
    const key = specKey(settings);
    if (key === null) return createContext(year, data, settings);
    if (this.state?.key !== key)
      this.state = {
        key,
        settings,
        persons: new PersonIndex(data.workforce ?? []),
        memo: new Memo(data, settings),
      };
    const { persons, memo } = this.state;
    return { year, settings: this.state.settings, data, persons, issues: new IssueLog(), memo };
  }
}
