/**
 * What the parts of the plans service share: the plan's lock and status steps, the stale-edit convention,
 * and the helpers every change goes through (its reason once the plan is approved, its audit event and
 * revision saved with it in one transaction, the action it names). Internal to the plans feature: callers
 * use `plansService`.
 */
import type { Clock } from '../../shared/clock.js';
import { conflict, notFound, type ParityError, type Problem } from '../../shared/errors.js';
import type { Db } from '../../storage/database.js';
import { auditOrgEvent, type Actor, type AuditAction } from '../audit/audit.js';
import type { Organisation, OrgUnit } from '../organisations/organisation.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import type { Action, Plan, PlanChange, PlanHistoryEntry, PlanStatus } from './plan.js';
import { plansRepository, type PlansRepository, type Stamp } from './plans.repository.js';

export const isLocked = (plan: Plan): boolean => plan.status === 'approved' || plan.status === 'published';

const NEXT_STATUS: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  draft: ['endorsed', 'approved'],
  endorsed: ['approved', 'draft'],
  approved: ['published'],
  published: [],
};

export function allowedTransitions(plan: Plan): readonly PlanStatus[] {
  return NEXT_STATUS[plan.status];
}

/**
 * Two actions added to a plan at the same moment can both read the same next number (A7) and the second
 * insert then breaks the plan's unique (plan, number) rule. The transaction rolled back whole, so it is
 * simply run again, reading the number afresh.
 */
export async function retryOnRefClash<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown };
      const clash =
        e.code === '23505' ||
        e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
        (typeof e.message === 'string' &&
          /plan_actions_ref_unique|plan_actions\.plan_id, plan_actions\.ref/.test(e.message));
      if (!clash || i >= attempts) throw error;
    }
  }
}

/** Whether a database error is a unique-constraint violation (PostgreSQL, PGlite or SQLite). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Stale edits, the one convention. Every edit names the version it started from and the versioned write
 * (`updatePlan`, `updateAction`, `bumpVersion`, `updateMilestone`) writes nothing when someone saved since.
 * An edit made through a form the page can show again returns its outcome: `{ ok: true, … }` with the
 * saved thing, or `Stale` carrying what the other person saved, so the page shows both and the editor
 * loses nothing (`editPlan`, `editAction`, `editMilestone`; the routes render it). An operation whose
 * callers take the saved thing itself, or nothing (`changeStatus`, `addKpi`, `removeKpi`, removing a
 * milestone), has no current form to show again: it throws `staleEdit` (409) instead, built only here.
 */
export type Stale<T> = { ok: false; current: T };

export type EditOutcome =
  | { ok: true; action: Action }
  /** Someone else saved the action first: `current` is what they saved; nothing of this edit was written. */
  | Stale<Action>;

export type PlanEditOutcome = { ok: true; plan: Plan } | Stale<Plan>;

/** The refusal of a stale edit that has no outcome to return: what changed, and what to do next. */
export function staleEdit(
  what: 'plan' | 'action' | 'milestone',
  next = 'Reload the page and try again.',
): ParityError {
  return conflict(`Somebody else changed this ${what} a moment ago. ${next}`);
}

/** Who changes a plan, when, and (once it is approved) why: `reason` is null before then. */
export type ChangeBy = Pick<PlanChange, 'actor' | 'now' | 'org' | 'plan' | 'reason'>;

/** What a change to a plan records: its audit event and, with a reason, its revision. */
export type ChangeRecord = Omit<PlanChange, keyof ChangeBy>;

export interface PlanDeps {
  db: Db;
  clock: Clock;
}

