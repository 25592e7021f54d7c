/**
 * An existing plan file read as tables of text cells, whatever it came in: Word tables (DOCX, read from
 * word/document.xml through the same bomb-safe ZIP and XML readers as spreadsheets), or the first sheet of
 * an XLSX or CSV. Paragraphs and Word list items inside a cell become plan markup (blank line between
 * paragraphs, "- " for bullets); a vertically merged cell repeats the text of the cell it continues.
 */
import { openArchive } from '../../../ingest/readers/zip.js';
import { parseXmlPart, XmlSyntaxError, PartReadError } from '../../../ingest/readers/xml.js';
import { openTable } from '../../../ingest/readers/open.js';
import { resolveLimits } from '../../../ingest/readers/limits.js';
import { invalidInput } from '../../../shared/errors.js';
import { normaliseText } from '../markup.js';

export interface SourceTable {
  /** 1-based, in document order. */
  number: number;
  /** The last paragraph before the table (a heading such as "Key Action Area – Bullying and Harassment"). */
  heading: string | null;
  rows: string[][];
}

export interface SourceDocument {
  kind: 'docx' | 'xlsx' | 'csv';
  fileName: string;
  /** Paragraphs outside tables, in order (title, authors, sources...). */
  paragraphs: string[];
  tables: SourceTable[];
}

/** The largest plan file accepted: Word plans with tables are a few hundred kilobytes. */
export const MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024;
const LIMITS = { maxBytes: MAX_PLAN_FILE_BYTES, maxUncompressedBytes: 200 * 1024 * 1024, maxRows: 20_000 };

const attr = (a: Readonly<Record<string, string>>, name: string): string | undefined =>
  a[`w:${name}`] ?? a[name];

interface Para {
  text: string;
  bullet: boolean;
}

/** Joins a cell's paragraphs as plan markup: a blank line between paragraphs, bullets one per line. */
function cellText(paras: Para[]): string {
  let out = '';
  let previousBullet = false;
  for (const p of paras) {
    const text = p.text.replace(/\s+\n/g, '\n').trim();
    if (text === '') continue;
    const line = p.bullet ? `- ${text}` : text;
    out += out === '' ? line : p.bullet && previousBullet ? `\n${line}` : `\n\n${line}`;
    previousBullet = p.bullet;
  }
  return normaliseText(out);
}

async function readDocx(buffer: Buffer, fileName: string): Promise<SourceDocument> {
  const opened = await openArchive(
    { kind: 'buffer', buffer, fileName, sizeBytes: buffer.length },
    resolveLimits(LIMITS),
  );
  if (!opened.ok)
    throw invalidInput(`${fileName} could not be opened as a Word document`, [
      { field: 'file', message: opened.problem.message },
    ]);
  const { archive } = opened;
  try {
    const entry = archive.entry('word/document.xml');
    if (!entry)
      throw invalidInput(`${fileName} is not a Word document`, [
        { field: 'file', message: `${fileName} has no word/document.xml: save it from Word as a .docx file` },
      ]);
    const paragraphs: string[] = [];
    const tables: SourceTable[] = [];
    // Tables can nest: a nested table's text joins the cell it sits in.
    const tableStack: { rows: { text: string; merge: 'restart' | 'continue' | null; span: number }[][] }[] =
      [];
    let cellParas: Para[] | null = null;
    let cellMerge: 'restart' | 'continue' | null = null;
    let cellSpan = 1;
    let para: Para | null = null;
    let inText = false;
    let inDeleted = 0;
    let lastParagraph: string | null = null;
    let depthAtCell = 0;

    await parseXmlPart(await archive.open(entry), {
      open(name, a) {
        switch (name) {
          case 'tbl':
            if (tableStack.length === 0) tableStack.push({ rows: [] });
            else tableStack.push({ rows: [] });
            break;
          case 'tr':
            tableStack.at(-1)?.rows.push([]);
            break;
          case 'tc':
            if (tableStack.length === 1) {
              cellParas = [];
              cellMerge = null;
              cellSpan = 1;
              depthAtCell = 1;
            }
            break;
          case 'vMerge':
            if (tableStack.length === depthAtCell && cellParas)
              cellMerge = attr(a, 'val') === 'restart' ? 'restart' : 'continue';
            break;
          case 'gridSpan':
            if (tableStack.length === depthAtCell && cellParas)
              cellSpan = Math.max(1, Math.min(50, Number(attr(a, 'val')) || 1));
            break;
          case 'p':
            para = { text: '', bullet: false };
            break;
          case 'numPr':
            if (para) para.bullet = true;
            break;
          case 'pStyle':
            if (para && /list|bullet/i.test(attr(a, 'val') ?? '')) para.bullet = true;
            break;
          case 't':
            inText = inDeleted === 0;
            break;
          case 'del':
          case 'delText':
          case 'instrText':
            inDeleted++;
            break;
          case 'tab':
            if (para && inDeleted === 0) para.text += ' ';
            break;
          case 'br':
          case 'cr':
            if (para && inDeleted === 0) para.text += '\n';
            break;
        }
      },
      close(name) {
        switch (name) {
          case 't':
            inText = false;
            break;
          case 'del':
          case 'delText':
          case 'instrText':
            inDeleted--;
            break;
          case 'p':
            if (para) {
              if (cellParas) cellParas.push(para);
              else if (tableStack.length === 0) {
                const text = normaliseText(para.text);
                if (text !== '') {
                  paragraphs.push(para.bullet ? `- ${text}` : text);
                  lastParagraph = text;
                }
              }
            }
            para = null;
            break;
          case 'tc':
            if (tableStack.length === 1 && cellParas) {
              const row = tableStack[0]!.rows.at(-1);
              row?.push({ text: cellText(cellParas), merge: cellMerge, span: cellSpan });
              cellParas = null;
            }
            break;
          case 'tbl': {
            const done = tableStack.pop();
            if (tableStack.length === 0 && done) {
              tables.push({
                number: tables.length + 1,
                heading: lastParagraph,
                rows: resolveMerges(done.rows),
              });
              lastParagraph = null;
            }
            break;
          }
        }
      },
      text(text) {
        if (inText && para) para.text += text;
      },
    });
    return { kind: 'docx', fileName, paragraphs, tables };
  } catch (error) {
    if (error instanceof XmlSyntaxError || error instanceof PartReadError)
      throw invalidInput(`${fileName} is damaged`, [
        { field: 'file', message: `The Word document could not be read: ${error.message}` },
      ]);
    throw error;
  } finally {
    archive.close();
  }
}

