/**
 * Forums, their meetings, each plan's update windows and digest owner, and the packs issued for meetings.
 * Every change is checked whole (every problem listed, naming its field) and written with its audit event
 * in one transaction; nothing is saved while there is a problem. Issuing a pack freezes it as the PDF that
 * was made and, when mail is on, puts one message per address of the forum's list in the outbox in the same
 * transaction: the pack is either issued and sent, or neither.
 */
import { sql } from 'kysely';
import type { Clock } from '../../shared/clock.js';
import { conflict, invalidInput, notFound, type Problem } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { Db } from '../../storage/database.js';
import { auditOrgEvent, type Actor } from '../audit/audit.js';
import { packIssued } from '../mail/compose.js';
import { issueHref, unsubscribeHref, type MailLinks } from '../mail/links.js';
import { accountKey, addressKey, type NewMail } from '../mail/mail.js';
import { outboxRepository } from '../mail/outbox.repository.js';
import { ownerCandidates } from '../mail/recipients.js';
import type { Organisation } from '../organisations/organisation.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { financialYearLabel, type Plan } from '../plans/plan.js';
import {
  checkForum,
  checkMeeting,
  checkWindow,
  QUARTERS,
  type CycleSettings,
  type Forum,
  type ForumInput,
  type Meeting,
  type MeetingInput,
  type PackIssue,
  type QuarterNumber,
  type UpdateWindow,
  type WindowInput,
} from './meeting.js';
import { meetingsRepository, type Stamp } from './meetings.repository.js';

export interface MeetingsSettings {
  cycle: CycleSettings;
  /** Null when no SMTP server is configured: nothing is put in the outbox. */
  mail: MailLinks | null;
}

