/**
 * Action plans in storage, with the same cases on SQLite, PGlite and a real PostgreSQL server: the plan
 * and its actions round-trip, the dashboard's query answers per indicator, and parallel stale edits never
 * lose an update. On PostgreSQL half the editors work through a second connection pool, as a second
 * server process would, and their transactions truly overlap. SQLite (better-sqlite3 is synchronous: two
 * connections in one process would wait on each other's locks on the one thread) and PGlite run one
 * connection per process, so there the editors' reads and transactions interleave on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/features/services.js';
import { actionsByIndicator } from '../../src/features/plans/plans.queries.js';
import type { Action, Plan } from '../../src/features/plans/plan.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const settings = serviceSettings({ loginMaxAttempts: 3, uploadMaxMegabytes: 10 });
const actor = (label: string) => ({ userId: null, label });

const input = (text: string, kpiText = '') => ({
  text,
  status: 'new',
  theme: 'Recruitment',
  aim: '',
  kpiText,
  timescale: 'Q3 2024/25',
  outcome: 'Fairer appointments',
  sustainability: '',
  serves: ['wres'],
  indicators: ['WRES2', 'WRES7', 'HIA2'],
  leads: 'Head of Resourcing\nRecruitment team',
  leadUserIds: [],
});

describe.each(DIALECTS)('action plans on %s', (dialect) => {
  let database: TestDatabase;
  let second: DatabaseHandle | null = null;
  let services: Services;
  let other: Services;
  let org: Organisation;
  let plan: Plan;
  const clock = fixedClock('2024-11-20T10:00:00.000Z');

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock, settings });
    // A second connection to the same database, as a second server process would have.
    if (dialect === 'postgres') second = await openDatabase(database.url);
    other = second ? createServices({ db: second.db, clock, settings }) : services;
    org = await services.organisations.create(actor('test'), {
      odsCode: 'RPL',
      name: 'Plan Trust',
      kind: 'trust',
    });
    plan = await services.plans.createPlan(actor('test'), org, { year: '2024', title: '' });
  });
  afterAll(async () => {
    await second?.close();
    await database?.dispose();
  });

  it('stores an action once with its indicators, leads and timescale, and answers the dashboard per indicator', async () => {
    const action = await services.plans.createAction(
      actor('edi'),
      org,
      plan,
      input('Put a trained member on every panel.'),
    );
    expect(action.indicators).toEqual(['WRES2', 'WRES7', 'HIA2']);
    expect(action.leads).toEqual([
      { name: 'Head of Resourcing', userId: null },
      { name: 'Recruitment team', userId: null },
    ]);
    expect(action.timescale).toEqual({ kind: 'point', point: { kind: 'quarter', year: 2024, quarter: 3 } });
    expect(action.dueDate).toBe('2024-12-31');
    await services.plans.postUpdate(
      actor('lead'),
      org,
      plan,
      action.id,
      { postedOn: '01/10/2024', rag: 'G', narrative: 'Panels booked.' },
      { userId: 'x', canManage: true },
    );
    const rows = await actionsByIndicator(database.db, org.id, 2024, 'all', '2024-11-15');
    expect(rows.map((r) => r.indicator)).toEqual(['WRES2', 'WRES7', 'HIA2']);
    expect(rows[0]).toMatchObject({
      actionId: action.id,
      planId: plan.id,
      planYear: 2024,
      title: 'Put a trained member on every panel.',
      status: 'new',
      rag: 'on_track',
      ragLabel: 'On track',
      leads: ['Head of Resourcing', 'Recruitment team'],
      lastUpdateOn: '2024-10-01',
      state: {
        key: 'on_track',
        label: 'On track',
        reasons: [
          'Due 31 December 2024',
          'Rated On track (green) on 1 October 2024',
          'Last update 1 October 2024',
        ],
      },
    });
    expect(await actionsByIndicator(database.db, org.id, 2023, 'all', '2024-11-15')).toEqual([]);
  });

  it('creates one plan when two people create the same year at once, and tells the other it exists', async () => {
    const outcomes = await Promise.allSettled(
      [services, other, services, other].map((s, i) =>
        s.plans.createPlan(actor(`creator-${i}`), org, { year: '2031', title: `Plan by ${i}` }),
      ),
    );
    const created = outcomes.filter((o) => o.status === 'fulfilled');
    expect(created).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected')
        expect(o.reason).toMatchObject({
          code: 'INVALID_INPUT',
          problems: [{ field: 'year', message: 'There is already a plan for 2031/32' }],
        });
  });

  it('lets exactly one of several parallel stale edits win, tells the others what it saved, and writes nothing of theirs', async () => {
    const action = await services.plans.createAction(actor('edi'), org, plan, input('Original wording.'));
    const editors = Array.from({ length: 8 }, (_, i) => i);
    const outcomes = await Promise.all(
      editors.map((i) =>
        (i % 2 === 0 ? services : other).plans.editAction(
          actor(`editor-${i}`),
          org,
          plan,
          action.id,
          action.version,
          input(`Wording by editor ${i}.`),
        ),
      ),
    );
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    const winner = (winners[0] as { ok: true; action: Action }).action;
    for (const o of outcomes.filter((x) => !x.ok)) {
      const current = o.current;
      expect(current.text).toBe(winner.text);
      expect(current.version).toBe(action.version + 1);
    }
    const stored = await services.plans.action(plan, action.id);
    expect(stored.text).toBe(winner.text);
    expect(stored.version).toBe(action.version + 1);
    const audits = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'action.update')
      .where('entity_id', '=', action.id)
      .execute();
    expect(audits).toHaveLength(1);
    expect((JSON.parse(audits[0]!.after_json!) as { text: string }).text).toBe(winner.text);
  });

  it('never loses an update when parallel editors retry on top of the change they were shown', async () => {
    const action = await services.plans.createAction(
      actor('edi'),
      org,
      plan,
      input('Shared action.', 'Baseline KPI'),
    );
    const editors = Array.from({ length: 6 }, (_, i) => i);
    const attempts = new Map<number, number>();
    await Promise.all(
      editors.map(async (i) => {
        const svc = i % 2 === 0 ? services : other;
        let seen = await svc.plans.action(plan, action.id);
        for (;;) {
          attempts.set(i, (attempts.get(i) ?? 0) + 1);
          const outcome = await svc.plans.editAction(
            actor(`editor-${i}`),
            org,
            plan,
            action.id,
            seen.version,
            input('Shared action.', `${seen.kpiText}\n- KPI from editor ${i}`),
          );
          if (outcome.ok) return;
          seen = outcome.current;
        }
      }),
    );
    const stored = await services.plans.action(plan, action.id);
    for (const i of editors) expect(stored.kpiText).toContain(`- KPI from editor ${i}`);
    expect(stored.kpiText.split('\n').filter((l) => l.startsWith('- KPI from editor'))).toHaveLength(
      editors.length,
    );
    expect(stored.version).toBe(action.version + editors.length);
    const audits = await database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'action.update')
      .where('entity_id', '=', action.id)
      .execute();
    expect(audits).toHaveLength(editors.length);
    // The editors really raced: at least one of them was refused and had to retry.
    expect([...attempts.values()].some((n) => n > 1)).toBe(true);
  });

  it('numbers actions added in parallel one after another, losing none', async () => {
    const before = (await services.plans.actions(plan)).length;
    const added = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? services : other).plans.createAction(
          actor(`adder-${i}`),
          org,
          plan,
          input(`Added at once ${i}.`),
        ),
      ),
    );
    const refs = added.map((a) => a.ref).sort((a, b) => a - b);
    expect(new Set(refs).size).toBe(6);
    expect((await services.plans.actions(plan)).map((a) => a.ref)).toEqual(
      Array.from({ length: before + 6 }, (_, i) => i + 1),
    );
  });

  it('keeps every progress update posted in parallel, and shows the latest on the action', async () => {
    const action = await services.plans.createAction(actor('edi'), org, plan, input('Updated by many.'));
    const dates = ['2024-07-01', '2024-08-01', '2024-09-01', '2024-10-01', '2024-11-01', '2024-06-01'];
    await Promise.all(
      dates.map((d, i) =>
        (i % 2 === 0 ? services : other).plans.postUpdate(
          actor(`lead-${i}`),
          org,
          plan,
          action.id,
          { postedOn: d, rag: i === 4 ? 'critical' : 'on_track', narrative: `Update for ${d}` },
          { userId: 'x', canManage: true },
        ),
      ),
    );
    const history = await services.plans.updateHistory(
      org,
      await services.plans.action(plan, action.id),
      'all',
    );
    expect(history.map((u) => u.postedOn)).toEqual([...dates].sort().reverse());
    const stored = await services.plans.action(plan, action.id);
    expect(stored.lastUpdateOn).toBe('2024-11-01');
    expect(stored.rag).toBe('critical');
    // The second connection pool is done: closed here, well before the database is dropped after the
    // last test, so no connection of it is still closing when PostgreSQL terminates them.
    await second?.close();
    second = null;
    other = services;
  });

  it('carries a plan forward with links to each origin, and refuses a second plan for the same year', async () => {
    const actions = await services.plans.actions(plan);
    const next = await services.plans.carryForward(
      actor('edi'),
      org,
      plan,
      actions.slice(0, 2).map((a) => a.id),
    );
    expect(next.year).toBe(2025);
    expect(next.carriedFromPlanId).toBe(plan.id);
    const carried = await services.plans.actions(next);
    expect(carried.map((a) => a.originActionId)).toEqual(actions.slice(0, 2).map((a) => a.id));
    expect(carried[0]!.status).toBe('continued');
    const history = await services.plans.updateHistory(org, carried[0]!, 'all');
    expect(history.map((u) => [u.planYear, u.fromEarlierPlan])).toEqual([[2024, true]]);
    await expect(services.plans.carryForward(actor('edi'), org, plan, [])).rejects.toThrow(
      'could not be carried forward',
    );
    await expect(services.plans.deleteAction(actor('edi'), org, plan, actions[0]!.id)).rejects.toThrow(
      'could not be deleted',
    );
  });
});
