/**
 * Records in columns: Apache Arrow IPC (the streaming format), the form loaded records are stored in and
 * exported as. Reading is a few typed-array passes, not a parse: a text column is dictionary-encoded, so
 * each distinct text is decoded once and every record holding it gets the same string; numbers and flags
 * are read straight from their buffers.
 *
 * Records are schemaless here (each dataset has its own record type, and the survey's answers vary by
 * year), so a column's kind is chosen from its values. The round trip is exactly the JSON one the records
 * were stored by before: a value JSON would drop (undefined) is absent, -0 and non-finite numbers read
 * as JSON would read them (0 and null).
 *
 * - text: every record has the field, each a string or null: Dictionary<Utf8, Int32>;
 * - number: every record has the field, each a finite number or null: Float64;
 * - flag: every record has the field, each a boolean or null: Bool;
 * - json: anything else (lists such as unit paths, answers, a field some records lack): the JSON text of
 *   each value, dictionary-encoded, parsed once per distinct text; an absent field is an Arrow null. Parsed
 *   values are shared by the records holding the same text, so they are frozen.
 *
 * For analysts' own tools (`exportTable`), lists of texts become Arrow lists and other JSON stays text.
 */
import {
  Bool,
  Dictionary,
  Field,
  Float64,
  Int32,
  List,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  type Data,
} from 'apache-arrow';

export type ColumnKind = 'text' | 'number' | 'flag' | 'json';

/** The field metadata key naming a column's kind, so a reader does not guess it again. */
const KIND_KEY = 'parity.kind';

type Row = Record<string, unknown>;

/** The fields of the records, in order of first sight. */
function fieldNames(records: readonly Row[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  let shape: string[] | null = null;
  for (const r of records) {
    const keys = Object.keys(r);
    // Records of one dataset share their keys and order: compare with the last shape before hashing.
    if (shape && keys.length === shape.length && keys.every((k, i) => k === shape![i])) continue;
    shape = keys;
    for (const k of keys)
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
  }
  return names;
}

function kindOf(records: readonly Row[], name: string): ColumnKind {
  let kind: ColumnKind | null = null;
  for (const r of records) {
    if (!(name in r) || r[name] === undefined) return 'json';
    const v = r[name];
    if (v === null) continue;
    const k: ColumnKind =
      typeof v === 'string'
        ? 'text'
        : typeof v === 'number'
          ? 'number'
          : typeof v === 'boolean'
            ? 'flag'
            : 'json';
    if (k === 'json') return 'json';
    if (kind === null) kind = k;
    else if (kind !== k) return 'json';
  }
  return kind ?? 'text';
}

/** Validity bitmap (bit set = value present), or undefined when nothing is null. */
function validity(
  n: number,
  isNull: (i: number) => boolean,
): { bitmap: Uint8Array | undefined; nulls: number } {
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++)
    if (isNull(i)) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  return { bitmap: nulls === 0 ? undefined : bitmap, nulls };
}

const encoder = new TextEncoder();

function utf8Data(texts: readonly string[]): Data<Utf8> {
  const bytes = texts.map((t) => encoder.encode(t));
  const offsets = new Int32Array(texts.length + 1);
  for (let k = 0; k < bytes.length; k++) offsets[k + 1] = offsets[k]! + bytes[k]!.length;
  const data = new Uint8Array(offsets[texts.length]!);
  for (let k = 0; k < bytes.length; k++) data.set(bytes[k]!, offsets[k]);
  return makeData({ type: new Utf8(), length: texts.length, valueOffsets: offsets, data });
}

/** A dictionary-encoded text column of `texts` (null for no value). */
function dictionaryData(texts: readonly (string | null)[]): Data<Dictionary<Utf8, Int32>> {
  const n = texts.length;
  const codes = new Int32Array(n);
  const distinct: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const t = texts[i];
    if (t === null || t === undefined) continue;
    let c = index.get(t);
    if (c === undefined) {
      c = distinct.length;
      distinct.push(t);
      index.set(t, c);
    }
    codes[i] = c;
  }
  const { bitmap, nulls } = validity(n, (i) => texts[i] === null || texts[i] === undefined);
  return makeData({
    type: new Dictionary(new Utf8(), new Int32()),
    length: n,
    nullCount: nulls,
    ...(bitmap ? { nullBitmap: bitmap } : {}),
    data: codes,
    dictionary: makeVector(utf8Data(distinct)),
  });
}

