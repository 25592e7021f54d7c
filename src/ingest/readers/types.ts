/**
 * The file-reading layer's contract: a file becomes rows of cells, and nothing more. Header detection,
 * column mapping and validation happen later, on these rows.
 */

/**
 * One cell. CSV cells are always strings ('' when empty). XLSX cells keep their type: numbers stay
 * numbers, booleans stay booleans, empty cells are null, and dates become ISO strings ('YYYY-MM-DD' at
 * midnight, otherwise 'YYYY-MM-DDTHH:MM:SS') so that no time zone can shift them.
 */
export type Cell = string | number | boolean | null;

/**
 * One row as a person would find it: `line` is the spreadsheet row number for XLSX, and for CSV the
 * physical line where the record starts (a quoted value spanning several lines moves the next record's
 * line on accordingly).
 */
export interface SourceRow {
  line: number;
  cells: Cell[];
}

/** Why a file cannot be read at all, worded for the analyst who chose it: what, where, what to do. */
export interface FileProblem {
  code:
    'EMPTY' | 'NOT_TABULAR' | 'TOO_LARGE' | 'UNSAFE_ARCHIVE' | 'UNREADABLE' | 'NO_SUCH_SHEET' | 'MALFORMED';
  message: string;
  line?: number;
}

/**
 * A file that has passed the up-front checks. `rows()` streams the rows again on every call (nothing is
 * kept between calls). Iterating may throw a `ParityError('INVALID_INPUT')` for a problem found part-way
 * through (an unterminated quote, too many rows, a damaged archive); that error is a `TableReadError`
 * whose `problem` carries the code and line.
 */
export interface TableSource {
  kind: 'csv' | 'xlsx';
  fileName: string;
  /** CSV only: how the bytes were decoded. */
  encoding?: 'utf-8' | 'windows-1252';
  /** CSV only: the field separator found in the first lines. */
  delimiter?: ',' | ';' | '\t';
  /** XLSX only: the worksheet that `rows()` reads. */
  sheet?: string;
  /** XLSX only: every worksheet's name, in workbook order. */
  sheets?: string[];
  sizeBytes: number;
  rows(): AsyncIterable<SourceRow>;
}

export interface ReadOptions {
  /** Refuse files larger than this; default 100 MiB. */
  maxBytes?: number;
  /** Stop with an error after this many rows; default 2,000,000. */
  maxRows?: number;
  /** XLSX: the worksheet to read, by name, ignoring case; default the first visible worksheet. */
  sheet?: string;
  /** Called while `rows()` runs, and once with `bytesRead === totalBytes` when it finishes. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** XLSX: refuse archives that would expand to more than this; default 500 MiB. */
  maxUncompressedBytes?: number;
  /** XLSX: refuse an archive entry compressed more than this many times; default 200. */
  maxCompressionRatio?: number;
}

export type OpenResult = { ok: true; table: TableSource } | { ok: false; problem: FileProblem };
