import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isParityError } from '../../shared/errors.js';
import { openTable } from './open.js';
import { TableReadError } from './read-error.js';
import type { ReadOptions, SourceRow, TableSource } from './types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(content: string | Buffer, options?: ReadOptions): Promise<TableSource> {
  const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const opened = await openTable({ buffer, fileName: 'staff.csv' }, options);
  if (!opened.ok) throw new Error(`expected a table: ${opened.problem.message}`);
  return opened.table;
}

async function rowsOf(table: TableSource): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return rows;
}

const read = async (content: string | Buffer, options?: ReadOptions): Promise<SourceRow[]> =>
  rowsOf(await open(content, options));

const cells = (rows: SourceRow[]): unknown[][] => rows.map((r) => r.cells);

/** The error `rows()` throws, which must be a ParityError INVALID_INPUT carrying a FileProblem. */
async function readError(content: string | Buffer, options?: ReadOptions): Promise<TableReadError> {
  try {
    await read(content, options);
  } catch (error) {
    expect(isParityError(error, 'INVALID_INPUT')).toBe(true);
    expect(error).toBeInstanceOf(TableReadError);
    return error as TableReadError;
  }
  throw new Error('expected rows() to fail');
}

describe('CSV encodings', () => {
  it('reads UTF-8 without a byte order mark', async () => {
    const table = await open('Name,Town\nZoë,Łódź\n');
    expect(table.encoding).toBe('utf-8');
    expect(cells(await rowsOf(table))).toEqual([
      ['Name', 'Town'],
      ['Zoë', 'Łódź'],
    ]);
  });

  it('reads UTF-8 with a byte order mark, which does not stick to the first header', async () => {
    const table = await open(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name,Pay\nAnn,£1\n')]),
    );
    expect(table.encoding).toBe('utf-8');
    expect(cells(await rowsOf(table))).toEqual([
      ['Name', 'Pay'],
      ['Ann', '£1'],
    ]);
  });

  it('reads Windows-1252: £, é and a curly apostrophe', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Name,Salary,Note\r\nRen'),
      Buffer.from([0xe9]),
      Buffer.from(',"'),
      Buffer.from([0xa3]),
      Buffer.from('32,000",O'),
      Buffer.from([0x92]),
      Buffer.from('Brien\r\n'),
    ]);
    const table = await open(bytes);
    expect(table.encoding).toBe('windows-1252');
    expect(cells(await rowsOf(table))).toEqual([
      ['Name', 'Salary', 'Note'],
      ['René', '£32,000', 'O’Brien'],
    ]);
  });

  it('decides on the whole file, not a sample: a £ after 64 KiB of ASCII is still Windows-1252', async () => {
    const ascii = 'Id,Name\n' + Array.from({ length: 5000 }, (_, i) => `${i},Person ${i}`).join('\n') + '\n';
    expect(ascii.length).toBeGreaterThan(64 * 1024);
    const rows = await read(Buffer.concat([Buffer.from(ascii), Buffer.from([0x39, 0x39, 0x2c, 0xa3, 0x0a])]));
    expect(rows.at(-1)).toEqual({ line: 5002, cells: ['99', '£'] });
  });

  it('refuses a file marked UTF-8 that holds Windows-1252 bytes, naming the line', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('a,b\r\nc,d\r\ne,'),
      Buffer.from([0xa3]),
    ]);
    const opened = await openTable({ buffer: bytes, fileName: 'mixed.csv' });
    expect(opened).toMatchObject({ ok: false, problem: { code: 'MALFORMED', line: 3 } });
    if (!opened.ok) expect(opened.problem.message).toMatch(/^mixed\.csv is marked as UTF-8 but line 3/);
  });

  it('joins multi-byte characters cut by chunk boundaries', async () => {
    const name = 'Ōkawa-Zoë-😀'.repeat(20_000); // far more than one 64 KiB chunk
    expect(cells(await read(`Name\n${name}\n`))).toEqual([['Name'], [name]]);
  });
});

describe('CSV delimiters', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n'],
    [';', 'a;b;c\n1,5;2,5;3\n'],
    ['\t', 'name\tnote\nSmith, John\tsees "x", "y"\n'],
  ])('finds %j', async (delimiter, text) => {
    const table = await open(text);
    expect(table.delimiter).toBe(delimiter);
    expect((await rowsOf(table))[1]!.cells).toHaveLength(delimiter === '\t' ? 2 : 3);
  });

  it('ignores delimiters inside quotes', async () => {
    const table = await open('"a;b;c";"d;e"\n"1;2;3";"4"\n"x,y";"z"\n');
    expect(table.delimiter).toBe(';');
    expect(cells(await rowsOf(table))).toEqual([
      ['a;b;c', 'd;e'],
      ['1;2;3', '4'],
      ['x,y', 'z'],
    ]);
  });

  it('treats a file without any delimiter as one column', async () => {
    const table = await open('Assignment number\n12345678-2\n');
    expect(table.delimiter).toBe(',');
    expect(cells(await rowsOf(table))).toEqual([['Assignment number'], ['12345678-2']]);
  });
});

