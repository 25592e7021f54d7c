/**
 * An action's milestones: added and removed by those who manage the plan (as an action is edited), their
 * progress recorded by the action's leads too (as an update is posted); the service checks who may change
 * what, and the access declarations below keep everyone else out before a form is read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, field, type FormBody } from '../../server/forms.js';
import { forbidden, isParityError, notFound, type Problem } from '../../shared/errors.js';
import { actionOfRequest, actionPage, mayPost, milestoneStateItems, planOfRequest } from './actions.http.js';
import type { MilestoneInput } from './inputs.js';
import type { Action, Milestone, Plan } from './plan.js';
import { planBase, rightsOf, text, type ActionParams } from './plans.http.js';
import { isLocked } from './plans.service.js';
import { presentAction, presentMilestone, presentPlan } from './presenters.js';
import { timescaleLabel } from './timescale.js';

type MilestoneParams = ActionParams & { milestone: string };

/**
 * The problems of a form whose reason field has an id of its own on a page with other forms that ask for
 * one, so that the error summary's link reaches the right field.
 */
const reasonAs = (id: string, problems: readonly Problem[]): Problem[] =>
  problems.map((p) => (p.field === 'reason' ? { ...p, field: id } : p));

/** A field of the form, or undefined when the form has no such field (a lead's form has no title or date). */
const optional = (body: unknown, name: string): string | undefined =>
  body !== null && typeof body === 'object' && (body as FormBody)[name] !== undefined
    ? text(body, name)
    : undefined;

function inputOf(body: unknown): MilestoneInput {
  return {
    title: optional(body, 'milestoneTitle'),
    dueOn: optional(body, 'milestoneDueOn'),
    state: field(body, 'milestoneState'),
    note: text(body, 'milestoneNote'),
  };
}

