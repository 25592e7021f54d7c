/**
 * A meeting's page: its forum, the plans' update windows that close before it, and the quarterly packs
 * issued for it. Issuing a pack makes it as the Publication page does (the publication view, of the whole
 * organisation or of the forum's care group), keeps the PDF exactly as made, and sends it to the forum's
 * distribution list as an attachment: a board secretary files the papers of a meeting as they were sent,
 * and many on a board's list (non-executive directors, governors) have no Parity account, so a link alone
 * would not reach them. The publication view withholds small counts, so the attachment may travel with the
 * meeting's papers. Those with an account can also download the issued copy here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, errorView, field } from '../../server/forms.js';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { isParityError, notFound, type Problem } from '../../shared/errors.js';
import { financialYearLabel, financialYearOf } from '../plans/plan.js';
import { dateText } from '../plans/export/model.js';
import { fileName, makePack, render } from '../publication/publication.js';
import { isQuarter, quarterOf, quarterWords, type Meeting, type QuarterNumber } from './meeting.js';

type MeetingParams = { org: string; meeting: string };
type IssueParams = MeetingParams & { issue: string };

/** The quarter that ended last before a meeting: the one its pack usually reports. */
export function quarterBefore(meetsOn: string): { year: number; quarter: QuarterNumber } {
  const fy = financialYearOf(meetsOn);
  for (const q of [4, 3, 2, 1] as const) if (quarterOf(fy, q).end < meetsOn) return { year: fy, quarter: q };
  return { year: fy - 1, quarter: 4 };
}

export function registerPackRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services, config } = deps;
  const { meetings } = services;
  const manage = { config: { access: orgRoute('plans.manage', 'organisation') } };
  // An issued pack is a copy of what the forum's list received: organisation-wide readers may download it.
  const read = { config: { access: orgRoute('indicators.view', 'organisation') } };
  const base = (request: FastifyRequest) =>
    `/o/${encodeURIComponent(request.org!.organisation.odsCode)}/meetings`;

  async function meetingPage(
    request: FastifyRequest<{ Params: MeetingParams }>,
    reply: FastifyReply,
    extra: { period?: string; problems?: Problem[] } = {},
    status = 200,
  ) {
    const org = request.org!.organisation;
    const meeting = await meetings.meeting(org, request.params.meeting);
    const forum = await meetings.forum(org, meeting.forumId);
    const [windows, issues, plans, units, years] = await Promise.all([
      meetings.windowsOfMeeting(meeting),
      meetings.issues(meeting),
      services.plans.plans(org),
      services.plans.units(org),
      services.dashboard.years(org),
    ]);
    const usual = quarterBefore(meeting.meetsOn);
    const chosen = extra.period ?? `${usual.year}-${usual.quarter}`;
    const periodYears = [...new Set([...years, usual.year])].sort((a, b) => b - a);
    return reply.page(
      'meetings/views/meeting.njk',
      {
        base: base(request),
        meeting: { ...meeting, when: dateText(meeting.meetsOn) },
        forum: {
          ...forum,
          href: `${base(request)}/forums/${forum.id}`,
          unit: units.find((u) => u.id === forum.unitId)?.path ?? null,
        },
        mailOn: config.smtpUrl !== null,
        windows: windows.map((w) => {
          const plan = plans.find((p) => p.id === w.planId);
          return {
            ...w,
            plan: plan?.title ?? '',
            quarterLabel: plan ? `Q${w.quarter} ${financialYearLabel(plan.year)}` : `Q${w.quarter}`,
            href: plan ? `/o/${encodeURIComponent(org.odsCode)}/plans/${plan.id}/cycle` : null,
            opens: dateText(w.opensOn),
            closes: dateText(w.closesOn),
          };
        }),
        issues: issues.map((i) => ({
          ...i,
          quarterLabel: `Q${i.quarter} ${financialYearLabel(i.year)}`,
          href: `${base(request)}/${meeting.id}/packs/${i.id}`,
        })),
        periodItems: periodYears.flatMap((y) =>
          ([1, 2, 3, 4] as const).map((q) => ({
            value: `${y}-${q}`,
            text: `Q${q} ${financialYearLabel(y)} (${quarterWords(y, q)})`,
            selected: `${y}-${q}` === chosen,
          })),
        ),
        ...errorView(extra.problems ?? []),
      },
      status,
    );
  }

  app.get<{ Params: MeetingParams }>('/o/:org/meetings/:meeting', manage, (request, reply) =>
    meetingPage(request, reply),
  );

  app.post<{ Params: MeetingParams }>('/o/:org/meetings/:meeting/pack', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const meeting: Meeting = await meetings.meeting(org, request.params.meeting);
    const forum = await meetings.forum(org, meeting.forumId);
    const period = field(request.body, 'period');
    const m = /^(\d{4})-([1-4])$/.exec(period);
    const quarter = m ? Number(m[2]) : NaN;
    if (!m || !isQuarter(quarter))
      return meetingPage(
        request,
        reply,
        { period, problems: [{ field: 'period', message: 'Choose the quarter the pack reports' }] },
        400,
      );
    const year = Number(m[1]);
    const unit = forum.unitId ? (await services.plans.units(org)).find((u) => u.id === forum.unitId) : null;
    let doc;
    try {
      doc = await makePack(services, org, {
        year,
        quarter,
        careGroup: unit?.path ?? null,
        view: 'publication',
      });
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      const problems = [{ field: 'period', message: error.message }];
      return meetingPage(request, reply, { period, problems }, 400);
    }
    const pdf = await render(doc, 'pdf');
    const user = request.auth!.principal.user;
    const issue = await meetings.issuePack(actorOf(request), org, meeting, {
      year,
      quarter,
      careGroup: unit?.path ?? null,
      fileName: fileName(doc, 'pdf'),
      pdf,
      issuedByName: user.displayName,
    });
    const label = `Q${quarter} ${financialYearLabel(year)}`;
    reply.flash(
      issue.mailed
        ? `Issued the ${label} pack for the ${forum.name} of ${dateText(meeting.meetsOn)}. It is on its way to the ${forum.recipients.length} address${forum.recipients.length === 1 ? '' : 'es'} on the forum’s list.`
        : `Issued the ${label} pack for the ${forum.name} of ${dateText(meeting.meetsOn)}. It was not emailed (${config.smtpUrl ? 'the forum’s list is empty' : 'email is off'}): download it below and send it yourself.`,
    );
    return reply.redirect(`${base(request)}/${meeting.id}`, 303);
  });

  app.get<{ Params: IssueParams }>('/o/:org/meetings/:meeting/packs/:issue', read, async (request, reply) => {
    const org = request.org!.organisation;
    const found = await meetings.issue(org, request.params.issue);
    if (found.issue.meetingId !== request.params.meeting) throw notFound('There is no such pack.');
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${found.issue.fileName.replace(/"/g, '')}"`)
      .header('cache-control', 'no-store')
      .send(found.pdf);
  });
}
