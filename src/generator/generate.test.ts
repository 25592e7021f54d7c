import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESR_STAFF_IN_POST } from '../ingest/presets.js';
import { generate, type GenerateOptions } from './generate.js';
import { GENERATED_DATASETS, type Manifest } from './manifest.js';

const base: Omit<GenerateOptions, 'out'> = {
  seed: 1,
  trusts: 2,
  staff: 300,
  national: false,
  years: [2023, 2024],
  format: 'xlsx',
  datasets: GENERATED_DATASETS,
};

const made: string[] = [];
const tmp = (name: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), `parity-gen-${name}-`));
  made.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

const readManifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;

async function xlsxCells(file: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as unknown[]).slice(1);
  });
  return Array.from({ length: rows.length }, (_, i) => rows[i] ?? []);
}

/** A cell as CSV text: numbers and strings as written, empty cells as ''. */
const text = (c: unknown): string => (typeof c === 'number' || typeof c === 'string' ? String(c) : '');

let first: string;
let second: string;
let otherSeed: string;

beforeAll(async () => {
  [first, second, otherSeed] = [tmp('a'), tmp('b'), tmp('seed')];
  await generate({ ...base, out: first });
  await generate({ ...base, out: second });
  await generate({ ...base, seed: 2, out: otherSeed });
}, 60_000);

describe('parity generate: determinism', () => {
  it('writes byte-identical CSV files and manifest for the same seed and options', () => {
    const files = filesUnder(first);
    expect(filesUnder(second)).toEqual(files);
    // Buffer.equals, not a deep comparison byte by byte: the files run to megabytes.
    for (const f of files.filter((f) => !f.endsWith('.xlsx')))
      expect(readFileSync(path.join(second, f)).equals(readFileSync(path.join(first, f))), f).toBe(true);
  });

  it('writes XLSX files with identical cell contents', async () => {
    for (const f of filesUnder(first).filter((f) => f.endsWith('.xlsx')))
      expect(await xlsxCells(path.join(second, f)), f).toEqual(await xlsxCells(path.join(first, f)));
  });

  it('writes different data for a different seed', () => {
    for (const f of ['DHF/2024/recruitment.csv', 'DHF/2024/pay.csv', 'DCM/2023/cases.csv'])
      expect(readFileSync(path.join(otherSeed, f)).equals(readFileSync(path.join(first, f))), f).toBe(false);
  });

  it('does not reshuffle a trust when other trusts or datasets are added or left out', async () => {
    const alone = tmp('alone');
    await generate({ ...base, trusts: 1, datasets: ['cases', 'pay', 'survey_aggregate'], out: alone });
    for (const f of ['DHF/2024/cases.csv', 'DHF/2023/pay.csv', 'DHF/2024/survey_aggregate.csv'])
      expect(readFileSync(path.join(alone, f)), f).toEqual(readFileSync(path.join(first, f)));
    expect(filesUnder(alone).some((f) => f.startsWith('DCM/'))).toBe(false);
  });
});

