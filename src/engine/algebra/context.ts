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

/** Workforce records by person, oldest snapshot first, to find a person's record at a date. */
export class PersonIndex {
  private readonly byPerson = new Map<string, WorkforceRecord[]>();
  constructor(workforce: readonly WorkforceRecord[]) {
    for (const r of workforce) {
      const list = this.byPerson.get(r.personId);
      if (list) list.push(r);
      else this.byPerson.set(r.personId, [r]);
    }
    for (const list of this.byPerson.values())
      list.sort((a, b) => cmp(a.snapshotDate, b.snapshotDate) || cmp(stableKey(a), stableKey(b)));
  }
  /**
   * The person's record in the latest snapshot on or before `date` (the snapshot at the end of the window;
   * for a leaver, their last snapshot in post). Null when there is none.
   */
  at(personId: string | null, date: string): WorkforceRecord | null {
    if (personId === null) return null;
    const list = this.byPerson.get(personId);
    if (!list) return null;
    let found: WorkforceRecord | null = null;
    for (const r of list) if (r.snapshotDate <= date) found = r;
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
}

export function createContext(year: number, data: Datasets, settings: EngineSettings): EvalContext {
  return { year, settings, data, persons: new PersonIndex(data.workforce ?? []), issues: new IssueLog() };
}
