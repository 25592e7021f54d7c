import { ParityError } from '../../shared/errors.js';
import type { Limits } from './limits.js';
import * as messages from './messages.js';
import { TableReadError } from './read-error.js';
import { SheetHandler } from './sheet.js';
import { isUnchanged, type ByteSource } from './source.js';
import type { OpenResult, SourceRow } from './types.js';
import {
  partProblem,
  readDateStyles,
  readSharedStrings,
  readWorkbook,
  type SheetInfo,
  type WorkbookInfo,
} from './workbook.js';
import { parseXml, PartReadError, XmlSyntaxError } from './xml.js';
import { isSizeMismatch, openArchive, reason } from './zip.js';

/**
 * Opens a ZIP container as a workbook: archive checks first (see zip.ts), then the workbook's structure
 * and the choice of sheet. Nothing is kept open: `rows()` opens the archive again, checks it again, and
 * streams the sheet.
 *
 * Why not exceljs's WorkbookReader: it unzips with a streaming unzipper that trusts local headers, so the
 * size checks above would not bind what it inflates; it spills every sheet to a temporary file when
 * shared strings come after the sheets (Excel's own order); and it loses formula results that are errors
 * or booleans ('#N/A' becomes NaN, TRUE becomes 1) and does not date-format formula results. The sheet
 * XML is therefore read here, with exceljs's XML parser.
 */
export async function openXlsx(source: ByteSource, limits: Limits): Promise<OpenResult> {
  const { fileName } = source;
  const opened = await openArchive(source, limits);
  if (!opened.ok) return opened;
  const { archive } = opened;
  let info: WorkbookInfo;
  try {
    const workbook = await readWorkbook(archive, fileName);
    if (!workbook.ok) return workbook;
    info = workbook.info;
  } finally {
    archive.close();
  }
  if (info.sheets.length === 0) return { ok: false, problem: messages.noWorksheets(fileName) };
  const names = info.sheets.map((s) => s.name);
  const sheet = chooseSheet(info.sheets, limits.sheet);
  if (!sheet) return { ok: false, problem: messages.noSuchSheet(fileName, limits.sheet ?? '', names) };
  if (!archive.entry(sheet.part)) {
    return {
      ok: false,
      problem: messages.damagedWorkbook(fileName, `the cells of sheet "${sheet.name}" are missing`),
    };
  }
  return {
    ok: true,
    table: {
      kind: 'xlsx',
      fileName,
      sheet: sheet.name,
      sheets: names,
      sizeBytes: source.sizeBytes,
      rows: () => xlsxRows(source, info, sheet, limits),
    },
  };
}

/**
 * The sheet named `wanted` (ignoring case and surrounding spaces), or by default the first sheet a
 * person can see: a hidden first sheet (lookup lists, macros' scratch space) is not what they mean.
 */
function chooseSheet(sheets: readonly SheetInfo[], wanted: string | undefined): SheetInfo | undefined {
  const key = wanted?.trim().toLocaleLowerCase('en-GB');
  if (!key) return sheets.find((s) => !s.hidden) ?? sheets[0];
  return sheets.find((s) => s.name.trim().toLocaleLowerCase('en-GB') === key);
}

async function* xlsxRows(
  source: ByteSource,
  info: WorkbookInfo,
  sheet: SheetInfo,
  limits: Limits,
): AsyncGenerator<SourceRow> {
  const { fileName, sizeBytes } = source;
  if (!(await isUnchanged(source))) throw new TableReadError(messages.changedWhileReading(fileName));
  const opened = await openArchive(source, limits);
  if (!opened.ok) throw new TableReadError(opened.problem);
  const { archive } = opened;
  let part = '';
  let handler: SheetHandler | null = null;
  try {
    part = info.sharedStrings ?? '';
    const sharedStrings = info.sharedStrings ? await readSharedStrings(archive, info.sharedStrings) : [];
    part = info.styles ?? '';
    const dateStyles = info.styles ? await readDateStyles(archive, info.styles) : [];
    part = sheet.part;
    const entry = archive.entry(sheet.part);
    if (!entry) throw new PartReadError(new Error(`${sheet.part} is missing`));
    const stream = await archive.open(entry).catch((error: unknown) => {
      throw new PartReadError(error);
    });
    handler = new SheetHandler({
      fileName,
      sheet: sheet.name,
      sharedStrings,
      dateStyles,
      date1904: info.date1904,
    });
    // Progress: the other parts count as read; the sheet's compressed bytes advance with its inflated ones.
    const otherBytes = Math.max(0, sizeBytes - entry.compressedSize);
    let inflated = 0;
    let rows = 0;
    for await (const bytes of parseXml(stream, handler)) {
      inflated += bytes;
      const share = Math.min(1, inflated / Math.max(1, entry.uncompressedSize));
      limits.onProgress?.(
        Math.min(sizeBytes, otherBytes + Math.floor(entry.compressedSize * share)),
        sizeBytes,
      );
      for (const row of handler.take()) {
        if (++rows > limits.maxRows) {
          throw new TableReadError(messages.tooManyRows(fileName, limits.maxRows, row.line));
        }
        yield row;
      }
    }
  } catch (error) {
    throw readError(error, fileName, part, sheet, handler);
  } finally {
    archive.close();
  }
  limits.onProgress?.(sizeBytes, sizeBytes);
}

/** Turns what went wrong while streaming into the analyst's message; anything else is a bug, rethrown. */
function readError(
  error: unknown,
  fileName: string,
  part: string,
  sheet: SheetInfo,
  handler: SheetHandler | null,
): unknown {
  if (error instanceof ParityError) return error;
  if (handler && part === sheet.part) {
    if (error instanceof PartReadError && isSizeMismatch(error.cause)) {
      return new TableReadError(messages.lyingSheet(fileName, part, handler.position));
    }
    if (error instanceof PartReadError || error instanceof XmlSyntaxError) {
      const detail = error instanceof XmlSyntaxError ? `broken XML: ${error.message}` : reason(error.cause);
      return new TableReadError(messages.damagedSheet(fileName, sheet.name, handler.position, detail));
    }
  }
  const problem = partProblem(error, fileName, part);
  return problem ? new TableReadError(problem) : error;
}
