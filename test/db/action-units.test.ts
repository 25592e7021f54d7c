/**
 * Actions owned by units, on SQLite, PGlite and a real PostgreSQL server: an action is trust-wide or owned
 * by one unit of its organisation; a reader limited to a unit sees the trust-wide actions and those of
 * their unit and the units below it, and nothing of another unit's (not the action, its updates, its
 * history, nor its place in the dashboard's counts); an organisation-wide reader may look at one unit's
 * view of the plan; the owner is validated, audited, kept by carry forward and limited for an editor whose
 * role covers one unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgAccess } from '../../src/features/auth/access.js';
import type { Organisation, OrgUnit } from '../../src/features/organisations/organisation.js';
import type { Action, Plan } from '../../src/features/plans/plan.js';
import { actionsByIndicator } from '../../src/features/plans/plans.queries.js';
import { createServices, type Services } from '../../src/features/services.js';
import type { Role } from '../../src/features/users/roles.js';
import { fixedClock } from '../../src/shared/clock.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const settings = serviceSettings({ loginMaxAttempts: 3, uploadMaxMegabytes: 10 });
const actor = { userId: null, label: 'edi' };

const input = (text: string, unitId = '', extra: { leadUserIds?: string[] } = {}) => ({
  text,
  status: 'new',
  theme: '',
  aim: '',
  kpiText: '',
  timescale: 'Q3 2024/25',
  outcome: '',
  sustainability: '',
  serves: ['wres'],
  indicators: ['WRES2'],
  leads: 'Someone',
  leadUserIds: extra.leadUserIds ?? [],
  unitId,
});

const orgWide = (org: Organisation, role: Role = 'viewer'): OrgAccess => ({
  organisation: org,
  orgRoles: new Set([role]),
  unitGrants: [],
});
const limitedTo = (org: Organisation, unit: OrgUnit, role: Role = 'viewer'): OrgAccess => ({
  organisation: org,
  orgRoles: new Set(),
  unitGrants: [{ unitId: unit.id, role }],
});

describe.each(DIALECTS)('actions owned by units on %s', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  let org: Organisation;
  let other: Organisation;
  let plan: Plan;
  const unit: Record<string, OrgUnit> = {};
  const action: Record<string, Action> = {};
  let leadId = '';

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock: fixedClock('2024-11-20T10:00:00.000Z'), settings });
    org = await services.organisations.create(actor, { odsCode: 'RUN', name: 'Unit Trust', kind: 'trust' });
    other = await services.organisations.create(actor, {
      odsCode: 'ROT',
      name: 'Other Trust',
      kind: 'trust',
    });
    await services.organisations.ensureUnits(actor, org.id, [
      ['Medicine', 'Emergency', 'ED'],
      ['Surgery', 'Theatres'],
    ]);
    await services.organisations.ensureUnits(actor, other.id, [['Elsewhere']]);
    for (const u of await services.plans.units(org)) unit[u.path] = u;
    unit.Elsewhere = (await services.plans.units(other))[0]!;
    const lead = await services.users.createUser(actor, {
      username: 'medicine-lead',
      displayName: 'Medicine Lead',
      password: 'a long enough password for the test',
    });
    await services.users.grantRole(actor, {
      userId: lead.id,
      organisationId: org.id,
      unitPath: 'Medicine',
      role: 'action_lead',
    });
    leadId = lead.id;
    plan = await services.plans.createPlan(actor, org, { year: '2024', title: '' });
    const add = async (key: string, unitId: string) => {
      action[key] = await services.plans.createAction(
        actor,
        org,
        plan,
        input(`The ${key} action`, unitId, { leadUserIds: [leadId] }),
      );
      await services.plans.postUpdate(
        actor,
        org,
        plan,
        action[key].id,
        { postedOn: '01/10/2024', rag: 'G', narrative: `News of the ${key} action` },
        { userId: 'x', canManage: true },
      );
    };
    await add('trust', '');
    await add('medicine', unit.Medicine!.id);
    await add('ed', unit['Medicine > Emergency > ED']!.id);
    await add('surgery', unit.Surgery!.id);
    await add('theatres', unit['Surgery > Theatres']!.id);
  });
  afterAll(async () => database?.dispose());

  const texts = (actions: readonly Action[]) => actions.map((a) => a.text);

  it('stores the owning unit, or none for a trust-wide action', async () => {
    const rows = await database.db
      .selectFrom('plan_actions')
      .select(['text', 'unit_id'])
      .where('plan_id', '=', plan.id)
      .orderBy('ref')
      .execute();
    expect(rows).toEqual([
      { text: 'The trust action', unit_id: null },
      { text: 'The medicine action', unit_id: unit.Medicine!.id },
      { text: 'The ed action', unit_id: unit['Medicine > Emergency > ED']!.id },
      { text: 'The surgery action', unit_id: unit.Surgery!.id },
      { text: 'The theatres action', unit_id: unit['Surgery > Theatres']!.id },
    ]);
    expect((await services.plans.action(plan, action.ed!.id)).unitId).toBe(
      unit['Medicine > Emergency > ED']!.id,
    );
  });

  it('shows a reader limited to a unit the trust-wide actions and those of their unit and below, no other', async () => {
    const medicine = limitedTo(org, unit.Medicine!);
    expect(texts(await services.plans.visibleActions(medicine, plan))).toEqual([
      'The trust action',
      'The medicine action',
      'The ed action',
    ]);
    // A department sees its own and the trust-wide actions, not its care group's.
    const ed = limitedTo(org, unit['Medicine > Emergency > ED']!);
    expect(texts(await services.plans.visibleActions(ed, plan))).toEqual([
      'The trust action',
      'The ed action',
    ]);
    expect(texts(await services.plans.visibleActions(orgWide(org), plan))).toHaveLength(5);
    // Another unit's action is not found, as if it did not exist.
    await expect(services.plans.visibleAction(medicine, plan, action.surgery!.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(services.plans.visibleAction(ed, plan, action.medicine!.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await services.plans.visibleAction(medicine, plan, action.ed!.id)).id).toBe(action.ed!.id);
  });

  it('gives an organisation-wide reader one unit’s view of the plan, and no reader a unit beyond their own', async () => {
    expect(texts(await services.plans.visibleActions(orgWide(org), plan, unit.Surgery!.id))).toEqual([
      'The trust action',
      'The surgery action',
      'The theatres action',
    ]);
    const medicine = limitedTo(org, unit.Medicine!);
    expect(
      texts(await services.plans.visibleActions(medicine, plan, unit['Medicine > Emergency']!.id)),
    ).toEqual(['The trust action', 'The ed action']);
    for (const [access, focus] of [
      [medicine, unit.Surgery!.id],
      [orgWide(org), unit.Elsewhere!.id],
      [orgWide(org), 'no-such-unit'],
    ] as const)
      await expect(services.plans.visibleActions(access, plan, focus)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
  });

  it('lists only the actions a lead may see under My actions, and the dashboard counts only the view’s', async () => {
    const mine = await services.plans.myActions(limitedTo(org, unit.Medicine!, 'action_lead'), leadId);
    expect(mine.map((m) => m.action.text)).toEqual([
      'The trust action',
      'The medicine action',
      'The ed action',
    ]);
    const byIndicator = await actionsByIndicator(database.db, org.id, 2024, ['Medicine'], '2024-11-15');
    expect(byIndicator.map((r) => r.title)).toEqual([
      'The trust action',
      'The medicine action',
      'The ed action',
    ]);
    expect(await actionsByIndicator(database.db, org.id, 2024, 'all', '2024-11-15')).toHaveLength(5);
  });

  it('keeps another unit’s changes out of the plan’s history, and its updates out of a carried action’s', async () => {
    const surgery = await services.plans.action(plan, action.surgery!.id);
    const changed = await services.plans.editAction(actor, org, plan, surgery.id, surgery.version, {
      ...input('The surgery action, changed', unit.Surgery!.id),
      leadUserIds: [leadId],
    });
    expect(changed.ok).toBe(true);
    const seen = (access: OrgAccess) =>
      services.plans.visibleHistory(access, plan).then((h) => h.map((e) => e.entityId));
    // The plan is a draft, so changes are audited but not revisions; approve it so the next one is kept.
    expect(await seen(orgWide(org))).toEqual([]);
    const approved = await services.plans.changeStatus(actor, org, plan, {
      to: 'approved',
      version: String(plan.version),
      endorsedBy: '',
      endorsedOn: '',
      boardApprovalDate: '01/11/2024',
      publicationDate: '',
    });
    const now = await services.plans.action(approved, action.surgery!.id);
    await services.plans.editAction(
      actor,
      org,
      approved,
      now.id,
      now.version,
      { ...input('The surgery action, revised', unit.Surgery!.id), leadUserIds: [leadId] },
      'The board asked for it',
    );
    expect(await seen(orgWide(org))).toContain(now.id);
    expect(await seen(limitedTo(org, unit.Surgery!))).toContain(now.id);
    expect(await seen(limitedTo(org, unit.Medicine!))).not.toContain(now.id);
    // A deleted action is judged by the owner its last snapshot names.
    const theatres = action.theatres!;
    await services.plans.deleteAction(actor, org, approved, theatres.id, 'No longer needed');
    expect(await seen(limitedTo(org, unit.Surgery!))).toContain(theatres.id);
    expect(await seen(limitedTo(org, unit.Medicine!))).not.toContain(theatres.id);
    plan = approved;

    const next = await services.plans.carryForward(actor, org, plan, [
      action.medicine!.id,
      action.surgery!.id,
    ]);
    const carried = await services.plans.actions(next);
    expect(carried.map((a) => a.unitId)).toEqual([unit.Medicine!.id, unit.Surgery!.id]);
    const medicine = limitedTo(org, unit.Medicine!);
    const reach = await services.plans.reach(medicine);
    const history = await services.plans.updateHistory(org, carried[0]!, reach);
    expect(history.map((u) => u.narrative)).toEqual(['News of the medicine action']);
    // Moved into Medicine after being carried: the reader of Medicine sees it, not its Surgery history.
    const moved = await services.plans.editAction(actor, org, next, carried[1]!.id, carried[1]!.version, {
      ...input('The surgery action, now Medicine’s', unit.Medicine!.id),
    });
    expect(moved.ok).toBe(true);
    const movedAction = await services.plans.visibleAction(medicine, next, carried[1]!.id);
    expect(await services.plans.updateHistory(org, movedAction, reach)).toEqual([]);
    expect(await services.plans.origin(org, movedAction, reach)).toBeNull();
    expect((await services.plans.origin(org, movedAction, 'all'))?.action.id).toBe(action.surgery!.id);
  });

  it('refuses an owner that is not a unit of the organisation, saving nothing, and audits a change of owner', async () => {
    const before = await database.db.selectFrom('plan_actions').select('id').execute();
    for (const unitId of [unit.Elsewhere!.id, 'not-a-unit'])
      await expect(
        services.plans.createAction(actor, org, plan, input('Owned elsewhere', unitId), 'reason'),
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        problems: [
          { field: 'unitId', message: 'Choose the owning unit from the list of this organisation’s units' },
        ],
      });
    expect(await database.db.selectFrom('plan_actions').select('id').execute()).toHaveLength(before.length);

    const trust = await services.plans.action(plan, action.trust!.id);
    const moved = await services.plans.editAction(
      actor,
      org,
      plan,
      trust.id,
      trust.version,
      input('The trust action', unit['Medicine > Emergency']!.id),
      'Emergency took it on',
    );
    expect(moved.ok && moved.action.unitId).toBe(unit['Medicine > Emergency']!.id);
    const event = await database.db
      .selectFrom('audit_events')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'action.update')
      .where('entity_id', '=', trust.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.before_json!)).toMatchObject({ unitId: null, unit: 'Trust-wide' });
    expect(JSON.parse(event.after_json!)).toMatchObject({
      unitId: unit['Medicine > Emergency']!.id,
      unit: 'Medicine > Emergency',
    });
  });

  it('lets an editor limited to a unit give actions only their unit or one below it, and change only those', async () => {
    const editor = limitedTo(org, unit.Medicine!, 'admin');
    const own = await services.plans.createAction(
      actor,
      org,
      plan,
      input('Medicine’s own', unit['Medicine > Emergency > ED']!.id),
      'reason',
      editor,
    );
    expect(own.unitId).toBe(unit['Medicine > Emergency > ED']!.id);
    for (const unitId of ['', unit.Surgery!.id])
      await expect(
        services.plans.createAction(actor, org, plan, input('Not theirs to own', unitId), 'reason', editor),
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        problems: [
          {
            field: 'unitId',
            message: 'Your role covers only part of the organisation: choose your own unit or one below it',
          },
        ],
      });
    const surgery = await services.plans.action(plan, action.surgery!.id);
    await expect(
      services.plans.editAction(
        actor,
        org,
        plan,
        surgery.id,
        surgery.version,
        input('Taken over', unit.Medicine!.id),
        'reason',
        editor,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await services.plans.action(plan, surgery.id)).unitId).toBe(unit.Surgery!.id);
  });
});
