/**
 * Action plans: creating a plan for a financial year and taking it from draft to published; actions
 * stored once and linked to many indicators; progress updates from action leads; carrying a plan forward
 * into the next year. Every change is validated whole, then written with its audit event (and, once the
 * plan is approved, a revision saying who changed what and why) in one transaction. Edits name the
 * version they started from: a stale edit is refused with the other person's change, never applied.
 */
import type { Clock } from '../../shared/clock.js';
import { conflict, invalidInput, notFound, forbidden, type Problem } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Db } from '../../storage/database.js';
import { inTransaction } from '../../storage/transaction.js';
import { auditOrgEvent, type Actor } from '../audit/audit.js';
import type { OrgAccess } from '../auth/access.js';
import type { Organisation, OrgUnit } from '../organisations/organisation.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { roleHas } from '../users/roles.js';
import { usersRepository } from '../users/users.repository.js';
import {
  checkAction,
  checkUpdate,
  readAuthors,
  readDateField,
  readText,
  type ActionInput,
  type CheckedAction,
  type PlanDetailsInput,
  type UpdateInput,
} from './inputs.js';
import {
  DEFAULT_RAG_LABELS,
  financialYearLabel,
  PLAN_STATUS_LABELS,
  RAG_STATUSES,
  type Action,
  type ActionStatus,
  type KpiDirection,
  type Lead,
  type Plan,
  type PlanChange,
  type PlanStatus,
  type ProgressUpdate,
  type RagLabels,
} from './plan.js';
import { plansRepository, type ActionFields, type PlanFields, type Stamp } from './plans.repository.js';
import { isReference } from './references.js';
import { titleOf } from './markup.js';
import { milestoneOperations } from './milestones.service.js';
import { actionState, outsideYearQuestion, STATES_TO_CHASE, type ActionStateKey } from './status.js';
import { actionReach, mayOwn, ownerLabel, reaches, type ActionReach } from './visibility.js';

/** The plan is approved or published: changes are revisions that need a reason. */
export const isLocked = (plan: Plan): boolean => plan.status === 'approved' || plan.status === 'published';

const NEXT_STATUS: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  draft: ['endorsed', 'approved'],
  endorsed: ['approved', 'draft'],
  approved: ['published'],
  published: [],
};

export function allowedTransitions(plan: Plan): readonly PlanStatus[] {
  return NEXT_STATUS[plan.status];
}

/**
 * Two actions added to a plan at the same moment can both read the same next number (A7) and the second
 * insert then breaks the plan's unique (plan, number) rule. The transaction rolled back whole, so it is
 * simply run again, reading the number afresh.
 */
export async function retryOnRefClash<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown };
      const clash =
        e.code === '23505' ||
        e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
        (typeof e.message === 'string' &&
          /plan_actions_ref_unique|plan_actions\.plan_id, plan_actions\.ref/.test(e.message));
      if (!clash || i >= attempts) throw error;
    }
  }
}

/** Whether a database error is a unique-constraint violation (PostgreSQL, PGlite or SQLite). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export type EditOutcome =
  | { ok: true; action: Action }
  /** Someone else saved the action first: `current` is what they saved; nothing of this edit was written. */
  | { ok: false; current: Action };

export type PlanEditOutcome = { ok: true; plan: Plan } | { ok: false; current: Plan };

/** A person who can be named as a lead: a member of the organisation whose role may post updates. */
export interface LeadCandidate {
  userId: string;
  displayName: string;
  username: string;
}

