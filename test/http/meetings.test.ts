/**
 * Forums, meetings, a plan's update windows, approvals that name their meeting, and the quarterly pack
 * issued for a meeting and emailed to its forum's list, through the web on the demo installation with its
 * data loaded and a real SMTP server on loopback. Bad input answers 400 with every problem beside its field
 * and saves nothing; a stale edit answers 409 and saves nothing; what people typed is escaped. A second
 * app without an SMTP server shows that mail is off wherever it would be sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

const XSS = '<script>alert("forum")</script>';
const BASE = '/o/DHF/meetings';

/** The hrefs of the page's error summary: which fields it names. */
const errorLinks = (html: string) =>
  [...(/nhsuk-error-summary[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '').matchAll(/href="#([^"]+)"/g)].map(
    (m) => m[1],
  );

describe('forums, meetings, update windows and packs', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let org: Organisation;
  let analyst: Agent;
  let forumId = '';
  let meetingId = '';
  const count = async (table: 'forums' | 'meetings' | 'update_windows' | 'pack_issues' | 'mail_outbox') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await buildTestApp({
      demoData: true,
      settings: {
        smtpUrl: smtp.url,
        mailFrom: 'Parity <parity@dhf.example>',
        mailIntervalSeconds: 3600,
        publicUrl: 'https://parity.dhf.example',
      },
    });
    org = (await t.services.organisations.list()).find((o) => o.odsCode === 'DHF')!;
    analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('refuses a forum with problems, naming every field, and saves nothing', async () => {
    await analyst.get(BASE);
    const r = await analyst.post(`${BASE}/forums`, {
      name: '  ',
      unitId: 'not-a-unit',
      recipients: 'board@dhf.example\nnot an address',
    });
    expect(r.statusCode).toBe(400);
    expect(errorLinks(r.body)).toEqual(['name', 'unitId', 'recipients']);
    expect(r.body).toContain('This is not an email address: “not an address”');
    // What was typed is kept in the form.
    expect(r.body).toContain('board@dhf.example');
    expect(await count('forums')).toBe(0);
  });

  it('adds a forum with its care group and list, and its meetings; a repeated date is refused', async () => {
    const units = await t.services.plans.units(org);
    const careGroup = units.find((u) => u.level === 'care_group')!;
    const r = await analyst.post(`${BASE}/forums`, {
      name: `Board ${XSS}`,
      unitId: careGroup.id,
      recipients: 'secretary@dhf.example; Non.Exec@elsewhere.example',
    });
    expect(r.statusCode).toBe(303);
    forumId = String(r.headers.location).split('/').pop()!;
    const page = await analyst.get(String(r.headers.location));
    expect(page.body).not.toContain(XSS);
    expect(page.body).toContain('Board &lt;script&gt;');
    expect(page.body).toContain('secretary@dhf.example\nNon.Exec@elsewhere.example');

    const bad = await analyst.post(`${BASE}/forums/${forumId}/meetings`, { meetsOn: '31/02/2026', note: '' });
    expect(bad.statusCode).toBe(400);
    expect(errorLinks(bad.body)).toEqual(['meetsOn']);
    expect(await count('meetings')).toBe(0);
    const ok = await analyst.post(`${BASE}/forums/${forumId}/meetings`, { meetsOn: '15/07/2026', note: '' });
    expect(ok.statusCode).toBe(303);
    const again = await analyst.post(`${BASE}/forums/${forumId}/meetings`, {
      meetsOn: '2026-07-15',
      note: '',
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already has a meeting on that date');
    expect(await count('meetings')).toBe(1);
    meetingId = (await t.services.meetings.meetings(org, forumId))[0]!.id;
  });

  it('refuses an edit made from an old version, keeping what was typed and saving nothing', async () => {
    const form = await analyst.get(`${BASE}/forums/${forumId}`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const first = await analyst.post(`${BASE}/forums/${forumId}`, {
      version,
      name: 'Surgery Board',
      unitId: '',
      recipients: 'secretary@dhf.example',
    });
    expect(first.statusCode).toBe(303);
    const stale = await analyst.post(`${BASE}/forums/${forumId}`, {
      version,
      name: 'Something else',
      unitId: '',
      recipients: 'x@dhf.example',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Somebody else changed this forum first');
    expect(stale.body).toContain('Something else');
    expect((await t.services.meetings.forum(org, forumId)).name).toBe('Surgery Board');
  });

  it('sets a plan’s update window from a meeting, and refuses impossible dates by field', async () => {
    const plan = await t.services.plans.createPlan({ userId: null, label: 'test' }, org, {
      year: '2026',
      title: 'Plan 2026/27',
    });
    const path = `/o/DHF/plans/${plan.id}/cycle`;
    const page = await analyst.get(path);
    expect(page.statusCode).toBe(200);
    const bad = await analyst.post(path, {
      'q1-meetingId': meetingId,
      'q1-opensOn': '',
      'q1-closesOn': '20/07/2026',
      'q2-meetingId': '',
      'q2-opensOn': '01/09/2026',
      ownerUserId: 'nobody',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorLinks(bad.body)).toEqual(['q1-closesOn', 'q2-meetingId', 'ownerUserId']);
    expect(await count('update_windows')).toBe(0);
    const ok = await analyst.post(path, { 'q1-meetingId': meetingId, ownerUserId: '' });
    expect(ok.statusCode).toBe(303);
    const saved = await analyst.get(path);
    expect(saved.body).toContain('open 24 June 2026, reminder 3 July 2026, closes 8 July 2026');
    // The meeting now has a window closing before it: it cannot be removed, nor its forum.
    const removeMeeting = await analyst.post(`${BASE}/${meetingId}/delete`, {});
    expect(removeMeeting.statusCode).toBe(400);
    expect(removeMeeting.body).toContain('1 update window closes before this meeting');
    const removeForum = await analyst.post(`${BASE}/forums/${forumId}/delete`, { confirm: 'yes' });
    expect(removeForum.statusCode).toBe(400);
    expect(await count('meetings')).toBe(1);
  });

  it('offers the recorded meetings on the approval form, and checks the date against the chosen one', async () => {
    // Recording an approval builds the whole report (slow): test/db/meetings.test.ts records one.
    const plans = await t.services.plans.plans(org);
    const years = await t.services.dashboard.years(org);
    const year = plans.map((p) => p.year).find((y) => years.includes(y))!;
    const forum = await t.services.meetings.createForum({ userId: null, label: 'test' }, org, {
      name: 'Trust Board',
      unitId: '',
      recipients: '',
    });
    const board = await t.services.meetings.addMeeting({ userId: null, label: 'test' }, org, forum, {
      meetsOn: `${year + 1}-05-21`,
      note: '',
    });
    const approval = `/o/DHF/publication/${year}/approval`;
    const page = await analyst.get(approval);
    expect(page.body).toContain(`<option value="${board.id}">Trust Board, 21 May ${year + 1}</option>`);
    const wrongDate = await analyst.post(approval, {
      approver: 'Trust Board',
      meetingId: board.id,
      meeting: '',
      approvedOn: `22/05/${year + 1}`,
      minuteRef: 'TB/1',
    });
    expect(wrongDate.statusCode).toBe(400);
    expect(errorLinks(wrongDate.body)).toEqual(['approvedOn']);
    expect(wrongDate.body).toContain(`The Trust Board you chose met on 21 May ${year + 1}`);
    const otherTrusts = await analyst.post(approval, {
      approver: 'Trust Board',
      meetingId: '00000000-0000-7000-8000-000000000009',
      meeting: '',
      approvedOn: '',
      minuteRef: 'TB/1',
    });
    expect(otherTrusts.statusCode).toBe(400);
    expect(errorLinks(otherTrusts.body)).toContain('meetingId');
    expect(await count('pack_issues')).toBe(0);
  });

  it('issues a quarterly pack for a meeting and emails the PDF to the forum’s list, once', async () => {
    const years = await t.services.dashboard.years(org);
    const year = Math.max(...years);
    const before = smtp.received.length;
    const page = await analyst.get(`${BASE}/${meetingId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Issue and email the pack');
    const noQuarter = await analyst.post(`${BASE}/${meetingId}/pack`, { period: 'Q9' });
    expect(noQuarter.statusCode).toBe(400);
    expect(errorLinks(noQuarter.body)).toEqual(['period']);
    expect(await count('pack_issues')).toBe(0);

    const r = await analyst.post(`${BASE}/${meetingId}/pack`, { period: `${year}-2` });
    expect(r.statusCode).toBe(303);
    expect(await count('pack_issues')).toBe(1);
    expect(await count('mail_outbox')).toBe(1);
    await t.app.mailScheduler!.tick();
    await t.app.mailScheduler!.tick();
    const arrived = smtp.received.slice(before);
    expect(arrived.map((m) => m.to)).toEqual(['secretary@dhf.example']);
    const mail = arrived[0]!;
    expect(mail.subject).toMatch(/^Q2 \d{4}\/\d{2} quarterly pack for the Surgery Board on 15 July 2026$/);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    const link = /https:\/\/parity\.dhf\.example(\/o\/DHF\/meetings\/\S+\/packs\/\S+)/.exec(mail.text)![1]!;
    const download = await analyst.get(link);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(download.rawPayload, mail.attachments[0]!.content)).toBe(0);
    // A care group's manager reaches only their own unit's pages: the organisation's copies are not theirs.
    const caregroup = t.agent();
    await caregroup.signIn('caregroup', DEMO_PASSWORD);
    expect((await caregroup.get(link)).statusCode).toBe(403);
  }, 120_000);
});

describe('with no SMTP server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
  });
  afterAll(async () => t?.close());

  it('says email is off on the pages that would send it, and runs no scheduler', async () => {
    expect(t.app.mailScheduler).toBeNull();
    const admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
    const page = (await admin.get(BASE)).body;
    expect(page).toContain('Email is off');
    // The installation's working days, as the windows count them.
    expect(page).toContain(
      'Working days are Monday to Friday except the bank holidays of England and Wales.',
    );
    expect((await admin.get('/o/DHF/mail')).body).toContain('Email is off');
    const org = (await t.services.organisations.list()).find((o) => o.odsCode === 'DHF')!;
    const plan = (await t.services.plans.plans(org))[0]!;
    const cycle = (await admin.get(`/o/DHF/plans/${plan.id}/cycle`)).body;
    expect(cycle).toContain('Email is off');
    expect(cycle).toContain(
      'Working days are Monday to Friday except the bank holidays of England and Wales.',
    );
  });
});
