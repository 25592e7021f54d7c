/**
 * Ledgers prepared before anyone asks: a change the server accepts for an organisation (here a local
 * metric added) has its disclosure ledgers resolved in a worker thread on the server's own database and
 * kept there under the stamp the next reader's view looks for; a change refused prepares nothing; and a
 * server started again finds what was prepared before instead of preparing it again.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { ledgerPreparer } from '../../src/server/prepare.js';
import { buildTestApp, type TestApp } from '../support/app.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples');
const actor = { userId: null, label: 'test' };

describe('preparing disclosure ledgers after a change', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ demo: true, prepare: true });
    const org = (await t.services.organisations.findByOds('DHF'))!;
    await t.services.datasets.importFiles(actor, org, [
      { input: { path: path.join(EXAMPLES, 'workforce.csv') } },
      { input: { path: path.join(EXAMPLES, 'cases.csv') } },
    ]);
  });
  afterAll(async () => t?.close());

  const kept = () => t.database.db.selectFrom('disclosure_ledgers').select(['year', 'stamp']).execute();

  it('prepares nothing for a change refused, and the ledger of every year for a change accepted', async () => {
    expect(t.preparer).not.toBeNull();
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    await analyst.get('/o/DHF/indicators/local');
    const refused = await analyst.post('/o/DHF/indicators/local', { example: '', definition: '{ nope' });
    expect(refused.statusCode).toBe(400);
    await t.preparer!.idle();
    expect(await kept()).toEqual([]);

    const added = await analyst.post('/o/DHF/indicators/local', {
      example: 'appraisal-compliance-by-ethnicity',
      definition: '',
    });
    expect(added.statusCode).toBe(303);
    await t.preparer!.idle();
    const org = (await t.services.organisations.findByOds('DHF'))!;
    const known = await t.services.dashboard.snapshot(org);
    expect(known.years.length).toBeGreaterThan(0);
    const ctx = await t.services.dashboard.context({
      org,
      scope: 'all',
      scopeLabel: null,
      fullCounts: false,
      year: known.years[0]!,
      quarter: null,
      years: known.years,
    });
    // Kept under the stamp the next view looks for: the local metric's addition is in it.
    const rows = await kept();
    expect(rows.map((r) => r.year).sort((a, b) => a - b)).toEqual([...known.years].sort((a, b) => a - b));
    for (const r of rows) expect(r.stamp).toBe(await ctx.ledgerStamp());

    // Nothing changed since: asking again prepares nothing new (the kept rows stay as they are).
    const before = await t.database.db.selectFrom('disclosure_ledgers').select('created_at').execute();
    t.preparer!.after('DHF');
    await t.preparer!.idle();
    expect(await t.database.db.selectFrom('disclosure_ledgers').select('created_at').execute()).toEqual(
      before,
    );
  });

  it('starts no worker after a restart for an organisation prepared since its last change', async () => {
    expect(t.preparer!.workersStarted).toBeGreaterThan(0);
    const org = (await t.services.organisations.findByOds('DHF'))!;
    expect(await t.services.dashboard.preparedStamp(org)).not.toBeNull();
    // A server started again: its preparer remembers nothing in memory, and finds the organisation prepared.
    const restarted = () =>
      ledgerPreparer({
        config: t.config,
        services: t.services,
        onError: (error) => {
          throw error;
        },
      })!;
    const again = restarted();
    again.after('DHF');
    await again.idle();
    expect(again.workersStarted).toBe(0);
    // Without the record of what was prepared, it prepares again (and records it).
    await t.database.db.deleteFrom('prepared_organisations').execute();
    const forgetful = restarted();
    forgetful.after('DHF');
    await forgetful.idle();
    expect(forgetful.workersStarted).toBe(1);
    expect(await t.services.dashboard.preparedStamp(org)).not.toBeNull();
  });
});
