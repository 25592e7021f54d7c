/**
 * The Culture Dashboard's pages. Every page is for an organisation (in the path), a reporting year and
 * optionally a quarter or month and a care group (in the query, so a view can be shared), and works
 * without JavaScript. What a person sees follows their role, as on the Indicators page: a role limited to
 * a care group sees that care group only; analysts and administrators with an organisation-wide role see
 * every count; everyone else sees the publication view, small numbers suppressed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgRoute, type OrgContext, type RouteDeps } from '../../server/routing.js';
import {
  disclosureStatement,
  financialYearLabel,
  FINANCIAL_YEAR_MONTHS,
  isMonthNumber,
  quarterOfMonth,
} from '../../engine/index.js';
import { errorView } from '../../server/forms.js';
import { createViewEnvironment } from '../../server/views.js';
import { accessibleOrganisations, can, lineage, orgAccess, unitScope } from '../auth/access.js';
import { normaliseOdsCode, type Organisation } from '../organisations/organisation.js';
import { PromiseCache } from '../../shared/lru.js';
import type { DashboardContext, DashboardView } from './context.js';
import { TARGET_BANDS } from './dashboard.service.js';
import {
  monthOption,
  parseFilters,
  queryOf,
  quarterOption,
  yearOption,
  type Filters,
  type Query,
} from './filters.js';
import { monthlyIds } from './months.js';
import { narrativeView, registerNarrativeRoutes } from './narrative.routes.js';
import { registerTargetRoutes } from './targets.routes.js';
import { compareModel } from './pages/compare.js';
import { characteristicModel } from './pages/characteristic.js';
import { indicatorModel, regionIndicatorModel } from './pages/indicator.js';
import { reportingYearText } from './present.js';
import { localWithPlan } from './pages/local.js';
import { overviewWithPlan } from './pages/overview.js';
import { payWithPlan } from './pages/pay.js';
import { pipelineModel } from './pages/pipeline.js';
import { qualityModel } from './pages/quality.js';
import { recruitmentModel } from './pages/recruitment.js';
import { relationsModel } from './pages/relations.js';
import { surveyModel } from './pages/survey.js';
import { hotspotsModel } from './pages/hotspots.js';

type OrgParams = { org: string };

/** The dashboard's pages, in the order of its navigation. */
export const DASHBOARD_PAGES = [
  { page: 'overview', path: '', label: 'Overview' },
  { page: 'pipeline', path: '/pipeline', label: 'Representation by band' },
  { page: 'recruitment', path: '/recruitment', label: 'Recruitment' },
  { page: 'relations', path: '/employee-relations', label: 'Employee relations' },
  { page: 'pay', path: '/pay-gaps', label: 'Pay gaps' },
  { page: 'survey', path: '/staff-survey', label: 'Staff survey' },
  { page: 'quality', path: '/data-quality', label: 'Data quality' },
  { page: 'local', path: '/local-metrics', label: 'Local metrics' },
  { page: 'compare', path: '/compare', label: 'Compare organisations' },
] as const;
type PageName = (typeof DASHBOARD_PAGES)[number]['page'] | 'indicator' | 'hotspots' | 'characteristic';

interface Prepared {
  ctx: DashboardContext;
  filters: Filters;
  common: Record<string, unknown>;
  /**
   * An organisation that holds no data of its own (an ICB) with organisations below it the person can
   * see: its pages show those organisations' figures. Null for an organisation with data of its own.
   */
  region: Organisation[] | null;
}

