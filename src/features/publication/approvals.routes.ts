/**
 * The board approval page of a reporting year: its approved revisions (who approved, where, when, under
 * which minute, who recorded it), what has changed since the latest one, the form to record an approval
 * (`publication.approve`), and for administrators (`publication.publish`) publishing a revision, withdrawing
 * it and the organisation's public-page switch. Each frozen revision downloads as HTML, Word or PDF,
 * exactly as approved. Access is declared per route and enforced before a handler runs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { actorOf, errorView, field } from '../../server/forms.js';
import { isParityError, notFound } from '../../shared/errors.js';
import { can } from '../auth/access.js';
import { dateText } from '../plans/export/model.js';
import { financialYearLabel, PLAN_STATUS_LABELS } from '../plans/plan.js';
import type { ApprovalInput } from './approval.js';
import { revisionParam, sendDocument, yearParam } from './delivery.js';
import { isFormat } from './publication.js';

type YearParams = { org: string; year: string };
type RevisionParams = YearParams & { revision: string };

/** The fields of the approval form, in the order of the page (an error summary links to each). */
const FORM_FIELDS = ['approver', 'meetingId', 'meeting', 'approvedOn', 'minuteRef'] as const;

export function registerApprovalRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { approvals, plans } = deps.services;
  // The frozen copies are the publication view of the whole organisation: organisation-wide roles read them.
  const view = { config: { access: orgRoute('indicators.view', 'organisation') } };
  const approve = { config: { access: orgRoute('publication.approve', 'organisation') } };
  const publish = { config: { access: orgRoute('publication.publish', 'organisation') } };

  function yearOf(request: FastifyRequest<{ Params: YearParams }>): number {
    const year = yearParam(request.params.year);
    if (year === null) throw notFound(`There is no reporting year "${request.params.year}".`);
    return year;
  }

  const base = (request: FastifyRequest, year: number) =>
    `/o/${encodeURIComponent(request.org!.organisation.odsCode)}/publication/${year}`;

  async function page(
    request: FastifyRequest<{ Params: YearParams }>,
    reply: FastifyReply,
    extra: { form?: Partial<ApprovalInput>; problems?: { field: string; message: string }[] } = {},
    status = 200,
  ) {
    const org = request.org!.organisation;
    const year = yearOf(request);
    const access = request.org!.access;
    const [revisions, published, publicPage, plan, changes, forums, meetings] = await Promise.all([
      approvals.revisions(org, year),
      approvals.published(org),
      approvals.publicPageEnabled(org),
      plans.planForYear(org, year),
      approvals.changesSinceApproval(org, year),
      deps.services.meetings.forums(org),
      deps.services.meetings.meetings(org),
    ]);
    // The recorded meetings an approval may name: those held by today, newest first.
    const forumName = new Map(forums.map((f) => [f.id, f.name]));
    const chosen = extra.form?.meetingId ?? '';
    const meetingItems = [
      { value: '', text: 'A meeting not recorded in Parity (enter it below)' },
      ...meetings
        .filter((m) => m.meetsOn <= plans.today())
        .reverse()
        .map((m) => ({
          value: m.id,
          text: `${forumName.get(m.forumId) ?? 'Meeting'}, ${dateText(m.meetsOn)}`,
        })),
    ].map((i) => ({ ...i, selected: i.value === chosen }));
    const live = published.find((p) => p.year === year) ?? null;
    const errors = errorView(extra.problems ?? []);
    // A problem that is not about one field of the form (no plan, no data) points at the form itself.
    for (const e of errors.errorList)
      if (!FORM_FIELDS.some((f) => e.href === `#${f}`)) e.href = '#record-approval';
    return reply.page(
      'publication/views/approval.njk',
      {
        year,
        yearLabel: financialYearLabel(year),
        base: base(request, year),
        plan: plan
          ? {
              ...plan,
              statusLabel: PLAN_STATUS_LABELS[plan.status],
              href: `/o/${org.odsCode}/plans/${plan.id}`,
            }
          : null,
        revisions: [...revisions].reverse().map((r) => ({
          ...r,
          approvedOnText: dateText(r.approvedOn),
          published: live?.revisionId === r.id,
        })),
        live,
        publicPage,
        publicHref: `/public/${encodeURIComponent(org.odsCode)}/${year}`,
        changes,
        canApprove: can(access, 'publication.approve', 'organisation'),
        canPublish: can(access, 'publication.publish', 'organisation'),
        form: extra.form ?? {},
        meetingItems,
        meetingsHref: `/o/${encodeURIComponent(org.odsCode)}/meetings`,
        ...errors,
      },
      status,
    );
  }

  app.get<{ Params: YearParams }>('/o/:org/publication/:year/approval', view, (request, reply) =>
    page(request, reply),
  );

  app.post<{ Params: YearParams }>('/o/:org/publication/:year/approval', approve, async (request, reply) => {
    const org = request.org!.organisation;
    const year = yearOf(request);
    const form: ApprovalInput = {
      approver: field(request.body, 'approver'),
      meeting: field(request.body, 'meeting'),
      approvedOn: field(request.body, 'approvedOn'),
      minuteRef: field(request.body, 'minuteRef'),
      meetingId: field(request.body, 'meetingId'),
    };
    try {
      const revision = await approvals.recordApproval(actorOf(request), org, year, form);
      reply.flash(
        `Recorded the board’s approval. Revision ${revision.revision} of the ${year} report and ${financialYearLabel(year)} plan is frozen as approved.`,
      );
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return page(request, reply, { form, problems: [...error.problems] }, 400);
    }
    return reply.redirect(`${base(request, year)}/approval`, 303);
  });

  app.post<{ Params: RevisionParams }>(
    '/o/:org/publication/:year/revisions/:revision/publish',
    publish,
    async (request, reply) => {
      const org = request.org!.organisation;
      const year = yearOf(request);
      const n = revisionParam(request.params.revision);
      if (n === null) throw notFound('There is no such revision.');
      await approvals.publish(actorOf(request), org, year, n);
      reply.flash(
        `Published revision ${n} of the ${year} report. It is on the public page while the page is on.`,
      );
      return reply.redirect(`${base(request, year)}/approval`, 303);
    },
  );

  app.post<{ Params: YearParams }>('/o/:org/publication/:year/unpublish', publish, async (request, reply) => {
    const year = yearOf(request);
    await approvals.unpublish(actorOf(request), request.org!.organisation, year);
    reply.flash(`Withdrew the ${year} report from the public page.`);
    return reply.redirect(`${base(request, year)}/approval`, 303);
  });

  // The switch belongs to the organisation; the year says which page to come back to.
  app.post<{ Params: YearParams }>(
    '/o/:org/publication/:year/public-page',
    publish,
    async (request, reply) => {
      const year = yearOf(request);
      const choice = field(request.body, 'enabled');
      if (choice !== 'on' && choice !== 'off')
        return page(request, reply, { problems: [{ field: 'enabled', message: 'Choose on or off' }] }, 400);
      await approvals.setPublicPage(actorOf(request), request.org!.organisation, choice === 'on');
      reply.flash(
        choice === 'on'
          ? 'The public page is on: anyone can read the published reports, without signing in.'
          : 'The public page is off: nobody outside Parity can read the reports.',
      );
      return reply.redirect(`${base(request, year)}/approval`, 303);
    },
  );

  app.get<{ Params: RevisionParams & { format: string } }>(
    '/o/:org/publication/:year/revisions/:revision.:format',
    view,
    async (request, reply) => {
      const year = yearOf(request);
      const n = revisionParam(request.params.revision);
      const format = request.params.format;
      if (n === null || !isFormat(format)) throw notFound('There is no such revision.');
      const frozen = await approvals.revision(request.org!.organisation, year, n);
      if (!frozen) throw notFound(`There is no revision ${n} of the ${year} report.`);
      return sendDocument(reply, frozen.document, format, {
        name: `revision-${n}`,
        cacheControl: 'no-store',
      });
    },
  );
}
