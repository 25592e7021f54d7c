/**
 * The action plan in a real browser (Debian's Chromium through playwright-core) against the demo app: the
 * EDI lead writes a plan and an action linked to three indicators with a lead; the lead signs in and
 * posts an update; the EDI lead sees it under all three indicators, approves the plan, downloads the Word
 * version and carries the plan forward. Every page is screenshotted and scanned with axe.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { navigation, startBrowserHarness, type BrowserHarness, type Journey } from './support/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
const ACTION = 'Open every band 8a and above interview panel to a trained member of the staff networks.';

async function heading(page: Page, expected: string | RegExp): Promise<void> {
  await expect
    .poll(
      async () =>
        (await page.locator('h1').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()).join('|'),
      WAIT,
    )
    .toMatch(
      typeof expected === 'string'
        ? new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`)
        : expected,
    );
}

/** The pages of the plan, as a person uses them. */
class PlanPages {
  constructor(readonly page: Page) {}

  async signIn(username: string): Promise<void> {
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await navigation(this.page, () => this.page.getByRole('button', { name: 'Sign in' }).click());
  }

  async openSection(name: string): Promise<void> {
    await navigation(this.page, () =>
      this.page.locator('nav.nhsuk-header__navigation').getByRole('link', { name, exact: true }).click(),
    );
  }

  async click(name: string | RegExp, role: 'link' | 'button' = 'link'): Promise<void> {
    await navigation(this.page, () => this.page.getByRole(role, { name }).first().click());
  }

  /** The actions listed under each heading of the plan's "Actions" part, as "heading: action" lines. */
  async actionsByGroup(): Promise<string[]> {
    return this.page.locator('main section').evaluateAll((sections: unknown[]) =>
      (
        sections as {
          querySelector(s: string): { textContent: string } | null;
          querySelectorAll(s: string): { textContent: string }[];
        }[]
      ).flatMap((s) => {
        const h = (s.querySelector('h3')?.textContent ?? '').replace(/\s+/g, ' ').trim();
        return [...s.querySelectorAll('.parity-action__title')].map(
          (a) => `${h} :: ${a.textContent.replace(/\s+/g, ' ').trim()}`,
        );
      }),
    );
  }

