/**
 * Milestones inside an action: added and removed by those who manage the plan; their progress (state and
 * update) recorded by the action's leads too, as progress updates are. Each change is validated whole,
 * then written with its audit event in one transaction; once the plan is approved, a change to a
 * milestone's title or date, or adding or removing one, is a revision that needs a reason (its progress is
 * not, as posting an update is not). A change names the milestone's version it started from, so a stale
 * one is refused with what the other person saved.
 */
import type { Clock } from '../../shared/clock.js';
import { forbidden, invalidInput, notFound, type Problem } from '../../shared/errors.js';
import type { Db } from '../../storage/database.js';
import type { Actor } from '../audit/audit.js';
import type { Organisation } from '../organisations/organisation.js';
import { checkMilestone, MILESTONES_PER_ACTION, type MilestoneInput } from './inputs.js';
import { MILESTONE_STATE_LABELS, type Action, type Milestone, type Plan } from './plan.js';
import { staleEdit, type PlanContext, type Stale } from './plan-context.js';
import { plansRepository, type MilestoneFields } from './plans.repository.js';
import { formatDate } from '../../engine/index.js';

export type MilestoneEditOutcome =
  | { ok: true; milestone: Milestone }
  /** Someone else saved the milestone first: `current` is what they saved; nothing of this edit was written. */
  | Stale<Milestone>;

/** What the plans service lends the milestones: its lookup, its rule for reasons and how a change is saved. */
export interface MilestoneDeps {
  db: Db;
  clock: Clock;
  findAction(plan: Plan, actionId: string): Promise<Action>;
  requireReason(plan: Plan, reason: string, problems: Problem[]): string | null;
  saveChange: PlanContext['saveChange'];
}

/** What an audit event and a revision keep of a milestone. */
const snapshot = (m: MilestoneFields & { id?: string }) => ({
  ...(m.id ? { id: m.id } : {}),
  title: m.title,
  dueOn: m.dueOn,
  state: m.state,
  note: m.note,
});

const named = (m: Pick<Milestone, 'title' | 'dueOn'>) => `“${m.title}” (${formatDate(m.dueOn)})`;

export function milestoneOperations(deps: MilestoneDeps) {
  const { db, clock, saveChange } = deps;

  function milestoneOf(action: Action, milestoneId: string): Milestone {
    const m = action.milestones.find((x) => x.id === milestoneId);
    if (!m) throw notFound('There is no such milestone on this action.');
    return m;
  }

  const versionOf = (text: string, problems: Problem[]): number => {
    const version = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (!Number.isInteger(version))
      problems.push({
        field: 'version',
        message: 'The form is missing the version it was opened at: reload the page',
      });
    return version;
  };

  return {
    async addMilestone(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      actionId: string,
      input: MilestoneInput & { reason: string },
    ): Promise<Milestone> {
      const action = await deps.findAction(plan, actionId);
      const problems: Problem[] = [];
      const fields = checkMilestone(
        { ...input, title: input.title ?? '', dueOn: input.dueOn ?? '' },
        null,
        problems,
      );
      if (action.milestones.length >= MILESTONES_PER_ACTION)
        problems.push({
          field: 'milestoneTitle',
          message: `An action can have at most ${MILESTONES_PER_ACTION} milestones: remove one first`,
        });
      const reason = deps.requireReason(plan, input.reason, problems);
      if (problems.length > 0) throw invalidInput('The milestone has problems', problems);
      const id = await saveChange(
        { actor, now: clock.now(), org, plan, reason },
        (r, stamp) => r.addMilestone(actionId, fields, stamp),
        (id) => ({
          action: 'action.milestone',
          entity: { type: 'action', id: actionId },
          summary: `Added the milestone ${named(fields)} to action A${action.ref} of ${plan.title}`,
          revisionSummary: `Added a milestone to action A${action.ref}`,
          after: snapshot({ ...fields, id }),
        }),
      );
      return (await plansRepository(db).findMilestone(actionId, id))!;
    },

    /**
     * Changes a milestone. The action's leads may record its progress (state and update); a title or a date
     * is changed only by those who manage the plan (`rights.canManage`), and a lead's form has no such
     * fields (they are undefined in `input`).
     */
    async editMilestone(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      actionId: string,
      milestoneId: string,
      input: MilestoneInput & { version: string; reason: string },
      rights: { userId: string; canManage: boolean },
    ): Promise<MilestoneEditOutcome> {
      const action = await deps.findAction(plan, actionId);
      const before = milestoneOf(action, milestoneId);
      if (!rights.canManage && !action.leads.some((l) => l.userId === rights.userId))
        throw forbidden(
          'Only the leads of this action, and those who manage the plan, can record progress on its milestones.',
        );
      if (!rights.canManage && (input.title !== undefined || input.dueOn !== undefined))
        throw forbidden('Only those who manage the plan can change a milestone’s title or date.');
      const problems: Problem[] = [];
      const fields = checkMilestone(input, before, problems);
      const version = versionOf(input.version, problems);
      const replanned = fields.title !== before.title || fields.dueOn !== before.dueOn;
      const reason = replanned ? deps.requireReason(plan, input.reason, problems) : null;
      if (problems.length > 0) throw invalidInput('The milestone has problems', problems);
      const what =
        fields.state !== before.state
          ? `${MILESTONE_STATE_LABELS[before.state]} → ${MILESTONE_STATE_LABELS[fields.state]}`
          : replanned
            ? 'replanned'
            : 'update';
      const saved = await saveChange(
        { actor, now: clock.now(), org, plan, reason },
        (r, stamp) => r.updateMilestone(actionId, milestoneId, version, fields, stamp),
        () => ({
          action: 'action.milestone',
          entity: { type: 'action', id: actionId },
          summary: `Milestone ${named(fields)} of action A${action.ref} of ${plan.title}: ${what}`,
          revisionSummary: `Changed a milestone of action A${action.ref}`,
          before: snapshot(before),
          after: snapshot({ ...fields, id: milestoneId }),
        }),
      );
      const current = await plansRepository(db).findMilestone(actionId, milestoneId);
      if (!current) throw notFound('The milestone was removed a moment ago.');
      return saved ? { ok: true, milestone: current } : { ok: false, current };
    },

    async removeMilestone(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      actionId: string,
      milestoneId: string,
      input: { version: string; reason: string },
    ): Promise<void> {
      const action = await deps.findAction(plan, actionId);
      const before = milestoneOf(action, milestoneId);
      const problems: Problem[] = [];
      const version = versionOf(input.version, problems);
      const reason = deps.requireReason(plan, input.reason, problems);
      if (problems.length > 0) throw invalidInput('The milestone could not be removed', problems);
      const removed = await saveChange(
        { actor, now: clock.now(), org, plan, reason },
        (r) => r.removeMilestone(actionId, milestoneId, version),
        () => ({
          action: 'action.milestone',
          entity: { type: 'action', id: actionId },
          summary: `Removed the milestone ${named(before)} from action A${action.ref} of ${plan.title}`,
          revisionSummary: `Removed a milestone from action A${action.ref}`,
          before: snapshot(before),
        }),
      );
      if (!removed) throw staleEdit('milestone', 'Reload the page to see their change, then try again.');
    },
  };
}
