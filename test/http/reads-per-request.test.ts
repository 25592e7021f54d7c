/**
 * One read per request: a page asks for the organisation, its units, data versions, settings, local
 * metrics and recorded answers from the access check, the dashboard, the indicators and the plan, and
 * each reaches the database once (shared/read-scope.ts). Counted on the demo by a query observer on the
 * services' connection, for a viewer's cached overview and indicator page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { createServices } from '../../src/features/services.js';
import { createApp } from '../../src/server/app.js';
import { fixedClock } from '../../src/shared/clock.js';
import { Agent, preparedDemo, TEST_NOW } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { readObserver } from '../support/reads.js';
import { testConfig } from '../support/settings.js';

describe('reads per request', () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof createApp>>;
  let viewer: Agent;
  const reads = readObserver();

  beforeAll(async () => {
    database = await openTestDatabase('sqlite', { copyOf: await preparedDemo() });
    // The render path's reads: no page kept (test/http/page-cache.test.ts covers a kept page's).
    const config = testConfig(database.url, { pageCachePages: 0 });
    const services = createServices({
      db: database.db.withPlugin(reads.plugin),
      clock: fixedClock(TEST_NOW),
      settings: config,
    });
    app = await createApp({ config, services, oidc: null, preparer: null });
    await app.ready();
    viewer = new Agent(app);
    await viewer.signIn('viewer', DEMO_PASSWORD);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  /** The tables each SELECT of one GET read from, counted, once the page's figures are cached. */
  async function readsOf(url: string): Promise<Map<string, number>> {
    for (let i = 0; i < 2; i++) expect((await viewer.get(url)).statusCode).toBe(200);
    const { value: response, tables } = await reads.during(() => viewer.get(url));
    expect(response.statusCode).toBe(200);
    const counts = new Map<string, number>();
    for (const t of tables) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  }

  it('reads each table once for the overview', async () => {
    const counts = await readsOf('/o/DHF/dashboard');
    for (const table of [
      'organisations',
      'dataset_versions',
      'organisation_settings',
      'local_metrics',
      'org_units',
    ])
      expect(counts.get(table), table).toBe(1);
    expect(Math.max(...counts.values())).toBe(1);
  });

  it('reads the organisation once for an indicator page, and each other table once for each organisation it shows', async () => {
    const counts = await readsOf('/o/DHF/dashboard/indicators/WRES2');
    expect(counts.get('organisations')).toBe(1);
    // The trust and the ICB above it (its benchmarks): two organisations' versions, settings and metrics.
    for (const table of ['dataset_versions', 'organisation_settings', 'local_metrics'])
      expect(counts.get(table), table).toBeLessThanOrEqual(2);
  });
});
