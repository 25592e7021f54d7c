import type { Kysely } from 'kysely';
import { binaryType } from './types.js';

/**
 * The quarterly cycle and its mail. `forums` are an organisation's standing meetings (People Group, EDI
 * Steering Group, a care group's board, the Trust Board), each with its distribution list; `meetings` are
 * their dates. `update_windows` hold, per plan and quarter, the meeting the updates are for and the dates the
 * window opens and closes, stored as dates (worked out from the meeting when set) so that a later change of
 * setting never moves a window people were told about. `plan_cycles` names who receives a plan's digest of
 * late updates. `pack_issues` keep each quarterly pack issued for a meeting, as the PDF that was sent.
 *
 * `mail_outbox` is mail waiting to be sent, shared by every server process: `dedupe_key` is unique, so a
 * reminder planned by two processes at once is kept once; a process takes a message by setting
 * `claim_token` and `claimed_until` in one conditional update, and a claim that runs out (the process
 * stopped) lets another take it. `mail_deliveries` records every attempt and its outcome. `mail_opt_outs`
 * lists who turned optional email off (an account, or an address that has none). An approval may now name
 * the recorded meeting it was made at (`publication_revisions.meeting_id`; null for older ones and for a
 * meeting typed in). Text ids, ISO text dates, integer booleans and no database-side defaults, as always.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('forums')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('unit_id', 'varchar(36)', (c) => c.references('org_units.id'))
    .addColumn('recipients_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .addUniqueConstraint('forums_org_name_unique', ['organisation_id', 'name'])
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('forum_id', 'varchar(36)', (c) => c.notNull().references('forums.id'))
    .addColumn('meets_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'varchar(300)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by_label', 'varchar(200)', (c) => c.notNull())
    .addUniqueConstraint('meetings_forum_date_unique', ['forum_id', 'meets_on'])
    .execute();
  await db.schema
    .createIndex('meetings_org_date_idx')
    .on('meetings')
    .columns(['organisation_id', 'meets_on'])
    .execute();

  await db.schema
    .createTable('update_windows')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('plans.id'))
    .addColumn('quarter', 'integer', (c) => c.notNull())
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id'))
    .addColumn('opens_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('closes_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .addUniqueConstraint('update_windows_plan_quarter_unique', ['plan_id', 'quarter'])
    .execute();
  await db.schema.createIndex('update_windows_closes_idx').on('update_windows').column('closes_on').execute();

  await db.schema
    .createTable('plan_cycles')
    .addColumn('plan_id', 'varchar(36)', (c) => c.primaryKey().references('plans.id'))
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('owner_user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pack_issues')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('meeting_id', 'varchar(36)', (c) => c.notNull().references('meetings.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('quarter', 'integer', (c) => c.notNull())
    .addColumn('care_group', 'varchar(300)')
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('pdf', binaryType(db), (c) => c.notNull())
    .addColumn('recipients_json', 'text', (c) => c.notNull())
    .addColumn('mailed', 'integer', (c) => c.notNull())
    .addColumn('issued_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('issued_by_user_id', 'varchar(36)')
    .addColumn('issued_by_label', 'varchar(200)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pack_issues_meeting_idx').on('pack_issues').column('meeting_id').execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.references('organisations.id'))
    .addColumn('dedupe_key', 'varchar(300)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(320)', (c) => c.notNull())
    .addColumn('recipient_key', 'varchar(400)', (c) => c.notNull())
    .addColumn('optional', 'integer', (c) => c.notNull())
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('unsubscribe_url', 'varchar(1500)', (c) => c.notNull())
    .addColumn('attachments_json', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('not_before', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)')
    .addColumn('claim_token', 'varchar(36)')
    .addColumn('claimed_until', 'varchar(32)')
    .addColumn('last_error', 'varchar(1000)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(32)')
    .execute();
  await db.schema
    .createIndex('mail_outbox_due_idx')
    .on('mail_outbox')
    .columns(['status', 'not_before'])
    .execute();

  await db.schema
    .createTable('mail_deliveries')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull().references('mail_outbox.id'))
    .addColumn('organisation_id', 'varchar(36)', (c) => c.references('organisations.id'))
    .addColumn('attempted_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(320)', (c) => c.notNull())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
    .addColumn('detail', 'varchar(1000)', (c) => c.notNull())
    .addColumn('process', 'varchar(200)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mail_deliveries_org_time_idx')
    .on('mail_deliveries')
    .columns(['organisation_id', 'attempted_at'])
    .execute();
  await db.schema
    .createIndex('mail_deliveries_message_idx')
    .on('mail_deliveries')
    .column('message_id')
    .execute();

  await db.schema
    .createTable('mail_opt_outs')
    .addColumn('key', 'varchar(400)', (c) => c.primaryKey())
    .addColumn('opted_out_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('via', 'varchar(20)', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('publication_revisions')
    .addColumn('meeting_id', 'varchar(36)', (c) => c.references('meetings.id'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('publication_revisions').dropColumn('meeting_id').execute();
  for (const table of [
    'mail_opt_outs',
    'mail_deliveries',
    'mail_outbox',
    'pack_issues',
    'plan_cycles',
    'update_windows',
    'meetings',
    'forums',
  ])
    await db.schema.dropTable(table).execute();
}
