/**
 * Action plans: creating a plan for a financial year and taking it from draft to published; actions
 * stored once and linked to many indicators; progress updates from action leads; carrying a plan forward
 * into the next year. Every change is validated whole, then written with its audit event (and, once the
 * plan is approved, a revision saying who changed what and why) in one transaction. Edits name the
 * version they started from: a stale edit is refused with the other person's change, never applied
 * (the convention is set out once, in plan-context.ts).
 *
 * This module composes the service from its parts: a plan's life (plan-lifecycle.ts), its actions and
 * KPIs (actions.service.ts), progress updates (updates.service.ts), what a role may see (reach.ts),
 * milestones (milestones.service.ts) and the RAG labels (rag-labels.ts).
 */
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../storage/database.js';
import type { Organisation } from '../organisations/organisation.js';
import type { Plan } from './plan.js';
import { actionOperations } from './actions.service.js';
import { milestoneOperations } from './milestones.service.js';
import { planContext } from './plan-context.js';
import { planLifecycle } from './plan-lifecycle.js';
import { ragLabelOperations } from './rag-labels.js';
import { planReach } from './reach.js';
import { updateOperations } from './updates.service.js';

export {
  allowedTransitions,
  isLocked,
  retryOnRefClash,
  type EditOutcome,
  type PlanEditOutcome,
  type Stale,
} from './plan-context.js';
export type { LeadCandidate } from './actions.service.js';

export function plansService(deps: { db: Db; clock: Clock }) {
  const context = planContext(deps);
  const { db, clock, repo, today, unitsOf, findAction, requireReason, saveChange } = context;
  const { leadCandidates, ...actions } = actionOperations(context);
  const { ragLabels, saveRagLabels } = ragLabelOperations(context);
  const visible = planReach(context);

  return {
    today,
    ...milestoneOperations({ db, clock, findAction, requireReason, saveChange }),
    leadCandidates,
    ragLabels,
    plans: (org: Organisation) => repo.listPlans(org.id),
    plan: visible.plan,
    planForYear: (org: Organisation, year: number) => repo.findPlanByYear(org.id, year),
    /** Every action of the plan, whoever owns it: for the organisation's own work (carry forward, approval). */
    actions: (plan: Plan) => repo.listActions(plan.id),
    /** The plan's whole history: for the organisation's own work (approval); pages use `visibleHistory`. */
    history: (plan: Plan) => repo.history(plan.id),
    updatesOf: (actionIds: readonly string[]) => repo.updatesOf(actionIds),
    /** The organisation's units, by path: the owners an action may have. */
    units: unitsOf,
    action: findAction,
    reach: visible.reach,
    visibleActions: visible.visibleActions,
    visibleAction: visible.visibleAction,
    visibleHistory: visible.visibleHistory,
    ...planLifecycle(context),
    ...actions,
    ...updateOperations(context, visible.reach),
    saveRagLabels,
  };
}

export type PlansService = ReturnType<typeof plansService>;
