/**
 * What an import leaves ready for the first view, on the demo: the Data page's confirmation ends with the
 * overview's figures computed and kept, so the dashboard's first view after it decodes no record and
 * computes nothing, and shows the new file's figures; and an import makes only its own new version be
 * decoded again (the other datasets' records, and the dataset's older versions, are kept as read).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeIndicators, SharedEvaluation } from '../../src/engine/index.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { createServices, type Services } from '../../src/features/services.js';
import { createApp } from '../../src/server/app.js';
import { fixedClock } from '../../src/shared/clock.js';
import { Agent, preparedDemo, TEST_NOW } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { readObserver } from '../support/reads.js';
import { testConfig } from '../support/settings.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples');
/** The example staff in post: 50 people at 31 March 2024, the demo's newest reporting year. */
const STAFF = readFileSync(path.join(EXAMPLES, 'workforce.csv'));
const OVERVIEW = '/o/DHF/dashboard';
const RECORDS = 'dataset_record_chunks';

describe('what an import leaves ready for the first view', () => {
  let database: TestDatabase;
  let services: Services;
  let app: Awaited<ReturnType<typeof createApp>>;
  const reads = readObserver();
  const analyst = () => new Agent(app);

  beforeAll(async () => {
    database = await openTestDatabase('sqlite', { copyOf: await preparedDemo() });
    // No page is kept, so each view below is rendered (the kept pages have their own tests).
    const config = testConfig(database.url, { pageCachePages: 0 });
    services = createServices({
      db: database.db.withPlugin(reads.plugin),
      clock: fixedClock(TEST_NOW),
      settings: config,
    });
    app = await createApp({ config, services, oidc: null, preparer: null });
    await app.ready();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const count = (tables: readonly string[], table: string) => tables.filter((t) => t === table).length;

  it("computes each year the same whether alone or sharing the work with the next year's", async () => {
    const org = (await services.organisations.findByOds('DHF'))!;
    const careGroup = (await services.organisations.unitsOf(org.id)).find((u) => u.level === 'care_group')!;
    for (const scope of ['all', [careGroup.path]] as const) {
      const datasets = await services.indicators.datasets(org, scope);
      const alone = (year: number) => computeIndicators({ year, datasets, breakdown: ['careGroup'] });
      const forward = new SharedEvaluation(datasets);
      const backward = new SharedEvaluation(datasets);
      const years = [2022, 2023, 2024];
      const together = new Map(
        years.map((y) => [
          y,
          computeIndicators({ year: y, datasets, breakdown: ['careGroup'], shared: forward }),
        ]),
      );
      for (const y of [...years].reverse()) {
        const expected = alone(y);
        expect(expected.indicators.length).toBeGreaterThan(15);
        expect(together.get(y)).toEqual(expected);
        expect(computeIndicators({ year: y, datasets, breakdown: ['careGroup'], shared: backward })).toEqual(
          expected,
        );
      }
    }
  });

  it('computes several years together as it computes them one by one, each compared with its year before', async () => {
    const fresh = () =>
      createServices({ db: database.db, clock: fixedClock(TEST_NOW), settings: testConfig(database.url) });
    const org = (await services.organisations.findByOds('DHF'))!;
    await database.db.deleteFrom('computed_figures').execute();
    const together = await fresh().indicators.computeYears(org, [2024, 2023], 'all');
    await database.db.deleteFrom('computed_figures').execute();
    const oneByOne = fresh();
    const expected = [
      await oneByOne.indicators.compute(org, 2024, 'all'),
      await oneByOne.indicators.compute(org, 2023, 'all'),
    ];
    // Both years are compared: 2023 with 2022, which is computed only for that.
    expect(expected[1]!.indicators.some((i) => (i.change?.length ?? 0) > 0)).toBe(true);
    expect(together).toEqual(expected);
  });

  it('decodes only the new version after an import: the other datasets and older versions are kept', async () => {
    // A service that has read nothing yet; the prepared demo keeps its figures: without them, they are
    // computed from the records.
    const services = createServices({
      db: database.db.withPlugin(reads.plugin),
      clock: fixedClock(TEST_NOW),
      settings: testConfig(database.url),
    });
    const org = (await services.organisations.findByOds('DHF'))!;
    await database.db.deleteFrom('computed_figures').execute();
    const first = await reads.during(() => services.indicators.compute(org, 2024, 'all'));
    // The demo's current versions of every dataset, each decoded once (or read once resolved).
    expect(count(first.tables, RECORDS)).toBeGreaterThan(5);
    const again = await reads.during(() => services.indicators.compute(org, 2024, 'all'));
    expect(count(again.tables, RECORDS)).toBe(0);

    const outcome = await services.datasets.importFiles({ userId: null, label: 'test' }, org, [
      { input: { path: path.join(EXAMPLES, 'workforce.csv'), fileName: 'workforce.csv' } },
    ]);
    expect(outcome.saved).toBe(true);
    const after = await reads.during(() => services.indicators.compute(org, 2024, 'all'));
    expect(count(after.tables, RECORDS)).toBe(1);
    expect(count(after.tables, 'dataset_current_records')).toBe(0);
    const wres1 = after.value.indicators.find((i) => i.id === 'WRES1')!;
    expect(wres1.parts[0]!.metric.result).toBeDefined();
    // The figures are those of the new file: computed afresh by a service that kept nothing, they agree.
    const fresh = createServices({
      db: database.db,
      clock: fixedClock(TEST_NOW),
      settings: testConfig(database.url),
    });
    await database.db.deleteFrom('computed_figures').execute();
    expect(await fresh.indicators.compute(org, 2024, 'all')).toEqual(after.value);
  });

  it("ends the Data page's confirmation with the overview's figures kept: its first view decodes and computes nothing", async () => {
    const agent = analyst();
    await agent.signIn('analyst', DEMO_PASSWORD);
    await agent.get('/o/DHF/data');
    const upload = await agent.upload('/o/DHF/data/upload', { dataset: '', asAt: '' }, [
      { field: 'files', name: 'workforce.csv', content: STAFF, type: 'text/csv' },
    ]);
    expect(upload.statusCode).toBe(303);
    const preview = upload.headers.location as string;
    await agent.get(preview);
    const org = (await services.organisations.findByOds('DHF'))!;
    // The staff in post's current versions: the newest of each snapshot date.
    const snapshots = new Set(
      (await services.datasets.versions(org))
        .filter((v) => v.dataset === 'workforce' && v.status === 'active')
        .map((v) => v.asAtDate),
    );
    const confirmed = await reads.during(() => agent.post(`${preview}/confirm`));
    expect(confirmed.value.statusCode).toBe(303);
    expect(confirmed.value.headers.location).toBe('/o/DHF/data');
    // The confirmation reads who is in post (the check links people to every snapshot), saves the file, and
    // computes the overview's figures, which decodes the one new version: the rest is kept as read.
    expect(count(confirmed.tables, RECORDS)).toBe(snapshots.size + 1);

    const view = await reads.during(() => agent.get(OVERVIEW));
    expect(view.value.statusCode).toBe(200);
    expect(count(view.tables, RECORDS)).toBe(0);
    expect(count(view.tables, 'dataset_current_records')).toBe(0);
    // Nor read back from the database: this process computed them.
    expect(count(view.tables, 'computed_figures')).toBe(0);
    // The figures the view shows are those of the new file: its 47 staff in AfC bands and VSM (of 50
    // records), not the demo's thousands.
    const results = await services.indicators.compute(org, 2024, 'all');
    const wres1 = results.indicators.find((i) => i.id === 'WRES1')!.parts[0]!.metric.result;
    expect(wres1.type === 'distribution' && wres1.overall.total).toBe(47);
  });

  it('still loads the file when its figures cannot be computed: the dashboard computes them on view', async () => {
    const agent = analyst();
    await agent.signIn('analyst', DEMO_PASSWORD);
    await agent.get('/o/DHF/data');
    const upload = await agent.upload('/o/DHF/data/upload', { dataset: '', asAt: '' }, [
      { field: 'files', name: 'workforce.csv', content: STAFF, type: 'text/csv' },
    ]);
    const preview = upload.headers.location as string;
    await agent.get(preview);
    const ready = services.dashboard.ready;
    services.dashboard.ready = () => Promise.reject(new Error('the engine failed'));
    try {
      const confirmed = await agent.post(`${preview}/confirm`);
      expect(confirmed.statusCode).toBe(303);
      expect(confirmed.headers.location).toBe('/o/DHF/data');
    } finally {
      services.dashboard.ready = ready;
    }
    const data = await agent.get('/o/DHF/data');
    expect(data.body).toContain('Loaded 50');
    expect((await agent.get(OVERVIEW)).statusCode).toBe(200);
  });
});
