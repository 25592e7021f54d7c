import type { Kysely } from 'kysely';

/**
 * Milestones inside an action: a dated step with a title, a state (not_started, in_progress, done or
 * missed) and the latest word on it, rolling up into the action's status. Each keeps its own version, so a
 * lead recording progress on one milestone and an editor changing the action never refuse each other. Text
 * ids, ISO text dates and no database-side defaults, as in every migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plan_action_milestones')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('action_id', 'varchar(36)', (c) => c.notNull().references('plan_actions.id'))
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by_label', 'varchar(200)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_action_milestones_action_idx')
    .on('plan_action_milestones')
    .columns(['action_id', 'due_on'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_action_milestones').execute();
}
