import { describe, expect, it } from 'vitest';
import { isParityError } from '../../../shared/errors.js';
import { layoutOf } from './layout.js';
import type { ReturnTemplate } from './template-shape.js';
import { parseTemplate, shippedTemplates, templateFor } from './template.js';
import layout2024 from './templates/2024.json' with { type: 'json' };

/** A fresh, editable copy of the shipped 2024 layout. */
const copy = (): ReturnTemplate => structuredClone(layout2024) as unknown as ReturnTemplate;

/** The error parseTemplate throws for `json`, as message and problems. */
function problemsOf(json: unknown): { message: string; fields: string[]; messages: string[] } {
  try {
    parseTemplate(json, 'test.json');
  } catch (error) {
    if (!isParityError(error)) throw error;
    return {
      message: error.message,
      fields: error.problems.map((p) => p.field),
      messages: error.problems.map((p) => p.message),
    };
  }
  throw new Error('the template was accepted');
}

describe('the national return layouts', () => {
  it('ships a valid 2024 layout with a WRES, a WDES, a Bank WRES and an MWRES sheet', () => {
    const [t] = shippedTemplates();
    expect(t?.year).toBe(2024);
    expect(t?.sheets.map((s) => s.name)).toEqual(['WRES', 'WDES', 'Bank WRES', 'MWRES']);
  });

  it('picks the newest layout whose year is not after the reporting year', () => {
    const a = { ...copy(), year: 2024 };
    const b = { ...copy(), year: 2026 };
    expect(templateFor(2024, [a, b]).year).toBe(2024);
    expect(templateFor(2025, [a, b]).year).toBe(2024);
    expect(templateFor(2026, [b, a]).year).toBe(2026);
    expect(templateFor(2031, [a, b]).year).toBe(2026);
    expect(templateFor(2024).year).toBe(2024);
  });

  it('refuses a year before every layout, naming the earliest', () => {
    try {
      templateFor(2023);
      throw new Error('accepted');
    } catch (error) {
      expect(isParityError(error, 'INVALID_INPUT')).toBe(true);
      expect((error as Error).message).toContain('no layout of the national return for 2023');
      expect((error as Error).message).toContain('2024');
    }
  });

  it('lays the figures out where the collection has them', () => {
    const [wres, wdes] = layoutOf(templateFor(2024));
    const at = (sheet: typeof wres, address: string) => sheet!.cells.find((c) => c.address === address);
    expect(at(wres, 'C26')).toMatchObject({
      kind: 'figure',
      figure: { indicator: 'WRES1', part: 'main', slot: 'c:CLINICAL:AFC_5:BME' },
      label: 'WRES 1: Clinical: Band 5, BME',
    });
    expect(at(wres, 'B36')).toMatchObject({ kind: 'manual' });
    expect(at(wres, 'B48')).toMatchObject({ kind: 'figure', figure: { indicator: 'WRES2', slot: 'rl' } });
    expect(at(wres, 'C48')).toBeUndefined();
    expect(at(wres, 'C75')).toMatchObject({ figure: { indicator: 'WRES9', part: 'total', slot: 'rp' } });
    expect(at(wres, 'B80')).toMatchObject({
      figure: { indicator: 'WRES1', part: 'main', slot: 'c:*:WHITE' },
    });
    expect(at(wdes, 'B9')).toMatchObject({
      figure: { indicator: 'WDES1', slot: 'c:NON_CLINICAL:CLUSTER_3:DISABLED' },
    });
    expect(at(wdes, 'B51')).toMatchObject({
      figure: { indicator: 'WDES9b', part: 'recorded', slot: 'answer' },
    });
    expect(at(wdes, 'B52')).toMatchObject({ figure: { slot: 'narrative' } });
  });

  it('rejects a broken layout, naming the entry that is wrong', () => {
    const t = copy();
    const wres1 = t.sheets[0]!.blocks[3]!;
    if (wres1.kind !== 'table') throw new Error('WRES 1 table expected');
    wres1.rows[5]!.figure = { slot: 'x:{row}' };
    const found = problemsOf(t);
    expect(found.message).toContain('The national return layout test.json is not valid');
    expect(found.fields[0]).toBe(
      'sheets[0] "WRES" > blocks[3] "WRES 1: headcount at 31 March by AfC ban…" > rows[5] "Non-clinical: Band 5"',
    );
    expect(found.messages[0]).toContain('"x:NON_CLINICAL:AFC_5" (column "WHITE") is not a slot');
  });

  it('lists every problem: bad fields, unknown keys, overlapping blocks, unknown placeholders', () => {
    const t = copy() as unknown as { sheets: Record<string, unknown>[] };
    const sheet = t.sheets[1] as { name: string; blocks: Record<string, unknown>[] };
    sheet.name = 'Cover';
    sheet.blocks[1] = { ...sheet.blocks[1], text: 'Trust {trust}' };
    sheet.blocks[4] = { ...sheet.blocks[4], at: 'A6' };
    (sheet.blocks[3] as { rows: Record<string, unknown>[] }).rows[0]!.cells = { NOPE: { blank: true } };
    (t as Record<string, unknown>).year = 'soon';
    // A field of the wrong type is reported first (the layout is checked once the fields are right)...
    const found = problemsOf(t);
    expect(found.fields).toEqual(['year']);
    expect(found.messages[0]).toContain('expected number');
    // ...then every problem of the layout, each naming its entry.
    (t as Record<string, unknown>).year = 2024;
    const rest = problemsOf(t);
    const text = rest.fields.map((f, i) => `${f}: ${rest.messages[i]}`).join('\n');
    expect(text).toContain('sheets[1] "Cover" > name: "Cover" is used twice or is a sheet Parity adds');
    expect(text).toContain('{trust} is not one of {organisation}');
    expect(text).toContain('no column has the key "NOPE"');
    expect(text).toMatch(
      /blocks\[4\] "WDES 2: [^"]*": cell A6 \(and \d+ more\) is also written by blocks\[3\]/,
    );
  });

  it('says which part of a figure is missing', () => {
    const t = copy();
    const survey = t.sheets[0]!.blocks.find((b) => b.kind === 'table' && b.title.startsWith('WRES 5'));
    if (survey?.kind !== 'table') throw new Error('survey table expected');
    delete survey.rows[2]!.figure;
    const found = problemsOf(t);
    expect(found.fields[0]).toMatch(/rows\[2\] "WRES 7: believe the trust provides equal…"$/);
    expect(found.messages[0]).toBe(
      'the cell in column "WHITE" has no indicator (from the table, row, column or cell)',
    );
  });
});
