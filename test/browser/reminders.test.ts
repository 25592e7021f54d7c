/**
 * The quarterly cycle in a real browser (Debian's Chromium through playwright-core), with a real SMTP
 * server on loopback. The EDI lead adds the People Group and its next meeting, and sets the quarter's update
 * window of this year's plan to close before it; a round of the scheduler sends the reminder; the action
 * lead opens the link from the email (its path, on this test server), signs in, lands on the update form and
 * posts the update; the administrator reads what was sent; the lead's unsubscribe link stops optional email.
 * Once the window has closed, the next round sends the plan's owner the digest of the actions still without
 * their update (the care groups' two, not the one just updated). A care-group manager reads the plan: the
 * trust-wide action and their own care group's, never the other care group's. A milestone the EDI lead marks
 * missed shows on the action, and in the quarter's pack issued for the meeting, as the forum's list receives
 * it (the PDF attached to the email, read back by poppler).
 * Every page is screenshotted and scanned with axe, at 1280 px and (the forms) at 320 px.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { PDFTOTEXT_PATH } from '../../scripts/system-deps.mjs';
import { addWorkingDays } from '../../src/features/meetings/meeting.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { financialYearOf, type Plan } from '../../src/features/plans/plan.js';
import { usersRepository } from '../../src/features/users/users.repository.js';
import { actionInput } from '../support/plans.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { navigation, startBrowserHarness, type BrowserHarness, type Journey } from './support/browser.js';

const PUBLIC_URL = 'https://parity.dhf.example';
const LEAD = 'lead@demo.parity.example';
const OWNER = 'analyst@demo.parity.example';
const FORUM_LIST = 'board.secretary@dhf.example';
const examples = path.resolve(import.meta.dirname, '../../examples');

/** Each action of the plan: the trust-wide one the lead updates, and one in each of two care groups. */
const TRUST_ACTION = 'Offer reciprocal mentoring to every band 7 applicant.';
const OWN_ACTION = 'Run listening events on every ward of Medicine and Emergency Care.';
const OTHER_ACTION = 'Review theatre rotas with the staff networks of Surgery and Anaesthetics.';
const MILESTONE = 'Ward listening events held';