  async text(): Promise<string> {
    return ((await this.page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
  }
}

describe('the action plan in a browser', () => {
  let harness: BrowserHarness | undefined;
  let journey: Journey | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness({ screenshots: 'plans' });
  });
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

  it('takes a plan from an action linked to three indicators, through a lead’s update, to approval, Word and next year', async () => {
    // The EDI lead writes the plan.
    journey = await harness!.newJourney('plan-edi-lead');
    let j = journey;
    let ui = new PlanPages(j.page);
    expect(await j.goto('/sign-in')).toBe(200);
    await ui.signIn('analyst');
    expect(await j.goto('/o/DHF')).toBe(200);
    await ui.openSection('Action plan');
    await heading(j.page, 'Action plans for Demo Hospitals NHS Foundation Trust');
    expect(await ui.text()).toContain('WRES and WDES action plan 2024/25');
    await j.check('plans');

    await j.page.getByLabel('Financial year').selectOption('2025');
    await ui.click('Create plan', 'button');
    await heading(j.page, 'WRES and WDES action plan 2025/26');
    await j.check('new-plan');

    await ui.click('Add an action');
    await heading(j.page, 'Add an action');
    await j.check('action-form');
    await j.page
      .getByLabel('The action', { exact: true })
      .fill(`${ACTION}\n\n- train 40 members\n- book them centrally`);
    await j.page.getByLabel('New', { exact: true }).check();
    await j.page.getByLabel('WRES 2: Appointment from shortlisting').check();
    await j.page.getByLabel('WRES 7: Equal opportunities for career progression').check();
    await j.page.getByLabel('WDES 2: Appointment from shortlisting').check();
    await j.page.getByLabel(/Sam Okoro \(Head of Resourcing\)/).check();
    await j.page.getByLabel('Timescale').fill('Q3 2025/26');
    await j.page.getByLabel('KPIs').fill('Share of senior panels with a trained member');
    await ui.click('Add action', 'button');
    await heading(j.page, 'Action A1');
    expect(await ui.text()).toContain('Q3 2025/26 (October to December 2025)');
    await j.check('action');
    const actionPath = new URL(j.page.url()).pathname;
    const planPath = actionPath.replace(/\/actions\/.*$/, '');
    j.expectCleanTraffic();
    await j.close();

    // The lead signs in, finds the action under My actions and posts an update.
    journey = await harness!.newJourney('plan-action-lead');
    j = journey;
    ui = new PlanPages(j.page);
    expect(await j.goto('/sign-in')).toBe(200);
    await ui.signIn('lead');
    expect(await j.goto('/o/DHF')).toBe(200);
    await ui.openSection('My actions');
    await heading(j.page, 'My actions');
    await j.check('my-actions');
    await ui.click(/A1: Open every band 8a and above interview panel/);
    await heading(j.page, 'Action A1');
    await j.page.getByLabel('Slippage likely').check();
    await j.page
      .getByLabel('What has happened since the last update?')
      .fill('Twenty members trained; the booking system changes in November.');
    await ui.click('Post update', 'button');
    await heading(j.page, 'Action A1');
    expect(await ui.text()).toContain('Your update was posted');
    expect(await ui.text()).toContain('Twenty members trained');
    await j.check('update-posted');
    expect(await j.page.getByRole('link', { name: 'Change this action' }).count()).toBe(0);
    j.expectCleanTraffic();
    await j.close();

    // The EDI lead sees it under all three indicators, approves, downloads Word and carries forward.
    journey = await harness!.newJourney('plan-approval');
    j = journey;
    ui = new PlanPages(j.page);
    expect(await j.goto('/sign-in')).toBe(200);
    await ui.signIn('analyst');
    expect(await j.goto(planPath)).toBe(200);
    await heading(j.page, 'WRES and WDES action plan 2025/26');
    const listed = (await ui.actionsByGroup()).filter((l) => l.includes('A1: Open every band 8a'));
    expect(listed.map((l) => l.split(' :: ')[0]!.replace(/ \(\d+\)$/, ''))).toEqual([
      'WRES 2: Appointment from shortlisting',
      'WRES 7: Equal opportunities for career progression',
      'WDES 2: Appointment from shortlisting',
    ]);
    expect(
      await j.page.locator('main section .nhsuk-tag--yellow', { hasText: 'Slippage likely' }).count(),
    ).toBe(3);
    await j.check('plan-by-indicator');

    await j.page.getByLabel('Group that endorsed the plan').fill('EDI Steering Group');
    await j.page.getByLabel('Date of endorsement').fill('10/09/2025');
    await ui.click('Record endorsement', 'button');
    await heading(j.page, 'WRES and WDES action plan 2025/26');
    await j.page.getByLabel('Board approval date').fill('30/10/2025');
    await ui.click('Approve plan', 'button');
    await heading(j.page, 'WRES and WDES action plan 2025/26');
    expect(await ui.text()).toContain('Approved by the board');
    await j.check('plan-approved');

    const download = j.page.waitForEvent('download');
    await j.page.getByRole('link', { name: /Word \(DOCX\)/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('WRES and WDES action plan 2025-26.docx');
    const saved = await file.path();
    expect(readFileSync(saved).subarray(0, 2).toString()).toBe('PK');

    await ui.click("Create next year's plan from this one");
    await heading(j.page, 'Create the 2026/27 plan from this one');
    expect(await j.page.getByLabel(/A1 Open every band 8a/).isChecked()).toBe(true);
    await j.check('carry-forward');
    await ui.click('Create the 2026/27 plan', 'button');
    await heading(j.page, 'WRES and WDES action plan 2026/27');
    expect(await ui.text()).toContain('Carried forward from WRES and WDES action plan 2025/26');
    await ui.click(/A1: Open every band 8a/);
    await heading(j.page, 'Action A1');
    expect(await ui.text()).toContain('(in the 2025/26 plan)');
    await j.check('carried-action');
  });
});
