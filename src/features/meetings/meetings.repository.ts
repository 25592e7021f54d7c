/**
 * Forums, meetings, update windows, plan owners and issued packs, in storage. Rows are mapped to the domain
 * types of meeting.ts; every read names the organisation, so one trust's ids never reach another's.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../storage/database.js';
import type {
  ForumsTable,
  MeetingsTable,
  PackIssuesTable,
  UpdateWindowsTable,
} from '../../storage/schema.js';
import type { Forum, Meeting, PackIssue, QuarterNumber, UpdateWindow } from './meeting.js';

export function forumFromRow(r: Selectable<ForumsTable>): Forum {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    name: r.name,
    unitId: r.unit_id,
    recipients: JSON.parse(r.recipients_json) as string[],
    version: Number(r.version),
    createdAt: r.created_at,
    createdByLabel: r.created_by_label,
    updatedAt: r.updated_at,
    updatedByLabel: r.updated_by_label,
  };
}

export function meetingFromRow(r: Selectable<MeetingsTable>): Meeting {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    forumId: r.forum_id,
    meetsOn: r.meets_on,
    note: r.note,
    createdAt: r.created_at,
    createdByLabel: r.created_by_label,
  };
}

export function windowFromRow(r: Selectable<UpdateWindowsTable>): UpdateWindow {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    planId: r.plan_id,
    quarter: Number(r.quarter) as QuarterNumber,
    meetingId: r.meeting_id,
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    updatedAt: r.updated_at,
    updatedByLabel: r.updated_by_label,
  };
}

type IssueRow = Omit<Selectable<PackIssuesTable>, 'pdf'>;

export function issueFromRow(r: IssueRow): PackIssue {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    meetingId: r.meeting_id,
    year: Number(r.year),
    quarter: Number(r.quarter) as QuarterNumber,
    careGroup: r.care_group,
    fileName: r.file_name,
    recipients: JSON.parse(r.recipients_json) as string[],
    mailed: Number(r.mailed) === 1,
    issuedAt: r.issued_at,
    issuedByUserId: r.issued_by_user_id,
    issuedByLabel: r.issued_by_label,
  };
}

const ISSUE_COLUMNS = [
  'id',
  'organisation_id',
  'meeting_id',
  'year',
  'quarter',
  'care_group',
  'file_name',
  'recipients_json',
  'mailed',
  'issued_at',
  'issued_by_user_id',
  'issued_by_label',
] as const;

export interface Stamp {
  at: string;
  byLabel: string;
}

export function meetingsRepository(db: Db) {
  return {
    async forums(organisationId: string): Promise<Forum[]> {
      const rows = await db
        .selectFrom('forums')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('name')
        .execute();
      return rows.map(forumFromRow);
    },

    async findForum(organisationId: string, id: string): Promise<Forum | null> {
      const row = await db
        .selectFrom('forums')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? forumFromRow(row) : null;
    },

    async forumByName(organisationId: string, name: string): Promise<Forum | null> {
      const rows = await db
        .selectFrom('forums')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .execute();
      const row = rows.find((r) => r.name.toLowerCase() === name.toLowerCase());
      return row ? forumFromRow(row) : null;
    },

    async insertForum(
      forum: {
        id: string;
        organisationId: string;
        name: string;
        unitId: string | null;
        recipients: string[];
      },
      stamp: Stamp,
    ): Promise<void> {
      await db
        .insertInto('forums')
        .values({
          id: forum.id,
          organisation_id: forum.organisationId,
          name: forum.name,
          unit_id: forum.unitId,
          recipients_json: JSON.stringify(forum.recipients),
          version: 1,
          created_at: stamp.at,
          created_by_label: stamp.byLabel,
          updated_at: stamp.at,
          updated_by_label: stamp.byLabel,
        })
        .execute();
    },

    /** Saves an edit made from `version`; false when somebody saved the forum since. */
    async updateForum(
      id: string,
      version: number,
      fields: { name: string; unitId: string | null; recipients: string[] },
      stamp: Stamp,
    ): Promise<boolean> {
      const result = await db
        .updateTable('forums')
        .set({
          name: fields.name,
          unit_id: fields.unitId,
          recipients_json: JSON.stringify(fields.recipients),
          version: version + 1,
          updated_at: stamp.at,
          updated_by_label: stamp.byLabel,
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async deleteForum(id: string): Promise<void> {
      await db.deleteFrom('forums').where('id', '=', id).execute();
    },

    /** The organisation's meetings (of one forum, when named), by date. */
    async meetings(organisationId: string, forumId?: string): Promise<Meeting[]> {
      let q = db.selectFrom('meetings').selectAll().where('organisation_id', '=', organisationId);
      if (forumId !== undefined) q = q.where('forum_id', '=', forumId);
      const rows = await q.orderBy('meets_on').orderBy('id').execute();
      return rows.map(meetingFromRow);
    },

    async findMeeting(organisationId: string, id: string): Promise<Meeting | null> {
      const row = await db
        .selectFrom('meetings')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? meetingFromRow(row) : null;
    },

    async insertMeeting(meeting: Omit<Meeting, 'createdAt' | 'createdByLabel'>, stamp: Stamp): Promise<void> {
      await db
        .insertInto('meetings')
        .values({
          id: meeting.id,
          organisation_id: meeting.organisationId,
          forum_id: meeting.forumId,
          meets_on: meeting.meetsOn,
          note: meeting.note,
          created_at: stamp.at,
          created_by_label: stamp.byLabel,
        })
        .execute();
    },

    async deleteMeeting(id: string): Promise<void> {
      await db.deleteFrom('meetings').where('id', '=', id).execute();
    },

    /** What refers to a meeting: update windows, issued packs and approvals. */
    async usesOfMeeting(id: string): Promise<{ windows: number; packs: number; approvals: number }> {
      const count = async (table: 'update_windows' | 'pack_issues' | 'publication_revisions') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('meeting_id', '=', id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        windows: await count('update_windows'),
        packs: await count('pack_issues'),
        approvals: await count('publication_revisions'),
      };
    },

    async windowsOfPlan(planId: string): Promise<UpdateWindow[]> {
      const rows = await db
        .selectFrom('update_windows')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('quarter')
        .execute();
      return rows.map(windowFromRow);
    },

    async windowsOfMeeting(meetingId: string): Promise<UpdateWindow[]> {
      const rows = await db
        .selectFrom('update_windows')
        .selectAll()
        .where('meeting_id', '=', meetingId)
        .orderBy('plan_id')
        .orderBy('quarter')
        .execute();
      return rows.map(windowFromRow);
    },

    /** Every organisation's windows open on `today`, or closed on or after `closedSince`. */
    async activeWindows(today: string, closedSince: string): Promise<UpdateWindow[]> {
      const rows = await db
        .selectFrom('update_windows')
        .selectAll()
        .where('opens_on', '<=', today)
        .where('closes_on', '>=', closedSince)
        .orderBy('closes_on')
        .orderBy('id')
        .execute();
      return rows.map(windowFromRow);
    },

    /** Replaces a plan's windows with these (a quarter left out has none). */
    async replaceWindows(
      organisationId: string,
      planId: string,
      windows: readonly {
        id: string;
        quarter: QuarterNumber;
        meetingId: string;
        opensOn: string;
        closesOn: string;
      }[],
      stamp: Stamp,
    ): Promise<void> {
      await db.deleteFrom('update_windows').where('plan_id', '=', planId).execute();
      for (const w of windows)
        await db
          .insertInto('update_windows')
          .values({
            id: w.id,
            organisation_id: organisationId,
            plan_id: planId,
            quarter: w.quarter,
            meeting_id: w.meetingId,
            opens_on: w.opensOn,
            closes_on: w.closesOn,
            updated_at: stamp.at,
            updated_by_label: stamp.byLabel,
          })
          .execute();
    },

    /** Who receives the plan's digest of late updates, or null. */
    async planOwner(planId: string): Promise<string | null> {
      const row = await db
        .selectFrom('plan_cycles')
        .select('owner_user_id')
        .where('plan_id', '=', planId)
        .executeTakeFirst();
      return row?.owner_user_id ?? null;
    },

    async setPlanOwner(
      organisationId: string,
      planId: string,
      ownerUserId: string | null,
      stamp: Stamp,
    ): Promise<void> {
      const values = { owner_user_id: ownerUserId, updated_at: stamp.at, updated_by_label: stamp.byLabel };
      await db
        .insertInto('plan_cycles')
        .values({ plan_id: planId, organisation_id: organisationId, ...values })
        .onConflict((oc) => oc.column('plan_id').doUpdateSet(values))
        .execute();
    },

    async insertIssue(issue: PackIssue, pdf: Buffer): Promise<void> {
      await db
        .insertInto('pack_issues')
        .values({
          id: issue.id,
          organisation_id: issue.organisationId,
          meeting_id: issue.meetingId,
          year: issue.year,
          quarter: issue.quarter,
          care_group: issue.careGroup,
          file_name: issue.fileName,
          pdf,
          recipients_json: JSON.stringify(issue.recipients),
          mailed: issue.mailed ? 1 : 0,
          issued_at: issue.issuedAt,
          issued_by_user_id: issue.issuedByUserId,
          issued_by_label: issue.issuedByLabel,
        })
        .execute();
    },

    async issuesOfMeeting(meetingId: string): Promise<PackIssue[]> {
      const rows = await db
        .selectFrom('pack_issues')
        .select(ISSUE_COLUMNS)
        .where('meeting_id', '=', meetingId)
        .orderBy('issued_at', 'desc')
        .execute();
      return rows.map(issueFromRow);
    },

    /** An issued pack of the organisation with its PDF, or null. */
    async findIssue(organisationId: string, id: string): Promise<{ issue: PackIssue; pdf: Buffer } | null> {
      const row = await db
        .selectFrom('pack_issues')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? { issue: issueFromRow(row), pdf: Buffer.from(row.pdf) } : null;
    },
  };
}

export type MeetingsRepository = ReturnType<typeof meetingsRepository>;
