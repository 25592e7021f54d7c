/**
 * Generator -> import -> counts round trip: a generated region is loaded through the real import path and
 * every file comes back with the rows the generator wrote, no errors, and the people it counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentRecords } from '../../src/features/datasets/current.js';
import { datasetsRepository } from '../../src/features/datasets/datasets.repository.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { createServices, type Services } from '../../src/features/services.js';
import { generate } from '../../src/generator/generate.js';
import { GENERATED_DATASETS, type Manifest } from '../../src/generator/manifest.js';
import { systemClock } from '../../src/shared/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const settings = serviceSettings({ uploadMaxMegabytes: 50 });
const actor = { userId: null, label: 'round-trip' };

describe('generated trusts load back exactly', () => {
  let database: TestDatabase;
  let services: Services;
  let manifest: Manifest;
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-roundtrip-'));

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    services = createServices({ db: database.db, clock: systemClock, settings });
    ({ manifest } = await generate({
      out: dir,
      seed: 7,
      trusts: 3,
      staff: 400,
      national: false,
      years: [2023, 2024],
      format: 'xlsx',
      datasets: GENERATED_DATASETS,
    }));
    for (const o of manifest.organisations) {
      if (!(await organisationsRepository(database.db).findByOds(o.icb.odsCode)))
        await services.organisations.create(actor, { odsCode: o.icb.odsCode, name: o.icb.name, kind: 'ics' });
      await services.organisations.create(actor, {
        odsCode: o.odsCode,
        name: o.name,
        kind: 'trust',
        parentOdsCode: o.icb.odsCode,
      });
    }
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads every file with no errors and the manifest’s counts', async () => {
    for (const o of manifest.organisations) {
      const org = (await organisationsRepository(database.db).findByOds(o.odsCode))!;
      for (const year of [2023, 2024, null]) {
        const files = manifest.files.filter((f) => f.odsCode === o.odsCode && f.year === year);
        if (files.length === 0) continue;
        const outcome = await services.datasets.importFiles(
          actor,
          org,
          files.map((f) => ({ input: { path: path.join(dir, f.path) } })),
        );
        expect(
          outcome.results.flatMap((r) =>
            r.issues.kinds.filter((k) => k.severity === 'error').map((k) => `${r.file.name}: ${k.title}`),
          ),
        ).toEqual([]);
        expect(outcome.saved).toBe(true);
        outcome.results.forEach((r, i) => {
          const f = files[i]!;
          expect(r.dataset, f.path).toBe(f.dataset);
          expect(r.rowCount, f.path).toBe(f.rows);
          expect(r.recordCount, f.path).toBe(f.dataset === 'workforce' ? f.people : f.rows);
          if (f.snapshotDate) expect(r.asAtDate, f.path).toBe(f.snapshotDate);
        });
      }
    }
  }, 180_000);

  it('keeps the generator’s bank-only people and the two snapshots apart', async () => {
    const o = manifest.organisations[0]!;
    const org = (await organisationsRepository(database.db).findByOds(o.odsCode))!;
    const workforce = await currentRecords<{ snapshotDate: string; bankOnly: boolean }>(
      datasetsRepository(database.db),
      org.id,
      'workforce',
    );
    for (const year of [2023, 2024]) {
      const file = manifest.files.find(
        (f) => f.odsCode === o.odsCode && f.year === year && f.dataset === 'workforce',
      )!;
      const snapshot = workforce.filter((r) => r.snapshotDate === `${year}-03-31`);
      expect(snapshot.length).toBe(file.people);
      expect(snapshot.filter((r) => r.bankOnly).length).toBe(file.bankOnlyPeople);
    }
  });

  it('computes every indicator from the loaded data without a missing-data reason for WRES 1 to 4', async () => {
    const org = (await organisationsRepository(database.db).findByOds(manifest.organisations[0]!.odsCode))!;
    const results = await services.indicators.compute(org, 2024, 'all');
    for (const id of ['WRES2', 'WRES3', 'WRES4']) {
      const result = results.indicators.find((i) => i.id === id)!.parts[0]!.metric.result;
      expect(result.type).toBe('relativeLikelihood');
      if (result.type === 'relativeLikelihood') expect(result.relativeLikelihood.value, id).not.toBeNull();
    }
  });
});
