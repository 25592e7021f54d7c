import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { isParityError } from '../../shared/errors.js';
import { openTable } from './open.js';
import type { ReadOptions, SourceRow, TableSource } from './types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Build = (workbook: ExcelJS.Workbook) => void;

async function workbookBuffer(build: Build): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function open(build: Build, options?: ReadOptions): Promise<TableSource> {
  const opened = await openTable({ buffer: await workbookBuffer(build), fileName: 'staff.xlsx' }, options);
  if (!opened.ok) throw new Error(`expected a table: ${opened.problem.message}`);
  return opened.table;
}

async function rowsOf(table: TableSource): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return rows;
}

const read = async (build: Build, options?: ReadOptions): Promise<SourceRow[]> =>
  rowsOf(await open(build, options));

describe('XLSX rows', () => {
  it('reads a report with preamble rows, giving Excel row numbers and skipping unused rows', async () => {
    const table = await open((wb) => {
      const ws = wb.addWorksheet('Staff in post');
      ws.getCell('A1').value = 'Staff In Post - Detail';
      ws.getCell('A2').value = 'Report run: 01/04/2024';
      ws.getCell('A3').value = 'Organisation: 123 Example Hospitals';
      ws.getRow(5).values = ['Assignment Number', 'Ethnic Origin', 'FTE'];
      ws.getRow(6).values = ['12345678', 'A White - British', 1];
      ws.getRow(7).values = ['12345679', null, 0.8];
    });
    expect(table).toMatchObject({ kind: 'xlsx', sheet: 'Staff in post', sheets: ['Staff in post'] });
    expect(await rowsOf(table)).toEqual([
      { line: 1, cells: ['Staff In Post - Detail'] },
      { line: 2, cells: ['Report run: 01/04/2024'] },
      { line: 3, cells: ['Organisation: 123 Example Hospitals'] },
      { line: 5, cells: ['Assignment Number', 'Ethnic Origin', 'FTE'] },
      { line: 6, cells: ['12345678', 'A White - British', 1] },
      { line: 7, cells: ['12345679', null, 0.8] },
    ]);
  });

  it('reads dates as ISO strings, whatever their format, and keeps numbers as numbers', async () => {
    const rows = await read((wb) => {
      const ws = wb.addWorksheet('Dates');
      ws.addRow([
        new Date(Date.UTC(2024, 2, 31)),
        new Date(Date.UTC(2024, 2, 31, 13, 5, 7)),
        new Date(Date.UTC(1985, 6, 4)),
        new Date(Date.UTC(2023, 3, 1)),
        45382,
        -12.5,
        1234567.891,
        'text',
        true,
        false,
      ]);
      ws.getCell('C1').numFmt = 'dd/mm/yyyy';
      ws.getCell('D1').numFmt = 'mm-dd-yy'; // Excel's built-in format 14
    });
    expect(rows).toEqual([
      {
        line: 1,
        cells: [
          '2024-03-31',
          '2024-03-31T13:05:07',
          '1985-07-04',
          '2023-04-01',
          45382,
          -12.5,
          1234567.891,
          'text',
          true,
          false,
        ],
      },
    ]);
  });

  it('reads dates in the 1904 date system', async () => {
    const rows = await read((wb) => {
      wb.properties.date1904 = true;
      wb.addWorksheet('Old Mac').addRow([new Date(Date.UTC(2024, 0, 15))]);
    });
    expect(rows[0]!.cells).toEqual(['2024-01-15']);
  });

  it('reads formulas as their saved results, including errors, booleans and dates', async () => {
    const rows = await read((wb) => {
      const ws = wb.addWorksheet('Formulas');
      ws.addRow([
        { formula: 'SUM(1,2)', result: 3 },
        { formula: 'CONCAT("Band ","5")', result: 'Band 5' },
        { formula: '1=1', result: true },
        { formula: 'NA()', result: { error: '#N/A' } },
        { formula: 'DATE(2024,4,1)', result: new Date(Date.UTC(2024, 3, 1)) },
        { formula: 'A1*2' },
        { error: '#DIV/0!' },
      ]);
      ws.getCell('E1').numFmt = 'dd/mm/yyyy';
    });
    expect(rows[0]!.cells).toEqual([3, 'Band 5', true, '#N/A', '2024-04-01', null, '#DIV/0!']);
  });

  it('flattens rich text and hyperlinks to their text, and keeps text exactly as typed', async () => {
    const rows = await read((wb) => {
      wb.addWorksheet('Text').addRow([
        { richText: [{ text: 'Band ' }, { font: { bold: true }, text: '8a' }] },
        { text: 'NHS Employers', hyperlink: 'https://www.nhsemployers.org' },
        '  padded  ',
        'line one\nline two',
        '00123',
        'Zoë & Łukasz <them>',
      ]);
    });
    expect(rows[0]!.cells).toEqual([
      'Band 8a',
      'NHS Employers',
      '  padded  ',
      'line one\nline two',
      '00123',
      'Zoë & Łukasz <them>',
    ]);
  });

  it('keeps leading empty cells as null and drops trailing ones', async () => {
    const rows = await read((wb) => {
      const ws = wb.addWorksheet('Gaps');
      ws.getCell('C2').value = 'x';
      ws.getCell('E2').value = 5;
      ws.getCell('H2').style = { font: { bold: true } }; // formatted but empty
    });
    expect(rows).toEqual([{ line: 2, cells: [null, null, 'x', null, 5] }]);
  });
});

