/**
 * The demo's data: three reporting years of synthetic extracts for both demo trusts (by default the last
 * complete year by the application's clock and the two before it: timeline.ts), written by the generator in the
 * real file formats (an ESR staff-in-post workbook, a Trac export, canonical CSVs) and loaded through the
 * same import path people use, plus a few Culture Dashboard local metrics. Nothing here is special-cased:
 * if the importer could not read the files, the demo would fail to start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CULTURE_DASHBOARD_EXAMPLES } from '../../engine/index.js';
import { GENERATED_DATASETS } from '../../generator/manifest.js';
import type { Actor } from '../audit/audit.js';
import type { Services } from '../services.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { demoYears } from './timeline.js';

export const DEMO_STAFF = 2_400;
export const DEMO_SEED = 20_240_331;
/**
 * The local metrics the demo trust starts with: five of the Culture Dashboard's, and the recruitment KPIs
 * of the seed plans (panel make-up for Band 8a and above, its members' training, internal applicants,
 * bank to substantive).
 */
export const DEMO_LOCAL_METRICS = [
  'appraisal-compliance-by-ethnicity',
  'appraisals-completed-when-due',
  'dignity-at-work-cases-by-ethnicity',
  'mentoring-participants-by-ethnicity',
  'violence-abuse-incidents-by-ethnicity',
  'panels-8a-trained-member',
  'panels-8a-independent-member',
  'panels-8a-ethnic-minority-member',
  'panel-members-8a-trained',
  'internal-applicants-appointed-by-ethnicity',
  'internal-applicants-appointed-by-disability',
  'bank-to-substantive-by-ethnicity',
];

export interface DemoDataSummary {
  files: number;
  records: number;
}

/**
 * `years` are the reporting years to load, oldest first (by default the demo's years on the clock's today);
 * the same years give the same records whatever the day. `staff` sizes both trusts (the demo's 2,400 when
 * absent) and `seed` draws other trusts than the demo's, for tests that need a smaller, larger or
 * different installation.
 */
export async function loadDemoData(
  services: Services,
  actor: Actor,
  options: { staff?: number; seed?: number; years?: readonly number[] } = {},
): Promise<DemoDataSummary> {
  const years = [...(options.years ?? demoYears(services.clock.now().toISOString().slice(0, 10)))];
  if (years.length === 0 || years.some((y) => !Number.isInteger(y)))
    throw new Error(`The demo's years must be whole years, not ${years.join(', ')}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-demo-'));
  try {
    // The generator (and the spreadsheet library it writes with) loads here, not when the program starts.
    const { generate } = await import('../../generator/generate.js');
    const { manifest } = await generate({
      out: dir,
      seed: options.seed ?? DEMO_SEED,
      trusts: 2,
      staff: options.staff ?? DEMO_STAFF,
      national: false,
      years,
      format: 'xlsx',
      datasets: GENERATED_DATASETS,
    });
    const orgs = organisationsRepository(services.db);
    let files = 0;
    let records = 0;
    for (const trust of manifest.organisations) {
      const org = await orgs.findByOds(trust.odsCode);
      if (!org) continue;
      // Year by year, as a trust would load them; population and benchmarks with the first year.
      const batches = years.map((year) =>
        manifest.files.filter((f) => f.year === year && f.odsCode === trust.odsCode),
      );
      batches[0]!.push(
        ...manifest.files.filter(
          (f) => f.year === null && (f.odsCode === trust.odsCode || f.odsCode === null),
        ),
      );
      for (const batch of batches) {
        const outcome = await services.datasets.importFiles(
          actor,
          org,
          batch.map((f) => ({ input: { path: path.join(dir, f.path), fileName: path.basename(f.path) } })),
        );
        if (!outcome.saved) {
          const problems = outcome.results.flatMap((r) =>
            r.issues.kinds
              .filter((k) => k.severity === 'error')
              .map((k) => `${r.file.name}: ${k.title} (${k.examples[0]?.message ?? ''})`),
          );
          throw new Error(`The demo data could not be loaded: ${problems.join('; ')}`);
        }
        files += outcome.versions.length;
        records += outcome.versions.reduce((n, v) => n + v.recordCount, 0);
      }
      if (trust.odsCode === manifest.organisations[0]?.odsCode)
        for (const id of DEMO_LOCAL_METRICS) {
          const example = CULTURE_DASHBOARD_EXAMPLES.find((e) => e.id === id);
          if (!example) throw new Error(`The demo names an unknown example metric ${id}`);
          await services.indicators.saveLocalMetric(actor, org, example);
        }
    }
    return { files, records };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
