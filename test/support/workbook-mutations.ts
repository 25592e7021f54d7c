/**
 * Damage done to real workbooks: cells changed through exceljs as a person or a script would change them,
 * then the archive itself taken apart and put back wrong (parts missing, cut short, lying about their
 * size, pointing at text that is not there, built to explode when inflated). The tiny ZIP writer here
 * writes archives no honest tool would.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Rng } from '../../src/generator/random.js';
import {
  BAD_DATES,
  BAD_NUMBERS,
  damageBytes,
  FORMULAS,
  HOSTILE_TEXT,
  type BaseFile,
  type Mutant,
} from './mutations.js';

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Store without compression. */
  stored?: boolean;
  /** Declare this uncompressed size instead of the true one. */
  declaredSize?: number;
  /** General purpose flags (bit 0: encrypted). */
  flags?: number;
  /** Ready-made raw deflate bytes (a bomb), used instead of deflating `data`. */
  deflated?: Buffer;
}

/** The parts of an archive written by an honest tool, in order (central directory, no encryption). */
export function readZip(bytes: Buffer): ZipPart[] {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a ZIP archive');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const parts: ZipPart[] = [];
  for (let i = 0; i < count; i++) {
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const raw = bytes.subarray(dataStart, dataStart + compressed);
    parts.push({ name, data: method === 0 ? Buffer.from(raw) : inflateRawSync(raw) });
    at += 46 + nameLength + extra + comment;
  }
  return parts;
}

