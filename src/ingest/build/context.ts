import type { Interner } from '../intern.js';
import type { IssueCollector } from '../issues.js';
import type { ParsedRow, RowValues } from '../rows.js';
import { get } from '../rows.js';
import { clip } from '../values.js';

export interface BuildContext {
  file: string;
  issues: IssueCollector;
  /** The date a snapshot describes, when given for the whole file (or read from the report's preamble). */
  asAtDate: string | null;
  /** Dropped from the front of organisation paths ("Demo Trust > Medicine > ..."). */
  organisationName: string | null;
  /** Pseudonymised staff numbers of the organisation's workforce, to report records that cannot be linked. */
  knownPersons: ReadonlySet<string> | null;
  /** Shares repeated unit paths between records. */
  intern: Interner;
  /**
   * The organisation's units (care group > directorate > department paths), which a survey file's unit
   * must name; null when loading outside an organisation (the unit is then read as the path it gives).
   */
  units?: readonly (readonly string[])[] | null;
  /** The file's own heading of each mapped field, by field key, so a message names the column as the file does. */
  headings?: ReadonlyMap<string, string>;
}

/** The file's heading of a field ("Pay Band"), or the words given when the file has no such column. */
export function headingOf(ctx: BuildContext, key: string, otherwise: string): string {
  return ctx.headings?.get(key) || otherwise;
}

export interface Built<R> {
  records: R[];
  /** Snapshot datasets: the date described. */
  asAtDate?: string | null;
  /** Event datasets: the first and last date of the records. */
  period?: { start: string; end: string } | null;
  surveyYear?: number | null;
}

export type Builder<R> = (rows: readonly ParsedRow[], ctx: BuildContext) => Built<R>;

/** The unit path of a row: the path column, or care group / directorate / department columns. */
export function unitPathOf(values: RowValues, organisationName: string | null, intern?: Interner): string[] {
  let path = get.path(values, 'org_path');
  if (path.length === 0)
    path = ['care_group', 'directorate', 'department']
      .map((k) => get.text(values, k))
      .filter((s): s is string => s !== null);
  if (organisationName && path.length > 0 && path[0]!.toLowerCase() === organisationName.toLowerCase())
    path = path.slice(1);
  // Spaces left at the end of a cut are dropped, as the units themselves drop them.
  const result = path.slice(0, 3).map((name) => clip(name, UNIT_NAME_LENGTH).trimEnd());
  return intern ? intern.path(result) : result;
}

/** The longest unit name kept: the database holds 200 characters. */
export const UNIT_NAME_LENGTH = 200;

/** The earliest and latest of some dates, or null when there are none. */
export function periodOf(dates: Iterable<string | null>): { start: string; end: string } | null {
  let start: string | null = null;
  let end: string | null = null;
  for (const d of dates) {
    if (d === null) continue;
    if (start === null || d < start) start = d;
    if (end === null || d > end) end = d;
  }
  return start && end ? { start, end } : null;
}

/** Reports records whose person is not in any loaded workforce snapshot (a warning: they are kept). */
export function checkPersons(
  rows: readonly { line: number; personId: string | null }[],
  ctx: BuildContext,
): void {
  if (!ctx.knownPersons) return;
  for (const r of rows) {
    if (r.personId !== null && !ctx.knownPersons.has(r.personId))
      ctx.issues.add({
        kind: 'PERSON_NOT_IN_WORKFORCE',
        file: ctx.file,
        row: r.line,
        column: 'staff number',
        value: '(hidden)',
        message: `The staff number on row ${r.line} is not in any workforce snapshot loaded for this organisation.`,
      });
  }
}

/** Reports repeated identifiers (an error: each record must appear once). */
export function checkUnique(
  rows: readonly ParsedRow[],
  key: string,
  label: string,
  ctx: BuildContext,
): Set<number> {
  const seen = new Map<string, number>();
  const duplicates = new Set<number>();
  for (const r of rows) {
    const id = get.text(r.values, key);
    if (id === null) continue;
    const first = seen.get(id);
    if (first !== undefined) {
      duplicates.add(r.line);
      ctx.issues.add({
        kind: 'DUPLICATE',
        file: ctx.file,
        row: r.line,
        column: label,
        value: id,
        message: `${label} ${id} appears on row ${first} and again on row ${r.line}.`,
      });
    } else seen.set(id, r.line);
  }
  return duplicates;
}
