/**
 * Publication in a real browser (Debian's Chromium through playwright-core) against the demo app with its
 * data: the EDI lead writes the narrative under WRES 2 and makes the annual report; the board's approval is
 * recorded and freezes it; an administrator turns the public page on and publishes it; a signed-out visitor
 * reads it. The report's HTML download (at 320 and 1280 px) and every page on the way are screenshotted and
 * scanned with axe.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import {
  expectAccessible,
  navigation,
  startBrowserHarness,
  type BrowserHarness,
  type Journey,
} from './support/browser.js';

const NARRATIVE = 'Shortlisting panels now include a trained member of the race equality network.';

async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await navigation(page, () => page.getByRole('button', { name: 'Sign in' }).click());
}

async function signOut(page: Page): Promise<void> {
  await navigation(page, () => page.getByRole('button', { name: 'Sign out' }).first().click());
}

const text = async (page: Page) => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');

describe('publishing the annual report in a browser', () => {
  let harness: BrowserHarness | undefined;
  let journey: Journey | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness({ screenshots: 'publication', demoData: true });
  }, 300_000);
  afterAll(async () => {
    await harness?.close();
  });
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

  it('goes from the narrative to a report a signed-out visitor reads', async () => {
    const j = (journey = await harness!.newJourney('publication'));
    const { page } = j;

    // The EDI lead writes the narrative under WRES 2.
    await j.goto('/sign-in');
    await signIn(page, 'analyst');
    expect(await j.goto('/o/DHF/dashboard/indicators/WRES2?year=2024')).toBe(200);
    await page.getByLabel(/Narrative for WRES 2, 2024/).fill(NARRATIVE);
    await navigation(page, () => page.getByRole('button', { name: 'Save narrative' }).click());
    expect(await text(page)).toContain(NARRATIVE);

    // The Publication page, and the report it makes.
    expect(await j.goto('/o/DHF/publication')).toBe(200);
    await j.check('publication-page');
    // The first report after an import builds the disclosure ledger and every year (tens of seconds).
    const download = await page.request.get(`${harness!.baseUrl}/o/DHF/publication/2024/report/html`, {
      timeout: 240_000,
    });
    expect(download.status()).toBe(200);
    const report = await download.text();
    expect(report).toContain(NARRATIVE);
    for (const width of [320, 1280]) {
      const view = await j.context.newPage();
      await view.setViewportSize({ width, height: 900 });
      await view.setContent(report, { waitUntil: 'load' });
      await harness!.screenshot(view, `report-html-${width}`);
      await expectAccessible(view, `the report's HTML at ${width} px`);
      // Nothing wider than the screen but the tables and charts that scroll in their own regions.
      const overflow = await view.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(Number(overflow), `the report at ${width} px`).toBeLessThanOrEqual(0);
      await view.close();
    }

    // The board's approval is recorded: revision 1 is frozen.
    expect(await j.goto('/o/DHF/publication/2024/approval')).toBe(200);
    await page.getByLabel('Approved by').fill('Trust Board, chaired by Dr Jane Example');
    await page.getByLabel('Meeting', { exact: true }).fill('Trust Board');
    await page.getByLabel('Date of the meeting').fill('31/10/2024');
    await page.getByLabel('Minute reference').fill('TB/24/117');
    await navigation(page, () => page.getByRole('button', { name: 'Record approval' }).click());
    expect(await text(page)).toContain('TB/24/117');
    await j.check('approval-recorded');
    await signOut(page);

    // An administrator turns the public page on and publishes revision 1.
    await j.goto('/sign-in');
    await signIn(page, 'admin');
    expect(await j.goto('/o/DHF/publication/2024/approval')).toBe(200);
    await navigation(page, () => page.getByRole('button', { name: 'Turn the public page on' }).click());
    await navigation(page, () =>
      page.getByRole('button', { name: 'Publish revision 1 on the public page' }).click(),
    );
    await j.check('published');
    await signOut(page);

    // A signed-out visitor reads it.
    expect(await j.goto('/public/DHF')).toBe(200);
    await j.check('public-index');
    await navigation(page, () => page.getByRole('link', { name: /2024/ }).first().click());
    const body = await text(page);
    expect(body).toContain('Workforce Race and Disability Equality Standards report 2024');
    expect(body).toContain(NARRATIVE);
    expect(body).toContain('TB/24/117');
    expect(body).not.toContain('not for publication');
    await j.check('public-report');
  }, 600_000);
});
