/**
 * Milestones inside actions, and updates dated outside a plan's year, with the same cases on SQLite,
 * PGlite and a real PostgreSQL server: milestones round-trip in date order with their action, every change
 * is validated whole (each problem naming its field), versioned, audited and, once the plan is approved,
 * kept as a revision when it replans; a lead records progress but neither replans nor adds; carry forward
 * takes the unfinished ones; deleting an action takes its milestones; the migration goes down and up again.
 * On PostgreSQL half the parallel editors work through a second connection pool, as a second server
 * process would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import type { Action, Plan } from '../../src/features/plans/plan.js';
import { createServices, type Services } from '../../src/features/services.js';
import { fixedClock } from '../../src/shared/clock.js';
import { isParityError, type ParityError } from '../../src/shared/errors.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import * as migration from '../../src/storage/migrations/0012_action_milestones.js';
import { countRows, DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const settings = serviceSettings({ loginMaxAttempts: 3, uploadMaxMegabytes: 10 });
const actor = { userId: null, label: 'edi' };
const manager = { userId: 'edi', canManage: true };

const input = (text: string, leadUserIds: string[] = []) => ({
  text,
  status: 'new',
  theme: '',
  aim: '',
  kpiText: '',
  timescale: 'Q4 2024/25',
  outcome: '',
  sustainability: '',
  serves: ['wres'],
  indicators: ['WRES2'],
  leads: '',
  leadUserIds,
});

const milestone = (title: string, dueOn: string, state = 'not_started', note = '') => ({
  title,
  dueOn,
  state,
  note,
  reason: '',
});

async function refusal(promise: Promise<unknown>): Promise<ParityError> {
  try {
    await promise;
  } catch (error) {
    if (isParityError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each(DIALECTS)('milestones on %s', (dialect) => {
  let database: TestDatabase;
  let second: DatabaseHandle | null = null;
  let services: Services;
  let other: Services;
  let org: Organisation;
  let plan: Plan;
  let action: Action;
  let leadId = '';
  const clock = fixedClock('2024-11-20T10:00:00.000Z');

  const fresh = async () => (action = await services.plans.action(plan, action.id));

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock, settings });
    if (dialect === 'postgres') second = await openDatabase(database.url);
    other = second ? createServices({ db: second.db, clock, settings }) : services;
    org = await services.organisations.create(actor, {
      odsCode: 'RMS',
      name: 'Milestone Trust',
      kind: 'trust',
    });
    const lead = await services.users.createUser(actor, {
      username: 'lead',
      displayName: 'Action Lead',
      password: 'a long enough password for the test',
    });
    await services.users.grantRole(actor, {
      userId: lead.id,
      organisationId: org.id,
      unitPath: null,
      role: 'action_lead',
    });
    leadId = lead.id;
    plan = await services.plans.createPlan(actor, org, { year: '2024', title: '' });
    action = await services.plans.createAction(
      actor,
      org,
      plan,
      input('Coach band 6 and 7 staff.', [leadId]),
    );
  });
  afterAll(async () => {
    await second?.close();
    await database?.dispose();
  });

  it('stores milestones with the action, in date order, and audits each with what it holds', async () => {
    await services.plans.addMilestone(actor, org, plan, action.id, milestone('Q4 evaluation', '31/03/2025'));
    await services.plans.addMilestone(
      actor,
      org,
      plan,
      action.id,
      milestone('Coaches trained', '30 August 2024', 'done', 'Twenty trained.'),
    );
    await services.plans.addMilestone(
      actor,
      org,
      plan,
      action.id,
      milestone('Q3 review', '2024-12-31', 'in_progress'),
    );
    await fresh();
    expect(action.milestones.map((m) => [m.dueOn, m.title, m.state, m.note, m.version])).toEqual([
      ['2024-08-30', 'Coaches trained', 'done', 'Twenty trained.', 1],
      ['2024-12-31', 'Q3 review', 'in_progress', '', 1],
      ['2025-03-31', 'Q4 evaluation', 'not_started', '', 1],
    ]);
    // The plan's list reads them too (one query for every action's milestones).
    const listed = (await services.plans.actions(plan)).find((a) => a.id === action.id)!;
    expect(listed.milestones).toEqual(action.milestones);
    const events = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'action.milestone')
      .where('entity_id', '=', action.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.summary)).toEqual([
      `Added the milestone “Q4 evaluation” (31 March 2025) to action A1 of ${plan.title}`,
      `Added the milestone “Coaches trained” (30 August 2024) to action A1 of ${plan.title}`,
      `Added the milestone “Q3 review” (31 December 2024) to action A1 of ${plan.title}`,
    ]);
    expect(JSON.parse(events[1]!.after_json!)).toMatchObject({ title: 'Coaches trained', state: 'done' });
    expect(events.every((e) => e.organisation_id === org.id)).toBe(true);
  });

  it('lists every problem with a milestone, naming its field, and saves nothing', async () => {
    const before = await countRows(database.db, 'plan_action_milestones');
    const bad = await refusal(
      services.plans.addMilestone(actor, org, plan, action.id, {
        title: ' ',
        dueOn: '31/02/2025',
        state: 'finished',
        note: 'x'.repeat(4001),
        reason: '',
      }),
    );
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.problems).toEqual([
      { field: 'milestoneTitle', message: 'Enter the milestone’s title' },
      { field: 'milestoneDueOn', message: 'The milestone’s date must be a date, like 31/03/2025' },
      {
        field: 'milestoneState',
        message: 'Choose whether the milestone is not started, in progress, done or missed',
      },
      { field: 'milestoneNote', message: 'The milestone’s update must be 4,000 characters or fewer' },
    ]);
    const noDate = await refusal(
      services.plans.addMilestone(actor, org, plan, action.id, milestone('Launch', '')),
    );
    expect(noDate.problems).toEqual([
      { field: 'milestoneDueOn', message: 'Enter the milestone’s date, like 31/12/2024' },
    ]);
    expect(await countRows(database.db, 'plan_action_milestones')).toBe(before);
  });

  it('lets a lead record progress but not replan, refuses anyone else, and keeps a stale edit from winning', async () => {
    await fresh();
    const review = action.milestones.find((m) => m.title === 'Q3 review')!;
    const lead = { userId: leadId, canManage: false };
    const progress = { state: 'done', note: 'Held at the December People Group.', reason: '' };
    const saved = await services.plans.editMilestone(
      { userId: leadId, label: 'lead' },
      org,
      plan,
      action.id,
      review.id,
      { ...progress, version: String(review.version) },
      lead,
    );
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect([
      saved.milestone.state,
      saved.milestone.note,
      saved.milestone.version,
      saved.milestone.title,
    ]).toEqual(['done', 'Held at the December People Group.', 2, 'Q3 review']);
    const replan = await refusal(
      services.plans.editMilestone(
        actor,
        org,
        plan,
        action.id,
        review.id,
        { ...progress, title: 'Renamed', version: '2' },
        lead,
      ),
    );
    expect(replan.code).toBe('FORBIDDEN');
    const stranger = await refusal(
      services.plans.editMilestone(
        actor,
        org,
        plan,
        action.id,
        review.id,
        { ...progress, version: '2' },
        {
          userId: 'someone-else',
          canManage: false,
        },
      ),
    );
    expect(stranger.code).toBe('FORBIDDEN');

    // Six editors save from version 2 at once: exactly one wins, the others are told what it saved.
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? services : other).plans.editMilestone(
          { userId: null, label: `editor-${i}` },
          org,
          plan,
          action.id,
          review.id,
          {
            title: 'Q3 review',
            dueOn: '31/12/2024',
            state: 'done',
            note: `Editor ${i}`,
            version: '2',
            reason: '',
          },
          manager,
        ),
      ),
    );
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    const stored = (await fresh()).milestones.find((m) => m.id === review.id)!;
    expect(stored.version).toBe(3);
    for (const o of outcomes) if (!o.ok) expect(o.current).toEqual(stored);
    await second?.close();
    second = null;
    other = services;
  });

  it('asks an approved plan’s replanning for a reason and keeps it as a revision, but not progress', async () => {
    const locked = await services.plans.createPlan(actor, org, { year: '2023', title: 'Approved plan' });
    let p = locked;
    const a = await services.plans.createAction(actor, org, p, input('Publish the pay gaps.', [leadId]));
    await services.plans.addMilestone(actor, org, p, a.id, milestone('Draft analysis', '31/12/2023'));
    p = await services.plans.changeStatus(actor, org, p, {
      to: 'approved',
      version: String(p.version),
      endorsedBy: '',
      endorsedOn: '',
      boardApprovalDate: '26/10/2023',
      publicationDate: '',
    });
    const m = (await services.plans.action(p, a.id)).milestones[0]!;
    const noReason = await refusal(
      services.plans.editMilestone(
        actor,
        org,
        p,
        a.id,
        m.id,
        {
          title: 'Draft analysis',
          dueOn: '31/01/2024',
          state: 'in_progress',
          note: '',
          version: '1',
          reason: '',
        },
        manager,
      ),
    );
    expect(noReason.problems.map((x) => x.field)).toEqual(['reason']);
    const moved = await services.plans.editMilestone(
      actor,
      org,
      p,
      a.id,
      m.id,
      {
        title: 'Draft analysis',
        dueOn: '31/01/2024',
        state: 'in_progress',
        note: '',
        version: '1',
        reason: 'The supplier needs January',
      },
      manager,
    );
    expect(moved.ok).toBe(true);
    // Progress alone is no revision: no reason asked.
    const done = await services.plans.editMilestone(
      { userId: leadId, label: 'lead' },
      org,
      p,
      a.id,
      m.id,
      { state: 'done', note: 'Shared with the committee.', version: '2', reason: '' },
      { userId: leadId, canManage: false },
    );
    expect(done.ok).toBe(true);
    await expect(
      services.plans.addMilestone(actor, org, p, a.id, milestone('Board paper', '31/03/2024')),
    ).rejects.toThrow('The milestone has problems');
    const history = await services.plans.history(p);
    expect(history.filter((h) => h.kind === 'revision').map((h) => [h.summary, h.reason])).toEqual([
      ['Changed a milestone of action A1', 'The supplier needs January'],
    ]);
    const removed = await refusal(
      services.plans.removeMilestone(actor, org, p, a.id, m.id, { version: '3', reason: '' }),
    );
    expect(removed.problems.map((x) => x.field)).toEqual(['reason']);
    await services.plans.removeMilestone(actor, org, p, a.id, m.id, { version: '3', reason: 'Done with' });
    expect((await services.plans.action(p, a.id)).milestones).toEqual([]);
  });

  it('refuses to remove a milestone someone changed meanwhile', async () => {
    await fresh();
    const evaluation = action.milestones.find((m) => m.title === 'Q4 evaluation')!;
    const stale = await refusal(
      services.plans.removeMilestone(actor, org, plan, action.id, evaluation.id, {
        version: '7',
        reason: '',
      }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect((await fresh()).milestones.some((m) => m.id === evaluation.id)).toBe(true);
  });

  it('carries the unfinished milestones forward, and leaves the done and missed ones in their year', async () => {
    await services.plans.addMilestone(
      actor,
      org,
      plan,
      action.id,
      milestone('Pilot ward', '30/09/2024', 'missed'),
    );
    await services.plans.addMilestone(
      actor,
      org,
      plan,
      action.id,
      milestone('Booking open', '30/11/2024', 'in_progress'),
    );
    const next = await services.plans.carryForward(actor, org, plan, [action.id]);
    const carried = (await services.plans.actions(next))[0]!;
    expect(carried.milestones.map((m) => [m.title, m.state, m.version])).toEqual([
      ['Booking open', 'in_progress', 1],
      ['Q4 evaluation', 'not_started', 1],
    ]);
    expect(carried.milestones.every((m) => m.actionId === carried.id)).toBe(true);
    // The original keeps all of its own.
    expect((await fresh()).milestones).toHaveLength(5);
  });

  it('deletes an action’s milestones with it', async () => {
    const doomed = await services.plans.createAction(actor, org, plan, input('To be deleted.'));
    await services.plans.addMilestone(actor, org, plan, doomed.id, milestone('Never', '31/01/2025'));
    await services.plans.deleteAction(actor, org, plan, doomed.id);
    const left = await database.db
      .selectFrom('plan_action_milestones')
      .select('id')
      .where('action_id', '=', doomed.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('asks before posting an update dated outside the plan’s year, and posts it once confirmed', async () => {
    const update = { postedOn: '03/04/2025', rag: 'G', narrative: 'Coaching continues.' };
    const rights = { userId: 'x', canManage: true };
    clock.set('2025-06-01T09:00:00.000Z');
    try {
      const asked = await refusal(services.plans.postUpdate(actor, org, plan, action.id, update, rights));
      expect(asked.problems).toEqual([
        {
          field: 'confirmOutsideYear',
          message:
            'This update is dated 3 April 2025, after the plan’s year 2024/25 ended. Post it to this plan anyway?',
        },
      ]);
      expect(await services.plans.updatesOf([action.id])).toEqual([]);
      // Other problems come first: the question is asked only of an update that is otherwise fine.
      const both = await refusal(
        services.plans.postUpdate(actor, org, plan, action.id, { ...update, narrative: '' }, rights),
      );
      expect(both.problems.map((p) => p.field)).toEqual(['narrative']);
      await services.plans.postUpdate(
        actor,
        org,
        plan,
        action.id,
        { ...update, confirmOutsideYear: true },
        rights,
      );
    } finally {
      clock.set('2024-11-20T10:00:00.000Z');
    }
    expect((await services.plans.updatesOf([action.id])).map((u) => u.postedOn)).toEqual(['2025-04-03']);
  });

  it('goes down and up again', async () => {
    await migration.down(database.db);
    await expect(database.db.selectFrom('plan_action_milestones').selectAll().execute()).rejects.toThrow();
    await migration.up(database.db);
    expect(await countRows(database.db, 'plan_action_milestones')).toBe(0);
    expect((await services.plans.action(plan, action.id)).milestones).toEqual([]);
  });
});
