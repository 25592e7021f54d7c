/**
 * The action plan in a real browser (Debian's Chromium through playwright-core) against the demo app: the
 * EDI lead writes a plan and an action linked to three indicators with a lead, and gives it a milestone;
 * the lead signs in, posts an update (dated today, after the plan's year: asked about, then confirmed) and
 * marks the milestone done; the EDI lead sees the action's one status under all three indicators, reads
 * the milestone's state in the quarterly pack, approves the plan, downloads the Word version and carries
 * the plan forward. Every page is screenshotted and scanned with axe.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../src/engine/index.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import {
  expectAccessible,
  navigation,
  startBrowserHarness,
  type BrowserHarness,
  type Journey,
} from './support/browser.js';

const WAIT = { timeout: 15_000, interval: 100 };
const ACTION = 'Open every band 8a and above interview panel to a trained member of the staff networks.';
const MILESTONE = 'Q3 review at the People Group';
const examples = path.resolve(import.meta.dirname, '../../examples');

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
  /** The app's day, as pages write it (the browser harness runs the app on real time). */
  const today = () => formatDate(harness!.app.clock.now().toISOString().slice(0, 10));

  beforeAll(async () => {
    harness = await startBrowserHarness({ screenshots: 'plans' });
    // A small staff-in-post snapshot at 31 March 2025, so the quarterly pack of the 2025/26 plan can be made.
    const org = (await organisationsRepository(harness.app.database.db).findByOds('DHF'))!;
    const workforce = readFileSync(path.join(examples, 'workforce.csv'), 'utf8').replace(
      'Effective Date: 31/03/2024',
      'Effective Date: 31/03/2025',
    );
    await harness.app.services.datasets.importFiles({ userId: null, label: 'test' }, org, [
      { input: { buffer: Buffer.from(workforce), fileName: 'workforce-2025.csv' } },
    ]);
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
    await j.page.getByLabel('WRES 2: Appointment from shortlisting', { exact: true }).check();
    await j.page.getByLabel('WRES 7: Equal opportunities for career progression', { exact: true }).check();
    await j.page.getByLabel('WDES 2: Appointment from shortlisting', { exact: true }).check();
    await j.page.getByLabel(/Sam Okoro \(Head of Resourcing\)/).check();
    await j.page.getByLabel('Timescale').fill('Q3 2025/26');
    await j.page.getByLabel('KPIs').fill('Share of senior panels with a trained member');
    await ui.click('Add action', 'button');
    await heading(j.page, 'Action A1');
    expect(await ui.text()).toContain('Q3 2025/26 (October to December 2025)');
    await j.check('action');
    const actionPath = new URL(j.page.url()).pathname;

    // A milestone inside the action; its date has passed, so the action is overdue by it.
    await j.page.getByText('Add a milestone').click();
    await j.page.getByLabel('Title', { exact: true }).fill(MILESTONE);
    await j.page.getByLabel('Date', { exact: true }).fill('31/12/2025');
    await j.page.getByLabel('In progress').check();
    await ui.click('Add milestone', 'button');
    await heading(j.page, 'Action A1');
    expect(await ui.text()).toContain(`Added the milestone “${MILESTONE}”`);
    expect(await j.page.locator('#milestones + div table tbody tr').allTextContents()).toEqual([
      expect.stringMatching(/31 December 2025\s+Q3 review at the People Group\s+In progress \(date passed\)/),
    ]);
    expect(await j.page.locator('main h1 + p .nhsuk-tag').textContent()).toBe('Overdue');
    expect(await j.page.locator('#status-reasons li').allTextContents()).toContain(
      `Milestone “${MILESTONE}” was due 31 December 2025 and is not done`,
    );
    await j.check('action-milestone');
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
    // Dated today, after the plan's year ended: asked about, with nothing typed lost, then confirmed.
    await heading(j.page, 'Action A1');
    expect(await ui.text()).toContain(
      `This update is dated ${today()}, after the plan’s year 2025/26 ended. Post it to this plan anyway?`,
    );
    expect(await j.page.getByLabel('What has happened since the last update?').inputValue()).toBe(
      'Twenty members trained; the booking system changes in November.',
    );
    await j.check('update-question');
    await ui.click('Yes, post it to this plan', 'button');
    await heading(j.page, 'Action A1');
    expect(await ui.text()).toContain('Your update was posted');
    expect(await ui.text()).toContain('Twenty members trained');
    await j.check('update-posted');
    expect(await j.page.getByRole('link', { name: 'Change this action' }).count()).toBe(0);

    // The lead marks the milestone done; a lead may record its progress, not change its title or date.
    await ui.click(`Change ${MILESTONE}`);
    await heading(j.page, MILESTONE);
    expect(await j.page.getByLabel('Title', { exact: true }).count()).toBe(0);
    await j.check('milestone-form');
    await j.page.getByLabel('Done', { exact: true }).check();
    await j.page.getByLabel('Latest word on it').fill('Reviewed on 11 December: 24 panels covered.');
    await ui.click('Save milestone', 'button');
    await heading(j.page, 'Action A1');
    expect(await j.page.locator('#milestones + div table tbody tr').allTextContents()).toEqual([
      expect.stringMatching(/Q3 review at the People Group\s+Done\s+Reviewed on 11 December/),
    ]);
    await j.check('milestone-done');
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
    // One status per action card, with the lead's rating among its reasons and its milestones in a line.
    expect(await j.page.locator('main section .parity-action__meta .nhsuk-tag').allTextContents()).toEqual([
      'Overdue',
      'Overdue',
      'Overdue',
    ]);
    expect(
      await j.page
        .locator('main section .parity-action__reasons li', {
          hasText: `Rated Slippage likely (amber) on ${today()}`,
        })
        .count(),
    ).toBe(3);
    expect(await ui.text()).toContain('Milestones: 1 of 1 milestone done');
    await j.check('plan-by-indicator');

    // The quarterly pack for October to December 2025 shows the milestone's state and the action's status.
    const pack = await j.page.request.get(`${harness!.baseUrl}/o/DHF/publication/2025/pack/Q3/html`, {
      timeout: 120_000,
    });
    expect(pack.status()).toBe(200);
    const packView = await j.context.newPage();
    await packView.setContent(await pack.text(), { waitUntil: 'load' });
    const milestones = await packView.locator('#milestones-table tbody tr').allTextContents();
    expect(milestones).toEqual([
      expect.stringMatching(
        /A1\s*Q3 review at the People Group\s*31 December 2025\s*Done\s*Reviewed on 11 December/,
      ),
    ]);
    const packText = ((await packView.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(packText).toContain(`Milestone: ${MILESTONE}, 31 December 2025: Done`);
    expect(packText).toContain('Overdue: Due 31 December 2025, passed');
    await harness!.screenshot(packView, 'plan-approval-pack');
    await expectAccessible(packView, 'the quarterly pack with the milestone');
    await packView.close();

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
    // Sixteen pages, each scanned by axe, and a quarterly pack: about 100 s on a busy two-core machine.
  }, 300_000);
});
