import { constants, crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isParityError } from '../../shared/errors.js';
import { openTable } from './open.js';
import type { FileProblem, ReadOptions, SourceRow, TableSource } from './types.js';

/**
 * A tiny ZIP writer, so that tests can build archives no honest tool would write: entries whose
 * declared size lies, zip bombs, hidden local entries, encrypted flags.
 */
interface ZipEntry {
  name: string;
  /** The real content; deflated unless `stored`. */
  data?: Buffer | string;
  /** Ready-made raw deflate bytes, for content too big to hold (a bomb). */
  deflated?: Buffer;
  /** The uncompressed size to declare; defaults to the truth. */
  size?: number;
  crc?: number;
  stored?: boolean;
  flags?: number;
  /** Write the local header and data but leave the entry out of the central directory. */
  hidden?: boolean;
}

function zip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw =
      typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : (entry.data ?? Buffer.alloc(0));
    const body = entry.deflated ?? (entry.stored ? raw : deflateRawSync(raw));
    const method = entry.stored && !entry.deflated ? 0 : 8;
    const crc = entry.crc ?? crc32(raw);
    const size = entry.size ?? raw.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1 January 1980
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    if (!entry.hidden) {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(entry.flags ?? 0, 8);
      central.writeUInt16LE(method, 10);
      central.writeUInt16LE(0x21, 14);
      central.writeUInt32LE(crc, 16);
      central.writeUInt32LE(body.length, 20);
      central.writeUInt32LE(size, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(offset, 42);
      centrals.push(central, name);
    }
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Raw deflate data for `mebibytes` MiB of zeros, made without holding them: one MiB compressed with a
 * sync flush (a byte-aligned, non-final block) repeated, then an empty final block. 1 GiB is ~1 MB.
 */
const zerosCache = new Map<number, { deflated: Buffer; size: number; crc: number }>();
function deflatedZeros(mebibytes: number): { deflated: Buffer; size: number; crc: number } {
  const cached = zerosCache.get(mebibytes);
  if (cached) return cached;
  const mib = Buffer.alloc(1 << 20);
  const block = deflateRawSync(mib, { finishFlush: constants.Z_SYNC_FLUSH });
  let crc = 0;
  for (let i = 0; i < mebibytes; i++) crc = crc32(mib, crc);
  const zeros = {
    deflated: Buffer.concat([...Array<Buffer>(mebibytes).fill(block), Buffer.from([0x03, 0x00])]),
    size: mebibytes * 2 ** 20,
    crc,
  };
  zerosCache.set(mebibytes, zeros);
  return zeros;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

const rootRels = (target = 'xl/workbook.xml'): ZipEntry => ({
  name: '_rels/.rels',
  data: `<?xml version="1.0"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="${target}"/></Relationships>`,
});
const workbookXml: ZipEntry = {
  name: 'xl/workbook.xml',
  data: `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
};
const workbookRels: ZipEntry = {
  name: 'xl/_rels/workbook.xml.rels',
  data: `<?xml version="1.0"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
};
const sheetXml = (rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c></row>'): ZipEntry => ({
  name: 'xl/worksheets/sheet1.xml',
  data: `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`,
});
const minimalWorkbook = (): ZipEntry[] => [rootRels(), workbookXml, workbookRels, sheetXml()];

async function openZip(entries: readonly ZipEntry[], options?: ReadOptions, fileName = 'staff.xlsx') {
  return openTable({ buffer: zip(entries), fileName }, options);
}

async function problemOf(entries: readonly ZipEntry[], options?: ReadOptions): Promise<FileProblem> {
  const opened = await openZip(entries, options);
  if (opened.ok) throw new Error('expected a problem');
  return opened.problem;
}

async function tableOf(entries: readonly ZipEntry[], options?: ReadOptions): Promise<TableSource> {
  const opened = await openZip(entries, options);
  if (!opened.ok) throw new Error(`expected a table: ${opened.problem.message}`);
  return opened.table;
}

async function rowsOf(table: TableSource): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return rows;
}

describe('ZIP archives that are not workbooks', () => {
  it('reads the hand-made minimal workbook (the writer works)', async () => {
    expect(await rowsOf(await tableOf(minimalWorkbook()))).toEqual([{ line: 1, cells: ['ok'] }]);
  });

  it('says a ZIP without xl/workbook.xml is not a workbook', async () => {
    const problem = await problemOf([{ name: 'export/staff.csv', data: 'a,b\n' }]);
    expect(problem).toEqual({
      code: 'NOT_TABULAR',
      message: expect.stringMatching(
        /^staff\.xlsx looks like a ZIP archive but not an Excel workbook/,
      ) as unknown,
    });
  });

  it('recognises a renamed Word document, .xlsb and .ods', async () => {
    expect(
      await problemOf([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'word/document.xml', data: '<w/>' },
      ]),
    ).toMatchObject({
      code: 'NOT_TABULAR',
      message: expect.stringMatching(/is a Word document, not a spreadsheet/) as unknown,
    });
    expect(await problemOf([{ name: 'xl/workbook.bin', data: 'x' }])).toMatchObject({
      message: expect.stringMatching(/Excel Binary Workbook \(\.xlsb\)/) as unknown,
    });
    expect(
      await problemOf([
        { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', stored: true },
        { name: 'content.xml', data: '<x/>' },
      ]),
    ).toMatchObject({ message: expect.stringMatching(/OpenDocument/) as unknown });
  });

  it('calls an empty or truncated archive what it is', async () => {
    expect(await problemOf([])).toMatchObject({
      code: 'NOT_TABULAR',
      message: expect.stringMatching(/empty ZIP archive/) as unknown,
    });
    const whole = zip(minimalWorkbook());
    const opened = await openTable({ buffer: whole.subarray(0, whole.length - 30), fileName: 'cut.xlsx' });
    expect(opened).toMatchObject({ ok: false, problem: { code: 'MALFORMED' } });
    if (!opened.ok)
      expect(opened.problem.message).toMatch(/^cut\.xlsx looks like an Excel workbook but is damaged/);
  });
});

