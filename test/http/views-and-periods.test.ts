/**
 * Views that work for every role and periods that are what they say, through HTTP on the demo (an ICB
 * with two trusts, three years of data): the comparison page on a trust; the ICB's dashboard and
 * Indicators pages show its trusts' figures, not "No figures yet"; a year without its own staff-in-post
 * snapshot gets a clear message, not figures; each rolling-window figure names its window; a change
 * between figures of different windows is not labelled; under the mean of yearly ratios the indicator page
 * shows each year's counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { buildDemoApp, type Agent, type TestApp } from '../support/app.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** Table cells that are a bare count from 1 to 7: what the publication view must never show. */
const smallCounts = (html: string) =>
  [...html.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!)).filter((t) => /^[1-7]$/.test(t));

const DHF = 'Demo Hospitals NHS Foundation Trust';
const DCM = 'Demo Community and Mental Health NHS Trust';

describe('views for every role, and periods that are what they say', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await buildDemoApp(['analyst', 'viewer', 'regional', 'admin'], agents);
  }, 180_000);
  afterAll(async () => t?.close());

  it('shows the ICB’s dashboard to the regional user as its trusts side by side, with a link to each', async () => {
    const r = await agents.regional!.get('/o/DIC/dashboard');
    expect(r.statusCode).toBe(200);
    const body = text(r.body);
    expect(body).not.toContain('No figures yet');
    expect(body).not.toContain('has no staff-in-post snapshot');
    for (const name of [DHF, DCM]) expect(body).toContain(name);
    expect(r.body).toContain('href="/o/DHF/dashboard?year=2024"');
    expect(r.body).toContain('href="/o/DCM/dashboard?year=2024"');
    // Figures, not an empty state: each trust's relative likelihoods, in the publication view.
    expect(body).toMatch(new RegExp(`${DHF} \\d+\\.\\d\\d`));
    expect(smallCounts(r.body)).toEqual([]);
    // Another year of the trusts can be chosen.
    const y2023 = await agents.regional!.get('/o/DIC/dashboard?year=2023');
    expect(y2023.statusCode).toBe(200);
    expect(text(y2023.body)).toContain('2023');
  }, 300_000);

  it('shows the ICB’s dashboard indicator page as the figure of each trust', async () => {
    const r = await agents.regional!.get('/o/DIC/dashboard/indicators/WRES2');
    expect(r.statusCode).toBe(200);
    const body = text(r.body);
    expect(body).not.toContain('No figures yet');
    expect(body).toContain('WRES 2 across Demo Integrated Care Board');
    for (const name of [DHF, DCM]) expect(body).toContain(name);
    expect(r.body).toContain('href="/o/DHF/dashboard/indicators/WRES2?year=2024"');
    expect(smallCounts(r.body)).toEqual([]);
  });

  it('shows the ICB’s Indicators page as its trusts’ figures by indicator, with a link to each', async () => {
    const r = await agents.regional!.get('/o/DIC/indicators');
    expect(r.statusCode).toBe(200);
    const body = text(r.body);
    expect(body).not.toContain('No staff-in-post snapshot at 31 March has been loaded yet');
    for (const name of [DHF, DCM]) expect(body).toContain(name);
    expect(r.body).toContain('href="/o/DHF/indicators?year=2024"');
    expect(r.body).toContain('href="/o/DCM/indicators?year=2024"');
    expect(body).toMatch(/WRES 2: Appointment from shortlisting: Relative likelihood[^.]*? \d+\.\d\d/);
    expect(smallCounts(r.body)).toEqual([]);
  });

  it('compares a trust with the other organisations of its ICB that the person can see', async () => {
    const regional = await agents.regional!.get('/o/DHF/dashboard/compare');
    expect(regional.statusCode).toBe(200);
    const body = text(regional.body);
    expect(body).not.toContain('has no staff-in-post snapshot');
    expect(body).not.toContain('No figures yet');
    for (const name of [DHF, DCM]) expect(body).toContain(name);
    expect(regional.body).toContain('id="compare-wres2-title"');
    // The trust's own dashboard links to it.
    expect((await agents.regional!.get('/o/DHF/dashboard')).body).toContain('href="/o/DHF/dashboard/compare');
    // The trust's analyst sees only that trust: the page works, and says why no other is there.
    const analyst = await agents.analyst!.get('/o/DHF/dashboard/compare');
    expect(analyst.statusCode).toBe(200);
    const own = text(analyst.body);
    expect(own).toContain(DHF);
    expect(own).not.toContain(DCM);
    expect(own).toContain('no other organisation');
  });

  it('answers a year without its own staff-in-post snapshot with a clear message instead of figures', async () => {
    const r = await agents.analyst!.get('/o/DHF/indicators?year=2019');
    expect(r.statusCode).toBe(404);
    const body = text(r.body);
    expect(body).toContain(`${DHF} (DHF) has no staff-in-post snapshot at 31 March 2019 loaded`);
    expect(body).toContain('Years with a snapshot: 2024, 2023, 2022');
    expect(r.body).not.toContain('id="ind-WRES2"');
    // A year that has one is shown.
    const ok = await agents.analyst!.get('/o/DHF/indicators?year=2023');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('id="ind-WRES2"');
  });

  it('names the window of each rolling figure on the overview, the indicator page and the Indicators page', async () => {
    const overview = await agents.analyst!.get('/o/DHF/dashboard');
    const tile = text(/id="tile-WRES3"[\s\S]*?<\/ul>/.exec(overview.body)![0]);
    expect(tile).toContain('two years pooled (2022/23 and 2023/24)');
    const page = text((await agents.analyst!.get('/o/DHF/dashboard/indicators/WRES3')).body);
    expect(page).toContain('two years pooled (2022/23 and 2023/24)');
    const indicators = text((await agents.analyst!.get('/o/DHF/indicators')).body);
    expect(indicators).toContain('Window: two years pooled (2022/23 and 2023/24)');
  });

  it('does not label a change between figures of different windows, and says why', async () => {
    // 2023's WRES 3 pools 2022 and 2023; 2022's covers one year (there is no 2021 snapshot).
    const r = await agents.analyst!.get('/o/DHF/dashboard?year=2023');
    const tile = text(/id="tile-WRES3"[\s\S]*?<\/div>\s*<\/div>/.exec(r.body)![0]);
    expect(tile).toContain('Not compared');
    expect(tile).not.toMatch(/Improved|Worsened|No change/);
    expect(tile).toContain(
      'the previous year’s figure covers one year (2021/22), this year’s two years pooled',
    );
  });

  it('shows each year’s counts behind a mean of yearly ratios on the indicator page', async () => {
    const trust = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
    await t.services.indicators.saveSettings({ userId: null, label: 'test' }, trust, {
      'wres.indicator3.windowMethod': 'MEAN_OF_RATIOS',
    });
    try {
      for (const who of ['analyst', 'viewer']) {
        const r = await agents[who]!.get('/o/DHF/dashboard/indicators/WRES3');
        expect(r.statusCode, who).toBe(200);
        const body = text(r.body);
        expect(body, who).toContain('mean of two yearly ratios (2022/23 and 2023/24)');
        expect(body, who).toMatch(/2022\/23: relative likelihood (\d+\.\d\d|\*)/);
        expect(body, who).toMatch(/2023\/24: relative likelihood (\d+\.\d\d|\*)/);
        if (who === 'viewer') expect(smallCounts(r.body)).toEqual([]);
      }
    } finally {
      await t.services.indicators.saveSettings({ userId: null, label: 'test' }, trust, {});
    }
  }, 300_000);
});
