/**
 * manifest.json: every file a run wrote, with what an importer needs to load it (trust, dataset, year,
 * dates, format, preset, header row) and what a test needs to check it (data rows, people, assignments).
 * It holds no timings, so the same options and seed always give the same manifest.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetId } from '../ingest/schemas/index.js';

/**
 * The datasets the generator writes, in the order it writes them: every dataset Parity loads
 * (ingest/schemas) except respondent-level survey answers, for which it writes NHS England's aggregate.
 */
export const GENERATED_DATASETS = [
  'workforce',
  'recruitment',
  'cases',
  'learning',
  'appraisals',
  'movements',
  'pay',
  'board',
  'incidents',
  'panels',
  'survey_aggregate',
  'population',
  'benchmarks',
] as const satisfies readonly Exclude<DatasetId, 'survey_responses'>[];
export type GeneratedDataset = (typeof GENERATED_DATASETS)[number];

export interface ManifestFile {
  /** Relative to the manifest's folder, with forward slashes. */
  path: string;
  dataset: GeneratedDataset;
  format: 'csv' | 'xlsx';
  /** The column mapping that reads it: an ESR or Trac preset, or Parity's canonical headers. */
  preset: 'esr-staff-in-post' | 'trac-recruitment' | 'parity';
  /** Row (1-based) of the header; 1 unless there are preamble lines. */
  headerRow: number;
  odsCode: string | null;
  trustName: string | null;
  /** The WRES/WDES year (snapshot 31 March of it; financial year ending then); null for reference data. */
  year: number | null;
  snapshotDate?: string;
  periodStart?: string;
  periodEnd?: string;
  surveyYear?: number;
  /** Data rows (not counting preamble or header). */
  rows: number;
  people?: number;
  assignments?: number;
  bankOnlyPeople?: number;
  vacancies?: number;
}

export interface ManifestOrganisation {
  odsCode: string;
  name: string;
  kind: string;
  icb: { odsCode: string; name: string };
  /** Headcount at 31 March of the anchor year. */
  staff: number;
  area: string;
}

export interface Manifest {
  generator: 'parity generate';
  formatVersion: 1;
  seed: number;
  options: {
    national: boolean;
    trusts: number;
    staffPerTrust: number | null;
    years: readonly number[];
    format: 'csv' | 'xlsx';
    datasets: readonly GeneratedDataset[];
  };
  organisations: ManifestOrganisation[];
  files: ManifestFile[];
  totals: { files: number; rows: number };
}

export const MANIFEST_NAME = 'manifest.json';

export function writeManifest(dir: string, manifest: Manifest): string {
  const file = path.join(dir, MANIFEST_NAME);
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
