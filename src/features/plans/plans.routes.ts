/**
 * The action plan pages: the plans of an organisation, one plan read by indicator, theme, lead or RAG
 * with its figures, filters and what needs chasing; its details and status; carrying it forward; "My
 * actions" for action leads; the RAG labels; and the exports (DOCX, HTML, XLSX, CSV). Actions, updates
 * and imports have their own route files.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, field } from '../../server/forms.js';
import { isParityError, notFound, ParityError } from '../../shared/errors.js';
import { can, unitScope } from '../auth/access.js';
import { planDocx } from './export/docx.js';
import { planHtml } from './export/html.js';
import { exportFileName } from './export/model.js';
import { planCsv, planXlsx, templateXlsx } from './export/sheets.js';
import { planFigures } from './figures.js';
import {
  applyFilters,
  groupByIndicator,
  groupByLead,
  groupByRag,
  groupByTheme,
  ragCountsByIndicator,
  VIEWS,
  type Filters,
  type PlanView,
} from './grouping.js';
import {
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  financialYearLabel,
  isComplete,
  PLAN_STATUS_LABELS,
  RAG_STATUSES,
  RAG_STYLE,
  type Plan,
} from './plan.js';
import {
  catalogueFor,
  exportModel,
  focusOf,
  planBase,
  rightsOf,
  seesWholePlan,
  text,
  values,
  type OrgParams,
  type PlanParams,
} from './plans.http.js';
import { allowedTransitions, isLocked } from './plans.service.js';
import { escapeHtml } from './markup.js';
import { presentAction, presentPlan } from './presenters.js';
import { registerActionRoutes } from './actions.routes.js';
import { registerPlanImportRoutes } from './import/import.routes.js';
import { registerMilestoneRoutes } from './milestones.routes.js';
import { missingPlan } from './next-plan.js';
import { ACTION_STATE_LABELS, ACTION_STATE_TAGS, ACTION_STATES, actionState } from './status.js';
import { GROUP_TITLES, referenceText } from './references.js';

const VIEW_LABELS: Record<PlanView, string> = {
  indicator: 'By indicator',
  theme: 'By theme',
  lead: 'By lead',
  rag: 'By RAG status',
};

const detailsForm = (plan: Plan) => ({
  title: plan.title,
  authors: plan.authors.map((a) => (a.role ? `${a.name}, ${a.role}` : a.name)).join('\n'),
  publicationDate: plan.publicationDate ?? '',
  sources: plan.sources,
  endorsedBy: plan.endorsedBy,
  endorsedOn: plan.endorsedOn ?? '',
  boardApprovalDate: plan.boardApprovalDate ?? '',
  alignment: plan.alignment,
  version: String(plan.version),
});

export function registerPlanRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;
  const { plans } = services;
  const view = { config: { access: orgRoute('plans.view') } };
  const manage = { config: { access: orgRoute('plans.manage', 'organisation') } };
  const update = { config: { access: orgRoute('plans.update') } };

  async function planOf(request: FastifyRequest<{ Params: PlanParams }>): Promise<Plan> {
    return plans.plan(request.org!.organisation, request.params.plan);
  }

  /** The plan that should exist by now and does not (next-plan.ts), by the installation's setting. */
  const missingPlanOf = (all: readonly Plan[]) =>
    missingPlan(
      all.map((p) => p.year),
      plans.today(),
      deps.config.nextPlanWarningDays,
    );

  async function indexPage(request: FastifyRequest, reply: FastifyReply, extra: object = {}, status = 200) {
    const org = request.org!.organisation;
    const all = await plans.plans(org);
    const labels = await plans.ragLabels(org);
    const today = plans.today();
    const rows = [];
    for (const p of all) {
      const actions = await plans.visibleActions(request.org!.access, p);
      // How many actions stand in each state (status.ts), most serious first.
      const states = actions.map((a) => actionState(a, { today, planYear: p.year, labels }).key);
      const counts = ACTION_STATES.map((s) => ({
        label: ACTION_STATE_LABELS[s],
        tag: ACTION_STATE_TAGS[s],
        n: states.filter((x) => x === s).length,
      }));
      rows.push({ plan: presentPlan(p), count: actions.length, counts });
    }
    const rights = rightsOf(request);
    const thisYear =
      services.clock.now().getUTCMonth() >= 3
        ? services.clock.now().getUTCFullYear()
        : services.clock.now().getUTCFullYear() - 1;
    const taken = new Set(all.map((p) => p.year));
    const yearItems = [thisYear - 2, thisYear - 1, thisYear, thisYear + 1, thisYear + 2]
      .filter((y) => !taken.has(y))
      .map((y) => ({ value: String(y), text: financialYearLabel(y), selected: y === thisYear }));
    return reply.page(
      'plans/views/plans.njk',
      {
        rows,
        yearItems,
        canManage: rights.canManage,
        canUpdate: rights.canUpdate,
        // Only those who can create plans are told one is missing.
        missing: rights.canManage ? missingPlanOf(all) : null,
        form: {},
        ...extra,
      },
      status,
    );
  }

  app.get<{ Params: OrgParams }>('/o/:org/plans', view, (request, reply) => indexPage(request, reply));

  app.post<{ Params: OrgParams }>('/o/:org/plans', manage, async (request, reply) => {
    const org = request.org!.organisation;
    try {
      const plan = await plans.createPlan(actorOf(request), org, {
        year: field(request.body, 'year'),
        title: field(request.body, 'title'),
      });
      reply.flash(`Created ${plan.title}. Add its actions, or import them from an existing plan.`);
      return reply.redirect(planBase(org, plan), 303);
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return indexPage(
        request,
        reply,
        { form: { title: field(request.body, 'title') }, ...errorView(error.problems) },
        400,
      );
    }
  });

  app.get<{ Params: OrgParams }>('/o/:org/plans/template.xlsx', view, async (_request, reply) => {
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="parity-action-plan-template.xlsx"')
      .send(await templateXlsx());
  });

  // --- My actions -------------------------------------------------------------------------------------

  app.get<{ Params: OrgParams }>('/o/:org/plans/mine', update, async (request, reply) => {
    const org = request.org!.organisation;
    const labels = await plans.ragLabels(org);
    const catalogue = await catalogueFor(deps, org);
    const today = plans.today();
    const [mine, units] = await Promise.all([
      plans.myActions(request.org!.access, rightsOf(request).userId),
      plans.units(org),
    ]);
    const byPlan = new Map<
      string,
      { plan: ReturnType<typeof presentPlan>; actions: ReturnType<typeof presentAction>[] }
    >();
    for (const { plan, action } of mine) {
      const entry = byPlan.get(plan.id) ?? { plan: presentPlan(plan), actions: [] };
      entry.actions.push(
        presentAction(action, {
          labels,
          catalogue,
          today,
          planYear: plan.year,
          base: planBase(org, plan),
          units,
        }),
      );
      byPlan.set(plan.id, entry);
    }
    return reply.page('plans/views/mine.njk', { groups: [...byPlan.values()], total: mine.length });
  });

  // --- RAG labels ------------------------------------------------------------------------------------

  app.get<{ Params: OrgParams }>('/o/:org/plans/settings', manage, async (request, reply) => {
    const labels = await plans.ragLabels(request.org!.organisation);
    return reply.page('plans/views/settings.njk', { labels, statuses: RAG_STATUSES, styles: RAG_STYLE });
  });

  app.post<{ Params: OrgParams }>('/o/:org/plans/settings', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const input = Object.fromEntries(RAG_STATUSES.map((s) => [s, field(request.body, `rag-${s}`)]));
    try {
      await plans.saveRagLabels(actorOf(request), org, input);
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return reply.page(
        'plans/views/settings.njk',
        { labels: input, statuses: RAG_STATUSES, styles: RAG_STYLE, ...errorView(error.problems) },
        400,
      );
    }
    reply.flash('Saved the RAG labels. Plans, updates and exports use them from now on.');
    return reply.redirect(`/o/${org.odsCode}/plans`, 303);
  });

  // --- One plan --------------------------------------------------------------------------------------

  app.get<{ Params: PlanParams; Querystring: Record<string, string | undefined> }>(
    '/o/:org/plans/:plan',
    view,
    async (request, reply) => {
      const org = request.org!.organisation;
      const plan = await planOf(request);
      const rights = rightsOf(request);
      const q = request.query;
      const chosen = (VIEWS as readonly string[]).includes(q.view ?? '') ? (q.view as PlanView) : 'indicator';
      const filters: Filters = {
        rag: q.rag ?? '',
        status: q.status ?? '',
        lead: q.lead ?? '',
        indicator: q.indicator ?? '',
        q: (q.q ?? '').slice(0, 200),
      };
      // What the reader sees of the plan (visibility.ts), or one unit's view of it (`?unit=`).
      const focus = focusOf(request);
      const [all, labels, catalogue, figures, units] = await Promise.all([
        plans.visibleActions(request.org!.access, plan, focus),
        plans.ragLabels(org),
        catalogueFor(deps, org),
        planFigures(services, request.org!.access, plan),
        plans.units(org),
      ]);
      const base = planBase(org, plan);
      const today = plans.today();
      const shown = applyFilters(all, filters);
      const wholePlan = seesWholePlan(request);
      const focusUnit = units.find((u) => u.id === focus) ?? null;
      const unitQuery = focusUnit ? `?unit=${encodeURIComponent(focusUnit.id)}` : '';
      const scope = unitScope(request.org!.access, 'plans.view');
      const ownUnits = scope === 'all' ? [] : units.filter((u) => scope.includes(u.id)).map((u) => u.path);
      const groups =
        chosen === 'indicator'
          ? groupByIndicator(shown, catalogue)
          : chosen === 'theme'
            ? groupByTheme(shown)
            : chosen === 'lead'
              ? groupByLead(shown)
              : groupByRag(shown, labels);
      const present = (a: (typeof all)[number]) =>
        presentAction(a, { labels, catalogue, today, planYear: plan.year, base, units });
      const attention = plans.attention(plan, all, labels);
      const carriedFrom = plan.carriedFromPlanId
        ? await plans.plan(org, plan.carriedFromPlanId).catch(() => null)
        : null;
      const next = await plans.planForYear(org, plan.year + 1);
      // The warning that a plan is missing shows on the newest plan, the one to carry forward.
      const allPlans = rights.canManage ? await plans.plans(org) : [];
      const missing =
        rights.canManage && allPlans[0]?.id === plan.id && !next ? missingPlanOf(allPlans) : null;
      // Reminders reach a lead only through a linked account with an email address: who they miss.
      const unmailable = rights.canManage ? await services.mail.unreachable(org, all) : [];
      const leads = [...new Set(all.flatMap((a) => a.leads.map((l) => l.name)))].sort((a, b) =>
        a.localeCompare(b, 'en-GB'),
      );
      const used = new Set(all.flatMap((a) => a.indicators));
      const groupsOfRefs = catalogue.filter((r) => used.has(r.id));
      const queryWith = (changes: Record<string, string>) => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries({ view: chosen, ...filters, unit: focus ?? '', ...changes }))
          if (v) params.set(k, v);
        return `${base}?${params.toString()}`;
      };
      return reply.page('plans/views/plan.njk', {
        plan: presentPlan(plan),
        base,
        rights,
        locked: isLocked(plan),
        transitions: allowedTransitions(plan).map((s) => ({ value: s, text: PLAN_STATUS_LABELS[s] })),
        today,
        views: VIEWS.map((v) => ({
          key: v,
          label: VIEW_LABELS[v],
          href: queryWith({ view: v }),
          current: v === chosen,
        })),
        view: chosen,
        filters,
        filtered: Object.values(filters).some((v) => v !== ''),
        clearHref: `${base}?view=${chosen}${focusUnit ? `&unit=${encodeURIComponent(focusUnit.id)}` : ''}`,
        focusUnit,
        unitQuery,
        wholePlanHref: `${base}?view=${chosen}`,
        ownUnits,
        filterItems: {
          // One unit's view of the plan, for those who see the whole of it.
          unit: wholePlan
            ? [{ value: '', text: 'Whole plan' }, ...units.map((u) => ({ value: u.id, text: u.path }))].map(
                (i) => ({ ...i, selected: i.value === (focus ?? '') }),
              )
            : [],
          rag: [
            { value: '', text: 'Any' },
            ...RAG_STATUSES.map((s) => ({ value: s, text: labels[s] })),
            { value: 'none', text: 'Not rated' },
          ].map((i) => ({ ...i, selected: i.value === filters.rag })),
          status: [
            { value: '', text: 'Any' },
            ...ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s] })),
          ].map((i) => ({ ...i, selected: i.value === filters.status })),
          lead: [{ value: '', text: 'Anyone' }, ...leads.map((l) => ({ value: l, text: l }))].map((i) => ({
            ...i,
            selected: i.value === filters.lead,
          })),
          indicator: [
            { value: '', text: 'Any' },
            ...(['WRES', 'WDES', 'PAY', 'EDS', 'HIA', 'LOCAL'] as const)
              .filter((g) => groupsOfRefs.some((r) => r.group === g))
              .map((g) => ({ value: g, text: `Any of the ${GROUP_TITLES[g]}` })),
            ...groupsOfRefs.map((r) => ({ value: r.id, text: referenceText(r) })),
          ].map((i) => ({ ...i, selected: i.value === filters.indicator })),
        },
        total: all.length,
        shownCount: shown.length,
        groups: groups.map((g) => ({
          key: g.key,
          title: g.title,
          reference: g.reference,
          value: g.reference ? (figures.values.get(g.reference.id) ?? null) : null,
          actions: g.actions.map(present),
        })),
        ragCounts: ragCountsByIndicator(all, catalogue).map((r) => ({
          ...r,
          cells: [
            ...RAG_STATUSES.map((s) => ({
              n: r.counts[s],
              href: queryWith({ view: 'indicator', indicator: r.reference.id, rag: s }),
            })),
            {
              n: r.counts.none,
              href: queryWith({ view: 'indicator', indicator: r.reference.id, rag: 'none' }),
            },
          ],
        })),
        ragHeads: [...RAG_STATUSES.map((s) => labels[s]), 'Not rated'],
        attention: attention.map((g) => ({
          key: g.key,
          label: ACTION_STATE_LABELS[g.key],
          tag: ACTION_STATE_TAGS[g.key],
          actions: g.actions.map(present),
        })),
        missing,
        figures: { year: figures.year, scopePaths: figures.scopePaths, fullCounts: figures.fullCounts },
        carriedFrom: carriedFrom ? presentPlan(carriedFrom) : null,
        next: next ? presentPlan(next) : null,
        completeCount: all.filter(isComplete).length,
        unmailable: unmailable.map((u) => ({ action: present(u.action), reasons: u.reasons })),
        cycleHref: `${base}/cycle`,
      });
    },
  );

  async function detailsPage(
    reply: FastifyReply,
    request: FastifyRequest<{ Params: PlanParams }>,
    plan: Plan,
    extra: object = {},
    status = 200,
  ) {
    return reply.page(
      'plans/views/plan-details.njk',
      {
        plan: presentPlan(plan),
        base: planBase(request.org!.organisation, plan),
        locked: isLocked(plan),
        form: detailsForm(plan),
        ...extra,
      },
      status,
    );
  }

  app.get<{ Params: PlanParams }>('/o/:org/plans/:plan/details', manage, async (request, reply) =>
    detailsPage(reply, request, await planOf(request)),
  );

  app.post<{ Params: PlanParams }>('/o/:org/plans/:plan/details', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const plan = await planOf(request);
    const b = request.body;
    const form = {
      title: text(b, 'title'),
      authors: text(b, 'authors'),
      publicationDate: field(b, 'publicationDate'),
      sources: text(b, 'sources'),
      endorsedBy: text(b, 'endorsedBy'),
      endorsedOn: field(b, 'endorsedOn'),
      boardApprovalDate: field(b, 'boardApprovalDate'),
      alignment: text(b, 'alignment'),
      version: field(b, 'version'),
      reason: text(b, 'reason'),
    };
    try {
      const outcome = await plans.editPlan(actorOf(request), org, plan, form);
      if (!outcome.ok)
        return detailsPage(
          reply,
          request,
          outcome.current,
          {
            form,
            conflict: {
              by: outcome.current.updatedByLabel,
              at: outcome.current.updatedAt,
              current: presentPlan(outcome.current),
            },
            formVersion: String(outcome.current.version),
          },
          409,
        );
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return detailsPage(reply, request, plan, { form, ...errorView(error.problems) }, 400);
    }
    reply.flash('Saved the plan details.');
    return reply.redirect(planBase(org, plan), 303);
  });

  app.post<{ Params: PlanParams }>('/o/:org/plans/:plan/status', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const plan = await planOf(request);
    const b = request.body;
    try {
      const saved = await plans.changeStatus(actorOf(request), org, plan, {
        to: field(b, 'to'),
        version: field(b, 'version'),
        endorsedBy: text(b, 'endorsedBy'),
        endorsedOn: field(b, 'endorsedOn'),
        boardApprovalDate: field(b, 'boardApprovalDate'),
        publicationDate: field(b, 'publicationDate'),
      });
      reply.flash(
        `The plan is now ${PLAN_STATUS_LABELS[saved.status].toLowerCase()}.${isLocked(saved) ? ' From now on every change to it is kept as a revision, with who made it and why.' : ''}`,
      );
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return reply.page(
        'plans/views/status.njk',
        {
          plan: presentPlan(plan),
          base: planBase(org, plan),
          transitions: allowedTransitions(plan).map((s) => ({
            value: s,
            text: PLAN_STATUS_LABELS[s],
            checked: s === field(b, 'to'),
          })),
          form: {
            endorsedBy: text(b, 'endorsedBy'),
            endorsedOn: field(b, 'endorsedOn'),
            boardApprovalDate: field(b, 'boardApprovalDate'),
            publicationDate: field(b, 'publicationDate'),
          },
          ...errorView(error.problems),
        },
        400,
      );
    }
    return reply.redirect(planBase(org, plan), 303);
  });

  app.get<{ Params: PlanParams }>('/o/:org/plans/:plan/history', view, async (request, reply) => {
    const plan = await planOf(request);
    const history = await plans.visibleHistory(request.org!.access, plan);
    return reply.page('plans/views/history.njk', {
      plan: presentPlan(plan),
      base: planBase(request.org!.organisation, plan),
      history: history.map((h) => ({
        ...h,
        beforeText: h.before === null ? '' : JSON.stringify(h.before, null, 2),
        afterText: h.after === null ? '' : JSON.stringify(h.after, null, 2),
      })),
    });
  });

  // --- Carry forward ---------------------------------------------------------------------------------

  async function carryPage(
    reply: FastifyReply,
    request: FastifyRequest<{ Params: PlanParams }>,
    plan: Plan,
    chosen: string[] | null,
    extra: object = {},
    status = 200,
  ) {
    const org = request.org!.organisation;
    const [actions, labels, catalogue] = await Promise.all([
      plans.actions(plan),
      plans.ragLabels(org),
      catalogueFor(deps, org),
    ]);
    const base = planBase(org, plan);
    return reply.page(
      'plans/views/carry-forward.njk',
      {
        plan: presentPlan(plan),
        base,
        nextYear: financialYearLabel(plan.year + 1),
        existing: await plans.planForYear(org, plan.year + 1),
        items: actions.map((a) => {
          const p = presentAction(a, { labels, catalogue, today: plans.today(), planYear: plan.year, base });
          return {
            value: a.id,
            html: `<strong>A${a.ref}</strong> ${escapeHtml(p.title)} <span class="parity-muted">(${escapeHtml(p.statusLabel)}, ${escapeHtml(p.state.label.toLowerCase())})</span>`,
            checked: chosen ? chosen.includes(a.id) : !isComplete(a),
          };
        }),
        ...extra,
      },
      status,
    );
  }

  app.get<{ Params: PlanParams }>('/o/:org/plans/:plan/carry-forward', manage, async (request, reply) =>
    carryPage(reply, request, await planOf(request), null),
  );

  app.post<{ Params: PlanParams }>('/o/:org/plans/:plan/carry-forward', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const plan = await planOf(request);
    const chosen = values(request.body, 'actions');
    try {
      const next = await plans.carryForward(actorOf(request), org, plan, chosen);
      reply.flash(
        `Created ${next.title} with ${chosen.length} actions carried forward. Each keeps a link to its ${financialYearLabel(plan.year)} history.`,
      );
      return reply.redirect(planBase(org, next), 303);
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return carryPage(reply, request, plan, chosen, errorView(error.problems), 400);
    }
  });

  // --- Exports ---------------------------------------------------------------------------------------

  app.get<{ Params: PlanParams & { format: string }; Querystring: { view?: string } }>(
    '/o/:org/plans/:plan/export/:format',
    view,
    async (request, reply) => {
      const plan = await planOf(request);
      // A plan file may be published, whoever makes it: figures as published unless full counts are asked
      // for by someone whose role has them, and then every page says so.
      const wantFull = request.query.view === 'full';
      if (wantFull && !can(request.org!.access, 'data.view', 'organisation'))
        throw new ParityError('FORBIDDEN', 'Your role does not allow the full-count version of the plan');
      const model = await exportModel(deps, request, plan, wantFull ? 'full' : 'publication');
      const attach = (name: string) => `attachment; filename="${name.replace(/"/g, '')}"`;
      switch (request.params.format) {
        case 'docx':
          return reply
            .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
            .header('content-disposition', attach(exportFileName(model, 'docx')))
            .send(await planDocx(model));
        case 'xlsx':
          return reply
            .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .header('content-disposition', attach(exportFileName(model, 'xlsx')))
            .send(await planXlsx(model));
        case 'csv':
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', attach(exportFileName(model, 'csv')))
            .send(planCsv(model));
        case 'html':
          return reply
            .header('content-type', 'text/html; charset=utf-8')
            .header('content-disposition', attach(exportFileName(model, 'html')))
            .send(planHtml(model));
        default:
          throw notFound('Plans export as docx, html, xlsx or csv.');
      }
    },
  );

  registerActionRoutes(app, deps);
  registerMilestoneRoutes(app, deps);
  registerPlanImportRoutes(app, deps);
}