export type ForumEditOutcome = { ok: true; forum: Forum } | { ok: false; current: Forum };

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function meetingsService(deps: { db: Db; clock: Clock; settings: MeetingsSettings }) {
  const { db, clock, settings } = deps;
  const repo = meetingsRepository(db);
  const stampOf = (actor: Actor, now: Date): Stamp => ({ at: now.toISOString(), byLabel: actor.label });
  const unitsOf = (org: Organisation) => organisationsRepository(db).unitsOf(org.id);

  const audit = auditOrgEvent;

  const nameTaken = (name: string) => ({
    field: 'name',
    message: `There is already a forum called ${name}: choose another name`,
  });

  const service = {
    settings: settings.cycle,
    mailEnabled: settings.mail !== null,
    forums: (org: Organisation) => repo.forums(org.id),

    async forum(org: Organisation, id: string): Promise<Forum> {
      const forum = await repo.findForum(org.id, id);
      if (!forum) throw notFound('There is no such forum in this organisation.');
      return forum;
    },

    meetings: (org: Organisation, forumId?: string) => repo.meetings(org.id, forumId),

    async meeting(org: Organisation, id: string): Promise<Meeting> {
      const meeting = await repo.findMeeting(org.id, id);
      if (!meeting) throw notFound('There is no such meeting in this organisation.');
      return meeting;
    },

    async createForum(actor: Actor, org: Organisation, input: ForumInput): Promise<Forum> {
      const problems: Problem[] = [];
      const checked = checkForum(input, await unitsOf(org), problems);
      if (checked.name !== '' && (await repo.forumByName(org.id, checked.name)))
        problems.push(nameTaken(checked.name));
      if (problems.length > 0) throw invalidInput('The forum could not be added', problems);
      const now = clock.now();
      const id = newId();
      try {
        await db.transaction().execute(async (tx) => {
          await meetingsRepository(tx).insertForum(
            { id, organisationId: org.id, ...checked },
            stampOf(actor, now),
          );
          await audit(
            tx,
            actor,
            now,
            org,
            'forum.create',
            { type: 'forum', id },
            `Added the forum ${checked.name}`,
            undefined,
            checked,
          );
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw invalidInput('The forum could not be added', [nameTaken(checked.name)]);
        throw error;
      }
      return (await repo.findForum(org.id, id))!;
    },

    /** Saves an edit made from `version`; when somebody saved the forum since, nothing is written. */
    async editForum(
      actor: Actor,
      org: Organisation,
      forum: Forum,
      version: number,
      input: ForumInput,
    ): Promise<ForumEditOutcome> {
      const problems: Problem[] = [];
      const checked = checkForum(input, await unitsOf(org), problems);
      const other = checked.name === '' ? null : await repo.forumByName(org.id, checked.name);
      if (other && other.id !== forum.id) problems.push(nameTaken(checked.name));
      if (!Number.isInteger(version))
        problems.push({
          field: 'version',
          message: 'The form is missing the version it was opened at: reload the page',
        });
      if (problems.length > 0) throw invalidInput('The forum has problems', problems);
      const now = clock.now();
      let saved: boolean;
      try {
        saved = await db.transaction().execute(async (tx) => {
          if (!(await meetingsRepository(tx).updateForum(forum.id, version, checked, stampOf(actor, now))))
            return false;
          const before = { name: forum.name, unitId: forum.unitId, recipients: forum.recipients };
          await audit(
            tx,
            actor,
            now,
            org,
            'forum.update',
            { type: 'forum', id: forum.id },
            `Changed the forum ${checked.name}`,
            before,
            checked,
          );
          return true;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw invalidInput('The forum has problems', [nameTaken(checked.name)]);
        throw error;
      }
      const current = (await repo.findForum(org.id, forum.id))!;
      return saved ? { ok: true, forum: current } : { ok: false, current };
    },

    /** Removes a forum that has no meetings (a meeting keeps the record of what was issued or approved). */
    async deleteForum(actor: Actor, org: Organisation, forum: Forum): Promise<void> {
      if ((await repo.meetings(org.id, forum.id)).length > 0)
        throw invalidInput('The forum could not be removed', [
          { field: 'forum', message: `Remove the meetings of ${forum.name} first` },
        ]);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await meetingsRepository(tx).deleteForum(forum.id);
        await audit(
          tx,
          actor,
          now,
          org,
          'forum.delete',
          { type: 'forum', id: forum.id },
          `Removed the forum ${forum.name}`,
          { name: forum.name, recipients: forum.recipients },
        );
      });
    },

    async addMeeting(actor: Actor, org: Organisation, forum: Forum, input: MeetingInput): Promise<Meeting> {
      const problems: Problem[] = [];
      const checked = checkMeeting(input, problems);
      const taken = () => ({ field: 'meetsOn', message: `${forum.name} already has a meeting on that date` });
      if (
        checked.meetsOn !== '' &&
        (await repo.meetings(org.id, forum.id)).some((m) => m.meetsOn === checked.meetsOn)
      )
        problems.push(taken());
      if (problems.length > 0) throw invalidInput('The meeting could not be added', problems);
      const now = clock.now();
      const id = newId();
      try {
        await db.transaction().execute(async (tx) => {
          await meetingsRepository(tx).insertMeeting(
            { id, organisationId: org.id, forumId: forum.id, ...checked },
            stampOf(actor, now),
          );
          await audit(
            tx,
            actor,
            now,
            org,
            'meeting.create',
            { type: 'meeting', id },
            `Added a meeting of ${forum.name} on ${checked.meetsOn}`,
            undefined,
            { forum: forum.name, ...checked },
          );
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw invalidInput('The meeting could not be added', [taken()]);
        throw error;
      }
      return (await repo.findMeeting(org.id, id))!;
    },

    /** Removes a meeting nothing refers to: an update window, an issued pack or an approval keeps it. */
    async deleteMeeting(actor: Actor, org: Organisation, meeting: Meeting): Promise<void> {
      const uses = await repo.usesOfMeeting(meeting.id);
      const problems: Problem[] = [];
      if (uses.windows > 0)
        problems.push({
          field: 'meeting',
          message: `${uses.windows} update window${uses.windows === 1 ? ' closes' : 's close'} before this meeting: choose another meeting for ${uses.windows === 1 ? 'it' : 'them'} first`,
        });
      if (uses.packs > 0)
        problems.push({
          field: 'meeting',
          message: 'A pack was issued for this meeting: it stays on record',
        });
      if (uses.approvals > 0)
        problems.push({ field: 'meeting', message: 'An approval names this meeting: it stays on record' });
      if (problems.length > 0) throw invalidInput('The meeting could not be removed', problems);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await meetingsRepository(tx).deleteMeeting(meeting.id);
        await audit(
          tx,
          actor,
          now,
          org,
          'meeting.delete',
          { type: 'meeting', id: meeting.id },
          `Removed the meeting of ${meeting.meetsOn}`,
          { forumId: meeting.forumId, meetsOn: meeting.meetsOn, note: meeting.note },
        );
      });
    },

    windowsOfPlan: (plan: Plan) => repo.windowsOfPlan(plan.id),
    windowsOfMeeting: (meeting: Meeting) => repo.windowsOfMeeting(meeting.id),
    planOwner: (plan: Plan) => repo.planOwner(plan.id),
    ownerCandidates: (org: Organisation) => ownerCandidates(db, org.id),

    /**
     * Sets a plan's quarterly cycle: for each quarter, the meeting its updates are for and the window's dates
     * (worked out from the meeting by the settings unless typed), and who receives the digest of late updates.
     */
    async saveCycle(
      actor: Actor,
      org: Organisation,
      plan: Plan,
      input: { ownerUserId: string; quarters: Record<QuarterNumber, WindowInput> },
    ): Promise<UpdateWindow[]> {
      const problems: Problem[] = [];
      const meetings = await repo.meetings(org.id);
      const windows: {
        id: string;
        quarter: QuarterNumber;
        meetingId: string;
        opensOn: string;
        closesOn: string;
      }[] = [];
      for (const q of QUARTERS) {
        const w = checkWindow(q, plan.year, input.quarters[q], meetings, settings.cycle, problems);
        if (w) windows.push({ id: newId(), quarter: q, ...w });
      }
      const ownerId = input.ownerUserId.trim();
      if (ownerId !== '' && !(await ownerCandidates(db, org.id)).some((c) => c.userId === ownerId))
        problems.push({
          field: 'ownerUserId',
          message:
            'Choose the owner from the list: an administrator or analyst of the whole organisation with an email address',
        });
      if (problems.length > 0) throw invalidInput('The update windows have problems', problems);
      const before = { windows: await repo.windowsOfPlan(plan.id), owner: await repo.planOwner(plan.id) };
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        const r = meetingsRepository(tx);
        await r.replaceWindows(org.id, plan.id, windows, stampOf(actor, now));
        await r.setPlanOwner(org.id, plan.id, ownerId === '' ? null : ownerId, stampOf(actor, now));
        await audit(
          tx,
          actor,
          now,
          org,
          'plan.cycle',
          { type: 'plan', id: plan.id },
          `Set the update windows of ${plan.title}`,
          {
            windows: before.windows.map((w) => ({
              quarter: w.quarter,
              meetingId: w.meetingId,
              opensOn: w.opensOn,
              closesOn: w.closesOn,
            })),
            owner: before.owner,
          },
          {
            windows: windows.map((w) => ({
              quarter: w.quarter,
              meetingId: w.meetingId,
              opensOn: w.opensOn,
              closesOn: w.closesOn,
            })),
            owner: ownerId || null,
          },
        );
      });
      return repo.windowsOfPlan(plan.id);
    },

    issues: (meeting: Meeting) => repo.issuesOfMeeting(meeting.id),

    async issue(org: Organisation, id: string): Promise<{ issue: PackIssue; pdf: Buffer }> {
      const found = await repo.findIssue(org.id, id);
      if (!found) throw notFound('There is no such pack.');
      return found;
    },

    /**
     * Records a pack issued for a meeting (the PDF as made) and, when mail is on, one message to each
     * address of the forum's distribution list with the PDF attached, all in one transaction.
     */
    async issuePack(
      actor: Actor,
      org: Organisation,
      meeting: Meeting,
      pack: {
        year: number;
        quarter: QuarterNumber;
        careGroup: string | null;
        fileName: string;
        pdf: Buffer;
        /** Who issued it, as the email names them. */
        issuedByName: string;
      },
    ): Promise<PackIssue> {
      const forum = await service.forum(org, meeting.forumId);
      const now = clock.now();
      const issue: PackIssue = {
        id: newId(),
        organisationId: org.id,
        meetingId: meeting.id,
        year: pack.year,
        quarter: pack.quarter,
        careGroup: pack.careGroup,
        fileName: pack.fileName,
        recipients: forum.recipients,
        mailed: settings.mail !== null && forum.recipients.length > 0,
        issuedAt: now.toISOString(),
        issuedByUserId: actor.userId,
        issuedByLabel: actor.label,
      };
      const mail = settings.mail
        ? await packMail(settings.mail, org, forum, meeting, issue, pack.issuedByName)
        : [];
      const quarter = `Q${pack.quarter} ${financialYearLabel(pack.year)}`;
      await db.transaction().execute(async (tx) => {
        await meetingsRepository(tx).insertIssue(issue, pack.pdf);
        const added = await outboxRepository(tx).enqueue(mail, now.toISOString());
        if (added !== mail.length) throw conflict('The pack’s mail was already planned: reload the page.');
        await audit(
          tx,
          actor,
          now,
          org,
          'pack.issue',
          { type: 'pack_issue', id: issue.id },
          `Issued the ${quarter} pack${pack.careGroup ? ` of ${pack.careGroup}` : ''} for the ${forum.name} of ${meeting.meetsOn}${issue.mailed ? `, sent to ${forum.recipients.length} address${forum.recipients.length === 1 ? '' : 'es'}` : ''}`,
          undefined,
          {
            meetingId: meeting.id,
            year: pack.year,
            quarter: pack.quarter,
            careGroup: pack.careGroup,
            recipients: issue.mailed ? forum.recipients : [],
          },
        );
      });
      return issue;
    },
  };

  /** One message per address; an address that belongs to an account follows that account's choice. */
  async function packMail(
    links: MailLinks,
    org: Organisation,
    forum: Forum,
    meeting: Meeting,
    issue: PackIssue,
    issuedBy: string,
  ): Promise<NewMail[]> {
    const lowered = forum.recipients.map((a) => a.toLowerCase());
    const accounts =
      lowered.length === 0
        ? []
        : await db
            .selectFrom('users')
            .select(['id', 'email'])
            .where('is_active', '=', 1)
            .where(sql<string>`lower(email)`, 'in', lowered)
            .execute();
    const accountOf = new Map<string, string>();
    for (const a of accounts) if (a.email) accountOf.set(a.email.toLowerCase(), a.id);
    return forum.recipients.map((to) => {
      const userId = accountOf.get(to.toLowerCase());
      const recipientKey = userId ? accountKey(userId) : addressKey(to);
      const unsubscribeUrl = unsubscribeHref(links, recipientKey);
      const composed = packIssued({
        organisation: org.name,
        forum: forum.name,
        meetsOn: meeting.meetsOn,
        quarter: `Q${issue.quarter} ${financialYearLabel(issue.year)}`,
        careGroup: issue.careGroup,
        fileName: issue.fileName,
        issueHref: issueHref(links, org.odsCode, meeting.id, issue.id),
        issuedBy,
        unsubscribeUrl,
      });
      return {
        organisationId: org.id,
        dedupeKey: `pack.issued:${issue.id}:${to.toLowerCase()}`,
        kind: 'pack.issued',
        to,
        recipientKey,
        ...composed,
        unsubscribeUrl,
        attachments: [{ packIssueId: issue.id, fileName: issue.fileName }],
        expiresAt: null,
      };
    });
  }

  return service;
}

export type MeetingsService = ReturnType<typeof meetingsService>;