export function planContext(deps: PlanDeps) {
  const { db, clock } = deps;
  const repo = plansRepository(db);
  const today = () => clock.now().toISOString().slice(0, 10);

  const stampOf = (actor: Actor, now: Date): Stamp => ({ at: now.toISOString(), byLabel: actor.label });
  const unitsOf = (org: Organisation): Promise<OrgUnit[]> => organisationsRepository(db).unitsOf(org.id);

  const audit = auditOrgEvent;

  /** After approval every change needs its reason; the revision is written with the change. */
  function requireReason(plan: Plan, reason: string, problems: Problem[]): string | null {
    if (!isLocked(plan)) return null;
    const text = reason.trim();
    if (text === '')
      problems.push({
        field: 'reason',
        message: `The plan was ${plan.status === 'approved' ? 'approved by the board' : 'published'}: say why this change is needed`,
      });
    if (text.length > 2000)
      problems.push({ field: 'reason', message: 'The reason must be 2,000 characters or fewer' });
    return text;
  }

  /** An entry in the plan's own history, by `actor` at `now`, written in the change's transaction. */
  function addHistory(
    tx: Db,
    planId: string,
    actor: Actor,
    now: Date,
    entry: Omit<PlanHistoryEntry, 'id' | 'occurredAt' | 'actorLabel'>,
  ): Promise<void> {
    return plansRepository(tx).addHistory(planId, {
      occurredAt: now.toISOString(),
      actorUserId: actor.userId,
      actorLabel: actor.label,
      ...entry,
    });
  }

  /**
   * A change to a plan, in the transaction that makes it: its audit event and, once the plan is approved,
   * its revision with the reason. The revision keeps the plan's own view of the change (`revisionBefore`,
   * `revisionAfter`), which is the audit's before and after unless given.
   */
  async function recordChange(tx: Db, c: PlanChange) {
    await audit(tx, c.actor, c.now, c.org, c.action, c.entity, c.summary, c.before, c.after);
    if (c.reason === null) return;
    await addHistory(tx, c.plan.id, c.actor, c.now, {
      kind: 'revision',
      entityType: c.entity.type,
      entityId: c.entity.id,
      summary: c.revisionSummary,
      reason: c.reason,
      before: 'revisionBefore' in c ? c.revisionBefore : (c.before ?? null),
      after: 'revisionAfter' in c ? c.revisionAfter : (c.after ?? null),
    });
  }

  /**
   * A change and its record in one transaction, the way every edit of a plan or its actions is saved.
   * `write` makes the change with the stamp of who and when, and answers what the record needs, or false
   * when a versioned write found that someone saved since (then nothing is written and nothing recorded);
   * `record` says what the audit event and the revision keep. Answers what `write` answered.
   */
  function saveChange<T>(
    by: ChangeBy,
    write: (r: PlansRepository, stamp: Stamp) => Promise<T>,
    record: (written: Exclude<T, false>) => ChangeRecord,
  ): Promise<T> {
    return db.transaction().execute(async (tx) => {
      const written = await write(plansRepository(tx), stampOf(by.actor, by.now));
      if (written !== false) await recordChange(tx, { ...by, ...record(written as Exclude<T, false>) });
      return written;
    });
  }

  /**
   * A step in the plan's life (its status changed, the plan made by carrying another forward), in the
   * transaction `tx` that takes it: the plan's history entry (a step asks no reason) and its audit event,
   * each with its own words, before and after.
   */
  async function recordStep(
    tx: Db,
    by: Pick<ChangeBy, 'actor' | 'now' | 'org'>,
    planId: string,
    history: { summary: string; before: unknown; after: unknown },
    event: { action: AuditAction; summary: string; before: unknown; after: unknown },
  ) {
    await addHistory(tx, planId, by.actor, by.now, {
      kind: 'status',
      entityType: 'plan',
      entityId: planId,
      reason: null,
      ...history,
    });
    const entity = { type: 'plan', id: planId };
    await audit(tx, by.actor, by.now, by.org, event.action, entity, event.summary, event.before, event.after);
  }

  async function findAction(plan: Plan, actionId: string): Promise<Action> {
    const action = await repo.findAction(plan.id, actionId);
    if (!action) throw notFound('There is no such action in this plan.');
    return action;
  }

  return {
    db,
    clock,
    repo,
    today,
    stampOf,
    unitsOf,
    audit,
    requireReason,
    recordChange,
    saveChange,
    recordStep,
    findAction,
  };
}

export type PlanContext = ReturnType<typeof planContext>;
