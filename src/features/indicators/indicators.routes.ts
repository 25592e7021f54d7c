/**
 * The Indicators page (WRES, WDES, pay gaps and local metrics for an organisation and year) and the local
 * metrics page. What a person sees follows their role: analysts and administrators with an
 * organisation-wide role see every count; everyone else sees the publication view, small numbers
 * suppressed; a role limited to a care group sees that care group's figures only.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { orgRoute, type OrgContext, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, field } from '../../server/forms.js';
import { isParityError } from '../../shared/errors.js';
import {
  CULTURE_DASHBOARD_EXAMPLES,
  describePeriodProblem,
  isNumberedStandard,
  NUMBERED_STANDARDS,
  publishYearly,
  shortTitleOf,
  standardNumberName,
  toPublication,
  type PartLookup,
  windowText,
  type IndicatorResult,
  type IndicatorResults,
} from '../../engine/index.js';
import { can, orgAccess, unitScope } from '../auth/access.js';
import type { Organisation } from '../organisations/organisation.js';
import type { Tile } from '../dashboard/pages/tiles.js';
import type { DataScope } from './indicators.service.js';

type OrgParams = { org: string };

/** The data a person may see, and whether they see full counts. */
async function viewFor(
  deps: RouteDeps,
  ctx: OrgContext,
): Promise<{ scope: DataScope; scopePaths: string[]; fullCounts: boolean }> {
  const scope = unitScope(ctx.access, 'indicators.view');
  const fullCounts = can(ctx.access, 'data.view', 'organisation');
  if (scope === 'all') return { scope: 'all', scopePaths: [], fullCounts };
  const units = await deps.services.organisations.unitsOf(ctx.organisation.id);
  const paths = units.filter((u) => scope.includes(u.id)).map((u) => u.path);
  return { scope: paths, scopePaths: paths, fullCounts: false };
}

const STANDARD_TITLES: Record<string, string> = {
  WRES: 'Workforce Race Equality Standard',
  WDES: 'Workforce Disability Equality Standard',
  BWRES: NUMBERED_STANDARDS.BWRES.title,
  MWRES: NUMBERED_STANDARDS.MWRES.title,
  PAY: 'Pay gaps',
  LOCAL: 'Local metrics',
};

/**
 * "Relative likelihood (White / BME): 1.32 in 2023; 1.29 in 2024": the change the dashboard's tile for the
 * indicator shows, for the person's view, with the two figures it compares (the published figures in the
 * publication view, so the label never contradicts them nor tells what unrounded counts did; none when
 * either figure is withheld). A change that is not compared says why.
 */
function describeChange(tile: Tile | undefined): { text: string; status: string; statusText: string }[] {
  if (!tile || tile.headline.direction === 'NONE') return [];
  const { headline, previous, change } = tile;
  if (change.status === 'hidden') return [];
  const statusText = change.label;
  if (change.status === 'not comparable')
    return change.reason
      ? [{ text: `${headline.label}: ${change.reason}`, status: 'not compared', statusText }]
      : [];
  const previousWindow = tile.previousWindow ? `, ${tile.previousWindow}` : '';
  return [
    {
      text: `${headline.label}: ${previous.text} in ${tile.previousLabel}${previousWindow}; ${headline.current.text} in ${tile.periodLabel}`,
      status: change.status,
      statusText,
    },
  ];
}

/** What each rolling-window part covers, by part key ("two years pooled (2022/23 and 2023/24)"). */
function windowsOf(ind: IndicatorResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of ind.parts) if (p.metric.window) out[p.key] = windowText(p.metric);
  return out;
}

/** "WRES 2" to stand beside the title; the pay gaps and local metrics are named by their titles alone. */
function indicatorCode(ind: IndicatorResult): string | null {
  return standardNumberName(ind);
}

