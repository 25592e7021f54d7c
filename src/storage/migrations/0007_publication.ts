import type { Kysely } from 'kysely';

/**
 * What a board approved, and what the public may read. `publication_revisions` freezes the report (the
 * publication view, as document JSON) and the plan it approved, numbered 1, 2, ... per organisation and
 * reporting year, so a later edit can never change what the board saw. `public_reports` names the one
 * revision of a year that is published; deleting its row withdraws it. `public_pages` is the
 * organisation's switch for its public page (off until an administrator turns it on). Text ids, ISO text
 * dates and integer booleans, with no database-side defaults, as every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('publication_revisions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('report_json', 'text', (c) => c.notNull())
    .addColumn('plan_json', 'text', (c) => c.notNull())
    .addColumn('approver', 'varchar(300)', (c) => c.notNull())
    .addColumn('meeting', 'varchar(200)', (c) => c.notNull())
    .addColumn('approved_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('minute_ref', 'varchar(100)', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'varchar(36)')
    .addColumn('recorded_by_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('publication_revisions_unique', ['organisation_id', 'year', 'revision'])
    .execute();

  await db.schema
    .createTable('public_reports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('revision_id', 'varchar(36)', (c) => c.notNull().references('publication_revisions.id'))
    .addColumn('published_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('published_by_label', 'varchar(200)', (c) => c.notNull())
    .addUniqueConstraint('public_reports_unique', ['organisation_id', 'year'])
    .execute();

  await db.schema
    .createTable('public_pages')
    .addColumn('organisation_id', 'varchar(36)', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('public_pages').execute();
  await db.schema.dropTable('public_reports').execute();
  await db.schema.dropTable('publication_revisions').execute();
}
