/**
 * Loading data through the service, on SQLite, PGlite and PostgreSQL: versions, records, units, mappings,
 * audit, the rules that decide which records are current, deletion, and all-or-nothing saving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/features/audit/audit.js';
import { currentRecords } from '../../src/features/datasets/current.js';
import { datasetsRepository } from '../../src/features/datasets/datasets.repository.js';
import { createDemo, DEMO_TRUST } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { createServices, type Services } from '../../src/features/services.js';
import type { RecruitmentRecord, WorkforceRecord } from '../../src/engine/records.js';
import { fixedClock } from '../../src/shared/clock.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';
import { TEST_DEMO } from '../support/app.js';

const settings = serviceSettings({ uploadMaxMegabytes: 5 });
const actor = { userId: null, label: 'test' };

const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
const WORKFORCE_HEADER = 'staff_number,org_path,staff_group,pay_band,contract,ethnicity,disability,sex';
const workforce = (asAt: string, ...people: string[]) => ({
  input: {
    buffer: csv(`snapshot_date,${WORKFORCE_HEADER}`, ...people.map((p) => `${asAt},${p}`)),
    fileName: `staff-${asAt}.csv`,
  },
});
const recruitment = (name: string, ...rows: string[]) => ({
  input: {
    buffer: csv('application_id,ethnicity,disability,shortlisted,appointed,application_date', ...rows),
    fileName: name,
  },
});

describe.each(DIALECTS)('loading data on %s', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  let trust: Organisation;
  const clock = fixedClock('2026-05-01T08:00:00.000Z');

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock, settings });
    await createDemo(services, { withData: false, ...TEST_DEMO });
    trust = (await organisationsRepository(database.db).findByOds(DEMO_TRUST.odsCode))!;
  });
  afterAll(async () => database?.dispose());

  it('saves a clean file as a version with its records, units, mapping and audit event', async () => {
    const outcome = await services.datasets.importFiles(actor, trust, [
      workforce(
        '2024-03-31',
        '1001,Medicine and Emergency Care > Emergency Medicine > Emergency Department,Nursing and Midwifery Registered,Band 5,Permanent,A,No,Female',
        '1002,New Care Group > New Directorate,Medical and Dental,Medical and Dental,Permanent,N,Yes,Male',
        '1003,Surgery and Anaesthetics,Administrative and Clerical,Band 3,Bank,Z,Not Declared,Female',
      ),
    ]);
    expect(outcome.saved).toBe(true);
    const [version] = outcome.versions;
    expect(version).toMatchObject({
      dataset: 'workforce',
      asAtDate: '2024-03-31',
      recordCount: 3,
      rowCount: 3,
      status: 'active',
    });
    const records = await datasetsRepository(database.db).readRecords<WorkforceRecord>(version!.id);
    expect(records.map((r) => r.ethnicity)).toEqual(['A', 'N', 'Z']);
    expect(records[2]).toMatchObject({ bankOnly: true, grade: 'AFC_3' });
    // Staff numbers are stored nowhere: only pseudonyms.
    expect(JSON.stringify(records)).not.toMatch(/100[123]/);
    const units = await organisationsRepository(database.db).unitsOf(trust.id);
    expect(units.map((u) => u.path)).toContain('New Care Group > New Directorate');
    expect(await datasetsRepository(database.db).getMapping(trust.id, 'workforce')).toMatchObject({
      staff_number: 'staff_number',
      org_path: 'org_path',
    });
    const { events } = await auditRepository(database.db).list({
      organisationIds: [trust.id],
      action: 'dataset.import',
      limit: 5,
    });
    expect(events[0]?.summary).toBe(
      'Loaded 3 workforce snapshot (staff in post) record(s) from staff-2024-03-31.csv (as at 2024-03-31)',
    );
  });

  it('saves nothing when any file of a batch has an error', async () => {
    const before = (await services.datasets.versions(trust)).length;
    const outcome = await services.datasets.importFiles(actor, trust, [
      recruitment('good.csv', 'A1,A,No,Yes,Yes,2023-05-01'),
      recruitment('bad.csv', 'B1,A,No,Yes,Perhaps,2023-05-01', 'B2,A,No,Yes,No,not a date'),
    ]);
    expect(outcome.saved).toBe(false);
    expect(outcome.results[0]?.ok).toBe(true);
    expect(outcome.results[1]?.issues.errors).toBe(2);
    expect((await services.datasets.versions(trust)).length).toBe(before);
  });

  it('keeps the newest load current for each snapshot date, and every date separately', async () => {
    await services.datasets.importFiles(actor, trust, [
      workforce(
        '2023-03-31',
        '1001,Medicine and Emergency Care,Nursing and Midwifery Registered,Band 5,Permanent,A,No,Female',
      ),
    ]);
    clock.advance(60_000);
    await services.datasets.importFiles(actor, trust, [
      workforce(
        '2023-03-31',
        '1001,Medicine and Emergency Care,Nursing and Midwifery Registered,Band 5,Permanent,A,No,Female',
        '1004,Medicine and Emergency Care,Nursing and Midwifery Registered,Band 6,Permanent,H,No,Male',
      ),
    ]);
    const current = await currentRecords<WorkforceRecord>(
      datasetsRepository(database.db),
      trust.id,
      'workforce',
    );
    const byDate = (d: string) => current.filter((r) => r.snapshotDate === d).length;
    expect(byDate('2023-03-31')).toBe(2);
    expect(byDate('2024-03-31')).toBe(3);
  });

  it('lets a newer load replace older records only in the dates it covers', async () => {
    await services.datasets.importFiles(actor, trust, [
      recruitment('fy2023.csv', 'X1,A,No,Yes,No,2023-04-10', 'X2,N,No,Yes,Yes,2024-03-20'),
    ]);
    clock.advance(60_000);
    // Re-exported last quarter: replaces X2 (in its dates), leaves X1 alone.
    await services.datasets.importFiles(actor, trust, [
      recruitment('q4.csv', 'Y1,A,No,Yes,Yes,2024-01-05', 'Y2,N,No,No,No,2024-03-31'),
    ]);
    const current = await currentRecords<RecruitmentRecord>(
      datasetsRepository(database.db),
      trust.id,
      'recruitment',
    );
    expect(current.map((r) => r.applicationId).sort()).toEqual(['X1', 'Y1', 'Y2']);
  });

  it('warns about records for people not in any workforce snapshot', async () => {
    const outcome = await services.datasets.importFiles(actor, trust, [
      {
        input: {
          buffer: csv(
            'case_id,staff_number,case_type,formal,start_date',
            'C1,1001,Disciplinary,Formal,2023-09-01',
            'C2,9999,Grievance,Informal,2023-10-01',
          ),
          fileName: 'cases.csv',
        },
      },
    ]);
    expect(outcome.saved).toBe(true);
    const kinds = outcome.results[0]!.issues.kinds;
    expect(kinds.map((k) => [k.kind, k.count])).toEqual([['PERSON_NOT_IN_WORKFORCE', 1]]);
    expect(kinds[0]!.examples[0]).toMatchObject({ row: 3, value: '(hidden)' });
  });

  it('deletes a version’s records with an audit event, keeping the version listed', async () => {
    const [latest] = await services.datasets.versions(trust, false);
    await services.datasets.deleteVersion({ userId: null, label: 'deleter' }, trust, latest!.id);
    const after = await services.datasets.version(trust, latest!.id);
    expect(after).toMatchObject({ status: 'deleted', deletedByLabel: 'deleter' });
    expect(await datasetsRepository(database.db).readRecords(latest!.id)).toEqual([]);
    await expect(services.datasets.deleteVersion(actor, trust, latest!.id)).rejects.toThrow(/does not exist/);
    const { events } = await auditRepository(database.db).list({
      organisationIds: [trust.id],
      action: 'dataset.delete',
      limit: 1,
    });
    expect(events[0]).toMatchObject({
      actorLabel: 'deleter',
      before: expect.objectContaining({ file: latest!.fileName }) as unknown,
    });
  });

  it('stores thousands of records in compressed chunks and reads them back in order', async () => {
    const people = Array.from(
      { length: 12_345 },
      (_, i) =>
        `${200_000 + i},Corporate Services,Administrative and Clerical,Band 4,Permanent,${'ABHNZ'[i % 5]},No,Female`,
    );
    const outcome = await services.datasets.importFiles(actor, trust, [workforce('2022-03-31', ...people)]);
    expect(outcome.saved).toBe(true);
    const records = await datasetsRepository(database.db).readRecords<WorkforceRecord>(
      outcome.versions[0]!.id,
    );
    expect(records).toHaveLength(12_345);
    expect(records.map((r) => r.ethnicity).slice(0, 6)).toEqual(['A', 'B', 'H', 'N', 'Z', 'A']);
    const chunks = await database.db
      .selectFrom('dataset_record_chunks')
      .select(['chunk_no', 'record_count'])
      .where('version_id', '=', outcome.versions[0]!.id)
      .orderBy('chunk_no')
      .execute();
    expect(chunks.map((c) => c.record_count)).toEqual([5000, 5000, 2345]);
  });
});
