/**
 * NHS England's pre-populated return (it fills WRES 1 and 5-8, WDES 1 and 4-9a from ESR and the staff
 * survey) set beside Parity's figures: every figure the template references is read from the same cell of
 * their file and compared with the value Parity would write there. A figure differs when the numbers
 * differ by more than the rounding Parity shows (counts exactly), when one side is a number and the other
 * text ("*"), or when one side is empty. A table their file leaves wholly empty is one the trust fills in
 * itself, so its figures are not listed one by one.
 *
 * The file is untrusted: it is opened through the same bomb-safe ZIP reader as every upload (entry counts,
 * declared and actual sizes, compression ratios checked before anything is inflated) and only then read.
 */
import ExcelJS from 'exceljs';
import { resolveLimits } from '../../../ingest/readers/limits.js';
import { openArchive } from '../../../ingest/readers/zip.js';
import { invalidInput } from '../../../shared/errors.js';
import { NO_FIGURE, type FigureValue } from './figures.js';
import { returnModel, type ModelCell, type ReturnInput } from './model.js';

/** The largest pre-populated file accepted: the real one is a few hundred kilobytes. */
export const MAX_PREFILLED_BYTES = 20 * 1024 * 1024;
const LIMITS = { maxBytes: MAX_PREFILLED_BYTES, maxUncompressedBytes: 200 * 1024 * 1024, maxRows: 100_000 };

export type CellValue = number | string | null;

export interface Difference {
  sheet: string;
  cell: string;
  /** The figure in words: "WRES 1: …: Clinical: Band 5, BME". */
  figure: string;
  theirs: CellValue;
  ours: CellValue;
}

export interface Comparison {
  differences: Difference[];
  /** Tables their file leaves empty (for the trust to fill in), by title. */
  emptyTables: string[];
}

/** A cell of their file as a number, text or null (empty); formulas by their cached result. */
function readValue(cell: ExcelJS.Cell): CellValue {
  const raw: unknown = cell.value;
  let v: unknown = raw;
  if (typeof raw === 'object' && raw !== null && !(raw instanceof Date)) {
    const o = raw as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: unknown };
    if ('formula' in o || 'sharedFormula' in o) v = o.result ?? null;
    else if (o.richText) v = o.richText.map((t) => t.text).join('');
    else if (typeof o.text === 'string') v = o.text;
    else if ('error' in o) v = String(o.error);
    else v = null;
  }
  if (v === null || v === undefined) return null;
  if (typeof v === 'number')
    // A percentage stored as a fraction and shown with a % format reads as its percentage.
    return /%/.test(cell.numFmt ?? '') ? v * 100 : v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const text = (typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : '').trim();
  // Text that reads as a number ("1,135", "24.6%") compares as that number; a formula-guard apostrophe goes.
  const number = /^-?[\d,]+(\.\d+)?\s*%?$/.test(text) ? Number(text.replace(/[,%\s]/g, '')) : null;
  if (number !== null && Number.isFinite(number)) return number;
  const unguarded = /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
  return unguarded === '' ? null : unguarded;
}

const oursValue = (v: FigureValue): CellValue =>
  v.kind === 'number' ? v.value : v.kind === 'text' ? (v.value === NO_FIGURE ? null : v.value) : null;

/** The largest difference that is rounding: half the last decimal Parity shows; none for counts. */
function tolerance(v: FigureValue): number {
  if (v.kind !== 'number' || v.count) return 1e-9;
  const decimals = /\.(0+)$/.exec(v.format)?.[1]?.length ?? 0;
  return 0.5 * 10 ** -decimals + 1e-9;
}

function same(theirs: CellValue, ours: CellValue, v: FigureValue): boolean {
  if (typeof theirs === 'string' && /^[-–—]$/.test(theirs)) theirs = null;
  if (theirs === null || ours === null) return theirs === ours;
  if (typeof theirs === 'number' && typeof ours === 'number') return Math.abs(theirs - ours) <= tolerance(v);
  return String(theirs).trim().toLowerCase() === String(ours).trim().toLowerCase();
}

