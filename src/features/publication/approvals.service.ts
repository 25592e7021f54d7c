/**
 * Board approval and publication. Recording an approval freezes the year's report (publication view) and
 * plan as the next revision and, the first time, moves the plan to approved through the plans service
 * (its rules, history and audit apply); all of it, with its own audit event, in one transaction. The
 * report is built before the transaction (it is the slow part) for the plan as it will stand once
 * approved; inside, the plan is checked to be exactly the one the report was built from, so what is frozen
 * is what was approved. Publishing makes one approved revision of a year the public page's; administrators
 * decide that at the route (`publication.publish`), and every step is audited.
 */
import type { Clock } from '../../shared/clock.js';
import { conflict, invalidInput, notFound, type Problem } from '../../shared/errors.js';
import type { Db } from '../../storage/database.js';
import { auditOrgEvent, type Actor } from '../audit/audit.js';
import type { Organisation } from '../organisations/organisation.js';
import type { Action, Plan, ProgressUpdate } from '../plans/plan.js';
import { financialYearLabel } from '../plans/plan.js';
import { isLocked, plansService, type PlansService } from '../plans/plans.service.js';
import {
  approvalFact,
  checkApproval,
  type ApprovalInput,
  type ChosenMeeting,
  type FrozenRevision,
  type PlanSnapshot,
  type PublishedReport,
  type Revision,
} from './approval.js';
import { meetingsRepository } from '../meetings/meetings.repository.js';
import { approvalsRepository } from './approvals.repository.js';
import { changesSince, type ChangesSinceApproval } from './changes.js';
import type { PublicationContent } from './content.js';
import type { PublicationDocument } from './document.js';

const RACE =
  'The plan changed while the approval was being recorded, so the frozen copy would not be what the board approved. Nothing was saved: check the plan and record the approval again.';
const CLASH =
  'Somebody recorded another approval of this year at the same moment. Nothing was saved: reload the page to see it.';

/** Whether a database error is a unique-constraint violation (PostgreSQL, PGlite or SQLite). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Each action's newest update, from updates listed newest first. */
function latestOfUpdates(updates: readonly ProgressUpdate[]): ProgressUpdate[] {
  const seen = new Map<string, ProgressUpdate>();
  for (const u of updates) if (!seen.has(u.actionId)) seen.set(u.actionId, u);
  return [...seen.values()];
}

/** What must not change between building the frozen copy and writing it. */
function fingerprint(plan: Plan, actions: readonly Action[], latest: readonly ProgressUpdate[]): string {
  // Milestones keep versions of their own (a lead's progress on one is not an edit of the action).
  const a = actions
    .map(
      (x) =>
        `${x.id}:${x.version}:${x.rag ?? ''}:${x.lastUpdateOn ?? ''}:${x.milestones.map((m) => `${m.id}.${m.version}`).join(',')}`,
    )
    .sort();
  const u = latest.map((x) => x.id).sort();
  return JSON.stringify([plan.id, plan.version, a, u]);
}