describe('ZIP bombs and lying archives', () => {
  it('refuses a zip bomb declaring 1 GiB before inflating anything', async () => {
    const bomb = deflatedZeros(1024);
    expect(bomb.deflated.length).toBeLessThan(2 * 1024 * 1024);
    const problem = await problemOf([
      rootRels(),
      workbookXml,
      workbookRels,
      { name: 'xl/worksheets/sheet1.xml', ...bomb },
    ]);
    expect(problem.code).toBe('UNSAFE_ARCHIVE');
    expect(problem.message).toMatch(
      /^staff\.xlsx was not opened because it would expand to more than 500 MB \(xl\/worksheets\/sheet1\.xml alone declares 1 GB\)/,
    );
  });

  it('refuses the same bomb for its compression ratio when the size limit is raised', async () => {
    const bomb = deflatedZeros(1024);
    const problem = await problemOf(
      [rootRels(), workbookXml, workbookRels, { name: 'xl/worksheets/sheet1.xml', ...bomb }],
      {
        maxUncompressedBytes: 4 * 1024 ** 3,
      },
    );
    expect(problem.code).toBe('UNSAFE_ARCHIVE');
    expect(problem.message).toMatch(
      /xl\/worksheets\/sheet1\.xml is compressed [\d,]+ times, more than the 200 times/,
    );
  });

  it('applies maxCompressionRatio to every entry, even ones never read', async () => {
    const zeros = { name: 'xl/media/padding.bin', ...deflatedZeros(8) };
    expect(await problemOf([...minimalWorkbook(), zeros])).toMatchObject({ code: 'UNSAFE_ARCHIVE' });
    const table = await tableOf([...minimalWorkbook(), zeros], { maxCompressionRatio: 100_000 });
    expect(await rowsOf(table)).toEqual([{ line: 1, cells: ['ok'] }]);
  });

  it('refuses archives whose entries add up to more than maxUncompressedBytes', async () => {
    const parts = minimalWorkbook();
    const partsSize = parts.reduce((sum, p) => sum + Buffer.byteLength(p.data ?? ''), 0);
    const media = (n: number): ZipEntry => ({ name: `xl/media/image${n}.bin`, data: Buffer.alloc(600, n) });
    const options = { maxUncompressedBytes: partsSize + 1000 };
    expect(await rowsOf(await tableOf([...parts, media(1)], options))).toHaveLength(1);
    expect(await problemOf([...parts, media(1), media(2)], options)).toMatchObject({
      code: 'UNSAFE_ARCHIVE',
      message: expect.stringMatching(/would expand to more than/) as unknown,
    });
  });

  it('refuses more than 10,000 entries', async () => {
    const many = Array.from({ length: 10_001 }, (_, i): ZipEntry => ({ name: `f${i}`, stored: true }));
    expect(await problemOf([...minimalWorkbook(), ...many])).toMatchObject({
      code: 'UNSAFE_ARCHIVE',
      message: expect.stringMatching(/made of 10,005 compressed parts, more than the 10,000/) as unknown,
    });
  });

  it('stops a part that inflates to more than it declares: the workbook, on opening', async () => {
    const lying = { name: 'xl/workbook.xml', ...deflatedZeros(1024), size: 300 };
    expect(await problemOf([rootRels(), lying, workbookRels, sheetXml()])).toEqual({
      code: 'UNSAFE_ARCHIVE',
      message: expect.stringMatching(
        /^staff\.xlsx was not opened because it is unsafe: xl\/workbook\.xml holds a different amount of data than the archive declares/,
      ) as unknown,
    });
  });

  it('stops a part that inflates to more than it declares: shared strings or the sheet, while reading', async () => {
    const sharedStrings: ZipEntry = { name: 'xl/sharedStrings.xml', ...deflatedZeros(1024), size: 200 };
    const table = await tableOf([...minimalWorkbook(), sharedStrings]);
    const error: unknown = await rowsOf(table).catch((e: unknown) => e);
    expect(isParityError(error, 'INVALID_INPUT')).toBe(true);
    expect(error).toMatchObject({ problem: { code: 'UNSAFE_ARCHIVE' } });

    const rows = Array.from(
      { length: 2000 },
      (_, i) => `<row r="${i + 1}"><c t="inlineStr"><is><t>${i}</t></is></c></row>`,
    );
    const sheet = sheetXml(rows.join(''));
    const lyingSheet = { ...sheet, size: 500 };
    const error2: unknown = await rowsOf(
      await tableOf([rootRels(), workbookXml, workbookRels, lyingSheet]),
    ).catch((e: unknown) => e);
    expect(error2).toMatchObject({ problem: { code: 'UNSAFE_ARCHIVE', line: 1 } });
    expect((error2 as Error).message).toMatch(
      /^staff\.xlsx stopped being read at row 1 because it is unsafe/,
    );
  });

  it('never sees entries hidden between local headers, as streaming unzippers would', async () => {
    const hidden: ZipEntry = { name: 'xl/sharedStrings.xml', ...deflatedZeros(64), hidden: true };
    const table = await tableOf([rootRels(), hidden, workbookXml, workbookRels, sheetXml()]);
    expect(await rowsOf(table)).toEqual([{ line: 1, cells: ['ok'] }]);
  });

  it('refuses encrypted entries and entries named outside the archive', async () => {
    expect(
      await problemOf([...minimalWorkbook(), { name: 'xl/secret.xml', data: 'x', flags: 1 }]),
    ).toMatchObject({
      code: 'UNREADABLE',
      message: expect.stringMatching(/has encrypted parts/) as unknown,
    });
    expect(await problemOf([...minimalWorkbook(), { name: '../../evil.xml', data: 'x' }])).toMatchObject({
      code: 'UNSAFE_ARCHIVE',
      message: expect.stringMatching(/contains a part named "\.\.\/\.\.\/evil\.xml"/) as unknown,
    });
  });
});

