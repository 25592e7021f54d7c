import type { Kysely } from 'kysely';

/**
 * Culture Dashboard: representation targets by band (a Model Employer trajectory), one row per
 * organisation, characteristic, band and reporting year. The target is kept in hundredths of a percent
 * (an integer, the same on every database).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dashboard_targets')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('characteristic', 'varchar(20)', (c) => c.notNull())
    .addColumn('band', 'varchar(40)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('percent_hundredths', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by_label', 'varchar(200)', (c) => c.notNull())
    .addUniqueConstraint('dashboard_targets_unique', ['organisation_id', 'characteristic', 'band', 'year'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dashboard_targets').execute();
}