export function writeZip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const body = part.deflated ?? (part.stored ? part.data : deflateRawSync(part.data));
    const method = part.stored && !part.deflated ? 0 : 8;
    const size = part.declaredSize ?? part.data.length;
    const header = (signature: number, length: number): Buffer => {
      const h = Buffer.alloc(length);
      h.writeUInt32LE(signature, 0);
      return h;
    };
    const local = header(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc32(part.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = header(0x02014b50, 46);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(part.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc32(part.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A worksheet as a table of strings, for building workbooks from CSV bases. */
export async function workbookFrom(rows: readonly (readonly string[])[], sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) {
    sheet.addRow(
      row.map((cell) => {
        if (/^\d{4}-\d{2}-\d{2}$/.test(cell)) return new Date(`${cell}T00:00:00Z`);
        if (/^-?\d+(\.\d+)?$/.test(cell) && cell.length < 12 && !/^0\d/.test(cell)) return Number(cell);
        return cell === '' ? null : cell;
      }),
    );
  }
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
    }),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

type CellEdit = (
  sheet: ExcelJS.Worksheet,
  base: BaseFile,
  rng: Rng,
  workbook: ExcelJS.Workbook,
) => string | null;

const dataRow = (sheet: ExcelJS.Worksheet, base: BaseFile, rng: Rng): number =>
  rng.between(base.headerLine + 1, Math.max(base.headerLine + 1, sheet.rowCount));
const fieldColumn = (base: BaseFile, rng: Rng, types?: readonly string[]): number | null => {
  const fields = types ? base.fields.filter((f) => types.includes(f.type)) : base.fields;
  return fields.length > 0 ? rng.pick(fields).index + 1 : null;
};

/** Edits through exceljs: what a person, a macro or a careless script does to a workbook. */
const CELL_EDITS: Record<string, CellEdit> = {
  'xl-formula': (sheet, base, rng) => {
    const column = fieldColumn(base, rng) ?? 1;
    const formula = rng.pick(FORMULAS).replace(/^[=+\-@\t]+/, '');
    const result = rng.pick<ExcelJS.CellValue>(['x', 42, true, { error: '#N/A' }, null]);
    sheet.getCell(dataRow(sheet, base, rng), column).value = { formula, result } as ExcelJS.CellFormulaValue;
    return `formula ${formula} in column ${column}`;
  },
  'xl-formula-text': (sheet, base, rng) => {
    const column = fieldColumn(base, rng) ?? 1;
    sheet.getCell(dataRow(sheet, base, rng), column).value = rng.pick(FORMULAS);
    return `formula text in column ${column}`;
  },
  'xl-huge-text': (sheet, base, rng) => {
    const size = rng.pick([40_000, 300_000, 1_100_000]);
    sheet.getCell(rng.chance(0.2) ? base.headerLine : dataRow(sheet, base, rng), rng.between(1, 20)).value =
      'x'.repeat(size);
    return `text of ${size} characters`;
  },
  'xl-bad-date': (sheet, base, rng) => {
    const column = fieldColumn(base, rng, ['date']);
    if (column === null) return null;
    const value = rng.pick<ExcelJS.CellValue>([...BAD_DATES, -5, 1e9, 3e6, 0.5, true]);
    const cell = sheet.getCell(dataRow(sheet, base, rng), column);
    cell.value = value;
    if (typeof value === 'number') cell.numFmt = 'dd/mm/yyyy';
    return `bad date ${JSON.stringify(value)}`;
  },
  'xl-bad-number': (sheet, base, rng) => {
    const column = fieldColumn(base, rng, ['number', 'integer']);
    if (column === null) return null;
    const value = rng.pick<ExcelJS.CellValue>([
      ...BAD_NUMBERS,
      true,
      { error: '#DIV/0!' },
      new Date(Date.UTC(2024, 2, 31)),
      -1e300,
    ]);
    sheet.getCell(dataRow(sheet, base, rng), column).value = value;
    return `bad number ${JSON.stringify(value).slice(0, 30)}`;
  },
  'xl-error': (sheet, base, rng) => {
    const column = fieldColumn(base, rng) ?? 1;
    sheet.getCell(dataRow(sheet, base, rng), column).value = {
      error: rng.pick<ExcelJS.CellErrorValue['error']>(['#N/A', '#REF!', '#VALUE!', '#NAME?']),
    };
    return `error value in column ${column}`;
  },
  'xl-rich-text': (sheet, base, rng) => {
    const column = fieldColumn(base, rng, ['code', 'text', 'identifier']) ?? 1;
    sheet.getCell(dataRow(sheet, base, rng), column).value = {
      richText: [{ text: 'Wh' }, { font: { bold: true }, text: 'ite' }],
    };
    return `rich text in column ${column}`;
  },
  'xl-hostile-text': (sheet, base, rng) => {
    const column = fieldColumn(base, rng, ['path', 'text', 'identifier', 'code']) ?? 1;
    // Control characters cannot be written into XML at all; xl-escapes brings them in as _xHHHH_.
    const value = [...rng.pick(HOSTILE_TEXT)].filter((c) => c >= ' ' || c === '\t' || c === '\n').join('');
    sheet.getCell(dataRow(sheet, base, rng), column).value = value;
    return `hostile text ${JSON.stringify(value.slice(0, 12))} in column ${column}`;
  },
  'xl-delete-column': (sheet, base, rng) => {
    const column = fieldColumn(base, rng) ?? 1;
    sheet.spliceColumns(column, 1);
    return `delete column ${column}`;
  },
  'xl-insert-column': (sheet, _base, rng) => {
    if (sheet.columnCount >= 16_384) return null; // exceljs refuses to push a cell past XFD
    const column = rng.between(1, sheet.columnCount + 1);
    sheet.spliceColumns(
      column,
      0,
      Array.from({ length: sheet.rowCount }, (_, i) => `inserted ${i}`),
    );
    return `insert column at ${column}`;
  },
  'xl-rename-header': (sheet, base, rng) => {
    const column = rng.between(1, Math.max(1, sheet.getRow(base.headerLine).cellCount));
    sheet.getCell(base.headerLine, column).value = rng.pick([
      null,
      'x',
      'Staff Number',
      '=1+1',
      'a'.repeat(3000),
    ]);
    return `rename header ${column}`;
  },
  'xl-far-cell': (sheet, base, rng) => {
    if (rng.chance(0.5)) sheet.getCell(`XFD${base.headerLine + 1}`).value = 'far right';
    else sheet.getCell(1_048_576, 1).value = 'far below';
    return 'cell at the edge of the sheet';
  },
  'xl-extra-sheets': (_sheet, _base, rng, workbook) => {
    const hidden = rng.chance(0.5);
    const extra = workbook.addWorksheet(`Lookup ${rng.int(100)}`, { state: hidden ? 'hidden' : 'visible' });
    extra.addRow(['Staff Number', 'Ethnic Origin']);
    extra.addRow(['1', 'A']);
    // exceljs orders sheets by this undeclared field: -1 puts the new sheet first.
    if (rng.chance(0.5)) (extra as unknown as { orderNo: number }).orderNo = -1;
    return `extra ${hidden ? 'hidden ' : ''}sheet`;
  },
  'xl-blank-rows': (sheet, base, rng) => {
    sheet.spliceRows(dataRow(sheet, base, rng), 0, [], [], []);
    return 'blank rows';
  },
  'xl-no-data': (sheet, base) => {
    if (sheet.rowCount > base.headerLine)
      sheet.spliceRows(base.headerLine + 1, sheet.rowCount - base.headerLine);
    return 'no data rows';
  },
  'xl-merge': (sheet, base, rng) => {
    const row = dataRow(sheet, base, rng);
    const column = rng.between(1, 5);
    sheet.mergeCells(row, column, row + rng.between(0, 2), column + rng.between(1, 3));
    return 'merged cells';
  },
  'xl-date1904': (_sheet, _base, _rng, workbook) => {
    workbook.properties.date1904 = true;
    return 'dates from 1904';
  },
  'xl-duplicate-rows': (sheet, base, rng) => {
    const from = sheet.getRow(dataRow(sheet, base, rng)).values as ExcelJS.CellValue[];
    sheet.insertRow(dataRow(sheet, base, rng), from.slice(1));
    return 'duplicate row';
  },
  'xl-escapes': (sheet, base, rng) => {
    const column = fieldColumn(base, rng, ['path', 'text', 'identifier', 'code']) ?? 1;
    sheet.getCell(dataRow(sheet, base, rng), column).value = rng.pick([
      'a_x0000_b',
      '_x000D_',
      '_x001F_x',
      '_xD800_',
    ]);
    return `SpreadsheetML escape in column ${column}`;
  },
};

type PartEdit = (parts: ZipPart[], rng: Rng) => string | null;

const part = (parts: ZipPart[], pattern: RegExp): ZipPart | undefined =>
  parts.find((p) => pattern.test(p.name));
const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const XML = /\.(xml|rels)$/;

function editText(p: ZipPart | undefined, edit: (text: string) => string): boolean {
  if (!p) return false;
  const before = p.data.toString('utf8');
  const after = edit(before);
  p.data = Buffer.from(after, 'utf8');
  return after !== before;
}

/** Replaces the nth match (chosen at random) of `pattern` in the text. */
function replaceOne(text: string, pattern: RegExp, rng: Rng, replacement: (match: string) => string): string {
  const matches = [...text.matchAll(new RegExp(pattern.source, 'g'))];
  if (matches.length === 0) return text;
  const m = rng.pick(matches);
  return text.slice(0, m.index) + replacement(m[0]) + text.slice(m.index + m[0].length);
}

const FOUR_MIB_OF_ZEROS = Buffer.alloc(4 * 1024 * 1024);
const DEFLATED_ZEROS = deflateRawSync(FOUR_MIB_OF_ZEROS);

/** Edits of the archive and its XML: damage, lies and attacks that no spreadsheet program would write. */
const PART_EDITS: Record<string, PartEdit> = {
  'zip-drop-part': (parts, rng) => {
    const names = parts
      .map((p) => p.name)
      .filter((n) => /workbook|sheet|rels|Content_Types|styles|sharedStrings/.test(n));
    const name = rng.pick(names);
    parts.splice(
      parts.findIndex((p) => p.name === name),
      1,
    );
    return `drop ${name}`;
  },
  'zip-truncate-xml': (parts, rng) => {
    const p = rng.pick(parts.filter((x) => XML.test(x.name)));
    p.data = p.data.subarray(0, rng.int(p.data.length));
    return `cut ${p.name} short`;
  },
  'zip-garble-xml': (parts, rng) => {
    const p = rng.pick(parts.filter((x) => XML.test(x.name)));
    const at = rng.int(p.data.length + 1);
    const junk = rng.pick(['<', '&', '</row>', '<c r="A1">', '\u0000', ']]>', '<!--', '"']);
    p.data = Buffer.concat([p.data.subarray(0, at), Buffer.from(junk), p.data.subarray(at)]);
    return `insert ${JSON.stringify(junk)} into ${p.name}`;
  },
  'zip-shared-string-out-of-range': (parts, rng) =>
    editText(part(parts, SHEET), (t) =>
      replaceOne(t, /t="s"[^>]*><v>\d+<\/v>/, rng, (m) =>
        m.replace(/<v>\d+</, `<v>${rng.pick(['999999', '-1', 'abc', '1.5', '1e3', ''])}<`),
      ),
    )
      ? 'shared string index out of range'
      : null,
  'zip-content-types': (parts, rng) =>
    editText(part(parts, /^\[Content_Types\]\.xml$/), (t) =>
      rng.chance(0.5) ? t.replace(/spreadsheetml\.sheet\.main\+xml/g, 'plain') : 'not xml at all',
    )
      ? 'wrong content types'
      : null,
  'zip-cell-reference': (parts, rng) =>
    editText(part(parts, SHEET), (t) =>
      replaceOne(
        t,
        /<c r="[A-Z]+\d+"/,
        rng,
        () => `<c r="${rng.pick(['XFE5', 'A0', '', '1A', 'AAAAAAAAAAAA1', 'a-1', 'ZZZ999999999'])}"`,
      ),
    )
      ? 'bad cell reference'
      : null,
  'zip-row-number': (parts, rng) =>
    editText(part(parts, SHEET), (t) =>
      replaceOne(
        t,
        /<row r="\d+"/,
        rng,
        () => `<row r="${rng.pick(['0', '-3', '99999999999', 'x', '1.5', ''])}"`,
      ),
    )
      ? 'bad row number'
      : null,
  'zip-cell-type': (parts, rng) =>
    editText(part(parts, SHEET), (t) =>
      replaceOne(t, /<c r="[A-Z]+\d+"( s="\d+")?( t="\w+")?/, rng, (m) =>
        m.replace(/( t="\w+")?$/, ` t="${rng.pick(['x', 'b', 'e', 'd', 'inlineStr', 'str', 'n', 's'])}"`),
      ),
    )
      ? 'wrong cell type'
      : null,
  'zip-cell-style': (parts, rng) =>
    editText(part(parts, SHEET), (t) =>
      replaceOne(t, /<c r="[A-Z]+\d+"/, rng, (m) => `${m} s="${rng.pick(['99999', '-1', 'abc', '1'])}"`),
    )
      ? 'bad style index'
      : null,
  'zip-number-value': (parts, rng) =>
    editText(part(parts, SHEET), (t) =>
      replaceOne(t, /<c r="[A-Z]+\d+"( s="\d+")?><v>[^<]*<\/v>/, rng, (m) =>
        m.replace(
          /<v>[^<]*</,
          `<v>${rng.pick(['1e999', 'NaN', '-0', '', ' ', '1e12', '-5', '2958466', '60', '0x10'])}<`,
        ),
      ),
    )
      ? 'odd number value'
      : null,
  'zip-xml-bomb': (parts) => {
    const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join(
      '',
    );
    return editText(part(parts, SHEET), (t) =>
      t
        .replace(/^(<\?xml[^>]*\?>)?/, (x) => `${x}<!DOCTYPE worksheet [<!ENTITY l0 "lol">${laughs}]>`)
        .replace(/<v>[^<]*<\/v>/, '<v>&l9;</v>'),
    )
      ? 'billion laughs in the sheet'
      : null;
  },
  'zip-external-entity': (parts) =>
    editText(part(parts, /sharedStrings\.xml$/) ?? part(parts, SHEET), (t) =>
      t
        .replace(/^(<\?xml[^>]*\?>)?/, (x) => `${x}<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>`)
        .replace(/<t>[^<]*<\/t>|<v>[^<]*<\/v>/, (m) => m.replace(/>[^<]*</, '>&e;<')),
    )
      ? 'external entity'
      : null,
  'zip-relationship-target': (parts, rng) =>
    editText(part(parts, /workbook\.xml\.rels$/), (t) =>
      replaceOne(
        t,
        /Target="[^"]*"/,
        rng,
        () =>
          `Target="${rng.pick(['../../../etc/passwd', 'worksheets/missing.xml', 'workbook.xml', '%zz', '/', ''])}"`,
      ),
    )
      ? 'relationship pointing elsewhere'
      : null,
  'zip-namespace-prefix': (parts) =>
    editText(part(parts, SHEET), (t) =>
      t
        .replace(/<(\/?)(row|c|v|sheetData)\b/g, '<$1x:$2')
        .replace(
          '<worksheet ',
          '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ',
        ),
    )
      ? 'prefixed SpreadsheetML'
      : null,
  'zip-sheet-name': (parts, rng) =>
    editText(part(parts, /^xl\/workbook\.xml$/), (t) =>
      t.replace(
        /<sheet name="[^"]*"/,
        `<sheet name="${rng.pick(['', ' ', 'S'.repeat(250), '😀'.repeat(120), '&lt;b&gt;', 'Sheet1', 'a/b\\c?*[]'])}"`,
      ),
    )
      ? 'odd sheet name'
      : null,
  'zip-duplicate-part': (parts) => {
    const sheet = part(parts, SHEET);
    if (!sheet) return null;
    parts.push({ name: sheet.name.toUpperCase(), data: Buffer.from('<worksheet/>') });
    return 'a second sheet part of the same name';
  },
  'zip-unsafe-name': (parts, rng) => {
    parts.push({
      name: rng.pick(['../../evil.txt', '/etc/evil', 'xl\\..\\..\\evil', 'C:/evil']),
      data: Buffer.from('x'),
    });
    return 'unsafe part name';
  },
  'zip-bomb-ratio': (parts) => {
    parts.push({ name: 'xl/media/bomb.bin', data: FOUR_MIB_OF_ZEROS, deflated: DEFLATED_ZEROS });
    return 'part compressed over a thousand times';
  },
  'zip-bomb-declared': (parts) => {
    const sheet = part(parts, SHEET);
    if (!sheet) return null;
    sheet.declaredSize = 600 * 1024 * 1024;
    return 'sheet declaring 600 MB';
  },
  'zip-lying-size': (parts, rng) => {
    const p = rng.pick(parts.filter((x) => XML.test(x.name)));
    p.declaredSize = Math.max(0, p.data.length + rng.pick([-100, -1, 1, 5000]));
    return `${p.name} lying about its size`;
  },
  'zip-encrypted-flag': (parts, rng) => {
    rng.pick(parts).flags = 1;
    return 'a part flagged encrypted';
  },
  'zip-many-parts': (parts) => {
    for (let i = 0; i < 10_001; i++)
      parts.push({ name: `xl/junk/${i}.bin`, data: Buffer.alloc(0), stored: true });
    return '10,001 more parts';
  },
  'zip-stored': (parts) => {
    for (const p of parts) p.stored = true;
    return 'stored without compression';
  },
  'zip-empty-shared-strings': (parts) => {
    const p = part(parts, /sharedStrings\.xml$/);
    if (!p) return null;
    p.data = Buffer.from(
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
    );
    return 'empty shared strings';
  },
};

/**
 * A mutated workbook: sometimes edited through exceljs, sometimes taken apart and damaged, sometimes cut
 * or flipped as bytes; at least one of the three.
 */
export async function mutateXlsx(base: BaseFile, rng: Rng): Promise<Mutant> {
  const applied: string[] = [];
  let bytes = base.bytes;
  const mode = rng.int(3);
  if (mode === 0 || rng.chance(0.3)) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    for (let k = rng.between(1, 3); k > 0; k--) {
      const name = rng.pick(Object.keys(CELL_EDITS));
      const note = CELL_EDITS[name]!(sheet, base, rng, workbook);
      if (note) applied.push(note);
    }
    bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  }
  if (mode === 1 || rng.chance(0.2)) {
    const parts = readZip(bytes);
    const name = rng.pick(Object.keys(PART_EDITS));
    const note = PART_EDITS[name]!(parts, rng);
    if (note) applied.push(note);
    bytes = writeZip(parts);
  }
  if (mode === 2 || applied.length === 0) {
    const damaged = damageBytes(bytes, rng);
    bytes = damaged.bytes;
    applied.push(damaged.note);
  }
  return { name: rng.chance(0.05) ? base.name.replace(/\.xlsx$/, '.csv') : base.name, bytes, applied };
}
