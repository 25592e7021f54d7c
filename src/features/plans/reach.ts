/**
 * What a role may see of the plans (visibility.ts): the reader's reach, and the actions and history of a
 * plan within it.
 */
import { notFound } from '../../shared/errors.js';
import type { OrgAccess } from '../auth/access.js';
import type { Organisation } from '../organisations/organisation.js';
import type { Action, Plan } from './plan.js';
import type { PlanContext } from './plan-context.js';
import { actionReach, reaches, type ActionReach } from './visibility.js';

export function planReach({ repo, unitsOf, findAction }: PlanContext) {
  async function plan(org: Organisation, planId: string): Promise<Plan> {
    const plan = await repo.findPlan(org.id, planId);
    if (!plan) throw notFound('There is no such plan for this organisation.');
    return plan;
  }

  /**
   * Which actions a reader sees (visibility.ts): all of them with an organisation-wide role, otherwise
   * the trust-wide ones and their units'. `focus` (a unit id) is one unit's view of the plan; a unit
   * that is not the organisation's, or not within the reader's reach, is not found.
   */
  async function reachOf(access: OrgAccess, focus: string | null = null): Promise<ActionReach> {
    const reach = actionReach(access, await unitsOf(access.organisation), focus);
    if (reach === null) throw notFound('There is no such unit in this organisation.');
    return reach;
  }

  /** The plan's actions the reader sees, in order; with `focus`, one unit's view of the plan. */
  async function visibleActions(
    access: OrgAccess,
    plan: Plan,
    focus: string | null = null,
  ): Promise<Action[]> {
    const reach = await reachOf(access, focus);
    return (await repo.listActions(plan.id)).filter((a) => reaches(reach, a));
  }

  /** One action, if the reader sees it: another unit's action is not found, as if it did not exist. */
  async function visibleAction(access: OrgAccess, plan: Plan, actionId: string): Promise<Action> {
    const action = await findAction(plan, actionId);
    if (!reaches(await reachOf(access), action)) throw notFound('There is no such action in this plan.');
    return action;
  }

  /**
   * The plan's history as the reader may see it: status changes, and changes to the plan and to the
   * actions they see. A deleted action is judged by the owner its last snapshot names (trust-wide when
   * it names none: it was written before actions had owners).
   */
  async function visibleHistory(access: OrgAccess, plan: Plan) {
    const [entries, reach] = await Promise.all([repo.history(plan.id), reachOf(access)]);
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
  }

  return { plan, reach: reachOf, visibleActions, visibleAction, visibleHistory };
}
