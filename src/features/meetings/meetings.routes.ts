/**
 * The Meetings pages: an organisation's forums (People Group, EDI Steering Group, a care group's board,
 * the Trust Board) with their distribution lists, and the dates they meet. Those who manage the plans
 * (administrators and analysts of the whole organisation) keep them; every form carries its token, every
 * problem is shown beside its field and nothing is saved while there is one. The packs issued for a meeting
 * and a plan's update windows have their own route files.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, errorView, field, rawField } from '../../server/forms.js';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { isParityError, type Problem } from '../../shared/errors.js';
import { can } from '../auth/access.js';
import { serverOf } from '../mail/transport.js';
import { dateText } from '../plans/export/model.js';
import { workingDayWords, type Forum, type ForumInput, type MeetingInput } from './meeting.js';
import { registerCycleRoutes } from './cycle.routes.js';
import { registerPackRoutes } from './packs.routes.js';

type OrgParams = { org: string };
type ForumParams = OrgParams & { forum: string };
type MeetingParams = OrgParams & { meeting: string };

const emptyForum: ForumInput = { name: '', unitId: '', recipients: '' };
const emptyMeeting: MeetingInput = { meetsOn: '', note: '' };

const forumInput = (body: unknown): ForumInput => ({
  name: field(body, 'name'),
  unitId: field(body, 'unitId'),
  recipients: rawField(body, 'recipients'),
});

const formOf = (forum: Forum): ForumInput => ({
  name: forum.name,
  unitId: forum.unitId ?? '',
  recipients: forum.recipients.join('\n'),
});

export function registerMeetingRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services, config } = deps;
  const { meetings } = services;
  const manage = { config: { access: orgRoute('plans.manage', 'organisation') } };
  const base = (request: FastifyRequest) =>
    `/o/${encodeURIComponent(request.org!.organisation.odsCode)}/meetings`;

  /** Whether mail is on, in words, for the pages that would send it. */
  const mailState = () =>
    config.smtpUrl ? { on: true, server: serverOf(config.smtpUrl) } : { on: false, server: null };

  async function careGroupItems(request: FastifyRequest, chosen: string) {
    const units = await services.plans.units(request.org!.organisation);
    return [
      { value: '', text: `The whole of ${request.org!.organisation.name}` },
      ...units.filter((u) => u.level === 'care_group').map((u) => ({ value: u.id, text: u.path })),
    ].map((i) => ({ ...i, selected: i.value === chosen }));
  }

  async function indexPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { form?: ForumInput; problems?: Problem[] } = {},
    status = 200,
  ) {
    const org = request.org!.organisation;
    const [forums, all, units] = await Promise.all([
      meetings.forums(org),
      meetings.meetings(org),
      services.plans.units(org),
    ]);
    const today = services.plans.today();
    const form = extra.form ?? emptyForum;
    const forumName = new Map(forums.map((f) => [f.id, f.name]));
    return reply.page(
      'meetings/views/meetings.njk',
      {
        base: base(request),
        mail: mailState(),
        canSeeMail: can(request.org!.access, 'audit.view', 'organisation'),
        settings: meetings.settings,
        workingDays: workingDayWords(meetings.settings),
        forums: forums.map((f) => {
          const next = all.find((m) => m.forumId === f.id && m.meetsOn >= today) ?? null;
          return {
            ...f,
            href: `${base(request)}/forums/${f.id}`,
            unit: units.find((u) => u.id === f.unitId)?.path ?? null,
            next: next ? dateText(next.meetsOn) : null,
          };
        }),
        upcoming: all
          .filter((m) => m.meetsOn >= today)
          .slice(0, 12)
          .map((m) => ({
            ...m,
            forum: forumName.get(m.forumId) ?? '',
            when: dateText(m.meetsOn),
            href: `${base(request)}/${m.id}`,
          })),
        form,
        unitItems: await careGroupItems(request, form.unitId),
        ...errorView(extra.problems ?? []),
      },
      status,
    );
  }

  async function forumPage(
    request: FastifyRequest,
    reply: FastifyReply,
    forumId: string,
    extra: {
      form?: ForumInput;
      meetingForm?: MeetingInput;
      problems?: Problem[];
      conflict?: { by: string; at: string };
      version?: number;
    } = {},
    status = 200,
  ) {
    const org = request.org!.organisation;
    const forum = await meetings.forum(org, forumId);
    const list = await meetings.meetings(org, forum.id);
    const form = extra.form ?? formOf(forum);
    const today = services.plans.today();
    return reply.page(
      'meetings/views/forum.njk',
      {
        base: base(request),
        forum,
        version: extra.version ?? forum.version,
        form,
        meetingForm: extra.meetingForm ?? emptyMeeting,
        unitItems: await careGroupItems(request, form.unitId),
        mail: mailState(),
        meetings: list.map((m) => ({
          ...m,
          when: dateText(m.meetsOn),
          past: m.meetsOn < today,
          href: `${base(request)}/${m.id}`,
        })),
        conflict: extra.conflict ?? null,
        ...errorView(extra.problems ?? []),
      },
      status,
    );
  }

  app.get<{ Params: OrgParams }>('/o/:org/meetings', manage, (request, reply) => indexPage(request, reply));

  app.post<{ Params: OrgParams }>('/o/:org/meetings/forums', manage, async (request, reply) => {
    const form = forumInput(request.body);
    try {
      const forum = await meetings.createForum(actorOf(request), request.org!.organisation, form);
      reply.flash(`Added the forum ${forum.name}. Add the dates it meets on below.`);
      return reply.redirect(`${base(request)}/forums/${forum.id}`, 303);
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return indexPage(request, reply, { form, problems: [...error.problems] }, 400);
    }
  });

  app.get<{ Params: ForumParams }>('/o/:org/meetings/forums/:forum', manage, (request, reply) =>
    forumPage(request, reply, request.params.forum),
  );

  app.post<{ Params: ForumParams }>('/o/:org/meetings/forums/:forum', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const forum = await meetings.forum(org, request.params.forum);
    const form = forumInput(request.body);
    const version = Number.parseInt(field(request.body, 'version'), 10);
    try {
      const outcome = await meetings.editForum(actorOf(request), org, forum, version, form);
      if (!outcome.ok)
        // The form keeps what was typed and now carries the current version: saving again is deliberate.
        return forumPage(
          request,
          reply,
          forum.id,
          {
            form,
            version: outcome.current.version,
            conflict: { by: outcome.current.updatedByLabel, at: outcome.current.updatedAt },
          },
          409,
        );
      reply.flash(`Saved the forum ${outcome.forum.name}.`);
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return forumPage(request, reply, forum.id, { form, version, problems: [...error.problems] }, 400);
    }
    return reply.redirect(`${base(request)}/forums/${forum.id}`, 303);
  });

  app.post<{ Params: ForumParams }>(
    '/o/:org/meetings/forums/:forum/delete',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const forum = await meetings.forum(org, request.params.forum);
      if (field(request.body, 'confirm') !== 'yes')
        return forumPage(
          request,
          reply,
          forum.id,
          { problems: [{ field: 'confirm', message: `Tick the box to confirm removing ${forum.name}` }] },
          400,
        );
      try {
        await meetings.deleteForum(actorOf(request), org, forum);
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        return forumPage(request, reply, forum.id, { problems: [...error.problems] }, 400);
      }
      reply.flash(`Removed the forum ${forum.name}.`);
      return reply.redirect(base(request), 303);
    },
  );

  app.post<{ Params: ForumParams }>(
    '/o/:org/meetings/forums/:forum/meetings',
    manage,
    async (request, reply) => {
      const org = request.org!.organisation;
      const forum = await meetings.forum(org, request.params.forum);
      const meetingForm: MeetingInput = {
        meetsOn: field(request.body, 'meetsOn'),
        note: field(request.body, 'note'),
      };
      try {
        const meeting = await meetings.addMeeting(actorOf(request), org, forum, meetingForm);
        reply.flash(`Added the meeting of ${forum.name} on ${dateText(meeting.meetsOn)}.`);
      } catch (error) {
        if (!isParityError(error, 'INVALID_INPUT')) throw error;
        return forumPage(request, reply, forum.id, { meetingForm, problems: [...error.problems] }, 400);
      }
      return reply.redirect(`${base(request)}/forums/${forum.id}`, 303);
    },
  );

  app.post<{ Params: MeetingParams }>('/o/:org/meetings/:meeting/delete', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const meeting = await meetings.meeting(org, request.params.meeting);
    const forum = await meetings.forum(org, meeting.forumId);
    try {
      await meetings.deleteMeeting(actorOf(request), org, meeting);
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return forumPage(request, reply, forum.id, { problems: [...error.problems] }, 400);
    }
    reply.flash(`Removed the meeting of ${forum.name} on ${dateText(meeting.meetsOn)}.`);
    return reply.redirect(`${base(request)}/forums/${forum.id}`, 303);
  });

  registerPackRoutes(app, deps);
  registerCycleRoutes(app, deps);
}
