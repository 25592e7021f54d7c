/**
 * The action page, which the action, update and milestone routes all answer with (a refused form comes
 * back on it with its errors): the action's details and status, milestones, measured KPIs and the update
 * history including the years it was carried through.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../../server/routing.js';
import { measureChoices, planFigures, readKpis } from './figures.js';
import { MILESTONE_STATE_LABELS, MILESTONE_STATES, RAG_STATUSES, type Plan } from './plan.js';
import { catalogueFor, planBase, rightsOf, type ActionParams, type PlanParams } from './plans.http.js';
import { isLocked } from './plans.service.js';
import { presentAction, presentPlan, presentUpdate } from './presenters.js';
import { ownerLabel } from './visibility.js';

/** The plan of the address. */
export const planOfRequest = (deps: RouteDeps, request: FastifyRequest<{ Params: PlanParams }>) =>
  deps.services.plans.plan(request.org!.organisation, request.params.plan);

/** The action of the address, if the reader sees it: another unit's action is not found (visibility.ts). */
export const actionOfRequest = (
  deps: RouteDeps,
  request: FastifyRequest<{ Params: ActionParams }>,
  plan: Plan,
) => deps.services.plans.visibleAction(request.org!.access, plan, request.params.action);

/** Who may record progress on the action: those who manage the plan, and its leads whose role posts updates. */
export function mayPost(request: FastifyRequest, leads: readonly { userId: string | null }[]): boolean {
  const rights = rightsOf(request);
  return rights.canManage || (rights.canUpdate && leads.some((l) => l.userId === rights.userId));
}

/** The choices of a milestone's state, with `chosen` checked. */
export const milestoneStateItems = (chosen: string) =>
  MILESTONE_STATES.map((s) => ({ value: s, text: MILESTONE_STATE_LABELS[s], checked: s === chosen }));

export async function actionPage(
  deps: RouteDeps,
  request: FastifyRequest<{ Params: ActionParams }>,
  reply: FastifyReply,
  extra: object = {},
  status = 200,
) {
  const { services } = deps;
  const { plans } = services;
  const org = request.org!.organisation;
  const plan = await planOfRequest(deps, request);
  const action = await actionOfRequest(deps, request, plan);
  const rights = rightsOf(request);
  const reach = await plans.reach(request.org!.access);
  const [labels, catalogue, figures, history, origin, units] = await Promise.all([
    plans.ragLabels(org),
    catalogueFor(deps, org),
    planFigures(services, request.org!.access, plan),
    plans.updateHistory(org, action, reach),
    plans.origin(org, action, reach),
    plans.units(org),
  ]);
  const base = planBase(org, plan);
  const today = plans.today();
  return reply.page(
    'plans/views/action.njk',
    {
      plan: presentPlan(plan),
      base,
      locked: isLocked(plan),
      action: presentAction(action, { labels, catalogue, today, planYear: plan.year, base, units }),
      ownerText: ownerLabel(units, action.unitId),
      indicatorValues: action.indicators.map((id) => ({ id, value: figures.values.get(id) ?? null })),
      readings: readKpis(action, figures),
      figuresYear: figures.year,
      history: history.map((u) => presentUpdate(u, labels)),
      origin: origin
        ? {
            href: `${planBase(org, origin.plan)}/actions/${origin.action.id}`,
            ref: origin.action.ref,
            plan: presentPlan(origin.plan),
          }
        : null,
      canPost: mayPost(request, action.leads),
      canManage: rights.canManage,
      ragItems: RAG_STATUSES.map((s) => ({ value: s, text: labels[s] })),
      measureItems: rights.canManage ? measureChoices(figures, catalogue) : [],
      today,
      update: { postedOn: '', rag: '', narrative: '' },
      yearQuestion: null,
      kpi: { choice: '', target: '', direction: '', label: '' },
      milestone: { title: '', dueOn: '', state: 'not_started', note: '' },
      milestoneStates: milestoneStateItems('not_started'),
      ...extra,
    },
    status,
  );
}
