/**
 * The analyst's narrative on the dashboard's indicator page: everyone who sees the page reads it; those
 * who manage the metrics for the whole organisation (administrators and analysts) edit it there, and for
 * WDES 9b record the trust's Yes/No answer with it. A wrong entry, or one made over someone else's newer
 * save, is shown again with the typed text kept and every problem listed; nothing is saved.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgRoute, type OrgContext, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, field, rawField } from '../../server/forms.js';
import { isParityError, type Problem } from '../../shared/errors.js';
import { can } from '../auth/access.js';
import { RECORDED_INDICATOR, isNarrated, paragraphsOf, type Narrative } from '../narratives/narrative.js';
import { indicatorName } from '../narratives/narratives.service.js';
import type { Organisation } from '../organisations/organisation.js';
import { parseFilters, queryOf, type Query } from './filters.js';

type Params = { org: string; indicator: string };
type Typed = { text: string; answer: string; version: number };

/** One post of the form: what was typed, for which indicator and view (year null when it is not valid). */
interface Attempt {
  indicator: string;
  year: number | null;
  /** The view's query (year, quarter, care group): the reader goes back to the same view. */
  query: string;
  typed: Typed;
}

/** What a page shows of a narrative, and the form when the reader may edit it. */
export interface NarrativeView {
  indicator: string;
  /** "WDES 9b". */
  name: string;
  year: number;
  /** WDES 9b: the answer is shown and asked for. */
  recorded: boolean;
  answerText: 'Yes' | 'No' | null;
  paragraphs: string[][];
  updatedAt: string | null;
  updatedByLabel: string | null;
  /** Null for a reader who may not edit; the values are what the form holds (saved, or as typed). */
  edit: { action: string; values: Typed } | null;
}

/** Who may edit: the metrics' managers with an organisation-wide role (never a care group's). */
const mayEdit = (org: OrgContext): boolean => can(org.access, 'metrics.manage', 'organisation');

const pagePath = (org: Organisation, indicator: string) =>
  `/o/${encodeURIComponent(org.odsCode)}/dashboard/indicators/${encodeURIComponent(indicator)}`;

/**
 * The narrative section of an indicator's page for a reporting year, or null for an indicator that has
 * none (pay gaps, local metrics). `query` is the page's own (year, quarter, care group): the form posts
 * with it and the reader comes back to the same view.
 */
export function narrativeView(
  org: OrgContext,
  indicator: string,
  year: number,
  stored: Narrative | null,
  query: string,
  typed?: Typed,
): NarrativeView | null {
  if (!isNarrated(indicator)) return null;
  return {
    indicator,
    name: indicatorName(indicator),
    year,
    recorded: indicator === RECORDED_INDICATOR,
    answerText: stored?.answer === 'yes' ? 'Yes' : stored?.answer === 'no' ? 'No' : null,
    paragraphs: paragraphsOf(stored?.text ?? ''),
    updatedAt: stored?.updatedAt ?? null,
    updatedByLabel: stored?.updatedByLabel ?? null,
    edit: mayEdit(org)
      ? {
          action: `${pagePath(org.organisation, indicator)}/narrative${query}`,
          values: typed ?? {
            text: stored?.text ?? '',
            answer: stored?.answer ?? '',
            version: stored?.version ?? 0,
          },
        }
      : null,
  };
}

export function registerNarrativeRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;
  const manage = { config: { access: orgRoute('metrics.manage', 'organisation') } };

  app.post<{ Params: Params; Querystring: Query }>(
    '/o/:org/dashboard/indicators/:indicator/narrative',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const indicator = request.params.indicator;
      const [years, units] = await Promise.all([
        services.dashboard.years(org),
        services.organisations.unitsOf(org.id),
      ]);
      const { filters, problems } = parseFilters(request.query, {
        years,
        careGroups: units.filter((u) => u.level === 'care_group').map((u) => u.path),
      });
      const attempt: Attempt = {
        indicator,
        year: filters?.year ?? null,
        query: queryOf(filters),
        typed: {
          // Untrimmed, as typed: shown again exactly on a problem (the service trims what it saves).
          text: rawField(request.body, 'text'),
          answer: field(request.body, 'answer'),
          version: /^\d+$/.test(field(request.body, 'version')) ? Number(field(request.body, 'version')) : -1,
        },
      };
      if (!filters)
        return showProblems(request, reply, attempt, [
          ...problems,
          ...(years.length === 0
            ? [{ field: 'year', message: `${org.name} has no reporting year with data to write about yet` }]
            : []),
        ]);
      try {
        await services.narratives.save(actorOf(request), org, filters.year, indicator, attempt.typed);
      } catch (error) {
        if (isParityError(error, 'INVALID_INPUT'))
          return showProblems(request, reply, attempt, error.problems);
        if (isParityError(error, 'CONFLICT'))
          return showConflict(request, reply, { ...attempt, year: filters.year }, error.message);
        throw error;
      }
      reply.flash('Narrative saved');
      return reply.redirect(`${pagePath(org, indicator)}${attempt.query}#narrative`, 303);
    },
  );

  /** The form again with every problem, the typed text kept (400). */
  function showProblems(
    request: FastifyRequest,
    reply: FastifyReply,
    attempt: Attempt,
    problems: readonly Problem[],
  ) {
    const org = request.org!;
    const { indicator, year, query, typed } = attempt;
    return reply.page(
      'dashboard/views/narrative-problem.njk',
      {
        ...errorView(problems),
        narrative: year === null ? null : narrativeView(org, indicator, year, null, query, typed),
        current: null,
        back: `${pagePath(org.organisation, indicator)}${query}`,
      },
      400,
    );
  }

  /**
   * Someone saved the narrative after this editor opened it: their text is shown above the typed one,
   * and the form now carries their version, so saving again deliberately replaces it (409).
   */
  async function showConflict(
    request: FastifyRequest,
    reply: FastifyReply,
    attempt: Attempt & { year: number },
    message: string,
  ) {
    const org = request.org!;
    const { indicator, year, query, typed } = attempt;
    const current = await services.narratives.get(org.organisation, year, indicator);
    return reply.page(
      'dashboard/views/narrative-problem.njk',
      {
        ...errorView([{ field: 'text', message }]),
        narrative: narrativeView(org, indicator, year, current, query, {
          ...typed,
          version: current?.version ?? 0,
        }),
        current: narrativeView(org, indicator, year, current, query),
        back: `${pagePath(org.organisation, indicator)}${query}`,
      },
      409,
    );
  }
}
