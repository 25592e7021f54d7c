/**
 * Journeys through Parity in a real browser (Debian's Chromium, driven by playwright-core) against the real
 * app with the demo installation. Every page visited is screenshotted and scanned with axe-core, and every
 * journey must stay on 127.0.0.1 with no console error and no error response it did not provoke on purpose.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { DEMO_ICB, DEMO_PASSWORD, DEMO_SECOND_TRUST, DEMO_TRUST } from '../../src/features/demo/demo.js';
import { navigation, startBrowserHarness, type BrowserHarness, type Journey } from './support/browser.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples');
import {
  AuditTrailPage,
  ErrorPage,
  HomePage,
  OrganisationPage,
  PeoplePage,
  SignInPage,
  WelcomePage,
} from './support/pages.js';

describe('Parity in a browser', () => {
  let harness: BrowserHarness | undefined;
  let journey: Journey | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** A fresh visitor for each test, with no cookies. */
  async function begin(name: string): Promise<Journey> {
    journey = await harness!.newJourney(name);
    return journey;
  }

  // Every journey, passed or failed, is checked for stray traffic and console errors, then closed.
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

  it('takes an administrator from sign-in through the organisation switcher, People and Audit trail to sign-out', async () => {
    const j = await begin('admin');
    const { page } = j;

    expect(await j.goto('/')).toBe(200);
    const welcome = await WelcomePage.verifyOnPage(page);
    expect(await welcome.isSignedIn()).toBe(false);
    await j.check('welcome');

    await welcome.goToSignIn();
    const signIn = await SignInPage.verifyOnPage(page);
    expect(signIn.pathname()).toBe('/sign-in');
    await j.check('sign-in');
    await signIn.signIn('admin', DEMO_PASSWORD);

    const home = await HomePage.verifyOnPage(page, 'Alex Admin');
    expect(home.pathname()).toBe('/');
    expect(await home.isSignedIn()).toBe(true);
    expect((await home.organisationCards()).sort()).toEqual(
      [DEMO_ICB.name, DEMO_TRUST.name, DEMO_SECOND_TRUST.name].sort(),
    );
    expect((await home.switcherOptions()).sort()).toEqual(['DCM', 'DHF', 'DIC']);
    await j.check('home');

    await home.switchOrganisation('DHF');
    const trust = await OrganisationPage.verifyOnPage(page, DEMO_TRUST.name);
    expect(trust.pathname()).toBe('/o/DHF');
    expect(await trust.switcherValue()).toBe('DHF');
    expect(await trust.title()).toBe(`Overview – ${DEMO_TRUST.name} – Parity`);
    expect(await trust.currentSection()).toBe('Overview');
    expect(await trust.navigationLinks()).toEqual([
      'Overview',
      'Dashboard',
      'Indicators',
      'Action plan',
      'My actions',
      'Publication',
      'Meetings',
      'Data',
      'People',
      'Audit trail',
    ]);
    expect((await trust.careGroups()).sort()).toEqual(
      [
        'Medicine and Emergency Care',
        'Surgery and Anaesthetics',
        'Women and Children',
        'Clinical Support Services',
        'Community and Integrated Care',
        'Corporate Services',
      ].sort(),
    );
    await j.check('dhf-overview');

    await trust.switchOrganisation(DEMO_SECOND_TRUST.name);
    const second = await OrganisationPage.verifyOnPage(page, DEMO_SECOND_TRUST.name);
    expect(second.pathname()).toBe('/o/DCM');
    expect(await second.switcherValue()).toBe('DCM');
    await j.check('dcm-overview');

    await second.openPeople();
    const people = await PeoplePage.verifyOnPage(page, DEMO_SECOND_TRUST.name);
    expect(people.pathname()).toBe('/o/DCM/people');
    expect(await people.currentSection()).toBe('People');
    expect(await people.switcherValue()).toBe('DCM');
    await j.check('dcm-people');

    await people.openAuditTrail();
    const audit = await AuditTrailPage.verifyOnPage(page);
    expect(audit.pathname()).toBe('/o/DCM/audit');
    expect(await audit.currentSection()).toBe('Audit trail');
    expect(await audit.caption()).toMatch(/^\d+ event\(s\); page 1 of \d+$/);
    expect(await audit.title()).toBe(`Audit trail – ${DEMO_SECOND_TRUST.name} – Parity`);
    await j.check('dcm-audit-trail');

    await audit.signOut();
    const signedOut = await SignInPage.verifyOnPage(page);
    expect(signedOut.pathname()).toBe('/sign-in');
    expect(await signedOut.banner()).toBe('You have signed out.');
    expect(await signedOut.isSignedIn()).toBe(false);
    await j.check('signed-out');

    // The session is really gone: an organisation page now asks to sign in again.
    expect(await j.goto('/o/DHF')).toBe(200);
    const again = await SignInPage.verifyOnPage(page);
    expect(again.pathname()).toBe(`/sign-in?returnTo=${encodeURIComponent('/o/DHF')}`);
    expect(await again.banner()).toBeNull();
    await j.check('sign-in-after-sign-out');
  });

  it('shows a care-group manager only their care group, with no People or Audit trail', async () => {
    const j = await begin('caregroup');
    const { page } = j;

    expect(await j.goto('/sign-in')).toBe(200);
    const signIn = await SignInPage.verifyOnPage(page);
    expect(await signIn.banner()).toBeNull();
    expect(await signIn.errorSummary()).toBeNull();
    await j.check('sign-in');
    await signIn.signIn('caregroup', DEMO_PASSWORD);

    const home = await HomePage.verifyOnPage(page, 'Chris Evans (Care group manager)');
    expect(await home.organisationCards()).toEqual([DEMO_TRUST.name]);
    expect(await home.switcherOptions()).toEqual(['DHF']);
    await j.check('home');

    await home.openOrganisation(DEMO_TRUST.name);
    const trust = await OrganisationPage.verifyOnPage(page, DEMO_TRUST.name);
    expect(trust.pathname()).toBe('/o/DHF');
    expect(await trust.switcherValue()).toBe('DHF');
    expect(await trust.careGroups()).toEqual(['Medicine and Emergency Care']);
    expect(await trust.scopeNote()).toContain('Your role covers Medicine and Emergency Care only');
    const text = await trust.mainText();
    expect(text).toContain('Emergency Department');
    for (const hidden of ['Surgery and Anaesthetics', 'Women and Children', 'Maternity'])
      expect(text).not.toContain(hidden);
    expect(await trust.navigationLinks()).toEqual([
      'Overview',
      'Dashboard',
      'Indicators',
      'Action plan',
      'Publication',
    ]);
    expect(await page.locator('a[href="/o/DHF/people"], a[href="/o/DHF/audit"]').count()).toBe(0);
    await j.check('dhf-overview');
  });

  it('explains a wrong password with an error summary and keeps the username', async () => {
    const j = await begin('wrong-password');
    const { page } = j;
    j.expectError({ method: 'POST', path: '/sign-in', status: 401 });

    expect(await j.goto('/sign-in')).toBe(200);
    const signIn = await SignInPage.verifyOnPage(page);
    await j.check('sign-in');
    await signIn.signIn('admin', 'not the password');

    const refused = await SignInPage.verifyOnPage(page);
    expect(await refused.isSignedIn()).toBe(false);
    expect(await refused.title()).toBe('Error: Sign in – Parity');
    expect(await refused.errorSummary()).toEqual({
      title: 'There is a problem',
      errors: ['The username or password is not correct'],
      // The design system's script moves focus to the summary, so screen readers announce it.
      focused: true,
    });
    expect(await refused.usernameValue()).toBe('admin');
    await j.check('error-summary');
  });

  it('answers an unknown address with the 404 page in the Parity layout', async () => {
    const j = await begin('not-found');
    const { page } = j;
    j.expectError({ method: 'GET', path: '/no/such/page', status: 404 });

    expect(await j.goto('/no/such/page')).toBe(404);
    const notFound = await ErrorPage.verifyOnPage(page, 'Page not found');
    expect(await notFound.title()).toBe('Page not found – Parity');
    expect(await notFound.message()).toContain('If you typed the web address, check it is correct.');
    await j.check('page-not-found');

    await notFound.goHome();
    await WelcomePage.verifyOnPage(page);
    await j.check('welcome');
  });

  it('takes an EDI lead through loading a file, its preview, the Indicators and a local metric', async () => {
    const j = await begin('analyst');
    const { page } = j;
    const { services, database } = harness!.app;
    const trust = (await organisationsRepository(database.db).findByOds(DEMO_TRUST.odsCode))!;
    if ((await services.datasets.versions(trust)).length === 0) {
      const files = [
        'workforce.csv',
        'recruitment.csv',
        'cases.csv',
        'learning.csv',
        'pay.csv',
        'survey_aggregate.csv',
      ];
      const loaded = await services.datasets.importFiles(
        { userId: null, label: 'setup' },
        trust,
        files.map((f) => ({ input: { path: path.join(EXAMPLES, f) } })),
      );
      expect(loaded.saved).toBe(true);
    }

    await j.goto('/sign-in');
    await (await SignInPage.verifyOnPage(page)).signIn('analyst', DEMO_PASSWORD);
    expect(await j.goto('/o/DHF/data')).toBe(200);
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(
      `Data for ${DEMO_TRUST.name}`,
    );
    await j.check('data');

    await page.getByLabel('Files').setInputFiles(path.join(EXAMPLES, 'board.csv'));
    await navigation(page, () => page.getByRole('button', { name: 'Check files' }).click());
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(
      'Check 1 file before loading',
    );
    expect(await page.getByRole('heading', { level: 2, name: 'board.csv' }).isVisible()).toBe(true);
    await j.check('preview');
    await navigation(page, () => page.getByRole('button', { name: 'Load 1 file' }).click());
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain(
      'records from board.csv',
    );
    await j.check('data-loaded');

    expect(await j.goto('/o/DHF/indicators')).toBe(200);
    expect(
      await page
        .getByRole('heading', { level: 2, name: 'Workforce Race Equality Standard', exact: true })
        .isVisible(),
    ).toBe(true);
    expect(await page.locator('#ind-WRES2').textContent()).toContain('WRES 2: Appointment from shortlisting');
    await j.check('indicators');

    expect(await j.goto('/o/DHF/indicators/local')).toBe(200);
    await page.getByLabel('Example metric').selectOption('appraisal-compliance-by-ethnicity');
    await navigation(page, () => page.getByRole('button', { name: 'Add metric' }).click());
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain(
      'Saved the local metric',
    );
    await j.check('local-metrics');
  });

  it('shows a viewer the publication view of the Indicators', async () => {
    const j = await begin('viewer');
    const { page } = j;
    await j.goto('/sign-in');
    await (await SignInPage.verifyOnPage(page)).signIn('viewer', DEMO_PASSWORD);
    expect(await j.goto('/o/DHF/indicators')).toBe(200);
    expect(await page.getByText('are shown as *').isVisible()).toBe(true);
    await j.check('indicators-published');
  });
});