describe('parity generate: manifest', () => {
  it('lists every file written, and only those, with the trust, dataset, year and dates', () => {
    const manifest = readManifest(first);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      filesUnder(first)
        .filter((f) => f !== 'manifest.json')
        .sort(),
    );
    expect(manifest.organisations.map((o) => [o.odsCode, o.name, o.icb.odsCode])).toEqual([
      ['DHF', 'Demo Hospitals NHS Foundation Trust', 'DIC'],
      ['DCM', 'Demo Community and Mental Health NHS Trust', 'DIC'],
    ]);
    const wf = manifest.files.find((f) => f.path === 'DHF/2024/workforce.xlsx')!;
    expect(wf).toMatchObject({
      dataset: 'workforce',
      format: 'xlsx',
      preset: 'esr-staff-in-post',
      headerRow: 6,
      odsCode: 'DHF',
      year: 2024,
      snapshotDate: '2024-03-31',
    });
    expect(manifest.files.find((f) => f.path === 'DCM/2023/recruitment.csv')).toMatchObject({
      preset: 'trac-recruitment',
      periodStart: '2022-04-01',
      periodEnd: '2023-03-31',
    });
    expect(manifest.files.find((f) => f.path === 'DHF/2024/survey_aggregate.csv')).toMatchObject({
      surveyYear: 2023,
    });
    expect(manifest.files.find((f) => f.path === 'benchmarks.csv')).toMatchObject({
      odsCode: null,
      year: null,
      rows: 5,
    });
    expect(manifest.totals.rows).toBe(manifest.files.reduce((a, f) => a + f.rows, 0));
  });

  it('counts exactly the data rows written, and the people and assignments of each workforce file', async () => {
    const manifest = readManifest(first);
    for (const f of manifest.files) {
      const file = path.join(first, f.path);
      if (f.format === 'xlsx') {
        const cells = await xlsxCells(file);
        const data = cells.slice(f.headerRow);
        expect(data.length, f.path).toBe(f.rows);
        const staff = data.map((r) => r[0]);
        expect(new Set(staff).size, f.path).toBe(f.people);
        expect(data.length, f.path).toBe(f.assignments);
        continue;
      }
      const records = parse(readFileSync(file), { relax_column_count: true, skip_empty_lines: false });
      expect(records.length - f.headerRow, f.path).toBe(f.rows);
    }
  });

  it('gives each trust the headcount asked for at 31 March 2024', () => {
    const manifest = readManifest(first);
    for (const ods of ['DHF', 'DCM'])
      expect(manifest.files.find((f) => f.path === `${ods}/2024/workforce.xlsx`)!.people).toBe(300);
  });
});

describe('parity generate: the ESR workforce file', () => {
  it('has the preamble rows, then the ESR header, then readable values', async () => {
    const cells = await xlsxCells(path.join(first, 'DHF/2024/workforce.xlsx'));
    expect(cells.slice(0, 5)).toEqual([
      ['Staff in Post - Detail'],
      ['Organisation: DHF Demo Hospitals NHS Foundation Trust'],
      ['Effective Date: 31/03/2024'],
      ['Run Date: 05/04/2024 09:14'],
      [],
    ]);
    const header = cells[5]!;
    expect(header).toEqual(Object.values(ESR_STAFF_IN_POST.columns).map((spellings) => spellings[0]));
    const row: Record<string, unknown> = Object.fromEntries(header.map((h, i) => [String(h), cells[6]![i]]));
    expect(row['Employee Number']).toMatch(/^[1-9]\d{7}$/);
    expect(row['Primary Assignment']).toBe('Yes');
    expect(typeof row.FTE).toBe('number');
    expect(typeof row.Age).toBe('number');
    expect(row['Hire Date']).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(row.Gender).toMatch(/^(Female|Male)$/);
  });

  it('is the same as CSV with --format csv', async () => {
    const csv = tmp('csv');
    await generate({ ...base, trusts: 1, datasets: ['workforce'], format: 'csv', out: csv });
    const records = parse(readFileSync(path.join(csv, 'DHF/2024/workforce.csv')), {
      relax_column_count: true,
      skip_empty_lines: false,
    });
    const cells = await xlsxCells(path.join(first, 'DHF/2024/workforce.xlsx'));
    expect(records.length).toBe(cells.length);
    expect(records.slice(0, 6).map((r) => r.filter((c) => c !== ''))).toEqual(cells.slice(0, 6));
    expect(records.slice(6)).toEqual(cells.slice(6).map((r) => Array.from(r, text)));
  });
});

describe('parity generate: the staff survey file', () => {
  it('gives every row a numerator or a score, also for a small trust with directorates of few respondents', async () => {
    // A trust of 256 staff (the seed a disclosure proof drew): some directorates have no respondents who
    // gave the engagement score.
    const dir = tmp('survey');
    await generate({
      ...base,
      out: dir,
      seed: 1_430_448_107,
      staff: 256,
      years: [2022, 2023, 2024],
      format: 'csv',
    });
    const files = filesUnder(dir).filter((f) => f.endsWith('survey_aggregate.csv'));
    expect(files.length).toBe(6);
    let directorates = 0;
    for (const f of files) {
      const rows = parse<Record<string, string>>(readFileSync(path.join(dir, f)), { columns: true });
      for (const r of rows) {
        expect(r.numerator !== '' || r.score !== '', `${f}: ${JSON.stringify(r)}`).toBe(true);
        if (r.survey_unit!.includes(' > ')) directorates++;
      }
    }
    expect(directorates).toBeGreaterThan(0);
  });
});