export function plansService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const repo = plansRepository(db);
  const today = () => clock.now().toISOString().slice(0, 10);

  const stampOf = (actor: Actor, now: Date): Stamp => ({ at: now.toISOString(), byLabel: actor.label });
  const unitsOf = (org: Organisation): Promise<OrgUnit[]> => organisationsRepository(db).unitsOf(org.id);

  const audit = auditOrgEvent;

  /** After approval every change needs its reason; the revision is written with the change. */
  function requireReason(plan: Plan, reason: string, problems: Problem[]): string | null {
    if (!isLocked(plan)) return null;
    const text = reason.trim();
    if (text === '')
      problems.push({
        field: 'reason',
        message: `The plan was ${plan.status === 'approved' ? 'approved by the board' : 'published'}: say why this change is needed`,
      });
    if (text.length > 2000)
      problems.push({ field: 'reason', message: 'The reason must be 2,000 characters or fewer' });
    return text;
  }

  async function revision(
    tx: Db,
    plan: Plan,
    actor: Actor,
    now: Date,
    reason: string | null,
    entity: { type: 'plan' | 'action'; id: string },
    summary: string,
    before: unknown,
    after: unknown,
  ) {
    if (reason === null) return;
    await plansRepository(tx).addHistory(plan.id, {
      occurredAt: now.toISOString(),
      actorUserId: actor.userId,
      actorLabel: actor.label,
      kind: 'revision',
      entityType: entity.type,
      entityId: entity.id,
      summary,
      reason,
      before,
      after,
    });
  }

  /**
   * A change to a plan, in the transaction that makes it: its audit event and, once the plan is approved,
   * its revision with the reason. The revision keeps the plan's own view of the change (`revisionBefore`,
   * `revisionAfter`), which is the audit's before and after unless given.
   */
  async function recordChange(tx: Db, c: PlanChange) {
    await audit(tx, c.actor, c.now, c.org, c.action, c.entity, c.summary, c.before, c.after);
    await revision(
      tx,
      c.plan,
      c.actor,
      c.now,
      c.reason,
      c.entity,
      c.revisionSummary,
      'revisionBefore' in c ? c.revisionBefore : (c.before ?? null),
      'revisionAfter' in c ? c.revisionAfter : (c.after ?? null),
    );
  }

  async function leadCandidates(org: Organisation): Promise<LeadCandidate[]> {
    const members = await usersRepository(db).membersOf(org.id);
    const seen = new Map<string, LeadCandidate>();
    for (const { membership, user } of members)
      if (user.isActive && roleHas(membership.role, 'plans.update'))
        seen.set(user.id, { userId: user.id, displayName: user.displayName, username: user.username });
    return [...seen.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB'));
  }

  async function leadsOf(org: Organisation, checked: CheckedAction, problems: Problem[]): Promise<Lead[]> {
    const candidates = new Map((await leadCandidates(org)).map((c) => [c.userId, c]));
    const leads: Lead[] = [];
    for (const id of checked.leadUserIds) {
      const c = candidates.get(id);
      if (!c)
        problems.push({
          field: 'leadUserIds',
          message: 'A lead chosen from the list is no longer able to lead actions here',
        });
      else leads.push({ name: c.displayName, userId: c.userId });
    }
    for (const name of checked.leadNames)
      if (!leads.some((l) => l.name.toLowerCase() === name.toLowerCase())) leads.push({ name, userId: null });
    return leads;
  }

  /**
   * The owning unit chosen in the form: one of the organisation's units, or none (trust-wide). An editor
   * acting through a role limited to units (`editor`) may only choose their units or those below them;
   * null `editor` is the organisation itself (the command line, the demo).
   */
  function ownerOf(
    units: readonly OrgUnit[],
    input: ActionInput,
    editor: OrgAccess | null,
    problems: Problem[],
  ): string | null {
    const id = (input.unitId ?? '').trim();
    const unitId = id === '' ? null : id;
    if (unitId !== null && !units.some((u) => u.id === unitId)) {
      problems.push({
        field: 'unitId',
        message: 'Choose the owning unit from the list of this organisation’s units',
      });
      return null;
    }
    if (editor && !mayOwn(editor, units, unitId))
      problems.push({
        field: 'unitId',
        message: 'Your role covers only part of the organisation: choose your own unit or one below it',
      });
    return unitId;
  }

  const fieldsOf = (c: CheckedAction, leads: Lead[], unitId: string | null): ActionFields => ({
    text: c.text,
    status: c.status,
    theme: c.theme,
    aim: c.aim,
    kpiText: c.kpiText,
    timescale: c.timescale,
    dueDate: c.dueDate,
    outcome: c.outcome,
    sustainability: c.sustainability,
    serves: c.serves,
    indicators: c.indicators,
    leads,
    unitId,
  });

  /** What an audit event keeps of an action: its fields, without stamps; the owner by id and by name. */
  const snapshot = (a: Action | ActionFields, units: readonly OrgUnit[]) => ({
    text: a.text,
    status: a.status,
    theme: a.theme,
    aim: a.aim,
    kpiText: a.kpiText,
    timescale: a.timescale,
    outcome: a.outcome,
    sustainability: a.sustainability,
    serves: a.serves,
    indicators: a.indicators,
    leads: a.leads.map((l) => l.name),
    unitId: a.unitId,
    unit: ownerLabel(units, a.unitId),
  });

  async function findAction(plan: Plan, actionId: string): Promise<Action> {
    const action = await repo.findAction(plan.id, actionId);
    if (!action) throw notFound('There is no such action in this plan.');
    return action;
  }

  const service = {
    today,
    ...milestoneOperations({ db, clock, findAction, requireReason, recordChange }),
    leadCandidates,
    ragLabels: (org: Organisation) => repo.ragLabels(org.id),
    plans: (org: Organisation) => repo.listPlans(org.id),

    async plan(org: Organisation, planId: string): Promise<Plan> {
      const plan = await repo.findPlan(org.id, planId);
      if (!plan) throw notFound('There is no such plan for this organisation.');
      return plan;
    },

    planForYear: (org: Organisation, year: number) => repo.findPlanByYear(org.id, year),
    /** Every action of the plan, whoever owns it: for the organisation's own work (carry forward, approval). */
    actions: (plan: Plan) => repo.listActions(plan.id),
    /** The plan's whole history: for the organisation's own work (approval); pages use `visibleHistory`. */
    history: (plan: Plan) => repo.history(plan.id),
    updatesOf: (actionIds: readonly string[]) => repo.updatesOf(actionIds),
    /** The organisation's units, by path: the owners an action may have. */
    units: unitsOf,

    action: findAction,

    /**
     * Which actions a reader sees (visibility.ts): all of them with an organisation-wide role, otherwise
     * the trust-wide ones and their units'. `focus` (a unit id) is one unit's view of the plan; a unit
     * that is not the organisation's, or not within the reader's reach, is not found.
     */
    async reach(access: OrgAccess, focus: string | null = null): Promise<ActionReach> {
      const reach = actionReach(access, await unitsOf(access.organisation), focus);
      if (reach === null) throw notFound('There is no such unit in this organisation.');
      return reach;
    },

    /** The plan's actions the reader sees, in order; with `focus`, one unit's view of the plan. */
    async visibleActions(access: OrgAccess, plan: Plan, focus: string | null = null): Promise<Action[]> {
      const reach = await service.reach(access, focus);
      return (await repo.listActions(plan.id)).filter((a) => reaches(reach, a));
    },

    /** One action, if the reader sees it: another unit's action is not found, as if it did not exist. */
    async visibleAction(access: OrgAccess, plan: Plan, actionId: string): Promise<Action> {
      const action = await service.action(plan, actionId);
      if (!reaches(await service.reach(access), action))
        throw notFound('There is no such action in this plan.');
      return action;
    },

    /**
     * The plan's history as the reader may see it: status changes, and changes to the plan and to the
     * actions they see. A deleted action is judged by the owner its last snapshot names (trust-wide when
     * it names none: it was written before actions had owners).
     */
    async visibleHistory(access: OrgAccess, plan: Plan) {
      const [entries, reach] = await Promise.all([repo.history(plan.id), service.reach(access)]);
      if (reach === 'all') return entries;
      const owners = new Map((await repo.listActions(plan.id)).map((a) => [a.id, a.unitId]));
      const ownerIn = (value: unknown): string | null => {
        const id = (value as { unitId?: unknown } | null)?.unitId;
        return typeof id === 'string' ? id : null;
      };
      // A plan's own entry may list actions (an import's revision names each one it added): only theirs.
      const narrowed = (value: unknown): unknown =>
        Array.isArray(value) ? value.filter((item) => reaches(reach, { unitId: ownerIn(item) })) : value;
      return entries
        .filter((h) => {
          if (h.entityType !== 'action') return true;
          const unitId = owners.has(h.entityId) ? owners.get(h.entityId)! : ownerIn(h.before ?? h.after);
          return reaches(reach, { unitId });
        })
        .map((h) => ({ ...h, before: narrowed(h.before), after: narrowed(h.after) }));
    },

    async createPlan(actor: Actor, org: Organisation, input: { year: string; title: string }): Promise<Plan> {
      const problems: Problem[] = [];
      const year = /^\d{4}$/.test(input.year.trim()) ? Number(input.year.trim()) : NaN;
      if (!Number.isInteger(year) || year < 2000 || year > 2100)
        problems.push({ field: 'year', message: 'Choose the financial year the plan is for' });
      const title = readText(input.title, 'title', 'The title', problems, { max: 300 });
      if (problems.length === 0 && (await repo.findPlanByYear(org.id, year)))
        problems.push({ field: 'year', message: `There is already a plan for ${financialYearLabel(year)}` });
      if (problems.length > 0) throw invalidInput('The plan could not be created', problems);
      const now = clock.now();
      const id = newId();
      const fields: PlanFields = {
        title: title || `WRES and WDES action plan ${financialYearLabel(year)}`,
        status: 'draft',
        authors: [],
        publicationDate: null,
        sources: '',
        endorsedBy: '',
        endorsedOn: null,
        boardApprovalDate: null,
        alignment: '',
      };
      const created = db.transaction().execute(async (tx) => {
        await plansRepository(tx).insertPlan(
          { ...fields, id, organisationId: org.id, year, carriedFromPlanId: null },
          stampOf(actor, now),
        );
        await audit(
          tx,
          actor,
          now,
          org,
          'plan.create',
          { type: 'plan', id },
          `Created the action plan ${fields.title}`,
          undefined,
          fields,
        );
      });
      try {
        await created;
      } catch (error) {
        // Someone else created the year's plan between the check above and this insert.
        if (isUniqueViolation(error) && (await repo.findPlanByYear(org.id, year)))
          throw invalidInput('The plan could not be created', [
            { field: 'year', message: `There is already a plan for ${financialYearLabel(year)}` },
          ]);
        throw error;
      }
      return (await repo.findPlan(org.id, id))!;
    },

    async editPlan(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      input: PlanDetailsInput & { version: string; reason: string },
    ): Promise<PlanEditOutcome> {
      const problems: Problem[] = [];
      const fields: PlanFields = {
        title: readText(input.title, 'title', 'The title', problems, { required: true, max: 300 }).replace(
          /\n+/g,
          ' ',
        ),
        status: plan.status,
        authors: readAuthors(input.authors, problems),
        publicationDate: readDateField(
          input.publicationDate,
          'publicationDate',
          'The publication date',
          problems,
        ),
        sources: readText(input.sources, 'sources', 'The sources of information', problems),
        endorsedBy: readText(input.endorsedBy, 'endorsedBy', 'The group that endorsed the plan', problems, {
          max: 300,
        }),
        endorsedOn: readDateField(input.endorsedOn, 'endorsedOn', 'The date of endorsement', problems),
        boardApprovalDate: readDateField(
          input.boardApprovalDate,
          'boardApprovalDate',
          'The board approval date',
          problems,
        ),
        alignment: readText(input.alignment, 'alignment', 'The alignment statement', problems),
      };
      if (isLocked(plan) && !fields.boardApprovalDate)
        problems.push({
          field: 'boardApprovalDate',
          message: 'An approved plan keeps its board approval date',
        });
      const reason = requireReason(plan, input.reason, problems);
      const version = Number(input.version);
      if (problems.length > 0) throw invalidInput('The plan details have problems', problems);
      const now = clock.now();
      const before = { ...plan };
      const saved = await db.transaction().execute(async (tx) => {
        const r = plansRepository(tx);
        if (!(await r.updatePlan(plan.id, version, fields, stampOf(actor, now)))) return false;
        await recordChange(tx, {
          actor,
          now,
          org,
          plan,
          reason,
          action: 'plan.update',
          entity: { type: 'plan', id: plan.id },
          summary: `Changed the details of ${fields.title}`,
          revisionSummary: 'Changed the plan details',
          before,
          after: fields,
        });
        return true;
      });
      const current = (await repo.findPlan(org.id, plan.id))!;
      return saved ? { ok: true, plan: current } : { ok: false, current };
    },

    async changeStatus(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      input: {
        to: string;
        version: string;
        endorsedBy: string;
        endorsedOn: string;
        boardApprovalDate: string;
        publicationDate: string;
      },
    ): Promise<Plan> {
      const problems: Problem[] = [];
      const to = input.to as PlanStatus;
      if (!allowedTransitions(plan).includes(to))
        throw invalidInput(
          `A ${PLAN_STATUS_LABELS[plan.status].toLowerCase()} plan cannot become ${input.to}`,
          [{ field: 'to', message: 'Choose one of the next steps shown' }],
        );
      const fields: PlanFields = { ...plan, status: to };
      if (to === 'endorsed') {
        fields.endorsedBy = readText(
          input.endorsedBy,
          'endorsedBy',
          'The group that endorsed the plan',
          problems,
          { required: true, max: 300 },
        );
        fields.endorsedOn = readDateField(
          input.endorsedOn,
          'endorsedOn',
          'The date of endorsement',
          problems,
        );
        if (!fields.endorsedOn)
          problems.push({ field: 'endorsedOn', message: 'Enter the date the group endorsed the plan' });
      }
      if (to === 'approved') {
        fields.boardApprovalDate = readDateField(
          input.boardApprovalDate,
          'boardApprovalDate',
          'The board approval date',
          problems,
        );
        if (!fields.boardApprovalDate)
          problems.push({
            field: 'boardApprovalDate',
            message: 'Enter the date the board approved the plan',
          });
      }
      if (to === 'published') {
        fields.publicationDate =
          readDateField(input.publicationDate, 'publicationDate', 'The publication date', problems) ??
          today();
      }
      if (problems.length > 0) throw invalidInput('The plan’s status could not be changed', problems);
      const now = clock.now();
      // Joins the caller's transaction when there is one (a board approval records its revision with it).
      const saved = await inTransaction(db, async (tx) => {
        const r = plansRepository(tx);
        if (!(await r.updatePlan(plan.id, Number(input.version), fields, stampOf(actor, now)))) return false;
        const summary = `${PLAN_STATUS_LABELS[plan.status]} → ${PLAN_STATUS_LABELS[to]}`;
        await r.addHistory(plan.id, {
          occurredAt: now.toISOString(),
          actorUserId: actor.userId,
          actorLabel: actor.label,
          kind: 'status',
          entityType: 'plan',
          entityId: plan.id,
          summary,
          reason: null,
          before: { status: plan.status },
          after: { status: to },
        });
        await audit(
          tx,
          actor,
          now,
          org,
          'plan.status',
          { type: 'plan', id: plan.id },
          `${plan.title}: ${summary}`,
          { status: plan.status },
          { status: to },
        );
        return true;
      });
      if (!saved)
        throw conflict('Somebody else changed this plan a moment ago. Reload the page and try again.');
      return (await repo.findPlan(org.id, plan.id))!;
    },

    /**
     * Adds an action. `editor` is the access of the person adding it through the web (their role decides
     * which owning units they may choose); null when the organisation itself acts (command line, demo).
     */
    async createAction(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      input: ActionInput,
      reasonText = '',
      editor: OrgAccess | null = null,
    ): Promise<Action> {
      const problems: Problem[] = [];
      const units = await unitsOf(org);
      const checked = checkAction(input, problems);
      const unitId = ownerOf(units, input, editor, problems);
      const leads = await leadsOf(org, checked, problems);
      const reason = requireReason(plan, reasonText, problems);
      if (problems.length > 0) throw invalidInput('The action has problems', problems);
      const now = clock.now();
      const id = newId();
      const fields = fieldsOf(checked, leads, unitId);
      await retryOnRefClash(() =>
        db.transaction().execute(async (tx) => {
          const r = plansRepository(tx);
          const ref = await r.nextRef(plan.id);
          await r.insertAction(
            {
              ...fields,
              id,
              planId: plan.id,
              organisationId: org.id,
              ref,
              originActionId: null,
              rag: null,
              lastUpdateOn: null,
            },
            stampOf(actor, now),
          );
          const summary = `Added action A${ref} to ${plan.title}: ${titleOf(fields.text, 200)}`;
          await recordChange(tx, {
            actor,
            now,
            org,
            plan,
            reason,
            action: 'action.create',
            entity: { type: 'action', id },
            summary,
            revisionSummary: `Added action A${ref}`,
            after: snapshot(fields, units),
          });
        }),
      );
      return (await repo.findAction(plan.id, id))!;
    },

    /**
     * Saves an edit made from `version`. When someone saved the action since, nothing is written and the
     * outcome carries what they saved, so the page can show both and the editor loses nothing. An editor
     * limited to units (`editor`, as for `createAction`) may change only their units' actions.
     */
    async editAction(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      actionId: string,
      version: number,
      input: ActionInput,
      reasonText = '',
      editor: OrgAccess | null = null,
    ): Promise<EditOutcome> {
      const before = await service.action(plan, actionId);
      const units = await unitsOf(org);
      if (editor && !mayOwn(editor, units, before.unitId))
        throw forbidden('Your role covers only part of the organisation: this action is not one of its own.');
      const problems: Problem[] = [];
      const checked = checkAction(input, problems);
      const unitId = ownerOf(units, input, editor, problems);
      const leads = await leadsOf(org, checked, problems);
      const reason = requireReason(plan, reasonText, problems);
      if (!Number.isInteger(version))
        problems.push({
          field: 'version',
          message: 'The form is missing the version it was opened at: reload the page',
        });
      if (problems.length > 0) throw invalidInput('The action has problems', problems);
      const now = clock.now();
      const fields = fieldsOf(checked, leads, unitId);
      const saved = await db.transaction().execute(async (tx) => {
        const r = plansRepository(tx);
        if (!(await r.updateAction(actionId, version, fields, stampOf(actor, now)))) return false;
        const summary = `Changed action A${before.ref} of ${plan.title}`;
        await recordChange(tx, {
          actor,
          now,
          org,
          plan,
          reason,
          action: 'action.update',
          entity: { type: 'action', id: actionId },
          summary,
          revisionSummary: `Changed action A${before.ref}`,
          before: snapshot(before, units),
          after: snapshot(fields, units),
        });
        return true;
      });
      const current = await service.action(plan, actionId);
      return saved ? { ok: true, action: current } : { ok: false, current };
    },

    async deleteAction(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      actionId: string,
      reasonText = '',
    ): Promise<void> {
      const action = await service.action(plan, actionId);
      const problems: Problem[] = [];
      const reason = requireReason(plan, reasonText, problems);
      if ((await repo.carriedInto(actionId)) > 0)
        problems.push({
          field: 'action',
          message:
            'This action was carried forward into a later plan, which keeps its history: it cannot be deleted. Mark it completed instead.',
        });
      if (problems.length > 0) throw invalidInput('The action could not be deleted', problems);
      const [updates, units] = await Promise.all([repo.updatesOf([actionId]), unitsOf(org)]);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await plansRepository(tx).deleteAction(actionId);
        await recordChange(tx, {
          actor,
          now,
          org,
          plan,
          reason,
          action: 'action.delete',
          entity: { type: 'action', id: actionId },
          summary: `Deleted action A${action.ref} of ${plan.title}`,
          revisionSummary: `Deleted action A${action.ref}`,
          before: { ...snapshot(action, units), kpis: action.kpis, milestones: action.milestones, updates },
          revisionBefore: snapshot(action, units),
        });
      });
    },

    async addKpi(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      actionId: string,
      input: {
        version: string;
        choice: string;
        target: string;
        direction: string;
        label: string;
        reason: string;
      },
      measures: ReadonlyMap<string, string>,
    ): Promise<void> {
      const action = await service.action(plan, actionId);
      const problems: Problem[] = [];
      const [indicator = '', measure = ''] = input.choice.split('|');
      if (!measures.has(input.choice) || !isReference(indicator))
        problems.push({ field: 'choice', message: 'Choose a figure from the list' });
      const target = Number(input.target.trim().replace(/%$/, ''));
      if (input.target.trim() === '' || !Number.isFinite(target))
        problems.push({ field: 'target', message: 'Enter the target as a number, like 1.25 or 40' });
      const direction: KpiDirection | null =
        input.direction === 'up' || input.direction === 'down' ? input.direction : null;
      if (!direction)
        problems.push({ field: 'direction', message: 'Choose whether higher or lower is better' });
      const label = readText(input.label, 'label', 'The name of the KPI', problems, { max: 300 }).replace(
        /\n+/g,
        ' ',
      );
      const reason = requireReason(plan, input.reason, problems);
      if (problems.length > 0) throw invalidInput('The KPI has problems', problems);
      const kpi = {
        label: label || (measures.get(input.choice) ?? ''),
        indicator,
        measure,
        target,
        direction: direction!,
      };
      const now = clock.now();
      const saved = await db.transaction().execute(async (tx) => {
        const r = plansRepository(tx);
        if (!(await r.bumpVersion(actionId, Number(input.version), stampOf(actor, now)))) return false;
        const id = await r.addKpi(actionId, kpi);
        await recordChange(tx, {
          actor,
          now,
          org,
          plan,
          reason,
          action: 'action.kpi',
          entity: { type: 'action', id: actionId },
          summary: `Added the KPI "${kpi.label}" to action A${action.ref}`,
          revisionSummary: `Added a KPI to action A${action.ref}`,
          after: { id, ...kpi },
          revisionAfter: kpi,
        });
        return true;
      });
      if (!saved)
        throw conflict(
          'Somebody else changed this action a moment ago. Reload the page to see their change, then add the KPI again.',
        );
    },

    async removeKpi(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      actionId: string,
      kpiId: string,
      input: { version: string; reason: string },
    ): Promise<void> {
      const action = await service.action(plan, actionId);
      const kpi = action.kpis.find((k) => k.id === kpiId);
      if (!kpi) throw notFound('There is no such KPI on this action.');
      const problems: Problem[] = [];
      const reason = requireReason(plan, input.reason, problems);
      if (problems.length > 0) throw invalidInput('The KPI could not be removed', problems);
      const now = clock.now();
      const saved = await db.transaction().execute(async (tx) => {
        const r = plansRepository(tx);
        if (!(await r.bumpVersion(actionId, Number(input.version), stampOf(actor, now)))) return false;
        await r.removeKpi(actionId, kpiId);
        await recordChange(tx, {
          actor,
          now,
          org,
          plan,
          reason,
          action: 'action.kpi',
          entity: { type: 'action', id: actionId },
          summary: `Removed the KPI "${kpi.label}" from action A${action.ref}`,
          revisionSummary: `Removed a KPI from action A${action.ref}`,
          before: kpi,
        });
        return true;
      });
      if (!saved)
        throw conflict('Somebody else changed this action a moment ago. Reload the page and try again.');
    },

    /**
     * A dated progress update with its RAG. Action leads may post on the actions they lead; those who
     * manage the plan, on any. Updates are only ever added: the history is kept whole. An update dated
     * outside the plan's financial year is refused with the question (field `confirmOutsideYear`) until
     * it is posted again with `confirmOutsideYear` set: it probably belongs to another year's plan.
     */
    async postUpdate(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      actionId: string,
      input: UpdateInput,
      rights: { userId: string; canManage: boolean },
    ): Promise<ProgressUpdate> {
      const action = await service.action(plan, actionId);
      if (!rights.canManage && !action.leads.some((l) => l.userId === rights.userId))
        throw forbidden(
          'Only the leads of this action, and those who manage the plan, can post updates on it.',
        );
      const problems: Problem[] = [];
      const labels = await repo.ragLabels(org.id);
      const checked = checkUpdate(input, labels, today(), problems);
      if (problems.length > 0) throw invalidInput('The update has problems', problems);
      const question = outsideYearQuestion(checked.postedOn, plan.year);
      if (question && input.confirmOutsideYear !== true)
        throw invalidInput('The update’s date is outside the plan’s year', [
          { field: 'confirmOutsideYear', message: question },
        ]);
      const now = clock.now();
      const update: Omit<ProgressUpdate, 'id'> = {
        actionId,
        postedOn: checked.postedOn,
        rag: checked.rag,
        narrative: checked.narrative,
        authorUserId: actor.userId,
        authorLabel: actor.label,
        createdAt: now.toISOString(),
      };
      const id = await db.transaction().execute(async (tx) => {
        const r = plansRepository(tx);
        const id = await r.addUpdate(update);
        // The action shows its latest update: an update dated before the latest one only joins the history.
        await r.setProgress(actionId, checked.rag, checked.postedOn);
        await audit(
          tx,
          actor,
          now,
          org,
          'action.progress',
          { type: 'action', id: actionId },
          `Progress update on action A${action.ref} of ${plan.title}: ${checked.rag ? labels[checked.rag] : 'no RAG'}`,
          undefined,
          update,
        );
        return id;
      });
      return { ...update, id };
    },

    /**
     * The action's updates and those of the actions it was carried forward from, newest first; an earlier
     * action outside the reader's `reach` (it belonged to another unit then) ends the history there.
     */
    async updateHistory(
      org: Organisation,
      action: Action,
      reach: ActionReach,
    ): Promise<(ProgressUpdate & { planYear: number; fromEarlierPlan: boolean })[]> {
      const chain: { id: string; planYear: number }[] = [];
      let cur: Action | null = action;
      const plans = new Map((await repo.listPlans(org.id)).map((p) => [p.id, p]));
      while (cur && chain.length < 20 && !chain.some((c) => c.id === cur!.id) && reaches(reach, cur)) {
        chain.push({ id: cur.id, planYear: plans.get(cur.planId)?.year ?? 0 });
        cur = cur.originActionId ? await repo.findActionById(cur.originActionId) : null;
        if (cur && cur.organisationId !== org.id) break;
      }
      const yearOf = new Map(chain.map((c) => [c.id, c.planYear]));
      return (await repo.updatesOf(chain.map((c) => c.id))).map((u) => ({
        ...u,
        planYear: yearOf.get(u.actionId) ?? 0,
        fromEarlierPlan: u.actionId !== action.id,
      }));
    },

    /** The action this one was carried forward from, with its plan, if it is within the reader's reach. */
    async origin(
      org: Organisation,
      action: Action,
      reach: ActionReach,
    ): Promise<{ action: Action; plan: Plan } | null> {
      if (!action.originActionId) return null;
      const origin = await repo.findActionById(action.originActionId);
      if (!origin || origin.organisationId !== org.id || !reaches(reach, origin)) return null;
      const plan = await repo.findPlan(org.id, origin.planId);
      return plan ? { action: origin, plan } : null;
    },

    /**
     * What the EDI lead should chase: the plan's actions by their headline state (status.ts), each action
     * under exactly one, most serious first; states with no action are left out.
     */
    attention(
      plan: Plan,
      actions: readonly Action[],
      labels: RagLabels,
    ): { key: ActionStateKey; actions: Action[] }[] {
      const t = today();
      const states = new Map(
        actions.map((a) => [a.id, actionState(a, { today: t, planYear: plan.year, labels }).key]),
      );
      return STATES_TO_CHASE.map((key) => ({
        key,
        actions: actions.filter((a) => states.get(a.id) === key),
      })).filter((g) => g.actions.length > 0);
    },

    /** The actions a person leads, among those their role lets them see. */
    async myActions(access: OrgAccess, userId: string): Promise<{ plan: Plan; action: Action }[]> {
      const org = access.organisation;
      const [plans, reach] = await Promise.all([repo.listPlans(org.id), service.reach(access)]);
      const byId = new Map(plans.map((p) => [p.id, p]));
      return (await repo.actionsLedBy(org.id, userId))
        .filter((action) => reaches(reach, action))
        .map((action) => ({ plan: byId.get(action.planId)!, action }));
    },

    /**
     * Creates next year's plan from this one with the chosen actions (by default those not complete).
     * Each carried action keeps a link to its origin, through which its update history stays visible, and
     * takes its milestones not yet done or missed.
     */
    async carryForward(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      actionIds: readonly string[],
    ): Promise<Plan> {
      const year = plan.year + 1;
      const problems: Problem[] = [];
      if (await repo.findPlanByYear(org.id, year))
        problems.push({
          field: 'actions',
          message: `There is already a plan for ${financialYearLabel(year)}`,
        });
      const actions = await repo.listActions(plan.id);
      const chosen = actions.filter((a) => actionIds.includes(a.id));
      if (chosen.length !== new Set(actionIds).size)
        problems.push({ field: 'actions', message: 'Some of the chosen actions are not in this plan' });
      if (problems.length > 0) throw invalidInput('The plan could not be carried forward', problems);
      const now = clock.now();
      const id = newId();
      const label = financialYearLabel(plan.year);
      const nextLabel = financialYearLabel(year);
      const title = plan.title.includes(label)
        ? plan.title.replace(label, nextLabel)
        : `${plan.title} (${nextLabel})`;
      const fields: PlanFields = {
        title,
        status: 'draft',
        authors: plan.authors,
        publicationDate: null,
        sources: plan.sources,
        endorsedBy: plan.endorsedBy,
        endorsedOn: null,
        boardApprovalDate: null,
        alignment: plan.alignment,
      };
      await db.transaction().execute(async (tx) => {
        const r = plansRepository(tx);
        const stamp = stampOf(actor, now);
        await r.insertPlan(
          { ...fields, id, organisationId: org.id, year, carriedFromPlanId: plan.id },
          stamp,
        );
        let ref = 0;
        for (const a of chosen) {
          const actionId = newId();
          const status: ActionStatus = a.status === 'ongoing' ? 'ongoing' : 'continued';
          await r.insertAction(
            {
              ...a,
              status,
              id: actionId,
              planId: id,
              organisationId: org.id,
              ref: ++ref,
              originActionId: a.id,
              rag: a.rag,
              lastUpdateOn: a.lastUpdateOn,
            },
            stamp,
          );
          for (const k of a.kpis) await r.addKpi(actionId, k);
          // Its unfinished milestones go with it; done and missed ones stay in this year's history.
          for (const m of a.milestones)
            if (m.state === 'not_started' || m.state === 'in_progress')
              await r.addMilestone(actionId, m, stamp);
        }
        await r.addHistory(id, {
          occurredAt: now.toISOString(),
          actorUserId: actor.userId,
          actorLabel: actor.label,
          kind: 'status',
          entityType: 'plan',
          entityId: id,
          summary: `Created from the ${label} plan with ${chosen.length} of its ${actions.length} actions`,
          reason: null,
          before: null,
          after: { carriedFrom: plan.id, actions: chosen.map((a) => a.id) },
        });
        await audit(
          tx,
          actor,
          now,
          org,
          'plan.carry_forward',
          { type: 'plan', id },
          `Carried ${plan.title} forward into ${title} with ${chosen.length} actions`,
          { plan: plan.id },
          { plan: id, actions: chosen.map((a) => `A${a.ref}`) },
        );
      });
      return (await repo.findPlan(org.id, id))!;
    },

    async saveRagLabels(actor: Actor, org: Organisation, input: Record<string, string>): Promise<RagLabels> {
      const problems: Problem[] = [];
      const labels = { ...DEFAULT_RAG_LABELS } as Record<(typeof RAG_STATUSES)[number], string>;
      for (const s of RAG_STATUSES) {
        const text = (input[s] ?? '').trim();
        if (text === '')
          problems.push({ field: `rag-${s}`, message: `Enter the label for “${DEFAULT_RAG_LABELS[s]}”` });
        else if (text.length > 60)
          problems.push({ field: `rag-${s}`, message: 'Each label must be 60 characters or fewer' });
        labels[s] = text;
      }
      const lower = RAG_STATUSES.map((s) => labels[s].toLowerCase());
      if (new Set(lower).size !== lower.length)
        problems.push({ field: 'rag-on_track', message: 'Each RAG status needs a different label' });
      if (problems.length > 0) throw invalidInput('The labels have problems', problems);
      const before = await repo.ragLabels(org.id);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await plansRepository(tx).saveRagLabels(org.id, labels, stampOf(actor, now));
        await audit(
          tx,
          actor,
          now,
          org,
          'plan.settings',
          { type: 'organisation', id: org.id },
          'Changed the RAG labels of action plans',
          before,
          labels,
        );
      });
      return labels;
    },
  };
  return service;
}

export type PlansService = ReturnType<typeof plansService>;
