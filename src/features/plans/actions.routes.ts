/**
 * One action: its page (actions.http.ts), the form to add or edit it (with the other person's change shown
 * when an edit was stale), progress updates from its leads (an update dated outside the plan's year is
 * asked about first), measured KPIs and deletion. Milestones have their own route file.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, field } from '../../server/forms.js';
import { isParityError } from '../../shared/errors.js';
import type { OrgAccess } from '../auth/access.js';
import { actionOfRequest, actionPage as renderActionPage, planOfRequest } from './actions.http.js';
import { measureChoices, planFigures } from './figures.js';
import type { ActionInput } from './inputs.js';
import { ACTION_STATUSES, ACTION_STATUS_LABELS, type Action, type Plan } from './plan.js';
import {
  catalogueFor,
  planBase,
  rightsOf,
  text,
  values,
  type ActionParams,
  type PlanParams,
} from './plans.http.js';
import { isLocked } from './plans.service.js';
import { indicatorOptions, presentAction, presentPlan } from './presenters.js';
import { GROUP_TITLES } from './references.js';
import { timescaleLabel } from './timescale.js';
import { mayOwn, TRUST_WIDE } from './visibility.js';

const emptyForm = (): Record<string, string | string[]> => ({
  text: '',
  status: 'new',
  theme: '',
  aim: '',
  kpiText: '',
  timescale: '',
  outcome: '',
  sustainability: '',
  serves: [],
  indicators: [],
  leads: '',
  leadUserIds: [],
  unitId: '',
  reason: '',
});

const formOf = (a: Action) => ({
  text: a.text,
  status: a.status,
  theme: a.theme ?? '',
  aim: a.aim,
  kpiText: a.kpiText,
  timescale: timescaleLabel(a.timescale),
  outcome: a.outcome,
  sustainability: a.sustainability,
  serves: [a.serves.wres ? 'wres' : '', a.serves.wdes ? 'wdes' : '', a.serves.other ? 'other' : ''].filter(
    (s) => s !== '',
  ),
  indicators: a.indicators,
  leads: a.leads
    .filter((l) => l.userId === null)
    .map((l) => l.name)
    .join('\n'),
  leadUserIds: a.leads.filter((l) => l.userId !== null).map((l) => l.userId!),
  unitId: a.unitId ?? '',
  reason: '',
});

function inputOf(body: unknown): ActionInput & { reason: string } {
  return {
    text: text(body, 'text'),
    status: field(body, 'status'),
    theme: text(body, 'theme'),
    aim: text(body, 'aim'),
    kpiText: text(body, 'kpiText'),
    timescale: field(body, 'timescale'),
    outcome: text(body, 'outcome'),
    sustainability: text(body, 'sustainability'),
    serves: values(body, 'serves'),
    indicators: values(body, 'indicators'),
    leads: text(body, 'leads'),
    leadUserIds: values(body, 'leadUserIds'),
    unitId: field(body, 'unitId'),
    reason: text(body, 'reason'),
  };
}

export function registerActionRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;
  const { plans } = services;
  const view = { config: { access: orgRoute('plans.view') } };
  const manage = { config: { access: orgRoute('plans.manage', 'organisation') } };
  const update = { config: { access: orgRoute('plans.update') } };

  const planOf = (request: FastifyRequest<{ Params: PlanParams }>) => planOfRequest(deps, request);
  const actionOf = (request: FastifyRequest<{ Params: ActionParams }>, plan: Plan) =>
    actionOfRequest(deps, request, plan);

  async function formPage(
    reply: FastifyReply,
    access: OrgAccess,
    plan: Plan,
    options: { action: Action | null; form: object; extra?: object; status?: number },
  ) {
    const org = access.organisation;
    const [catalogue, candidates, actions, units] = await Promise.all([
      catalogueFor(deps, org),
      plans.leadCandidates(org),
      plans.visibleActions(access, plan),
      plans.units(org),
    ]);
    const form = options.form as ReturnType<typeof formOf>;
    const base = planBase(org, plan);
    const themes = [...new Set(actions.map((a) => a.theme).filter((t): t is string => t !== null))].sort(
      (a, b) => a.localeCompare(b, 'en-GB'),
    );
    return reply.page(
      'plans/views/action-form.njk',
      {
        plan: presentPlan(plan),
        base,
        action: options.action
          ? { id: options.action.id, ref: options.action.ref, version: options.action.version }
          : null,
        locked: isLocked(plan),
        form,
        themes,
        statusItems: ACTION_STATUSES.map((s) => ({
          value: s,
          text: ACTION_STATUS_LABELS[s],
          checked: form.status === s,
        })),
        servesItems: [
          { value: 'wres', text: 'WRES (race)' },
          { value: 'wdes', text: 'WDES (disability)' },
          { value: 'other', text: 'Other protected characteristics' },
        ].map((i) => ({ ...i, checked: form.serves.includes(i.value) })),
        indicatorGroups: indicatorOptions(catalogue, form.indicators).map((g) => ({
          ...g,
          title: GROUP_TITLES[g.group as keyof typeof GROUP_TITLES] ?? g.group,
          open: g.items.some((i) => i.checked) || g.group === 'WRES' || g.group === 'WDES',
        })),
        leadItems: candidates.map((c) => ({
          value: c.userId,
          text: `${c.displayName} (${c.username})`,
          checked: form.leadUserIds.includes(c.userId),
        })),
        // The owners this editor may choose: trust-wide and every unit, by path (fewer for a unit's editor).
        unitItems: [{ value: '', text: TRUST_WIDE }, ...units.map((u) => ({ value: u.id, text: u.path }))]
          .filter((i) => mayOwn(access, units, i.value === '' ? null : i.value))
          .map((i) => ({ ...i, selected: i.value === form.unitId })),
        ...options.extra,
      },
      options.status ?? 200,
    );
  }

  app.get<{ Params: PlanParams }>('/o/:org/plans/:plan/actions/new', manage, async (request, reply) =>
    formPage(reply, request.org!.access, await planOf(request), { action: null, form: emptyForm() }),
  );

  app.post<{ Params: PlanParams }>('/o/:org/plans/:plan/actions', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const plan = await planOf(request);
    const input = inputOf(request.body);
    try {
      const action = await plans.createAction(
        actorOf(request),
        org,
        plan,
        input,
        input.reason,
        request.org!.access,
      );
      reply.flash(
        `Added action A${action.ref}${action.indicators.length > 1 ? `, linked to ${action.indicators.length} indicators` : ''}.`,
      );
      return reply.redirect(`${planBase(org, plan)}/actions/${action.id}`, 303);
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return formPage(reply, request.org!.access, plan, {
        action: null,
        form: input,
        extra: errorView(error.problems),
        status: 400,
      });
    }
  });

  const actionPage = (
    request: FastifyRequest<{ Params: ActionParams }>,
    reply: FastifyReply,
    extra: object = {},
    status = 200,
  ) => renderActionPage(deps, request, reply, extra, status);

  app.get<{ Params: ActionParams }>('/o/:org/plans/:plan/actions/:action', view, (request, reply) =>
    actionPage(request, reply),
  );

  // The update form of an action, as reminder emails link to it: a path of its own (a fragment would be
  // lost on the way through the sign-in page), which opens the action's page at its form.
  app.get<{ Params: ActionParams }>(
    '/o/:org/plans/:plan/actions/:action/update',
    view,
    async (request, reply) => {
      const org = request.org!.organisation;
      const plan = await planOf(request);
      const action = await actionOf(request, plan);
      return reply.redirect(`${planBase(org, plan)}/actions/${action.id}#post-update`, 303);
    },
  );

  app.get<{ Params: ActionParams }>(
    '/o/:org/plans/:plan/actions/:action/edit',
    manage,
    async (request, reply) => {
      const plan = await planOf(request);
      const action = await actionOf(request, plan);
      return formPage(reply, request.org!.access, plan, { action, form: formOf(action) });
    },
  );

  app.post<{ Params: ActionParams }>(
    '/o/:org/plans/:plan/actions/:action/edit',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const plan = await planOf(request);
      const before = await actionOf(request, plan);
      const input = inputOf(request.body);
      const version = Number.parseInt(field(request.body, 'version'), 10);
      try {
        const outcome = await plans.editAction(
          actorOf(request),
          org,
          plan,
          before.id,
          version,
          input,
          input.reason,
          request.org!.access,
        );
        if (!outcome.ok) {
          const [labels, catalogue, units] = await Promise.all([
            plans.ragLabels(org),
            catalogueFor(deps, org),
            plans.units(org),
          ]);
          const current = presentAction(outcome.current, {
            labels,
            catalogue,
            today: plans.today(),
            planYear: plan.year,
            base: planBase(org, plan),
            units,
          });
          // The form keeps what this person typed and now carries the current version: saving again,
          // after reading the other change, is a deliberate choice to replace it.
          return formPage(reply, request.org!.access, plan, {
            action: outcome.current,
            form: input,
            extra: {
              conflict: {
                by: outcome.current.updatedByLabel,
                at: outcome.current.updatedAt,
                current,
                currentForm: formOf(outcome.current),
              },
            },
            status: 409,
          });
        }
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        return formPage(reply, request.org!.access, plan, {
          action: { ...before, version: Number.isInteger(version) ? version : before.version },
          form: input,
          extra: errorView(error.problems),
          status: 400,
        });
      }
      reply.flash(`Saved action A${before.ref}. It shows the change under every indicator it is linked to.`);
      return reply.redirect(`${planBase(org, plan)}/actions/${before.id}`, 303);
    },
  );

  app.post<{ Params: ActionParams }>(
    '/o/:org/plans/:plan/actions/:action/delete',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const plan = await planOf(request);
      const action = await actionOf(request, plan);
      if (field(request.body, 'confirm') !== 'yes')
        return actionPage(
          request,
          reply,
          errorView([
            { field: 'confirm', message: 'Tick the box to confirm that this action should be deleted' },
          ]),
          400,
        );
      try {
        await plans.deleteAction(actorOf(request), org, plan, action.id, text(request.body, 'reason'));
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        return actionPage(request, reply, errorView(error.problems), 400);
      }
      reply.flash(`Deleted action A${action.ref}. The audit trail keeps what it said.`);
      return reply.redirect(planBase(org, plan), 303);
    },
  );

  app.post<{ Params: ActionParams }>(
    '/o/:org/plans/:plan/actions/:action/updates',
    update,
    async (request, reply) => {
      const org = request.org!.organisation;
      const plan = await planOf(request);
      // Another unit's action is not found for those whose role is limited to theirs.
      await actionOf(request, plan);
      const input = {
        postedOn: field(request.body, 'postedOn'),
        rag: field(request.body, 'rag'),
        narrative: text(request.body, 'narrative'),
        confirmOutsideYear: field(request.body, 'confirmOutsideYear') === 'yes',
      };
      try {
        await plans.postUpdate(actorOf(request), org, plan, request.params.action, input, rightsOf(request));
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        const question = error.problems.find((p) => p.field === 'confirmOutsideYear');
        // A date outside the plan's year is a question, not a mistake: the page asks it, with what was typed
        // kept in both the answer's form and the update form (to change the date instead).
        if (question && error.problems.length === 1)
          return actionPage(request, reply, { update: input, yearQuestion: { message: question.message } });
        return actionPage(request, reply, { update: input, ...errorView(error.problems) }, 400);
      }
      reply.flash('Your update was posted. The EDI lead sees it under every indicator this action serves.');
      return reply.redirect(`${planBase(org, plan)}/actions/${request.params.action}`, 303);
    },
  );

  app.post<{ Params: ActionParams }>(
    '/o/:org/plans/:plan/actions/:action/kpis',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const plan = await planOf(request);
      await actionOf(request, plan);
      const b = request.body;
      const input = {
        version: field(b, 'version'),
        choice: field(b, 'choice'),
        target: field(b, 'target'),
        direction: field(b, 'direction'),
        label: field(b, 'label'),
        reason: text(b, 'reason'),
      };
      const [catalogue, figures] = await Promise.all([
        catalogueFor(deps, org),
        planFigures(services, request.org!.access, plan),
      ]);
      const choices = new Map(
        measureChoices(figures, catalogue).map((c) => [c.value, c.text.replace(/, now .*$/, '')]),
      );
      try {
        await plans.addKpi(actorOf(request), org, plan, request.params.action, input, choices);
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        return actionPage(request, reply, { kpi: input, ...errorView(error.problems) }, 400);
      }
      reply.flash('Added the KPI. Its current figure, trend and course are shown with the action.');
      return reply.redirect(`${planBase(org, plan)}/actions/${request.params.action}`, 303);
    },
  );

  app.post<{ Params: ActionParams & { kpi: string } }>(
    '/o/:org/plans/:plan/actions/:action/kpis/:kpi/delete',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const plan = await planOf(request);
      await actionOf(request, plan);
      try {
        await plans.removeKpi(actorOf(request), org, plan, request.params.action, request.params.kpi, {
          version: field(request.body, 'version'),
          reason: text(request.body, 'reason'),
        });
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        return actionPage(request, reply, errorView(error.problems), 400);
      }
      reply.flash('Removed the KPI.');
      return reply.redirect(`${planBase(org, plan)}/actions/${request.params.action}`, 303);
    },
  );
}
