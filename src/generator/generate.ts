/**
 * `parity generate`: writes synthetic trusts in the real file formats into a folder, one trust at a time
 * (so memory is bounded by the largest trust), streaming every file, then writes manifest.json last.
 *
 * Layout: <out>/<ODS>/<year>/<dataset>.csv (workforce .xlsx unless --format csv),
 * <out>/<ODS>/population.csv, <out>/benchmarks.csv, <out>/manifest.json.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { invalidInput } from '../shared/errors.js';
import { boardRows } from './board.js';
import { caseRows } from './cases.js';
import type { DatasetContext, DatasetRows } from './context.js';
import { financialYear, isoDate, snapshotDay } from './dates.js';
import { appraisalRows, learningRows, movementRows } from './development.js';
import { incidentRows } from './incidents.js';
import {
  GENERATED_DATASETS,
  writeManifest,
  type GeneratedDataset,
  type Manifest,
  type ManifestFile,
} from './manifest.js';
import { panelRows } from './panels.js';
import { payRows } from './pay.js';
import { recruitmentRows } from './recruitment.js';
import { benchmarkRows, populationRows } from './reference.js';
import { simulateTrust } from './simulate.js';
import { surveyRows } from './survey.js';
import { planTrusts, type TrustPlan } from './trusts.js';
import { workforceRows } from './workforce.js';
import { CsvSink, XlsxSink, type TableSink } from './writers.js';

export interface GenerateOptions {
  out: string;
  seed: number;
  /** Number of trusts (ignored with `national`). */
  trusts: number;
  /** Headcount per trust at 31 March of the anchor year (ignored with `national`). */
  staff: number;
  national: boolean;
  years: readonly number[];
  /** Format of the workforce file; every other file is CSV. */
  format: 'csv' | 'xlsx';
  datasets: readonly GeneratedDataset[];
  onProgress?: (progress: GenerateProgress) => void;
}

export interface GenerateProgress {
  done: number;
  total: number;
  odsCode: string;
  rows: number;
}

export interface GenerateSummary {
  manifestPath: string;
  manifest: Manifest;
  seconds: number;
}

type YearlyDataset = Exclude<GeneratedDataset, 'population' | 'benchmarks'>;

const YEARLY: Readonly<Record<YearlyDataset, (ctx: DatasetContext) => DatasetRows>> = {
  workforce: workforceRows,
  recruitment: recruitmentRows,
  cases: caseRows,
  learning: learningRows,
  appraisals: appraisalRows,
  movements: movementRows,
  pay: payRows,
  board: boardRows,
  incidents: incidentRows,
  panels: panelRows,
  survey_aggregate: surveyRows,
};

/** What kind of dates a dataset's file describes. */
const SNAPSHOT: ReadonlySet<GeneratedDataset> = new Set(['workforce', 'pay', 'board']);

function ensureFolder(out: string): void {
  try {
    if (!statSync(out).isDirectory()) throw invalidInput(`--out ${out} is a file, not a folder.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    mkdirSync(out, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EACCES' || code === 'EEXIST' || code === 'EROFS')
      throw invalidInput(`Cannot create the folder ${out} (${code}).`);
    throw error;
  }
}

async function writeTable(sink: TableSink, data: DatasetRows): Promise<number> {
  let n = 0;
  for (const row of data.rows) {
    sink.row(row);
    if ((++n & 4095) === 0) await sink.drain();
  }
  return sink.close();
}

export async function generate(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const out = path.resolve(options.out);
  ensureFolder(out);
  const years = [...new Set(options.years)].sort((a, b) => a - b);
  const wanted = GENERATED_DATASETS.filter((d) => options.datasets.includes(d));
  const yearly = wanted.filter((d): d is YearlyDataset => d in YEARLY);
  const plans = planTrusts(options);
  const files: ManifestFile[] = [];
  let rowsSoFar = 0;

  const write = async (
    relative: string,
    dataset: GeneratedDataset,
    data: DatasetRows,
    entry: Omit<ManifestFile, 'path' | 'dataset' | 'format' | 'preset' | 'headerRow' | 'rows'>,
  ) => {
    const file = path.join(out, relative);
    const xlsx = relative.endsWith('.xlsx');
    const sink = xlsx
      ? new XlsxSink(file, data.layout, {
          sheetName: 'Staff in Post',
          created: new Date(Date.UTC(entry.year ?? 2024, 3, 5, 9, 14)),
        })
      : new CsvSink(file, data.layout);
    const rows = await writeTable(sink, data);
    rowsSoFar += rows;
    files.push({
      path: relative.split(path.sep).join('/'),
      dataset,
      format: xlsx ? 'xlsx' : 'csv',
      preset:
        dataset === 'workforce'
          ? 'esr-staff-in-post'
          : dataset === 'recruitment'
            ? 'trac-recruitment'
            : 'parity',
      headerRow: (data.layout.preamble?.length ?? 0) + 1,
      ...entry,
      rows,
      ...(data.facts ? data.facts() : {}),
    });
  };

  for (const plan of plans) {
    if (yearly.length > 0) {
      const history = simulateTrust(plan, options.seed, years);
      for (const year of years) {
        const state = history.years.get(year)!;
        const ctx: DatasetContext = { seed: options.seed, history, year, state };
        const fy = financialYear(year);
        for (const dataset of yearly) {
          const ext = dataset === 'workforce' ? options.format : 'csv';
          const dates = SNAPSHOT.has(dataset)
            ? { snapshotDate: isoDate(snapshotDay(year)) }
            : dataset === 'survey_aggregate'
              ? {}
              : { periodStart: isoDate(fy.start), periodEnd: isoDate(fy.end) };
          await write(
            path.join(plan.odsCode, String(year), `${dataset}.${ext}`),
            dataset,
            YEARLY[dataset](ctx),
            {
              ...trustFacts(plan),
              year,
              ...dates,
            },
          );
        }
      }
    }
    if (wanted.includes('population'))
      await write(
        path.join(plan.odsCode, 'population.csv'),
        'population',
        populationRows(options.seed, plan),
        {
          ...trustFacts(plan),
          year: null,
        },
      );
    options.onProgress?.({
      done: plan.index + 1,
      total: plans.length,
      odsCode: plan.odsCode,
      rows: rowsSoFar,
    });
  }
  if (wanted.includes('benchmarks'))
    await write('benchmarks.csv', 'benchmarks', benchmarkRows(), {
      odsCode: null,
      trustName: null,
      year: null,
    });

  const manifest: Manifest = {
    generator: 'parity generate',
    formatVersion: 1,
    seed: options.seed,
    options: {
      national: options.national,
      trusts: plans.length,
      staffPerTrust: options.national ? null : options.staff,
      years,
      format: options.format,
      datasets: wanted,
    },
    organisations: plans.map((p) => ({
      odsCode: p.odsCode,
      name: p.name,
      kind: p.kind,
      icb: p.icb,
      staff: p.staff,
      area: p.area,
    })),
    files,
    totals: { files: files.length, rows: rowsSoFar },
  };
  const manifestPath = writeManifest(out, manifest);
  return { manifestPath, manifest, seconds: (performance.now() - started) / 1000 };
}

const trustFacts = (plan: TrustPlan) => ({ odsCode: plan.odsCode, trustName: plan.name });
