/** The Indicators page: full counts for analysts, the publication view for others, one care group for its manager. */
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { buildTestApp, type TestApp } from '../support/app.js';

const examples = path.resolve(import.meta.dirname, '../../examples');
const suppressedCells = (html: string) => (html.match(/aria-label="suppressed"/g) ?? []).length;

describe('the Indicators page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    const trust = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
    const files = readdirSync(examples).filter((f) => f.endsWith('.csv') && f !== 'recruitment-nhs-jobs.csv');
    const outcome = await t.services.datasets.importFiles(
      { userId: null, label: 'test' },
      trust,
      files.map((f) => ({ input: { path: path.join(examples, f) } })),
    );
    expect(outcome.saved).toBe(true);
  });
  afterAll(async () => t?.close());

  it('shows analysts every count of WRES, WDES, the Bank WRES, the MWRES and the pay gaps for the year', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    const page = await analyst.get('/o/DHF/indicators');
    expect(page.statusCode).toBe(200);
    for (const text of [
      'Workforce Race Equality Standard',
      'Workforce Disability Equality Standard',
      'Pay gaps',
      'WRES1',
      'WRES2',
      'WRES9',
      'WDES1',
      'WDES3',
      'WDES10',
      'Bank Workforce Race Equality Standard (bank-only workers)',
      'Medical Workforce Race Equality Standard',
      'BWRES1',
      'BWRES3',
      'MWRES1',
      'MWRES10',
      'Staff in post at 31 March 2024',
    ])
      expect(page.body).toContain(text);
    expect(suppressedCells(page.body)).toBe(0);
    expect(page.body).toContain('How this is calculated');
    expect(page.body).not.toContain('shown as *');
  });

  it('shows viewers the publication view, with small numbers suppressed', async () => {
    const viewer = t.agent();
    await viewer.signIn('viewer', DEMO_PASSWORD);
    const page = await viewer.get('/o/DHF/indicators');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Counts from 1 to 7 are shown as *');
    expect(suppressedCells(page.body)).toBeGreaterThan(10);
  });

  it('limits a care-group manager to their care group and leaves out trust-wide data', async () => {
    const manager = t.agent();
    await manager.signIn('caregroup', DEMO_PASSWORD);
    const page = await manager.get('/o/DHF/indicators');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('These figures are for Medicine and Emergency Care only');
    const whole = await t.services.indicators.compute(
      (await organisationsRepository(t.database.db).findByOds('DHF'))!,
      2024,
      'all',
    );
    const part = await t.services.indicators.compute(
      (await organisationsRepository(t.database.db).findByOds('DHF'))!,
      2024,
      ['Medicine and Emergency Care'],
    );
    const headcount = (r: typeof whole) => {
      const result = r.indicators.find((i) => i.id === 'WRES1')!.parts[0]!.metric.result;
      return result.type === 'distribution' ? result.overall.total : -1;
    };
    expect(headcount(part)).toBeGreaterThan(0);
    expect(headcount(part)).toBeLessThan(headcount(whole));
    expect(page.body).not.toContain('href="/o/DHF/indicators/local"');
  });

  it('lets analysts add a Culture Dashboard metric, which then appears; bad JSON lists every problem', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    await analyst.get('/o/DHF/indicators/local');
    const added = await analyst.post('/o/DHF/indicators/local', {
      example: 'appraisal-compliance-by-ethnicity',
      definition: '',
    });
    expect(added.statusCode).toBe(303);
    const page = await analyst.get('/o/DHF/indicators');
    expect(page.body).toContain('Local metrics');
    expect(page.body).toContain('Appraisal compliance by ethnicity');
    const broken = await analyst.post('/o/DHF/indicators/local', {
      example: '',
      definition: '{"id": "x", "population": {"dataset": "nowhere"}}',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('There is a problem');
    expect(broken.body).toContain('$.population.dataset');
    const notJson = await analyst.post('/o/DHF/indicators/local', { example: '', definition: '{ nope' });
    expect(notJson.body).toContain('The definition is not valid JSON');
    const removed = await analyst.post(
      '/o/DHF/indicators/local/appraisal-compliance-by-ethnicity/delete',
      {},
    );
    expect(removed.statusCode).toBe(303);
    expect((await analyst.get('/o/DHF/indicators')).body).not.toContain('Appraisal compliance by ethnicity');
  });

  it('says when there is nothing to compute', async () => {
    const admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
    const page = await admin.get('/o/DCM/indicators');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No staff-in-post snapshot at 31 March has been loaded yet');
  });
});
