/**
 * Forums, meetings, update windows, approvals that name their meeting, and packs issued for a meeting, in
 * storage: the same cases on SQLite, PGlite and a real PostgreSQL server. One trust's ids never reach
 * another's; a meeting that a window, a pack or an approval refers to stays; issuing a pack writes the pack,
 * one message per address (an address that is an account's follows that account's choice) and its audit
 * event together. The approval's report is a small stand-in (the real one needs loaded data).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/features/audit/audit.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { approvalsService } from '../../src/features/publication/approvals.service.js';
import { publicationContent } from '../../src/features/publication/content.js';
import { createServices, type Services } from '../../src/features/services.js';
import { fixedClock } from '../../src/shared/clock.js';
import { problemsOf, stubDocument } from '../support/approvals.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const actor = { userId: null, label: 'edi-lead' };
const NONE = { meetingId: '', opensOn: '', closesOn: '' };

describe.each(DIALECTS)('meetings on %s', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  let org: Organisation;
  let other: Organisation;
  const clock = fixedClock('2026-06-15T09:00:00.000Z');

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({
      db: database.db,
      clock,
      settings: serviceSettings({
        sessionSecret: 'a-secret-of-at-least-thirty-two-characters',
        publicUrl: 'https://parity.example',
        smtpUrl: 'smtp://127.0.0.1:25',
      }),
    });
    org = await services.organisations.create(actor, {
      odsCode: 'RMT',
      name: 'Meeting Trust',
      kind: 'trust',
    });
    other = await services.organisations.create(actor, {
      odsCode: 'ROT',
      name: 'Other Trust',
      kind: 'trust',
    });
  });
  afterAll(async () => database?.dispose());

  it('keeps forums and meetings to their organisation, and a name once per organisation', async () => {
    const forum = await services.meetings.createForum(actor, org, {
      name: 'People Group',
      unitId: '',
      recipients: 'a@trust.example',
    });
    await services.meetings.createForum(actor, other, { name: 'People Group', unitId: '', recipients: '' });
    const twice = await problemsOf(
      services.meetings.createForum(actor, org, { name: 'people group', unitId: '', recipients: '' }),
    );
    expect(twice.problems).toEqual([
      { field: 'name', message: 'There is already a forum called people group: choose another name' },
    ]);
    await expect(services.meetings.forum(other, forum.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const meeting = await services.meetings.addMeeting(actor, org, forum, {
      meetsOn: '2026-07-15',
      note: '',
    });
    await expect(services.meetings.meeting(other, meeting.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await services.meetings.meetings(other)).length).toBe(0);
  });

  it('sets and replaces a plan’s windows and owner, with an audit event each time', async () => {
    const plan = await services.plans.createPlan(actor, org, { year: '2026', title: '' });
    const [july] = await services.meetings.meetings(org);
    const saved = await services.meetings.saveCycle(actor, org, plan, {
      ownerUserId: '',
      quarters: { 1: { meetingId: july!.id, opensOn: '', closesOn: '' }, 2: NONE, 3: NONE, 4: NONE },
    });
    expect(saved.map((w) => [w.quarter, w.opensOn, w.closesOn])).toEqual([[1, '2026-06-24', '2026-07-08']]);
    // Another trust's meeting is not one to choose.
    const foreignForum = (await services.meetings.forums(other))[0]!;
    const foreign = await services.meetings.addMeeting(actor, other, foreignForum, {
      meetsOn: '2026-07-16',
      note: '',
    });
    const refused = await problemsOf(
      services.meetings.saveCycle(actor, org, plan, {
        ownerUserId: '',
        quarters: { 1: { meetingId: foreign.id, opensOn: '', closesOn: '' }, 2: NONE, 3: NONE, 4: NONE },
      }),
    );
    expect(refused.problems.map((p) => p.field)).toEqual(['q1-meetingId']);
    expect((await services.meetings.windowsOfPlan(plan)).map((w) => w.meetingId)).toEqual([july!.id]);
    await services.meetings.saveCycle(actor, org, plan, {
      ownerUserId: '',
      quarters: { 1: NONE, 2: NONE, 3: NONE, 4: NONE },
    });
    expect(await services.meetings.windowsOfPlan(plan)).toEqual([]);
    const events = (await auditRepository(database.db).list({ organisationIds: [org.id], limit: 100 }))
      .events;
    expect(events.filter((e) => e.action === 'plan.cycle')).toHaveLength(2);
  });

  it('records an approval at a recorded meeting, which then stays on record', async () => {
    const plan = await services.plans.createPlan(actor, org, { year: '2025', title: '' });
    const board = await services.meetings.createForum(actor, org, {
      name: 'Trust Board',
      unitId: '',
      recipients: '',
    });
    const meeting = await services.meetings.addMeeting(actor, org, board, {
      meetsOn: '2026-05-21',
      note: '',
    });
    const approvals = approvalsService({
      db: database.db,
      clock,
      plans: services.plans,
      content: {
        report: (o, year, p, facts) => Promise.resolve(stubDocument(o, year, p, facts ?? [], '1.20')),
        planSnapshot: (o, year, p) => publicationContent(() => services).planSnapshot(o, year, p),
      },
    });
    const revision = await approvals.recordApproval(actor, org, plan.year, {
      approver: 'Trust Board, chaired by the Chair',
      meeting: '',
      approvedOn: '',
      minuteRef: 'TB/26/1',
      meetingId: meeting.id,
    });
    expect([revision.meeting, revision.approvedOn, revision.meetingId]).toEqual([
      'Trust Board',
      '2026-05-21',
      meeting.id,
    ]);
    expect((await approvals.revisions(org, plan.year))[0]!.meetingId).toBe(meeting.id);
    const kept = await problemsOf(services.meetings.deleteMeeting(actor, org, meeting));
    expect(kept.problems.map((p) => p.message)).toEqual([
      'An approval names this meeting: it stays on record',
    ]);
  });

  it('issues a pack with one message per address, an account’s address following its choice', async () => {
    const forum = (await services.meetings.forums(org)).find((f) => f.name === 'People Group')!;
    const user = await services.users.createUser(actor, {
      username: 'secretary',
      displayName: 'Board Secretary',
      password: 'a long enough password for the test',
      email: 'Secretary@Trust.example',
    });
    await services.meetings.editForum(actor, org, forum, forum.version, {
      name: forum.name,
      unitId: '',
      recipients: 'secretary@trust.example\nnon.exec@elsewhere.example',
    });
    const [meeting] = await services.meetings.meetings(org, forum.id);
    const issue = await services.meetings.issuePack(actor, org, meeting!, {
      year: 2026,
      quarter: 1,
      careGroup: null,
      fileName: 'RMT-quarterly-pack-Q1-2026-27.pdf',
      pdf: Buffer.from('%PDF-1.7 stand-in'),
      issuedByName: 'Priya Patel',
    });
    expect(issue.mailed).toBe(true);
    const outbox = await database.db
      .selectFrom('mail_outbox')
      .select(['recipient', 'recipient_key', 'kind', 'attachments_json', 'optional'])
      .where('organisation_id', '=', org.id)
      .orderBy('recipient')
      .execute();
    expect(outbox.map((m) => [m.recipient, m.recipient_key, m.kind, Number(m.optional)])).toEqual([
      ['non.exec@elsewhere.example', 'address:non.exec@elsewhere.example', 'pack.issued', 1],
      ['secretary@trust.example', `user:${user.id}`, 'pack.issued', 1],
    ]);
    expect(JSON.parse(outbox[0]!.attachments_json)).toEqual([
      { packIssueId: issue.id, fileName: 'RMT-quarterly-pack-Q1-2026-27.pdf' },
    ]);
    const stored = await services.meetings.issue(org, issue.id);
    expect(stored.pdf.toString()).toBe('%PDF-1.7 stand-in');
    await expect(services.meetings.issue(other, issue.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
