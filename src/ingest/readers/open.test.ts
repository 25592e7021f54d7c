import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTable } from './open.js';
import type { FileProblem, ReadOptions } from './types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problemOf(bytes: Buffer | string, fileName = 'parity-export.csv', options?: ReadOptions) {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  const opened = await openTable({ buffer, fileName }, options);
  if (opened.ok) throw new Error(`expected a problem, got a ${opened.table.kind} table`);
  return opened.problem;
}

const expectProblem = (problem: FileProblem, code: FileProblem['code'], message: RegExp): void => {
  expect(problem.code).toBe(code);
  expect(problem.message).toMatch(message);
};

describe('openTable recognises what it is given', () => {
  it('calls an empty file empty', async () => {
    expect(await problemOf('')).toEqual({
      code: 'EMPTY',
      message: 'parity-export.csv is empty: it has no rows. Export the report again and check it has data.',
    });
  });

  it('calls a file of blanks empty, however long', async () => {
    expectProblem(await problemOf(' \r\n\t\n'), 'EMPTY', /only blank lines or spaces/);
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expectProblem(
      await problemOf(Buffer.concat([bom, Buffer.from('\n'.repeat(100_000))])),
      'EMPTY',
      /is empty/,
    );
  });

  it('refuses binary data', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expectProblem(await problemOf(garbage), 'NOT_TABULAR', /^parity-export\.csv does not look like a CSV/);
    const controls = Buffer.from('a,b\n' + '\x01\x02\x03x'.repeat(50));
    expectProblem(await problemOf(controls), 'NOT_TABULAR', /binary data/);
  });

  it('refuses a PDF, saying to export the data instead', async () => {
    expectProblem(
      await problemOf('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'staff-in-post.xlsx'),
      'NOT_TABULAR',
      /^staff-in-post\.xlsx is a PDF document, not a spreadsheet\..*as CSV or Excel/,
    );
  });

  it('refuses images', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expectProblem(await problemOf(png), 'NOT_TABULAR', /is an image \(PNG\)/);
    expectProblem(await problemOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'NOT_TABULAR', /JPEG/);
  });

  it('asks for .xlsx or CSV when given a legacy .xls', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    expectProblem(
      await problemOf(ole, 'wres-2024.xls'),
      'NOT_TABULAR',
      /^wres-2024\.xls is an Excel 97-2003 workbook \(\.xls\).*save it as an Excel Workbook \(\.xlsx\) or as CSV/,
    );
  });

  it('recognises a password-protected workbook', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(1000),
      Buffer.from('EncryptedPackage', 'utf16le'),
    ]);
    expectProblem(await problemOf(ole, 'pay.xlsx'), 'NOT_TABULAR', /^pay\.xlsx is protected with a password/);
  });

  it('recognises web pages and XML saved with a spreadsheet name', async () => {
    expectProblem(
      await problemOf('\r\n<html><body><table><tr><td>1</td></tr></table>', 'report.xls'),
      'NOT_TABULAR',
      /^report\.xls is a web page \(HTML\)/,
    );
    expectProblem(
      await problemOf(
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook>',
        'report.xls',
      ),
      'NOT_TABULAR',
      /Excel 2003 XML spreadsheet/,
    );
  });

  it('explains UTF-16 "Unicode Text" files', async () => {
    const withBom = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Name\tBand\r\nAnn\t5\r\n', 'utf16le'),
    ]);
    expectProblem(
      await problemOf(withBom, 'staff.txt'),
      'UNREADABLE',
      /"Unicode Text" \(UTF-16\).*CSV UTF-8/,
    );
    expectProblem(
      await problemOf(Buffer.from('Name\tBand\r\nAnn\t5\r\n', 'utf16le')),
      'UNREADABLE',
      /UTF-16/,
    );
  });

  it('refuses a file over maxBytes before reading it', async () => {
    expectProblem(
      await problemOf('a,b\n1,2\n', 'big.csv', { maxBytes: 4 }),
      'TOO_LARGE',
      /^big\.csv is 8 bytes, more than the 4 bytes Parity loads from one file\. Split the extract/,
    );
    const sparse = path.join(dir, 'sparse.csv');
    writeFileSync(sparse, '');
    truncateSync(sparse, 150 * 1024 * 1024); // 150 MB of nothing: never read, only measured
    const opened = await openTable({ path: sparse, fileName: 'staff-in-post.csv' });
    expect(opened).toEqual({
      ok: false,
      problem: {
        code: 'TOO_LARGE',
        message:
          'staff-in-post.csv is 150 MB, more than the 100 MB Parity loads from one file. Split the extract into ' +
          'smaller files (for example one per staff group or per financial year) and load each one.',
      },
    });
  });

  it('says when a path is missing or is a folder', async () => {
    expect(await openTable({ path: path.join(dir, 'nope.csv') })).toEqual({
      ok: false,
      problem: {
        code: 'UNREADABLE',
        message: 'nope.csv could not be found. Check the file is still where you saved it and try again.',
      },
    });
    const folder = path.join(dir, 'exports.csv');
    mkdirSync(folder);
    expect(await openTable({ path: folder })).toMatchObject({
      ok: false,
      problem: { code: 'UNREADABLE', message: expect.stringMatching(/^exports\.csv is a folder/) as unknown },
    });
  });
});
