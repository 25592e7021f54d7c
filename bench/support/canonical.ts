/**
 * The national data set as Parity's canonical records, made once with Parity's own loader and kept in
 * bench/.data/canonical (ingest, not engine work: nothing here is timed):
 *
 * - trusts/<ODS>.json.gz: the engine's `Datasets` for the trust, assembled from each year's files by the
 *   app's "current records" rule (src/features/datasets/current.ts);
 * - <table>.parquet: the same records of every trust with a `trust` column, written by DuckDB, so that the
 *   SQL reads exactly what the engine reads (codes already normalised, pseudonymised staff numbers).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Datasets } from '../../src/engine/index.js';
import { EVENT_DATE } from '../../src/features/datasets/current.js';
import { loadFile } from '../../src/ingest/load.js';
import { createPseudonymiser } from '../../src/ingest/pseudonymise.js';
import { DATASETS, type DatasetId } from '../../src/ingest/schemas/index.js';
import type { Manifest } from '../../src/generator/manifest.js';
import { NATIONAL_DIR, nationalData } from './data.js';
import { DATA_DIR, fmt } from './measure.js';
import { columnsOf, TABLE_NAMES, unknownKeys, type TableName } from './tables.js';

export const CANONICAL_DIR = path.join(DATA_DIR, 'canonical');
export const PSEUDONYMISATION_KEY = 'bench-pseudonymisation-key-0123456789abcdef';
export const YEARS = [2023, 2024] as const;
const FORMAT = 1;

/** The datasets the national indicators read: the loader's id and the engine's name. */
const LOADED: readonly (readonly [DatasetId, keyof Datasets])[] = [
  ['workforce', 'workforce'],
  ['recruitment', 'recruitment'],
  ['cases', 'cases'],
  ['learning', 'learning'],
  ['pay', 'pay'],
  ['board', 'board'],
  ['survey_aggregate', 'surveyAggregates'],
];

export interface CanonicalTrust {
  odsCode: string;
  name: string;
  /** Headcount at 31 March of the latest year, as the generator planned it. */
  staff: number;
  records: number;
}

export interface CanonicalIndex {
  format: number;
  key: string;
  trusts: CanonicalTrust[];
  tables: Record<TableName, number>;
}

const indexPath = path.join(CANONICAL_DIR, 'index.json');
const trustPath = (odsCode: string) => path.join(CANONICAL_DIR, 'trusts', `${odsCode}.json.gz`);
export const parquetPath = (table: TableName) => path.join(CANONICAL_DIR, `${table}.parquet`);

/** The index of the canonical records (made by `canonicalData`). */
export function canonicalIndex(): CanonicalIndex {
  return JSON.parse(readFileSync(indexPath, 'utf8')) as CanonicalIndex;
}

/** One trust's datasets, as the engine takes them. */
export function readTrust(odsCode: string): Datasets {
  return JSON.parse(gunzipSync(readFileSync(trustPath(odsCode))).toString('utf8')) as Datasets;
}

interface Version {
  records: object[];
  asAtDate: string | null;
  period: { start: string; end: string } | null;
  surveyYear: number | null;
}

/**
 * The app's rule for which records are current (src/features/datasets/current.ts), over versions newest
 * first: the newest snapshot per date, the newest survey per year, and for events every record unless a
 * newer version covers its date.
 */
function currentRecords(dataset: DatasetId, newestFirst: readonly Version[]): object[] {
  const kind = DATASETS[dataset].kind;
  const seen = new Set<string>();
  const out: object[] = [];
  const covered: { start: string; end: string }[] = [];
  const dateKey = EVENT_DATE[dataset];
  for (const v of newestFirst) {
    if (kind === 'snapshot' || kind === 'survey') {
      const key = String(kind === 'snapshot' ? v.asAtDate : v.surveyYear);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(...v.records);
    } else if (dateKey && v.period) {
      for (const r of v.records) {
        const d = (r as Record<string, unknown>)[dateKey];
        if (typeof d === 'string' && covered.some((c) => d >= c.start && d <= c.end)) continue;
        out.push(r);
      }
      covered.push(v.period);
    } else out.push(...v.records);
  }
  return out;
}

/** Gzip NDJSON writers, one per table. */
function ndjsonWriters() {
  const files = Object.fromEntries(
    TABLE_NAMES.map((t) => [t, path.join(CANONICAL_DIR, `${t}.ndjson.gz`)]),
  ) as Record<TableName, string>;
  const streams = new Map(
    TABLE_NAMES.map((t) => {
      const gzip = createGzip({ level: 1 });
      return [t, { gzip, done: pipeline(gzip, createWriteStream(files[t])) }] as const;
    }),
  );
  return {
    files,
    async write(table: TableName, lines: string): Promise<void> {
      const { gzip } = streams.get(table)!;
      if (!gzip.write(lines)) await new Promise<void>((r) => gzip.once('drain', () => r()));
    },
    async close(): Promise<void> {
      for (const { gzip } of streams.values()) gzip.end();
      await Promise.all([...streams.values()].map((s) => s.done));
    },
  };
}