/** A person's text of a PDF, as poppler reads it. */
function pdfWords(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-pack-'));
  try {
    writeFileSync(path.join(dir, 'pack.pdf'), pdf);
    return execFileSync(PDFTOTEXT_PATH, [path.join(dir, 'pack.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
  const actionIds: Record<'trust' | 'own' | 'other', string> = { trust: '', own: '', other: '' };
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
    const year = financialYearOf(today);
    const actor = { userId: null, label: 'test' };
    // The year's staff-in-post snapshot (31 March), so the quarter's pack has its figures.
    const workforce = readFileSync(path.join(examples, 'workforce.csv'), 'utf8').replace(
      'Effective Date: 31/03/2024',
      `Effective Date: 31/03/${year}`,
    );
    const loaded = await services.datasets.importFiles(actor, org, [
      { input: { buffer: Buffer.from(workforce), fileName: `workforce-${year}.csv` } },
    ]);
    expect(loaded.saved).toBe(true);
    plan = await services.plans.createPlan(actor, org, { year: String(year), title: '' });
    const units = await services.plans.units(org);
    const unitId = (name: string) => units.find((u) => u.path === name)!.id;
    const action = (text: string, unit: string, leads: string, leadUserIds: string[]) =>
      services.plans.createAction(
        actor,
        org,
        plan,
        actionInput({ text, indicators: ['WRES7'], leads, leadUserIds, unitId: unit }),
      );
    actionIds.trust = (await action(TRUST_ACTION, '', '', [lead.id])).id;
    actionIds.own = (
      await action(OWN_ACTION, unitId('Medicine and Emergency Care'), 'Divisional Director of Nursing', [])
    ).id;
    actionIds.other = (
      await action(OTHER_ACTION, unitId('Surgery and Anaesthetics'), 'Clinical Director for Theatres', [])
    ).id;
  }, 180_000);

  afterAll(async () => {
    for (const j of journeys) await j.close();
    await harness?.close();
    await smtp?.stop();
  });

  it('takes the cycle from the meeting and window through the reminder, the update, the digest, a care group’s view and the pack', async () => {
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
    await p.getByLabel('Distribution list').fill(FORUM_LIST);
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

    // The window closes; the first round after it sends the owner the digest of the actions still owing the
    // quarter's update: the care groups' two, not the one the lead has just updated.
    const window = await harness.app.database.db
      .selectFrom('update_windows')
      .select('closes_on')
      .where('plan_id', '=', plan.id)
      .where('quarter', '=', quarter)
      .executeTakeFirstOrThrow();
    harness.app.clock.set(new Date(Date.parse(`${window.closes_on}T12:00:00Z`) + 86_400_000));
    const late = await harness.app.app.mailScheduler!.tick();
    expect(late.sent).toBe(1);
    const digest = smtp.to(OWNER).at(-1)!;
    expect(digest.subject).toMatch(/^Q\d \d{4}\/\d\d: 2 updates missing for the People Group on /);
    expect(digest.text).toContain(OWN_ACTION);
    expect(digest.text).toContain(OTHER_ACTION);
    expect(digest.text).toContain('Divisional Director of Nursing');
    expect(digest.text).not.toContain(TRUST_ACTION);
    // The owner follows the digest's link to the plan, signing in again: a week has passed.
    const planLink = /https:\/\/parity\.dhf\.example(\/o\/DHF\/plans\/[0-9a-f-]{36})\b/.exec(
      digest.text,
    )![1]!;
    expect(await analyst.goto(planLink)).toBe(200);
    expect(new URL(p.url()).pathname).toBe('/sign-in');
    await signIn(p, 'analyst');
    expect(new URL(p.url()).pathname).toBe(planLink);
    await analyst.check('plan from the digest');

    // A care-group manager reads the plan: the trust-wide action and their own care group's only.
    const manager = await harness.newJourney('caregroup');
    journeys.push(manager);
    expect(await manager.goto('/sign-in')).toBe(200);
    await signIn(manager.page, 'caregroup');
    expect(await manager.goto(`/o/DHF/plans/${plan.id}`)).toBe(200);
    const seen = await manager.page.locator('main').textContent();
    expect(seen).toContain(TRUST_ACTION);
    expect(seen).toContain(OWN_ACTION);
    expect(seen).not.toContain(OTHER_ACTION);
    await manager.check('plan for a care group');
    const otherPath = `/o/DHF/plans/${plan.id}/actions/${actionIds.other}`;
    manager.expectError({ method: 'GET', path: otherPath, status: 404 });
    expect(await manager.goto(otherPath)).toBe(404);

    // The EDI lead marks a milestone of the care group's action missed: it shows on the action...
    const quarterStart = new Date(Date.UTC(Number(today.slice(0, 4)), month - 1, 1))
      .toISOString()
      .slice(0, 10);
    const dueOn = quarterStart < today ? quarterStart : today;
    expect(await analyst.goto(`/o/DHF/plans/${plan.id}/actions/${actionIds.own}`)).toBe(200);
    await p.getByText('Add a milestone').click();
    await p.getByLabel('Title').fill(MILESTONE);
    await p
      .getByLabel('Date', { exact: true })
      .fill(`${dueOn.slice(8, 10)}/${dueOn.slice(5, 7)}/${dueOn.slice(0, 4)}`);
    await p.getByLabel('Missed').check();
    await p.getByLabel('Latest word on it (optional)').fill('Two wards postponed for winter pressures.');
    await click(p, 'Add milestone', 'button');
    const row = p.locator('#milestones ~ div table tbody tr', { hasText: MILESTONE });
    await expect.poll(() => row.textContent()).toContain('Missed');
    await analyst.check('action with a missed milestone');

    // ...and in the quarter's pack, issued for the meeting and emailed to the forum's list.
    expect(await analyst.goto('/o/DHF/meetings')).toBe(200);
    await click(p, 'People Group');
    await click(p, /meeting of|\d{1,2} [A-Z][a-z]+ \d{4}/);
    await p.getByLabel('Quarter the pack reports').selectOption(`${plan.year}-${quarter}`);
    await click(p, 'Issue and email the pack', 'button');
    await expect.poll(() => p.locator('.nhsuk-notification-banner').textContent()).toContain('Issued the');
    await analyst.check('pack issued');
    expect((await harness.app.app.mailScheduler!.tick()).sent).toBe(1);
    const packMail = smtp.to(FORUM_LIST).at(-1)!;
    const attached = packMail.attachments.find((a) => a.contentType === 'application/pdf')!;
    // Kept beside the screenshots, to be read as the forum reads it.
    writeFileSync(path.join(harness.screenshotDir, 'pack-as-emailed.pdf'), attached.content);
    const words = pdfWords(attached.content);
    expect(words).toContain(`${MILESTONE}`);
    expect(words).toMatch(new RegExp(`${MILESTONE} .{0,40}Missed`));
    expect(words).toContain(OWN_ACTION.slice(0, 40));

    for (const j of journeys) j.expectCleanTraffic();
  }, 300_000);
});
