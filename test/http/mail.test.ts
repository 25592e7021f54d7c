/**
 * Reminders that arrive, read back from a real SMTP server (smtp-server on a loopback port, mailparser).
 * The app runs in-process on the demo's organisation and accounts with its clock fixed; the scheduler's
 * interval is an hour, so nothing is sent behind the test's back: each round is the test's own `tick`, and
 * moving the clock stands for the days between. One journey, in order:
 *
 * - nothing before the Q1 window opens; on the day it opens, each linked lead gets one email listing their
 *   actions, with links on the public URL that lead through sign-in to the update form; another round the
 *   same day or the next sends nothing more;
 * - a lead posts an update through the link; on the reminder day only what is still missing is reminded,
 *   and that reminder says it is not optional; after the window closes the owner gets the digest;
 * - the unsubscribe link: opening it changes nothing, its button does, a forged token changes nothing;
 *   then the lead's optional email is skipped (and recorded so) while the mandatory reminder still comes;
 * - with the SMTP server down, a reminder stays in the outbox, is retried after its wait once the server
 *   is back, and arrives once; the record page shows each attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import type { Action, Plan } from '../../src/features/plans/plan.js';
import { usersRepository } from '../../src/features/users/users.repository.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';
import { actionInput } from '../support/plans.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

const PUBLIC_URL = 'https://parity.dhf.example';
const LEAD = 'lead@demo.parity.example';
const ANALYST = 'analyst@demo.parity.example';
const actor = { userId: null, label: 'test' };

/** The links of a plain-text email body that point at Parity. */
const linksIn = (text: string) => [...text.matchAll(/https:\/\/parity\.dhf\.example\S+/g)].map((m) => m[0]);

