/**
 * Golden files: every example file (one per dataset, and one per known export layout) is loaded and the
 * result compared with what was checked by hand and recorded under __golden__/. A missing golden fails;
 * UPDATE_GOLDEN=1 writes them afresh (then read the diff before committing it).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from './load.js';
import { createPseudonymiser } from './pseudonymise.js';

const root = path.resolve(import.meta.dirname, '../..');
const examples = path.join(root, 'examples');
const goldens = path.join(import.meta.dirname, '__golden__');
const pseudonymise = createPseudonymiser('golden-file-pseudonymisation-key-0123456789');

async function summary(file: string) {
  const r = await loadFile(
    { path: path.join(examples, file) },
    { pseudonymise, organisationName: 'Demo Hospitals NHS Foundation Trust' },
  );
  return {
    ok: r.ok,
    dataset: r.dataset,
    file: { kind: r.file.kind, encoding: r.file.encoding, delimiter: r.file.delimiter, sheet: r.file.sheet },
    header: r.header,
    preamble: r.preamble,
    preset: r.mapping?.preset?.id ?? null,
    mapping: r.mapping?.columns.map((c) => `${c.header} -> ${c.field} (${c.via})`) ?? [],
    unused: r.mapping?.unused ?? [],
    rowCount: r.rowCount,
    recordCount: r.records.length,
    asAtDate: r.asAtDate,
    period: r.period,
    surveyYear: r.surveyYear,
    issues: r.issues.kinds.map((k) => ({
      kind: k.kind,
      count: k.count,
      first: k.examples[0]?.message ?? null,
    })),
    quality: r.quality
      ? {
          total: r.quality.total,
          ethnicity: r.quality.ethnicityDeclaredPct,
          disability: r.quality.disabilityDeclaredPct,
        }
      : null,
    firstRecords: r.records.slice(0, 3),
  };
}

describe('example files load as recorded', () => {
  const files = readdirSync(examples)
    .filter((f) => /\.(csv|xlsx)$/.test(f))
    .sort();

  it('has an example for every dataset', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });

  it.each(files)('%s', async (file) => {
    const actual = await summary(file);
    const golden = path.join(goldens, `${file}.json`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(goldens, { recursive: true });
      writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
    }
    expect(
      existsSync(golden),
      `missing golden file ${path.relative(root, golden)} (run with UPDATE_GOLDEN=1 and check it)`,
    ).toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
    // Every example is clean: the examples show the formats Parity accepts.
    expect(actual.ok, JSON.stringify(actual.issues)).toBe(true);
  });

  it('reads the ESR report the same from CSV and from XLSX', async () => {
    const csv = await loadFile({ path: path.join(examples, 'workforce.csv') }, { pseudonymise });
    const xlsx = await loadFile({ path: path.join(examples, 'workforce.xlsx') }, { pseudonymise });
    expect(csv.asAtDate).toBe('2024-03-31');
    expect(xlsx.asAtDate).toBe('2024-03-31');
    expect(xlsx.mapping?.preset?.id).toBe('esr-staff-in-post');
    expect(xlsx.records.length).toBeGreaterThan(40);
  });
});
