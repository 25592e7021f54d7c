/**
 * Problems found while loading, as values: every issue names the file, row, column and value, says what is
 * wrong and what to do. Errors stop an import; warnings do not. A collector keeps the count of every kind
 * and a bounded list of examples, so a million bad rows cannot exhaust memory.
 */

import { clip } from './values.js';

export type Severity = 'error' | 'warning';

export const ISSUE_KINDS = {
  FILE: {
    severity: 'error',
    title: 'The file cannot be read',
    action: 'Export the report again as CSV or XLSX and upload that file.',
  },
  NO_HEADER: {
    severity: 'error',
    title: 'No header row found',
    action: 'Check the file has a row of column names, or choose the dataset and map the columns yourself.',
  },
  NO_ROWS: {
    severity: 'error',
    title: 'No data rows',
    action: 'The file has column names but no rows under them. Export the report again with data.',
  },
  MISSING_COLUMN: {
    severity: 'error',
    title: 'Required column missing',
    action: 'Add the column to the export, or map an existing column to this field.',
  },
  MISSING_VALUE: {
    severity: 'error',
    title: 'Required value missing',
    action: 'Fill in the value in the source system and export again.',
  },
  BAD_VALUE: {
    severity: 'error',
    title: 'Value cannot be read',
    action: 'Correct the value in the source system or the file, in the format the field accepts.',
  },
  OUT_OF_RANGE: {
    severity: 'error',
    title: 'Value outside the allowed range',
    action: 'Check the value; correct it in the source system and export again.',
  },
  UNKNOWN_CODE: {
    severity: 'warning',
    title: 'Value not on the code list',
    action:
      'Parity counts it as not known. Correct the value, or ask for it to be added to the code list if it is valid.',
  },
  UNKNOWN_CODE_BLOCKING: {
    severity: 'error',
    title: 'Value not on the code list',
    action: 'Use one of the accepted values; Parity cannot count this row without it.',
  },
  UNKNOWN_UNIT: {
    severity: 'error',
    title: 'Unit not in the organisation',
    action:
      'Name a care group, directorate or department the organisation has (by its name or path), or leave the unit blank for the whole organisation. Units come from the workforce (ESR) file: load it first.',
  },
  DUPLICATE: {
    severity: 'error',
    title: 'Duplicate record',
    action: 'Each record must appear once. Remove the repeated row, or check the identifier column.',
  },
  DUPLICATE_ROW: {
    severity: 'warning',
    title: 'Row repeated exactly',
    action: 'The repeated row is counted once. Check the export for a join that repeats rows.',
  },
  APPOINTED_NOT_SHORTLISTED: {
    severity: 'warning',
    title: 'Appointed without being shortlisted',
    action:
      'Check the application: an appointment is normally made from shortlisting. The row is kept and flagged.',
  },
  DATE_ORDER: {
    severity: 'warning',
    title: 'Dates in the wrong order',
    action: 'An end date is before its start date. Check both dates.',
  },
  PERSON_NOT_IN_WORKFORCE: {
    severity: 'warning',
    title: 'Person not in the workforce',
    action:
      'The staff number is not in any workforce snapshot loaded for this organisation; the record cannot be linked to characteristics. Load the matching workforce snapshot or check the staff number.',
  },
  NO_SNAPSHOT_DATE: {
    severity: 'error',
    title: 'Snapshot date not known',
    action:
      'Give the date the extract describes (for example 31 March 2024), or include a snapshot date column.',
  },
  SEVERAL_SNAPSHOT_DATES: {
    severity: 'error',
    title: 'Several snapshot dates in one file',
    action: 'Load one snapshot per file.',
  },
  RAGGED_ROW: {
    severity: 'warning',
    title: 'Row has more cells than the header',
    action: 'The extra cells are ignored. Check for a stray delimiter in the row.',
  },
  IGNORED_ROW: {
    severity: 'warning',
    title: 'Summary row ignored',
    action: 'Nothing to do if this is a total or footer line of the report.',
  },
  PRIMARY_ASSIGNMENT: {
    severity: 'warning',
    title: 'Primary assignment unclear',
    action:
      'Parity chose one by its rule (highest FTE, then earliest start, then lowest assignment number). Check the primary flag in ESR.',
  },
} as const satisfies Record<string, { severity: Severity; title: string; action: string }>;
export type IssueKind = keyof typeof ISSUE_KINDS;

export interface ImportIssue {
  kind: IssueKind;
  severity: Severity;
  file: string;
  /** 1-based row as the user sees it (spreadsheet row or CSV line); absent for file-level issues. */
  row?: number;
  /** The column header as it appears in the file. */
  column?: string;
  /** The value as found (hidden for identifiers). */
  value?: string;
  message: string;
  action: string;
}

export interface IssueSummary {
  kind: IssueKind;
  severity: Severity;
  title: string;
  action: string;
  count: number;
  examples: ImportIssue[];
}

export interface IssueReport {
  errors: number;
  warnings: number;
  kinds: IssueSummary[];
}

/** The most of a value an issue quotes: enough to find it in the file, not the megabyte of a broken cell. */
export const QUOTE_LENGTH = 200;

/** A long value as its start and its length: "Whitttt… (1,000,004 characters)". */
function quote(value: string): string {
  return `${clip(value, QUOTE_LENGTH)}… (${value.length.toLocaleString('en-GB')} characters)`;
}

/** Collects issues: all counts, and up to `examplesPerKind` examples of each kind. */
export class IssueCollector {
  private readonly byKind = new Map<IssueKind, IssueSummary>();

  constructor(private readonly examplesPerKind = 20) {}

  add(issue: Omit<ImportIssue, 'severity' | 'action'> & { action?: string }): void {
    const definition = ISSUE_KINDS[issue.kind];
    const full: ImportIssue = {
      ...issue,
      severity: definition.severity,
      action: issue.action ?? definition.action,
    };
    if (issue.value !== undefined && issue.value.length > QUOTE_LENGTH) {
      const short = quote(issue.value);
      full.value = short;
      full.message = issue.message.split(issue.value).join(short);
    }
    let summary = this.byKind.get(issue.kind);
    if (!summary) {
      summary = {
        kind: issue.kind,
        severity: definition.severity,
        title: definition.title,
        action: definition.action,
        count: 0,
        examples: [],
      };
      this.byKind.set(issue.kind, summary);
    }
    summary.count++;
    if (summary.examples.length < this.examplesPerKind) summary.examples.push(full);
  }

  get errorCount(): number {
    let n = 0;
    for (const s of this.byKind.values()) if (s.severity === 'error') n += s.count;
    return n;
  }

  report(): IssueReport {
    const kinds = [...this.byKind.values()].sort(
      (a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || b.count - a.count,
    );
    let errors = 0;
    let warnings = 0;
    for (const k of kinds) {
      if (k.severity === 'error') errors += k.count;
      else warnings += k.count;
    }
    return { errors, warnings, kinds };
  }
}

/** One line for a console or a log: "people.csv row 12, column Ethnic Origin: 'Xyz' is not ...". */
export function describeIssue(issue: ImportIssue): string {
  const where = [
    issue.file,
    issue.row !== undefined ? `row ${issue.row}` : null,
    issue.column ? `column ${issue.column}` : null,
  ]
    .filter((p) => p !== null)
    .join(', ');
  return `${where}: ${issue.message}`;
}