function columnData(records: readonly Row[], name: string, kind: ColumnKind, lists: boolean): Data {
  const n = records.length;
  switch (kind) {
    case 'text':
      return dictionaryData(records.map((r) => r[name] as string | null));
    case 'number': {
      const values = new Float64Array(n);
      const read = (i: number): number | null => {
        const v = records[i]![name] as number | null;
        return v === null || !Number.isFinite(v) ? null : v;
      };
      for (let i = 0; i < n; i++) values[i] = (read(i) ?? 0) + 0; // + 0 turns -0 into 0, as JSON does
      const { bitmap, nulls } = validity(n, (i) => read(i) === null);
      return makeData({
        type: new Float64(),
        length: n,
        nullCount: nulls,
        ...(bitmap ? { nullBitmap: bitmap } : {}),
        data: values,
      });
    }
    case 'flag': {
      const bits = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (records[i]![name] === true) bits[i >> 3]! |= 1 << (i & 7);
      const { bitmap, nulls } = validity(n, (i) => records[i]![name] === null);
      return makeData({
        type: new Bool(),
        length: n,
        nullCount: nulls,
        ...(bitmap ? { nullBitmap: bitmap } : {}),
        data: bits,
      });
    }
    case 'json': {
      if (lists && isTextList(records, name)) return listData(records, name);
      return dictionaryData(
        records.map((r) => {
          const v = r[name];
          return v === undefined ? null : (JSON.stringify(v) ?? null);
        }),
      );
    }
  }
}

/** True when every value of the field is a list of texts (or null). */
function isTextList(records: readonly Row[], name: string): boolean {
  return records.every((r) => {
    const v = r[name];
    return v === null || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
  });
}

function listData(records: readonly Row[], name: string): Data {
  const n = records.length;
  const offsets = new Int32Array(n + 1);
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = records[i]![name] as string[] | null;
    if (v) items.push(...v);
    offsets[i + 1] = items.length;
  }
  const child = dictionaryData(items);
  const { bitmap, nulls } = validity(n, (i) => records[i]![name] === null);
  return makeData({
    type: new List(new Field('item', child.type, false)),
    length: n,
    nullCount: nulls,
    ...(bitmap ? { nullBitmap: bitmap } : {}),
    valueOffsets: offsets,
    child,
  });
}

/** A column of records as another format describes it: its kind, and whether it is a list of texts. */
export interface ColumnShape {
  name: string;
  kind: ColumnKind;
  textList: boolean;
}

/** The columns of records, in order of first sight, as `exportTable` lays them out. */
export function columnShapes(records: readonly unknown[]): ColumnShape[] {
  const rows = records as readonly Row[];
  return fieldNames(rows).map((name) => {
    const kind = kindOf(rows, name);
    return { name, kind, textList: kind === 'json' && isTextList(rows, name) };
  });
}

function toTable(records: readonly Row[], lists: boolean): Table {
  const names = fieldNames(records);
  const fields: Field[] = [];
  const children: Data[] = [];
  for (const name of names) {
    const kind = kindOf(records, name);
    const data = columnData(records, name, kind, lists);
    fields.push(new Field(name, data.type, true, new Map([[KIND_KEY, kind]])));
    children.push(data);
  }
  const schema = new Schema(fields);
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length: records.length, nullCount: 0, children }),
  );
  return new Table(schema, [batch]);
}

/** Records as one Arrow IPC stream (the stored form). */
export function encodeColumns(records: readonly unknown[]): Uint8Array {
  return tableToIPC(toTable(records as readonly Row[], false), 'stream');
}

/**
 * Records as an Arrow table for other tools: lists of texts (unit paths) are Arrow lists, other structured
 * values (survey answers) their JSON text.
 */
export function exportTable(records: readonly unknown[]): Table {
  return toTable(records as readonly Row[], true);
}

