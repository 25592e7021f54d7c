/**
 * Loaded records stored in columns (Arrow IPC), on SQLite, PGlite and PostgreSQL: what an import stores
 * reads back as the loader made it; the current records of overlapping versions are resolved once per set
 * of versions and stored, and go when a version is deleted; a database whose records were stored as
 * gzipped JSON (before migration 0014) is upgraded, still read, and rewritten as columns by
 * `convertStoredRecords`, whole version by whole version.
 */
import { gzipSync } from 'node:zlib';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentRecords } from '../../src/features/datasets/current.js';
import { datasetsRepository, type DatasetVersion } from '../../src/features/datasets/datasets.repository.js';
import { CHUNK_SIZE } from '../../src/features/datasets/record-chunks.js';
import { createDemo, DEMO_TRUST } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { createServices, type Services } from '../../src/features/services.js';
import type { RecruitmentRecord } from '../../src/engine/records.js';
import { loadFile } from '../../src/ingest/load.js';
import { createPseudonymiser } from '../../src/ingest/pseudonymise.js';
import { fixedClock } from '../../src/shared/clock.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { DIALECTS, countRows, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const settings = serviceSettings({ uploadMaxMegabytes: 5 });
const actor = { userId: null, label: 'test' };
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');

const WORKFORCE = csv(
  'snapshot_date,staff_number,org_path,staff_group,pay_band,contract,ethnicity,disability,sex,fte',
  ...Array.from(
    { length: 7_321 },
    (_, i) =>
      `2024-03-31,${300_000 + i},Medicine > Emergency ${i % 7},Nursing and Midwifery Registered,Band ${5 + (i % 3)},Permanent,${'ABHNZ'[i % 5]},${i % 4 === 0 ? 'Yes' : 'No'},${i % 2 ? 'Female' : 'Male'},${i % 10 === 0 ? '' : (0.5 + (i % 5) / 10).toFixed(1)}`,
  ),
);
const recruitment = (name: string, ...rows: string[]) => ({
  input: {
    buffer: csv('application_id,ethnicity,disability,shortlisted,appointed,application_date', ...rows),
    fileName: name,
  },
  dataset: 'recruitment' as const,
});

describe.each(DIALECTS)('records stored in columns on %s', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  let trust: Organisation;
  const clock = fixedClock('2026-05-01T08:00:00.000Z');

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock, settings });
    await createDemo(services, { withData: false });
    trust = (await organisationsRepository(database.db).findByOds(DEMO_TRUST.odsCode))!;
  });
  afterAll(async () => database?.dispose());

  it('stores an import as Arrow chunks that read back as the loader made the records', async () => {
    const outcome = await services.datasets.importFiles(actor, trust, [
      { input: { buffer: WORKFORCE, fileName: 'staff.csv' }, dataset: 'workforce' },
    ]);
    expect(outcome.saved).toBe(true);
    const id = outcome.versions[0]!.id;
    const chunks = await database.db
      .selectFrom('dataset_record_chunks')
      .select(['format', 'record_count'])
      .where('version_id', '=', id)
      .orderBy('chunk_no')
      .execute();
    expect(chunks).toEqual([
      { format: 'arrow', record_count: CHUNK_SIZE },
      { format: 'arrow', record_count: 7_321 - CHUNK_SIZE },
    ]);
    const loaded = await loadFile(
      { buffer: WORKFORCE, fileName: 'staff.csv' },
      { dataset: 'workforce', pseudonymise: createPseudonymiser(settings.pseudonymisationKey) },
    );
    expect(await datasetsRepository(database.db).readRecords(id)).toStrictEqual(
      JSON.parse(JSON.stringify(loaded.records)),
    );
  });

  it('resolves overlapping versions once, keeps the result, and drops it with a deleted version', async () => {
    const repo = datasetsRepository(database.db);
    await services.datasets.importFiles(actor, trust, [
      recruitment('fy2023.csv', 'X1,A,No,Yes,No,2023-04-10', 'X2,N,No,Yes,Yes,2024-03-20'),
    ]);
    clock.advance(60_000);
    // Years loaded separately add up: nothing to resolve, nothing stored.
    await services.datasets.importFiles(actor, trust, [
      recruitment('fy2024.csv', 'Z1,A,No,Yes,No,2024-04-10'),
    ]);
    const ids = async (): Promise<string[]> =>
      (await currentRecords<RecruitmentRecord>(repo, trust.id, 'recruitment'))
        .map((r) => r.applicationId)
        .sort();
    expect(await ids()).toEqual(['X1', 'X2', 'Z1']);
    expect(await countRows(database.db, 'dataset_current_records')).toBe(0);

    clock.advance(60_000);
    // A re-exported last quarter overlaps the first year: X2 is replaced.
    const q4 = await services.datasets.importFiles(actor, trust, [
      recruitment('q4.csv', 'Y1,A,No,Yes,Yes,2024-01-05', 'Y2,N,No,No,No,2024-03-31'),
    ]);
    expect(await ids()).toEqual(['X1', 'Y1', 'Y2', 'Z1']);
    const versions = (await repo.listVersions(trust.id, { dataset: 'recruitment' })).map((v) => v.id);
    const stored = await database.db.selectFrom('dataset_current_records').selectAll().execute();
    expect(stored.map((s) => [s.dataset, s.versions, s.record_count])).toEqual([
      ['recruitment', versions.join(','), 4],
    ]);
    // Read again: the stored result, the same records.
    const again = await repo.readResolved<RecruitmentRecord>(trust.id, 'recruitment', versions.join(','));
    expect(again!.map((r) => r.applicationId).sort()).toEqual(['X1', 'Y1', 'Y2', 'Z1']);
    expect(await ids()).toEqual(['X1', 'Y1', 'Y2', 'Z1']);

    // Rolling back the re-export brings X2 back and keeps none of the deleted version's records.
    await services.datasets.deleteVersion(actor, trust, q4.versions[0]!.id);
    expect(await countRows(database.db, 'dataset_current_records')).toBe(0);
    expect(await ids()).toEqual(['X1', 'X2', 'Z1']);
  });

  it('does not keep a resolution that names a version deleted meanwhile', async () => {
    const repo = datasetsRepository(database.db);
    const [newest] = await repo.listVersions(trust.id, { dataset: 'recruitment' });
    await services.datasets.deleteVersion(actor, trust, newest!.id);
    await repo.saveResolved(trust.id, 'recruitment', [newest!.id], [{ applicationId: 'GONE' }]);
    expect(await countRows(database.db, 'dataset_current_records')).toBe(0);
  });
});