export function registerMilestoneRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { plans } = deps.services;
  const manage = { config: { access: orgRoute('plans.manage', 'organisation') } };
  const update = { config: { access: orgRoute('plans.update') } };

  const milestoneHref = (request: FastifyRequest<{ Params: ActionParams }>, plan: Plan, m: { id: string }) =>
    `${planBase(request.org!.organisation, plan)}/actions/${request.params.action}/milestones/${m.id}`;

  /** The milestone of the address, on an action the reader sees. */
  async function milestoneOf(request: FastifyRequest<{ Params: MilestoneParams }>) {
    const plan = await planOfRequest(deps, request);
    const action = await actionOfRequest(deps, request, plan);
    const milestone = action.milestones.find((m) => m.id === request.params.milestone);
    if (!milestone) throw notFound('There is no such milestone on this action.');
    return { plan, action, milestone };
  }

  async function editPage(
    request: FastifyRequest<{ Params: MilestoneParams }>,
    reply: FastifyReply,
    found: { plan: Plan; action: Action; milestone: Milestone },
    extra: { form?: object; version?: number; conflict?: object; removeOpen?: boolean } = {},
    status = 200,
  ) {
    const { plan, action, milestone } = found;
    const org = request.org!.organisation;
    const [labels, units] = await Promise.all([plans.ragLabels(org), plans.units(org)]);
    const base = planBase(org, plan);
    const today = plans.today();
    const form = (extra.form ?? {
      title: milestone.title,
      // As people type a date (31/12/2024), which the form's hint asks for.
      dueOn: milestone.dueOn.split('-').reverse().join('/'),
      state: milestone.state,
      note: milestone.note,
      reason: '',
    }) as { state: string };
    return reply.page(
      'plans/views/milestone.njk',
      {
        plan: presentPlan(plan),
        base,
        locked: isLocked(plan),
        action: presentAction(action, {
          labels,
          catalogue: [],
          today,
          planYear: plan.year,
          base,
          units,
        }),
        timescale: timescaleLabel(action.timescale),
        milestone: presentMilestone(milestone, today),
        href: milestoneHref(request, plan, milestone),
        version: extra.version ?? milestone.version,
        canManage: rightsOf(request).canManage,
        form,
        states: milestoneStateItems(form.state),
        ...extra,
      },
      status,
    );
  }

  app.post<{ Params: ActionParams }>(
    '/o/:org/plans/:plan/actions/:action/milestones',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const plan = await planOfRequest(deps, request);
      await actionOfRequest(deps, request, plan);
      const input = {
        title: text(request.body, 'milestoneTitle'),
        dueOn: field(request.body, 'milestoneDueOn'),
        state: field(request.body, 'milestoneState') || 'not_started',
        note: text(request.body, 'milestoneNote'),
        reason: text(request.body, 'reason'),
      };
      try {
        const m = await plans.addMilestone(actorOf(request), org, plan, request.params.action, input);
        reply.flash(`Added the milestone “${m.title}”. It counts towards the action’s status from now on.`);
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        return actionPage(
          deps,
          request,
          reply,
          {
            milestone: input,
            milestoneStates: milestoneStateItems(input.state),
            milestoneOpen: true,
            ...errorView(reasonAs('reason-milestone', error.problems)),
          },
          400,
        );
      }
      return reply.redirect(`${planBase(org, plan)}/actions/${request.params.action}#milestones`, 303);
    },
  );

  app.get<{ Params: MilestoneParams }>(
    '/o/:org/plans/:plan/actions/:action/milestones/:milestone',
    update,
    async (request, reply) => {
      const found = await milestoneOf(request);
      if (!mayPost(request, found.action.leads))
        throw forbidden(
          'Only the leads of this action, and those who manage the plan, can record progress on its milestones.',
        );
      return editPage(request, reply, found);
    },
  );

  app.post<{ Params: MilestoneParams }>(
    '/o/:org/plans/:plan/actions/:action/milestones/:milestone',
    update,
    async (request, reply) => {
      const org = request.org!.organisation;
      const found = await milestoneOf(request);
      const input = { ...inputOf(request.body), version: field(request.body, 'version') };
      const reason = text(request.body, 'reason');
      const form = {
        title: input.title ?? found.milestone.title,
        dueOn: input.dueOn ?? found.milestone.dueOn,
        state: input.state,
        note: input.note,
        reason,
      };
      const rights = rightsOf(request);
      try {
        const outcome = await plans.editMilestone(
          actorOf(request),
          org,
          found.plan,
          found.action.id,
          found.milestone.id,
          { ...input, reason },
          // An action lead's right to post is the role's (plans.update) and their being a lead of it.
          { userId: rights.userId, canManage: rights.canManage },
        );
        if (!outcome.ok)
          // What this person typed stays in the form, which now carries the current version: saving again,
          // after reading the other change, is a deliberate choice to replace it.
          return editPage(
            request,
            reply,
            { ...found, milestone: outcome.current },
            {
              form,
              conflict: {
                by: outcome.current.updatedByLabel,
                at: outcome.current.updatedAt,
                current: presentMilestone(outcome.current, plans.today()),
              },
            },
            409,
          );
        reply.flash(`Saved the milestone “${outcome.milestone.title}”.`);
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        const version = Number.parseInt(input.version, 10);
        return editPage(
          request,
          reply,
          found,
          { form, ...(Number.isInteger(version) ? { version } : {}), ...errorView(error.problems) },
          400,
        );
      }
      return reply.redirect(`${planBase(org, found.plan)}/actions/${found.action.id}#milestones`, 303);
    },
  );

  app.post<{ Params: MilestoneParams }>(
    '/o/:org/plans/:plan/actions/:action/milestones/:milestone/delete',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const found = await milestoneOf(request);
      const input = { version: field(request.body, 'version'), reason: text(request.body, 'reason') };
      try {
        await plans.removeMilestone(
          actorOf(request),
          org,
          found.plan,
          found.action.id,
          found.milestone.id,
          input,
        );
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        return editPage(
          request,
          reply,
          found,
          { removeOpen: true, ...errorView(reasonAs('reason-remove', error.problems)) },
          400,
        );
      }
      reply.flash(`Removed the milestone “${found.milestone.title}”. The audit trail keeps what it said.`);
      return reply.redirect(`${planBase(org, found.plan)}/actions/${found.action.id}#milestones`, 303);
    },
  );
}