describe('workbooks written by other tools', () => {
  it('follows relationships, prefixes, missing references, inline and escaped text, CDATA and ISO dates', async () => {
    const sheet = [
      `<?xml version="1.0"?><x:worksheet xmlns:x="${MAIN}"><x:sheetData>`,
      '<x:row><x:c t="inlineStr"><x:is><x:r><x:t>Band </x:t></x:r><x:r><x:t>5</x:t></x:r><x:rPh><x:t>ignored</x:t></x:rPh></x:is></x:c>',
      '<x:c t="s"><x:v>0</x:v></x:c><x:c t="d"><x:v>2024-04-01T00:00:00Z</x:v></x:c></x:row>',
      '<x:row r="4"><x:c r="B4" t="str"><x:f>A1</x:f><x:v><![CDATA[a < b]]></x:v></x:c><x:c><x:v>7</x:v></x:c></x:row>',
      '</x:sheetData></x:worksheet>',
    ].join('');
    const entries: ZipEntry[] = [
      rootRels('/xl/book.xml'),
      {
        name: 'xl/book.xml',
        data: `<workbook xmlns="${MAIN}" xmlns:rel="${REL}"><sheets><sheet name="Chart" sheetId="2" rel:id="c"/><sheet name="Extract" sheetId="1" rel:id="s"/></sheets></workbook>`,
      },
      {
        name: 'xl/_rels/book.xml.rels',
        data:
          `<Relationships xmlns="${PKG}"><Relationship Id="s" Type="${REL}/worksheet" Target="/xl/data/extract%201.xml"/>` +
          `<Relationship Id="c" Type="${REL}/chartsheet" Target="charts/c.xml"/>` +
          `<Relationship Id="t" Type="${REL}/sharedStrings" Target="strings.xml"/></Relationships>`,
      },
      { name: 'xl/data/extract 1.xml', data: sheet, stored: true },
      { name: 'xl/strings.xml', data: `<sst xmlns="${MAIN}"><si><t>Ann &amp; Bob_x000D_</t></si></sst>` },
    ];
    const table = await tableOf(entries);
    expect(table.sheets).toEqual(['Extract']);
    expect(await rowsOf(table)).toEqual([
      { line: 1, cells: ['Band 5', 'Ann & Bob\r', '2024-04-01'] },
      { line: 4, cells: [null, 'a < b', 7] },
    ]);
  });

  it('reports a damaged sheet with the row where reading stopped', async () => {
    const broken = sheetXml(
      '<row r="1"><c t="inlineStr"><is><t>ok</t></is></c></row><row r="2"><c><v>1</c></row>',
    );
    const error: unknown = await rowsOf(await tableOf([rootRels(), workbookXml, workbookRels, broken])).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ problem: { code: 'MALFORMED', line: 2 } });
    expect((error as Error).message).toMatch(
      /^staff\.xlsx is damaged: sheet "Data" cannot be read from row 2 on/,
    );
  });

  it("refuses a cell beyond Excel's last column instead of building a huge row", async () => {
    const wide = sheetXml('<row r="1"><c r="ZZZZ1"><v>1</v></c></row>');
    await expect(rowsOf(await tableOf([rootRels(), workbookXml, workbookRels, wide]))).rejects.toMatchObject({
      problem: { code: 'MALFORMED', line: 1 },
    });
  });
});
