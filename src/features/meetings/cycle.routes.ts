/**
 * A plan's quarterly cycle: for each quarter of its financial year, the meeting its updates are for and the
 * window they are open in (closing the set number of working days before that meeting, unless other dates
 * are typed), and who receives the digest of late updates. Reminders follow these windows; the page also
 * lists the actions whose leads no reminder can reach.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, errorView, field } from '../../server/forms.js';
import { formDate } from '../../shared/clock.js';
import { orgRoute, type RouteDeps } from '../../server/routing.js';
import { isParityError, type Problem } from '../../shared/errors.js';
import { dateText } from '../plans/export/model.js';
import { titleOf } from '../plans/markup.js';
import { financialYearLabel, type Plan } from '../plans/plan.js';
import {
  QUARTERS,
  quarterOf,
  quarterWords,
  reminderDate,
  windowFor,
  workingDayWords,
  type Meeting,
  type QuarterNumber,
  type UpdateWindow,
  type WindowInput,
} from './meeting.js';

type PlanParams = { org: string; plan: string };
type CycleForm = { ownerUserId: string; quarters: Record<QuarterNumber, WindowInput> };

/** 2026-01-07 as 07/01/2026, the way the date fields are typed. */

export function registerCycleRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { services, config } = deps;
  const { meetings, plans } = services;
  const manage = { config: { access: orgRoute('plans.manage', 'organisation') } };

  const planBase = (request: FastifyRequest, plan: Plan) =>
    `/o/${encodeURIComponent(request.org!.organisation.odsCode)}/plans/${plan.id}`;

  /** The form as saved: a date is shown only where it differs from the one the meeting gives. */
  async function savedForm(
    plan: Plan,
    windows: readonly UpdateWindow[],
    all: readonly Meeting[],
  ): Promise<CycleForm> {
    const quarters = {} as Record<QuarterNumber, WindowInput>;
    for (const q of QUARTERS) {
      const w = windows.find((x) => x.quarter === q);
      const meeting = w ? all.find((m) => m.id === w.meetingId) : undefined;
      const derived = meeting ? windowFor(meeting.meetsOn, meetings.settings) : null;
      quarters[q] = {
        meetingId: w?.meetingId ?? '',
        opensOn: w && derived && w.opensOn !== derived.opensOn ? formDate(w.opensOn) : '',
        closesOn: w && derived && w.closesOn !== derived.closesOn ? formDate(w.closesOn) : '',
      };
    }
    return { ownerUserId: (await meetings.planOwner(plan)) ?? '', quarters };
  }

  async function cyclePage(
    request: FastifyRequest<{ Params: PlanParams }>,
    reply: FastifyReply,
    extra: { form?: CycleForm; problems?: Problem[] } = {},
    status = 200,
  ) {
    const org = request.org!.organisation;
    const plan = await plans.plan(org, request.params.plan);
    const [windows, forums, all, candidates, actions] = await Promise.all([
      meetings.windowsOfPlan(plan),
      meetings.forums(org),
      meetings.meetings(org),
      meetings.ownerCandidates(org),
      plans.actions(plan),
    ]);
    const form = extra.form ?? (await savedForm(plan, windows, all));
    const forumName = new Map(forums.map((f) => [f.id, f.name]));
    const base = planBase(request, plan);
    const unmailable = await services.mail.unreachable(org, actions);
    return reply.page(
      'meetings/views/cycle.njk',
      {
        plan: { ...plan, yearLabel: financialYearLabel(plan.year) },
        base,
        meetingsHref: `/o/${encodeURIComponent(org.odsCode)}/meetings`,
        mailOn: config.smtpUrl !== null,
        settings: meetings.settings,
        workingDays: workingDayWords(meetings.settings),
        ownerItems: [
          { value: '', text: 'Nobody: no digest is sent' },
          ...candidates.map((c) => ({ value: c.userId, text: `${c.displayName} (${c.email})` })),
        ].map((i) => ({ ...i, selected: i.value === form.ownerUserId })),
        quarters: QUARTERS.map((q) => {
          const { start, end } = quarterOf(plan.year, q);
          const saved = windows.find((w) => w.quarter === q) ?? null;
          const input = form.quarters[q];
          return {
            q,
            label: `Q${q} ${financialYearLabel(plan.year)}`,
            words: quarterWords(plan.year, q),
            covers: `${dateText(start)} to ${dateText(end)}`,
            saved: saved
              ? {
                  forum: forumName.get(all.find((m) => m.id === saved.meetingId)?.forumId ?? '') ?? '',
                  meeting: dateText(all.find((m) => m.id === saved.meetingId)?.meetsOn ?? ''),
                  opens: dateText(saved.opensOn),
                  reminder: dateText(reminderDate(saved, meetings.settings)),
                  closes: dateText(saved.closesOn),
                }
              : null,
            meetingItems: [
              { value: '', text: 'No window for this quarter' },
              ...all
                .filter((m) => m.meetsOn >= start)
                .map((m) => ({
                  value: m.id,
                  text: `${forumName.get(m.forumId) ?? ''}, ${dateText(m.meetsOn)}`,
                })),
            ].map((i) => ({ ...i, selected: i.value === input.meetingId })),
            input,
          };
        }),
        noMeetings: all.length === 0,
        unmailable: unmailable.map((u) => ({
          ref: u.action.ref,
          title: titleOf(u.action.text),
          href: `${base}/actions/${u.action.id}`,
          reasons: u.reasons,
        })),
        ...errorView(extra.problems ?? []),
      },
      status,
    );
  }

  app.get<{ Params: PlanParams }>('/o/:org/plans/:plan/cycle', manage, (request, reply) =>
    cyclePage(request, reply),
  );

  app.post<{ Params: PlanParams }>('/o/:org/plans/:plan/cycle', manage, async (request, reply) => {
    const org = request.org!.organisation;
    const plan = await plans.plan(org, request.params.plan);
    const quarters = {} as Record<QuarterNumber, WindowInput>;
    for (const q of QUARTERS)
      quarters[q] = {
        meetingId: field(request.body, `q${q}-meetingId`),
        opensOn: field(request.body, `q${q}-opensOn`),
        closesOn: field(request.body, `q${q}-closesOn`),
      };
    const form: CycleForm = { ownerUserId: field(request.body, 'ownerUserId'), quarters };
    try {
      const windows = await meetings.saveCycle(actorOf(request), org, plan, form);
      reply.flash(
        windows.length === 0
          ? 'Saved: the plan has no update windows, so no reminders are sent for it.'
          : `Saved the update windows of ${windows.map((w) => `Q${w.quarter}`).join(', ')}.`,
      );
    } catch (error) {
      if (!isParityError(error, 'INVALID_INPUT')) throw error;
      return cyclePage(request, reply, { form, problems: [...error.problems] }, 400);
    }
    return reply.redirect(`${planBase(request, plan)}/cycle`, 303);
  });
}