describe('XLSX sheets', () => {
  const threeSheets: Build = (wb) => {
    wb.addWorksheet('Lookups', { state: 'hidden' }).addRow(['hidden']);
    wb.addWorksheet('Staff').addRow(['staff']);
    wb.addWorksheet('Notes').addRow(['notes']);
  };

  it('lists the sheets and reads the first one a person can see by default', async () => {
    const table = await open(threeSheets);
    expect(table.sheets).toEqual(['Lookups', 'Staff', 'Notes']);
    expect(table.sheet).toBe('Staff');
    expect((await rowsOf(table))[0]!.cells).toEqual(['staff']);
  });

  it('reads a chosen sheet, ignoring case', async () => {
    const table = await open(threeSheets, { sheet: 'notes' });
    expect(table.sheet).toBe('Notes');
    expect((await rowsOf(table))[0]!.cells).toEqual(['notes']);
  });

  it('names the sheets there are when the chosen one does not exist', async () => {
    const opened = await openTable(
      { buffer: await workbookBuffer(threeSheets), fileName: 'wdes.xlsx' },
      {
        sheet: 'Staff in post',
      },
    );
    expect(opened).toEqual({
      ok: false,
      problem: {
        code: 'NO_SUCH_SHEET',
        message:
          'wdes.xlsx has no sheet called "Staff in post". Its sheets are: "Lookups", "Staff", "Notes". ' +
          'Choose one of these.',
      },
    });
  });
});

describe('XLSX limits and progress', () => {
  const hundredRows: Build = (wb) => {
    const ws = wb.addWorksheet('Data');
    for (let i = 1; i <= 100; i++) ws.addRow([i, `person ${i}`]);
  };

  it('stops at maxRows with the limit and the row in the message', async () => {
    const table = await open(hundredRows, { maxRows: 10 });
    const error: unknown = await rowsOf(table).catch((e: unknown) => e);
    expect(isParityError(error, 'INVALID_INPUT')).toBe(true);
    expect(error).toMatchObject({ problem: { code: 'TOO_LARGE', line: 11 } });
    expect((error as Error).message).toMatch(
      /^staff\.xlsx has more than 10 rows \(the limit is passed at line 11\)/,
    );
  });

  it('reads a workbook from disk, reporting progress up to its size', async () => {
    const file = path.join(dir, 'wres.xlsx');
    const workbook = new ExcelJS.Workbook();
    hundredRows(workbook);
    await workbook.xlsx.writeFile(file);
    const calls: [number, number][] = [];
    const opened = await openTable(
      { path: file },
      { onProgress: (read, total) => calls.push([read, total]) },
    );
    if (!opened.ok) throw new Error(opened.problem.message);
    expect(opened.table.fileName).toBe('wres.xlsx');
    expect(await rowsOf(opened.table)).toHaveLength(100);
    const total = opened.table.sizeBytes;
    expect(calls.at(-1)).toEqual([total, total]);
    expect(
      calls.every(([read, t], i) => t === total && read <= total && (i === 0 || read >= calls[i - 1]![0])),
    ).toBe(true);
  });
});