export function registerDashboardRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;
  // Each page is kept for its session until the database changes (server/page-cache.ts).
  const view = { config: { access: orgRoute('indicators.view'), pageCache: true } };
  // The busiest pages' content is rendered once per view and kept with the data it shows: the key names
  // the page's cached model (data version, part shown, view of counts, period), the address's query and
  // what is read fresh on every request (the action plan's RAG counts).
  const fragments = createViewEnvironment({ cache: deps.config.env === 'production' });
  const bodies = new PromiseCache(256);
  const body = (ctx: DashboardContext, name: string, fresh: unknown, vars: Record<string, unknown>) =>
    bodies.get(`${ctx.pageKey(name)}#${String(vars.query)}#${JSON.stringify(fresh)}`, () =>
      Promise.resolve(fragments.render(`dashboard/views/${name.split(':')[0]!}.body.njk`, vars)),
    );

  async function unitsFor(org: OrgContext) {
    const units = await services.organisations.unitsOf(org.organisation.id);
    const scope = unitScope(org.access, 'indicators.view');
    const paths =
      scope === 'all'
        ? units.filter((u) => u.level === 'care_group').map((u) => u.path)
        : units.filter((u) => scope.includes(u.id)).map((u) => u.path);
    paths.sort((a, b) => a.localeCompare(b, 'en-GB'));
    return { limited: scope !== 'all', paths };
  }

  /**
   * Reads the filters and builds the view, or answers the request itself: a redirect when another
   * organisation was chosen, the page with the problems listed when a filter is wrong (nothing computed).
   */
  async function prepare(
    request: FastifyRequest<{ Params: OrgParams; Querystring: Query }>,
    reply: FastifyReply,
    page: PageName,
    subpath: string,
  ): Promise<Prepared | null> {
    const ctxOrg = request.org!;
    const org = ctxOrg.organisation;
    const query = request.query;
    const chosen = typeof query.org === 'string' ? normaliseOdsCode(query.org) : '';
    if (chosen !== '' && chosen !== org.odsCode) {
      const rest = { ...query };
      delete rest.org;
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(rest)) if (typeof v === 'string' && v !== '') params.set(k, v);
      // Year and care group belong to the organisation left behind: keep only the period. Months depend on
      // the organisation's own metrics: a month is kept as its quarter.
      params.delete('careGroup');
      const month = Number(params.get('month'));
      params.delete('month');
      if (isMonthNumber(month)) params.set('quarter', String(quarterOfMonth(month)));
      const q = params.toString();
      await reply.redirect(
        `/o/${encodeURIComponent(chosen)}/dashboard${page === 'indicator' ? '' : subpath}${q ? `?${q}` : ''}`,
        303,
      );
      return null;
    }
    const [snapshot, units, all] = await Promise.all([
      services.dashboard.snapshot(org),
      unitsFor(ctxOrg),
      services.organisations.list(),
    ]);
    const own = snapshot.years;
    const principal = request.auth!.principal;
    const byId = new Map(all.map((o) => [o.id, o]));
    const wholeView = (o: Organisation) =>
      can(orgAccess(principal, o, byId), 'indicators.view', 'organisation');
    // An organisation with no data of its own (an ICB) shows those of the organisations below it the
    // person can see, for the years they have; so does the comparison of a region.
    const visibleChildren = all.filter((o) => o.parentId === org.id && wholeView(o));
    const region = own.length === 0 && visibleChildren.length > 0 ? visibleChildren : null;
    const childYears = async () =>
      [
        ...new Set(
          (
            await Promise.all(
              all.filter((o) => o.parentId === org.id).map((o) => services.dashboard.years(o)),
            )
          ).flat(),
        ),
      ].sort((a, b) => b - a);
    const years =
      region !== null || (page === 'compare' && all.some((o) => o.parentId === org.id))
        ? await childYears()
        : own;
    // Months are there when one of the organisation's local metrics has them (a region has none of its own).
    const monthly = region === null && monthlyIds(snapshot.localDefinitions).size > 0;
    const { filters, problems } = parseFilters(query, { years, careGroups: units.paths, monthly });
    const reachable = accessibleOrganisations(request.auth!.principal, all).filter(
      (r) => !r.unitOnly || r.organisation.id === org.id,
    );
    const base = `/o/${encodeURIComponent(org.odsCode)}/dashboard`;
    const selectedYear = filters?.year ?? years[0] ?? null;
    const common: Record<string, unknown> = {
      base,
      page,
      subpath,
      filterForm: {
        action: `${base}${subpath}`,
        organisations: reachable.map((r) => ({
          value: r.organisation.odsCode,
          text: r.organisation.name,
          selected: r.organisation.id === org.id,
        })),
        years: years.map((y) => ({ value: String(y), text: yearOption(y), selected: y === selectedYear })),
        quarters: [
          { value: '', text: 'Whole year', selected: !filters?.quarter },
          ...([1, 2, 3, 4] as const).map((q) => ({
            value: String(q),
            text: selectedYear === null ? `Q${q}` : quarterOption(selectedYear, q),
            selected: filters?.quarter === q && !filters.month,
          })),
        ],
        // Only where some figure has months (or a month was refused, so its problem links to the field): a
        // month of the chosen year's financial year, April first.
        months:
          (monthly || problems.some((p) => p.field === 'month')) && selectedYear !== null
            ? [
                { value: '', text: 'Whole quarter or year', selected: !filters?.month },
                ...FINANCIAL_YEAR_MONTHS.map((m) => ({
                  value: String(m),
                  text: monthOption(selectedYear, m),
                  selected: filters?.month === m,
                })),
              ]
            : [],
        // A role limited to one care group has nothing to choose.
        careGroups:
          units.limited && units.paths.length === 1
            ? []
            : [
                {
                  value: '',
                  text: units.limited ? 'All the units your role covers' : 'Whole organisation',
                  selected: !filters?.careGroup,
                },
                ...units.paths.map((p) => ({ value: p, text: p, selected: filters?.careGroup === p })),
              ],
        limited: units.limited,
        fieldErrors: errorView(problems).fieldErrors,
      },
      // The comparison is there for whoever sees the whole organisation: a region's organisations, or a
      // trust beside the others of its ICB.
      dashboardNav: DASHBOARD_PAGES.filter(
        (p) => p.page !== 'compare' || can(ctxOrg.access, 'indicators.view', 'organisation'),
      ).map((p) => ({
        label: p.label,
        href: `${base}${p.path}${queryOf(filters)}`,
        current: p.page === page,
      })),
      query: queryOf(filters),
      years,
    };
    if (problems.length > 0) {
      await reply.page('dashboard/views/problem.njk', { ...common, ...errorView(problems) }, 400);
      return null;
    }
    const childList = reachable.filter((r) => r.organisation.parentId === org.id).map((r) => r.organisation);
    if (!filters) {
      await reply.page('dashboard/views/empty.njk', { ...common, children: childList, region: false });
      return null;
    }
    // A region's own pages of detail (pipeline, recruitment, ...) have no data of their own: they point to
    // its organisations; its overview and indicator pages show the organisations side by side.
    if (region !== null && page !== 'overview' && page !== 'indicator' && page !== 'compare') {
      await reply.page('dashboard/views/empty.njk', {
        ...common,
        children: childList,
        region: true,
        query: queryOf(filters),
      });
      return null;
    }
    // A submitted filter form carries empty and unchanged fields: answer with the view's own address.
    const asked = new URLSearchParams(
      request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '',
    );
    const noise = [...asked].some(
      ([k, v]) =>
        v === '' ||
        !['year', 'quarter', 'month', 'careGroup'].includes(k) ||
        // A month's address does not name its quarter.
        (k === 'quarter' && filters.month !== null),
    );
    if (noise) {
      await reply.redirect(`${base}${subpath}${queryOf(filters)}`, 303);
      return null;
    }
    const fullCounts = can(ctxOrg.access, 'data.view', 'organisation');
    const scope = filters.careGroup ? [filters.careGroup] : units.limited ? units.paths : 'all';
    const dashboardView: DashboardView = {
      org,
      scope,
      scopeLabel: filters.careGroup ?? (units.limited ? units.paths.join(', ') : null),
      fullCounts,
      year: filters.year,
      quarter: filters.quarter,
      month: filters.month,
      years,
    };
    const ctx = await services.dashboard.context(dashboardView, snapshot);
    const settingsInForce = (await ctx.annual(filters.year)).results.settings;
    const threshold = settingsInForce['suppression.primaryThreshold'];
    Object.assign(common, {
      view: dashboardView,
      filters,
      periodText:
        filters.month !== null
          ? `${monthOption(filters.year, filters.month)} for the figures that have months, ${quarterOption(filters.year, filters.quarter!)} for the others (financial year ${financialYearLabel(filters.year - 1)}); staff in post at 31 March ${filters.year}`
          : filters.quarter === null
            ? `the ${filters.year} reporting year: ${reportingYearText(filters.year)}`
            : `${quarterOption(filters.year, filters.quarter)} (financial year ${financialYearLabel(filters.year - 1)}); staff in post at 31 March ${filters.year}`,
      scopeLabel: dashboardView.scopeLabel,
      fullCounts,
      threshold,
      disclosureText: disclosureStatement(settingsInForce),
      planYearLabel: financialYearLabel(filters.year),
    });
    return { ctx, filters, common, region };
  }

  /** The dashboard views of other organisations, each through the person's own view of it. */
  function contextsOf(
    request: FastifyRequest,
    orgs: Organisation[],
    like: DashboardView,
    all: Organisation[],
  ) {
    const principal = request.auth!.principal;
    const byId = new Map(all.map((o) => [o.id, o]));
    return Promise.all(
      [...orgs]
        .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
        .map(async (o) =>
          services.dashboard.context({
            org: o,
            scope: 'all',
            scopeLabel: null,
            fullCounts: can(orgAccess(principal, o, byId), 'data.view', 'organisation'),
            year: like.year,
            quarter: like.quarter,
            years: await services.dashboard.years(o),
          }),
        ),
    );
  }

  /** A region's overview: its organisations side by side, with a link to each. */
  async function regionOverview(request: FastifyRequest, reply: FastifyReply, prepared: Prepared) {
    const { ctx } = prepared;
    const all = await services.organisations.list();
    const contexts = await contextsOf(request, prepared.region!, ctx.view, all);
    const model = await compareModel(ctx, contexts, services.dashboard.renderer);
    return reply.page('dashboard/views/compare.njk', {
      ...prepared.common,
      model,
      pageHeading: 'Overview',
      intro: `${ctx.view.org.name} holds no data of its own: these are the figures of its organisations that you can see, side by side, ${model.periodLabel}. Choose an organisation for its own dashboard.`,
    });
  }

  function route(
    page: Exclude<PageName, 'indicator' | 'compare'>,
    subpath: string,
    build: (p: Prepared, request: FastifyRequest) => Promise<Record<string, unknown>>,
  ) {
    app.get<{ Params: OrgParams; Querystring: Query }>(
      `/o/:org/dashboard${subpath}`,
      view,
      async (request, reply) => {
        const prepared = await prepare(request, reply, page, subpath);
        if (!prepared) return reply;
        if (prepared.region && page === 'overview') return regionOverview(request, reply, prepared);
        const model = await build(prepared, request);
        return reply.page(`dashboard/views/${page}.njk`, { ...prepared.common, ...model });
      },
    );
  }

  /** The plan's actions as the view's part of the organisation sees them (a care group: its own and trust-wide). */
  const planFor = async (view: DashboardView) => services.dashboard.plan(view.org, view.year, view.scope);

  route('overview', '', async ({ ctx, common }) => {
    const model = await overviewWithPlan(ctx, services.dashboard.renderer, await planFor(ctx.view));
    const rag = model.sections.map((s) => s.tiles.map((t) => t.rag));
    return {
      model,
      body: await body(ctx, 'overview', rag, {
        model,
        base: common.base,
        query: common.query,
        planYearLabel: common.planYearLabel,
      }),
    };
  });

  route('pipeline', '/pipeline', async ({ ctx }, request) => {
    const org = ctx.view.org;
    const all = await services.organisations.list();
    const up = lineage(org, new Map(all.map((o) => [o.id, o])));
    const [reference, targets] = await Promise.all([
      services.dashboard.reference(org, up),
      services.dashboard.targets(org),
    ]);
    return {
      model: await pipelineModel(ctx, services.dashboard.renderer, reference, targets),
      canManage: can(request.org!.access, 'metrics.manage', 'organisation'),
      targetBands: TARGET_BANDS,
    };
  });

  route('recruitment', '/recruitment', async ({ ctx }) => ({
    model: await ctx.page('recruitment', () => recruitmentModel(ctx, services.dashboard.renderer)),
  }));

  route('relations', '/employee-relations', async ({ ctx }) => ({
    model: await ctx.page('relations', () => relationsModel(ctx, services.dashboard.renderer)),
  }));

  route('pay', '/pay-gaps', async ({ ctx }) => ({
    model: await payWithPlan(ctx, services.dashboard.renderer, await planFor(ctx.view)),
  }));

  route('survey', '/staff-survey', async ({ ctx }) => {
    const org = ctx.view.org;
    const all = await services.organisations.list();
    const reference = await services.dashboard.reference(
      org,
      lineage(org, new Map(all.map((o) => [o.id, o]))),
    );
    return { model: await surveyModel(ctx, services.dashboard.renderer, reference) };
  });

  // Reached from the staff survey page and each survey indicator's page, not the navigation.
  route('hotspots', '/staff-survey/hotspots', async ({ ctx }) => ({
    model: await ctx.page('hotspots', () => hotspotsModel(ctx, services.dashboard.renderer)),
  }));

  route('quality', '/data-quality', async ({ ctx }) => ({
    model: await ctx.page('quality', () => qualityModel(ctx, services.dashboard.renderer)),
  }));

  route('local', '/local-metrics', async ({ ctx }) => ({
    model: await localWithPlan(ctx, services.dashboard.renderer, await planFor(ctx.view)),
  }));

  app.get<{ Params: OrgParams & { indicator: string }; Querystring: Query }>(
    '/o/:org/dashboard/indicators/:indicator',
    view,
    async (request, reply) => {
      const id = request.params.indicator;
      const subpath = `/indicators/${encodeURIComponent(id)}`;
      const prepared = await prepare(request, reply, 'indicator', subpath);
      if (!prepared) return reply;
      const { ctx } = prepared;
      const org = ctx.view.org;
      const all = await services.organisations.list();
      if (prepared.region) {
        const members = await contextsOf(request, prepared.region, ctx.view, all);
        const regional = await regionIndicatorModel(ctx, members, services.dashboard.renderer, id);
        if (!regional)
          return reply.page(
            'dashboard/views/problem.njk',
            {
              ...prepared.common,
              ...errorView([
                { field: 'indicator', message: `There is no indicator or local metric "${id}"` },
              ]),
            },
            404,
          );
        return reply.page('dashboard/views/region-indicator.njk', { ...prepared.common, model: regional });
      }
      const byId = new Map(all.map((o) => [o.id, o]));
      const up = lineage(org, byId);
      // Other organisations beside this one: the siblings the person's role reaches organisation-wide.
      const principal = request.auth!.principal;
      const peers = org.parentId
        ? all.filter(
            (o) =>
              o.parentId === org.parentId &&
              o.id !== org.id &&
              can(orgAccess(principal, o, byId), 'indicators.view', 'organisation'),
          )
        : [];
      const peerContexts =
        ctx.view.scope === 'all'
          ? await Promise.all(
              peers.map(async (o) =>
                services.dashboard.context({
                  ...ctx.view,
                  org: o,
                  scope: 'all',
                  scopeLabel: null,
                  fullCounts: can(orgAccess(principal, o, byId), 'data.view', 'organisation'),
                  years: await services.dashboard.years(o),
                }),
              ),
            )
          : [];
      // The narrative is read fresh, like the plan: it changes without an import.
      const [reference, plan, narrative] = await Promise.all([
        services.dashboard.reference(org, up),
        planFor(ctx.view),
        services.narratives.get(org, ctx.view.year, id),
      ]);
      const model = await indicatorModel(ctx, services.dashboard.renderer, {
        id,
        reference,
        plan,
        peers: peerContexts,
        region: up.find((o) => o.kind === 'ics')?.name ?? null,
      });
      if (!model) {
        return reply.page(
          'dashboard/views/problem.njk',
          {
            ...prepared.common,
            ...errorView([{ field: 'indicator', message: `There is no indicator or local metric "${id}"` }]),
          },
          404,
        );
      }
      const fresh = {
        actions: model.actions,
        rag: model.rag,
        benchmarks: model.benchmarks,
        peers: peerContexts.map((c) => c.pageKey('peer')),
      };
      return reply.page('dashboard/views/indicator.njk', {
        ...prepared.common,
        model,
        narrative: narrativeView(request.org!, id, ctx.view.year, narrative, String(prepared.common.query)),
        body: await body(ctx, `indicator:${id}`, fresh, {
          model,
          base: prepared.common.base,
          query: prepared.common.query,
          planYearLabel: prepared.common.planYearLabel,
        }),
      });
    },
  );

  // A national figure by another protected characteristic, reached from the figure's own page.
  app.get<{ Params: OrgParams & { indicator: string; characteristic: string }; Querystring: Query }>(
    '/o/:org/dashboard/indicators/:indicator/by/:characteristic',
    view,
    async (request, reply) => {
      const { indicator: id, characteristic } = request.params;
      const subpath = `/indicators/${encodeURIComponent(id)}/by/${encodeURIComponent(characteristic)}`;
      const prepared = await prepare(request, reply, 'characteristic', subpath);
      if (!prepared) return reply;
      const { ctx } = prepared;
      const model = await ctx.page(`characteristic:${id}:${characteristic}`, () =>
        characteristicModel(ctx, services.dashboard.renderer, id, characteristic),
      );
      if (!model)
        return reply.page(
          'dashboard/views/problem.njk',
          {
            ...prepared.common,
            ...errorView([
              {
                field: 'characteristic',
                message: `"${id}" cannot be shown by "${characteristic}": choose a national figure about people and a characteristic from its page`,
              },
            ]),
          },
          404,
        );
      return reply.page('dashboard/views/characteristic.njk', { ...prepared.common, model });
    },
  );

  app.get<{ Params: OrgParams; Querystring: Query }>(
    '/o/:org/dashboard/compare',
    { config: { access: orgRoute('indicators.view', 'organisation'), pageCache: true } },
    async (request, reply) => {
      const prepared = await prepare(request, reply, 'compare', '/compare');
      if (!prepared) return reply;
      const { ctx } = prepared;
      const principal = request.auth!.principal;
      const all = await services.organisations.list();
      const byId = new Map(all.map((o) => [o.id, o]));
      const org = ctx.view.org;
      const visible = (o: Organisation) =>
        can(orgAccess(principal, o, byId), 'indicators.view', 'organisation');
      const children = all.filter((o) => o.parentId === org.id);
      // A region: its organisations. An organisation without any below it (a trust): itself beside the
      // others of its ICB (or, with none above it, the other organisations at its level) that the person
      // sees whole.
      const members =
        children.length > 0
          ? children.filter(visible)
          : [
              org,
              ...all.filter(
                (o) =>
                  o.id !== org.id &&
                  o.parentId === org.parentId &&
                  !all.some((c) => c.parentId === o.id) &&
                  visible(o),
              ),
            ];
      const contexts = await contextsOf(request, members, ctx.view, all);
      const model = await compareModel(ctx, contexts, services.dashboard.renderer);
      const parent = org.parentId ? (byId.get(org.parentId) ?? null) : null;
      const intro =
        children.length > 0
          ? null
          : members.length > 1
            ? `${org.name} beside the other organisations ${parent ? `of ${parent.name} ` : ''}that you can see, ${model.periodLabel}.`
            : `There is no other organisation ${parent ? `in ${parent.name} ` : ''}that your role lets you see, so ${org.name} is shown alone, ${model.periodLabel}.`;
      return reply.page('dashboard/views/compare.njk', {
        ...prepared.common,
        model,
        ...(intro ? { intro } : {}),
      });
    },
  );

  registerTargetRoutes(app, deps);
  registerNarrativeRoutes(app, deps);
}
