/**
 * The national return as an XLSX workbook: a cover, one sheet per standard in the template's layout, and
 * the data-quality warnings behind the figures. Figures are numbers (a withheld count in the publication
 * view is the text "*"); every text cell goes through `safeCell`, so nothing recorded (a WDES 9b example,
 * an organisation's name) can become a formula. Values come from the return model (model.ts), which reads
 * them through the publication presenter.
 */
import ExcelJS from 'exceljs';
import { safeCell } from '../../plans/export/model.js';
import { MANUAL_TEXT, returnModel, type ModelCell, type ReturnInput, type ReturnModel } from './model.js';

const BOLD = { bold: true } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDEE' } };
/** Hand-entry cells stand out, in words as well as colour. */
const MANUAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF4CC' } };

const PRINT: Partial<ExcelJS.PageSetup> = {
  orientation: 'landscape',
  paperSize: 9,
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
};

function writeCell(ws: ExcelJS.Worksheet, c: ModelCell): void {
  const cell = ws.getCell(c.address);
  switch (c.kind) {
    case 'title':
      cell.value = safeCell(c.value);
      cell.font = { bold: true, size: 14 };
      return;
    case 'heading':
      cell.value = safeCell(c.value);
      cell.font = { bold: true, size: 12 };
      return;
    case 'note':
      cell.value = safeCell(c.value);
      cell.font = { italic: true };
      return;
    case 'header':
      cell.value = safeCell(c.value);
      cell.font = BOLD;
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: c.col === 1 ? 'left' : 'center' };
      return;
    case 'label':
      cell.value = safeCell(c.value);
      cell.alignment = { vertical: 'top', wrapText: true };
      return;
    case 'manual':
      cell.value = safeCell(MANUAL_TEXT);
      cell.font = { italic: true };
      cell.fill = MANUAL_FILL;
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.note = safeCell(c.reason);
      return;
    case 'figure': {
      const v = c.value;
      if (v.kind === 'number') {
        cell.value = v.value;
        cell.numFmt = v.format;
        cell.alignment = { horizontal: 'right', vertical: 'top' };
      } else if (v.kind === 'text') {
        cell.value = safeCell(v.value);
        // Recorded text (an example) reads left; "*" and "–" stand where a number would.
        const short = v.value.length <= 3;
        cell.alignment = short
          ? { horizontal: 'right', vertical: 'top' }
          : { vertical: 'top', wrapText: true };
      }
      return;
    }
  }
}

/** The rows a table's title spans are not merged: a long title runs over the empty cells beside it. */
function templateSheet(wb: ExcelJS.Workbook, s: ReturnModel['sheets'][number]): void {
  const { sheet } = s;
  const ws = wb.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit: sheet.freeze.columns, ySplit: sheet.freeze.rows }],
  });
  sheet.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const c of s.cells) writeCell(ws, c);
  ws.pageSetup = { ...PRINT, ...(sheet.freeze.rows > 0 ? { printTitlesRow: `1:${sheet.freeze.rows}` } : {}) };
}

function coverSheet(wb: ExcelJS.Workbook, model: ReturnModel): void {
  const ws = wb.addWorksheet('Cover', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.getColumn(1).width = 22;
  ws.getColumn(2).width = 110;
  ws.getCell('A1').value = safeCell(model.title);
  ws.getCell('A1').font = { bold: true, size: 14 };
  model.cover.forEach(([k, v], i) => {
    const row = ws.getRow(i + 3);
    row.getCell(1).value = safeCell(k);
    row.getCell(1).font = BOLD;
    row.getCell(2).value = safeCell(v);
    row.alignment = { vertical: 'top', wrapText: true };
  });
  ws.pageSetup = PRINT;
}

function qualitySheet(wb: ExcelJS.Workbook, model: ReturnModel): void {
  const ws = wb.addWorksheet('Data quality', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'Indicator', key: 'indicator', width: 14 },
    { header: 'Figure affected', key: 'affects', width: 48 },
    { header: 'Warning', key: 'warning', width: 100 },
  ];
  for (const l of model.quality) ws.addRow([l.indicator, l.affects, l.warning].map(safeCell));
  if (model.quality.length === 0) ws.addRow(['All', 'Every figure', 'No data-quality warning'].map(safeCell));
  ws.getRow(1).font = BOLD;
  ws.getRow(1).fill = HEADER_FILL;
  ws.eachRow((row) => (row.alignment = { vertical: 'top', wrapText: true }));
  ws.pageSetup = { ...PRINT, printTitlesRow: '1:1' };
}

/** Writes a return model as a workbook: cover, the template's sheets, data quality. */
export async function writeReturn(model: ReturnModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Parity';
  wb.title = model.title;
  coverSheet(wb, model);
  for (const s of model.sheets) templateSheet(wb, s);
  qualitySheet(wb, model);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The national return of `input` as an XLSX file. */
export async function buildReturn(input: ReturnInput): Promise<Buffer> {
  return writeReturn(returnModel(input));
}
