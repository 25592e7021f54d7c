import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isParityError } from '../../shared/errors.js';
import { openTable } from './open.js';
import type { Cell, SourceRow } from './types.js';

/** Characters that make CSV hard, mixed with arbitrary Unicode text. */
const TRICKY = [
  ',',
  ';',
  '\t',
  '"',
  '""',
  '\n',
  '\r\n',
  '\r',
  ' ',
  'é',
  '£',
  '’',
  '漢',
  '😀',
  'Zoë',
  '0.5',
  '=',
];
/**
 * Characters a CSV cell cannot carry through this test: control characters other than tab, CR and LF
 * (they make a file binary), U+FEFF (first in a file it is a byte order mark) and lone surrogates
 * (UTF-8 cannot encode them).
 */
const writable = (text: string): string =>
  [...text]
    .filter((ch) => {
      const code = ch.codePointAt(0)!;
      const control = (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
      return !control && code !== 0xfeff && (code < 0xd800 || code > 0xdfff);
    })
    .join('');

const cellText = fc
  .array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'grapheme', maxLength: 6 })), {
    maxLength: 5,
  })
  .map((parts) => writable(parts.join('')));

/** Rows of one blank cell are blank lines, which the reader (rightly) does not tell apart from ''. */
const table = fc
  .array(fc.array(cellText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 })
  .filter((rows) => rows.every((row) => row.length > 1 || row[0]!.trim() !== ''));

/** RFC 4180, quoting every value that holds a quote, a line break or any candidate delimiter. */
function toCsv(rows: string[][], eol: string, finalEol: boolean): string {
  const quote = (cell: string): string => (/[",;\t\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return rows.map((row) => row.map(quote).join(',')).join(eol) + (finalEol ? eol : '');
}

const breaks = (cells: readonly string[]): number =>
  cells.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

async function rowsOf(buffer: Buffer, fileName: string): Promise<SourceRow[]> {
  const opened = await openTable({ buffer, fileName });
  if (!opened.ok) throw new Error(opened.problem.message);
  const rows: SourceRow[] = [];
  for await (const row of opened.table.rows()) rows.push(row);
  return rows;
}

/** Opening and reading may refuse the file, but only as a problem or a ParityError INVALID_INPUT. */
async function neverCrashes(buffer: Buffer, fileName: string): Promise<void> {
  const opened = await openTable({ buffer, fileName }, { maxRows: 5_000 });
  if (!opened.ok) {
    expect(opened.problem.message).toMatch(
      new RegExp(`^(Parity could not read )?${fileName.replace('.', '\\.')}`),
    );
    return;
  }
  try {
    for await (const row of opened.table.rows()) expect(row.line).toBeGreaterThan(0);
  } catch (error) {
    if (!isParityError(error, 'INVALID_INPUT')) throw error;
  }
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'flip'; at: number; xor: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
);

function mutate(base: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(base);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'truncate') bytes = bytes.subarray(0, at);
    else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    else if (bytes.length > 0) bytes[at] = bytes[at]! ^ m.xor;
  }
  return bytes;
}

let xlsx: Buffer;
const csv = Buffer.from(
  'Report: Staff in post\r\n\r\nId;Name;Band;Start\r\n1;"Zoë ""Z"" Adams";5;01/04/2024\r\n2;"two\r\nlines";8a;\r\n',
);

beforeAll(async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Staff');
  sheet.addRow(['Report']);
  sheet.addRow(['Id', 'Name', 'Start', 'FTE', 'Lookup']);
  sheet.addRow([
    1,
    { richText: [{ text: 'Zoë ' }, { text: 'Adams', font: { bold: true } }] },
    new Date(Date.UTC(2024, 3, 1)),
    0.8,
    { formula: 'NA()', result: { error: '#N/A' } },
  ]);
  workbook.addWorksheet('Notes').addRow(['shared', 'shared', true]);
  xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
});

describe('properties', () => {
  it('CSV written by RFC 4180 reads back cell for cell, line for line', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.constantFrom('\r\n', '\n'),
        fc.boolean(),
        fc.boolean(),
        async (rows, eol, finalEol, bom) => {
          const text = toCsv(rows, eol, finalEol);
          const bytes = Buffer.concat([
            Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []),
            Buffer.from(text, 'utf8'),
          ]);
          const read = await rowsOf(bytes, 'table.csv');
          expect(read.map((r) => r.cells)).toEqual(rows);
          const lines: number[] = [];
          let line = 1;
          for (const row of rows) {
            lines.push(line);
            line += 1 + breaks(row);
          }
          expect(read.map((r) => r.line)).toEqual(lines);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('XLSX written by exceljs reads back cell for cell', async () => {
    // XML turns a raw CR into LF (Excel itself writes _x000D_, which cells.test.ts covers).
    const value: fc.Arbitrary<Cell> = fc.oneof(
      cellText.map((s) => s.replace(/\r/g, '')).filter((s) => s !== ''),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      fc.integer(),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(value, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        async (rows) => {
          const workbook = new ExcelJS.Workbook();
          const sheet = workbook.addWorksheet('Data');
          for (const row of rows) sheet.addRow(row);
          const read = await rowsOf(Buffer.from(await workbook.xlsx.writeBuffer()), 'table.xlsx');
          expect(read).toEqual(rows.map((cells, i) => ({ line: i + 1, cells })));
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);

  it('random bytes never crash openTable or rows()', async () => {
    const prefixes = fc.constantFrom(
      Buffer.alloc(0),
      Buffer.from('PK\x03\x04', 'latin1'),
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
    await fc.assert(
      fc.asyncProperty(prefixes, fc.uint8Array({ maxLength: 2000 }), async (prefix, bytes) => {
        await neverCrashes(Buffer.concat([prefix, bytes]), 'random.csv');
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('damaged CSV never crashes openTable or rows()', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        await neverCrashes(mutate(csv, mutations), 'damaged.csv');
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('damaged XLSX never crashes openTable or rows()', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        await neverCrashes(mutate(xlsx, mutations), 'damaged.xlsx');
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('onProgress ends at totalBytes, never going backwards', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.boolean(), async (rows, asXlsx) => {
        const buffer = asXlsx ? xlsx : Buffer.from(toCsv(rows, '\r\n', true));
        const calls: [number, number][] = [];
        const opened = await openTable(
          { buffer, fileName: 'progress' },
          { onProgress: (read, total) => calls.push([read, total]) },
        );
        if (!opened.ok) throw new Error(opened.problem.message);
        for await (const row of opened.table.rows()) expect(row.cells.length).toBeGreaterThan(0);
        expect(calls.at(-1)).toEqual([buffer.length, buffer.length]);
        for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
      }),
      { numRuns: 50 },
    );
  }, 60_000);
});
