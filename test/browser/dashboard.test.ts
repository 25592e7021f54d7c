/**
 * The Culture Dashboard in a real browser (Debian's Chromium through playwright-core) on the demo trust
 * with its three years of generated data: every page for the whole trust and for a care group, the period
 * and care group switched through the filter form, the regional comparison, the publication view, the
 * print layout and the filters without JavaScript. Every page is screenshotted into
 * test-results/screenshots/dashboard/ and scanned with axe (no serious or critical violation).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TRUST } from '../../src/features/demo/demo.js';
import { navigation, startBrowserHarness, type BrowserHarness, type Journey } from './support/browser.js';
import { DashboardPage, OrganisationPage, SignInPage } from './support/pages.js';

/** The dashboard's pages as its navigation names them, with the heading each shows. */
const PAGES: [label: string, heading: string][] = [
  ['Overview', 'Overview'],
  ['Representation by band', 'Representation by band'],
  ['Recruitment', 'Recruitment'],
  ['Employee relations', 'Employee relations'],
  ['Pay gaps', 'Pay gaps'],
  ['Staff survey', 'Staff survey'],
  ['Data quality', 'Data quality'],
  ['Local metrics', 'Local metrics'],
];
const CARE_GROUP = 'Medicine and Emergency Care';

describe('the Culture Dashboard in a browser', () => {
  let harness: BrowserHarness | undefined;
  let journey: Journey | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness({ screenshots: 'dashboard', demoData: true });
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function begin(name: string, username: string): Promise<Journey> {
    journey = await harness!.newJourney(name);
    expect(await journey.goto('/sign-in')).toBe(200);
    await (await SignInPage.verifyOnPage(journey.page)).signIn(username, DEMO_PASSWORD);
    return journey;
  }

  afterEach(async () => {
    const finished = journey;
    journey = undefined;
    if (!finished) return;
    try {
      finished.expectCleanTraffic();
    } finally {
      await finished.close();
    }
  });

  /** Visits every page through the dashboard's own navigation, checking and screenshotting each. */
  async function visitEveryPage(j: Journey, suffix: string): Promise<void> {
    for (const [label, heading] of PAGES) {
      const current = await DashboardPage.verifyOnPage(j.page, /./);
      await current.openPage(label);
      const page = await DashboardPage.verifyOnPage(j.page, heading);
      expect((await page.pages()).current).toBe(label);
      const charts = await page.charts();
      if (label !== 'Local metrics' && label !== 'Staff survey')
        expect(charts.length, label).toBeGreaterThan(0);
      await j.check(`${label}-${suffix}`);
    }
  }

  it('takes the EDI lead through every page for the whole trust, then an indicator, then another period', async () => {
    const j = await begin('analyst-trust', 'analyst');
    expect(await j.goto(`/o/${DEMO_TRUST.odsCode}`)).toBe(200);
    const trust = await OrganisationPage.verifyOnPage(j.page, DEMO_TRUST.name);
    expect(await trust.navigationLinks()).toContain('Dashboard');
    await navigation(j.page, () =>
      j.page.getByRole('link', { name: 'Dashboard', exact: true }).first().click(),
    );

    const overview = await DashboardPage.verifyOnPage(j.page, 'Overview');
    expect(overview.pathname()).toBe('/o/DHF/dashboard');
    expect(await overview.period()).toContain('the 2024 reporting year');
    const tiles = await overview.tiles();
    for (const id of ['WRES1', 'WRES2', 'WRES9', 'WDES1', 'WDES3', 'WDES10']) expect(tiles).toContain(id);
    expect(await overview.withheld()).toBe(0);
    await visitEveryPage(j, 'trust');

    await (await DashboardPage.verifyOnPage(j.page, 'Local metrics')).openPage('Overview');
    await (await DashboardPage.verifyOnPage(j.page, 'Overview')).openTile('WRES2');
    const wres2 = await DashboardPage.verifyOnPage(j.page, 'WRES 2: Appointment from shortlisting');
    const charts = await wres2.charts();
    expect(charts).toEqual(
      expect.arrayContaining([
        'WRES 2: relative likelihood (White / BME), year by year',
        'WRES 2 by care group, 2024',
        'WRES 2 by band, 2024',
      ]),
    );
    await j.check('indicator-wres2');

    // Another period through the filters: the address carries it, and so do the links.
    await wres2.filter({ year: 2023, quarter: 2 });
    const quarter = await DashboardPage.verifyOnPage(j.page, 'WRES 2: Appointment from shortlisting');
    expect(quarter.pathname()).toBe('/o/DHF/dashboard/indicators/WRES2?year=2023&quarter=2');
    expect(await quarter.filterValues()).toMatchObject({ year: '2023', quarter: '2' });
    expect(await quarter.period()).toContain('Q2: July to September 2022');
    await j.check('indicator-wres2-q2-2022-23');
    await quarter.openPage('Recruitment');
    const recruitment = await DashboardPage.verifyOnPage(j.page, 'Recruitment');
    expect(recruitment.pathname()).toBe('/o/DHF/dashboard/recruitment?year=2023&quarter=2');
    expect(await recruitment.charts()).toContain('From application to appointment, by ethnicity, Q2 2022/23');
    await j.check('recruitment-q2-2022-23');
  });

  it('takes the EDI lead through every page for one care group', async () => {
    const j = await begin('analyst-care-group', 'analyst');
    expect(await j.goto('/o/DHF/dashboard')).toBe(200);
    const overview = await DashboardPage.verifyOnPage(j.page, 'Overview');
    expect(await overview.careGroupOptions()).toEqual([
      'Whole organisation',
      'Clinical Support Services',
      'Community and Integrated Care',
      'Corporate Services',
      'Medicine and Emergency Care',
      'Surgery and Anaesthetics',
      'Women and Children',
    ]);
    await overview.filter({ careGroup: CARE_GROUP });
    const part = await DashboardPage.verifyOnPage(j.page, 'Overview');
    expect(part.pathname()).toBe('/o/DHF/dashboard?year=2024&careGroup=Medicine+and+Emergency+Care');
    expect(await part.period()).toContain(`${CARE_GROUP} only`);
    await j.check('overview-care-group');
    await visitEveryPage(j, 'care-group');
    // Back to the whole trust through the same form.
    await (await DashboardPage.verifyOnPage(j.page, 'Local metrics')).filter({ careGroup: '' });
    const whole = await DashboardPage.verifyOnPage(j.page, 'Local metrics');
    expect(await whole.period()).not.toContain('only');
  });

  it('shows a care-group manager their care group only, in the publication view', async () => {
    const j = await begin('care-group-manager', 'caregroup');
    expect(await j.goto('/o/DHF/dashboard')).toBe(200);
    const overview = await DashboardPage.verifyOnPage(j.page, 'Overview');
    expect(await overview.careGroupOptions()).toEqual([]);
    expect(await overview.period()).toContain(`${CARE_GROUP} only`);
    expect(await overview.withheld()).toBeGreaterThan(0);
    expect((await overview.pages()).links).not.toContain('Compare organisations');
    await j.check('care-group-manager-overview');
    await overview.openTile('WRES3');
    const wres3 = await DashboardPage.verifyOnPage(
      j.page,
      'WRES 3: Entering the formal disciplinary process',
    );
    expect(await wres3.charts()).toContain('WRES 3 by directorate, 2024');
    await j.check('care-group-manager-wres3');
  });

  it('shows a regional reader the trusts of the ICB side by side', async () => {
    const j = await begin('regional', 'regional');
    expect(await j.goto('/o/DHF/dashboard')).toBe(200);
    const trust = await DashboardPage.verifyOnPage(j.page, 'Overview');
    await trust.filter({ org: 'DIC' });
    // The ICB holds no data of its own: its overview is its trusts side by side.
    const icb = await DashboardPage.verifyOnPage(j.page, 'Overview');
    expect(await icb.charts()).toEqual(
      expect.arrayContaining([
        'WRES 2 Appointment from shortlisting: relative likelihood by organisation, 2024',
      ]),
    );
    await j.check('icb-dashboard');
    await navigation(j.page, () => j.page.getByRole('link', { name: 'Compare organisations' }).click());
    const compare = await DashboardPage.verifyOnPage(j.page, 'Compare organisations');
    // The link keeps the year being looked at.
    expect(compare.pathname()).toBe('/o/DIC/dashboard/compare?year=2024');
    expect(await compare.charts()).toEqual(
      expect.arrayContaining([
        'WRES 2 Appointment from shortlisting: relative likelihood by organisation, 2024',
        'WDES 3 Entering the formal capability process: relative likelihood by organisation, 2024',
      ]),
    );
    await j.check('compare-trusts');
    void icb;
  });

  it('prints one chart per block, without the filters or the navigation', async () => {
    const j = await begin('print', 'viewer');
    expect(await j.goto('/o/DHF/dashboard/indicators/WRES2')).toBe(200);
    const page = await DashboardPage.verifyOnPage(j.page, 'WRES 2: Appointment from shortlisting');
    expect(await page.isShown('.parity-dashboard-filters')).toBe(true);
    await j.page.emulateMedia({ media: 'print' });
    expect(await page.isShown('.parity-dashboard-filters')).toBe(false);
    expect(await page.isShown('.parity-dashboard-nav')).toBe(false);
    expect(await page.isShown('header.nhsuk-header')).toBe(false);
    const avoid = await j.page
      .locator('section.parity-chart')
      .first()
      .evaluate((el: unknown) => getComputedStyle(el).breakInside);
    expect(avoid).toBe('avoid');
    await harness!.screenshot(j.page, 'print-indicator-wres2');
    await j.page.emulateMedia({ media: 'screen' });
    await j.check('viewer-indicator-wres2');
  });

  it('works without JavaScript: the filters are a plain form and the charts are pictures', async () => {
    const context = await harness!.browser.newContext({
      javaScriptEnabled: false,
      baseURL: harness!.baseUrl,
    });
    try {
      const page = await context.newPage();
      await page.goto('/sign-in');
      await page.getByLabel('Username').fill('viewer');
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await navigation(page, () => page.getByRole('button', { name: 'Sign in' }).click());
      await page.goto('/o/DHF/dashboard/employee-relations');
      const relations = await DashboardPage.verifyOnPage(page, 'Employee relations');
      await relations.filter({ year: 2023, quarter: 4 });
      const after = await DashboardPage.verifyOnPage(page, 'Employee relations');
      expect(after.pathname()).toBe('/o/DHF/dashboard/employee-relations?year=2023&quarter=4');
      expect((await after.charts()).length).toBeGreaterThan(0);
      await harness!.screenshot(page, 'no-javascript-employee-relations');
    } finally {
      await context.close();
    }
  });
});

/** Declared for the one browser-side function used above (the project compiles without the DOM library). */
declare function getComputedStyle(element: unknown): { breakInside: string };