function sections(
  results: IndicatorResults,
  fullCounts: boolean,
  lookup: PartLookup | null,
  tiles: Map<string, Tile>,
) {
  const published = new Map(toPublication(results, { suppress: !fullCounts, lookup }).map((p) => [p.id, p]));
  const groups = new Map<string, { standard: string; title: string; indicators: unknown[] }>();
  const add = (ind: IndicatorResult) => {
    const standard = isNumberedStandard(ind.standard) || ind.standard === 'LOCAL' ? ind.standard : 'PAY';
    const group = groups.get(standard) ?? {
      standard,
      title: STANDARD_TITLES[standard] ?? standard,
      indicators: [],
    };
    const pub = published.get(ind.id);
    group.indicators.push({
      result: ind,
      code: indicatorCode(ind),
      // The one short title every page gives it; the entry's title is the national wording, its definition.
      name: shortTitleOf(ind),
      published: pub,
      change: describeChange(tiles.get(ind.id)),
      windows: windowsOf(ind),
      yearly: Object.fromEntries(
        publishYearly(ind, results, { suppress: !fullCounts, lookup }).map((y) => [y.part, y.years]),
      ),
    });
    groups.set(standard, group);
  };
  for (const ind of results.indicators) add(ind);
  for (const ind of results.local) add(ind);
  return ['WRES', 'WDES', 'BWRES', 'MWRES', 'PAY', 'LOCAL']
    .map((s) => groups.get(s))
    .filter((g) => g !== undefined);
}