/** The texts of a Utf8 vector's data, each decoded once. */
function textsOf(data: Data<Utf8>): string[] {
  const offsets = data.valueOffsets;
  const bytes = data.values;
  const out = new Array<string>(data.length);
  const base = data.offset;
  const start = offsets[base]!;
  const end = offsets[base + data.length]!;
  let ascii = true;
  for (let b = start; b < end; b++)
    if (bytes[b]! > 0x7f) {
      ascii = false;
      break;
    }
  if (ascii) {
    // One decode of the whole buffer, then slices: byte offsets are character offsets in ASCII.
    const all = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
    for (let k = 0; k < data.length; k++)
      out[k] = all.slice(offsets[base + k]! - start, offsets[base + k + 1]! - start);
  } else {
    const decoder = new TextDecoder();
    for (let k = 0; k < data.length; k++)
      out[k] = decoder.decode(bytes.subarray(offsets[base + k], offsets[base + k + 1]));
  }
  return out;
}

const isValid = (bitmap: Uint8Array | undefined, nulls: number, i: number): boolean =>
  nulls === 0 || !bitmap || bitmap.length === 0 || (bitmap[i >> 3]! & (1 << (i & 7))) !== 0;

/** A column as one value per record (`undefined`: the record does not have the field). */
function columnValues(data: Data, kind: ColumnKind): unknown[] {
  const n = data.length;
  const at = data.offset;
  const out = new Array<unknown>(n);
  const bitmap = data.nullBitmap as Uint8Array | undefined;
  const nulls = data.nullCount;
  if (kind === 'number') {
    const values = data.values as Float64Array;
    for (let i = 0; i < n; i++) out[i] = isValid(bitmap, nulls, at + i) ? values[at + i]! : null;
  } else if (kind === 'flag') {
    const bits = data.values as Uint8Array;
    for (let i = 0; i < n; i++) {
      const p = at + i;
      out[i] = isValid(bitmap, nulls, p) ? (bits[p >> 3]! & (1 << (p & 7))) !== 0 : null;
    }
  } else {
    const codes = data.values as Int32Array;
    const texts = textsOf(data.dictionary!.data[0] as Data<Utf8>);
    const values: unknown[] =
      kind === 'json' ? texts.map((t) => Object.freeze(JSON.parse(t) as unknown)) : texts;
    const missing = kind === 'json' ? undefined : null;
    for (let i = 0; i < n; i++) out[i] = isValid(bitmap, nulls, at + i) ? values[codes[at + i]!] : missing;
  }
  return out;
}

type RowMaker = (columns: readonly (readonly unknown[])[], i: number) => Row;

/**
 * A function that makes one record from the columns at position i, as an object literal: every record
 * gets the same shape at once, which V8 builds several times faster than an object given its fields one
 * by one under names it only knows at run time. Columns with absent values are added after, one by one.
 * Made per schema (a few per read); the names are written as JSON string literals, so no text of a record
 * becomes code.
 */
const makers = new Map<string, RowMaker>();
function rowMaker(names: readonly string[], sometimesAbsent: readonly boolean[]): RowMaker {
  const key = JSON.stringify([names, sometimesAbsent]);
  let maker = makers.get(key);
  if (!maker) {
    const fields = names.flatMap((n, c) => (sometimesAbsent[c] ? [] : [`${JSON.stringify(n)}: k[${c}][i]`]));
    const later = names.flatMap((n, c) =>
      sometimesAbsent[c] ? [`v = k[${c}][i]; if (v !== undefined) r[${JSON.stringify(n)}] = v;`] : [],
    );
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- see above: only field names, as JSON literals
    maker = new Function(
      'k',
      'i',
      `let v; const r = { ${fields.join(', ')} }; ${later.join(' ')} return r;`,
    ) as RowMaker;
    if (makers.size > 256) makers.clear();
    makers.set(key, maker);
  }
  return maker;
}

/** Records from an Arrow IPC stream made by `encodeColumns`, appended to `out`. */
export function decodeColumns(bytes: Uint8Array, out: unknown[] = []): unknown[] {
  const table = tableFromIPC(bytes);
  const names = table.schema.fields.map((f) => f.name);
  const kinds = table.schema.fields.map((f) => (f.metadata.get(KIND_KEY) ?? 'json') as ColumnKind);
  for (const batch of table.batches) {
    const children = batch.data.children;
    const columns = names.map((_, c) => columnValues(children[c]!, kinds[c]!));
    // Only a JSON column can hold absent values (its nulls); the others always have the field.
    const absent = kinds.map((k, c) => k === 'json' && children[c]!.nullCount > 0);
    const make = rowMaker(names, absent);
    const n = batch.numRows;
    for (let i = 0; i < n; i++) out.push(make(columns, i));
  }
  return out;
}