async function loadTrust(manifest: Manifest, odsCode: string, pseudonymise: (s: string) => string) {
  const datasets: Record<string, object[]> = {};
  for (const [dataset, name] of LOADED) {
    const versions: Version[] = [];
    for (const year of YEARS) {
      const file = manifest.files.find(
        (f) => f.odsCode === odsCode && f.dataset === dataset && f.year === year,
      );
      if (!file) throw new Error(`no ${dataset} file for ${odsCode} ${year}`);
      const result = await loadFile(
        { path: path.join(NATIONAL_DIR, file.path) },
        { dataset, pseudonymise, read: { maxBytes: 2 ** 31 } },
      );
      if (!result.ok) throw new Error(`${file.path}: ${result.issues.errors} errors`);
      versions.unshift({
        records: result.records as object[],
        asAtDate: result.asAtDate,
        period: result.period,
        surveyYear: result.surveyYear,
      });
    }
    datasets[name] = currentRecords(dataset, versions);
  }
  return datasets;
}

async function toParquet(files: Record<TableName, string>): Promise<Record<TableName, number>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const rows: Partial<Record<TableName, number>> = {};
  for (const table of TABLE_NAMES) {
    const columns = columnsOf(table)
      .map(([c, t]) => `${c}: '${t}'`)
      .join(', ');
    await connection.run(
      `copy (select * from read_json('${files[table]}', format = 'newline_delimited', columns = {${columns}})) to '${parquetPath(table)}' (format parquet)`,
    );
    const count = await connection.runAndReadAll(`select count(*) as n from '${parquetPath(table)}'`);
    rows[table] = Number(count.getRowObjects()[0]!.n);
  }
  connection.closeSync();
  return rows as Record<TableName, number>;
}

/** The canonical records of the national set for 2023 and 2024, made on first use (several minutes). */
export async function canonicalData(): Promise<CanonicalIndex> {
  const manifest = await nationalData();
  // The generated files (by their manifest), the years and the key: any change makes the records again.
  const key = createHash('sha256')
    .update(JSON.stringify([manifest, YEARS, PSEUDONYMISATION_KEY]))
    .digest('hex');
  if (existsSync(indexPath)) {
    const index = canonicalIndex();
    if (index.format === FORMAT && index.key === key) return index;
  }
  rmSync(CANONICAL_DIR, { recursive: true, force: true });
  mkdirSync(path.join(CANONICAL_DIR, 'trusts'), { recursive: true });
  process.stderr.write(`Loading every trust's files with Parity's loader into ${CANONICAL_DIR}...\n`);
  const pseudonymise = createPseudonymiser(PSEUDONYMISATION_KEY);
  const writers = ndjsonWriters();
  const trusts: CanonicalTrust[] = [];
  const started = performance.now();
  for (const org of manifest.organisations) {
    const datasets = await loadTrust(manifest, org.odsCode, pseudonymise);
    writeFileSync(trustPath(org.odsCode), gzipSync(JSON.stringify(datasets), { level: 1 }));
    let records = 0;
    for (const table of TABLE_NAMES) {
      const list = datasets[table] ?? [];
      records += list.length;
      const lines: string[] = [];
      for (const r of list) {
        const extra = unknownKeys(table, r);
        if (extra.length > 0)
          throw new Error(`${table} record has fields the table lacks: ${extra.join(', ')}`);
        lines.push(JSON.stringify({ trust: org.odsCode, ...r }));
      }
      if (lines.length > 0) await writers.write(table, `${lines.join('\n')}\n`);
    }
    trusts.push({ odsCode: org.odsCode, name: org.name, staff: org.staff, records });
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `  ${trusts.length}/${manifest.organisations.length} ${org.odsCode}: ${fmt(records)} records, ${fmt(seconds)} s\n`,
    );
  }
  await writers.close();
  process.stderr.write('Writing Parquet files with DuckDB...\n');
  const tables = await toParquet(writers.files);
  for (const file of Object.values(writers.files)) rmSync(file);
  const index: CanonicalIndex = { format: FORMAT, key, trusts, tables };
  writeFileSync(indexPath, `${JSON.stringify(index, null, 2)}\n`);
  return index;
}