export function approvalsService(deps: {
  db: Db;
  clock: Clock;
  plans: PlansService;
  content: PublicationContent;
}) {
  const { db, clock, plans, content } = deps;
  const repo = approvalsRepository(db);
  const today = () => clock.now().toISOString().slice(0, 10);

  const audit = auditOrgEvent;

  /** The recorded meeting the form chose, or null (none chosen, or one that is not the organisation's). */
  async function chosenMeeting(
    org: Organisation,
    input: ApprovalInput,
    problems: Problem[],
  ): Promise<ChosenMeeting | null> {
    const id = (input.meetingId ?? '').trim();
    if (id === '') return null;
    const meetings = meetingsRepository(db);
    const meeting = await meetings.findMeeting(org.id, id);
    const forum = meeting ? await meetings.findForum(org.id, meeting.forumId) : null;
    if (!meeting || !forum) {
      problems.push({ field: 'meetingId', message: 'Choose the meeting from the list' });
      return null;
    }
    return { id: meeting.id, forum: forum.name, meetsOn: meeting.meetsOn };
  }

  const service = {
    /** The year's approved revisions, oldest first. */
    revisions: (org: Organisation, year: number): Promise<Revision[]> => repo.list(org.id, year),

    /** One revision with its frozen report and plan, or null. */
    revision: (org: Organisation, year: number, n: number): Promise<FrozenRevision | null> =>
      repo.find(org.id, year, n),

    /**
     * Records that the board approved the year's report and plan: validates every field, freezes the
     * report and plan as the next revision, approves the plan if it is not yet, and audits it, whole or not
     * at all. Throws INVALID_INPUT listing every problem, or CONFLICT when the plan or the revisions
     * changed meanwhile (nothing is written).
     */
    async recordApproval(
      actor: Actor,
      org: Organisation,
      year: number,
      input: ApprovalInput,
    ): Promise<Revision> {
      const problems: Problem[] = [];
      const checked = checkApproval(input, today(), problems, await chosenMeeting(org, input, problems));
      const plan = await plans.planForYear(org, year);
      if (!plan)
        problems.push({
          field: 'plan',
          message: `There is no action plan for ${financialYearLabel(year)}: create it before recording the board’s approval`,
        });
      if (problems.length > 0 || !plan) throw invalidInput('The approval could not be recorded', problems);

      const n = (await repo.latestNumber(org.id, year)) + 1;
      const approving = !isLocked(plan);
      const projected: Plan = approving
        ? { ...plan, status: 'approved', boardApprovalDate: checked.approvedOn }
        : plan;
      const fact = approvalFact(n, checked);
      // The plan is read before the report is built: a change made while it is built (the report reads the
      // plan again) then differs from the snapshot, and the transaction below refuses it.
      const snapshot = await content.planSnapshot(org, year, projected);
      const expected = fingerprint(plan, snapshot.actions, snapshot.latestUpdates);
      const document = await content.report(org, year, projected, [fact]);

      const now = clock.now();
      try {
        return await db.transaction().execute(async (tx) => {
          const r = approvalsRepository(tx);
          if ((await r.latestNumber(org.id, year)) !== n - 1) throw conflict(CLASH);
          const txPlans = plansService({ db: tx, clock });
          const current = await txPlans.planForYear(org, year);
          const actions = current ? await txPlans.actions(current) : [];
          const updates = await txPlans.updatesOf(actions.map((a) => a.id));
          if (!current || fingerprint(current, actions, latestOfUpdates(updates)) !== expected)
            throw conflict(RACE);
          const approved = approving
            ? await txPlans.changeStatus(actor, org, current, {
                to: 'approved',
                version: String(current.version),
                endorsedBy: '',
                endorsedOn: '',
                boardApprovalDate: checked.approvedOn,
                publicationDate: '',
              })
            : current;
          const frozen: PlanSnapshot = { ...snapshot, plan: approved };
          const revision = {
            organisationId: org.id,
            year,
            revision: n,
            ...checked,
            recordedByUserId: actor.userId,
            recordedByLabel: actor.label,
            recordedAt: now.toISOString(),
          };
          const id = await r.insert({ ...revision, document, plan: frozen });
          await audit(
            tx,
            actor,
            now,
            org,
            'publication.approve',
            { type: 'publication_revision', id },
            `Recorded the board’s approval of the ${year} report and ${financialYearLabel(year)} plan: revision ${n} (${fact.value})`,
            {
              revision: n > 1 ? n - 1 : null,
              planStatus: plan.status,
              boardApprovalDate: plan.boardApprovalDate,
            },
            {
              revision: n,
              ...checked,
              planStatus: approved.status,
              boardApprovalDate: approved.boardApprovalDate,
            },
          );
          return { id, ...revision };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(CLASH);
        throw error;
      }
    },

    /** What differs now from the latest approved revision; null when the year has none. */
    async changesSinceApproval(org: Organisation, year: number): Promise<ChangesSinceApproval | null> {
      const n = await repo.latestNumber(org.id, year);
      const frozen = n > 0 ? await repo.find(org.id, year, n) : null;
      if (!frozen) return null;
      const plan = await plans.planForYear(org, year);
      const actions = plan ? await plans.actions(plan) : [];
      let fresh: { document: PublicationDocument } | { note: string };
      try {
        fresh = { document: await content.report(org, year, null) };
      } catch (error) {
        const e = error as { code?: unknown; message?: unknown };
        if (e.code !== 'INVALID_INPUT') throw error;
        fresh = { note: `The figures could not be compared: ${String(e.message)}` };
      }
      return changesSince(frozen, { plan, actions }, fresh);
    },

    /** Which revision of each year is published, newest year first. */
    published: (org: Organisation): Promise<PublishedReport[]> => repo.published(org.id),

    publicPageEnabled: (org: Organisation): Promise<boolean> => repo.publicPageEnabled(org.id),

    /**
     * The frozen document the public may read for a year: only when the public page is on and a revision
     * of that year is published; null otherwise (the caller cannot tell which, and need not).
     */
    async publicDocument(
      org: Organisation,
      year: number,
    ): Promise<{ document: PublicationDocument; published: PublishedReport } | null> {
      if (!(await repo.publicPageEnabled(org.id))) return null;
      const published = (await repo.published(org.id)).find((p) => p.year === year);
      if (!published) return null;
      const frozen = await repo.findById(published.revisionId);
      // Only the publication view is ever frozen; the check keeps a full-count copy off the page regardless.
      if (!frozen || frozen.document.view !== 'publication') return null;
      return { document: frozen.document, published };
    },

    /** Publishes an approved revision of the year on the public page, in place of any published before. */
    async publish(actor: Actor, org: Organisation, year: number, revisionNumber: number): Promise<void> {
      const frozen = Number.isInteger(revisionNumber) ? await repo.find(org.id, year, revisionNumber) : null;
      if (!frozen)
        throw invalidInput('Only an approved revision can be published', [
          {
            field: 'revision',
            message: `There is no approved revision ${revisionNumber} of the ${year} report: record the board’s approval first`,
          },
        ]);
      const before = (await repo.published(org.id)).find((p) => p.year === year) ?? null;
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await approvalsRepository(tx).setPublished(org.id, year, frozen.id, {
          at: now.toISOString(),
          byLabel: actor.label,
        });
        await audit(
          tx,
          actor,
          now,
          org,
          'publication.publish',
          { type: 'publication_revision', id: frozen.id },
          `Published revision ${frozen.revision} of the ${year} report on the public page`,
          before ? { revision: before.revision } : null,
          { revision: frozen.revision },
        );
      });
    },

    /** Withdraws the year's report from the public page (at once: the page reads this on every request). */
    async unpublish(actor: Actor, org: Organisation, year: number): Promise<void> {
      const before = (await repo.published(org.id)).find((p) => p.year === year);
      if (!before) throw notFound(`No revision of the ${year} report is published.`);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await approvalsRepository(tx).clearPublished(org.id, year);
        await audit(
          tx,
          actor,
          now,
          org,
          'publication.unpublish',
          { type: 'publication_revision', id: before.revisionId },
          `Withdrew revision ${before.revision} of the ${year} report from the public page`,
          { revision: before.revision },
          null,
        );
      });
    },

    /** Turns the organisation's public page on or off. */
    async setPublicPage(actor: Actor, org: Organisation, enabled: boolean): Promise<void> {
      const was = await repo.publicPageEnabled(org.id);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await approvalsRepository(tx).setPublicPage(org.id, enabled, {
          at: now.toISOString(),
          byLabel: actor.label,
        });
        await audit(
          tx,
          actor,
          now,
          org,
          'publication.public_page',
          { type: 'organisation', id: org.id },
          `Turned the public page of ${org.name} ${enabled ? 'on' : 'off'}`,
          { enabled: was },
          { enabled },
        );
      });
    },
  };
  return service;
}

export type ApprovalsService = ReturnType<typeof approvalsService>;
