/**
 * The Culture Dashboard's storage and caching, with the same cases on SQLite, PGlite and a real PostgreSQL
 * server: target trajectories (saved with their audit event in one transaction, refused whole when wrong),
 * the version stamp that keys the caches, and the figures following a new import.
 */
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/features/audit/audit.js';
import { activeVersionStamps, targetsRepository } from '../../src/features/dashboard/dashboard.repository.js';
import type { KeptDisclosure } from '../../src/features/dashboard/disclosure.js';
import { createServices, type Services } from '../../src/features/services.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { fixedClock } from '../../src/shared/clock.js';
import { isParityError } from '../../src/shared/errors.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples');
const settings = serviceSettings({ loginMaxAttempts: 3, uploadMaxMegabytes: 10 });
const actor = { userId: null, label: 'test' };

describe.each(DIALECTS)('dashboard storage on %s', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  let org: Organisation;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock: fixedClock('2026-05-01T08:00:00.000Z'), settings });
    org = await services.organisations.create(actor, {
      odsCode: 'RDB',
      name: 'Dashboard Trust',
      kind: 'trust',
    });
  });
  afterAll(async () => database?.dispose());

  /** A new trust with the example staff in post and cases loaded. */
  async function trustWithStaffAndCases(odsCode: string, name: string): Promise<Organisation> {
    const trust = await services.organisations.create(actor, { odsCode, name, kind: 'trust' });
    await services.datasets.importFiles(actor, trust, [
      { input: { path: path.join(EXAMPLES, 'workforce.csv') } },
      { input: { path: path.join(EXAMPLES, 'cases.csv') } },
    ]);
    return trust;
  }

  it('saves a straight-line trajectory with its audit event, and replaces it when set again', async () => {
    const rows = await services.dashboard.saveTrajectory(actor, org, {
      characteristic: 'BME',
      band: 'SENIOR',
      fromYear: 2024,
      fromPercent: 10,
      toYear: 2028,
      percent: 20,
    });
    expect(rows.map((r) => [r.year, r.percent])).toEqual([
      [2024, 10],
      [2025, 12.5],
      [2026, 15],
      [2027, 17.5],
      [2028, 20],
    ]);
    expect(await targetsRepository(database.db).list(org.id)).toEqual(
      rows.map((r) => ({ characteristic: 'BME', band: 'SENIOR', year: r.year, percent: r.percent })),
    );
    await services.dashboard.saveTrajectory(actor, org, {
      characteristic: 'BME',
      band: 'SENIOR',
      fromYear: 2024,
      fromPercent: 10,
      toYear: 2026,
      percent: 14,
    });
    expect((await targetsRepository(database.db).list(org.id)).map((t) => t.percent)).toEqual([10, 12, 14]);
    const { events } = await auditRepository(database.db).list({
      organisationIds: [org.id],
      action: 'dashboard.target_save',
      limit: 10,
    });
    expect(events).toHaveLength(2);
    // Newest first: the second save replaced the five targets of the first.
    expect(events[0]!.before).toHaveLength(5);
    expect(events[0]!.after).toHaveLength(3);
  });

  it('refuses a wrong target whole, naming every problem, and saves nothing', async () => {
    const before = await targetsRepository(database.db).list(org.id);
    const error = await services.dashboard
      .saveTrajectory(actor, org, {
        characteristic: 'DISABLED',
        band: 'AFC_6',
        fromYear: 2024,
        fromPercent: null,
        toYear: 2023,
        percent: 140,
      })
      .catch((e: unknown) => e);
    expect(isParityError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as { problems: { field: string }[] }).problems.map((p) => p.field).sort()).toEqual([
      'band',
      'percent',
      'toYear',
    ]);
    expect(await targetsRepository(database.db).list(org.id)).toEqual(before);
  });

  it('keeps one target per characteristic, band and year', async () => {
    const insert = () =>
      database.db
        .insertInto('dashboard_targets')
        .values({
          id: `t-${Math.random()}`,
          organisation_id: org.id,
          characteristic: 'BME',
          band: 'SENIOR',
          year: 2024,
          percent_hundredths: 1000,
          created_at: '2026-05-01T08:00:00.000Z',
          created_by_label: 'test',
        })
        .execute();
    await expect(insert()).rejects.toThrow();
  });

  it('removes a trajectory with an audit event, and says so when there is none', async () => {
    await services.dashboard.removeTrajectory(actor, org, 'BME', 'SENIOR');
    expect(await targetsRepository(database.db).list(org.id)).toEqual([]);
    const error = await services.dashboard
      .removeTrajectory(actor, org, 'BME', 'SENIOR')
      .catch((e: unknown) => e);
    expect(isParityError(error, 'INVALID_INPUT')).toBe(true);
  });

  it('keys its caches by the loaded versions, so an import is seen at once', async () => {
    const empty = await services.dashboard.snapshot(org);
    expect(empty.years).toEqual([]);
    const first = await services.datasets.importFiles(actor, org, [
      { input: { path: path.join(EXAMPLES, 'workforce.csv') } },
      { input: { path: path.join(EXAMPLES, 'recruitment.csv') } },
    ]);
    expect(first.saved).toBe(true);
    const loaded = await services.dashboard.snapshot(org);
    expect(loaded.years).toEqual([2024]);
    expect(loaded.stamp).not.toBe(empty.stamp);
    expect((await activeVersionStamps(database.db, org.id)).map((v) => v.id).sort()).toEqual(
      first.versions.map((v) => v.id).sort(),
    );
    const view = {
      org,
      scope: 'all' as const,
      scopeLabel: null,
      fullCounts: true,
      year: 2024,
      quarter: null,
      years: [2024],
    };
    const before = await services.dashboard.context(view, loaded);
    const headcount = async (c: typeof before) => {
      const r = (await c.annual(2024)).results.indicators.find((i) => i.id === 'WRES1')?.parts[0]?.metric
        .result;
      // A year without its own snapshot has no figures at all (not an empty WRES 1).
      return r === undefined ? 0 : r.type === 'distribution' ? r.overall.total : -1;
    };
    expect(await headcount(before)).toBeGreaterThan(0);
    // Deleting the snapshot is a new set of versions: the next context computes afresh.
    const workforce = first.versions.find((v) => v.dataset === 'workforce')!;
    await services.datasets.deleteVersion(actor, org, workforce.id);
    const after = await services.dashboard.context(view);
    expect(await headcount(after)).toBe(0);
    expect((await after.annual(2024)).results.periodProblem).not.toBeNull();
    expect((await services.dashboard.snapshot(org)).years).toEqual([]);
  });

  it('keeps computed figures for every process: another reads them back, a new import computes afresh and removes the old', async () => {
    const other = await trustWithStaffAndCases('RDF', 'Figures Trust');
    const computed = await services.indicators.compute(other, 2024, 'all');
    const alone = await services.indicators.compute(other, 2024, 'all', { previous: false });
    const rows = () =>
      database.db
        .selectFrom('computed_figures')
        .selectAll()
        .where('organisation_id', '=', other.id)
        .execute();
    const kept = await rows();
    // The year and the year before, each computed once, alone (the comparison is made from the two), under
    // one stamp: asking for the year alone afterwards computed nothing more.
    expect(kept.map((r) => r.year).sort((a, b) => a - b)).toEqual([2023, 2024]);
    expect(new Set(kept.map((r) => r.stamp)).size).toBe(1);
    const body = (r: (typeof kept)[number]) =>
      JSON.parse(gunzipSync(r.body).toString('utf8')) as typeof computed;
    // What is kept reads back as exactly what was computed.
    expect(body(kept.find((r) => r.year === 2024)!)).toEqual(alone);
    // Mark the kept results: a process that reads them back returns the marked ones, not a recomputation.
    for (const r of kept) {
      const marked = { ...body(r), organisation: { code: 'RDF', name: 'Read back' } };
      await database.db
        .updateTable('computed_figures')
        .set({ body: gzipSync(JSON.stringify(marked)) })
        .where('organisation_id', '=', other.id)
        .where('key', '=', r.key)
        .execute();
    }
    const second = createServices({
      db: database.db,
      clock: fixedClock('2026-05-01T09:00:00.000Z'),
      settings,
    });
    const read = await second.indicators.compute(other, 2024, 'all');
    expect(read.organisation?.name).toBe('Read back');
    expect({ ...read, organisation: computed.organisation }).toEqual(computed);
    // A new import is a new stamp: the kept figures are not read, and the older stamp's rows are removed.
    await services.datasets.importFiles(actor, other, [
      { input: { path: path.join(EXAMPLES, 'recruitment.csv') } },
    ]);
    const fresh = await second.indicators.compute(other, 2024, 'all');
    expect(fresh.organisation?.name).toBe('Figures Trust');
    const now = await rows();
    expect(now.map((r) => r.year).sort((a, b) => a - b)).toEqual([2023, 2024]);
    for (const r of now) expect(r.stamp).not.toBe(kept[0]!.stamp);
  });

  it('resolves the disclosure ledger once for every process: another reads it back, a new import resolves it afresh', async () => {
    const other = await trustWithStaffAndCases('RDC', 'Ledger Trust');
    const view = {
      org: other,
      scope: 'all' as const,
      scopeLabel: null,
      fullCounts: false,
      year: 2024,
      quarter: null,
      years: [2024],
    };
    const resolved = await (await services.dashboard.context(view)).disclosure(2024);
    const kept = await database.db
      .selectFrom('disclosure_ledgers')
      .selectAll()
      .where('organisation_id', '=', other.id)
      .execute();
    expect(kept.map((r) => r.year)).toEqual([2024]);
    // Mark one shown count withheld in the kept ledger: a process that reads it back shows it withheld.
    const snapshot = JSON.parse(gunzipSync(kept[0]!.body).toString('utf8')) as KeptDisclosure;
    const i = snapshot.states.findIndex((st, n) => st === 'shown' && snapshot.exact[n]! > 20);
    const key = snapshot.keys[i]!;
    expect(resolved.ledger.get(key)?.withheld).toBe(false);
    snapshot.states[i] = 'complementary';
    await database.db
      .updateTable('disclosure_ledgers')
      .set({ body: gzipSync(JSON.stringify(snapshot)) })
      .where('organisation_id', '=', other.id)
      .execute();
    const second = createServices({
      db: database.db,
      clock: fixedClock('2026-05-01T09:00:00.000Z'),
      settings,
    });
    const read = await (await second.dashboard.context(view)).disclosure(2024);
    expect(read.ledger.get(key)?.withheld).toBe(true);
    expect(read.summary).toEqual(resolved.summary);
    const sample = snapshot.keys.filter((_, n) => n !== i).slice(0, 500);
    for (const k of sample) expect(read.ledger.get(k)).toEqual(resolved.ledger.get(k));
    // A new import is a new stamp: the kept ledger is not read, and the one resolved in its place is kept.
    await services.datasets.importFiles(actor, other, [
      { input: { path: path.join(EXAMPLES, 'recruitment.csv') } },
    ]);
    const fresh = await (await second.dashboard.context(view)).disclosure(2024);
    expect(fresh.ledger.get(key)?.withheld).toBe(false);
    const now = await database.db
      .selectFrom('disclosure_ledgers')
      .select('stamp')
      .where('organisation_id', '=', other.id)
      .execute();
    expect(now).toHaveLength(1);
    expect(now[0]!.stamp).not.toBe(kept[0]!.stamp);
  });
});
