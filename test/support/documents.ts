/**
 * Files read back as their readers see them, without an office suite: a Word file's paragraphs and
 * tables (its document.xml), a workbook's sheets as rows of text.
 */
import { text } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { decodeEntities } from './html.js';

/** One file of a ZIP package, as text. */
export async function zipEntry(buffer: Buffer, name: string): Promise<string> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry())
      if (entry.fileName === name) return await text(await zip.openReadStreamPromise(entry));
    throw new Error(`${name} is not in the file`);
  } finally {
    zip.close();
  }
}

/** The text of a piece of WordprocessingML: its runs' text, tabs as spaces. */
const runsText = (xml: string): string =>
  decodeEntities(
    [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => m[1] ?? ' ').join(''),
  )
    .replace(/\s+/g, ' ')
    .trim();

export interface WordText {
  /** Every paragraph's text in reading order, those in tables included. */
  paragraphs: string[];
  /** Every table as rows of cells' text. */
  tables: string[][][];
}

/** What a Word file says: its paragraphs and its tables. */
export async function wordText(buffer: Buffer): Promise<WordText> {
  const xml = await zipEntry(buffer, 'word/document.xml');
  const paragraphs = [...xml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)]
    .map((m) => runsText(m[0]))
    .filter((t) => t !== '');
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[\s>][\s\S]*?<\/w:tr>/g)].map((r) =>
      [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => runsText(c[0])),
    ),
  );
  return { paragraphs, tables };
}

/** A workbook's sheets, each as rows of cells' text (rich text joined, formulas as their results). */
export async function workbookRows(buffer: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheets = new Map<string, string[][]>();
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text));
      rows.push(cells);
    });
    sheets.set(ws.name, rows);
  }
  return sheets;
}