/** Spreads merged cells over the grid: a horizontal span leaves empty cells, a vertical one repeats. */
function resolveMerges(
  rows: { text: string; merge: 'restart' | 'continue' | null; span: number }[][],
): string[][] {
  const out: string[][] = [];
  for (const row of rows) {
    const cells: string[] = [];
    const continued: boolean[] = [];
    for (const c of row) {
      cells.push(c.text);
      continued.push(c.merge === 'continue');
      for (let i = 1; i < c.span; i++) {
        cells.push('');
        continued.push(false);
      }
    }
    const above = out.at(-1);
    out.push(cells.map((text, i) => (continued[i] && above ? (above[i] ?? '') : text)));
  }
  return out;
}

async function readSheet(buffer: Buffer, fileName: string): Promise<SourceDocument> {
  const opened = await openTable({ buffer, fileName }, LIMITS);
  if (!opened.ok)
    throw invalidInput(`${fileName} could not be read`, [{ field: 'file', message: opened.problem.message }]);
  const rows: string[][] = [];
  try {
    for await (const row of opened.table.rows())
      rows.push(
        // Parity's exports put an apostrophe before a leading = + - @ so no cell runs as a formula: undo it.
        row.cells.map((c) => (c === null ? '' : normaliseText(String(c).replace(/^'(?=[=+\-@\t\r])/, '')))),
      );
  } catch (error) {
    const problem = (error as { problem?: { message: string } }).problem;
    if (problem)
      throw invalidInput(`${fileName} could not be read`, [{ field: 'file', message: problem.message }]);
    throw error;
  }
  return {
    kind: opened.table.kind,
    fileName,
    paragraphs: [],
    tables: [{ number: 1, heading: opened.table.sheet ?? null, rows }],
  };
}

/** Reads a plan file: DOCX by its content (a ZIP with word/document.xml), otherwise XLSX or CSV. */
export async function readPlanFile(buffer: Buffer, fileName: string): Promise<SourceDocument> {
  if (buffer.length === 0)
    throw invalidInput(`${fileName} is empty`, [{ field: 'file', message: `${fileName} is empty` }]);
  if (buffer.length > MAX_PLAN_FILE_BYTES)
    throw invalidInput(`${fileName} is too large`, [
      { field: 'file', message: `${fileName} is larger than ${MAX_PLAN_FILE_BYTES / 1024 / 1024} MB` },
    ]);
  const isZip = buffer.length > 4 && buffer.readUInt32LE(0) === 0x04034b50;
  if (isZip && (buffer.includes('word/document.xml') || /\.docx$/i.test(fileName)))
    return readDocx(buffer, fileName);
  if (/\.doc$/i.test(fileName) && !isZip)
    throw invalidInput(`${fileName} is an old Word document`, [
      {
        field: 'file',
        message: `${fileName} is in the old .doc format: open it in Word and save it as .docx`,
      },
    ]);
  return readSheet(buffer, fileName);
}