describe.each(DIALECTS)('records stored as gzipped JSON before migration 0014, on %s', (dialect) => {
  let database: TestDatabase;
  afterAll(async () => database?.dispose());

  it('are read after the upgrade and rewritten as columns, each version whole', async () => {
    database = await openTestDatabase(dialect, { migrate: false });
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    });
    expect((await migrator.migrateTo('0012_action_milestones')).error).toBeUndefined();

    // What Parity wrote before: gzipped JSON arrays of 5,000 records, no format column.
    const org: Organisation = {
      id: 'org-legacy',
      odsCode: 'RLG',
      name: 'Legacy Trust',
      kind: 'trust',
      parentId: null,
      createdAt: '2024-01-01T00:00:00.000Z',
    };
    await organisationsRepository(database.db).insert(org);
    const records = Array.from({ length: 6_001 }, (_, i) => ({
      personId: `p${i}`,
      snapshotDate: '2024-03-31',
      unitPath: ['Surgery', `Ward ${i % 9}`],
      grade: i % 3 ? 'BAND_5' : null,
      fte: i % 4 ? 1 : 0.6,
      bankOnly: i % 11 === 0,
    }));
    const version: DatasetVersion = {
      id: 'v-legacy',
      organisationId: org.id,
      dataset: 'workforce',
      status: 'active',
      fileName: 'old.csv',
      fileSha256: '0'.repeat(64),
      fileSize: 1,
      fileKind: 'csv',
      sheet: null,
      mapping: { preset: null, columns: [] },
      asAtDate: '2024-03-31',
      periodStart: null,
      periodEnd: null,
      surveyYear: null,
      rowCount: records.length,
      recordCount: records.length,
      errorCount: 0,
      warningCount: 0,
      issues: { errors: 0, warnings: 0, kinds: [] },
      quality: null,
      createdAt: '2024-04-01T00:00:00.000Z',
      createdByUserId: null,
      createdByLabel: 'old',
      deletedAt: null,
      deletedByLabel: null,
    };
    await datasetsRepository(database.db).insertVersion(version);
    for (let i = 0, chunk = 0; i < records.length; i += 5_000, chunk++)
      await database.db
        .insertInto('dataset_record_chunks')
        .values({
          version_id: version.id,
          chunk_no: chunk,
          record_count: records.slice(i, i + 5_000).length,
          payload: gzipSync(JSON.stringify(records.slice(i, i + 5_000))),
        })
        .execute();

    await migrateToLatest(database.db);
    const repo = datasetsRepository(database.db);
    expect(await currentRecords(repo, org.id, 'workforce')).toStrictEqual(records);
    const formats = async () =>
      (
        await database.db
          .selectFrom('dataset_record_chunks')
          .select('format')
          .where('version_id', '=', version.id)
          .orderBy('chunk_no')
          .execute()
      ).map((c) => c.format);
    expect(await formats()).toEqual([null, null]);

    expect(await repo.convertStoredRecords()).toBe(1);
    expect(await formats()).toEqual(['arrow', 'arrow']);
    expect(await repo.readRecords(version.id)).toStrictEqual(records);
    expect(await repo.convertStoredRecords()).toBe(0);
  });
});
