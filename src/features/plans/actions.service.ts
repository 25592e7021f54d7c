/**
 * Actions in a plan: adding, editing and deleting them, their KPIs, their leads (members who may post
 * updates, or people named in free text) and their owning unit (within the editor's reach).
 */
import { forbidden, invalidInput, notFound, type Problem } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Actor } from '../audit/audit.js';
import type { OrgAccess } from '../auth/access.js';
import type { Organisation, OrgUnit } from '../organisations/organisation.js';
import { roleHas } from '../users/roles.js';
import { usersRepository } from '../users/users.repository.js';
import { checkAction, readText, type ActionInput, type CheckedAction } from './inputs.js';
import { titleOf } from './markup.js';
import type { Action, KpiDirection, Lead, Plan } from './plan.js';
import {
  retryOnRefClash,
  staleEdit,
  type ChangeBy,
  type ChangeRecord,
  type EditOutcome,
  type PlanContext,
} from './plan-context.js';
import type { ActionFields, PlansRepository } from './plans.repository.js';
import { isReference } from './references.js';
import { mayOwn, ownerLabel } from './visibility.js';

/** A person who can be named as a lead: a member of the organisation whose role may post updates. */
export interface LeadCandidate {
  userId: string;
  displayName: string;
  username: string;
}

export function actionOperations({
  db,
  clock,
  repo,
  unitsOf,
  requireReason,
  saveChange,
  findAction,
}: PlanContext) {
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

  /**
   * Adds an action. `editor` is the access of the person adding it through the web (their role decides
   * which owning units they may choose); null when the organisation itself acts (command line, demo).
   */
  async function createAction(
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
    const by = { actor, now: clock.now(), org, plan, reason };
    const id = newId();
    const fields = fieldsOf(checked, leads, unitId);
    await retryOnRefClash(() =>
      saveChange(
        by,
        async (r, stamp) => {
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
            stamp,
          );
          return ref;
        },
        (ref) => ({
          action: 'action.create',
          entity: { type: 'action', id },
          summary: `Added action A${ref} to ${plan.title}: ${titleOf(fields.text, 200)}`,
          revisionSummary: `Added action A${ref}`,
          after: snapshot(fields, units),
        }),
      ),
    );
    return (await repo.findAction(plan.id, id))!;
  }

  /**
   * Saves an edit made from `version`. When someone saved the action since, nothing is written and the
   * outcome carries what they saved, so the page can show both and the editor loses nothing. An editor
   * limited to units (`editor`, as for `createAction`) may change only their units' actions.
   */
  async function editAction(
    actor: Actor,
    org: Organisation,
    plan: Plan,
    actionId: string,
    version: number,
    input: ActionInput,
    reasonText = '',
    editor: OrgAccess | null = null,
  ): Promise<EditOutcome> {
    const before = await findAction(plan, actionId);
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
    const fields = fieldsOf(checked, leads, unitId);
    const saved = await saveChange(
      { actor, now: clock.now(), org, plan, reason },
      (r, stamp) => r.updateAction(actionId, version, fields, stamp),
      () => ({
        action: 'action.update',
        entity: { type: 'action', id: actionId },
        summary: `Changed action A${before.ref} of ${plan.title}`,
        revisionSummary: `Changed action A${before.ref}`,
        before: snapshot(before, units),
        after: snapshot(fields, units),
      }),
    );
    const current = await findAction(plan, actionId);
    return saved ? { ok: true, action: current } : { ok: false, current };
  }

  async function deleteAction(
    actor: Actor,
    org: Organisation,
    plan: Plan,
    actionId: string,
    reasonText = '',
  ): Promise<void> {
    const action = await findAction(plan, actionId);
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
    await saveChange(
      { actor, now: clock.now(), org, plan, reason },
      (r) => r.deleteAction(actionId),
      () => ({
        action: 'action.delete',
        entity: { type: 'action', id: actionId },
        summary: `Deleted action A${action.ref} of ${plan.title}`,
        revisionSummary: `Deleted action A${action.ref}`,
        before: { ...snapshot(action, units), kpis: action.kpis, milestones: action.milestones, updates },
        revisionBefore: snapshot(action, units),
      }),
    );
  }

  /**
   * A change to an action's KPIs, checked by the caller: written with the action's next version, its
   * audit event and its revision in one transaction, or refused whole when someone saved the action since
   * `version` (`next` says what to do then). `record` says what the record keeps of what `write` did.
   */
  async function saveKpiChange<T>(
    by: ChangeBy,
    actionId: string,
    version: string,
    write: (r: PlansRepository) => Promise<T>,
    record: (written: T) => Omit<ChangeRecord, 'action' | 'entity'>,
    next?: string,
  ): Promise<void> {
    const saved = await saveChange(
      by,
      async (r, stamp) => {
        if (!(await r.bumpVersion(actionId, Number(version), stamp))) return false;
        return { written: await write(r) };
      },
      ({ written }) => ({
        action: 'action.kpi',
        entity: { type: 'action', id: actionId },
        ...record(written),
      }),
    );
    if (!saved) throw staleEdit('action', next);
  }

  async function addKpi(
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
    const action = await findAction(plan, actionId);
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
    await saveKpiChange(
      { actor, now: clock.now(), org, plan, reason },
      actionId,
      input.version,
      (r) => r.addKpi(actionId, kpi),
      (id) => ({
        summary: `Added the KPI "${kpi.label}" to action A${action.ref}`,
        revisionSummary: `Added a KPI to action A${action.ref}`,
        after: { id, ...kpi },
        revisionAfter: kpi,
      }),
      'Reload the page to see their change, then add the KPI again.',
    );
  }

  async function removeKpi(
    actor: Actor,
    org: Organisation,
    plan: Plan,
    actionId: string,
    kpiId: string,
    input: { version: string; reason: string },
  ): Promise<void> {
    const action = await findAction(plan, actionId);
    const kpi = action.kpis.find((k) => k.id === kpiId);
    if (!kpi) throw notFound('There is no such KPI on this action.');
    const problems: Problem[] = [];
    const reason = requireReason(plan, input.reason, problems);
    if (problems.length > 0) throw invalidInput('The KPI could not be removed', problems);
    await saveKpiChange(
      { actor, now: clock.now(), org, plan, reason },
      actionId,
      input.version,
      (r) => r.removeKpi(actionId, kpiId),
      () => ({
        summary: `Removed the KPI "${kpi.label}" from action A${action.ref}`,
        revisionSummary: `Removed a KPI from action A${action.ref}`,
        before: kpi,
      }),
    );
  }

  return { leadCandidates, createAction, editAction, deleteAction, addKpi, removeKpi };
}
