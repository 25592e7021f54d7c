/**
 * Child: Parity from its own database to every figure.
 *
 * - `build <db>`: stores the national set's canonical records in a Parity SQLite database as an import
 *   stores them (an organisation per trust; a version per dataset and snapshot date, its records in Arrow
 *   chunks through the datasets repository). Not timed; made once and kept beside the canonical cache.
 * - `read <db> <part/parts> [figures]`: this child's share of the trusts; for each, the current records of
 *   every engine dataset are read through the indicators service (as `parity compute` and the dashboard
 *   read them, nothing cached), then `computeIndicators` runs for 2024 with a care group breakdown, as in
 *   the compute-only comparison. Timed from opening the database to the last trust's figures.
 */
import { rmSync } from 'node:fs';
import { computeIndicators, type Datasets } from '../../src/engine/index.js';
import { loadConfig } from '../../src/config/config.js';
import { datasetsRepository } from '../../src/features/datasets/datasets.repository.js';
import { encodeRecordChunks } from '../../src/features/datasets/record-chunks.js';
import { createServices } from '../../src/features/services.js';
import type { DatasetId } from '../../src/ingest/schemas/index.js';
import { systemClock } from '../../src/shared/clock.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { canonicalIndex, readTrust } from '../support/canonical.js';
import { report } from '../support/measure.js';
import { parityFigures, writeFigures, type Figures } from './figures.js';
import { shareOf } from './shares.js';

const [mode, dbFile, share, figuresFile] = process.argv.slice(2) as [
  'build' | 'read',
  string,
  string | undefined,
  string | undefined,
];

/** The canonical datasets and the loader's ids they are stored under; snapshots by date, like files. */
const STORED: readonly (readonly [keyof Datasets, DatasetId, string | null])[] = [
  ['workforce', 'workforce', 'snapshotDate'],
  ['recruitment', 'recruitment', null],
  ['cases', 'cases', null],
  ['learning', 'learning', null],
  ['pay', 'pay', 'snapshotDate'],
  ['board', 'board', 'snapshotDate'],
  ['surveyAggregates', 'survey_aggregate', null],
];

const databaseUrl = `sqlite:${dbFile}`;
const config = loadConfig({
  env: {},
  overrides: {
    env: 'test',
    sessionSecret: 'bench-engine-storage-secret-of-32-characters',
    pseudonymisationKey: 'bench-engine-storage-key-of-32-characters!',
    databaseUrl,
  },
});

if (mode === 'build') {
  rmSync(dbFile, { force: true });
  const handle = await openDatabase(databaseUrl);
  await migrateToLatest(handle.db);
  const services = createServices({ db: handle.db, clock: systemClock, settings: config });
  const actor = { userId: null, label: 'bench:engine' };
  const started = performance.now();
  let records = 0;
  for (const trust of canonicalIndex().trusts) {
    const org = await services.organisations.create(actor, {
      odsCode: trust.odsCode,
      name: trust.name,
      kind: 'trust',
    });
    const datasets = readTrust(trust.odsCode);
    await handle.db.transaction().execute(async (tx) => {
      const repo = datasetsRepository(tx);
      for (const [name, dataset, snapshotKey] of STORED) {
        const all = (datasets[name] ?? []) as unknown as Record<string, unknown>[];
        const groups = new Map<string | null, Record<string, unknown>[]>();
        for (const r of all) {
          const key = snapshotKey ? String(r[snapshotKey]) : null;
          const list = groups.get(key) ?? [];
          list.push(r);
          groups.set(key, list);
        }
        for (const [asAt, list] of groups) {
          const id = `${trust.odsCode}-${dataset}-${asAt ?? 'all'}`;
          await repo.insertVersion({
            id,
            organisationId: org.id,
            dataset,
            status: 'active',
            fileName: `${id}.csv`,
            fileSha256: '0'.repeat(64),
            fileSize: 0,
            fileKind: 'csv',
            sheet: null,
            mapping: { preset: null, columns: [] },
            asAtDate: asAt,
            periodStart: null,
            periodEnd: null,
            surveyYear: null,
            rowCount: list.length,
            recordCount: list.length,
            errorCount: 0,
            warningCount: 0,
            issues: { errors: 0, warnings: 0, kinds: [] },
            quality: null,
            createdAt: new Date().toISOString(),
            createdByUserId: null,
            createdByLabel: 'bench',
            deletedAt: null,
            deletedByLabel: null,
          });
          await repo.insertRecordChunks(id, encodeRecordChunks(list));
          records += list.length;
        }
      }
    });
  }
  await handle.close();
  report({ seconds: (performance.now() - started) / 1000, records });
} else {
  const started = performance.now();
  const [part, parts] = share!.split('/').map(Number) as [number, number];
  const handle = await openDatabase(databaseUrl);
  const services = createServices({ db: handle.db, clock: systemClock, settings: config });
  const figures: Figures = new Map();
  let readSeconds = 0;
  let computeSeconds = 0;
  let records = 0;
  const trusts = shareOf(canonicalIndex().trusts, part, parts);
  for (const trust of trusts) {
    const org = (await services.organisations.findByOds(trust.odsCode))!;
    const t0 = performance.now();
    const datasets = await services.indicators.datasets(org, 'all');
    const t1 = performance.now();
    const results = computeIndicators({ year: 2024, datasets, breakdown: ['careGroup'] });
    const t2 = performance.now();
    readSeconds += (t1 - t0) / 1000;
    computeSeconds += (t2 - t1) / 1000;
    for (const list of Object.values(datasets)) records += (list as unknown[]).length;
    if (figuresFile) parityFigures(trust.odsCode, results, figures);
  }
  const seconds = (performance.now() - started) / 1000;
  await handle.close();
  if (figuresFile) writeFigures(figuresFile, figures);
  report({ seconds, readSeconds, computeSeconds, trusts: trusts.length, records });
}
