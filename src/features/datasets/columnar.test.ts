/**
 * Records in columns read back exactly as the gzipped JSON they were stored as before: the same fields in
 * the same order, absent fields absent, nulls null, lists and nested answers equal, texts in any script.
 */
import { describe, expect, it } from 'vitest';
import { decodeColumns, encodeColumns, exportTable } from './columnar.js';

/** Generated records: a few thousand in CI; PARITY_PROOFS=full makes them a national set's 1.4 million. */
const FULL = process.env.PARITY_PROOFS === 'full';
const GENERATED = FULL ? 1_400_000 : 12_000;

/** What the records were read back as when stored as JSON. */
const viaJson = (records: readonly unknown[]): unknown[] => JSON.parse(JSON.stringify(records)) as unknown[];

/** A small seeded generator (mulberry32): the same records on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('records in columns', () => {
  it('reads back every kind of field exactly as JSON would', () => {
    const records = [
      {
        personId: 'a1',
        unitPath: ['Medicine', 'Emergency'],
        fte: 0.8,
        bankOnly: false,
        grade: null,
        answers: { q1: 'Yes', q2: 3 },
        note: 'Ysbyty Gwynedd — “quoted” 😀',
        zero: -0,
      },
      {
        personId: 'a2',
        unitPath: [],
        fte: null,
        bankOnly: true,
        grade: 'BAND_5',
        answers: null,
        note: '',
        zero: Number.NaN,
        onlyHere: 7,
      },
      {
        personId: 'a1',
        unitPath: ['Medicine', 'Emergency'],
        fte: 1e-9,
        bankOnly: null,
        grade: 'BAND_5',
        answers: { q1: null },
        note: null,
        zero: Number.POSITIVE_INFINITY,
        skipped: undefined,
      },
    ];
    const back = decodeColumns(encodeColumns(records));
    expect(back).toStrictEqual(viaJson(records));
    expect(Object.keys(back[1] as object)).toEqual(Object.keys(viaJson(records)[1] as object));
    expect('onlyHere' in (back[0] as object)).toBe(false);
  });

  it(`reads back ${GENERATED.toLocaleString('en-GB')} generated records of mixed shapes`, () => {
    const next = random(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const texts = ['A', 'B', 'Ärzte', '名前', 'x'.repeat(300), '', 'line\nbreak'];
    const records = Array.from({ length: GENERATED }, (_, i) => {
      const r: Record<string, unknown> = {
        id: `P${i}`,
        text: next() < 0.1 ? null : pick(texts),
        number: next() < 0.1 ? null : Math.round(next() * 1e6) / 100,
        flag: next() < 0.1 ? null : next() < 0.5,
        path: next() < 0.05 ? null : [pick(texts), pick(texts)].slice(0, Math.floor(next() * 3)),
      };
      if (next() < 0.3) r.sometimes = pick(texts);
      if (next() < 0.2) r.mixed = next() < 0.5 ? 1 : 'one';
      return r;
    });
    expect(decodeColumns(encodeColumns(records))).toStrictEqual(viaJson(records));
  }, 600_000);

  it('reads no records from no records', () => {
    expect(decodeColumns(encodeColumns([]))).toEqual([]);
  });

  it('gives each distinct text or list once, shared and frozen', () => {
    const back = decodeColumns(
      encodeColumns([
        { g: 'BAND_5', p: ['Medicine'] },
        { g: 'BAND_5', p: ['Medicine'] },
      ]),
    ) as { g: string; p: string[] }[];
    expect(back[0]!.p).toBe(back[1]!.p);
    expect(Object.isFrozen(back[0]!.p)).toBe(true);
  });

  it('exports lists of texts as Arrow lists and other values as their JSON', () => {
    const table = exportTable([
      { unitPath: ['Medicine', 'Emergency'], answers: { q1: 'Yes' }, fte: 1 },
      { unitPath: null, answers: null, fte: null },
    ]);
    expect(table.numRows).toBe(2);
    expect(String(table.schema.fields.find((f) => f.name === 'unitPath')!.type)).toMatch(/^List</);
    expect([...(table.getChild('unitPath')!.get(0) as Iterable<string>)]).toEqual(['Medicine', 'Emergency']);
    expect(table.getChild('answers')!.get(0)).toBe('{"q1":"Yes"}');
    expect(table.getChild('fte')!.get(1)).toBeNull();
  });
});
