/**
 * Board approvals in storage, the same cases on SQLite, PGlite and a real PostgreSQL server: revisions
 * numbered per organisation and year, every field checked with its own message, the plan approved through
 * the plans service, the whole approval written in one transaction (a failing step leaves nothing), a plan
 * changed while the report was built refused, publishing only an approved revision, and an audit event for
 * every step. The report is a small stand-in (the real one needs loaded data: see test/http/approval.test.ts);
 * the plan snapshot is the real one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/features/audit/audit.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import type { Plan } from '../../src/features/plans/plan.js';
import { approvalsRepository } from '../../src/features/publication/approvals.repository.js';
import { approvalsService } from '../../src/features/publication/approvals.service.js';
import { publicationContent, type PublicationContent } from '../../src/features/publication/content.js';
import { createServices, type Services } from '../../src/features/services.js';
import { fixedClock } from '../../src/shared/clock.js';
import type { Db } from '../../src/storage/database.js';
import { failingInsertInto, problemsOf, stubDocument } from '../support/approvals.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const settings = serviceSettings({ loginMaxAttempts: 3, uploadMaxMegabytes: 10 });
const actor = { userId: null, label: 'edi-lead' };
const APPROVAL = {
  approver: 'Trust Board, chaired by Dr Ada Example',
  meeting: 'Trust Board',
  approvedOn: '2025-05-21',
  minuteRef: 'TB/25/117',
};
const action = (text: string) => ({
  text,
  status: 'new',
  theme: 'Recruitment',
  aim: '',
  kpiText: '',
  timescale: 'Q3 2025/26',
  outcome: '',
  sustainability: '',
  serves: ['wres'],
  indicators: ['WRES2'],
  leads: 'Head of Resourcing',
  leadUserIds: [],
});

describe.each(DIALECTS)('board approvals on %s', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  let org: Organisation;
  const clock = fixedClock('2026-05-01T08:00:00.000Z');
  let figure = '1.20';
  /** Runs while the stand-in report is being built (to change things under an approval). */
  let during: (() => Promise<void>) | null = null;
  const reports: { plan: Plan | null; facts: { label: string; value: string }[] }[] = [];

  const content = (): PublicationContent => ({
    async report(o, year, plan, approval) {
      reports.push({ plan, facts: approval ?? [] });
      const work = during;
      during = null;
      if (work) await work();
      return stubDocument(o, year, plan, approval ?? [], figure);
    },
    planSnapshot: (o, year, plan) => publicationContent(() => services).planSnapshot(o, year, plan),
  });
  const approvalsOn = (db: Db) => approvalsService({ db, clock, plans: services.plans, content: content() });
  const auditActions = async () =>
    (await auditRepository(database.db).list({ organisationIds: [org.id], limit: 500 })).events.map(
      (e) => e.action,
    );

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock, settings });
    org = await services.organisations.create(actor, {
      odsCode: 'RAP',
      name: 'Approval Trust',
      kind: 'trust',
    });
    const plan = await services.plans.createPlan(actor, org, { year: '2025', title: '' });
    await services.plans.createAction(actor, org, plan, action('Put a trained member on every panel.'));
    await services.plans.createAction(actor, org, plan, action('Reverse mentoring for the board.'));
  });
  afterAll(async () => database?.dispose());

  it('checks every field, each with its own message, and needs a plan for the year', async () => {
    const approvals = approvalsOn(database.db);
    const empty = await problemsOf(
      approvals.recordApproval(actor, org, 2030, {
        approver: ' ',
        meeting: '',
        approvedOn: '',
        minuteRef: '',
      }),
    );
    expect(empty.code).toBe('INVALID_INPUT');
    expect(empty.problems.map((p) => p.field)).toEqual([
      'approver',
      'meeting',
      'approvedOn',
      'minuteRef',
      'plan',
    ]);
    expect(empty.problems.map((p) => p.message)).toEqual([
      'Enter who approved the report and plan, for example Trust Board, chaired by the Chair',
      'Enter the meeting that approved them, for example Trust Board',
      'Enter the date of the meeting',
      'Enter the minute reference of the approval, for example TB/24/117',
      'There is no action plan for 2030/31: create it before recording the board’s approval',
    ]);
    const bad = await problemsOf(
      approvals.recordApproval(actor, org, 2025, {
        approver: 'x'.repeat(301),
        meeting: 'Trust Board',
        approvedOn: '2025-02-30',
        minuteRef: 'y'.repeat(101),
      }),
    );
    expect(bad.problems).toEqual([
      { field: 'approver', message: 'Who approved it must be 300 characters or fewer' },
      { field: 'approvedOn', message: 'The date of the meeting must be a date, like 31/03/2025' },
      { field: 'minuteRef', message: 'The minute reference must be 100 characters or fewer' },
    ]);
    const future = await problemsOf(
      approvals.recordApproval(actor, org, 2025, { ...APPROVAL, approvedOn: '2026-05-02' }),
    );
    expect(future.problems).toEqual([
      { field: 'approvedOn', message: 'The date of the meeting cannot be in the future' },
    ]);
    expect(reports).toEqual([]);
    expect(await approvals.revisions(org, 2025)).toEqual([]);
  });

  it('writes nothing at all when a step of the approval fails', async () => {
    const broken = approvalsOn(database.db.withPlugin(failingInsertInto('publication_revisions')));
    const before = await auditActions();
    await expect(broken.recordApproval(actor, org, 2025, APPROVAL)).rejects.toThrow(
      'insert into publication_revisions failed',
    );
    // The plan's status change ran before the failing insert, in the same transaction: rolled back with it.
    const plan = (await services.plans.planForYear(org, 2025))!;
    expect(plan.status).toBe('draft');
    expect(plan.boardApprovalDate).toBeNull();
    expect(await services.plans.history(plan)).toEqual([]);
    expect(await auditActions()).toEqual(before);
    expect(await approvalsRepository(database.db).latestNumber(org.id, 2025)).toBe(0);
  });

  it('freezes revision 1, approves the plan through the plans service, and audits both', async () => {
    const approvals = approvalsOn(database.db);
    reports.length = 0;
    const r1 = await approvals.recordApproval(actor, org, 2025, {
      ...APPROVAL,
      approver: '  Trust Board,\n chaired by Dr Ada Example ',
    });
    expect(r1).toMatchObject({
      revision: 1,
      year: 2025,
      approver: 'Trust Board, chaired by Dr Ada Example',
      approvedOn: '2025-05-21',
      recordedByLabel: 'edi-lead',
    });
    // The report was built for the plan as it stands once approved, with the approval under its title.
    expect(reports[0]!.plan).toMatchObject({ status: 'approved', boardApprovalDate: '2025-05-21' });
    expect(reports[0]!.facts).toEqual([
      {
        label: 'Approved',
        value:
          'Revision 1, by Trust Board, chaired by Dr Ada Example at Trust Board on 21 May 2025, minute TB/25/117',
      },
    ]);
    const plan = (await services.plans.planForYear(org, 2025))!;
    expect(plan).toMatchObject({ status: 'approved', boardApprovalDate: '2025-05-21' });
    expect((await services.plans.history(plan)).map((h) => h.summary)).toEqual([
      'Draft → Approved by the board',
    ]);
    const frozen = (await approvals.revision(org, 2025, 1))!;
    expect(frozen.document.facts[0]).toEqual({ label: 'Plan status', value: 'approved' });
    expect(frozen.plan.plan).toMatchObject({ id: plan.id, status: 'approved', version: plan.version });
    expect(frozen.plan.actions.map((a) => a.ref)).toEqual([1, 2]);
    const events = (await auditRepository(database.db).list({ organisationIds: [org.id], limit: 5 })).events;
    const approve = events.find((e) => e.action === 'publication.approve')!;
    expect(approve.entityId).toBe(r1.id);
    expect(approve.before).toEqual({ revision: null, planStatus: 'draft', boardApprovalDate: null });
    expect(approve.after).toMatchObject({ revision: 1, minuteRef: 'TB/25/117', planStatus: 'approved' });
    expect(events.some((e) => e.action === 'plan.status')).toBe(true);
  });

  it('numbers a re-approval 2 and leaves the approved plan as it is', async () => {
    const approvals = approvalsOn(database.db);
    const r2 = await approvals.recordApproval(actor, org, 2025, {
      ...APPROVAL,
      approvedOn: '2025-07-01',
      minuteRef: 'TB/25/160',
    });
    expect(r2.revision).toBe(2);
    expect((await services.plans.planForYear(org, 2025))!.boardApprovalDate).toBe('2025-05-21');
    expect((await approvals.revisions(org, 2025)).map((r) => [r.revision, r.minuteRef])).toEqual([
      [1, 'TB/25/117'],
      [2, 'TB/25/160'],
    ]);
    expect((await approvals.revision(org, 2025, 1))!.document.facts[1]!.value).toContain('minute TB/25/117');
    // Another organisation's or year's revisions are numbered on their own.
    expect(await approvals.revisions(org, 2024)).toEqual([]);
  });

  it('refuses an approval when the plan or the revisions change while the report is built', async () => {
    const approvals = approvalsOn(database.db);
    const before = await auditActions();
    const plan = (await services.plans.planForYear(org, 2025))!;
    during = async () => {
      await services.plans.createAction(actor, org, plan, action('Added meanwhile.'), 'Asked by the board');
    };
    const race = await problemsOf(approvals.recordApproval(actor, org, 2025, APPROVAL));
    expect(race.code).toBe('CONFLICT');
    // A lead's progress on a milestone (not an edit of its action) changes what the copy says: refused too.
    const first = (await services.plans.actions(plan))[0]!;
    const step = await services.plans.addMilestone(actor, org, plan, first.id, {
      title: 'Panels trained',
      dueOn: '30/09/2025',
      state: 'in_progress',
      note: '',
      reason: 'Asked by the board',
    });
    during = async () => {
      await services.plans.editMilestone(
        actor,
        org,
        plan,
        first.id,
        step.id,
        { state: 'done', note: 'Trained.', version: String(step.version), reason: '' },
        { userId: 'x', canManage: true },
      );
    };
    expect((await problemsOf(approvals.recordApproval(actor, org, 2025, APPROVAL))).code).toBe('CONFLICT');
    during = async () => {
      const other = approvalsOn(database.db);
      await other.recordApproval(actor, org, 2025, { ...APPROVAL, minuteRef: 'TB/25/161' });
    };
    const clash = await problemsOf(approvals.recordApproval(actor, org, 2025, APPROVAL));
    expect(clash.code).toBe('CONFLICT');
    expect((await approvals.revisions(org, 2025)).map((r) => r.minuteRef)).toEqual([
      'TB/25/117',
      'TB/25/160',
      'TB/25/161',
    ]);
    expect((await auditActions()).filter((a) => a === 'publication.approve').length).toBe(
      before.filter((a) => a === 'publication.approve').length + 1,
    );
  });

  it('lists what changed since the latest approval', async () => {
    const approvals = approvalsOn(database.db);
    let plan = (await services.plans.planForYear(org, 2025))!;
    const actions = await services.plans.actions(plan);
    await services.plans.deleteAction(
      actor,
      org,
      plan,
      actions.find((a) => a.ref === 2)!.id,
      'Merged into A1',
    );
    await services.plans.createAction(
      actor,
      org,
      plan,
      action('Added after approval.'),
      'Asked by the board',
    );
    const a1 = actions.find((a) => a.ref === 1)!;
    await services.plans.postUpdate(
      actor,
      org,
      plan,
      a1.id,
      { postedOn: '2026-04-20', rag: 'slippage', narrative: 'Panels short.', confirmOutsideYear: true },
      { userId: 'x', canManage: true },
    );
    // Milestones are compared one by one: one replanned, one added since the approval.
    const panels = (await services.plans.action(plan, a1.id)).milestones[0]!;
    expect(
      await services.plans.editMilestone(
        actor,
        org,
        plan,
        a1.id,
        panels.id,
        {
          dueOn: '31/10/2025',
          state: panels.state,
          note: panels.note,
          version: String(panels.version),
          reason: 'Training moved',
        },
        { userId: 'x', canManage: true },
      ),
    ).toMatchObject({ ok: true });
    await services.plans.addMilestone(actor, org, plan, a1.id, {
      title: 'Board review',
      dueOn: '31/01/2026',
      state: 'not_started',
      note: '',
      reason: 'Asked by the board',
    });
    const edited = await services.plans.editPlan(actor, org, plan, {
      title: 'New title',
      authors: '',
      publicationDate: '',
      sources: '',
      endorsedBy: '',
      endorsedOn: '',
      boardApprovalDate: '21/05/2025',
      alignment: '',
      version: String(plan.version),
      reason: 'Renamed by the board',
    });
    expect(edited.ok).toBe(true);
    plan = (await services.plans.planForYear(org, 2025))!;
    figure = '1.35';
    const changes = (await approvals.changesSinceApproval(org, 2025))!;
    expect(changes.revision).toBe(3);
    expect(changes.added.map((a) => a.title)).toEqual(['Added after approval.']);
    expect(changes.removed.map((a) => a.ref)).toEqual(['A2']);
    expect(changes.changed).toEqual([
      {
        ref: 'A1',
        title: 'Put a trained member on every panel.',
        parts: [
          { part: 'rag', label: 'RAG status' },
          { part: 'milestones', label: 'Milestone “Panels trained” changed (date)' },
          { part: 'milestones', label: 'Milestone “Board review” added' },
        ],
      },
    ]);
    expect(changes.planDetails).toEqual(['Title']);
    expect(changes.figures).toEqual([
      { indicator: 'WRES 2: Appointment', figure: 'Relative likelihood', approved: '1.20', now: '1.35' },
    ]);
    expect(changes.any).toBe(true);
    expect(await approvals.changesSinceApproval(org, 2024)).toBeNull();
  });

  it('publishes only an approved revision, serves it only while the page is on, and audits every step', async () => {
    const approvals = approvalsOn(database.db);
    const missing = await problemsOf(approvals.publish(actor, org, 2025, 9));
    expect(missing.code).toBe('INVALID_INPUT');
    expect(missing.problems[0]!.message).toBe(
      'There is no approved revision 9 of the 2025 report: record the board’s approval first',
    );
    expect(await approvals.published(org)).toEqual([]);

    await approvals.publish(actor, org, 2025, 1);
    expect(await approvals.publicDocument(org, 2025)).toBeNull(); // the page is off
    await approvals.setPublicPage(actor, org, true);
    expect((await approvals.publicDocument(org, 2025))!.document.facts[1]!.value).toContain('Revision 1');
    await approvals.publish(actor, org, 2025, 2);
    expect((await approvals.published(org)).map((p) => [p.year, p.revision])).toEqual([[2025, 2]]);
    expect(await approvals.publicDocument(org, 2024)).toBeNull();
    await approvals.unpublish(actor, org, 2025);
    expect(await approvals.publicDocument(org, 2025)).toBeNull();
    expect((await problemsOf(approvals.unpublish(actor, org, 2025))).code).toBe('NOT_FOUND');
    await approvals.setPublicPage(actor, org, false);
    expect(await approvals.publicPageEnabled(org)).toBe(false);

    const events = (await auditRepository(database.db).list({ organisationIds: [org.id], limit: 5 })).events;
    expect(events.map((e) => [e.action, e.before, e.after])).toEqual([
      ['publication.public_page', { enabled: true }, { enabled: false }],
      ['publication.unpublish', { revision: 2 }, null],
      ['publication.publish', { revision: 1 }, { revision: 2 }],
      ['publication.public_page', { enabled: false }, { enabled: true }],
      ['publication.publish', null, { revision: 1 }],
    ]);
  });
});