export function registerIndicatorRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;
  const manage = { config: { access: orgRoute('metrics.manage', 'organisation') } };

  /**
   * The organisations below `org` (an ICB's trusts) whose figures the person may see organisation-wide,
   * each with whether they see its full counts, by name.
   */
  async function membersOf(principal: Parameters<typeof orgAccess>[0], org: Organisation) {
    const all = await services.organisations.list();
    const byId = new Map(all.map((o) => [o.id, o]));
    return all
      .filter((o) => o.parentId === org.id)
      .map((o) => ({ org: o, access: orgAccess(principal, o, byId) }))
      .filter((m) => can(m.access, 'indicators.view', 'organisation'))
      .sort((a, b) => a.org.name.localeCompare(b.org.name, 'en-GB'))
      .map((m) => ({ org: m.org, fullCounts: can(m.access, 'data.view', 'organisation') }));
  }

  const yearItems = (years: readonly number[], year: number) =>
    years.map((y) => ({
      value: String(y),
      text: `${y} (staff in post at 31 March ${y})`,
      selected: y === year,
    }));

  /**
   * An organisation that holds no data of its own (an ICB) shows the headline figures of its
   * organisations side by side, each through the person's view of that organisation, with a link to each.
   */
  async function regionPage(
    reply: FastifyReply,
    org: Organisation,
    members: Awaited<ReturnType<typeof membersOf>>,
    askedText: string,
  ) {
    const memberYears = await Promise.all(members.map((m) => services.indicators.years(m.org)));
    const years = [...new Set(memberYears.flat())].sort((a, b) => b - a);
    const asked = Number.parseInt(askedText, 10);
    const year = years.includes(asked) ? asked : years[0];
    if (year === undefined)
      return reply.page('indicators/views/indicators.njk', { years: [], year: null, members });
    const rows = new Map<string, { label: string; cells: { text: string; suppressed: boolean }[] }>();
    const columns = await Promise.all(
      members.map(async (m, j) => {
        const href = `/o/${encodeURIComponent(m.org.odsCode)}/indicators?year=${year}`;
        if (!memberYears[j]!.includes(year)) return { name: m.org.name, href, hasData: false };
        const results = await services.indicators.compute(m.org, year, 'all');
        const codes = new Map([...results.indicators, ...results.local].map((i) => [i.id, indicatorCode(i)]));
        for (const ind of toPublication(results, { suppress: !m.fullCounts }))
          for (const part of ind.parts)
            for (const h of part.headline) {
              const key = `${ind.id}|${part.key}|${h.label}`;
              const row = rows.get(key) ?? {
                label: `${codes.get(ind.id) ? `${codes.get(ind.id)}: ` : ''}${shortTitleOf(ind)}${ind.parts.length > 1 ? `, ${part.label}` : ''}: ${h.label}`,
                cells: members.map(() => ({ text: '–', suppressed: false })),
              };
              row.cells[j] = { text: h.text, suppressed: h.text === '*' };
              rows.set(key, row);
            }
        return { name: m.org.name, href, hasData: true };
      }),
    );
    return reply.page('indicators/views/region.njk', {
      years: yearItems(years, year),
      year,
      columns,
      rows: [...rows.values()],
      members,
    });
  }

  app.get<{ Params: OrgParams; Querystring: { year?: string } }>(
    '/o/:org/indicators',
    { config: { access: orgRoute('indicators.view'), pageCache: true } },
    async (request, reply) => {
      const ctx = request.org!;
      const years = await services.indicators.years(ctx.organisation);
      const askedText = (request.query.year ?? '').trim();
      if (years.length === 0) {
        const members = can(ctx.access, 'indicators.view', 'organisation')
          ? await membersOf(request.auth!.principal, ctx.organisation)
          : [];
        if (members.length > 0) return regionPage(reply, ctx.organisation, members, askedText);
        return reply.page('indicators/views/indicators.njk', { years, year: null });
      }
      const named = `${ctx.organisation.name} (${ctx.organisation.odsCode})`;
      if (askedText !== '' && !/^\d{4}$/.test(askedText))
        return reply.page(
          'indicators/views/indicators.njk',
          {
            years: yearItems(years, years[0]!),
            year: null,
            problem: `There is no reporting year "${askedText}". Years with a staff-in-post snapshot for ${named}: ${years.join(', ')}.`,
          },
          400,
        );
      const year = askedText === '' ? years[0]! : Number(askedText);
      const view = await viewFor(deps, ctx);
      const results = await services.indicators.compute(ctx.organisation, year, view.scope);
      // A year without its own staff-in-post snapshot: a message, never figures of another year.
      if (results.periodProblem)
        return reply.page(
          'indicators/views/indicators.njk',
          {
            years: yearItems(years, years[0]!),
            year: null,
            problem: describePeriodProblem(results.periodProblem, named),
          },
          404,
        );
      return reply.page('indicators/views/indicators.njk', {
        years: yearItems(years, year),
        year,
        results,
        sections: sections(
          results,
          view.fullCounts,
          view.fullCounts
            ? null
            : await services.dashboard.publicationLookup(ctx.organisation, year, view.scope),
          await services.dashboard.yearTiles(ctx.organisation, year, view.scope, view.fullCounts),
        ),
        fullCounts: view.fullCounts,
        scopePaths: view.scopePaths,
        canManage: can(ctx.access, 'metrics.manage', 'organisation'),
      });
    },
  );

  async function metricsPage(
    reply: FastifyReply,
    org: Organisation,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const stored = await services.indicators.localMetrics(org);
    return reply.page(
      'indicators/views/metrics.njk',
      {
        stored: stored.map((m) => ({ ...m, title: (m.definition as { title?: string }).title ?? m.id })),
        examples: CULTURE_DASHBOARD_EXAMPLES.map((e) => ({ value: e.id, text: e.title })),
        ...extra,
      },
      status,
    );
  }

  app.get<{ Params: OrgParams }>('/o/:org/indicators/local', manage, async (request, reply) =>
    metricsPage(reply, request.org!.organisation),
  );

  app.post<{ Params: OrgParams }>('/o/:org/indicators/local', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const example = field(request.body, 'example');
    const text = field(request.body, 'definition');
    let json: unknown;
    if (example !== '') {
      json = CULTURE_DASHBOARD_EXAMPLES.find((e) => e.id === example);
      if (!json)
        return metricsPage(
          reply,
          org,
          { ...errorView([{ field: 'example', message: 'Choose one of the examples' }]) },
          400,
        );
    } else {
      try {
        json = JSON.parse(text);
      } catch (error) {
        return metricsPage(
          reply,
          org,
          {
            definition: text,
            ...errorView([
              {
                field: 'definition',
                message: `The definition is not valid JSON: ${(error as Error).message}`,
              },
            ]),
          },
          400,
        );
      }
    }
    try {
      const id = await services.indicators.saveLocalMetric(actorOf(request), org, json);
      reply.flash(`Saved the local metric ${id}. It appears on the Indicators page.`);
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return metricsPage(
        reply,
        org,
        {
          definition: text,
          ...errorView(
            error.problems.map((p) => ({ field: 'definition', message: `${p.field}: ${p.message}` })),
          ),
        },
        400,
      );
    }
    return reply.redirect(`/o/${org.odsCode}/indicators/local`, 303);
  });

  app.post<{ Params: OrgParams & { metric: string } }>(
    '/o/:org/indicators/local/:metric/delete',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      await services.indicators.deleteLocalMetric(actorOf(request), org, request.params.metric);
      reply.flash(`Deleted the local metric ${request.params.metric}.`);
      return reply.redirect(`/o/${org.odsCode}/indicators/local`, 303);
    },
  );
}