describe('reminders through a real SMTP server', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let org: Organisation;
  let plan: Plan;
  let a1: Action;
  let a2: Action;
  let a3: Action;
  const tick = () => t.app.mailScheduler!.tick();

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await buildTestApp({
      demo: true,
      settings: {
        smtpUrl: smtp.url,
        mailFrom: 'Parity <parity@dhf.example>',
        mailIntervalSeconds: 3600,
        publicUrl: PUBLIC_URL,
      },
    });
    const { plans, meetings } = t.services;
    org = (await t.services.organisations.list()).find((o) => o.odsCode === 'DHF')!;
    const users = usersRepository(t.database.db);
    const lead = (await users.findByUsername('lead'))!;
    const analyst = (await users.findByUsername('analyst'))!;
    plan = await plans.createPlan(actor, org, { year: '2026', title: 'Action plan 2026/27' });
    const add = (text: string, leads: string, leadUserIds: string[]) =>
      plans.createAction(actor, org, plan, actionInput({ text, indicators: ['WRES1'], leads, leadUserIds }));
    a1 = await add('Train recruiting panels <b>"fairly"</b> & well', '', [lead.id]);
    a2 = await add('Reciprocal mentoring', '', [lead.id, analyst.id]);
    a3 = await add('Review disciplinary cases', 'Head of Employee Relations', []);
    const forum = await meetings.createForum(actor, org, {
      name: 'People Group',
      unitId: '',
      recipients: 'board.secretary@dhf.example',
    });
    const july = await meetings.addMeeting(actor, org, forum, { meetsOn: '15/07/2026', note: '' });
    const october = await meetings.addMeeting(actor, org, forum, { meetsOn: '14/10/2026', note: '' });
    const none = { meetingId: '', opensOn: '', closesOn: '' };
    const windows = await meetings.saveCycle(actor, org, plan, {
      ownerUserId: analyst.id,
      quarters: {
        1: { meetingId: july.id, opensOn: '', closesOn: '' },
        2: { meetingId: october.id, opensOn: '', closesOn: '' },
        3: none,
        4: none,
      },
    });
    // Wednesday 15 July 2026, less 5 working days; opening 10 working days before that.
    expect(windows.map((w) => [w.quarter, w.opensOn, w.closesOn])).toEqual([
      [1, '2026-06-24', '2026-07-08'],
      [2, '2026-09-23', '2026-10-07'],
    ]);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('lists on the plan page the unfinished actions no reminder can reach', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    const page = await analyst.get(`/o/DHF/plans/${plan.id}`);
    expect(page.statusCode).toBe(200);
    const list = /<ul[^>]*id="no-lead-to-email">([\s\S]*?)<\/ul>/.exec(page.body)?.[1] ?? '';
    expect(list).toContain(`A${a3.ref}: Review disciplinary cases`);
    expect(list).toContain('“Head of Employee Relations” is not linked to a Parity account');
    expect(list).not.toContain(`A${a1.ref}:`);
  });

  it('sends nothing before the window opens, and each lead one email on the day it opens', async () => {
    expect((await tick()).planned).toBe(0);
    expect(smtp.received).toHaveLength(0);

    t.clock.set('2026-06-24T07:00:00.000Z');
    const round = await tick();
    expect(round).toMatchObject({ planned: 2, sent: 2, retried: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to).sort()).toEqual([ANALYST, LEAD]);
    const [mail] = smtp.to(LEAD);
    expect(mail!.subject).toBe('Q1 2026/27 updates are open until 8 July 2026');
    // Both of the lead's actions, each with its update form on the public URL; not another's action.
    const base = `${PUBLIC_URL}/o/DHF/plans/${plan.id}/actions`;
    expect(linksIn(mail!.text)).toEqual(
      expect.arrayContaining([`${base}/${a1.id}/update`, `${base}/${a2.id}/update`]),
    );
    expect(mail!.text).not.toContain(a3.id);
    expect(mail!.text).toContain('Train recruiting panels <b>"fairly"</b> & well');
    expect(mail!.html).toContain('Train recruiting panels &lt;b&gt;&quot;fairly&quot;&lt;/b&gt; &amp; well');
    expect(mail!.html).not.toContain('<b>"fairly"</b>');
    expect(mail!.text).toContain('This is optional email.');
    expect(mail!.headerLines.get('list-unsubscribe')).toContain(`<${PUBLIC_URL}/mail/unsubscribe?token=`);
    expect(mail!.headerLines.get('list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(mail!.messageId).toMatch(/@parity\.dhf\.example>$/);

    // Again that day and the next: the reminder is sent once.
    expect((await tick()).planned).toBe(0);
    t.clock.set('2026-06-25T07:00:00.000Z');
    expect((await tick()).planned).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });

  it('leads through sign-in straight to the update form, where the lead posts the update', async () => {
    const link = linksIn(smtp.to(LEAD)[0]!.text).find((l) => l.includes(a1.id))!;
    const path = link.slice(PUBLIC_URL.length);
    const lead: Agent = t.agent();
    const first = await lead.get(path);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(path)}`);
    await lead.get(String(first.headers.location));
    const signedIn = await lead.post('/sign-in', {
      username: 'lead',
      password: DEMO_PASSWORD,
      returnTo: path,
    });
    expect(signedIn.headers.location).toBe(path);
    const toForm = await lead.get(path);
    expect(toForm.statusCode).toBe(303);
    const actionPath = `/o/DHF/plans/${plan.id}/actions/${a1.id}`;
    expect(toForm.headers.location).toBe(`${actionPath}#post-update`);
    const page = await lead.get(actionPath);
    expect(page.body).toContain('id="post-update"');
    expect(page.body).toContain(`action="/o/DHF/plans/${plan.id}/actions/${a1.id}/updates"`);
    const posted = await lead.post(`${actionPath}/updates`, {
      rag: 'on_track',
      narrative: 'Panels trained in June.',
      postedOn: '',
    });
    expect(posted.statusCode).toBe(303);
  });

  it('reminds on the reminder day only what is still missing, not optionally, and sends the owner the digest after', async () => {
    // Friday 3 July 2026: three working days before the window closes on Wednesday 8 July.
    t.clock.set('2026-07-03T07:00:00.000Z');
    expect(await tick()).toMatchObject({ planned: 2, sent: 2 });
    const reminder = smtp.to(LEAD)[1]!;
    expect(reminder.subject).toBe('Reminder: your Q1 2026/27 update is due by 8 July 2026');
    expect(reminder.text).toContain(`A${a2.ref}: Reciprocal mentoring`);
    expect(reminder.text).not.toContain(`A${a1.ref}: Train`);
    expect(reminder.text).toContain('sent even if you have turned optional email off');
    expect(reminder.text).not.toContain('This is optional email.');

    t.clock.set('2026-07-08T16:00:00.000Z');
    expect((await tick()).planned).toBe(0);
    t.clock.set('2026-07-09T07:00:00.000Z');
    expect(await tick()).toMatchObject({ planned: 1, sent: 1 });
    const digest = smtp.to(ANALYST).at(-1)!;
    expect(digest.subject).toBe('Q1 2026/27: 2 updates missing for the People Group on 15 July 2026');
    expect(digest.text).toContain(`A${a2.ref}: Reciprocal mentoring`);
    expect(digest.text).toContain(`A${a3.ref}: Review disciplinary cases`);
    expect(digest.text).toContain('Head of Employee Relations');
    expect(digest.text).not.toContain(`A${a1.ref}: Train`);
    expect(smtp.received).toHaveLength(5);
  });

  it('stops optional email through the unsubscribe link, and only when its button is pressed', async () => {
    const link = linksIn(smtp.to(LEAD)[0]!.text).find((l) => l.includes('/mail/unsubscribe'))!;
    const visitor = t.agent();
    const page = await visitor.get(link.slice(PUBLIC_URL.length));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sam Okoro (Head of Resourcing)');
    expect(page.body).toContain('Stop optional email');
    const optOuts = () => t.database.db.selectFrom('mail_opt_outs').selectAll().execute();
    expect(await optOuts()).toHaveLength(0);

    const token = new URL(link).searchParams.get('token')!;
    const forged = await visitor.post('/mail/unsubscribe', {
      token: `${token.slice(0, -2)}xx`,
      optional: 'off',
    });
    expect(forged.statusCode).toBe(400);
    expect(await optOuts()).toHaveLength(0);
    const withoutFormToken = await visitor.post('/mail/unsubscribe', { token, optional: 'off', _csrf: null });
    expect(withoutFormToken.statusCode).toBe(403);
    expect(await optOuts()).toHaveLength(0);

    const done = await visitor.post('/mail/unsubscribe', { token, optional: 'off' });
    expect(done.statusCode).toBe(303);
    const lead = (await usersRepository(t.database.db).findByUsername('lead'))!;
    expect((await optOuts()).map((o) => [o.key, o.via])).toEqual([[`user:${lead.id}`, 'link']]);
    expect((await visitor.get(String(done.headers.location))).body).toContain('Start optional email again');

    // A mail program's one-click unsubscribe (RFC 8058) posts exactly List-Unsubscribe=One-Click to the
    // link, with no form token: honoured for the link's signed token, never for a forged one, and the
    // exemption from the form token covers that body on that route only.
    const analyst = (await usersRepository(t.database.db).findByUsername('analyst'))!;
    const analystLink = linksIn(smtp.to(ANALYST)[0]!.text).find((l) => l.includes('/mail/unsubscribe'))!;
    const analystToken = new URL(analystLink).searchParams.get('token')!;
    const oneClick = (path: string, payload: string) =>
      t.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
    const forgedClick = await oneClick(
      `/mail/unsubscribe?token=${encodeURIComponent(`${analystToken.slice(0, -2)}xx`)}`,
      'List-Unsubscribe=One-Click',
    );
    expect(forgedClick.statusCode).toBe(400);
    const padded = await oneClick(
      `/mail/unsubscribe?token=${encodeURIComponent(analystToken)}`,
      'List-Unsubscribe=One-Click&optional=on',
    );
    expect(padded.statusCode).toBe(403);
    expect((await oneClick('/sign-in', 'List-Unsubscribe=One-Click')).statusCode).toBe(403);
    expect((await optOuts()).map((o) => o.key)).toEqual([`user:${lead.id}`]);
    const clicked = await oneClick(
      `/mail/unsubscribe?token=${encodeURIComponent(analystToken)}`,
      'List-Unsubscribe=One-Click',
    );
    expect(clicked.statusCode).toBe(200);
    expect(clicked.body).toBe('Optional email is off. Reminders of an update you owe still come.');
    expect((await optOuts()).map((o) => [o.key, o.via])).toEqual(
      expect.arrayContaining([
        [`user:${lead.id}`, 'link'],
        [`user:${analyst.id}`, 'one-click'],
      ]),
    );
    expect(await optOuts()).toHaveLength(2);
    // Started again from the account page, so the next window's notice reaches the analyst as before.
    await t.services.mail.setOptedOut(
      { userId: null, label: 'test' },
      `user:${analyst.id}`,
      false,
      'account',
    );

    // The Q2 window opens: the lead's optional notice is not sent (and recorded so), the analyst's is.
    t.clock.set('2026-09-23T07:00:00.000Z');
    expect(await tick()).toMatchObject({ planned: 2, sent: 1, skipped: 1 });
    expect(smtp.received.at(-1)!.to).toBe(ANALYST);
    const skipped = await t.database.db
      .selectFrom('mail_deliveries')
      .selectAll()
      .where('outcome', '=', 'skipped')
      .execute();
    expect(skipped.map((d) => [d.recipient, d.kind])).toEqual([[LEAD, 'update.open']]);
  });

  it('keeps a reminder in the outbox while the SMTP server is down, and sends it once when it is back', async () => {
    await smtp.stop();
    const before = smtp.received.length;
    // The Q2 reminder day: the lead's reminder is due whatever their choice, as is the analyst's.
    t.clock.set('2026-10-02T07:00:00.000Z');
    expect(await tick()).toMatchObject({ planned: 2, sent: 0, retried: 2 });
    const waiting = await t.database.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .execute();
    const sorted = [...waiting].sort((x, y) => x.recipient.localeCompare(y.recipient));
    expect(sorted.map((w) => [w.recipient, w.attempts, w.not_before])).toEqual([
      [ANALYST, 1, '2026-10-02T07:01:00.000Z'],
      [LEAD, 1, '2026-10-02T07:01:00.000Z'],
    ]);
    expect(waiting[0]!.last_error).toMatch(/ECONNREFUSED/);

    // Back up, but the wait is not over: nothing is tried yet.
    await smtp.start();
    expect(await tick()).toMatchObject({ planned: 0, sent: 0, retried: 0 });
    t.clock.advance(60_000);
    expect(await tick()).toMatchObject({ planned: 0, sent: 2 });
    expect(await tick()).toMatchObject({ planned: 0, sent: 0 });
    const arrived = smtp.received.slice(before);
    expect(arrived.map((m) => m.to).sort()).toEqual([ANALYST, LEAD]);
    expect(
      arrived.every((m) => m.subject === 'Reminder: your Q2 2026/27 update is due by 7 October 2026'),
    ).toBe(true);

    // The administrator's record: each attempt, the failed ones and the sent ones.
    const admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
    const record = await admin.get('/o/DHF/mail');
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain('Email is <strong>on</strong>');
    const rows =
      /<table class="nhsuk-table" id="deliveries">([\s\S]*?)<\/table>/.exec(record.body)?.[1] ?? '';
    expect(rows.match(/Not sent, will try again/g)).toHaveLength(2);
    // Q1: two notices, two reminders, the digest; Q2: the analyst's notice, then both reminders.
    expect(rows.match(/<td class="nhsuk-table__cell">Sent<\/td>/g)).toHaveLength(8);
    expect(rows).toContain('Not sent: optional email turned off');
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    expect((await analyst.get('/o/DHF/mail')).statusCode).toBe(403);
  });
});
