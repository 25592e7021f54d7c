/**
 * The quarterly cycle in a real browser (Debian's Chromium through playwright-core), with a real SMTP
 * server on loopback. The EDI lead adds the People Group and its next meeting, and sets the quarter's update
 * window of this year's plan to close before it; a round of the scheduler sends the reminder; the action
 * lead opens the link from the email (its path, on this test server), signs in, lands on the update form and
 * posts the update; the administrator reads what was sent; the lead's unsubscribe link stops optional email.
 * Every page is screenshotted and scanned with axe, at 1280 px and (the forms) at 320 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { addWorkingDays } from '../../src/features/meetings/meeting.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { financialYearOf, type Plan } from '../../src/features/plans/plan.js';
import { usersRepository } from '../../src/features/users/users.repository.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { navigation, startBrowserHarness, type BrowserHarness, type Journey } from './support/browser.js';

const PUBLIC_URL = 'https://parity.dhf.example';
const LEAD = 'lead@demo.parity.example';

async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await navigation(page, () => page.getByRole('button', { name: 'Sign in' }).click());
}

const click = (page: Page, name: string | RegExp, role: 'link' | 'button' = 'link') =>
  navigation(page, () => page.getByRole(role, { name }).first().click());

/** Checks the page at 320 px as well as 1280 px: the forms must work on a phone. */
async function checkNarrow(j: Journey, label: string): Promise<void> {
  await j.page.setViewportSize({ width: 320, height: 900 });
  await j.check(`${label} at 320 px`);
  const wide = await j.page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );
  expect(wide, `${label} fits 320 px`).toBeLessThanOrEqual(320);
  await j.page.setViewportSize({ width: 1280, height: 900 });
}

describe('the quarterly cycle in a browser', () => {
  let harness: BrowserHarness;
  let smtp: TestSmtp;
  let org: Organisation;
  let plan: Plan;
  let actionText = '';
  const journeys: Journey[] = [];

  beforeAll(async () => {
    smtp = await startSmtp();
    harness = await startBrowserHarness({
      screenshots: 'reminders',
      settings: {
        smtpUrl: smtp.url,
        mailFrom: 'Parity <parity@dhf.example>',
        mailIntervalSeconds: 3600,
        publicUrl: PUBLIC_URL,
      },
    });
    const { services } = harness.app;
    org = (await services.organisations.list()).find((o) => o.odsCode === 'DHF')!;
    const lead = (await usersRepository(services.db).findByUsername('lead'))!;
    const today = services.clock.now().toISOString().slice(0, 10);
    const actor = { userId: null, label: 'test' };
    plan = await services.plans.createPlan(actor, org, { year: String(financialYearOf(today)), title: '' });
    actionText = 'Offer reciprocal mentoring to every band 7 applicant.';
    await services.plans.createAction(actor, org, plan, {
      text: actionText,
      status: 'new',
      theme: '',
      aim: '',
      kpiText: '',
      timescale: '',
      outcome: '',
      sustainability: '',
      serves: ['wres'],
      indicators: ['WRES7'],
      leads: '',
      leadUserIds: [lead.id],
      unitId: '',
    });
  }, 180_000);

  afterAll(async () => {
    for (const j of journeys) await j.close();
    await harness?.close();
    await smtp?.stop();
  });

  it('lets the EDI lead set the meeting and window, the lead follow the reminder to the update, the admin read the record', async () => {
    const today = harness.app.services.clock.now().toISOString().slice(0, 10);
    // A meeting nine working days away: the window (closing five working days before it, opening ten before
    // that) is open today, and its reminder day is still to come.
    const meetsOn = addWorkingDays(today, 9);
    const typed = `${meetsOn.slice(8, 10)}/${meetsOn.slice(5, 7)}/${meetsOn.slice(0, 4)}`;

    const analyst = await harness.newJourney('analyst');
    journeys.push(analyst);
    const p = analyst.page;
    expect(await analyst.goto('/sign-in')).toBe(200);
    await signIn(p, 'analyst');
    expect(await analyst.goto('/o/DHF/meetings')).toBe(200);
    await analyst.check('meetings');
    await p.getByLabel('Name').fill('People Group');
    await p.getByLabel('Distribution list').fill('board.secretary@dhf.example');
    await click(p, 'Add forum', 'button');
    await expect.poll(() => p.locator('h1').textContent()).toBe('People Group');
    await p.getByLabel('Date of the meeting').fill(typed);
    await click(p, 'Add meeting', 'button');
    await analyst.check('forum');
    await checkNarrow(analyst, 'forum');

    expect(await analyst.goto(`/o/DHF/plans/${plan.id}`)).toBe(200);
    await click(p, 'Update windows and reminders');
    await analyst.check('update windows');
    // This quarter's window closes before the meeting.
    const month = Number(today.slice(5, 7));
    const quarter = month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4;
    const select = p.locator(`#q${quarter}-meetingId`);
    const value = await select.locator('option', { hasText: 'People Group' }).getAttribute('value');
    await select.selectOption(value);
    const owner = p.getByLabel('Who receives the digest of late updates');
    await owner.selectOption(await owner.locator('option', { hasText: 'Priya Patel' }).getAttribute('value'));
    await click(p, 'Save update windows', 'button');
    await expect
      .poll(() => p.locator('.nhsuk-notification-banner').textContent())
      .toContain('Saved the update windows');
    await checkNarrow(analyst, 'update windows saved');

    // A round of the scheduler, as each server process runs every minute.
    const round = await harness.app.app.mailScheduler!.tick();
    expect(round.sent).toBe(1);
    const mail = smtp.to(LEAD)[0]!;
    const link = /https:\/\/parity\.dhf\.example(\S+\/update)/.exec(mail.text)![1]!;

    const lead = await harness.newJourney('lead');
    journeys.push(lead);
    expect(await lead.goto(link)).toBe(200);
    expect(new URL(lead.page.url()).pathname).toBe('/sign-in');
    await signIn(lead.page, 'lead');
    expect(new URL(lead.page.url()).hash).toBe('#post-update');
    await expect.poll(() => lead.page.locator('h1').textContent()).toContain('A1');
    await lead.check('action from the reminder');
    await lead.page.getByLabel('On track').check();
    await lead.page
      .getByLabel('What has happened since the last update?')
      .fill('Ten applicants paired with mentors.');
    await click(lead.page, 'Post update', 'button');
    await expect
      .poll(() => lead.page.locator('main').textContent())
      .toContain('Ten applicants paired with mentors.');

    const unsubscribe = /https:\/\/parity\.dhf\.example(\/mail\/unsubscribe\S+)/.exec(mail.text)![1]!;
    const visitor = await harness.newJourney('unsubscribe');
    journeys.push(visitor);
    expect(await visitor.goto(unsubscribe)).toBe(200);
    await visitor.check('unsubscribe');
    await click(visitor.page, 'Stop optional email', 'button');
    await expect.poll(() => visitor.page.locator('main').textContent()).toContain('Optional email is off');

    const admin = await harness.newJourney('admin');
    journeys.push(admin);
    expect(await admin.goto('/sign-in')).toBe(200);
    await signIn(admin.page, 'admin');
    expect(await admin.goto('/o/DHF/mail')).toBe(200);
    await expect.poll(() => admin.page.locator('#deliveries').textContent()).toContain(LEAD);
    await admin.check('email sent');
    expect(await admin.goto('/account/email')).toBe(200);
    await admin.check('account email');

    for (const j of journeys) j.expectCleanTraffic();
    expect(actionText).not.toBe('');
  }, 180_000);
});
