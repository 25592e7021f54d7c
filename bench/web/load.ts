/**
 * Loads the generated region into a database through Parity's own services, as a region would: an ICB,
 * its trusts, each trust's files year by year through the import path (reference data with the first
 * year), and the benchmark's accounts.
 */
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { createServices } from '../../src/features/services.js';
import type { Manifest } from '../../src/generator/manifest.js';
import { systemClock } from '../../src/shared/clock.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

export const REGION_ICB = { odsCode: 'QBW', name: 'Bench Integrated Care Board' };

export async function loadRegion(input: {
  databaseUrl: string;
  manifest: Manifest;
  dir: string;
  pseudonymisationKey: string;
  password: string;
  onProgress: (line: string) => void;
}): Promise<{ files: number; records: number; seconds: number }> {
  const started = performance.now();
  const handle = await openDatabase(input.databaseUrl);
  try {
    await migrateToLatest(handle.db);
    const config = loadConfig({
      env: {},
      overrides: {
        env: 'test',
        sessionSecret: 'bench-web-loader-secret-of-at-least-32-chars',
        pseudonymisationKey: input.pseudonymisationKey,
        databaseUrl: input.databaseUrl,
      },
    });
    const services = createServices({ db: handle.db, clock: systemClock, settings: config });
    const actor = { userId: null, label: 'bench:web' };
    await services.organisations.create(actor, { ...REGION_ICB, kind: 'ics' });
    const years = [...input.manifest.options.years].sort((a, b) => a - b);
    let files = 0;
    let records = 0;
    let first: string | null = null;
    for (const trust of input.manifest.organisations) {
      const org = await services.organisations.create(actor, {
        odsCode: trust.odsCode,
        name: trust.name,
        kind: 'trust',
        parentOdsCode: REGION_ICB.odsCode,
      });
      first ??= org.id;
      const batches = years.map((y) =>
        input.manifest.files.filter((f) => f.year === y && f.odsCode === trust.odsCode),
      );
      batches[0]!.push(
        ...input.manifest.files.filter(
          (f) => f.year === null && (f.odsCode === trust.odsCode || f.odsCode === null),
        ),
      );
      for (const batch of batches) {
        const outcome = await services.datasets.importFiles(
          actor,
          org,
          batch.map((f) => ({
            input: { path: path.join(input.dir, f.path), fileName: path.basename(f.path) },
          })),
        );
        if (!outcome.saved) throw new Error(`${trust.odsCode}: the generated files did not load`);
        files += outcome.versions.length;
        records += outcome.versions.reduce((n, v) => n + v.recordCount, 0);
      }
      input.onProgress(
        `Loaded ${trust.odsCode} (${files} files, ${records.toLocaleString('en-GB')} records so far)`,
      );
    }
    const board = await services.users.createUser(actor, {
      username: 'bench-board',
      displayName: 'Bench board member',
      password: input.password,
    });
    await services.users.grantRole(actor, {
      userId: board.id,
      organisationId: first!,
      unitPath: null,
      role: 'viewer',
    });
    return { files, records, seconds: (performance.now() - started) / 1000 };
  } finally {
    await handle.close();
  }
}
