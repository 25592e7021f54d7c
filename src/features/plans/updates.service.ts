/**
 * Progress on actions: dated updates from action leads, an action's history back through the plans it
 * was carried forward from, what the EDI lead should chase, and the actions a person leads.
 */
import { forbidden, invalidInput, type Problem } from '../../shared/errors.js';
import type { Actor } from '../audit/audit.js';
import type { OrgAccess } from '../auth/access.js';
import type { Organisation } from '../organisations/organisation.js';
import { checkUpdate, type UpdateInput } from './inputs.js';
import type { Action, Plan, ProgressUpdate, RagLabels } from './plan.js';
import type { PlanContext } from './plan-context.js';
import { plansRepository } from './plans.repository.js';
import { actionState, outsideYearQuestion, STATES_TO_CHASE, type ActionStateKey } from './status.js';
import { reaches, type ActionReach } from './visibility.js';

export function updateOperations(
  { db, clock, repo, today, audit, findAction }: PlanContext,
  reachOf: (access: OrgAccess) => Promise<ActionReach>,
) {
  /**
   * A dated progress update with its RAG. Action leads may post on the actions they lead; those who
   * manage the plan, on any. Updates are only ever added: the history is kept whole. An update dated
   * outside the plan's financial year is refused with the question (field `confirmOutsideYear`) until
   * it is posted again with `confirmOutsideYear` set: it probably belongs to another year's plan.
   */
  async function postUpdate(
    actor: Actor,
    org: Organisation,
    plan: Plan,
    actionId: string,
    input: UpdateInput,
    rights: { userId: string; canManage: boolean },
  ): Promise<ProgressUpdate> {
    const action = await findAction(plan, actionId);
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
      // The update is read by people: it names its author as pages name people.
      authorLabel: actor.name ?? actor.label,
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
  }

  /**
   * The action's updates and those of the actions it was carried forward from, newest first; an earlier
   * action outside the reader's `reach` (it belonged to another unit then) ends the history there.
   */
  async function updateHistory(
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
  }

  /** The action this one was carried forward from, with its plan, if it is within the reader's reach. */
  async function origin(
    org: Organisation,
    action: Action,
    reach: ActionReach,
  ): Promise<{ action: Action; plan: Plan } | null> {
    if (!action.originActionId) return null;
    const origin = await repo.findActionById(action.originActionId);
    if (!origin || origin.organisationId !== org.id || !reaches(reach, origin)) return null;
    const plan = await repo.findPlan(org.id, origin.planId);
    return plan ? { action: origin, plan } : null;
  }

  /**
   * What the EDI lead should chase: the plan's actions by their headline state (status.ts), each action
   * under exactly one, most serious first; states with no action are left out.
   */
  function attention(
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
  }

  /** The actions a person leads, among those their role lets them see. */
  async function myActions(access: OrgAccess, userId: string): Promise<{ plan: Plan; action: Action }[]> {
    const org = access.organisation;
    const [plans, reach] = await Promise.all([repo.listPlans(org.id), reachOf(access)]);
    const byId = new Map(plans.map((p) => [p.id, p]));
    return (await repo.actionsLedBy(org.id, userId))
      .filter((action) => reaches(reach, action))
      .map((action) => ({ plan: byId.get(action.planId)!, action }));
  }

  return { postUpdate, updateHistory, origin, attention, myActions };
}