describe('CSV records and lines', () => {
  it('keeps quoted line breaks and gives the line where each record starts', async () => {
    const rows = await read('Name,Comment\n"Ann","first\nsecond\nthird"\nBob,"x\r\ny"\nCy,z\n');
    expect(rows).toEqual([
      { line: 1, cells: ['Name', 'Comment'] },
      { line: 2, cells: ['Ann', 'first\nsecond\nthird'] },
      { line: 5, cells: ['Bob', 'x\r\ny'] },
      { line: 7, cells: ['Cy', 'z'] },
    ]);
  });

  it('reads doubled quotes and keeps stray quotes inside unquoted values', async () => {
    expect(cells(await read('a,b,c\n"say ""hi""",5\'10",O"Neil\n'))).toEqual([
      ['a', 'b', 'c'],
      ['say "hi"', '5\'10"', 'O"Neil'],
    ]);
  });

  it('reads CRLF, LF and a mixture of both', async () => {
    expect(cells(await read('a,b\r\n1,2\r\n'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(await read('a,b\r\n1,2\n3,4\r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
    ]);
  });

  it('keeps blank and all-empty rows, allows ragged rows, and drops only trailing blank lines', async () => {
    expect(await read('a,b,c\n\n1,2\n,,\n4,5,6,7\n,,\n\n\r\n')).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['1', '2'] },
      { line: 4, cells: ['', '', ''] },
      { line: 5, cells: ['4', '5', '6', '7'] },
      { line: 6, cells: ['', '', ''] },
    ]);
  });

  it('reads an ESR-style report: four preamble rows, then the header', async () => {
    const text = [
      'Staff In Post - Detail',
      'Organisation: 123 Example Hospitals NHS Foundation Trust, Leeds',
      'Report run: 01/04/2024 09:15',
      '',
      'Assignment Number,Staff Group,Ethnic Origin,Disability,Pay Band,FTE',
      '12345678,Nursing and Midwifery Registered,A White - British,No,Band 5,1.0',
      '12345679,"Admin and Clerical","C Any other White background","Not Declared",Band 3,0.8',
    ].join('\r\n');
    const table = await open(`${text}\r\n`);
    expect(table.delimiter).toBe(',');
    const rows = await rowsOf(table);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[1]!.cells).toEqual(['Organisation: 123 Example Hospitals NHS Foundation Trust', ' Leeds']);
    expect(rows[3]!.cells).toEqual(['']);
    expect(rows[4]!.cells).toHaveLength(6);
    expect(rows[6]!.cells[3]).toBe('Not Declared');
  });

  it('reads a header-only file as one row', async () => {
    expect(await read('Assignment Number,Ethnic Origin')).toEqual([
      { line: 1, cells: ['Assignment Number', 'Ethnic Origin'] },
    ]);
  });

  it('can be read again, and stopping early is harmless', async () => {
    const table = await open('a\nb\nc\n');
    for await (const row of table.rows()) {
      expect(row.line).toBe(1);
      break;
    }
    expect((await rowsOf(table)).map((r) => r.cells[0])).toEqual(['a', 'b', 'c']);
  });
});

describe('CSV problems found while reading', () => {
  it('names the line where an unterminated quote opened', async () => {
    const error = await readError('Name,Note\nAnn,ok\nBob,"never closed\nCy,3\nDi,4\n');
    expect(error.problem).toMatchObject({ code: 'MALFORMED', line: 3 });
    expect(error.message).toMatch(/^staff\.csv has a quoted value that starts on line 3 and never ends/);
  });

  it('names the quote line even when an earlier value of the same record spans lines', async () => {
    const error = await readError(
      'Name,Note,Other\nAnn,"two\nlines",ok\nBob,"fine\nhere","opens on line 5\nand never closes\n',
    );
    expect(error.problem).toMatchObject({ code: 'MALFORMED', line: 5 });
  });

  it('stops a runaway quote early instead of reading the rest of a big file as one value', async () => {
    const filler = 'x'.repeat(100) + '\n';
    const error = await readError(`a,b\n1,2\n3,"oops\n${filler.repeat(12_000)}`);
    expect(error.problem).toMatchObject({ code: 'MALFORMED', line: 3 });
    expect(error.message).toMatch(/line 3 that is longer than 1,000,000 characters/);
  });

  it('stops at maxRows with a clear message naming the limit', async () => {
    const error = await readError('h\n1\n2\n3\n4\n', { maxRows: 3 });
    expect(error.problem).toMatchObject({ code: 'TOO_LARGE', line: 4 });
    expect(error.message).toMatch(/^staff\.csv has more than 3 rows \(the limit is passed at line 4\)/);
    expect(await read('h\n1\n2\n', { maxRows: 3 })).toHaveLength(3);
  });

  it('reports progress, ending at the file size', async () => {
    const calls: [number, number][] = [];
    const text = 'a,b\n' + '1,2\n'.repeat(40_000);
    await read(text, { onProgress: (read, total) => calls.push([read, total]) });
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.at(-1)).toEqual([text.length, text.length]);
    expect(calls.every(([read], i) => i === 0 || read >= calls[i - 1]![0])).toBe(true);
  });
});

describe('CSV files on disk', () => {
  it('reads a file by path, named after the file', async () => {
    const file = path.join(dir, 'esr-extract.csv');
    writeFileSync(file, 'a;b\n1;2\n');
    const opened = await openTable({ path: file });
    expect(opened).toMatchObject({
      ok: true,
      table: { fileName: 'esr-extract.csv', kind: 'csv', delimiter: ';' },
    });
    if (opened.ok)
      expect(cells(await rowsOf(opened.table))).toEqual([
        ['a', 'b'],
        ['1', '2'],
      ]);
  });

  it('refuses to read a file that changed after it was opened', async () => {
    const file = path.join(dir, 'changing.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const opened = await openTable({ path: file });
    if (!opened.ok) throw new Error(opened.problem.message);
    writeFileSync(file, 'a,b\n1,2\n3,4\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    await expect(rowsOf(opened.table)).rejects.toMatchObject({ problem: { code: 'UNREADABLE' } });
  });
});
