import type { Kysely } from 'kysely';

/** Local metric definitions (JSON in the metric algebra) and engine setting overrides, per organisation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('local_metrics')
    .addColumn('organisation_id', 'varchar(36)', (c) => c.notNull().references('organisations.id'))
    .addColumn('metric_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .addPrimaryKeyConstraint('local_metrics_pk', ['organisation_id', 'metric_id'])
    .execute();
  await db.schema
    .createTable('organisation_settings')
    .addColumn('organisation_id', 'varchar(36)', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organisation_settings').execute();
  await db.schema.dropTable('local_metrics').execute();
}
