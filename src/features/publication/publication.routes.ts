/**
 * The Publication pages: for each reporting year, the annual report (HTML, DOCX, PDF) in the publication
 * view, and in full counts for those who may see every count; the quarterly packs, the organisation's and
 * each care group's (a care-group manager gets their own care group's, as their dashboard shows it); and
 * the national data return for analysts and administrators. Every download is made on request from the
 * current data through the one presenter, and is never cached by the browser.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { QuarterNumber } from '../../engine/index.js';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { invalidInput, notFound, ParityError } from '../../shared/errors.js';
import { can, unitScope } from '../auth/access.js';
import { financialYearLabel } from '../plans/plan.js';
import { periodText } from './report.js';
import { sendDocument, yearParam } from './delivery.js';
import { isFormat, makePack, makeReport } from './publication.js';
import { makeReturn } from './return/return.js';

type OrgParams = { org: string };
type YearParams = OrgParams & { year: string };

/** A reporting year from the path, or 404. */
function yearOf(text: string): number {
  const year = yearParam(text);
  if (year === null) throw notFound(`There is no reporting year "${text}"`);
  return year;
}

export function registerPublicationRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services } = deps;
  const view = { config: { access: orgRoute('indicators.view') } };
  const orgWide = { config: { access: orgRoute('indicators.view', 'organisation') } };
  const data = { config: { access: orgRoute('data.view', 'organisation') } };

  /** Every count for those who may see them (and ask), the publication view for everyone else. */
  const fullCounts = (request: FastifyRequest) => can(request.org!.access, 'data.view', 'organisation');

  /** The care groups a person's role reaches: all (null) or their own. */
  async function careGroupsOf(request: FastifyRequest): Promise<{ all: boolean; paths: string[] }> {
    const org = request.org!.organisation;
    const units = await services.organisations.unitsOf(org.id);
    const careGroups = units.filter((u) => u.level === 'care_group');
    const scope = unitScope(request.org!.access, 'indicators.view');
    if (scope === 'all') return { all: true, paths: careGroups.map((u) => u.path).sort() };
    // A care group's pack shows all of it: only for someone who reaches the whole care group, not one of
    // its directorates.
    return {
      all: false,
      paths: careGroups
        .filter((c) => scope.includes(c.id))
        .map((c) => c.path)
        .sort(),
    };
  }

  app.get<{ Params: OrgParams }>('/o/:org/publication', view, async (request, reply) => {
    const org = request.org!.organisation;
    const years = await services.dashboard.years(org);
    const groups = await careGroupsOf(request);
    const access = request.org!.access;
    return reply.page('publication/views/publication.njk', {
      years: years.map((y) => ({ year: y, planYear: financialYearLabel(y), covers: periodText(y) })),
      careGroups: groups.paths,
      orgWide: groups.all,
      fullCounts: fullCounts(request),
      canApprove: can(access, 'plans.manage', 'organisation'),
      base: `/o/${encodeURIComponent(org.odsCode)}/publication`,
    });
  });

  app.get<{ Params: YearParams & { format: string }; Querystring: { view?: string } }>(
    '/o/:org/publication/:year/report/:format',
    orgWide,
    async (request, reply) => {
      const { format } = request.params;
      if (!isFormat(format)) throw notFound('Reports are made as html, docx or pdf.');
      const wantFull = request.query.view === 'full';
      if (wantFull && !fullCounts(request))
        throw new ParityError('FORBIDDEN', 'Your role does not allow the full-count version of the report');
      const org = request.org!.organisation;
      const doc = await makeReport(
        services,
        org,
        yearOf(request.params.year),
        wantFull ? 'full' : 'publication',
      );
      return sendDocument(reply, doc, format, { name: '', cacheControl: 'no-store' });
    },
  );

  app.get<{
    Params: YearParams & { quarter: string; format: string };
    Querystring: { careGroup?: string; view?: string };
  }>('/o/:org/publication/:year/pack/:quarter/:format', view, async (request, reply) => {
    const { format } = request.params;
    if (!isFormat(format)) throw notFound('Packs are made as html, docx or pdf.');
    const q = /^Q?([1-4])$/i.exec(request.params.quarter);
    if (!q) throw notFound(`There is no quarter "${request.params.quarter}": choose Q1, Q2, Q3 or Q4`);
    const groups = await careGroupsOf(request);
    const asked = request.query.careGroup?.trim() || null;
    // A role limited to care groups gets only theirs; asking for another is refused, not widened.
    let careGroup: string | null = asked;
    if (!groups.all) {
      if (asked === null && groups.paths.length === 1) careGroup = groups.paths[0]!;
      if (careGroup === null || !groups.paths.includes(careGroup))
        throw new ParityError('FORBIDDEN', 'Your role reaches only your own care group’s pack');
    } else if (careGroup !== null && !groups.paths.includes(careGroup))
      throw invalidInput(`There is no care group "${careGroup}"`, [
        { field: 'careGroup', message: 'choose a care group from the list' },
      ]);
    const wantFull = request.query.view === 'full';
    if (wantFull && !fullCounts(request))
      throw new ParityError('FORBIDDEN', 'Your role does not allow the full-count version of the pack');
    const doc = await makePack(services, request.org!.organisation, {
      year: yearOf(request.params.year),
      quarter: Number(q[1]) as QuarterNumber,
      careGroup,
      view: wantFull ? 'full' : 'publication',
    });
    return sendDocument(reply, doc, format, { name: careGroup ?? '', cacheControl: 'no-store' });
  });

  app.get<{ Params: YearParams; Querystring: { view?: string } }>(
    '/o/:org/publication/:year/return',
    data,
    async (request, reply) => {
      const org = request.org!.organisation;
      const year = yearOf(request.params.year);
      const published = request.query.view === 'publication';
      const body = await makeReturn(services, org, year, published ? 'publication' : 'full');
      const name = `${org.odsCode}-WRES-WDES-return-${year}${published ? '-publication-view' : ''}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
}
