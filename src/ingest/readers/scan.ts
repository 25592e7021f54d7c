/**
 * A small quote-aware CSV scanner. It does not produce cells (csv-parse does that); it counts fields per
 * record, to choose the delimiter, and finds where an unclosed quote opened, to word that error. Its
 * rules follow csv-parse with `relax_quotes`: a quote opens a quoted value only at the start of a field;
 * inside one, "" is a literal quote and a quote followed by anything but a delimiter or a line break is
 * kept as text. CR LF, a lone CR and a lone LF each end a line.
 */

export type Delimiter = ',' | ';' | '\t';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

export interface ScannedRecord {
  /** The line the record starts on. */
  line: number;
  fields: number;
  /** Nothing at all on the line. */
  empty: boolean;
  /** The text ended before the record did. */
  partial: boolean;
}

export interface Scan {
  records: ScannedRecord[];
  /** When the text ends inside a quoted value: the line where its quote opened. */
  openQuoteLine: number | null;
  /**
   * Quotes that break the rules: inside an unquoted value, or closing a value and followed by text.
   * Splitting on the wrong delimiter makes many (a quote that opens a value sits mid-value instead).
   */
  strayQuotes: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Scanner states: at the start of a field, inside an unquoted field, inside a quoted one. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;

/** Scans `text` (which starts at `firstLine`) into at most `maxRecords` records. */
export function scanRecords(text: string, delimiter: Delimiter, firstLine = 1, maxRecords = Infinity): Scan {
  const separator = delimiter.charCodeAt(0);
  const records: ScannedRecord[] = [];
  let line = firstLine;
  let recordLine = line;
  let fields = 1;
  let chars = 0;
  let state: number = FIELD_START;
  let quoteLine = 0;
  let strayQuotes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (state === QUOTED) {
      if (c === QUOTE) {
        const next = text.charCodeAt(i + 1);
        if (next === QUOTE) {
          i++;
        } else {
          // closed, or a stray quote kept as text: either way not quoted now
          if (i + 1 < text.length && next !== separator && next !== CR && next !== LF) strayQuotes++;
          state = UNQUOTED;
        }
      } else if (c === CR || c === LF) {
        if (c === CR && text.charCodeAt(i + 1) === LF) i++;
        line++;
      }
      continue;
    }
    if (c === CR || c === LF) {
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      records.push({ line: recordLine, fields, empty: chars === 0, partial: false });
      if (records.length >= maxRecords) return { records, openQuoteLine: null, strayQuotes };
      line++;
      recordLine = line;
      fields = 1;
      chars = 0;
      state = FIELD_START;
      continue;
    }
    chars++;
    if (c === separator) {
      fields++;
      state = FIELD_START;
    } else if (state === FIELD_START && c === QUOTE) {
      state = QUOTED;
      quoteLine = line;
    } else {
      if (c === QUOTE) strayQuotes++;
      state = UNQUOTED;
    }
  }
  if (chars > 0 || state === QUOTED) {
    records.push({ line: recordLine, fields, empty: false, partial: true });
  }
  return { records, openQuoteLine: state === QUOTED ? quoteLine : null, strayQuotes };
}

/**
 * Chooses comma, semicolon or tab from the first records of a file. For each candidate the scanner
 * counts fields per record (delimiters inside quotes do not count). Candidates that never give two
 * fields are out. Among the rest, the winner has the fewest stray quotes (on the wrong delimiter, the
 * quote that opens a value sits in the middle of one), then the most common field count shared by the
 * most records, so that preamble lines above the header ("Staff in Post, run 01/04/2024") cannot
 * outvote the table; then more fields; then the order comma, semicolon, tab. A file with no delimiter
 * at all is one column: comma.
 */
export function detectDelimiter(sample: string, sampleIsWholeFile: boolean): Delimiter {
  let best: { delimiter: Delimiter; stray: number; agreeing: number; fields: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const { records, strayQuotes, openQuoteLine } = scanRecords(sample, delimiter, 1, 200);
    const complete = records.filter((r) => !r.empty && (sampleIsWholeFile || !r.partial));
    const usable = complete.length > 0 ? complete : records.filter((r) => !r.empty);
    const stray = strayQuotes + (sampleIsWholeFile && openQuoteLine !== null ? 1 : 0);
    const tally = new Map<number, number>();
    for (const { fields } of usable) {
      if (fields >= 2) tally.set(fields, (tally.get(fields) ?? 0) + 1);
    }
    for (const [fields, agreeing] of tally) {
      const better =
        best === null ||
        stray < best.stray ||
        (stray === best.stray &&
          (agreeing > best.agreeing || (agreeing === best.agreeing && fields > best.fields)));
      if (better) best = { delimiter, stray, agreeing, fields };
    }
  }
  return best?.delimiter ?? ',';
}

/**
 * Counts the line breaks inside one record's values, so that the next record's line is known: csv-parse
 * keeps every break inside a quoted value as it was, and a record ends with exactly one break.
 */
export function breaksIn(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    if (!cell.includes('\n') && !cell.includes('\r')) continue;
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === CR) {
        breaks++;
        if (cell.charCodeAt(i + 1) === LF) i++;
      } else if (c === LF) {
        breaks++;
      }
    }
  }
  return breaks;
}

/**
 * Finds, in decoded text chunks, the line where an unclosed quote opened, given the line where the
 * unfinished record starts. Only the error path uses it, so it may read the file again; it keeps at
 * most `maxChars` characters (the record is at most that long, or csv-parse would have stopped earlier).
 */
export async function findOpenQuote(
  chunks: AsyncIterable<string> | Iterable<string>,
  delimiter: Delimiter,
  recordLine: number,
  maxChars: number,
): Promise<number> {
  let line = 1;
  let afterCr = false;
  let kept = '';
  for await (const chunk of chunks) {
    let start = 0;
    if (line < recordLine) {
      start = chunk.length;
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (c === CR || (c === LF && !afterCr)) line++;
        afterCr = c === CR;
        if (line === recordLine) {
          start = i + 1;
          break;
        }
      }
    }
    if (line < recordLine) continue;
    kept += chunk.slice(start);
    if (kept.length > maxChars * 2) break;
  }
  if (afterCr && kept.startsWith('\n')) kept = kept.slice(1);
  return scanRecords(kept, delimiter, recordLine).openQuoteLine ?? recordLine;
}
