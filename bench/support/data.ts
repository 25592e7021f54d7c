/**
 * The generated data the benchmarks read, made once and kept in bench/.data (git-ignored): the national
 * set (215 trusts, about 1.4 million staff) in CSV, and one large trust's workforce as an ESR-like XLSX.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { generate } from '../../src/generator/generate.js';
import { GENERATED_DATASETS, type GeneratedDataset, type Manifest } from '../../src/generator/manifest.js';
import { DATA_DIR } from './measure.js';

export const NATIONAL_DIR = path.join(DATA_DIR, 'national');
export const LARGE_TRUST_DIR = path.join(DATA_DIR, 'large-trust');
export const NATIONAL_WORKFORCE_DIR = path.join(DATA_DIR, 'national-workforce');

/** The national set for `years`, generated once (about two minutes for every dataset). */
export async function nationalData(
  datasets: readonly GeneratedDataset[] = GENERATED_DATASETS,
  years: readonly number[] = [2023, 2024],
): Promise<Manifest> {
  const manifestPath = path.join(NATIONAL_DIR, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    const has =
      datasets.every((d) => manifest.options.datasets.includes(d)) &&
      years.every((y) => manifest.options.years.includes(y));
    if (has) return manifest;
  }
  mkdirSync(NATIONAL_DIR, { recursive: true });
  process.stderr.write(`Generating the national data set (${years.join(', ')}) in ${NATIONAL_DIR}...\n`);
  const { manifest } = await generate({
    out: NATIONAL_DIR,
    seed: 1,
    trusts: 215,
    staff: 0,
    national: true,
    years,
    format: 'csv',
    datasets,
  });
  return manifest;
}

/**
 * One national staff-in-post CSV: every trust's ESR-like file for `year`, the header once, preamble lines
 * dropped (as an ICS or NHS England analyst would combine them), so the snapshot date is given to the loader.
 */
export async function nationalWorkforceCsv(year = 2024): Promise<{ path: string; rows: number }> {
  const out = path.join(DATA_DIR, `national-workforce-${year}.csv`);
  const manifestPath = path.join(NATIONAL_WORKFORCE_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) {
    process.stderr.write(`Generating the national staff in post for ${year}...\n`);
    await generate({
      out: NATIONAL_WORKFORCE_DIR,
      seed: 1,
      trusts: 215,
      staff: 0,
      national: true,
      years: [year],
      format: 'csv',
      datasets: ['workforce'],
    });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const files = manifest.files.filter((f) => f.dataset === 'workforce' && f.year === year);
  const rows = files.reduce((n, f) => n + f.rows, 0);
  if (existsSync(out)) return { path: out, rows };
  const sink = createWriteStream(out);
  let first = true;
  for (const f of files) {
    const lines = readline.createInterface({
      input: createReadStream(path.join(NATIONAL_WORKFORCE_DIR, f.path)),
      crlfDelay: Infinity,
    });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (line < f.headerRow || (line === f.headerRow && !first)) continue;
      if (!sink.write(`${text}\n`)) await new Promise<void>((r) => sink.once('drain', () => r()));
    }
    first = false;
  }
  await new Promise<void>((resolve, reject) =>
    sink.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return { path: out, rows };
}

/** A large trust's staff-in-post workbook (about 30,000 assignment rows). */
export async function largeTrustWorkbook(): Promise<{ path: string; rows: number }> {
  const manifestPath = path.join(LARGE_TRUST_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) {
    process.stderr.write('Generating a large trust workbook...\n');
    await generate({
      out: LARGE_TRUST_DIR,
      seed: 3,
      trusts: 1,
      staff: 28_500,
      national: false,
      years: [2024],
      format: 'xlsx',
      datasets: ['workforce'],
    });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const file = manifest.files.find((f) => f.dataset === 'workforce')!;
  return { path: path.join(LARGE_TRUST_DIR, file.path), rows: file.rows };
}
