import type { Kysely } from 'kysely';

/**
 * The analyst's narrative per indicator and reporting year ("what this means for us and what we are
 * doing"), shown under the indicator in the annual report; for WDES 9b also the trust's Yes/No answer,
 * which the engine reports as given. `version` is raised by every save: an edit names the version it
 * started from, so a stale one is refused rather than silently overwriting someone else's words.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('indicator_narratives')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('indicator', 'varchar(40)', (c) => c.notNull())
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('answer', 'varchar(3)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .addUniqueConstraint('indicator_narratives_unique', ['organisation_id', 'year', 'indicator'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('indicator_narratives').execute();
}
