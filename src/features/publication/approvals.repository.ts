/**
 * Approved revisions, the published revision of each year and the public-page switch, in storage. Rows are
 * mapped to the domain types of approval.ts; the frozen report and plan are parsed only when asked for,
 * since a list of revisions never needs them (a report with its charts is hundreds of kilobytes).
 */
import type { Selectable } from 'kysely';
import { newId } from '../../shared/ids.js';
import type { Db } from '../../storage/database.js';
import type { PublicationRevisionsTable } from '../../storage/schema.js';
import type { FrozenRevision, PlanSnapshot, PublishedReport, Revision } from './approval.js';
import type { PublicationDocument } from './document.js';

const SUMMARY_COLUMNS = [
  'id',
  'organisation_id',
  'year',
  'revision',
  'approver',
  'meeting',
  'approved_on',
  'minute_ref',
  'recorded_by_user_id',
  'recorded_by_label',
  'recorded_at',
  'meeting_id',
] as const;

type SummaryRow = Pick<Selectable<PublicationRevisionsTable>, (typeof SUMMARY_COLUMNS)[number]>;

export function revisionFromRow(r: SummaryRow): Revision {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    year: Number(r.year),
    revision: Number(r.revision),
    approver: r.approver,
    meeting: r.meeting,
    approvedOn: r.approved_on,
    minuteRef: r.minute_ref,
    recordedByUserId: r.recorded_by_user_id,
    recordedByLabel: r.recorded_by_label,
    recordedAt: r.recorded_at,
    meetingId: r.meeting_id,
  };
}

function frozenFromRow(r: Selectable<PublicationRevisionsTable>): FrozenRevision {
  return {
    ...revisionFromRow(r),
    document: JSON.parse(r.report_json) as PublicationDocument,
    plan: JSON.parse(r.plan_json) as PlanSnapshot,
  };
}

export interface NewRevision {
  organisationId: string;
  year: number;
  revision: number;
  document: PublicationDocument;
  plan: PlanSnapshot;
  approver: string;
  meeting: string;
  approvedOn: string;
  minuteRef: string;
  recordedByUserId: string | null;
  recordedByLabel: string;
  recordedAt: string;
  meetingId: string | null;
}

export function approvalsRepository(db: Db) {
  return {
    /** The year's revisions, oldest first. */
    async list(organisationId: string, year: number): Promise<Revision[]> {
      const rows = await db
        .selectFrom('publication_revisions')
        .select(SUMMARY_COLUMNS)
        .where('organisation_id', '=', organisationId)
        .where('year', '=', year)
        .orderBy('revision', 'asc')
        .execute();
      return rows.map(revisionFromRow);
    },

    /** The highest revision number of the year, 0 when none. */
    async latestNumber(organisationId: string, year: number): Promise<number> {
      const r = await db
        .selectFrom('publication_revisions')
        .select((eb) => eb.fn.max('revision').as('n'))
        .where('organisation_id', '=', organisationId)
        .where('year', '=', year)
        .executeTakeFirst();
      return r?.n === null || r?.n === undefined ? 0 : Number(r.n);
    },

    async find(organisationId: string, year: number, revision: number): Promise<FrozenRevision | null> {
      const r = await db
        .selectFrom('publication_revisions')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('year', '=', year)
        .where('revision', '=', revision)
        .executeTakeFirst();
      return r ? frozenFromRow(r) : null;
    },

    async findById(id: string): Promise<FrozenRevision | null> {
      const r = await db
        .selectFrom('publication_revisions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return r ? frozenFromRow(r) : null;
    },

    async insert(r: NewRevision): Promise<string> {
      const id = newId();
      await db
        .insertInto('publication_revisions')
        .values({
          id,
          organisation_id: r.organisationId,
          year: r.year,
          revision: r.revision,
          report_json: JSON.stringify(r.document),
          plan_json: JSON.stringify(r.plan),
          approver: r.approver,
          meeting: r.meeting,
          approved_on: r.approvedOn,
          minute_ref: r.minuteRef,
          recorded_by_user_id: r.recordedByUserId,
          recorded_by_label: r.recordedByLabel,
          recorded_at: r.recordedAt,
          meeting_id: r.meetingId,
        })
        .execute();
      return id;
    },

    /** The published revision of each year of the organisation, newest year first. */
    async published(organisationId: string): Promise<PublishedReport[]> {
      const rows = await db
        .selectFrom('public_reports as p')
        .innerJoin('publication_revisions as r', 'r.id', 'p.revision_id')
        .select(['p.year', 'r.revision', 'p.revision_id', 'p.published_at', 'p.published_by_label'])
        .where('p.organisation_id', '=', organisationId)
        .orderBy('p.year', 'desc')
        .execute();
      return rows.map((r) => ({
        year: Number(r.year),
        revision: Number(r.revision),
        revisionId: r.revision_id,
        publishedAt: r.published_at,
        publishedByLabel: r.published_by_label,
      }));
    },

    /** Publishes a revision for its year, in place of any revision published before. */
    async setPublished(
      organisationId: string,
      year: number,
      revisionId: string,
      stamp: { at: string; byLabel: string },
    ): Promise<void> {
      await db
        .deleteFrom('public_reports')
        .where('organisation_id', '=', organisationId)
        .where('year', '=', year)
        .execute();
      await db
        .insertInto('public_reports')
        .values({
          id: newId(),
          organisation_id: organisationId,
          year,
          revision_id: revisionId,
          published_at: stamp.at,
          published_by_label: stamp.byLabel,
        })
        .execute();
    },

    /** Withdraws the year's published revision; whether there was one. */
    async clearPublished(organisationId: string, year: number): Promise<boolean> {
      const r = await db
        .deleteFrom('public_reports')
        .where('organisation_id', '=', organisationId)
        .where('year', '=', year)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async publicPageEnabled(organisationId: string): Promise<boolean> {
      const r = await db
        .selectFrom('public_pages')
        .select('enabled')
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      return Number(r?.enabled ?? 0) === 1;
    },

    async setPublicPage(
      organisationId: string,
      enabled: boolean,
      stamp: { at: string; byLabel: string },
    ): Promise<void> {
      const values = { enabled: enabled ? 1 : 0, updated_at: stamp.at, updated_by_label: stamp.byLabel };
      const updated = await db
        .updateTable('public_pages')
        .set(values)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0)
        await db
          .insertInto('public_pages')
          .values({ organisation_id: organisationId, ...values })
          .execute();
    },
  };
}

export type ApprovalsRepository = ReturnType<typeof approvalsRepository>;