/** Opens their file, or says plainly what is wrong with it and where. */
async function openPrefilled(buffer: Buffer, fileName: string): Promise<ExcelJS.Workbook> {
  if (buffer.length === 0) throw invalidInput(`${fileName} is empty: it is not an XLSX workbook`);
  if (buffer.length > MAX_PREFILLED_BYTES)
    throw invalidInput(
      `${fileName} is ${Math.round(buffer.length / 1024 / 1024)} MB: a pre-populated return is far smaller (at most ${MAX_PREFILLED_BYTES / 1024 / 1024} MB is read)`,
      [{ field: fileName, message: 'check it is the file NHS England sent' }],
    );
  const opened = await openArchive(
    { kind: 'buffer', buffer, fileName, sizeBytes: buffer.length },
    resolveLimits(LIMITS),
  );
  if (!opened.ok)
    throw invalidInput(`${fileName} could not be opened as an XLSX workbook`, [
      { field: fileName, message: opened.problem.message },
    ]);
  const isWorkbook = opened.archive.entry('xl/workbook.xml') !== undefined;
  opened.archive.close();
  if (!isWorkbook)
    throw invalidInput(`${fileName} is not an XLSX workbook`, [
      { field: fileName, message: 'it is a ZIP file without xl/workbook.xml: save it from Excel as .xlsx' },
    ]);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (error) {
    throw invalidInput(`${fileName} could not be read as an XLSX workbook`, [
      { field: fileName, message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  return wb;
}

/** Every figure of their file that differs from Parity's, and the tables their file leaves empty. */
export async function compareReturnReport(
  prefilled: Buffer,
  ours: ReturnInput,
  fileName = 'the pre-populated file',
): Promise<Comparison> {
  const wb = await openPrefilled(prefilled, fileName);
  const model = returnModel(ours);
  const sheets = new Map(wb.worksheets.map((ws) => [ws.name.trim().toLowerCase(), ws]));
  const missing = model.sheets.filter((s) => !sheets.has(s.sheet.name.toLowerCase()));
  if (missing.length > 0)
    throw invalidInput(
      `${fileName} has no sheet named ${missing.map((s) => `"${s.sheet.name}"`).join(' or ')}: it is not laid out as the ${ours.template.year} return`,
      missing.map((s) => ({
        field: s.sheet.name,
        message: `sheets found: ${wb.worksheets.map((w) => `"${w.name}"`).join(', ') || 'none'}`,
      })),
    );
  const differences: Difference[] = [];
  const emptyTables: string[] = [];
  for (const { sheet, cells } of model.sheets) {
    const ws = sheets.get(sheet.name.toLowerCase())!;
    const byTable = new Map<number, Extract<ModelCell, { kind: 'figure' }>[]>();
    for (const c of cells)
      if (c.kind === 'figure') byTable.set(c.block, [...(byTable.get(c.block) ?? []), c]);
    for (const [block, figures] of byTable) {
      const read = figures.map((c) => ({
        c,
        theirs: readValue(ws.getCell(c.address)),
        ours: oursValue(c.value),
      }));
      if (read.every((r) => r.theirs === null)) {
        const title = sheet.blocks[block];
        emptyTables.push(`${sheet.name}: ${title?.kind === 'table' ? title.title : `block ${block}`}`);
        continue;
      }
      for (const { c, theirs, ours: value } of read)
        if (!same(theirs, value, c.value))
          differences.push({ sheet: sheet.name, cell: c.address, figure: c.label, theirs, ours: value });
    }
  }
  return { differences, emptyTables };
}

/** Every figure of their file that differs from Parity's (a table they left empty is not listed). */
export async function compareReturn(
  prefilled: Buffer,
  ours: ReturnInput,
  fileName = 'the pre-populated file',
): Promise<Difference[]> {
  return (await compareReturnReport(prefilled, ours, fileName)).differences;
}
