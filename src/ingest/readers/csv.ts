import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ParityError } from '../../shared/errors.js';
import {
  decideEncoding,
  decodedText,
  decodeSample,
  EncodingChangedError,
  transcoder,
  type TextEncoding,
} from './encoding.js';
import { MAX_RECORD_CHARS, type Limits } from './limits.js';
import * as messages from './messages.js';
import { isSystemError, TableReadError } from './read-error.js';
import { breaksIn, detectDelimiter, findOpenQuote, type Delimiter } from './scan.js';
import { byteStream, isUnchanged, type ByteSource } from './source.js';
import type { OpenResult, SourceRow } from './types.js';

/**
 * Opens a file already recognised as text: decides the encoding (one validating pass over the bytes)
 * and the delimiter (from the first 64 KiB), then hands back a source whose rows are streamed by
 * csv-parse on demand.
 */
export async function openCsv(source: ByteSource, head: Buffer, limits: Limits): Promise<OpenResult> {
  const verdict = await decideEncoding(source);
  if (!verdict.ok) return { ok: false, problem: messages.mixedEncoding(source.fileName, verdict.line) };
  if (verdict.blank) return { ok: false, problem: messages.blank(source.fileName) };
  const { encoding } = verdict;
  const delimiter = detectDelimiter(decodeSample(head, encoding), head.length >= source.sizeBytes);
  return {
    ok: true,
    table: {
      kind: 'csv',
      fileName: source.fileName,
      encoding,
      delimiter,
      sizeBytes: source.sizeBytes,
      rows: () => csvRows(source, encoding, delimiter, limits),
    },
  };
}

/**
 * Streams the records: bytes -> UTF-8 -> csv-parse, with backpressure, one chunk in memory at a time.
 * Each record's `line` is where it starts. Blank lines (nothing but spaces) are kept as one empty cell,
 * since the caller may want to see them, except at the very end of the file, where they are only the
 * export's trailing newlines.
 */
async function* csvRows(
  source: ByteSource,
  encoding: TextEncoding,
  delimiter: Delimiter,
  limits: Limits,
): AsyncGenerator<SourceRow> {
  const { fileName, sizeBytes } = source;
  if (!(await isUnchanged(source))) throw new TableReadError(messages.changedWhileReading(fileName));
  let bytesRead = 0;
  const bytes = byteStream(source);
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  pipeline(
    bytes,
    transcoder(encoding, (n) => {
      bytesRead += n;
      limits.onProgress?.(Math.min(bytesRead, sizeBytes), sizeBytes);
    }),
    parser,
    () => {}, // errors reach the loop below through the parser
  );

  let line = 1; // where the next record starts
  let rows = 0;
  let blankLine = 0; // first of a run of blank lines not yet yielded
  let blankRun = 0;
  const counted = (row: SourceRow): SourceRow => {
    if (++rows > limits.maxRows) {
      throw new TableReadError(messages.tooManyRows(fileName, limits.maxRows, row.line));
    }
    return row;
  };
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const breaks = breaksIn(record);
      if (breaks === 0 && record.length === 1 && record[0]!.trim() === '') {
        if (blankRun === 0) blankLine = line;
        blankRun++;
        line++;
        continue;
      }
      for (; blankRun > 0; blankRun--) yield counted({ line: blankLine++, cells: [''] });
      yield counted({ line, cells: record });
      line += 1 + breaks;
    }
  } catch (error) {
    throw await readError(error, source, encoding, delimiter, line);
  } finally {
    bytes.destroy();
    parser.destroy();
  }
  limits.onProgress?.(sizeBytes, sizeBytes);
}

/** Turns what went wrong in the stream into the analyst's message; anything else is a bug, rethrown. */
async function readError(
  error: unknown,
  source: ByteSource,
  encoding: TextEncoding,
  delimiter: Delimiter,
  line: number,
): Promise<unknown> {
  const { fileName } = source;
  if (error instanceof ParityError) return error;
  if (error instanceof CsvError) {
    if (error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE') {
      const quoteLine = await findOpenQuote(decodedText(source, encoding), delimiter, line, MAX_RECORD_CHARS);
      return new TableReadError(
        error.code === 'CSV_QUOTE_NOT_CLOSED'
          ? messages.unterminatedQuote(fileName, quoteLine)
          : messages.recordTooLong(fileName, quoteLine),
      );
    }
    return new TableReadError(messages.badCsv(fileName, line, error.message));
  }
  if (error instanceof EncodingChangedError) {
    return new TableReadError(messages.changedWhileReading(fileName));
  }
  if (isSystemError(error)) {
    return new TableReadError(
      messages.readFailed(fileName, Math.max(1, line - 1), error.code ?? error.message),
    );
  }
  return error;
}
